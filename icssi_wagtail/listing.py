"""The activity listing: filters in; a queryset, facets and a page of cards out.

Every output that lists activities asks :class:`ActivityListing`: the activity index page
(``ActivityIndexPage.get_context``), its feeds and calendar, the API's ``activities``
endpoint (``api.filters``, ``api.pagination``), the activity list block and GraphQL. It knows
nothing of HTTP, caches or rendering: the callers parse a query string into
:class:`ActivityFilters` (``forms.ActivityFilterForm`` for the page, ``api.filters
.ActivityQueryForm`` for the API) and cache the delivered response (``icssi_wagtail.cache``).

Its cost does not grow with the number of activities shown: one query for the rows (a page
after the first fetches its rows by primary key, ``deferred_join``), one each for the themes
and organisers of the page's cards, and one for the count and the per-theme counts (the
facets). An index's count and facets, unfiltered or filtered by themes and an attendance mode,
are stored in ``ActivityCount``, counted again when an activity is published, unpublished,
moved or deleted (``recount``); under other filters they are counted in one query, which the
pages and themes of the same other filters share (``ActivityListing.counted``).
"""

import dataclasses
import datetime

from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet
from django.db.models.lookups import Exact, In
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import prepared
from .models.activities import ActivityIndexPage, ActivityOrganiser, ActivityPage, ActivityPageTheme
from .models.listing import (
    ActivityCount,
    activities_under,
    attach_renditions,
    attach_themes,
    counts_with_themes,
    tagged_with_themes,
    themes_for_display,
    with_listing_relations,
)
from .models.organisations import Organisation
from .models.themes import Theme
from .request_memo import active_locale, public, remembered, restricted_paths


@dataclasses.dataclass(frozen=True)
class ActivityFilters:
    """What a visitor filters a listing by; every field is optional.

    Attributes:
        themes: theme slugs; an activity matches any of them, or all with ``match_all``.
        organisation: an ``Organisation``, matched in any language; activities that hide
            their organisers never match.
        mode: an ``AttendanceMode`` value. country: an ISO 3166 code.
        when: ``"upcoming"`` (not yet ended), ``"past"`` (the latest first), or ``None``.
        starts_after, starts_before: dates, inclusive. status: an ``ActivityStatus`` value.
        language: a language code spoken at the activity or interpreted into.
        search: primary keys found by a search (``api.filters.search_pks``), or ``None``.
    """

    themes: tuple = ()
    match_all: bool = False
    organisation: Organisation | None = None
    mode: str | None = None
    country: str | None = None
    when: str | None = None
    starts_after: datetime.date | None = None
    starts_before: datetime.date | None = None
    status: str | None = None
    language: str | None = None
    search: tuple | None = None

    def without_themes(self):
        return dataclasses.replace(self, themes=(), match_all=False)

    @property
    def only_themes(self):
        """Whether nothing but themes (or nothing at all) is filtered by."""
        return self == ActivityFilters(themes=self.themes, match_all=self.match_all)

    @property
    def stored(self):
        """Whether an index's stored counts answer these filters: nothing but themes and an
        attendance mode (or nothing at all) is filtered by."""
        return dataclasses.replace(self, mode=None).only_themes


def speaks(code, field):
    """``Q`` of the pages whose space-separated language codes ``field`` hold ``code``."""
    return (
        Q(**{field: code})
        | Q(**{f"{field}__startswith": f"{code} "})
        | Q(**{f"{field}__endswith": f" {code}"})
        | Q(**{f"{field}__contains": f" {code} "})
    )


class Unindexed(Func):
    """``+expression``: the same value, which SQLite's query planner does not look up in an
    index ("Disqualifying WHERE clause terms using unary-+", https://sqlite.org/optoverview.html).
    """

    template = "+%(expressions)s"


