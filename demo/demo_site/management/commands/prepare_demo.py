"""Demo only: point the default site at 127.0.0.1:8000, name its home page, create the admin
account and one account in each group the README describes: translator (Translators), editor
(Editors) and moderator (Moderators), all with the demo password."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from wagtail.models import Site

WELCOME = "Welcome to your new Wagtail site!"  # the home page's title after `migrate`


class Command(BaseCommand):
    help = "Point the default site at the demo server and create the demo admin account."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="icssi-demo")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--translator", default="translator")

    def handle(self, *args, username, password, port, translator, **options):
        site = Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) != ("127.0.0.1", port):
            site.hostname, site.port = "127.0.0.1", port
            site.save()  # links in the API and pages use this address
        home = site.root_page
        if home.title == WELCOME:
            home.title = home.draft_title = "ICSSI"
            home.save_revision().publish()  # its aliases in other languages follow
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.stdout.write(f"Created the admin account {username}.")
        self.name(username, "Admin")
        # Translators translate into Arabic (and the other languages) but never publish;
        # editors write and submit for moderation; moderators publish.
        call_command("icssi_translators_group", stdout=self.stdout)
        call_command("icssi_groups", stdout=self.stdout)
        accounts = [(translator, "Translators"), ("editor", "Editors"), ("moderator", "Moderators")]
        for name, group in accounts:
            self.create_member(name, password, group)

    def create_member(self, name, password, group):
        user_model = get_user_model()
        if not user_model.objects.filter(username=name).exists():
            user = user_model.objects.create_user(name, f"{name}@example.org", password)
            user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"Created the {name} account in the {group} group.")
        self.name(name, name.capitalize())

    def name(self, username, last_name):
        """Give an account a first and a last name ("Demo Translator"): Wagtail's Account
        screen requires both, so without them saving a preference such as the admin's
        language fails on a field of another tab (demos made before also get them)."""
        user = get_user_model().objects.get(username=username)
        if not (user.first_name and user.last_name):
            user.first_name, user.last_name = "Demo", last_name
            user.save(update_fields=["first_name", "last_name"])
