"""A JSON Schema (draft 2020-12) of the API's answers: every page type, snippet and block.

``api_schema()`` builds it from the code: each model's ``api_fields`` (their serializer
fields, or their model fields), and each StreamField's blocks, looked up by class, so that a
host's subclass of a page type or block keeps its description. Each block's definition carries
an example answer. ``schema_view`` serves it as ``application/schema+json``; a host routes it,
for example at ``/api/v2/schema/``.

The definitions (``$defs``) a client reads:

- ``<app_label>.<Model>``: an object of that type as a detail answer gives it (list items give
  ``id``, ``meta`` and the fields asked for: ``<app_label>.<Model>.item``);
- ``block.<name>``: the ``value`` of a block of that type in a StreamField;
- ``choice``, ``country``, ``event``, ``theme``, ``organisation``, ``image``, ``language``,
  ``page_meta``, ``activity_card``, ``testimonial_card``, ``listed_theme``,
  ``activity_listing``, ``testimonial_listing``: the shapes the fields share.
"""

import functools

from django.db import models
from django.http import JsonResponse
from django.urls import path
from rest_framework import fields as drf_fields
from wagtail.fields import RichTextField, StreamField

from .. import blocks
from . import fields as api_fields
from .listings import IndexListingField, ListedThemesField

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def ref(name):
    return {"$ref": f"#/$defs/{name}"}


def nullable(schema):
    return {"anyOf": [schema, {"type": "null"}]}


def obj(properties, required=None, **extra):
    """A closed object: every property named, all required unless ``required`` says."""
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
        **extra,
    }


STRING, INTEGER, BOOLEAN = {"type": "string"}, {"type": "integer"}, {"type": "boolean"}
HTML = {"type": "string", "contentMediaType": "text/html"}
URL = {"type": "string", "description": "An absolute address, or empty."}
DATE = {"type": "string", "format": "date"}
DATETIME = {"type": "string", "format": "date-time"}

SHARED = {
    "choice": obj(
        {"value": STRING, "label": STRING},
        description="A stored value and its label in the language of the page or snippet.",
        examples=[{"value": "took_place", "label": "Took place"}],
    ),
    "country": obj(
        {"code": STRING, "name": STRING},
        description="ISO 3166-1 alpha-2 code and the name in the page's language.",
        examples=[{"code": "TN", "name": "Tunisia"}],
    ),
    "language": obj(
        {"code": STRING, "name": STRING, "name_local": STRING, "bidi": BOOLEAN},
        description="A language: its name in the page's language and in itself.",
        examples=[{"code": "ar", "name": "Arabic", "name_local": "العربية", "bidi": True}],
    ),
    "event": obj(
        {
            "start": DATETIME,
            "end": DATETIME,
            "time_zone": STRING,
            "all_day": BOOLEAN,
            "venue": STRING,
            "city": STRING,
            "country": nullable(ref("country")),
        },
        description="Where and when, in the event's own time zone (ISO 8601 with offset).",
    ),
    "theme": obj(
        {"slug": STRING, "name": STRING},
        description="The slug is the same in every language; the name is the page's.",
        examples=[{"slug": "water", "name": "Water and armed conflicts"}],
    ),
    "organisation": obj(
        {
            "id": INTEGER,
            "name": STRING,
            "acronym": STRING,
            "country": nullable(ref("country")),
            "website": URL,
        },
        description="In the page's language where the organisation has a translation in it.",
    ),
    "image": {
        "anyOf": [
            obj(
                {
                    "url": STRING,
                    "full_url": STRING,
                    "width": INTEGER,
                    "height": INTEGER,
                    "alt": STRING,
                }
            ),
            obj({"error": STRING}),
        ],
        "description": "One rendition: the field's own size, or ?image_size=<name> "
        "(the IMAGE_SIZES setting). Null for a photo hidden for a person's safety.",
    },
}
SHARED["page_meta"] = obj(
    {
        "type": STRING,
        "detail_url": nullable(STRING),
        "html_url": STRING,
        "slug": STRING,
        "first_published_at": nullable(DATETIME),
        "locale": STRING,
    },
    description="A card's meta, as the items of a page list give it.",
)
SHARED["activity_card"] = obj(
    {
        "id": INTEGER,
        "meta": ref("page_meta"),
        "title": STRING,
        "summary": STRING,
        "event": ref("event"),
        "status": ref("choice"),
        "attendance_mode": ref("choice"),
        "themes": {"type": "array", "items": ref("theme")},
        "organisers": {"type": "array", "items": ref("organisation")},
        "image": nullable(ref("image")),
    },
    description="An activity as a card shows it, in the page's language: the shape of the "
    "items of the activities list.",
)
SHARED["testimonial_summary"] = obj(
    {
        "id": INTEGER,
        "meta": ref("page_meta"),
        "title": STRING,
        "person_name": STRING,
        "quote": STRING,
    }
)
SHARED["testimonial_card"] = obj(
    {
        "id": INTEGER,
        "meta": ref("page_meta"),
        "title": STRING,
        "person_name": STRING,
        "quote": STRING,
        "organisation": nullable(ref("organisation")),
        "photo": nullable(ref("image")),
    },
    description="A testimonial as the items of the testimonials list give it.",
)
SHARED["listed_theme"] = obj(
    {"slug": STRING, "name": STRING, "activity_count": INTEGER, "url": nullable(STRING)},
    description="A theme of an index's filter: its name in the page's language, the number of "
    "live activities of the index and the index's address filtered by it.",
)


