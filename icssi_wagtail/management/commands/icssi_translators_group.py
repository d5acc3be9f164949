"""Create (or update) the ready-made "Translators" group.

Its members translate pages in wagtail-localize and save their work as drafts; editors publish.
They may edit the pages of the languages they translate into, never the source language's, and
cannot publish anything.
"""

from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Locale

from icssi_wagtail.management.groups import grant_pages, permissions, site_roots

# Page permissions of the group on each target language's tree: edit only (wagtail-localize
# creates the translated pages itself). No "add", "publish", "bulk_delete", "lock" or "unlock".
PAGE_PERMISSIONS = ["change_page"]
GLOBAL_PERMISSIONS = [("wagtailadmin", "access_admin"), ("wagtail_localize", "submit_translation")]


class Command(BaseCommand):
    help = (
        "Create or update the Translators group: translate pages into the given languages in "
        "wagtail-localize and save drafts, without publishing or editing source-language pages."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", default="Translators", help="The group's name.")
        parser.add_argument(
            "--language",
            action="append",
            dest="languages",
            metavar="CODE",
            help="A language the group translates into (repeat it); default: every locale "
            "except the default one.",
        )

    @transaction.atomic
    def handle(self, *args, name, languages, **options):
        default = Locale.get_default()
        if languages:
            locales = list(Locale.objects.filter(language_code__in=languages))
            missing = sorted(set(languages) - {locale.language_code for locale in locales})
            if missing:
                raise CommandError(
                    f"No locale for {', '.join(missing)}: add it in Settings > Locales first."
                )
            if default in locales:
                raise CommandError(
                    f"{default.language_code} is the source language: translators may not "
                    "edit its pages."
                )
        else:
            locales = list(Locale.objects.exclude(pk=default.pk))
        if not locales:
            raise CommandError("There is no locale to translate into: add one first.")

        group, created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(GLOBAL_PERMISSIONS))
        roots = site_roots(locales)
        grant_pages(group, roots, PAGE_PERMISSIONS)
        granted = [f"{root.get_admin_display_title()} ({root.locale})" for root in roots]
        verb = "Created" if created else "Updated"
        into = ", ".join(granted)
        self.stdout.write(self.style.SUCCESS(f"{verb} the group “{name}”: translates {into}."))
