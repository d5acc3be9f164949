"""Querysets of activities and what their cards show, which the activity listing
(``icssi_wagtail.listing.ActivityListing``), the blocks and the API build on.

Every function here returns querysets whose cost does not depend on how many activities
there are: one query for the rows plus a fixed number of prefetches. Nothing here is cached.
"""

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import ngettext_lazy
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from .. import prepared
from ..conf import get_setting
from ..request_memo import active_locale, default_locale, is_public, public, remembered
from .themes import Theme, localize_themes

LISTING_RENDITION = "fill-640x360"


class ActivityCount(models.Model):
    """The number of live, public activities of an activity index in one language: in all
    (``theme``, ``country`` and ``attendance_mode`` blank), per theme slug, per country, per
    attendance mode, and per theme in each attendance mode. The listing's count and facets,
    unfiltered or by attendance, and its country filter's choices, kept up to date when an
    activity is published, unpublished, moved or deleted, when a theme or a view restriction
    changes (``listing.recount``), rather than counted on every request."""

    index = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    locale = models.ForeignKey("wagtailcore.Locale", on_delete=models.CASCADE, related_name="+")
    theme = models.SlugField("theme", max_length=100, blank=True)
    country = models.CharField("country", max_length=2, blank=True)
    attendance_mode = models.CharField("attendance", max_length=20, blank=True)
    count = models.PositiveIntegerField("number of activities")

    class Meta:
        # Never shown to editors (no admin, no API): its names stay untranslated.
        verbose_name = "number of activities"
        verbose_name_plural = "numbers of activities"
        constraints = [
            models.UniqueConstraint(
                fields=["index", "locale", "theme", "country", "attendance_mode"],
                name="icssi_activity_count_unique",
            )
        ]

    def __str__(self):
        what = "/".join(part for part in (self.theme, self.country, self.attendance_mode) if part)
        return f"{self.index_id} {self.locale_id} {what or '*'}: {self.count}"


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


def activities_under(index=None, locale=None):
    """Public activities in ``locale``, below ``index`` when given."""
    from .activities import ActivityPage

    queryset = public_pages(ActivityPage, locale)
    if index is not None:
        queryset = queryset.descendant_of(index)
    return queryset


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


def canonical_themes():
    """``Theme.objects.canonical()``, in the themes' order, its SQL written once per default
    locale (``prepared.fetch``)."""
    default = default_locale()
    return prepared.fetch(Theme, ("canonical-themes", default.pk), Theme.objects.canonical)


def themes_for_display(slugs=None, locale=None):
    """Themes in ``locale`` (falling back to the default locale), in their order: one
    query per request (``request_memo.remembered``), two when ``locale`` is not the default
    one."""
    locale = locale or active_locale()
    themes = remembered(
        ("themes-for-display", locale.pk),
        lambda: localize_themes(canonical_themes(), locale),
        scopes=("themes", "pages"),
    )
    slugs = set(slugs or ())
    return [theme for theme in themes if not slugs or theme.slug in slugs]


def counts_with_themes(queryset, slugs):
    """``(total, {slug: number})``: the activities of ``queryset``, and those of each theme of
    ``slugs``, in one query (a count per theme beside the total, rather than a count and a
    grouped query): a listing filtered by anything but its themes shows both."""
    counts = {
        f"theme_{number}": Count("pk", distinct=True, filter=Q(tagged_items__tag__slug=slug))
        for number, slug in enumerate(slugs)
    }
    found = queryset.order_by().aggregate(icssi_total=Count("pk", distinct=True), **counts)
    by_theme = {slug: found[f"theme_{number}"] for number, slug in enumerate(slugs)}
    return found["icssi_total"], {slug: count for slug, count in by_theme.items() if count}


__all__ = [
    "LISTING_RENDITION",
    "ActivityCount",
    "activities_under",
    "attach_organisations",
    "attach_renditions",
    "attach_themes",
    "clean_theme_slugs",
    "counts_with_themes",
    "public_pages",
    "tagged_with_themes",
    "themes_for_display",
    "visible_translation",
    "with_listing_relations",
]
