"""Create (or update) the ready-made "Editors" and "Moderators" groups.

Editors add and change the site's pages (in every language) and the ICSSI snippets, and submit
their changes for moderation; they cannot publish, unpublish, lock or delete. Moderators may
also publish, unpublish, lock and unlock pages, and delete snippets. Images and documents:
both groups may add, change and choose them in the root collection, as Wagtail's own default
groups may.

With wagtail-localize installed, both groups may also submit pages for translation, as
wagtail-localize's own migration lets Wagtail's groups of these names do: a group created here
under another name, or after that migration ran, would otherwise lack it.

Wagtail's first migration creates groups of the same names with permissions on the root of the
page tree (every site, every page): the command makes the page permissions of the groups it
sets up exactly the ones above, and takes those away.
"""

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission

from icssi_wagtail.management.groups import grant_pages, permissions, site_roots

SNIPPETS = ["organisation", "theme"]
COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]
# For each group: page permissions on every site root (every language), and the actions it may
# take on the ICSSI snippets. "publish_page" also allows unpublishing.
GROUPS = {
    "editors": {
        "pages": ["add_page", "change_page"],
        "snippets": ["add", "change", "view"],
    },
    "moderators": {
        "pages": ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
        "snippets": ["add", "change", "delete", "view"],
    },
}


class Command(BaseCommand):
    help = (
        "Create or update the Editors group (add and change pages and ICSSI snippets, without "
        "publishing) and the Moderators group (also publish, unpublish and lock pages, and "
        "delete snippets)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--editors", default="Editors", help="The editors group's name.")
        parser.add_argument(
            "--moderators", default="Moderators", help="The moderators group's name."
        )

    @transaction.atomic
    def handle(self, *args, editors, moderators, **options):
        roots = site_roots()
        for key, name in (("editors", editors), ("moderators", moderators)):
            created = self.set_up(name, GROUPS[key], roots)
            verb = "Created" if created else "Updated"
            where = ", ".join(
                f"{root.get_admin_display_title()} ({root.locale.language_code})" for root in roots
            )
            self.stdout.write(self.style.SUCCESS(f"{verb} the group “{name}” on {where}."))

    def set_up(self, name, spec, roots):
        group, created = Group.objects.get_or_create(name=name)
        snippet_permissions = [
            ("icssi_wagtail", f"{action}_{model}")
            for model in SNIPPETS
            for action in spec["snippets"]
        ]
        global_permissions = [("wagtailadmin", "access_admin"), *snippet_permissions]
        if apps.is_installed("wagtail_localize"):
            global_permissions.append(("wagtail_localize", "submit_translation"))
        group.permissions.add(*permissions(global_permissions))
        grant_pages(group, roots, spec["pages"], exactly=True)
        root_collection = Collection.get_first_root_node()
        for permission in permissions(COLLECTION_PERMISSIONS):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=permission
            )
        return created
