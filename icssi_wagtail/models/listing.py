"""Query logic shared by the activity index page, the blocks and (later) the API.

Every function here returns querysets whose cost does not depend on how many activities
there are: one query for the rows plus a fixed number of prefetches.
"""

import logging
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import ngettext_lazy
from wagtail.images import get_image_model
from wagtail.images.models import Filter
from wagtail.models import Page

from ..cache import cached
from ..conf import get_setting
from ..request_cache import active_locale, is_public, private_q, public, restricted_paths
from .themes import Theme, localize_themes

LISTING_RENDITION = "fill-640x360"

logger = logging.getLogger(__name__)


def visible_translation(page):
    """Return ``page`` in the active language if it is live and public, else ``None``.

    Falls back to ``page`` itself when it has no live translation in the active language.
    """
    page = page.specific.localized
    return page if is_public(page) else None


def public_pages(model, locale=None):
    """Live pages of ``model`` with no view restriction, in ``locale`` (default: active)."""
    locale = locale or active_locale()
    return public(model.objects.live().filter(locale=locale))


def with_listing_relations(queryset):
    """Fetch what an activity card shows: its image (joined), themes and organisers (one
    query each for every card). The image's rendition: ``attach_renditions``."""
    from .activities import ActivityOrganiser, ActivityPageTheme

    return (
        queryset.defer_streamfields()
        .select_related("image")
        .prefetch_related(
            Prefetch("tagged_items", queryset=ActivityPageTheme.objects.select_related("tag")),
            Prefetch(
                "organisers",
                queryset=ActivityOrganiser.objects.select_related("organisation").order_by(
                    "sort_order"
                ),
            ),
        )
    )


def attach_renditions(pages, spec=LISTING_RENDITION):
    """Give the images of ``pages`` (fetched with ``with_listing_relations``) their renditions
    for ``spec``, as ``Image.prefetch_renditions()`` does, so that ``get_rendition()`` and
    ``{% image %}`` make no query of their own.

    They are read first from Wagtail's own rendition cache (every ``get_rendition()`` keeps
    its result there): one round trip for all, and one query only for the images whose
    rendition is not kept. A publish, which forgets the cards, leaves the renditions kept.
    """
    images = [page.image for page in pages if page.image_id is not None]
    if not images:
        return pages
    Rendition = get_image_model().get_rendition_model()
    image_filter = Filter(spec=spec)
    keys = {
        Rendition.construct_cache_key(image, image_filter.get_cache_key(image), spec): image.pk
        for image in images
    }
    found = defaultdict(list)
    for key, rendition in Rendition.cache_backend.get_many(list(keys)).items():
        found[keys[key]].append(rendition)
    missing = {image.pk for image in images} - found.keys()
    if missing:
        for rendition in Rendition.objects.filter(image_id__in=missing, filter_spec=spec):
            found[rendition.image_id].append(rendition)
    for image in images:
        image.prefetched_renditions = found.get(image.pk, [])
        for rendition in image.prefetched_renditions:
            rendition.image = image  # its alt text and attributes come from the image
    return pages


def clean_theme_slugs(slugs):
    """The theme slugs a visitor filters by, without blanks and repeats, in the order given.

    The listing's filter form and the API's filters both read ``theme`` with this function.

    Raises:
        ValidationError: for more slugs than the ``MAX_THEME_FILTERS`` setting.
    """
    slugs = list(dict.fromkeys(slug.strip() for slug in slugs if slug.strip()))
    limit = get_setting("MAX_THEME_FILTERS")
    if len(slugs) > limit:
        raise ValidationError(
            ngettext_lazy(
                "Choose at most %(limit)d theme.", "Choose at most %(limit)d themes.", "limit"
            ),
            code="too_many_themes",
            params={"limit": limit},
        )
    return slugs


def tagged_with_themes(slugs, match_all=False):
    """The keys of the activities tagged with any of ``slugs`` (or all, with ``match_all``),
    as one subquery however many slugs there are: every activity's themes among ``slugs``
    are counted in one ``GROUP BY``, not looked up in a subquery per slug."""
    from .activities import ActivityPageTheme

    slugs = set(slugs)
    tagged = ActivityPageTheme.objects.filter(tag__slug__in=slugs).order_by()
    if match_all and len(slugs) > 1:
        tagged = (
            tagged.values("content_object_id")
            .annotate(matched=Count("tag__slug", distinct=True))
            .filter(matched=len(slugs))
        )
    return tagged.values("content_object_id")


