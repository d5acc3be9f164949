"""Calls to action: an event people are asked to join, and how to register."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.blocks import StreamValue, StructValue
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.contrib.routable_page.models import path as subpage
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from ..blocks import CallToActionStreamBlock
from ..conf import get_setting
from ..request_memo import active_locale, is_private, public
from ..validators import validate_no_control_characters
from .activities import ActivityIndexPage
from .base import IcssiPageMixin
from .choices import CallStatus
from .events import EventDetailsMixin, when_panel
from .fields import WebURLField
from .listing import attach_themes, canonical_themes_of
from .testimonials import TestimonialPage
from .themes import AbstractThemeTag, ThemeField
from .translation import EVENT_FIELDS, PAGE_FIELDS, derived, synchronised, translated


class CallToActionPageTheme(AbstractThemeTag):
    content_object = ParentalKey(
        "icssi_wagtail.CallToActionPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


class CallToActionPage(IcssiPageMixin, RoutablePageMixin, EventDetailsMixin, Page):
    Status = CallStatus

    headline = models.CharField(
        _("headline"),
        max_length=255,
        validators=[validate_no_control_characters],
        help_text=_("For example “Join Iraqi activists at the World Social Forum!”"),
    )
    standfirst = models.TextField(
        _("standfirst"), max_length=600, blank=True, help_text=_("A short introduction.")
    )
    event_name = models.CharField(
        _("event name"),
        max_length=255,
        validators=[validate_no_control_characters],
        help_text=_("For example “World Social Forum 2015”."),
    )
    button_label = models.CharField(
        _("button label"),
        max_length=80,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("Leave empty for “Register”, translated into the visitor’s language."),
    )
    registration_url = WebURLField(_("registration address"), blank=True, allow_mailto=True)
    registration_opens = models.DateField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateField(_("registration closes"), null=True, blank=True)
    eligibility = models.CharField(
        _("who may take part"),
        max_length=255,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("For example “Anyone endorsing the WSF charter of principles”."),
    )
    eligibility_url = WebURLField(
        _("link for who may take part"),
        blank=True,
        help_text=_("For example the charter of principles."),
    )
    body = StreamField(CallToActionStreamBlock(), blank=True, verbose_name=_("body"))
    themes = ThemeField(
        through=CallToActionPageTheme,
        blank=True,
        verbose_name=_("themes"),
        help_text=_("Activities of these themes are shown on the page."),
    )

    subpage_types = [
        "icssi_wagtail.ActivityIndexPage",
        "icssi_wagtail.TestimonialIndexPage",
        "icssi_wagtail.ActivityRegistrationPage",
        "icssi_wagtail.OrganisationDirectoryPage",
    ]
    template = "icssi_wagtail/pages/call_to_action_page.html"

    override_translatable_fields = [
        *PAGE_FIELDS,
        *EVENT_FIELDS,
        *translated("headline", "standfirst", "event_name", "button_label", "eligibility", "body"),
        *derived("themes"),
        *synchronised("tagged_items", "related_testimonials", "hide_venue"),
        *synchronised("registration_opens", "registration_closes"),
        *synchronised("registration_url", "eligibility_url", overridable=True),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("headline"),
        index.SearchField("standfirst"),
        index.SearchField("event_name"),
        index.SearchField("body"),
        index.FilterField("starts_at"),
    ]

    api_fields = [
        APIField("headline"),
        APIField("standfirst"),
        APIField("event_name"),
        APIField("event"),
        APIField("status"),
        APIField("button_label"),
        APIField("registration_url"),
        APIField("registration_opens"),
        APIField("registration_closes"),
        APIField("eligibility"),
        APIField("eligibility_url"),
        APIField("body"),
        APIField("themes"),
        APIField("testimonials"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("headline"),
        FieldPanel("standfirst"),
        FieldPanel("body"),
    ]
    event_panels = [
        FieldPanel("event_name"),
        when_panel(_("Enter local times at the place of the event.")),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("hide_venue"),
            ],
            heading=_("Where"),
        ),
    ]
    action_panels = [
        FieldPanel("button_label"),
        FieldPanel("registration_url"),
        FieldRowPanel([FieldPanel("registration_opens"), FieldPanel("registration_closes")]),
        FieldPanel("eligibility"),
        FieldPanel("eligibility_url"),
    ]
    related_panels = [
        FieldPanel("themes"),
        InlinePanel("related_testimonials", label=_("Testimonials")),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(event_panels, heading=_("Event")),
            ObjectList(action_panels, heading=_("Action")),
            ObjectList(related_panels, heading=_("Themes and testimonials")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("call to action")
        verbose_name_plural = _("calls to action")

    def clean_for_publishing(self):
        super().clean_for_publishing()
        self.clean_event_dates()
        opens, closes = self.registration_opens, self.registration_closes
        if opens and closes and closes < opens:
            raise ValidationError(
                {"registration_closes": _("Registration must not close before it opens.")}
            )

    def save(self, *args, **kwargs):
        self.compute_instants()
        return super().save(*args, **kwargs)

    def get_status(self, now=None):
        """Hook: where the call stands at ``now``, judged in the event's time zone.

        Returns a :class:`CallStatus`: ``upcoming`` before registration opens, ``open``,
        ``closing_soon`` within ``CLOSING_SOON_DAYS`` of closing, ``closed`` after it closes,
        and ``took_place`` once the event has ended.
        """
        now = (now or timezone.now()).astimezone(self.zone)
        if now > self.local_end:
            return CallStatus.TOOK_PLACE
        if self.registration_opens and now.date() < self.registration_opens:
            return CallStatus.UPCOMING
        closes = self.registration_closes and datetime.datetime.combine(
            self.registration_closes, datetime.time(23, 59, 59), tzinfo=self.zone
        )
        if not closes:
            return CallStatus.OPEN
        if now > closes:
            return CallStatus.CLOSED
        if closes - now <= datetime.timedelta(days=get_setting("CLOSING_SOON_DAYS")):
            return CallStatus.CLOSING_SOON
        return CallStatus.OPEN

    @property
    def status(self):
        return self.get_status()

    @property
    def registration_is_open(self):
        return self.status in (CallStatus.OPEN, CallStatus.CLOSING_SOON)

    def get_share_description(self):
        return self.search_description or self.standfirst

    def get_share_image(self):
        """The first image of the body that is not a hidden photo (``safety.visible_image``),
        shared with the page (Open Graph, JSON-LD)."""
        from ..safety import visible_image  # safety imports the models

        for block in self.body:
            if block.block_type == "image" and visible_image(block.value.get("image")):
                return block.value["image"]
        return None

    def get_cached_paths(self):
        """What a front-end cache purges when the page changes: the page and its calendar."""
        return ["/", "calendar/"]

    @subpage("calendar/", name="calendar")
    def calendar(self, request):
        """The event as an iCalendar file, to add to a calendar."""
        from ..calendars import calendar_response

        return calendar_response([self], self.event_name or self.title, self.slug, request)

    def get_activities(self):
        """Hook: the activities shown on the page; by default upcoming ones of its themes."""
        slugs = [theme.slug for theme in canonical_themes_of(self)]
        if not slugs:
            return []
        from ..listing import ActivityFilters, ActivityListing

        upcoming_only = self.status != CallStatus.TOOK_PLACE
        filters = ActivityFilters(themes=tuple(slugs), when="upcoming" if upcoming_only else None)
        return ActivityListing(filters=filters).cards(get_setting("CALL_TO_ACTION_ACTIVITY_COUNT"))

    def get_testimonials(self):
        """The related testimonials that are live and public, in the active language (one
        without a live translation in it is shown as it is), in their order: the same few
        queries whatever their number."""
        links = [
            link
            for link in self.related_testimonials.select_related("testimonial")
            if link.testimonial is not None
        ]
        keys = {link.testimonial.translation_key for link in links}
        translations = {}
        if keys:
            found = TestimonialPage.objects.live().filter(
                locale=active_locale(), translation_key__in=keys
            )
            translations = {page.translation_key: page for page in found}
        testimonials = [
            translations.get(link.testimonial.translation_key, link.testimonial) for link in links
        ]
        return [page for page in testimonials if page.live and not is_private(page)]

    def get_context(self, request, *args, **kwargs):
        """The related themes, activities and testimonials, each left out (empty) where the
        body already shows them: a theme list, an activity list, the same testimonial."""
        context = super().get_context(request, *args, **kwargs)
        body = self.get_body_blocks()
        shown = {block.block_type for block in body}
        themes = [] if "theme_list" in shown else attach_themes([self])[0].display_themes
        context["themes"] = themes
        context["activities"] = [] if "activity_list" in shown else self.get_activities()
        quoted = {
            block.value["page"].translation_key
            for block in body
            if block.block_type == "testimonial" and block.value.get("page") is not None
        }
        context["testimonials"] = [
            page for page in self.get_testimonials() if page.translation_key not in quoted
        ]
        context["activity_index"] = self.get_activity_index()
        context["body_blocks"] = body
        return context

    def get_body_blocks(self):
        """Hook: the body's blocks to show. Once registration has closed or the event took
        place, a call to action block whose button leads to the registration address is
        shown without its button (its heading and text stay), so that no "Register" button
        outlives the registration."""
        if self.status in (CallStatus.UPCOMING, CallStatus.OPEN, CallStatus.CLOSING_SOON):
            return list(self.body)
        return [without_button(block) if self.registers(block) else block for block in self.body]

    def registers(self, block):
        """Whether a body block is a call to register at the page's registration address."""
        if block.block_type != "call_to_action" or not self.registration_url:
            return False
        link = block.value["button"].link or ""
        return link.rstrip("/") == self.registration_url.rstrip("/")

    def get_activity_index(self):
        """Hook: the listing that "all activities" links to; by default the first child index."""
        return public(ActivityIndexPage.objects.child_of(self).live()).first()


def without_button(child):
    """A copy of a call to action block of the body, its button left out."""
    value = StructValue(
        child.value.block,
        [(name, None if name == "button" else v) for name, v in child.value.items()],
    )
    return StreamValue.StreamChild(child.block, value, id=child.id)


class CallToActionTestimonial(Orderable):
    page = ParentalKey(
        CallToActionPage, on_delete=models.CASCADE, related_name="related_testimonials"
    )
    testimonial = models.ForeignKey(
        "icssi_wagtail.TestimonialPage",
        verbose_name=_("testimonial"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [PageChooserPanel("testimonial")]

    class Meta(Orderable.Meta):
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
