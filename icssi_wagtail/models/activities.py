"""Activities that member organisations register, and the index that lists them."""

import dataclasses

from django.db import models
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
from ..conf import get_setting
from ..request_memo import active_locale
from .base import IcssiPageMixin, intro_text
from .choices import ActivityStatus, AttendanceMode
from .events import EventDetailsMixin, when_panel
from .fields import LanguageCodesField, WebURLField
from .listing import activities_under, attach_organisations, attach_themes
from .themes import AbstractThemeTag, ThemeField
from .translation import EVENT_FIELDS, PAGE_FIELDS, derived, synchronised, translated


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

    def get_share_description(self):
        return self.search_description or intro_text(self.intro)

    def get_cached_paths(self):
        """What a front-end cache purges when the index changes: the listing, its feeds and
        its calendar (publishing an activity purges its index too)."""
        return ["/", "feed/", "feed/atom/", "calendar/"]

    def get_listing_queryset(self, request):
        """Hook: the activities this index lists before visitors' filters apply."""
        return activities_under(self)

    def get_page_size(self, request):
        """Hook: activities per page; visitors may ask for up to LISTING_MAX_PAGE_SIZE."""
        default = get_setting("LISTING_PAGE_SIZE")
        try:
            size = int(request.GET.get("per_page", default))
        except (TypeError, ValueError):
            return default
        return min(max(size, 1), get_setting("LISTING_MAX_PAGE_SIZE"))

    def get_filter_form(self, request, locale=None):
        """Hook: the visitors' filters (``forms.ActivityFilterForm``); invalid ones are
        reported and ignored, never an error."""
        from ..forms import ActivityFilterForm

        form = ActivityFilterForm(request.GET, locale=locale)
        form.is_valid()
        return form

    def get_listing(self, request, filters):
        """Hook: the ``listing.ActivityListing`` of ``get_listing_queryset`` with the
        visitors' ``filters`` (``listing.ActivityFilters``). While ``get_listing_queryset``
        is this class's own, the listing reads the index's counts stored on publish
        (``models.listing.ActivityCount``) instead of counting them."""
        from ..listing import ActivityListing

        own = type(self).get_listing_queryset is ActivityIndexPage.get_listing_queryset
        queryset = None if own else self.get_listing_queryset(request)
        return ActivityListing(queryset, index=self, locale=active_locale(), filters=filters)

    def get_context(self, request, *args, **kwargs):
        """The filter form, one page of cards and each theme's count (its facet)."""
        context = super().get_context(request, *args, **kwargs)
        form = self.get_filter_form(request)
        filters = form.get_filters()
        listing = self.get_listing(request, filters)
        facets = listing.facets()
        form.offer_countries(listing.countries())
        page = listing.page(request.GET.get("page"), self.get_page_size(request), facets)
        for theme in form.themes:
            theme.activity_count = facets.get(theme.slug, 0)
        context.update(
            filter_form=form,
            activities=page,
            paginator=page.paginator,
            themes=form.themes,
            selected_themes=list(filters.themes),
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
        form = self.get_filter_form(request)
        filters = form.get_filters()
        choices = [filters.when] if "when" in request.GET else ["upcoming", "past"]
        for when in choices:
            listing = self.get_listing(request, dataclasses.replace(filters, when=when))
            activities = listing.cards(count, renditions=False)
            if activities:
                break
        else:
            when = choices[0]
        names = [theme.name for theme in form.themes if theme.slug in filters.themes]
        return activities, names, when

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
            # filters: a page far into a listing skips keys in this index alone
            # (``listing.deferred_join``), and no first page needs a sort.
            models.Index(fields=["starts_at", "page_ptr", "ends_at"], name="icssi_activity_order"),
        ]

    def clean_for_publishing(self):
        super().clean_for_publishing()
        self.clean_event_dates()

    def save(self, *args, **kwargs):
        self.compute_instants()
        return super().save(*args, **kwargs)

    @cached_property
    def organisations(self):
        """The organisers in order, each in the activity's language where it has a
        translation in it; none when they are hidden for their safety. A list of activities
        gets them in one query with ``listing.attach_organisations``."""
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
