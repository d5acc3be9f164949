"""Template tags and filters of icssi_wagtail: ``{% load icssi_wagtail_tags %}``."""

import datetime
import functools
from urllib.parse import quote, urlencode

from django import template
from django.conf import settings
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import formats, translation
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext, to_locale
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found
from wagtail.models import Locale, Page

from .. import prepared
from ..cache import cached, page_scopes
from ..calendars import location
from ..conf import get_setting
from ..models import ActivityIndexPage, ActivityPage, CallToActionPage
from ..models.base import IcssiPageMixin
from ..navigation import breadcrumb, language_links, site_navigation
from ..request_memo import default_locale, public, remembered, restricted_paths
from ..structured_data import activity_event, call_to_action_event, json_ld
from ..validators import BIDI_CONTROLS

register = template.Library()


@register.simple_tag
def icssi_setting(name):
    """Return an icssi_wagtail setting: ``{% icssi_setting "INCLUDE_STYLESHEET" as css %}``."""
    return get_setting(name)


@register.filter
def icssi_time_zone(value):
    """Name an aware datetime's time zone as people read it: its abbreviation with the UTC
    offset, "CET (UTC+01:00)", or the offset alone, "UTC+03:00", where the zone's abbreviation
    is only a number (as for Asia/Baghdad). Never the zone's IANA name.

    Returns "UTC" for UTC itself and "" for anything that is not an aware datetime.
    """
    if not isinstance(value, datetime.datetime) or value.utcoffset() is None:
        return ""
    abbreviation = value.tzname() or ""
    offset = value.strftime("%z")  # "+0100", or "+053000" for offsets with seconds
    offset = "" if offset[1:] in ("0000", "000000") else f"{offset[:3]}:{offset[3:5]}"
    if not abbreviation.isalpha() or abbreviation in ("UTC", "Z"):
        return f"UTC{offset}"
    return gettext("%(zone)s (UTC%(offset)s)") % {"zone": abbreviation, "offset": offset}


@register.filter(expects_localtime=True, is_safe=False)
def icssi_datetime(value):
    """A date and time in the active language's format: "24 March 2015, 16:00" (with the
    Arabic comma, "،", in Arabic). Translators set the format ("date and time format")."""
    if not isinstance(value, datetime.datetime):
        return ""
    return formats.date_format(value, pgettext("date and time format", "j F Y, H:i"))


@register.simple_tag
def icssi_event_dates(event):
    """When ``event`` (a page with ``EventDetailsMixin``) takes place, in its own time zone,
    as ``includes/event_dates.html`` describes it: ``{% icssi_event_dates page %}``.

    One call where a template would need ``{% timezone %}`` and a dozen filters: every card
    of a listing shows it. Each date is shown as the ``date`` filter would show it inside
    ``{% timezone event.zone %}``.
    """
    zone, local_start = event.zone, event.local_start
    start, end = _shown(local_start, zone), _shown(event.local_end, zone)
    other_end_date = bool(event.end_date) and event.end_date != event.start_date
    if event.is_all_day:
        parts = [_date(start)]
        if other_end_date:
            parts += [_range_separator(), _date(end)]
        return format_html('<span class="icssi-event-dates">{}</span>', _joined(parts))
    parts = [_time(start.isoformat(), icssi_datetime(start))]
    if event.end_time:
        text = icssi_datetime(end) if other_end_date else f"{end:%H:%M}"
        parts += [_range_separator(), _time(end.isoformat(), text)]
    elif other_end_date:
        parts += [_range_separator(), _date(end)]
    parts.append(
        format_html(
            ' <span class="icssi-time-zone"><bdi>{}</bdi></span>',
            icssi_time_zone(local_start),
        )
    )
    return format_html(
        '<span class="icssi-event-dates" data-icssi-your-time="{}">{}</span>',
        gettext("your time"),
        _joined(parts),
    )


def _shown(value, zone):
    # What template_localtime() gives a filter inside {% timezone zone %}.
    return value.astimezone(zone) if settings.USE_TZ else value


def _time(machine_readable, text):
    return format_html('<time datetime="{}">{}</time>', machine_readable, text)


def _date(value):
    # The date filter's "Y-m-d" and "c" are ISO 8601: Python writes them as fast.
    return _time(value.date().isoformat(), formats.date_format(value, "j F Y"))


def _joined(parts):
    return mark_safe("".join(parts))  # noqa: S308 (each part is escaped by format_html)


def _range_separator():
    """``includes/range_separator.html`` (a host may override it), rendered once per request
    and language."""
    return remembered(
        ("range-separator", translation.get_language()),
        lambda: render_to_string("icssi_wagtail/includes/range_separator.html"),
    )


@register.simple_tag
def icssi_image(image, spec, **attrs):
    """The ``<img>`` of ``image``'s rendition for ``spec``, as Wagtail's ``{% image %}`` writes
    it: ``{% icssi_image activity.visible_image "fill-640x360" alt="" %}``; nothing without an
    image.

    For lists of cards: ``{% image %}`` parses its spec at every call and writes the rendition
    back to Wagtail's rendition cache even when it was prefetched (``prefetch_renditions()``,
    ``models.listing.attach_renditions``); this parses each spec once per process and leaves
    prefetched renditions where they are (``Image.get_renditions()``).
    """
    if not image:
        return ""
    renditions = get_renditions_or_not_found(image, [_image_filter(spec)])
    return renditions[spec].img_tag(attrs)


