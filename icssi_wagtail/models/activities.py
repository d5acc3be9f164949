"""Activities that member organisations register, and the index that lists them."""

from django.core.paginator import Paginator
from django.db import models
from django.db.models.signals import post_save
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import ActivityStreamBlock
from ..cache import cached, invalidate
from ..conf import get_setting
from ..request_cache import active_locale
from .base import IcssiPageMixin, intro_text
from .choices import ActivityStatus, AttendanceMode
from .events import EventDetailsMixin, when_panel
from .fields import LanguageCodesField, WebURLField
from .listing import (
    DeferredJoinPaginator,
    activities_under,
    attach_renditions,
    attach_themes,
    filter_activities,
    listed_activities,
    listed_copies,
    theme_counts,
    with_listing_relations,
)
from .themes import AbstractThemeTag, ThemeField
from .translation import EVENT_FIELDS, PAGE_FIELDS, derived, synchronised, translated


def filters_key(filters):
    """The visitor's filters (``ActivityFilterForm.get_filters()``) as a key for the cache."""
    organisation = filters.get("organisation")
    return (
        tuple(sorted(filters.get("themes") or ())),
        organisation.pk if organisation is not None else None,
        filters.get("mode"),
        filters.get("country"),
        filters.get("when"),
    )


class KeptCountPaginator(DeferredJoinPaginator):
    """A paginator whose count of items is kept in the cache under ``count_key``, and whose
    pages far into the listing are found by primary key first (``deferred_join``)."""

    def __init__(self, *args, count_key, count_scopes, known_count=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = count_key
        self.count_scopes = count_scopes
        self.known_count = known_count

    @cached_property
    def count(self):
        if self.known_count is not None:
            return self.known_count
        return cached(
            "listing-count", self.count_key, self.count_scopes, Paginator.count.func.__get__(self)
        )


class ActivityIndexPage(IcssiPageMixin, RoutablePageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    subpage_types = ["icssi_wagtail.ActivityPage"]
    template = "icssi_wagtail/pages/activity_index_page.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    override_translatable_fields = [*PAGE_FIELDS, *translated("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        # Detail answers only: the first page of the activities, the theme filter.
        APIField("activities"),
        APIField("listed_themes"),
    ]

    class Meta:
        verbose_name = _("activity index")
        verbose_name_plural = _("activity indexes")

    # What the listing, its feeds and its calendar show (see icssi_wagtail.cache): no
    # testimonials.
    cache_scopes = ("activities", "themes", "organisations", "images", "pages")
    # What the numbers of activities (per theme, in all) depend on.
    count_scopes = ("activities", "pages")

    def get_share_description(self):
        return self.search_description or intro_text(self.intro)

    def get_cached_paths(self):
        """What a front-end cache purges when the index changes: the listing, its feeds and
        its calendar (publishing an activity purges its index too)."""
        return ["/", "feed/", "feed/atom/", "calendar/"]

    def get_listing_queryset(self, request):
        """Hook: the activities this index lists before visitors' filters apply."""
        return activities_under(self)

    def get_listing_keys(self, request):
        """Hook: the keys of ``get_listing_queryset``'s activities, from
        ``listing.listed_activities``, with which pages far into the listing count off the
        activities before them (see ``listing.deferred_join``); ``None`` counts them off in
        the listing's own rows. A subclass that changes ``get_listing_queryset`` gets ``None``
        unless it changes this hook too."""
        if type(self).get_listing_queryset is not ActivityIndexPage.get_listing_queryset:
            return None
        return listed_activities(self)

    def get_page_size(self, request):
        """Hook: activities per page; visitors may ask for up to LISTING_MAX_PAGE_SIZE."""
        default = get_setting("LISTING_PAGE_SIZE")
        try:
            size = int(request.GET.get("per_page", default))
        except (TypeError, ValueError):
            return default
        return min(max(size, 1), get_setting("LISTING_MAX_PAGE_SIZE"))

    def get_filter_form(self, request, locale):
        """The visitors' filters; invalid ones are reported and ignored, never an error."""
        from ..forms import ActivityFilterForm

        form = ActivityFilterForm(request.GET, locale=locale)
        form.is_valid()
        return form

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = active_locale()
        form = self.get_filter_form(request, locale)
        base = self.get_listing_queryset(request)
        filters = form.get_filters()
        activities = filter_activities(base, **filters)
        # Counts are kept in the cache until an activity or a page changes.
        key = (self.pk, locale.pk, filters_key(filters))
        counts = cached(
            "theme-counts",
            (*key[:2], filters_key({**filters, "themes": ()})),
            self.count_scopes,
            lambda: theme_counts(filter_activities(base, **{**filters, "themes": ()})),
        )
        # Filtered by one theme, the count is that theme's, already known.
        chosen = filters["themes"]
        keys = self.get_listing_keys(request)
        paginator = KeptCountPaginator(
            with_listing_relations(activities),
            self.get_page_size(request),
            keys=None if keys is None else filter_activities(keys, **filters),
            count_key=key,
            count_scopes=self.count_scopes,
            known_count=counts.get(chosen[0], 0) if len(chosen) == 1 else None,
        )
        page = paginator.get_page(request.GET.get("page"))
        attach_renditions(attach_themes(page.object_list, locale))
        themes = form.themes
        for theme in themes:
            theme.activity_count = counts.get(theme.slug, 0)
        context.update(
            filter_form=form,
            activities=page,
            paginator=paginator,
            themes=themes,
            selected_themes=filters["themes"],
            query_string=form.query_string(),
            # Feeds and calendars of what the visitor sees; "when" is explicit so that
            # "any time" stays any time there (they default to upcoming activities).
            feed_query_string=form.query_string(explicit_when=True, paging=False),
        )
        return context

    def get_feed_activities(self, request, count):
        """Hook: what the feeds and the calendar show, as ``(activities, theme names, when)``:
        at most ``count`` activities filtered like the listing, and which of them ``when``
        ("upcoming", "past", or ``None`` for any time).

        Without ``when`` in the query, the upcoming activities, or the most recent past ones
        when none is to come: an index between two events (like the demo's, whose forum took
        place in 2015) still shows its subscribers what it held.
        """
        locale = active_locale()
        form = self.get_filter_form(request, locale)
        filters = form.get_filters()
        choices = [filters["when"]] if "when" in request.GET else ["upcoming", "past"]
        for when in choices:
            found = filter_activities(
                self.get_listing_queryset(request), **{**filters, "when": when}
            )
            activities = list(with_listing_relations(found)[:count])
            if activities:
                break
        else:
            when = choices[0]
        names = [theme.name for theme in form.themes if theme.slug in filters["themes"]]
        return attach_themes(activities, locale), names, when

    @subpage("feed/", name="rss")
    def rss_feed(self, request):
        from ..feeds import ActivityFeed

        selection = self.get_feed_activities(request, get_setting("FEED_ITEM_COUNT"))
        return ActivityFeed(self, *selection)(request)

    @subpage("feed/atom/", name="atom")
    def atom_feed(self, request):
        from ..feeds import ActivityFeed

        selection = self.get_feed_activities(request, get_setting("FEED_ITEM_COUNT"))
        return ActivityFeed(self, *selection, atom=True)(request)

    @subpage("calendar/", name="calendar")
    def calendar(self, request):
        from ..calendars import calendar_response

        count = get_setting("CALENDAR_EVENT_COUNT")
        activities, names, _when = self.get_feed_activities(request, count)
        name = f"{self.title}: {', '.join(names)}" if names else self.title
        return calendar_response(activities, name, self.slug, request)


class ActivityPageTheme(AbstractThemeTag):
    content_object = ParentalKey(
        "icssi_wagtail.ActivityPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class ActivityPage(IcssiPageMixin, RoutablePageMixin, EventDetailsMixin, Page):
    AttendanceMode = AttendanceMode
    Status = ActivityStatus

    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("One or two sentences shown in listings.")
    )
    body = StreamField(ActivityStreamBlock(), blank=True, verbose_name=_("body"))
    themes = ThemeField(
        through=ActivityPageTheme, blank=True, verbose_name=_("themes"), help_text=""
    )
    attendance_mode = models.CharField(
        _("attendance"),
        max_length=20,
        choices=AttendanceMode.choices,
        default=AttendanceMode.IN_PERSON,
        db_index=True,
    )
    online_url = WebURLField(_("online address"), blank=True)
    languages = LanguageCodesField(_("languages spoken"))
    interpretation_languages = LanguageCodesField(
        _("interpretation into"),
        help_text=_("Languages into which the activity is interpreted, if any."),
    )
    registration_url = WebURLField(_("registration address"), blank=True, allow_mailto=True)
    hide_organisers = models.BooleanField(
        _("hide the organisers"),
        default=False,
        help_text=_(
            "Keep the organisers' names out of every output (pages, API, calendars, feeds, "
            "structured data, the organisation filter) when naming them could endanger them."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ActivityStatus.choices,
        default=ActivityStatus.SCHEDULED,
    )
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Copies of Wagtail's page fields that every listing filters on, kept by ``save()`` on the
    # activity's own row, so that a page far into a listing counts its way there in the
    # ``icssi_activity_listed`` indexes alone (see ``listing.listed_activities``). Both are
    # NULL while the activity is not live. They only choose which rows a page shows: the
    # query that fetches them still checks Wagtail's own fields.
    # Not shown to editors, so not named for them.
    listed_under = models.IntegerField(null=True, editable=False)  # the live activity's index
    listed_locale = models.IntegerField(null=True, editable=False)  # and its locale

    parent_page_types = ["icssi_wagtail.ActivityIndexPage"]
    subpage_types = []
    template = "icssi_wagtail/pages/activity_page.html"

    override_translatable_fields = [
        *PAGE_FIELDS,
        *EVENT_FIELDS,
        *translated("summary", "body"),
        *derived("themes"),
        *synchronised("tagged_items", "organisers", "attendance_mode", "status", "image"),
        *synchronised("hide_organisers", "hide_venue"),
        *synchronised("languages", "interpretation_languages"),
        *synchronised("online_url", "registration_url", overridable=True),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.SearchField("city"),
        index.FilterField("starts_at"),
        index.FilterField("attendance_mode"),
        index.FilterField("country"),
    ]

    api_fields = [
        APIField("summary"),
        APIField("event"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("status"),
        APIField("attendance_mode"),
        APIField("online_url"),
        APIField("registration_url"),
        APIField("languages"),
        APIField("interpretation_languages"),
        APIField("themes"),
        APIField("organisers"),
        APIField("image"),
        APIField("body"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("themes"),
        InlinePanel(
            "organisers",
            heading=_("Organisers"),
            label=_("organiser"),
            help_text=_("In the order they should be listed."),
        ),
        FieldPanel("hide_organisers"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    event_panels = [
        when_panel(_("Enter local times at the place of the activity.")),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("hide_venue"),
                FieldPanel("online_url"),
            ],
            heading=_("Where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("languages"),
                FieldPanel("interpretation_languages"),
                FieldPanel("registration_url"),
                FieldPanel("status"),
            ],
            heading=_("Taking part"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(event_panels, heading=_("Date and place")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["starts_at", "ends_at"], name="icssi_activity_dates"),
            # The listings' order (starts_at, pk), with ends_at for the upcoming and past
            # filters and listed_locale for every language's live activities: a page far into
            # the API's list finds its ids in this index alone (see ``deferred_join``), and no
            # first page needs a sort.
            models.Index(
                fields=["starts_at", "page_ptr", "ends_at", "listed_locale"],
                name="icssi_activity_order",
            ),
            # The same order within one index's, or one language's, live activities.
            models.Index(
                fields=["listed_under", "listed_locale", "starts_at", "page_ptr", "ends_at"],
                name="icssi_activity_listed",
            ),
            models.Index(
                fields=["listed_locale", "starts_at", "page_ptr", "ends_at"],
                name="icssi_activity_listed_locale",
            ),
        ]

    def clean(self):
        super().clean()
        self.clean_event_dates()

    # The fields whose change moves an activity in or out of a listing, and those whose change
    # may change the organisations the listing's filter offers (with the organisers).
    LISTED_FROM = frozenset({"live", "path", "locale", "locale_id"})
    ORGANISING_FROM = frozenset({"live", "hide_organisers"})

    def save(self, *args, **kwargs):
        self.compute_instants()
        update_fields = kwargs.get("update_fields")
        if update_fields is None or self.LISTED_FROM.intersection(update_fields):
            self.set_listed()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "listed_under", "listed_locale"}
        watched = update_fields is None or self.ORGANISING_FROM.intersection(update_fields)
        organising = self.organising_in_database() if watched else None
        result = super().save(*args, **kwargs)
        if watched and organising != self.organising():
            invalidate("organisers")  # the listing's filter (icssi_wagtail.forms)
        return result

    def organising(self):
        """The organisations this activity names, for the listing's filter: none unless it
        is live and shows its organisers."""
        if not self.live or self.hide_organisers:
            return frozenset()
        return frozenset(link.organisation_id for link in self.organisers.all())

    def organising_in_database(self):
        """``organising()`` as last saved (one query; none for a new activity)."""
        if self.pk is None:
            return frozenset()
        rows = ActivityPage.objects.filter(pk=self.pk, live=True, hide_organisers=False)
        return frozenset(
            pk for pk in rows.values_list("organisers__organisation_id", flat=True) if pk
        )

    def set_listed(self):
        """Copy where the activity is listed (``listed_under``, ``listed_locale``) from its
        live status, parent and locale."""
        self.listed_under, self.listed_locale = listed_copies([self])[self.pk]

    @cached_property
    def organisations(self):
        """The organisers in order, each in the activity's language where it has a
        translation in it; none when they are hidden for their safety. A list of activities
        gets them in one query with ``listing.attach_organisations``."""
        from .listing import attach_organisations

        return attach_organisations([self])[0].organisations

    def organiser_rows(self):
        """The organisations the organisers name, in order, as stored (the source language's
        rows); none when they are hidden for their safety."""
        if self.hide_organisers:
            return []
        links = self.organisers.all()
        prefetched = "organisers" in getattr(self, "_prefetched_objects_cache", {})
        if not prefetched and hasattr(links, "select_related"):  # not a preview's list
            links = links.select_related("organisation").order_by("sort_order", "pk")
        return [link.organisation for link in links]

    def get_share_image(self):
        return self.visible_image

    @property
    def visible_image(self):
        """The image, unless it is a photo hidden for a person's safety
        (``safety.visible_image``). Never output ``page.image`` in an override."""
        from ..safety import visible_image

        return visible_image(self.image)

    def get_cached_paths(self):
        """What a front-end cache purges when the activity changes: the page and its calendar."""
        return ["/", "calendar/"]

    @subpage("calendar/", name="calendar")
    def calendar(self, request):
        """The activity as an iCalendar file, to add to a calendar."""
        from ..calendars import calendar_response

        return calendar_response([self], self.title, self.slug, request)

    def get_share_description(self):
        return self.search_description or self.summary

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        attach_themes([self])
        return context


def relist_plain_page(sender, instance, raw=False, update_fields=None, **kwargs):
    """``post_save`` of a plain ``Page`` that is an activity: Wagtail moves pages, and
    ``publish_scheduled`` unpublishes expired ones, through plain ``Page`` instances, whose
    ``save()`` is not ``ActivityPage.save()``."""
    if raw or not issubclass(instance.specific_class or Page, ActivityPage):
        return
    if update_fields is not None and not ActivityPage.LISTED_FROM.intersection(update_fields):
        return
    under, locale = listed_copies([instance])[instance.pk]
    ActivityPage.objects.filter(pk=instance.pk).update(listed_under=under, listed_locale=locale)
    invalidate("organisers")  # its organisers may have come or gone with it


def register_signal_handlers():
    post_save.connect(relist_plain_page, sender=Page, dispatch_uid="icssi_wagtail_relist_page")


class ActivityOrganiser(Orderable):
    page = ParentalKey(ActivityPage, on_delete=models.CASCADE, related_name="organisers")
    organisation = models.ForeignKey(
        "icssi_wagtail.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="organised_activities",
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")
