"""A JSON Schema (draft 2020-12) of the API's answers: every page type, snippet and block.

``api_schema()`` builds it from the code: each model's ``api_fields`` (their serializer
fields, or their model fields), and each StreamField's blocks, looked up by class, so that a
host's subclass of a page type or block keeps its description. Each block's definition carries
an example answer. ``schema_view`` serves it as ``application/schema+json``; a host routes it,
for example at ``/api/v2/schema/``.

The definitions (``$defs``) a client reads:

- ``<app_label>.<Model>``: an object of that type as a detail answer gives it (list items give
  ``id``, ``meta`` and the fields asked for: ``<app_label>.<Model>.item``);
- ``block.<name>``: the ``value`` of a block of that type in a StreamField (``BLOCKS``, here);
- ``choice``, ``country``, ``event``, ``theme``, ``organisation``, ``image``, ``language``,
  ``page_meta``, ``activity_card``, ``testimonial_card``, ``listed_theme``,
  ``activity_listing``, ``testimonial_listing``: the shapes the fields share
  (``schema_definitions``).

How each model field is described is in ``schema_fields``.
"""

import functools

from django.http import JsonResponse
from django.urls import path
from wagtail.fields import StreamField

from .. import blocks
from .schema_definitions import (
    BOOLEAN,
    BUTTON,
    DIALECT,
    HTML,
    INTEGER,
    SHARED,
    STRING,
    nullable,
    obj,
    ref,
    stream_schema,
)
from .schema_fields import field_schema, model_schema, schema_models

# Kept for code that imported them from here.
__all__ = ["field_schema", "model_schema", "nullable", "obj", "stream_schema"]

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
            {
                "figure": STRING,
                "live_figure": {"enum": ["", "organisations", "activities"]},
                "label": STRING,
                "source": STRING,
                "source_url": STRING,
            },
            description="An optional field not filled in is empty. With a live_figure, "
            "figure is that figure counted now in the page's language.",
            examples=[
                {
                    "figure": "30,000+",
                    "live_figure": "",
                    "label": "people",
                    "source": "ICSSI",
                    "source_url": "",
                },
                {
                    "figure": "45",
                    "live_figure": "organisations",
                    "label": "organisations taking part",
                    "source": "",
                    "source_url": "",
                },
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