@functools.lru_cache(maxsize=64)
def _image_filter(spec):
    return Filter(spec=spec)


@register.simple_tag(takes_context=True)
def icssi_site_navigation(context):
    """The site's name, its home in the active language and its menu, for a site header:
    ``{% icssi_site_navigation as site %}`` gives ``site.site_name``, ``site.home_url`` and
    ``site.menu`` (``title``, ``url``)."""
    return site_navigation(context.get("request"))


@register.inclusion_tag("icssi_wagtail/includes/breadcrumb.html", takes_context=True)
def icssi_breadcrumb(context, page=None):
    """Links to the page's live ancestors from the site's home, then the page's own title."""
    page = page or context.get("page")
    if page is None or not page.pk:
        return {"links": [], "page": page}
    return {"links": breadcrumb(page, context.get("request")), "page": page}


@register.filter
def icssi_language_name(code):
    """The name of a language code in the active language ("ar" → "Arabic"), else the code."""
    if not code:
        return ""
    try:
        return translation.get_language_info(code)["name_translated"]
    except KeyError:
        return code


@register.simple_tag
def icssi_join(*parts):
    """Join the non-empty parts with a translated list separator, each isolated in ``<bdi>``.

    ``{% icssi_join page.venue page.city page.country.name %}`` → "<bdi>Campus</bdi>, …".
    """
    separator = pgettext("list separator", ", ")
    return format_html_join(separator, "<bdi>{}</bdi>", ((part,) for part in parts if part))


@register.simple_tag
def icssi_page_query(query_string, number):
    """The query string of page ``number`` of a listing, keeping its filters: ``?theme=a&page=2``.

    ``query_string`` is the urlencoded filters without a leading "?", possibly empty.
    """
    prefix = f"{query_string}&" if query_string else ""
    return f"?{prefix}page={number}"


@register.simple_tag
def icssi_page_range(page_obj, on_each_side=2, on_ends=1):
    """The page numbers to link to around ``page_obj``, with ``None`` where some are elided."""
    numbers = page_obj.paginator.get_elided_page_range(
        page_obj.number, on_each_side=on_each_side, on_ends=on_ends
    )
    return [number if isinstance(number, int) else None for number in numbers]


_BIDI_CONTROLS = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi(text):
    """``text`` without invisible text-direction controls (for attributes and metadata)."""
    return text.translate(_BIDI_CONTROLS)


def live_translations(page, request):
    """The page's live, public translations, itself included, as dicts with ``language``,
    ``name`` (in that language), ``url`` and ``current``. One query, cached on the page."""
    if not hasattr(page, "_icssi_live_translations"):
        page._icssi_live_translations = cached(
            "live-translations",
            (page.translation_key, page.pk, request.get_host() if request else None),
            page_scopes(page),
            lambda: _live_translations(page, request),
        )
    return page._icssi_live_translations


def _live_translations(page, request):
    paths = tuple(restricted_paths())

    def build(page_pk):
        key = Page.objects.filter(pk=page_pk).values("translation_key")
        translations = Page.objects.filter(translation_key__in=key).live()
        return public(translations.annotate(language_code=F("locale__language_code"))).order_by(
            "language_code"
        )

    translations = prepared.fetch(Page, ("live-translations", paths), build, page_pk=page.pk)
    for other in translations:  # the locale from the row, as select_related would give it
        other.locale = Locale.from_db(
            other._state.db, ["id", "language_code"], [other.locale_id, other.language_code]
        )
    return [
        {
            "language": other.language_code,
            "name": _language_name_local(other.language_code),
            "url": other.get_full_url(request),
            "current": other.pk == page.pk,
        }
        for other in translations
    ]


def _language_name_local(code):
    try:
        return translation.get_language_info(code)["name_local"]
    except KeyError:
        return code


def open_graph_locale(language_code):
    """Open Graph's ``language_TERRITORY`` form of a language code ("ar" → "ar_IQ"), from the
    ``OPEN_GRAPH_LOCALES`` setting; Django's ``to_locale()`` for a language not in it."""
    return get_setting("OPEN_GRAPH_LOCALES").get(language_code) or to_locale(language_code)


