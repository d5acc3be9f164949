"""schema.org data for search engines: ``Event`` for calls to action and activities, with
their ``Organization`` organisers, as JSON-LD.

Every activist-safety option holds here too: hidden organisers and venues are left out.
"""

import json

from django.utils.safestring import mark_safe

from .models.choices import ActivityStatus, AttendanceMode

SCHEMA = "https://schema.org/"

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
_ESCAPES.update(
    {code: f"\\u{code:04X}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
)
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


def organization(organisation):
    data = {"@type": "Organization", "name": organisation.name}
    if organisation.acronym:
        data["alternateName"] = organisation.acronym
    if organisation.website:
        data["url"] = organisation.website
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
    return data


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
    organisers = [organization(organisation) for organisation in page.organisations]
    if organisers:
        data["organizer"] = organisers
    data["inLanguage"] = list(page.languages) or [page.locale.language_code]
    if page.registration_url:
        data["offers"] = {"@type": "Offer", "url": page.registration_url}
    return data


def call_to_action_event(page, request=None):
    data = _base_event(page, request, page.standfirst)
    data["name"] = page.event_name or page.title
    data["eventStatus"] = SCHEMA + "EventScheduled"
    data["eventAttendanceMode"] = SCHEMA + "OfflineEventAttendanceMode"
    if page.city or page.country:
        data["location"] = place(page)
    data["inLanguage"] = page.locale.language_code
    if page.registration_url:
        offer = {"@type": "Offer", "url": page.registration_url}
        if page.registration_opens:
            offer["validFrom"] = page.registration_opens.isoformat()
        if page.registration_closes:
            offer["validThrough"] = page.registration_closes.isoformat()
        data["offers"] = offer
    return data