def filter_activities(
    queryset,
    *,
    themes=(),
    match_all=False,
    organisation=None,
    mode=None,
    country=None,
    when=None,
    now=None,
):
    """Filter a queryset of activity pages; every argument is optional.

    Args:
        themes: theme slugs; an activity matches any of them, or all if ``match_all``.
        organisation: an ``Organisation``; matches it in any language.
        mode: an ``ActivityPage.AttendanceMode`` value.
        country: an ISO 3166 code.
        when: ``"upcoming"`` (not yet ended) or ``"past"``; anything else means both.
    """
    from .activities import ActivityOrganiser

    themes = list(themes)
    if themes:
        queryset = queryset.filter(pk__in=tagged_with_themes(themes, match_all))
    if organisation is not None:
        organised = ActivityOrganiser.objects.filter(
            organisation__translation_key=organisation.translation_key
        )
        # Activities that hide their organisers never reveal them through this filter.
        queryset = queryset.filter(pk__in=organised.values("page_id"), hide_organisers=False)
    if mode:
        queryset = queryset.filter(attendance_mode=mode)
    if country:
        queryset = queryset.filter(country=country)
    now = now or timezone.now()
    if when == "upcoming":
        return queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if when == "past":
        return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return queryset.order_by("starts_at", "pk")


def activities_under(index=None, locale=None):
    """Public activities in ``locale``, below ``index`` when given."""
    from .activities import ActivityPage

    queryset = public_pages(ActivityPage, locale)
    if index is not None:
        queryset = queryset.descendant_of(index)
    return queryset


def listed_activities(index=None, locale=None, *, every_locale=False):
    """The keys of ``activities_under(index, locale)``, found without Wagtail's page table.

    The live activities in ``locale`` (default: the active one; ``every_locale=True``: all),
    of ``index`` when given, by the copies ``ActivityPage.listed_under`` and ``listed_locale``,
    minus those under a view restriction. ``deferred_join`` counts off the rows before a page
    far into a list with them: the ``icssi_activity_listed`` indexes hold them in the listings'
    order, where ``activities_under`` reads Wagtail's page table for every row it skips.
    """
    from .activities import ActivityPage

    keys = ActivityPage.objects.all()
    if index is not None:
        keys = keys.filter(listed_under=index.pk)
    if every_locale:
        keys = keys.filter(listed_locale__isnull=False)
    else:
        keys = keys.filter(listed_locale=(locale or active_locale()).pk)
    if restricted_paths():
        keys = keys.exclude(pk__in=Page.objects.filter(private_q()).values("pk"))
    return keys


def block_activities(*, themes, index=None, count=5, upcoming_only=True):
    """The activities an activity-list block shows, with their relations prefetched."""
    if index is not None:
        index = index.localized
    queryset = filter_activities(
        activities_under(index), themes=themes, when="upcoming" if upcoming_only else None
    )
    return attach_renditions(attach_themes(list(with_listing_relations(queryset)[:count])))


def canonical_themes_of(page):
    """The themes a page is tagged with, using ``tagged_items`` if it is prefetched."""
    items = page.tagged_items.all()
    prefetched = "tagged_items" in getattr(page, "_prefetched_objects_cache", {})
    if isinstance(items, QuerySet) and not prefetched:
        items = items.select_related("tag")
    return [item.tag for item in items]


def attach_organisations(pages):
    """Set ``organisations`` on each activity of ``pages``: its organisers in order, each in
    the activity's language where it has a translation in it (``ActivityPage.organisations``).
    One query for all pages, none when every organisation is in its activity's language.
    Returns ``pages``."""
    from .organisations import localize_organisations

    rows = [(page, page.organiser_rows()) for page in pages]
    pairs = [(organisation, page.locale_id) for page, found in rows for organisation in found]
    localized = iter(localize_organisations(pairs))
    for page, found in rows:
        page.__dict__["organisations"] = [next(localized) for _organisation in found]
    return pages


def attach_themes(pages, locale=None):
    """Set ``display_themes`` on each page: its themes, named in ``locale``, in their order;
    and on each activity its ``organisations`` in its language (``attach_organisations``).

    Costs one query for all pages when their ``tagged_items`` are prefetched, and one more
    for the organisations of activities not in the default language.
    """
    from .activities import ActivityPage

    attach_organisations([page for page in pages if isinstance(page, ActivityPage)])
    locale = locale or active_locale()
    themes_by_page = [(page, canonical_themes_of(page)) for page in pages]
    canonical = {theme.pk: theme for _page, themes in themes_by_page for theme in themes}
    localized = dict(zip(canonical, localize_themes(canonical.values(), locale), strict=True))
    for page, themes in themes_by_page:
        page.display_themes = sorted(
            (localized[theme.pk] for theme in themes),
            key=lambda theme: (theme.sort_order, theme.name),
        )
    return pages


