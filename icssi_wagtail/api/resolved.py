"""What the blocks that show other content show, resolved into the API's answer.

An activity list, a theme list and a testimonial block store only what an editor chose
(themes, an index, a testimonial). A client would need one to three more requests per block
to show them; instead the answer carries what the block shows, in the language of the page
that holds it (the active language when this runs):

- ``activity_list``: ``index_url`` and ``activities``, the cards the block shows;
- ``theme_list``: ``index_url`` and ``listed_themes``, each theme with its name, number of
  activities and the listing's address filtered by it;
- ``testimonial``: the testimonial's translation with its ``photo``;
- ``statistic`` with a live figure: the ``figure`` counted now (``models.taking_part``).

``resolve_streams`` fetches this for every such block of several streams together: a fixed
number of queries whatever the number of blocks (one per kind of content shown). A block not
resolved beforehand resolves itself alone (``resolved_content``).
"""

import functools
import operator
from collections import defaultdict

from django.db.models import Case, F, IntegerField, Q, Value, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from wagtail import blocks as wagtail_blocks
from wagtail.blocks.list_block import ListValue
from wagtail.blocks.stream_block import StreamValue

from ..blocks import ActivityListBlock, StatisticBlock, TestimonialBlock, ThemeListBlock
from ..listing import stored_counts_of
from ..models import ActivityIndexPage, ActivityPage, TestimonialPage
from ..models.choices import ActivityStatus, AttendanceMode
from ..models.listing import (
    LISTING_RENDITION,
    attach_renditions,
    attach_themes,
    public_pages,
    tagged_with_themes,
    themes_for_display,
    with_listing_relations,
)
from ..models.taking_part import live_figure
from ..request_memo import active_locale, is_public, locale_by_id, public
from .addresses import absolute_url
from .fields import (
    requested_image_size,
    serialize_choice,
    serialize_event,
    serialize_organisation,
    serialize_rendition,
    serialize_theme,
)
from .prefetch import prefetch_renditions

# Where a resolved block keeps what it shows: ``{language: content}``.
RESOLVED = "_icssi_resolved"

TESTIMONIAL_PHOTO = "fill-400x400"


def struct_values(values):
    """Every StructValue inside the StreamValues ``values``, nested ones included."""
    for value in values:
        if isinstance(value, StreamValue | ListValue):
            children = value if isinstance(value, StreamValue) else value.bound_blocks
            yield from struct_values(child.value for child in children)
        elif isinstance(value, wagtail_blocks.StructValue):
            yield value
            yield from struct_values(value.values())


def resolve_streams(values, context=None):
    """Resolve every activity list, theme list and testimonial block of the StreamValues
    ``values`` in the active language, together."""
    language = get_language()
    by_kind = defaultdict(list)
    for value in struct_values(values):
        if language in getattr(value, RESOLVED, {}):
            continue
        for kind in (ActivityListBlock, ThemeListBlock, TestimonialBlock, StatisticBlock):
            if isinstance(value.block, kind):
                by_kind[kind].append(value)
    request = (context or {}).get("request")
    resolvers = {
        ActivityListBlock: resolve_activity_lists,
        ThemeListBlock: resolve_theme_lists,
        TestimonialBlock: resolve_testimonials,
        StatisticBlock: resolve_statistics,
    }
    for kind, found in by_kind.items():
        for value, content in zip(found, resolvers[kind](found, request), strict=True):
            if not hasattr(value, RESOLVED):
                setattr(value, RESOLVED, {})
            getattr(value, RESOLVED)[language] = content


def resolved_content(value, context=None):
    """What the block of ``value`` shows in the active language (``resolve_streams``)."""
    language = get_language()
    if language not in getattr(value, RESOLVED, {}):
        resolve_streams([value], context)
    return getattr(value, RESOLVED)[language]


def image_spec(request, default):
    return requested_image_size(request) or default


def localized_indexes(values):
    """The chosen index of each of ``values`` in the active language, ``None`` where there
    is none or not every visitor may see it; the translations in one query."""
    chosen = [value.get("index") for value in values]
    locale = active_locale()
    keys = {page.translation_key for page in chosen if page is not None}
    found = {}
    if keys:
        rows = ActivityIndexPage.objects.live().filter(locale=locale, translation_key__in=keys)
        found = {page.translation_key: page for page in rows}
    indexes = []
    for page in chosen:
        page = found.get(page.translation_key, page) if page is not None else None
        indexes.append(page if page is not None and is_public(page) else None)
    return indexes


def index_url(index, request):
    return index.get_full_url(request=request) if index is not None else None


def resolve_activity_lists(values, request):
    indexes = localized_indexes(values)
    activities = block_activities_together(values, indexes)
    spec = image_spec(request, LISTING_RENDITION)
    cards = [activity for found in activities for activity in found]
    if spec != LISTING_RENDITION:
        prefetch_renditions([page.image for page in cards if page.image_id], spec)
    return [
        {
            "index": index.pk if index is not None else None,
            "index_url": index_url(index, request),
            "activities": [serialize_card(page, spec, request) for page in found],
        }
        for index, found in zip(indexes, activities, strict=True)
    ]