def listing(card):
    return nullable(
        obj(
            {
                "total_count": INTEGER,
                "items": {"type": "array", "items": ref(card)},
                "next": nullable(STRING),
            },
            description="The first page of what an index lists, as its list endpoint gives it "
            "for ?child_of=<index>; next is that list's next page. Detail answers only.",
        )
    )


SHARED["activity_listing"] = listing("activity_card")
SHARED["testimonial_listing"] = listing("testimonial_card")

BUTTON = obj(
    {"label": STRING, "type": {"enum": ["page", "document", "url"]}, "url": STRING},
    description="Null when the button has nowhere a visitor may go.",
)

# Block definitions by class, most specific first: a host's subclass keeps its description.
BLOCKS = [
    (
        blocks.HeadingBlock,
        {**STRING, "examples": ["Activities registered by Iraqi organisations"]},
    ),
    (
        blocks.ParagraphBlock,
        {**HTML, "examples": ['<p>In 2015 the forum met in <a href="/tunis/">Tunis</a>.</p>']},
    ),
    (
        blocks.QuoteBlock,
        obj(
            {"quote": STRING, "attribution": STRING},
            examples=[{"quote": "We cannot refuse.", "attribution": "Quazi Baby, PDAP"}],
        ),
    ),
    (
        blocks.StatisticBlock,
        obj(
            {"figure": STRING, "label": STRING, "source": STRING, "source_url": STRING},
            description="An optional field not filled in is empty.",
            examples=[
                {"figure": "30,000+", "label": "people", "source": "ICSSI", "source_url": ""}
            ],
        ),
    ),
    (
        blocks.FigureBlock,
        nullable(
            obj(
                {
                    "id": INTEGER,
                    "url": STRING,
                    "full_url": STRING,
                    "width": INTEGER,
                    "height": INTEGER,
                    "alt": STRING,
                    "decorative": BOOLEAN,
                    "caption": STRING,
                },
                examples=[
                    {
                        "id": 3,
                        "url": "/media/images/march.max-1200x1200.jpg",
                        "full_url": "https://example.org/media/images/march.max-1200x1200.jpg",
                        "width": 1200,
                        "height": 800,
                        "alt": "The opening march",
                        "decorative": False,
                        "caption": "Tunis, 24 March 2015",
                    }
                ],
            )
        ),
    ),
    (
        blocks.ButtonBlock,
        {
            **nullable(BUTTON),
            "examples": [
                {"label": "Register", "type": "url", "url": "https://fsm2015.org/en"},
                None,
            ],
        },
    ),
    (
        blocks.CallToActionBlock,
        obj(
            {"heading": STRING, "text": HTML, "button": nullable(BUTTON)},
            examples=[
                {
                    "heading": "Join Iraqi activists at the World Social Forum!",
                    "text": "<p>Anyone endorsing the charter may take part.</p>",
                    "button": {"label": "Register", "type": "url", "url": "https://fsm2015.org"},
                }
            ],
        ),
    ),
    (
        blocks.TestimonialBlock,
        nullable(
            obj(
                {
                    "id": INTEGER,
                    "meta": ref("page_meta"),
                    "title": STRING,
                    "person_name": STRING,
                    "quote": STRING,
                    "photo": nullable(ref("image")),
                },
                description="The testimonial in the page's language; null when it is not "
                "public. The photo only while consent is recorded and it is not hidden.",
                examples=[
                    {
                        "id": 21,
                        "meta": {
                            "type": "icssi_wagtail.TestimonialPage",
                            "detail_url": "https://example.org/api/v2/testimonials/21/",
                            "html_url": "https://example.org/testimonials/quazi-baby/",
                            "slug": "quazi-baby",
                            "first_published_at": "2015-03-20T09:00:00Z",
                            "locale": "en",
                        },
                        "title": "Quazi Baby: why we went to Tunis",
                        "person_name": "Quazi Baby",
                        "quote": "If the Iraqi people invite us, we cannot refuse.",
                        "photo": None,
                    }
                ],
            )
        ),
    ),
    (
        blocks.ActivityListBlock,
        obj(
            {
                "heading": STRING,
                "themes": {
                    "type": "array",
                    "items": STRING,
                    "description": "The chosen theme slugs; empty for every theme.",
                },
                "index": nullable(INTEGER),
                "count": INTEGER,
                "upcoming_only": BOOLEAN,
                "index_url": nullable(STRING),
                "activities": {"type": "array", "items": ref("activity_card")},
            },
            description="index: the id of the chosen activity index in the page's language "
            "(null when none is chosen or it is not public); activities: the cards shown, at "
            "most count, upcoming ones only with upcoming_only.",
            examples=[
                {
                    "heading": "Activities",
                    "themes": ["water"],
                    "index": 7,
                    "count": 5,
                    "upcoming_only": False,
                    "index_url": "https://example.org/wsf-2015/activities/",
                    "activities": [],
                }
            ],
        ),
    ),
    (
        blocks.ThemeListBlock,
        obj(
            {
                "heading": STRING,
                "themes": {"type": "array", "items": STRING},
                "index": nullable(INTEGER),
                "index_url": nullable(STRING),
                "listed_themes": {"type": "array", "items": ref("listed_theme")},
            },
            description="listed_themes: the chosen themes (every theme when none is chosen) "
            "in their order, named in the page's language, with the number of live activities "
            "of the index and the listing's address filtered by the theme.",
            examples=[
                {
                    "heading": "Themes",
                    "themes": [],
                    "index": 7,
                    "index_url": "https://example.org/wsf-2015/activities/",
                    "listed_themes": [
                        {
                            "slug": "water",
                            "name": "Water and armed conflicts",
                            "activity_count": 2,
                            "url": "https://example.org/wsf-2015/activities/?theme=water",
                        }
                    ],
                }
            ],
        ),
    ),
]