def filter_activities(queryset, filters, now=None, in_order=False):
    """``queryset`` narrowed by ``filters`` and put in the listing's order: ``starts_at``,
    then the key; for past activities both reversed (the latest first).

    ``in_order`` keeps SQLite from finding the filtered activities through another index
    first (``Unindexed``), so that it reads them in the listing's order instead
    (``ActivityListing.reads_in_order``).
    """

    def column(name):
        return Unindexed(F(name)) if in_order else F(name)

    if filters.themes:
        tagged = tagged_with_themes(filters.themes, filters.match_all)
        queryset = queryset.filter(In(column("pk"), tagged))
    if filters.organisation is not None:
        organised = ActivityOrganiser.objects.filter(
            organisation__translation_key=filters.organisation.translation_key
        )
        # Activities that hide their organisers never reveal them through this filter.
        queryset = queryset.filter(In(column("pk"), organised.values("page_id")))
        queryset = queryset.filter(hide_organisers=False)
    exact = {"attendance_mode": filters.mode, "country": filters.country, "status": filters.status}
    for name, value in exact.items():
        if value:
            queryset = queryset.filter(Exact(column(name), value))
    queryset = queryset.filter(
        **{
            name: value
            for name, value in (
                ("start_date__gte", filters.starts_after),
                ("start_date__lte", filters.starts_before),
            )
            if value
        }
    )
    if filters.language:
        code = filters.language
        queryset = queryset.filter(
            speaks(code, "languages") | speaks(code, "interpretation_languages")
        )
    if filters.search is not None:
        queryset = queryset.filter(pk__in=filters.search)
    now = now or timezone.now()
    if filters.when == "upcoming":
        return queryset.filter(ends_at__gte=now).order_by("starts_at", "pk")
    if filters.when == "past":
        return queryset.filter(ends_at__lt=now).order_by("-starts_at", "-pk")
    return queryset.order_by("starts_at", "pk")


def after(queryset, activity, descending=False):
    """The activities of ``queryset`` that come after ``activity`` (``{"pk", "starts_at"}``)
    in the listing's order: keyset pagination, which reads only its page's rows from the
    ``icssi_activity_order`` index however far into the list it is."""
    pk, starts_at = activity["pk"], activity["starts_at"]
    # The range on starts_at alone is where the index scan starts; the rest only sets aside
    # the activities of the same start up to the cursor.
    if descending:
        queryset = queryset.filter(starts_at__lte=starts_at)
        return queryset.filter(Q(starts_at__lt=starts_at) | Q(pk__lt=pk))
    queryset = queryset.filter(starts_at__gte=starts_at)
    return queryset.filter(Q(starts_at__gt=starts_at) | Q(pk__gt=pk))


def organising_organisations(locale):
    """``{pk: organisation}``, in ``locale``, of the organisations that organise at least one
    live, public activity which does not hide its organisers: the organisation filter's
    choices, with what a choice and a filter need (name, acronym, translation key; the other
    fields are deferred).

    One query whose cost follows the number of organisations, not of activities: for each,
    the database stops at the first such activity it finds (``EXISTS``, by the organisers'
    index on ``organisation_id``). Its SQL is written once per locale and set of view
    restrictions (``prepared.fetch``).
    """
    paths = tuple(restricted_paths())

    def build():
        private = Q()
        for path, depth in paths:
            private |= Q(page__path__startswith=path, page__depth__gte=depth)
        organising = ActivityOrganiser.objects.filter(
            organisation__translation_key=OuterRef("translation_key"),
            page__live=True,
            page__hide_organisers=False,
        )
        if private:
            organising = organising.exclude(private)
        found = Organisation.objects.filter(locale=locale).filter(Exists(organising))
        return found.only("pk", "translation_key", "name", "acronym")  # a choice and a filter

    found = prepared.fetch(Organisation, ("organising-organisations", locale.pk, paths), build)
    return {organisation.pk: organisation for organisation in found}


def deferred_join(rows):
    """The rows of a sliced queryset, found by their primary keys first.

    Far into a listing (``OFFSET`` in the thousands) the database would otherwise join, sort
    and skip whole rows; this way it orders and skips keys only, in the ``icssi_activity_order``
    index, then fetches the page's rows by key (docs/performance.md, "Deep pages"). A first
    page, and MySQL/MariaDB (no ``LIMIT`` in an ``IN`` subquery), get ``rows`` unchanged.
    """
    if not rows.query.low_mark or not connections[rows.db].features.allow_sliced_subqueries_with_in:
        return rows
    page = rows.all()
    page.query.clear_limits()
    return page.filter(pk__in=rows.values("pk"))


