"""How the API shows each model's ``api_fields``: the serializer of every field that needs one.

The models name their API fields with Wagtail's own ``APIField("name")`` and know nothing more
of the API; this module, part of the API layer, gives those ``APIField`` objects their
serializers when the app is ready (``IcssiWagtailAppConfig.ready`` calls
``attach_serializers``). It sets the serializer on the very objects the model lists, so a
site's subclass that inherits ``api_fields``, or writes
``api_fields = ActivityPage.api_fields + [APIField("sponsor")]``, shares them and shows
them the same way (docs/integration.md; tests/test_subclasses.py). Wagtail's own API, ours and
the v3 API of Wagtail 8 read ``api_fields`` only when they answer, after ``ready()``.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework.fields import CharField, IntegerField

from ..models import (
    ActivityIndexPage,
    ActivityPage,
    CallToActionPage,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)
from ..models.choices import ActivityStatus, AttendanceMode, CallStatus, Relationship
from ..models.listing import LISTING_RENDITION
from .fields import (
    CountryField,
    EventField,
    ImageField,
    LabelledChoiceField,
    LanguagesField,
    OrganisationField,
    OrganisersField,
    StreamBodyField,
    TestimonialsField,
    ThemesField,
)
from .listings import IndexListingField, ListedThemesField


def serializers():
    """Each model's serializers by field name (new field objects on each call)."""
    return {
        ActivityIndexPage: {
            # Detail answers only: the first page of the activities, the theme filter.
            "activities": IndexListingField("icssi_wagtail.ActivityPage"),
            "listed_themes": ListedThemesField(),
        },
        ActivityPage: {
            "event": EventField(),
            "status": LabelledChoiceField(ActivityStatus),
            "attendance_mode": LabelledChoiceField(AttendanceMode),
            "languages": LanguagesField(),
            "interpretation_languages": LanguagesField(),
            "themes": ThemesField(),
            "organisers": OrganisersField(),
            "image": ImageField(LISTING_RENDITION, source="visible_image"),
            "body": StreamBodyField(),
        },
        CallToActionPage: {
            "event": EventField(),
            "status": LabelledChoiceField(CallStatus, source="get_status"),
            "body": StreamBodyField(),
            "themes": ThemesField(),
            "testimonials": TestimonialsField(),
        },
        TestimonialIndexPage: {
            # Detail answers only: the first page of the testimonials.
            "testimonials": IndexListingField("icssi_wagtail.TestimonialPage"),
        },
        TestimonialPage: {
            # The public name only: a hidden surname never reaches the API.
            "person_name": CharField(source="public_person_name"),
            "organisation": OrganisationField(),
            "country": CountryField(),
            # Only while consent is recorded: withdrawing consent removes the photo.
            "photo": ImageField("fill-400x400", source="visible_photo"),
            "body": StreamBodyField(),
            "event_country": CountryField(),
        },
        Theme: {
            # Annotated by the themes endpoint.
            "activity_count": IntegerField(read_only=True),
        },
        Organisation: {
            "country": CountryField(),
            "relationship": LabelledChoiceField(Relationship),
            "logo": ImageField("max-400x400", source="visible_logo"),
        },
    }


def attach_serializers():
    """Give each model's ``APIField`` objects their serializers (idempotent).

    Raises ``ImproperlyConfigured`` when a model no longer lists a field named here, so that a
    field renamed on the model cannot reach the API without its serializer (the surname, the
    photo of a withdrawn consent).
    """
    for model, by_name in serializers().items():
        declared = {field.name: field for field in model.__dict__.get("api_fields", ())}
        for name, serializer in by_name.items():
            if name not in declared:
                raise ImproperlyConfigured(f"{model.__name__}.api_fields has no {name!r}.")
            declared[name].serializer = serializer
