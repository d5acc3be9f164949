"""Forget the registrations of one submitter, on their request: every registration whose
contact e-mail or reference is the argument is deleted, contact and all. The activities stay,
a moderator's to publish or delete."""

from django.core.management.base import BaseCommand, CommandError

from icssi_wagtail.models.registration import ActivityRegistration


class Command(BaseCommand):
    help = (
        "Delete the registrations (and so the contact) whose e-mail address or reference is "
        "the argument, as a submitter may ask."
    )

    def add_arguments(self, parser):
        parser.add_argument("term", help="the contact's e-mail address, or a reference")

    def handle(self, *args, term, **options):
        registrations = ActivityRegistration.objects.matching(term)
        references = list(registrations.values_list("reference", flat=True))
        if not references:
            raise CommandError("No registration has this e-mail address or reference.")
        registrations.delete()
        self.stdout.write(
            self.style.SUCCESS(
                f"Forgot {len(references)} registration(s): {', '.join(references)}."
            )
        )
