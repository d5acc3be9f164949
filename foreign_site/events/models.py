from django.db import models
from icssi_wagtail.models import ActivityPage


class LocalActivityPage(ActivityPage):
    """An ICSSI activity with this site's own meeting point: a subclass of ActivityPage, with a
    table and a migration of its own."""

    meeting_point = models.CharField(max_length=255, blank=True)

    content_panels = [*ActivityPage.content_panels, "meeting_point"]
    parent_page_types = ["icssi_wagtail.ActivityIndexPage"]
    template = "events/local_activity_page.html"