def themes_for_display(slugs=None, locale=None):
    """Themes in ``locale`` (falling back to the default locale), in their order.

    Every theme's list is kept in the cache until a theme changes.
    """
    locale = locale or active_locale()
    themes = cached(
        "themes-for-display",
        locale.pk,
        ("themes", "pages"),
        lambda: localize_themes(Theme.objects.canonical(), locale),
    )
    if slugs:
        slugs = set(slugs)
        themes = [theme for theme in themes if theme.slug in slugs]
    return themes


def theme_counts(queryset):
    """Count the activities of ``queryset`` per theme: ``{slug: count}``, in one query."""
    from .activities import ActivityPageTheme

    rows = (
        ActivityPageTheme.objects.filter(content_object_id__in=queryset.order_by().values("pk"))
        .values("tag__slug")
        .annotate(count=Count("content_object_id", distinct=True))
    )
    return {row["tag__slug"]: row["count"] for row in rows}


def deferred_join(rows, keys=None, count=None):
    """The rows of a sliced queryset, found by their primary keys first.

    Far into a listing (``OFFSET`` in the thousands) the database would otherwise join, sort
    and skip whole rows; this way it orders and skips only primary keys, then fetches the
    page's rows by key. ``rows`` must have unique primary keys (no ``distinct()`` or
    grouping). A first page, and MySQL/MariaDB (no ``LIMIT`` in an ``IN`` subquery), get
    ``rows`` unchanged.

    ``keys``, when given, is the same list as ``rows`` unsliced, built on
    ``listed_activities`` with the same filters and order, and ``count`` the number of
    ``rows`` unsliced: the keys before the page are then counted off in an
    ``icssi_activity_listed`` index alone, and the page's rows still pass every filter of
    ``rows``. If the keys are not ``count`` (a copy has gone stale, see
    ``relist_activities``), the page is found as without them.
    """
    if not rows.query.low_mark or not connections[rows.db].features.allow_sliced_subqueries_with_in:
        return rows
    page = rows.all()
    page.query.clear_limits()
    if keys is not None and keys.count() != count:
        logger.warning(
            "The listing copies of some activities are stale: run `manage.py "
            "icssi_relist_activities` (they are kept by ActivityPage.save(); an update that "
            "bypasses it leaves them behind)."
        )
        keys = None
    keys = rows if keys is None else keys[rows.query.low_mark : rows.query.high_mark]
    return page.filter(pk__in=keys.values("pk"))


def listed_copies(pages):
    """``{pk: (listed_under, listed_locale)}`` of activities given as any ``Page`` instances:
    each one's index and locale while it is live, else ``(None, None)``. One query for all."""
    step = Page.steplen
    live = [page for page in pages if page.live and page.path]
    paths = {page.path[:-step] for page in live}
    parents = dict(Page.objects.filter(path__in=paths).values_list("path", "pk")) if paths else {}
    copies = {page.pk: (None, None) for page in pages}
    copies.update({page.pk: (parents.get(page.path[:-step]), page.locale_id) for page in live})
    return copies


def relist_activities():
    """Set every activity's listing copies (``listed_under``, ``listed_locale``) from its page
    again, as ``ActivityPage.save()`` does, in bulk; return how many were stale."""
    from .activities import ActivityPage

    activities = list(
        ActivityPage.objects.order_by().only(
            "pk", "path", "live", "locale_id", "listed_under", "listed_locale"
        )
    )
    copies = listed_copies(activities)
    stale = []
    for activity in activities:
        if copies[activity.pk] != (activity.listed_under, activity.listed_locale):
            activity.listed_under, activity.listed_locale = copies[activity.pk]
            stale.append(activity)
    ActivityPage.objects.bulk_update(stale, ["listed_under", "listed_locale"], batch_size=500)
    return len(stale)


class DeferredJoinPaginator(Paginator):
    """Django's paginator, fetching every page after the first through ``deferred_join``
    (with ``keys``, see there)."""

    def __init__(self, *args, keys=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = keys

    def _get_page(self, object_list, *args, **kwargs):
        if isinstance(object_list, QuerySet):
            object_list = deferred_join(object_list, self.keys, self.count)
        return super()._get_page(object_list, *args, **kwargs)


__all__ = [
    "DeferredJoinPaginator",
    "activities_under",
    "attach_organisations",
    "attach_renditions",
    "attach_themes",
    "block_activities",
    "clean_theme_slugs",
    "deferred_join",
    "filter_activities",
    "listed_activities",
    "listed_copies",
    "relist_activities",
    "public_pages",
    "theme_counts",
    "themes_for_display",
    "visible_translation",
    "with_listing_relations",
]
