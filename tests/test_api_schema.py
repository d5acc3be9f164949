"""Item 5 of issue 17: a machine-readable description of every page type and block.

``icssi_wagtail.api.schema`` publishes a JSON Schema (draft 2020-12); real answers of every
endpoint, detail and list, English and Arabic, and every block type, match it, and so does
every example it gives.
"""

import jsonschema
from django.test import TestCase

from icssi_wagtail.api.schema import api_schema, list_schema, stream_blocks

from . import translated_site


def definition(name):
    return {
        "$schema": api_schema()["$schema"],
        "$defs": api_schema()["$defs"],
        "$ref": f"#/$defs/{name}",
    }


def validate(instance, schema):
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(
        instance
    )


class SchemaTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)
        cls.call.body = [
            *translated_site.body(cls.testimonial, cls.index),
            ("paragraph", f'<p>See <a linktype="page" id="{cls.index.pk}">the list</a>.</p>'),
            ("quote", {"quote": "We cannot refuse.", "attribution": "Quazi Baby"}),
            ("image", {"image": cls.photo, "caption": "A march"}),
            ("statistic", {"figure": "45", "label": "organisations"}),
            ("button", {"label": "The list", "page": cls.index}),
            (
                "call_to_action",
                {
                    "heading": "Join",
                    "text": "<p>Now.</p>",
                    "button": {"label": "Go", "url": "https://fsm2015.org"},
                },
            ),
        ]
        cls.call.save_revision().publish()

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def test_the_schema_is_valid_and_its_examples_match_it(self):
        jsonschema.Draft202012Validator.check_schema(api_schema())
        for name, schema in api_schema()["$defs"].items():
            forms = [schema, *schema.get("anyOf", [])]
            for example in [example for form in forms for example in form.get("examples", [])]:
                with self.subTest(definition=name, example=str(example)[:40]):
                    validate(example, definition(name))

    def test_every_block_is_described_with_an_example(self):
        defs = api_schema()["$defs"]
        for name in stream_blocks():
            with self.subTest(block=name):
                schema = defs[f"block.{name}"]
                forms = [schema, *schema.get("anyOf", [])]
                self.assertTrue(any(form.get("examples") for form in forms))

    def test_details_match(self):
        details = {
            "icssi_wagtail.CallToActionPage": ("pages", self.call, self.call_ar),
            "icssi_wagtail.ActivityIndexPage": ("pages", self.index, self.index_ar),
            "icssi_wagtail.TestimonialIndexPage": (
                "pages",
                self.testimonials,
                self.testimonials_ar,
            ),
            "icssi_wagtail.ActivityPage": ("activities", self.activity, self.activity_ar),
            "icssi_wagtail.TestimonialPage": (
                "testimonials",
                self.testimonial,
                self.testimonial_ar,
            ),
            "icssi_wagtail.Theme": ("themes", self.water, self.water_ar),
            "icssi_wagtail.Organisation": (
                "organisations",
                self.organisation,
                self.organisation_ar,
            ),
        }
        for label, (endpoint, *objects) in details.items():
            for instance in objects:
                with self.subTest(type=label, id=instance.pk):
                    validate(self.get(f"/api/v2/{endpoint}/{instance.pk}/"), definition(label))

    def test_index_details_with_their_listings_match(self):
        details = [
            ("activity-indexes", "icssi_wagtail.ActivityIndexPage", self.index, "activities"),
            ("activity-indexes", "icssi_wagtail.ActivityIndexPage", self.index_ar, "activities"),
            ("testimonial-indexes", "icssi_wagtail.TestimonialIndexPage", self.testimonials, None),
        ]
        for endpoint, label, index, field in details:
            with self.subTest(endpoint=endpoint, id=index.pk):
                answer = self.get(f"/api/v2/{endpoint}/{index.pk}/")
                validate(answer, definition(label))
                if field:
                    self.assertTrue(answer[field]["items"])
                    self.assertTrue(answer["listed_themes"])
        answer["testimonials"]["items"][0]["meta"] = {}
        with self.assertRaises(jsonschema.ValidationError):
            validate(answer, definition("icssi_wagtail.TestimonialIndexPage"))

    def test_every_block_of_a_real_answer_matches(self):
        body = self.get(f"/api/v2/pages/{self.call.pk}/")["body"]
        self.assertEqual({block["type"] for block in body}, set(stream_blocks()))
        for block in body:
            with self.subTest(block=block["type"]):
                validate(block["value"], definition(f"block.{block['type']}"))

    def test_lists_match(self):
        lists = {
            "icssi_wagtail.ActivityPage": "activities/?fields=*",
            "icssi_wagtail.TestimonialPage": "testimonials/?fields=*",
            "icssi_wagtail.Theme": "themes/?fields=*",
            "icssi_wagtail.Organisation": "organisations/?fields=*",
        }
        for label, url in lists.items():
            for locale in ("en", "ar"):
                with self.subTest(url=url, locale=locale):
                    answer = self.get(f"/api/v2/{url}&locale={locale}")
                    self.assertTrue(answer["items"])
                    validate(answer, list_schema(label))

    def test_a_wrong_answer_does_not_match(self):
        answer = self.get(f"/api/v2/activities/{self.activity.pk}/")
        answer["status"] = "scheduled"
        with self.assertRaises(jsonschema.ValidationError):
            validate(answer, definition("icssi_wagtail.ActivityPage"))

    def test_served(self):
        response = self.client.get("/api/v2/schema/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/schema+json")
        self.assertEqual(response.json()["$defs"].keys(), api_schema()["$defs"].keys())
