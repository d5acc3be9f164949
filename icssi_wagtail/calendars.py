"""iCalendar (RFC 5545) files for activities and calls to action, built with ``icalendar``.

Times are written in the event's own time zone (``TZID`` with its ``VTIMEZONE``); all-day
events are dates. Cancelled activities say so (``STATUS:CANCELLED``), postponed ones are
``TENTATIVE``. Hidden organisers and venues are left out.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .conf import get_setting
from .models.call_to_action import CallToActionPage
from .models.choices import ActivityStatus
from .request_memo import locale_by_id

STATUS = {
    ActivityStatus.SCHEDULED: "CONFIRMED",
    ActivityStatus.CANCELLED: "CANCELLED",
    ActivityStatus.POSTPONED: "TENTATIVE",
}


def location(page):
    parts = [page.public_venue, page.city, page.country.name if page.country else ""]
    return ", ".join(str(part) for part in parts if part)


def uid(page):
    """The event's UID: the same in every download, and after the site moves to another
    address (``icssi-activity-<translation key>-<language>@<CALENDAR_UID_DOMAIN>``)."""
    kind = "call" if isinstance(page, CallToActionPage) else "activity"
    language = locale_by_id(page.locale_id).language_code  # no query per event
    return f"icssi-{kind}-{page.translation_key}-{language}@{get_setting('CALENDAR_UID_DOMAIN')}"


def event(page, request=None):
    """A ``VEVENT`` for an activity or a call to action."""
    component = Event()
    component.add("uid", uid(page))
    component.add("dtstamp", page.last_published_at or timezone.now())
    if page.is_all_day:
        component.add("dtstart", page.local_start.date())
        # DTEND of an all-day event is the day after its last day.
        component.add("dtend", page.local_end.date() + datetime.timedelta(days=1))
    else:
        component.add("dtstart", page.local_start)
        component.add("dtend", page.local_end)
    component.add("summary", page.title)
    lines = [getattr(page, "summary", "") or getattr(page, "standfirst", "")]
    organisations = getattr(page, "organisations", [])
    if organisations:
        names = ", ".join(str(organisation) for organisation in organisations)
        lines.append(_("Organised by") + ": " + names)
    description = "\n\n".join(line for line in lines if line)
    if description:
        component.add("description", description)
    where = location(page)
    if where:
        component.add("location", where)
    component.add("url", page.get_full_url(request))
    component.add("status", STATUS.get(getattr(page, "status", None), "CONFIRMED"))
    if page.last_published_at:
        component.add("last-modified", page.last_published_at)
    return component


def calendar(pages, name, request=None):
    """A ``VCALENDAR`` of ``pages`` with the time zones they use."""
    cal = Calendar()
    cal.add("prodid", "-//ICSSI//icssi-wagtail//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for page in pages:
        cal.add_component(event(page, request))
    cal.add_missing_timezones()
    return cal


def calendar_response(pages, name, filename, request=None):
    response = HttpResponse(
        calendar(pages, name, request).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{slugify(filename) or "calendar"}.ics"'
    )
    return response
