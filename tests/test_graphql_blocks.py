"""Every field of every block type answers in GraphQL, whatever the editor left empty.

The query is built from the schema itself (every type that implements grapple's
``StreamFieldInterface``, every field of it), and the pages hold every block their body
offers, so a new block type, a new field or a new page type is covered without editing this
module (a new kind of child block needs a sample value in ``filled``).
"""

from django.apps import apps
from django.test import TestCase
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.documents.models import Document
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageBlock
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from icssi_wagtail.models import ActivityPage, CallToActionPage, TestimonialPage

from .test_graphql import GraphQLMixin, needs_grapple
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)

# "optional-empty": every optional field left empty; "all-empty": required ones too, as when
# the chosen page, image or document has since been deleted.
MODES = ("filled", "optional-empty", "all-empty")
# How deep blocks nest: a call to action's button's page.
DEPTH = 4

SCHEMA_QUERY = """{
  __schema { types { name kind
    possibleTypes { name }
    fields { name args { type { kind } } type { ...Ref } }
  } }
}
fragment Ref on __Type { kind name ofType { kind name ofType { kind name ofType { kind name } } } }
"""


def named_type(ref):
    while ref.get("ofType"):
        ref = ref["ofType"]
    return ref


def callable_fields(schema_type):
    """The fields that need no argument."""
    return [
        field
        for field in schema_type["fields"] or []
        if all(arg["type"]["kind"] != "NON_NULL" for arg in field["args"])
    ]


class BlockQuery:
    """Named fragments ``Level0`` to ``Level<DEPTH>`` on ``StreamFieldInterface``: each asks
    every field of every block type, and the next level for the blocks inside a block."""

    def __init__(self, schema):
        self.types = {schema_type["name"]: schema_type for schema_type in schema}
        self.block_types = [
            item["name"] for item in self.types["StreamFieldInterface"]["possibleTypes"]
        ]

    def fragments(self):
        return "\n".join(self.level(depth) for depth in range(DEPTH + 1))

    def level(self, depth):
        parts = [f"... on {name} {{ {self.selection(name, depth)} }}" for name in self.block_types]
        return f"fragment Level{depth} on StreamFieldInterface {{ field {' '.join(parts)} }}"

    def selection(self, name, depth):
        # Aliased by type: IntegerBlock's value is an Int, CharBlock's a String.
        return " ".join(
            f"{name}_{field['name']}: {field['name']} {self.subselection(field, depth)}"
            for field in callable_fields(self.types[name])
        )

    def subselection(self, field, depth):
        target = named_type(field["type"])
        if target["kind"] in ("SCALAR", "ENUM"):
            return ""
        if target["name"] == "StreamFieldInterface":
            return f"{{ ...Level{depth + 1} }}" if depth < DEPTH else "{ blockType }"
        # A page, image, document or snippet: its own values, not its relations nor what
        # takes arguments (grapple's image srcSet fails without its optional sizes).
        scalars = [
            inner["name"]
            for inner in self.types[target["name"]]["fields"] or []
            if named_type(inner["type"])["kind"] in ("SCALAR", "ENUM") and not inner["args"]
        ]
        return f"{{ __typename {' '.join(scalars)} }}"


@needs_grapple
class EveryBlockTests(GraphQLMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.theme = make_theme("Water", slug="water")
        cls.call = make_call_to_action(title="Host call")
        cls.index = make_activity_index(parent=cls.call, title="Chosen index")
        testimonials = make_testimonial_index(parent=cls.call)
        cls.testimonial = make_testimonial(testimonials, title="Chosen testimonial")
        cls.image = Image.objects.create(title="Chosen image", file=get_test_image_file())
        cls.document = Document.objects.create(title="Chosen document", file=get_test_image_file())
        cls.factories = {
            CallToActionPage: lambda body: make_call_to_action(parent=cls.call, body=body),
            ActivityPage: lambda body: make_activity(cls.index, body=body),
            TestimonialPage: lambda body: make_testimonial(testimonials, body=body),
        }
        cls.pages = [
            (mode, cls.factories[model](cls.stream(model, mode)))
            for model in cls.factories
            for mode in MODES
        ]

    @classmethod
    def stream(cls, model, mode):
        stream_block = model._meta.get_field("body").stream_block
        return [
            {"type": name, "value": cls.sample(block, mode)}
            for name, block in stream_block.child_blocks.items()
        ]

    @classmethod
    def sample(cls, block, mode):
        """The stored value of ``block`` in ``mode``."""
        if isinstance(block, blocks.StructBlock) and not isinstance(block, ImageBlock):
            return {name: cls.sample(child, mode) for name, child in block.child_blocks.items()}
        if mode == "filled" or (mode == "optional-empty" and block.required):
            return cls.filled(block)
        return cls.empty(block)

    @classmethod
    def filled(cls, block):
        if isinstance(block, ImageBlock):
            return {"image": cls.image.pk, "decorative": False, "alt_text": "Alt text"}
        if isinstance(block, blocks.PageChooserBlock):
            return cls.testimonial.pk if block.target_model is TestimonialPage else cls.index.pk
        samples = [
            (DocumentChooserBlock, cls.document.pk),
            (blocks.MultipleChoiceBlock, [cls.theme.slug]),
            (blocks.ChoiceBlock, "organisations"),  # a statistic's live figure
            (blocks.IntegerBlock, 3),
            (blocks.BooleanBlock, True),
            (blocks.URLBlock, "https://example.org/"),
            (blocks.RichTextBlock, "<p>Filled</p>"),
            (blocks.CharBlock, "Filled"),
            (blocks.TextBlock, "Filled"),
        ]
        for block_class, value in samples:
            if isinstance(block, block_class):
                return value
        raise AssertionError(f"No sample value for {block!r}: add one to filled().")

    @staticmethod
    def empty(block):
        if isinstance(block, (blocks.ChooserBlock, ImageBlock, blocks.IntegerBlock)):
            return None
        if isinstance(block, blocks.MultipleChoiceBlock):
            return []
        return False if isinstance(block, blocks.BooleanBlock) else ""

    def test_every_page_type_with_a_stream_field_is_covered(self):
        with_streams = {
            model
            for model in apps.get_app_config("icssi_wagtail").get_models()
            if issubclass(model, Page)
            and any(isinstance(field, StreamField) for field in model._meta.get_fields())
        }
        self.assertEqual(with_streams, set(self.factories))

    def test_every_field_of_every_block(self):
        schema = self.graphql(SCHEMA_QUERY)["__schema"]["types"]
        query = BlockQuery(schema)
        self.assertIn("IcssiButtonBlock", query.block_types)
        fragments = query.fragments()
        for mode, page in self.pages:
            model = type(page)
            with self.subTest(page=model.__name__, mode=mode):
                streams = [
                    field["name"]
                    for field in callable_fields(query.types[model.__name__])
                    if named_type(field["type"])["name"] == "StreamFieldInterface"
                ]
                self.assertTrue(streams)
                selection = " ".join(f"{name} {{ ...Level0 }}" for name in streams)
                data = self.graphql(
                    f"{{ page(id: {page.pk}) {{ ... on {model.__name__} {{ {selection} }} }} }}"
                    + fragments
                )
                body = data["page"][streams[0]]
                self.assertEqual(
                    [block["field"] for block in body],
                    [item["type"] for item in page.body.raw_data],
                )
