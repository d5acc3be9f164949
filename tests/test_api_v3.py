"""Wagtail 8's preview API v3 generates an OpenAPI schema that lists our page types' fields."""

import pytest
import wagtail
from django.test import TestCase

pytestmark = pytest.mark.skipif(
    wagtail.VERSION < (8, 0), reason="API v3 exists from Wagtail 8.0; CI runs this in test-latest."
)


class OpenAPISchemaTests(TestCase):
    def test_schema_lists_our_fields(self):
        response = self.client.get("/api/v3/openapi.json")
        self.assertEqual(response.status_code, 200)
        schemas = response.json()["components"]["schemas"]
        fields = {name: set(schema.get("properties", {})) for name, schema in schemas.items()}
        expected = {
            "ActivityPage": {"summary", "event", "themes", "organisers", "status", "body"},
            "CallToActionPage": {"headline", "event", "status", "registration_url", "body"},
            "TestimonialPage": {"person_name", "quote", "photo", "organisation"},
        }
        for model, names in expected.items():
            with self.subTest(model=model):
                matching = [props for name, props in fields.items() if name.startswith(model)]
                self.assertTrue(matching, f"no schema for {model} in {sorted(schemas)[:20]}")
                self.assertTrue(any(names <= props for props in matching), matching)