def block_activities_together(values, indexes):
    """The activities each activity-list block shows (``listing.block_activities``), for
    every block at once: one query ranks the activities within each block's selection with a
    window function, so that the number of queries does not grow with the number of blocks."""
    if not values:
        return []
    now = timezone.now()
    selections = []
    for value, index in zip(values, indexes, strict=True):
        selection = Q(pk__isnull=False)  # every activity: When() refuses an empty Q()
        if value.get("index") is not None:
            if index is None:  # chosen, but not public: the block shows nothing
                selections.append(None)
                continue
            selection &= Q(path__startswith=index.path, depth__gt=index.depth)
        if value.get("themes"):
            selection &= Q(pk__in=tagged_with_themes(value.get("themes")))
        if value.get("upcoming_only"):
            selection &= Q(ends_at__gte=now)
        selections.append(selection)
    wanted = [(n, s) for n, s in enumerate(selections) if s is not None]
    if not wanted:
        return [[] for _value in values]
    order = [F("starts_at").asc(), F("pk").asc()]
    annotations = {}
    for n, selection in wanted:
        member = Case(When(selection, then=Value(1)), default=Value(0), output_field=IntegerField())
        annotations[f"icssi_in_{n}"] = member
        annotations[f"icssi_rank_{n}"] = Window(RowNumber(), partition_by=[member], order_by=order)
    shown = functools.reduce(
        operator.or_,
        (
            Q(**{f"icssi_in_{n}": 1, f"icssi_rank_{n}__lte": values[n].get("count") or 5})
            for n, _selection in wanted
        ),
    )
    queryset = public_pages(ActivityPage).filter(
        functools.reduce(operator.or_, (selection for _n, selection in wanted))
    )
    rows = list(
        with_listing_relations(queryset.annotate(**annotations).filter(shown)).order_by(*order)
    )
    attach_renditions(attach_themes(rows))
    found = [[] for _value in values]
    for row in rows:
        for n, _selection in wanted:
            count = values[n].get("count") or 5
            if getattr(row, f"icssi_in_{n}") and getattr(row, f"icssi_rank_{n}") <= count:
                found[n].append(row)
    return found


def serialize_card(page, spec, request):
    """An activity as a card shows it, in the fields of the ``activities`` endpoint's list."""
    image = page.visible_image
    return {
        "id": page.pk,
        "meta": card_meta(page, request),
        "title": page.title,
        "summary": page.summary,
        "event": serialize_event(page),
        "status": serialize_choice(ActivityStatus, page.status),
        "attendance_mode": serialize_choice(AttendanceMode, page.attendance_mode),
        "themes": [serialize_theme(theme) for theme in page.display_themes],
        "organisers": [serialize_organisation(row) for row in page.organisations],
        "image": serialize_rendition(image, spec, request) if image is not None else None,
    }


def card_meta(page, request):
    """A card's ``meta``, as the items of a page list give it (Wagtail's ``meta`` fields)."""
    router = getattr(request, "wagtailapi_router", None)
    path = router.get_object_detail_urlpath(type(page), page.pk) if router is not None else None
    published = page.first_published_at
    return {
        "type": page._meta.label,
        "detail_url": absolute_url(request, path) if path else None,
        "html_url": page.get_full_url(request=request),
        "slug": page.slug,
        "first_published_at": published.isoformat().replace("+00:00", "Z") if published else None,
        "locale": locale_by_id(page.locale_id).language_code,
    }


def resolve_theme_lists(values, request):
    indexes = localized_indexes(values)
    counts = theme_counts_under([index for index in indexes if index is not None])
    return [
        {
            "index": index.pk if index is not None else None,
            "index_url": index_url(index, request),
            "listed_themes": listed_themes(index, value.get("themes"), request, counts),
        }
        for value, index in zip(values, indexes, strict=True)
    ]


def listed_themes(index, slugs, request, counts=None):
    """The themes of ``slugs`` (every theme when empty) in their order, in the active
    language, each with the number of live, public activities of ``index`` and the index's
    address filtered by it: a theme list block's, and an activity index's detail answer's.
    ``counts`` is ``theme_counts_under``'s answer when it is known."""
    if counts is None:
        counts = theme_counts_under([index] if index is not None else [])
    url = index_url(index, request)
    slugs = set(slugs or [])
    return [
        {
            "slug": theme.slug,
            "name": theme.name,
            "activity_count": counts.get((index.pk, theme.slug), 0) if index is not None else 0,
            "url": f"{url}?theme={theme.slug}" if url else None,
        }
        for theme in themes_for_display()
        if not slugs or theme.slug in slugs
    ]


def theme_counts_under(indexes):
    """``{(index id, theme slug): number}`` of the live, public activities of each index, in
    the active language: the counts stored on publish (``listing.stored_counts_of``), one
    query for all."""
    return stored_counts_of(indexes, active_locale()) if indexes else {}


def resolve_testimonials(values, request):
    chosen = [value.get("page") for value in values]
    keys = {page.translation_key for page in chosen if page is not None}
    found = {}
    if keys:
        rows = public(
            TestimonialPage.objects.live().filter(locale=active_locale(), translation_key__in=keys)
        ).select_related("photo")
        found = {page.translation_key: page for page in rows}
    testimonials = []
    for page in chosen:
        if page is not None:
            page = found.get(page.translation_key) or (page if is_public(page) else None)
        testimonials.append(page)
    spec = image_spec(request, TESTIMONIAL_PHOTO)
    photos = [page.visible_photo for page in testimonials if page is not None]
    prefetch_renditions([photo for photo in photos if photo is not None], spec)
    resolved = []
    for page in testimonials:
        photo = page.visible_photo if page is not None else None
        resolved.append(
            {
                "testimonial": page,
                "photo": serialize_rendition(photo, spec, request) if photo is not None else None,
            }
        )
    return resolved


def resolve_statistics(values, request):
    """The ``figure`` each statistic block shows: its live figure, counted once for all the
    blocks that show it (one query per kind of figure), else the figure typed."""
    counts = {}
    resolved = []
    for value in values:
        kind = value.get("live_figure")
        if kind and kind not in counts:
            counts[kind] = live_figure(kind)
        count = counts.get(kind) if kind else None
        resolved.append(
            {"figure": (value.get("figure") or "") if count is None else number_format(count)}
        )
    return resolved
