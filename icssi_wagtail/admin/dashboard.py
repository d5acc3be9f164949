"""The ICSSI panel of the admin's dashboard: what needs an editor's eye this week."""

import datetime

from django.apps import apps
from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import Locale, Page

from ..models.activities import ActivityPage
from ..models.call_to_action import CallToActionPage
from ..models.testimonials import TestimonialPage
from ..translation_review import pages_ready_for_review


def this_week(today=None):
    """Monday to Sunday of the current week, as dates."""
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    return monday, monday + datetime.timedelta(days=6)


def activities_starting(monday, sunday):
    """Activities that start in the week, live or not, in the default language."""
    return ActivityPage.objects.filter(
        start_date__range=(monday, sunday), locale=Locale.get_default()
    ).order_by("start_date", "start_time", "pk")


def registrations_closing(monday, sunday):
    """Calls to action whose registration closes in the week."""
    return CallToActionPage.objects.filter(registration_closes__range=(monday, sunday)).order_by(
        "registration_closes", "pk"
    )


def translations_waiting(user=None):
    """Hook: translated pages waiting for ``user`` to review them, the longest waiting first.

    With wagtail-localize, the translations a translator marked "Ready for review" that
    ``user`` may publish (``translation_review.pages_ready_for_review``). Without it, pages in
    a language other than the default one that are not live or have unpublished changes.
    """
    if user is not None and apps.is_installed("wagtail_localize"):
        return pages_ready_for_review(user)
    pages = Page.objects.exclude(locale=Locale.get_default()).filter(
        Q(live=False) | Q(has_unpublished_changes=True)
    )
    return pages.select_related("locale").order_by("latest_revision_created_at", "pk")


def testimonials_to_check():
    """Testimonials with a photo, in the default language: first those without a recorded
    consent (their photo is not shown until someone records it), then the oldest consents
    (a person may withdraw theirs: worth asking again now and then)."""
    pages = TestimonialPage.objects.filter(photo__isnull=False, locale=Locale.get_default())
    return pages.order_by("photo_consent", F("photo_consent_date").asc(nulls_first=True), "pk")


class EditorsPanel(Component):
    """Activities starting and registrations closing this week, translations waiting for
    review and testimonials whose photo consent to check."""

    name = "icssi_editors"
    order = 110
    template_name = "icssi_wagtail/admin/dashboard_panel.html"
    limit = 10

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        monday, sunday = this_week()
        limit = self.limit
        return {
            "monday": monday,
            "sunday": sunday,
            "activities": list(activities_starting(monday, sunday)[:limit]),
            "calls": list(registrations_closing(monday, sunday)[:limit]),
            "translations": list(translations_waiting(self.request.user)[:limit]),
            "testimonials": list(testimonials_to_check()[:limit]),
            "i18n": getattr(settings, "WAGTAIL_I18N_ENABLED", False),
        }
