"""The JSON Schema shapes that the API's fields share (``$defs``: ``choice``, ``event``,
``theme``, cards, listings, ...), and the helpers that write them (``schema``)."""

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


def stream_schema(stream_block):
    """A StreamField's answer: a list of ``{"type", "value", "id"}``, one form per block."""
    forms = [
        obj(
            {"type": {"const": name}, "value": ref(f"block.{name}"), "id": STRING},
        )
        for name in stream_block.child_blocks
    ]
    return {"type": "array", "items": {"oneOf": forms}}
