"""Testimonials: people's accounts of the forums they travelled to."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from ..blocks import TestimonialStreamBlock
from ..conf import get_setting
from ..validators import validate_no_control_characters
from .base import IcssiPageMixin, intro_text
from .fields import WebURLField, language_choices
from .listing import public_pages
from .organisations import localize_organisations
from .translation import PAGE_FIELDS, synchronised, translated


class TestimonialIndexPage(IcssiPageMixin, Page):
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    subpage_types = ["icssi_wagtail.TestimonialPage"]
    template = "icssi_wagtail/pages/testimonial_index_page.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    override_translatable_fields = [*PAGE_FIELDS, *translated("intro")]

    search_fields = [*Page.search_fields, index.SearchField("intro")]
    api_fields = [
        APIField("intro"),
        # Detail answers only: the first page of the testimonials.
        APIField("testimonials"),
    ]

    class Meta:
        verbose_name = _("testimonial index")
        verbose_name_plural = _("testimonial indexes")

    def get_share_description(self):
        return self.search_description or intro_text(self.intro)

    def get_listing_queryset(self, request):
        """Hook: the testimonials this index lists."""
        return (
            public_pages(TestimonialPage)
            .child_of(self)
            .defer_streamfields()
            .select_related("organisation", "photo")
            .order_by("-account_date", "-first_published_at")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.get_listing_queryset(request), get_setting("LISTING_PAGE_SIZE"))
        page = paginator.get_page(request.GET.get("page"))
        page.object_list = attach_localized_organisations(page.object_list)
        context["testimonials"] = page
        return context


class TestimonialPage(IcssiPageMixin, Page):
    person_name = models.CharField(
        _("name"), max_length=255, validators=[validate_no_control_characters]
    )
    person_role = models.CharField(
        _("role"),
        max_length=255,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("For example “activist”."),
    )
    organisation = models.ForeignKey(
        "icssi_wagtail.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonials",
    )
    country = CountryField(_("country"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    photo_consent = models.BooleanField(
        _("consent to publish the photo recorded"),
        default=False,
        help_text=_("The photo is shown only while this is ticked. Untick it to withdraw consent."),
    )
    photo_consent_date = models.DateField(_("consent given on"), null=True, blank=True)
    hide_photo = models.BooleanField(
        _("hide the photo"),
        default=False,
        help_text=_("Keep the photo out of every output, even with consent."),
    )
    hide_surname = models.BooleanField(
        _("show only the first name"),
        default=False,
        help_text=_(
            "Show only the first word of the name everywhere (pages, API, search) when the "
            "full name could endanger the person. The title and the account are yours to word."
        ),
    )
    quote = models.TextField(
        _("pull quote"), max_length=500, help_text=_("A short quote shown in listings.")
    )
    body = StreamField(TestimonialStreamBlock(), blank=True, verbose_name=_("full account"))
    event_name = models.CharField(
        _("event"),
        max_length=255,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("The event the account speaks of, for example “Iraqi Social Forum”."),
    )
    event_city = models.CharField(
        _("event city"), max_length=100, blank=True, validators=[validate_no_control_characters]
    )
    event_country = CountryField(_("event country"), blank=True)
    event_year = models.PositiveSmallIntegerField(_("event year"), null=True, blank=True)
    account_date = models.DateField(_("date of the account"), null=True, blank=True)
    original_language = models.CharField(
        _("original language"),
        max_length=15,
        blank=True,
        choices=language_choices,
    )
    translator_credit = models.CharField(
        _("translated by"), max_length=255, blank=True, validators=[validate_no_control_characters]
    )
    original_url = WebURLField(
        _("published elsewhere at"),
        blank=True,
        help_text=_("A link to the account where it was first published."),
    )

    parent_page_types = ["icssi_wagtail.TestimonialIndexPage"]
    subpage_types = []
    template = "icssi_wagtail/pages/testimonial_page.html"

    override_translatable_fields = [
        *PAGE_FIELDS,
        *translated("person_role", "quote", "body", "translator_credit"),
        *translated("event_name", "event_city"),
        # A name is written as the person writes it; a translator may transliterate it.
        *synchronised("person_name", overridable=True),
        *synchronised("organisation", "country", "photo", "photo_consent", "photo_consent_date"),
        *synchronised("hide_photo", "hide_surname"),
        *synchronised("event_country", "event_year", "account_date", "original_language"),
        *synchronised("original_url", overridable=True),
    ]

    search_fields = [
        *Page.search_fields,
        # The public name only: a hidden surname must not find the testimonial.
        index.SearchField("public_person_name"),
        index.SearchField("quote"),
        index.SearchField("body"),
        index.SearchField("event_name"),
    ]

    api_fields = [
        # Shown as public_person_name: a hidden surname never reaches the API.
        APIField("person_name"),
        APIField("person_role"),
        APIField("organisation"),
        APIField("country"),
        # Only while consent is recorded: withdrawing consent removes the photo from the API.
        APIField("photo"),
        APIField("quote"),
        APIField("body"),
        APIField("event_name"),
        APIField("event_city"),
        APIField("event_country"),
        APIField("event_year"),
        APIField("account_date"),
        APIField("original_language"),
        APIField("translator_credit"),
        APIField("original_url"),
    ]

    content_panels = [
        *Page.content_panels,
        FieldPanel("quote"),
        FieldPanel("body"),
    ]
    person_panels = [
        FieldPanel("person_name"),
        FieldPanel("hide_surname"),
        FieldPanel("person_role"),
        FieldPanel("organisation"),
        FieldPanel("country"),
        MultiFieldPanel(
            [
                FieldPanel("photo"),
                FieldRowPanel([FieldPanel("photo_consent"), FieldPanel("photo_consent_date")]),
                FieldPanel("hide_photo"),
            ],
            heading=_("Photo"),
        ),
    ]
    context_panels = [
        MultiFieldPanel(
            [
                FieldPanel("event_name"),
                FieldRowPanel([FieldPanel("event_city"), FieldPanel("event_country")]),
                FieldPanel("event_year"),
            ],
            heading=_("Event"),
        ),
        FieldPanel("account_date"),
        FieldPanel("original_language"),
        FieldPanel("translator_credit"),
        FieldPanel("original_url"),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Account")),
            ObjectList(person_panels, heading=_("Person")),
            ObjectList(context_panels, heading=_("Context")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")

    def clean_for_publishing(self):
        # A photo without consent is allowed: unticking consent is how it is withdrawn, and
        # the photo then disappears from every output (see visible_photo). A draft may wait
        # for the consent's date: no draft is public, and a publish asks for it.
        super().clean_for_publishing()
        if self.photo_consent and not self.photo_consent_date:
            raise ValidationError(
                {"photo_consent_date": _("Enter the date the person gave their consent.")}
            )

    def get_share_image(self):
        return self.visible_photo

    def get_share_description(self):
        return self.search_description or self.quote

    @property
    def visible_photo(self):
        """The photo, only while consent to publish it is recorded (ticked and dated) and it is
        not hidden, here or on any other testimonial that has it (``safety.visible_image``)."""
        from ..safety import visible_image  # safety imports the models

        # Without its date, consent is not recorded, however the row came to be written.
        if not (self.photo_consent and self.photo_consent_date) or self.hide_photo:
            return None
        return visible_image(self.photo)

    @cached_property
    def localized_organisation(self):
        """The organisation in the testimonial's language where it has a translation in it
        (wagtail-localize keeps the source language's row); a list gets them in one query
        with ``attach_localized_organisations``."""
        if self.organisation is None:
            return None
        return localize_organisations([(self.organisation, self.locale_id)])[0]

    @property
    def public_person_name(self):
        """The name as every output shows it: the first word only when the surname is hidden."""
        if self.hide_surname:
            return self.person_name.split(maxsplit=1)[0] if self.person_name.strip() else ""
        return self.person_name


def attach_localized_organisations(testimonials):
    """Set ``localized_organisation`` on each of ``testimonials``, in one query for all.
    Returns them as a list."""
    testimonials = list(testimonials)
    shown = [page for page in testimonials if page.organisation is not None]
    pairs = [(page.organisation, page.locale_id) for page in shown]
    for page, organisation in zip(shown, localize_organisations(pairs), strict=True):
        page.__dict__["localized_organisation"] = organisation
    return testimonials
