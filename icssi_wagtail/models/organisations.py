"""Organisations that organise activities and that testimonial authors belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.api import APIField
from wagtail.models import TranslatableMixin
from wagtail.search import index

from ..validators import validate_no_control_characters
from .choices import Relationship
from .fields import WebURLField
from .translation import synchronised, translated


class OrganisationQuerySet(models.QuerySet):
    def reviewed(self):
        """The organisations a moderator has reviewed: the only ones a list of organisations
        that every visitor sees (the API's ``organisations``, GraphQL's ``snippets`` and
        ``search``, the registration form) may show."""
        return self.filter(awaiting_review=False)


class Organisation(TranslatableMixin, index.Indexed, models.Model):
    Relationship = Relationship

    name = models.CharField(_("name"), max_length=255, validators=[validate_no_control_characters])
    acronym = models.CharField(
        _("acronym"),
        max_length=30,
        blank=True,
        validators=[validate_no_control_characters],
        help_text=_("For example “PDAP”."),
    )
    country = CountryField(_("country"), blank=True)
    city = models.CharField(
        _("city"), max_length=100, blank=True, validators=[validate_no_control_characters]
    )
    website = WebURLField(_("website"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True, max_length=2000)
    relationship = models.CharField(
        _("relationship to ICSSI"),
        max_length=30,
        choices=Relationship.choices,
        default=Relationship.OTHER,
    )
    awaiting_review = models.BooleanField(
        _("awaiting review"),
        default=False,
        help_text=_(
            "Added through the registration form and not yet reviewed: shown nowhere public "
            "until a moderator publishes one of its activities or clears this box."
        ),
    )

    objects = OrganisationQuerySet.as_manager()

    override_translatable_fields = [
        *translated("city", "description"),
        # An organisation's own name; a translator may give its name in their language.
        *synchronised("name", "acronym", overridable=True),
        *synchronised("country", "logo", "relationship"),
        *synchronised("website", overridable=True),
    ]

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("acronym"),
        index.AutocompleteField("acronym"),
        index.SearchField("description"),
        index.FilterField("country"),
        index.FilterField("relationship"),
        index.FilterField("awaiting_review"),
        index.FilterField("locale"),
    ]

    api_fields = [
        APIField("name"),
        APIField("acronym"),
        APIField("country"),
        APIField("city"),
        APIField("website"),
        APIField("relationship"),
        APIField("description"),
        APIField("logo"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        if self.acronym and self.acronym != self.name:
            return f"{self.name} ({self.acronym})"
        return self.name

    @property
    def visible_logo(self):
        """The logo, unless it is a photo hidden for a person's safety
        (``safety.visible_image``)."""
        from ..safety import visible_image  # safety imports the models

        return visible_image(self.logo)


def localize_organisations(pairs):
    """Each organisation of ``pairs`` (``(organisation, locale_id)``) in that locale where it
    has a translation in it, else as it is: an Arabic activity names the Arabic rows of its
    organisers, whose links wagtail-localize keeps pointing at the source language's rows.

    One query for all of them; none when each is already in its locale.
    """
    wanted = {
        (organisation.translation_key, locale_id)
        for organisation, locale_id in pairs
        if organisation is not None and organisation.locale_id != locale_id
    }
    found = {}
    if wanted:
        rows = Organisation.objects.filter(
            translation_key__in={key for key, _locale in wanted},
            locale_id__in={locale for _key, locale in wanted},
        )
        found = {(row.translation_key, row.locale_id): row for row in rows}
    return [
        found.get((organisation.translation_key, locale_id), organisation)
        if organisation is not None
        else None
        for organisation, locale_id in pairs
    ]
