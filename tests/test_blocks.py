from django.core.exceptions import ValidationError
from django.test import RequestFactory, TestCase
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

from icssi_wagtail.blocks import (
    ActivityListBlock,
    ButtonBlock,
    CallToActionBlock,
    CallToActionStreamBlock,
    FigureBlock,
    QuoteBlock,
    StatisticBlock,
    TestimonialBlock,
    ThemeListBlock,
)

from .utils import (
    make_activity,
    make_activity_index,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)


def render(block, raw):
    return block.render(block.to_python(raw))


class BlockMetaTests(TestCase):
    def test_every_block_has_icon_description_template_and_label(self):
        for name, block in CallToActionStreamBlock().child_blocks.items():
            with self.subTest(block=name):
                self.assertNotEqual(block.meta.icon, "placeholder")
                self.assertTrue(block.get_description())
                self.assertTrue(block.meta.template.startswith("icssi_wagtail/blocks/"))

    def test_every_block_offers_a_preview(self):
        for name, block in CallToActionStreamBlock().child_blocks.items():
            with self.subTest(block=name):
                self.assertTrue(block.is_previewable)
                block.render(block.get_preview_value())
        expected = [
            (ButtonBlock(), "Register on the World Social Forum site"),
            (CallToActionBlock(), "Join Iraqi activists at the World Social Forum!"),
            (StatisticBlock(), "30,000+"),
            (QuoteBlock(), "Quazi Baby, PDAP"),
        ]
        for block, text in expected:
            with self.subTest(block=type(block).__name__):
                self.assertIn(text, block.render(block.get_preview_value()))


class ButtonBlockTests(TestCase):
    def test_external_link(self):
        html = render(ButtonBlock(), {"label": "Register", "url": "https://fsm2015.org/en"})
        self.assertInHTML(
            '<a class="icssi-button" href="https://fsm2015.org/en">Register</a>', html
        )

    def test_exactly_one_link_is_required(self):
        block = ButtonBlock()
        with self.assertRaises(StructBlockValidationError) as caught:
            block.clean(block.to_python({"label": "Register"}))
        self.assertIn(
            "Choose a page, a document or an external address", str(caught.exception.block_errors)
        )
        index = make_activity_index()
        with self.assertRaises(StructBlockValidationError) as caught:
            block.clean(
                block.to_python({"label": "Go", "url": "https://a.example", "page": index.pk})
            )
        self.assertIn("Choose only one of", str(caught.exception.block_errors))

    def test_a_draft_may_wait_for_its_link(self):
        # Wagtail's deferred validation: a draft, an autosave, a preview.
        block = ButtonBlock()
        index = make_activity_index()
        for value in (
            {"label": "Register"},
            {"label": "Go", "url": "https://a.example", "page": index.pk},
        ):
            with self.subTest(value=value):
                self.assertEqual(
                    block.clean_deferred(block.to_python(value))["label"], value["label"]
                )
        with self.assertRaises(ValidationError):
            block.clean_deferred(block.to_python({"label": "Go", "url": "javascript:alert(1)"}))

    def test_unsafe_url_is_rejected(self):
        block = ButtonBlock()
        for url in ("javascript:alert(1)", "ftp://example.org/file"):
            with self.subTest(url=url), self.assertRaises(ValidationError):
                block.clean(block.to_python({"label": "Go", "url": url}))

    def test_link_to_unpublished_page_renders_nothing(self):
        index = make_activity_index()
        index.unpublish()
        html = render(ButtonBlock(), {"label": "Go", "page": index.pk})
        self.assertNotIn("<a", html)

    def test_api_representation(self):
        index = make_activity_index()
        block = ButtonBlock()
        value = block.to_python({"label": "Activities", "page": index.pk})
        self.assertEqual(
            block.get_api_representation(value),
            {"label": "Activities", "type": "page", "url": "http://localhost" + index.url},
        )


class ContentBlockTests(TestCase):
    def test_call_to_action(self):
        block = CallToActionBlock()
        value = block.to_python(
            {
                "heading": "Meet the Iraqi delegation",
                "text": "<p>In Tunis</p>",
                "button": {"label": "Register", "url": "https://fsm2015.org/en"},
            }
        )
        html = block.render(value)
        self.assertIn("Meet the Iraqi delegation", html)
        self.assertIn("https://fsm2015.org/en", html)
        self.assertEqual(
            block.get_api_representation(value)["button"]["url"], "https://fsm2015.org/en"
        )
        self.assertEqual(block.get_api_representation(value)["text"], "<p>In Tunis</p>")

    def test_statistic_and_quote_escape_html(self):
        html = render(
            StatisticBlock(),
            {"figure": "30,000+", "label": "<script>x</script>", "source": "", "source_url": ""},
        )
        self.assertIn("30,000+", html)
        self.assertIn("&lt;script&gt;", html)
        html = render(QuoteBlock(), {"quote": "We could not refuse.", "attribution": "Quazi Baby"})
        self.assertIn("<blockquote", html)
        self.assertIn("Quazi Baby", html)

    def test_statistic_needs_a_figure_when_published_not_in_a_draft(self):
        block = StatisticBlock()
        value = block.to_python({"figure": "", "live_figure": "", "label": "people"})
        with self.assertRaises(StructBlockValidationError) as caught:
            block.clean(value)
        self.assertIn("Type a figure or choose a live figure.", str(caught.exception.block_errors))
        self.assertEqual(block.clean_deferred(value)["label"], "people")

    def test_image_needs_alt_text_or_decorative(self):
        image = Image.objects.create(title="March", file=get_test_image_file())
        block = FigureBlock()
        missing = block.to_python(
            {"image": {"image": image.pk, "alt_text": "", "decorative": False}}
        )
        with self.assertRaises(ValidationError):
            block.clean(missing)
        described = block.to_python(
            {
                "image": {"image": image.pk, "alt_text": "Opening march", "decorative": False},
                "caption": "Tunis",
            }
        )
        block.clean(described)
        self.assertIn('alt="Opening march"', block.render(described))
        decorative = block.to_python(
            {"image": {"image": image.pk, "alt_text": "", "decorative": True}}
        )
        block.clean(decorative)
        self.assertIn('alt=""', block.render(decorative))
        api = block.get_api_representation(described)
        self.assertEqual(
            (api["alt"], api["caption"], api["decorative"]), ("Opening march", "Tunis", False)
        )
        self.assertEqual((api["width"], api["height"]), (640, 480))


class TestimonialBlockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.testimonial = make_testimonial(make_testimonial_index(), person_name="Quazi Baby")

    def test_renders_quote_and_link(self):
        html = render(TestimonialBlock(), {"page": self.testimonial.pk})
        self.assertIn(self.testimonial.quote, html)
        self.assertIn(self.testimonial.url, html)
        api = TestimonialBlock().get_api_representation(
            TestimonialBlock().to_python({"page": self.testimonial.pk})
        )
        self.assertEqual(api["person_name"], "Quazi Baby")

    def test_api_shows_only_the_first_name_when_the_surname_is_hidden(self):
        self.testimonial.hide_surname = True
        self.testimonial.save_revision().publish()
        api = TestimonialBlock().get_api_representation(
            TestimonialBlock().to_python({"page": self.testimonial.pk})
        )
        self.assertEqual(api["person_name"], "Quazi")
        self.assertNotIn("Baby", str(api))

    def test_unpublished_or_private_testimonial_is_not_shown(self):
        PageViewRestriction.objects.create(page=self.testimonial, restriction_type="login")
        html = render(TestimonialBlock(), {"page": self.testimonial.pk})
        self.assertNotIn(self.testimonial.quote, html)
        self.assertIsNone(
            TestimonialBlock().get_api_representation(
                TestimonialBlock().to_python({"page": self.testimonial.pk})
            )
        )
        PageViewRestriction.objects.all().delete()
        self.testimonial.unpublish()
        self.assertNotIn(
            self.testimonial.quote, render(TestimonialBlock(), {"page": self.testimonial.pk})
        )


class ListingBlockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water", sort_order=1)
        cls.sports = make_theme("Sports against violence", slug="sports", sort_order=2)
        cls.index = make_activity_index()
        make_activity(cls.index, title="Dams and wars", themes=[cls.water])
        make_activity(cls.index, title="Football", themes=[cls.sports])
        make_activity(cls.index, title="Draft dams", themes=[cls.water], publish_it=False)

    def test_activity_list_shows_live_activities_of_its_themes(self):
        html = render(
            ActivityListBlock(),
            {"themes": ["water"], "index": self.index.pk, "count": 5, "upcoming_only": True},
        )
        self.assertIn("Dams and wars", html)
        self.assertNotIn("Football", html)
        self.assertNotIn("Draft dams", html)
        self.assertIn(self.index.url, html)

    def test_activity_list_respects_count(self):
        html = render(ActivityListBlock(), {"themes": [], "count": 1, "upcoming_only": False})
        self.assertEqual(html.count("icssi-activity-card"), 1)

    def test_theme_choices_are_validated(self):
        block = ActivityListBlock()
        with self.assertRaises(ValidationError):
            block.clean(block.to_python({"themes": ["not-a-theme"], "count": 5}))

    def test_theme_list_links_to_filtered_listing(self):
        html = render(ThemeListBlock(), {"index": self.index.pk, "themes": []})
        self.assertIn(f"{self.index.url}?theme=water", html)
        self.assertIn("Sports against violence", html)
        self.assertLess(html.index("Water and armed"), html.index("Sports against"))

    def test_api_representations_name_their_settings(self):
        block = ThemeListBlock()
        value = block.to_python({"index": self.index.pk, "themes": ["water"], "heading": "Themes"})
        self.assertEqual(
            block.get_api_representation(value),
            {
                "heading": "Themes",
                "themes": ["water"],
                "index": self.index.pk,
                # What the block shows (api.resolved).
                "index_url": self.index.full_url,
                "listed_themes": [
                    {
                        "slug": "water",
                        "name": "Water and armed conflicts",
                        "activity_count": 1,
                        "url": f"{self.index.full_url}?theme=water",
                    }
                ],
            },
        )


class StreamRenderingTests(TestCase):
    def test_paragraph_api_gives_front_end_html(self):
        index = make_activity_index()
        block = CallToActionStreamBlock()
        value = block.to_python(
            [{"type": "paragraph", "value": f'<p><a linktype="page" id="{index.pk}">All</a></p>'}]
        )
        api = block.get_api_representation(value, context={"request": RequestFactory().get("/")})
        self.assertEqual(api[0]["value"], f'<p><a href="{index.url}">All</a></p>')
        self.assertIsInstance(value[0].value, RichText)