def block_schema(block):
    """The definition of the ``value`` of ``block`` (by class, ``BLOCKS``)."""
    for block_class, schema in BLOCKS:
        if isinstance(block, block_class):
            return schema
    return {"description": f"A {type(block).__name__}: Wagtail's API representation."}


def stream_schema(stream_block):
    """A StreamField's answer: a list of ``{"type", "value", "id"}``, one form per block."""
    forms = [
        obj(
            {"type": {"const": name}, "value": ref(f"block.{name}"), "id": STRING},
        )
        for name in stream_block.child_blocks
    ]
    return {"type": "array", "items": {"oneOf": forms}}


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
    from wagtail.models import Page

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
    from ..models import (
        ActivityIndexPage,
        ActivityPage,
        CallToActionPage,
        Organisation,
        TestimonialIndexPage,
        TestimonialPage,
        Theme,
    )

    return [
        CallToActionPage,
        ActivityIndexPage,
        ActivityPage,
        TestimonialIndexPage,
        TestimonialPage,
        Theme,
        Organisation,
    ]


def stream_blocks():
    """Every block of every StreamField of ``schema_models()``, by name."""
    found = {}
    for model in schema_models():
        for field in model._meta.get_fields():
            if isinstance(field, StreamField):
                for name, block in field.stream_block.child_blocks.items():
                    found.setdefault(name, block)
    return found


@functools.cache
def api_schema():
    """The whole JSON Schema: ``$defs`` for every shape, page type, snippet and block."""
    defs = dict(SHARED)
    for name, block in stream_blocks().items():
        defs[f"block.{name}"] = block_schema(block)
    for model in schema_models():
        label = model._meta.label
        schema = model_schema(model)
        defs[f"{label}.item"] = {**schema, "required": ["id", "meta"]}
        defs[label] = {**schema, "required": list(schema["properties"])}
    return {
        "$schema": DIALECT,
        "$id": "icssi_wagtail/api/schema.json",
        "title": "icssi-wagtail API answers",
        "description": __doc__.split("\n\n")[0],
        "$defs": defs,
        "oneOf": [ref(model._meta.label) for model in schema_models()],
    }


def list_schema(label):
    """A list answer of the objects of definition ``label``."""
    return {
        "$schema": DIALECT,
        "$defs": api_schema()["$defs"],
        "type": "object",
        "properties": {
            "meta": {
                "type": "object",
                "properties": {"total_count": INTEGER},
                "required": ["total_count"],
            },
            "items": {"type": "array", "items": ref(f"{label}.item")},
        },
        "required": ["meta", "items"],
    }


class SchemaEndpoint:
    """``schema/`` on a host's ``WagtailAPIRouter`` (``register_endpoints`` adds it), so that
    the schema is served wherever the endpoints it describes are."""

    class model:  # serves no model: the router never links an object here
        pass

    @classmethod
    def get_urlpatterns(cls):
        return [path("", schema_view, name="schema")]


def schema_view(request):
    """The JSON Schema of the API's answers (``api_schema``)."""
    return JsonResponse(
        api_schema(),
        content_type="application/schema+json",
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