class ActivityPaginator(Paginator):
    """Django's ``Paginator``, fetching the pages after the first through ``deferred_join``,
    and taking its ``count`` when the listing already knows it."""

    def __init__(self, object_list, per_page, *, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            self.__dict__["count"] = count  # Paginator.count is a cached_property

    def _get_page(self, object_list, *args, **kwargs):
        if isinstance(object_list, QuerySet):
            object_list = deferred_join(object_list)
        return super()._get_page(object_list, *args, **kwargs)


def prepare_cards(activities, locale=None, renditions=True):
    """Give each activity what its card shows (``display_themes``, ``organisations`` and,
    with ``renditions``, its image's rendition) from what ``with_listing_relations``
    fetched. Returns ``activities``."""
    attach_themes(activities, locale)
    return attach_renditions(activities) if renditions else activities


class ActivityListing:
    """The activities of a listing, filtered, with their facets and pages of cards.

    Args:
        queryset: the activities listed before visitors' filters, for example
            ``ActivityIndexPage.get_listing_queryset()``; default: the live, public
            activities of ``index`` in ``locale``.
        index: the activity index listed, if any.
        locale: the language listed (default: the active one).
        filters: an :class:`ActivityFilters`.
        now: the time that divides upcoming from past activities (default: now).
    """

    def __init__(self, queryset=None, *, index=None, locale=None, filters=None, now=None):
        self.base = activities_under(index, locale) if queryset is None else queryset
        self.index = index
        self.locale = locale
        self.filters = filters or ActivityFilters()
        self.now = now or timezone.now()
        # An index's own activities, filtered by themes and attendance at most: their counts
        # are stored.
        self.base_is_index = queryset is None and index is not None
        self.stored = self.base_is_index and self.filters.stored

    @cached_property
    def stored_counts(self):
        """The index's :class:`StoredCounts` in the listed language."""
        return stored_counts(self.index, self.locale or active_locale())

    @property
    def queryset(self):
        """The filtered activities, in the listing's order (no relations fetched)."""
        return filter_activities(self.base, self.filters, self.now)

    def facets(self):
        """``{theme slug: number of activities}``, counted with every filter but the themes
        (so that each theme's count says what choosing it alone would list)."""
        if self.stored:
            return dict(self.stored_counts.listed(self.filters.mode)[1])
        return dict(self.counted[1])

    @cached_property
    def counted(self):
        """``(total, facets)`` of a listing whose counts are not stored: the activities with
        every filter but the themes, and those of each theme, in one query
        (``counts_with_themes``).

        An index's are remembered (``request_memo.remembered``): with the app's cache, every
        page and theme of the same other filters reads them until an activity, a theme or a
        page changes; those of upcoming or past activities, for the minute.
        """

        def count():
            queryset = filter_activities(self.base, self.filters.without_themes(), self.now)
            slugs = [theme.slug for theme in themes_for_display(locale=self.locale)]
            return counts_with_themes(queryset, slugs)

        if not self.base_is_index:
            return count()
        scopes = ("activities", "organisers", "organisations", "themes", "pages")
        return remembered(("listing-counts", *self.counts_key()), count, scopes=scopes)

    def counts_key(self):
        """What an index's counts under its filters but the themes depend on."""
        filters = self.filters.without_themes()
        values = tuple(
            getattr(filters, field.name)
            for field in dataclasses.fields(filters)
            if field.name != "organisation"
        )
        organisation = filters.organisation
        minute = self.now.replace(second=0, microsecond=0) if filters.when else None
        locale = self.locale or active_locale()
        return (
            self.index.pk,
            locale.pk,
            values,
            organisation.translation_key if organisation else None,
            minute.isoformat() if minute else None,
        )

    def countries(self):
        """The ISO 3166 codes of the countries of an index's activities (stored), whatever
        the filters; ``None`` for a listing of another queryset."""
        if self.base_is_index:
            return list(self.stored_counts.countries)
        return None

    def count(self, facets=None):
        """The number of activities listed; read from ``facets`` when one theme alone is
        filtered by (its count is that theme's)."""
        count = self.known_count(facets)
        return self.queryset.count() if count is None else count

    def known_count(self, facets=None):
        """The number of activities listed when it is known without a query: one theme's
        facet, the stored total, or the total counted with the facets; else ``None``."""
        themes = self.filters.themes
        if facets is not None and len(themes) == 1:
            return facets.get(themes[0], 0)
        if self.stored and not themes:
            return self.stored_counts.listed(self.filters.mode)[0]
        if "counted" in self.__dict__ and not themes:
            return self.counted[0]
        return None

    def reads_in_order(self, rows, listed=None):
        """Whether the database should find the first ``rows`` of the ``listed`` activities
        (default: the number stored, if it is) by reading the listing's order index
        (``icssi_activity_order``) from its start, rather than find every activity of the
        language (or theme, or attendance…) and sort them.

        PostgreSQL, MySQL and MariaDB keep statistics and choose by themselves. SQLite keeps
        none unless ``ANALYZE`` is run, and takes the language's index, then sorts: 12 ms
        for page 1 of 10,000 activities against 0.1 ms in order (docs/performance.md). The
        stored counts say which reads fewer rows: in order, about ``rows`` × the activities
        of every counted listing ÷ ``listed``; sorted, ``listed``. Not for upcoming, past or
        dated activities, which lie together in the order rather than spread through it.
        """
        filters = self.filters
        if not self.may_read_in_order:
            return False
        if listed is None:
            if not self.stored or len(filters.themes) > 1:
                return False
            total, facets = self.stored_counts.listed(filters.mode)
            listed = facets.get(filters.themes[0], 0) if filters.themes else total
        return rows * self.stored_counts.everywhere < listed * listed

    @cached_property
    def may_read_in_order(self):
        """Whether ``reads_in_order`` may ever be true for this listing."""
        filters = self.filters
        return (
            self.base_is_index
            and not (filters.when or filters.starts_after or filters.starts_before)
            and connections[self.base.db].vendor == "sqlite"
        )

    def ordered(self, rows, listed=None):
        """``queryset``, read in order when that reads fewer rows (``reads_in_order``)."""
        if not self.reads_in_order(rows, listed):
            return self.queryset
        locale = self.locale or active_locale()
        base = public(ActivityPage.objects.live().filter(Exact(Unindexed(F("locale")), locale.pk)))
        base = base.descendant_of(self.index)
        return filter_activities(base, self.filters, self.now, in_order=True)

    def paginator(self, per_page, facets=None, number=None):
        """An :class:`ActivityPaginator` of the cards' activities, up to the page ``number``
        (default: the first)."""
        count = self.known_count(facets)
        if count is None and self.may_read_in_order:
            count = self.queryset.count()  # as the paginator would; it decides how to read
        rows = per_page * page_reached(number, per_page, count)
        queryset = with_listing_relations(self.ordered(rows, count))
        return ActivityPaginator(queryset, per_page, count=count)

    def page(self, number, per_page, facets=None):
        """The page ``number`` of cards (Django's ``get_page``: a bad number is the first or
        last page), ready to render."""
        page = self.paginator(per_page, facets, number).get_page(number)
        prepare_cards(page.object_list, self.locale)
        return page

    def cards(self, limit, renditions=True):
        """The first ``limit`` activities, ready to render (blocks; feeds and calendars,
        which show no image, without ``renditions``)."""
        activities = list(with_listing_relations(self.queryset)[:limit])
        return prepare_cards(activities, self.locale, renditions)


def page_reached(number, per_page, count=None):
    """The page that ``Paginator.get_page(number)`` will return, as far as is known without
    counting: a bad number is the first page, one past the end (when ``count`` is known)
    the last."""
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        return 1
    if count is not None:
        number = min(number, max(-(-count // per_page), 1))
    return number


# The counts stored in ActivityCount.


def count_rows(index):
    """``ActivityCount`` rows of ``index``'s live, public activities: per language, in all,
    per theme, per country, per attendance mode and per theme in each mode (five grouped
    queries)."""
    activities = public(ActivityPage.objects.live().child_of(index)).order_by()
    themes = (
        ActivityPageTheme.objects.filter(content_object__in=activities.values("pk"))
        .order_by()
        .values(locale=F("content_object__locale_id"), theme=F("tag__slug"))
    )
    by_mode = {"mode": F("content_object__attendance_mode")}
    groups = [
        activities.values("locale_id"),
        activities.exclude(country="").values("locale_id", "country"),
        activities.values("locale_id", mode=F("attendance_mode")),
        themes,
        themes.values("locale", "theme", **by_mode),
    ]
    rows = {(index.locale_id, "", "", ""): 0}
    for group in groups:
        counted = "content_object_id" if group.model is ActivityPageTheme else "pk"
        for row in group.annotate(count=Count(counted, distinct=True)):
            locale = row.get("locale_id", row.get("locale"))
            key = (locale, row.get("theme", ""), row.get("country", ""), row.get("mode", ""))
            rows[key] = row["count"]
    return [
        ActivityCount(
            index_id=index.pk,
            locale_id=locale_id,
            theme=theme,
            country=country,
            attendance_mode=mode,
            count=count,
        )
        for (locale_id, theme, country, mode), count in rows.items()
    ]


def recount(indexes):
    """Count the activities of each activity index among ``indexes`` (any pages) again, now
    and when the current transaction commits (so that publishes at the same time in other
    transactions are counted too)."""
    pks = {page.pk for page in indexes if page is not None}
    if not pks:
        return

    def count():
        with transaction.atomic():
            ActivityCount.objects.filter(index_id__in=pks).delete()
            indexes = ActivityIndexPage.objects.filter(pk__in=pks)
            rows = [row for index in indexes for row in count_rows(index)]
            # MySQL/MariaDB upsert on any unique key and take no unique_fields.
            target = connections[ActivityCount.objects.db].features
            unique = (
                ["index", "locale", "theme", "country", "attendance_mode"]
                if target.supports_update_conflicts_with_target
                else None
            )
            ActivityCount.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=unique, update_fields=["count"]
            )

    count()
    transaction.on_commit(count)


def forget_counts(pks=None):
    """Delete the stored counts of the indexes ``pks`` (default: all), now and on commit; they
    are counted again when next asked for (``stored_counts``). Also the way to bring them up
    to date after changes made without Wagtail's signals (``QuerySet.update()`` of ``live``,
    a bulk import, SQL run by hand): ``forget_counts()``."""
    rows = (
        ActivityCount.objects.all()
        if pks is None
        else ActivityCount.objects.filter(index_id__in=pks)
    )
    rows.delete()
    transaction.on_commit(rows.delete)


@dataclasses.dataclass(frozen=True)
class StoredCounts:
    """An index's counts in one language, from ``ActivityCount``.

    Attributes:
        total: its live, public activities. themes: ``{theme slug: number}``.
        countries: ``{ISO 3166 code: number}``. modes: ``{attendance mode: number}``.
        themes_by_mode: ``{attendance mode: {theme slug: number}}``.
        everywhere: the activities of every index counted, in every language (what reading
            the order index from its start may have to pass over).
    """

    total: int = 0
    themes: dict = dataclasses.field(default_factory=dict)
    countries: dict = dataclasses.field(default_factory=dict)
    modes: dict = dataclasses.field(default_factory=dict)
    themes_by_mode: dict = dataclasses.field(default_factory=dict)
    everywhere: int = 0

    def listed(self, mode=None):
        """``(count, facets)`` of the activities in ``mode`` (``None``: any)."""
        if mode:
            return self.modes.get(mode, 0), self.themes_by_mode.get(mode, {})
        return self.total, self.themes


def stored_counts_of(indexes, locale):
    """``{(index id, theme slug): number}`` of the activities of each of ``indexes`` in
    ``locale``, from ``ActivityCount`` in one query (the indexes not counted yet are counted
    now)."""
    pks = {index.pk for index in indexes}
    rows = ActivityCount.objects.filter(
        index_id__in=pks, locale_id=locale.pk, country="", attendance_mode=""
    )
    found = list(rows.values_list("index_id", "theme", "count"))
    missing = pks - {pk for pk, _theme, _count in found}
    if missing:
        recount([index for index in indexes if index.pk in missing])
        found = list(rows.values_list("index_id", "theme", "count"))
    return {(pk, theme): count for pk, theme, count in found if theme}


def stored_counts(index, locale):
    """The :class:`StoredCounts` of ``index``'s activities in ``locale``, in one query;
    counted now (and stored) the first time they are asked for. Empty for an index not saved
    yet (its preview), which has nothing to count or store."""
    if index.pk is None:
        return StoredCounts()

    def build(index_pk, locale_pk):
        totals = Q(theme="", country="", attendance_mode="")
        rows = ActivityCount.objects.filter(Q(index_id=index_pk, locale_id=locale_pk) | totals)
        return rows.values_list(
            "index_id", "locale_id", "theme", "country", "attendance_mode", "count"
        )

    def read():
        key = (index.pk, locale.pk)
        rows = prepared.fetch(
            ActivityCount, ("stored-counts",), build, index_pk=index.pk, locale_pk=locale.pk
        )
        return [(key == (pk, locale_pk), *row) for pk, locale_pk, *row in rows]

    found = read()
    if not any(listed for listed, *_row in found):
        recount([index])
        found = read()
    themes, countries, modes, themes_by_mode, total = {}, {}, {}, {}, 0
    for _listed, theme, country, mode, count in (row for row in found if row[0]):
        if theme and mode:
            themes_by_mode.setdefault(mode, {})[theme] = count
        elif theme:
            themes[theme] = count
        elif country:
            countries[country] = count
        elif mode:
            modes[mode] = count
        else:
            total = count
    return StoredCounts(
        total=total,
        themes=themes,
        countries=countries,
        modes=modes,
        themes_by_mode=themes_by_mode,
        everywhere=sum(count for _listed, *parts, count in found if not "".join(parts)),
    )


def _parent(page):
    if page.depth <= 1:
        return None
    return Page.objects.filter(path=page.path[: -Page.steplen]).first()


def _activity_changed(sender, instance, **kwargs):
    if isinstance(instance, ActivityPage):
        recount([_parent(instance)])


def _activity_deleted(sender, instance, **kwargs):
    # Not counted now: the index may be about to go too (counted again when next asked for).
    if isinstance(instance, ActivityPage) and instance.depth > 1:
        parent = Page.objects.filter(path=instance.path[: -Page.steplen]).values("pk")
        forget_counts(parent)


def _activity_created(sender, instance, created=False, raw=False, **kwargs):
    # A page added live without being published (``add_child`` of a live page, an import).
    if created and not raw and isinstance(instance, ActivityPage) and instance.live:
        _activity_deleted(sender, instance)


def _page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs):
    moved = instance.specific_class or Page
    if issubclass(moved, ActivityPage):
        recount([parent_page_before, parent_page_after])
    elif issubclass(moved, ActivityIndexPage):
        recount([instance])  # it may have moved under a view restriction, or out of one


def _everything_changed(sender, **kwargs):
    forget_counts()


def register_signal_handlers():
    """Keep ``ActivityCount`` up to date; called by ``apps.ready()``."""
    page_published.connect(_activity_changed, dispatch_uid="icssi_count_published")
    page_unpublished.connect(_activity_changed, dispatch_uid="icssi_count_unpublished")
    post_delete.connect(_activity_deleted, dispatch_uid="icssi_count_deleted")
    post_save.connect(_activity_created, dispatch_uid="icssi_count_created")
    post_page_move.connect(_page_moved, dispatch_uid="icssi_count_moved")
    for model in (Theme, PageViewRestriction):
        for signal in (post_save, post_delete):
            signal.connect(
                _everything_changed,
                sender=model,
                dispatch_uid=f"icssi_count_{model.__name__}_{signal is post_save}",
            )
