"""schema.org data for search engines: ``Event`` for calls to action and activities, with
their ``Organization`` organisers, as JSON-LD.

Every activist-safety option holds here too: hidden organisers and venues are left out.
"""

import json

from django.utils.safestring import mark_safe

from .models.activities import ActivityIndexPage, ActivityOrganiser
from .models.choices import ActivityStatus, AttendanceMode
from .models.listing import activities_under
from .validators import BIDI_CONTROLS

SCHEMA = "https://schema.org/"
# The image of an event: the rendition Open Graph shares (icssi_page_head).
SHARE_RENDITION = "fill-1200x630"

EVENT_STATUS = {
    ActivityStatus.SCHEDULED: "EventScheduled",
    ActivityStatus.CANCELLED: "EventCancelled",
    ActivityStatus.POSTPONED: "EventPostponed",
}
ATTENDANCE_MODE = {
    AttendanceMode.IN_PERSON: "OfflineEventAttendanceMode",
    AttendanceMode.PARALLEL: "OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "OnlineEventAttendanceMode",
    AttendanceMode.HYBRID: "MixedEventAttendanceMode",
}
# Characters that could end the <script> element or start HTML inside it, and invisible
# text-direction controls, written as JSON escapes (the parsed data is unchanged).
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_ESCAPES.update({ord(char): f"\\u{ord(char):04X}" for char in BIDI_CONTROLS})
_ESCAPES.update({0x2028: "\\u2028", 0x2029: "\\u2029"})


def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` element, safe to put in HTML."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _date(event, which):
    moment = event.local_start if which == "start" else event.local_end
    return moment.date().isoformat() if event.is_all_day else moment.isoformat()


def place(event):
    address = {"@type": "PostalAddress"}
    if event.city:
        address["addressLocality"] = event.city
    if event.country:
        address["addressCountry"] = event.country.code
    data = {"@type": "Place", "name": event.public_venue or event.city or event.country.name}
    if len(address) > 1:
        data["address"] = address
    return data


def organization(organisation, listing_url=None):
    """An ``Organization``; its ``url`` is its website, else ``listing_url`` (its activities
    on this site) when given."""
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    if organisation.website or listing_url:
        data["url"] = organisation.website or listing_url
    if organisation.country:
        data["address"] = {"@type": "PostalAddress", "addressCountry": organisation.country.code}
    if organisation.description:
        data["description"] = organisation.description
    return data


def _base_event(page, request, description):
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": page.title,
        "url": page.get_full_url(request),
        "startDate": _date(page, "start"),
        "endDate": _date(page, "end"),
    }
    if description:
        data["description"] = description
    image = page.get_share_image()  # the image Open Graph shows, safety options included
    if image is not None:
        data["image"] = image.get_rendition(SHARE_RENDITION).full_url
    return data


def organisers(organisations, index, request):
    """``Organization``s of ``organisations``; those without a website link to their
    activities in ``index`` (the listing filtered by organisation), when it is live."""
    listing = index.get_full_url(request) if index is not None and index.live else None
    return [
        organization(organisation, listing and f"{listing}?organisation={organisation.pk}")
        for organisation in organisations
    ]


def activity_event(page, request=None):
    data = _base_event(page, request, page.summary)
    data["eventStatus"] = SCHEMA + EVENT_STATUS.get(page.status, "EventScheduled")
    data["eventAttendanceMode"] = SCHEMA + ATTENDANCE_MODE[page.attendance_mode]
    locations = []
    if page.attendance_mode != AttendanceMode.ONLINE and (page.city or page.country):
        locations.append(place(page))
    if page.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.HYBRID):
        locations.append(
            {"@type": "VirtualLocation", "url": page.online_url or page.get_full_url(request)}
        )
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    parent = page.get_parent().specific
    index = parent if isinstance(parent, ActivityIndexPage) else None
    organizer = organisers(page.organisations, index, request)
    if organizer:
        data["organizer"] = organizer
    data["inLanguage"] = list(page.languages) or [page.locale.language_code]
    if page.registration_url:
        data["offers"] = {"@type": "Offer", "url": page.registration_url}
    return data


def call_organisations(page):
    """The organisers of the call's public activities, each once, in the order of the
    activities; organisers hidden for their safety are left out."""
    activities = activities_under(locale=page.locale).descendant_of(page)
    links = (
        ActivityOrganiser.objects.filter(page__in=activities.filter(hide_organisers=False))
        .select_related("organisation")
        .order_by("page__starts_at", "page_id", "sort_order")
    )
    found = {}
    for link in links:
        found.setdefault(link.organisation_id, link.organisation)
    return list(found.values())


def call_to_action_event(page, request=None):
    data = _base_event(page, request, page.standfirst)
    data["name"] = page.event_name or page.title
    data["eventStatus"] = SCHEMA + "EventScheduled"
    data["eventAttendanceMode"] = SCHEMA + "OfflineEventAttendanceMode"
    if page.city or page.country:
        data["location"] = place(page)
    data["inLanguage"] = page.locale.language_code
    index = ActivityIndexPage.objects.child_of(page).live().first()
    organizer = organisers(call_organisations(page), index, request)
    if organizer:
        data["organizer"] = organizer
    if page.registration_url:
        offer = {"@type": "Offer", "url": page.registration_url}
        if page.registration_opens:
            offer["validFrom"] = page.registration_opens.isoformat()
        if page.registration_closes:
            offer["validThrough"] = page.registration_closes.isoformat()
        data["offers"] = offer
    return data
