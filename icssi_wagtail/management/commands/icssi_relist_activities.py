"""Copy again where each activity is listed (``ActivityPage.listed_under``, ``listed_locale``).

``ActivityPage.save()`` keeps these copies, and every way Wagtail publishes, unpublishes, moves,
copies or translates a page saves it. A change that bypasses ``save()`` (a site's own
``QuerySet.update()`` of ``live``, raw SQL, a bulk import) leaves them stale; listings then
find the pages far into a list without them, slower, and log a warning until this command
has run. Running it again changes nothing.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from icssi_wagtail.cache import invalidate
from icssi_wagtail.models.listing import relist_activities


class Command(BaseCommand):
    help = "Copy again where each activity is listed, after changes that bypassed save()."

    def handle(self, *args, **options):
        with transaction.atomic():
            stale = relist_activities()
        if stale:
            invalidate("activities")
        self.stdout.write(f"{stale} activities had stale listing copies; they are now current.")
