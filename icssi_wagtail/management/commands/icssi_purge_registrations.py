"""Delete the registrations past their retention: ``REGISTRATION_RETENTION_DAYS`` after the
moderators' decision, ``REGISTRATION_UNDECIDED_RETENTION_DAYS`` after sending when no
decision came. Run it daily (cron, a scheduled task)."""

from django.core.management.base import BaseCommand

from icssi_wagtail.models.registration import ActivityRegistration


class Command(BaseCommand):
    help = "Delete the registrations (and so the contacts) past their retention period."

    def handle(self, *args, **options):
        count, _detail = ActivityRegistration.objects.expired().delete()
        self.stdout.write(self.style.SUCCESS(f"Deleted {count} registration(s) past retention."))
