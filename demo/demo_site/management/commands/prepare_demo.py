"""Demo only: point the default site at 127.0.0.1:8000 and create the admin account."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from wagtail.models import Site


class Command(BaseCommand):
    help = "Point the default site at the demo server and create the demo admin account."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")
        parser.add_argument("--password", default="icssi-demo")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, username, password, port, **options):
        site = Site.objects.get(is_default_site=True)
        if (site.hostname, site.port) != ("127.0.0.1", port):
            site.hostname, site.port = "127.0.0.1", port
            site.save()  # links in the API and pages use this address
        user_model = get_user_model()
        if not user_model.objects.filter(username=username).exists():
            user_model.objects.create_superuser(username, "admin@example.org", password)
            self.stdout.write(f"Created the admin account {username}.")