@register.inclusion_tag("icssi_wagtail/includes/page_head.html", takes_context=True)
def icssi_page_head(context, page=None):
    """``<head>`` elements of a page: its canonical address, ``hreflang`` alternates for its
    live, public translations and Open Graph's ``og:locale``."""
    page = page or context.get("page")
    if page is None:
        return {}
    request = context.get("request")
    alternates = live_translations(page, request)
    default_language = default_locale().language_code
    description = (
        page.get_share_description()
        if hasattr(page, "get_share_description")
        else page.search_description
    )
    image = page.get_share_image() if hasattr(page, "get_share_image") else None
    rendition = image.get_rendition("fill-1200x630") if image else None
    return {
        # Attributes cannot isolate text-direction controls: they are left out there.
        "title": strip_bidi(page.seo_title or page.title),
        "description": strip_bidi(description or ""),
        "image": rendition,
        "image_url": rendition.full_url if rendition else "",
        "canonical_url": page.get_full_url(request),
        # Languages at one shared address (no i18n_patterns) cannot be told apart by hreflang.
        "alternates": alternates if len({alt["url"] for alt in alternates}) > 1 else [],
        "x_default": next(
            (alt["url"] for alt in alternates if alt["language"] == default_language), None
        ),
        "og_locale": open_graph_locale(page.locale.language_code),
        "og_locale_alternates": [
            open_graph_locale(alt["language"]) for alt in alternates if not alt["current"]
        ],
    }


@register.simple_tag(takes_context=True)
def icssi_head(context, page=None):
    """Everything an ICSSI page needs in ``<head>``: the bundled stylesheet (unless
    ``INCLUDE_STYLESHEET`` is false), and for the app's pages their canonical link, Open Graph
    tags, ``hreflang`` alternates, feeds, time script and JSON-LD.

    Every page template of the app calls it in its ``extra_head`` block; a host may also call
    it in its base template's ``<head>``. It writes its tags once per page, at its first call.
    """
    root = context.dicts[0]  # the whole render's, includes and blocks alike
    if root.get("_icssi_head_written"):
        return ""
    root["_icssi_head_written"] = True
    return render_to_string("icssi_wagtail/includes/head.html", _head_context(context, page))


def _head_context(context, page):
    page = page or context.get("page")
    values = {"include_stylesheet": get_setting("INCLUDE_STYLESHEET")}
    if not isinstance(page, IcssiPageMixin):
        return values
    head = icssi_page_head(context, page)
    values["page_head"] = render_to_string("icssi_wagtail/includes/page_head.html", head)
    values["structured_data"] = icssi_structured_data(context, page)
    values["local_time"] = isinstance(page, ActivityIndexPage | ActivityPage | CallToActionPage)
    if isinstance(page, ActivityIndexPage):
        query, url = context.get("feed_query_string", ""), page.url
        values["feeds"] = [
            {"type": "application/rss+xml", "title": page.title, "url": f"{url}feed/?{query}"},
            {
                "type": "application/atom+xml",
                "title": page.title,
                "url": f"{url}feed/atom/?{query}",
            },
        ]
    return values


@register.inclusion_tag("icssi_wagtail/includes/language_switcher.html", takes_context=True)
def icssi_language_switcher(context, page=None):
    """Links to the page in each language it is published in; nothing when there is one."""
    page = page or context.get("page")
    if page is None:
        return {"translations": []}
    translations = language_links(live_translations(page, context.get("request")))
    return {"translations": translations if len(translations) > 1 else []}


@register.simple_tag(takes_context=True)
def icssi_structured_data(context, page=None):
    """schema.org ``Event`` JSON-LD for a call to action or an activity; empty otherwise."""
    page = page or context.get("page")
    request = context.get("request")
    if isinstance(page, ActivityPage):
        return json_ld(activity_event(page, request))
    if isinstance(page, CallToActionPage):
        return json_ld(call_to_action_event(page, request))
    return ""


@register.inclusion_tag("icssi_wagtail/includes/share_links.html", takes_context=True)
def icssi_share_links(context, page=None):
    """Links that share a page on social networks and by e-mail; they load no script."""
    page = page or context.get("page")
    if page is None:
        return {"links": []}
    url = page.get_full_url(context.get("request"))
    title = page.seo_title or page.title
    text = f"{title} {url}"
    links = [
        (
            gettext("E-mail"),
            "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote),
        ),
        ("Facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ("X", "https://x.com/intent/post?" + urlencode({"text": title, "url": url})),
        ("WhatsApp", "https://wa.me/?" + urlencode({"text": text})),
        ("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
    ]
    return {"links": [{"name": name, "url": href} for name, href in links]}


@register.inclusion_tag("icssi_wagtail/includes/calendar_links.html", takes_context=True)
def icssi_calendar_links(context, page=None):
    """ "Add to calendar" links of an event page: its ``.ics`` file and Google Calendar."""
    page = page or context.get("page")
    if page is None or not hasattr(page, "reverse_subpage"):
        return {}
    if page.is_all_day:
        last_day = page.local_end.date() + datetime.timedelta(days=1)
        dates = f"{page.local_start:%Y%m%d}/{last_day:%Y%m%d}"
    else:
        utc = datetime.UTC
        dates = f"{page.local_start.astimezone(utc):%Y%m%dT%H%M%SZ}/"
        dates += f"{page.local_end.astimezone(utc):%Y%m%dT%H%M%SZ}"
    request = context.get("request")
    google = {
        "action": "TEMPLATE",
        "text": page.title,
        "dates": dates,
        "ctz": page.time_zone,
        "details": page.get_full_url(request),
        "location": location(page),
    }
    return {
        "ics_url": page.url + page.reverse_subpage("calendar"),
        "google_url": "https://calendar.google.com/calendar/render?" + urlencode(google),
    }
