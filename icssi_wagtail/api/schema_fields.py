"""The JSON Schema of a model's answer: each of its ``api_fields`` described by its
serializer's class, else by its model field's class (``schema``)."""

from django.db import models
from rest_framework import fields as drf_fields
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from ..models import (
    ActivityIndexPage,
    ActivityPage,
    CallToActionPage,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)
from . import fields as api_fields
from .listings import IndexListingField, ListedThemesField
from .schema_definitions import (
    BOOLEAN,
    DATE,
    DATETIME,
    HTML,
    INTEGER,
    STRING,
    nullable,
    ref,
    stream_schema,
)

# Serializer fields of api.fields by class, most specific first.
SERIALIZER_FIELDS = [
    (api_fields.EventField, ref("event")),
    (api_fields.LabelledChoiceField, ref("choice")),
    (api_fields.CountryField, nullable(ref("country"))),
    (api_fields.ThemesField, {"type": "array", "items": ref("theme")}),
    (api_fields.OrganisersField, {"type": "array", "items": ref("organisation")}),
    (api_fields.OrganisationField, nullable(ref("organisation"))),
    (api_fields.LanguagesField, {"type": "array", "items": ref("language")}),
    (api_fields.ImageField, nullable(ref("image"))),
    (ListedThemesField, {"type": "array", "items": ref("listed_theme")}),
    (api_fields.TestimonialsField, {"type": "array", "items": ref("testimonial_summary")}),
    (drf_fields.IntegerField, nullable(INTEGER)),
    (drf_fields.CharField, STRING),
]

# Model fields by class, most specific first.
MODEL_FIELDS = [
    (RichTextField, HTML),
    (models.DateTimeField, nullable(DATETIME)),
    (models.DateField, nullable(DATE)),
    (models.IntegerField, nullable(INTEGER)),
    (models.BooleanField, BOOLEAN),
    (models.CharField, STRING),
    (models.TextField, STRING),
]


# What each model's list endpoint gives as items, for IndexListingField.
LISTINGS = {
    "icssi_wagtail.ActivityPage": ref("activity_listing"),
    "icssi_wagtail.TestimonialPage": ref("testimonial_listing"),
}


def field_schema(model, api_field):
    serializer = api_field.serializer
    if isinstance(serializer, IndexListingField):
        return LISTINGS.get(serializer.model, {})
    if serializer is not None and not isinstance(serializer, api_fields.StreamBodyField):
        for field_class, schema in SERIALIZER_FIELDS:
            if isinstance(serializer, field_class):
                return schema
    model_field = model._meta.get_field(api_field.name)
    if isinstance(model_field, StreamField):
        return stream_schema(model_field.stream_block)
    for field_class, schema in MODEL_FIELDS:
        if isinstance(model_field, field_class):
            return schema
    return {}


def model_schema(model):
    """An object of ``model`` as its detail answer gives it (Wagtail's ``id``, ``meta`` and
    ``title`` for a page, then its ``api_fields``)."""
    properties = {"id": INTEGER, "meta": {"type": "object"}}
    if issubclass(model, Page):
        properties["title"] = STRING
    for api_field in model.api_fields:
        properties[api_field.name] = field_schema(model, api_field)
    return {
        "type": "object",
        "title": str(model._meta.verbose_name),
        "properties": properties,
        # Endpoints may add meta fields (translations, languages).
        "additionalProperties": True,
    }


def schema_models():
    """The page types and snippets the API serves."""
    return [
        CallToActionPage,
        ActivityIndexPage,
        ActivityPage,
        TestimonialIndexPage,
        TestimonialPage,
        Theme,
        Organisation,
    ]
