"""Item 2 of issue 17: references inside translated pages and blocks lead to the translation.

wagtail-localize keeps a translated page's chosen pages, related testimonials and organisers
pointing at the source language's rows. The API, GraphQL and the HTML give, for an Arabic page,
the Arabic testimonial, the Arabic activity index and the Arabic organisation wherever they
exist; an English page keeps the English ones.
"""

import json

from django.test import TestCase

from . import translated_site


def blocks_by_type(body):
    return {block["type"]: block["value"] for block in body}


class ReferencesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def test_arabic_call_to_action_in_the_api(self):
        page = self.get(f"/api/v2/pages/{self.call_ar.pk}/")
        self.assertEqual([item["id"] for item in page["testimonials"]], [self.testimonial_ar.pk])
        blocks = blocks_by_type(page["body"])
        self.assertEqual(blocks["testimonial"]["id"], self.testimonial_ar.pk)
        self.assertEqual(blocks["testimonial"]["quote"], "اقتباس")
        self.assertEqual(blocks["activity_list"]["index"], self.index_ar.pk)
        self.assertEqual(blocks["theme_list"]["index"], self.index_ar.pk)
        # The index the blocks name lists the Arabic activity.
        listed = self.get(f"/api/v2/activities/?child_of={self.index_ar.pk}&locale=ar")
        self.assertEqual([item["id"] for item in listed["items"]], [self.activity_ar.pk])

    def test_english_call_to_action_keeps_the_english_pages(self):
        page = self.get(f"/api/v2/pages/{self.call.pk}/")
        self.assertEqual([item["id"] for item in page["testimonials"]], [self.testimonial.pk])
        blocks = blocks_by_type(page["body"])
        self.assertEqual(blocks["testimonial"]["id"], self.testimonial.pk)
        self.assertEqual(blocks["activity_list"]["index"], self.index.pk)

    def test_arabic_activity_names_the_arabic_organisation(self):
        organisation = {"id": self.organisation_ar.pk, "name": "المنتدى الاجتماعي العراقي"}
        for url in (
            f"/api/v2/activities/{self.activity_ar.pk}/",
            "/api/v2/activities/?locale=ar&fields=organisers",
        ):
            with self.subTest(url=url):
                data = self.get(url)
                item = data["items"][0] if "items" in data else data
                (found,) = item["organisers"]
                self.assertEqual({"id": found["id"], "name": found["name"]}, organisation)
        english = self.get(f"/api/v2/activities/{self.activity.pk}/")
        self.assertEqual(english["organisers"][0]["id"], self.organisation.pk)

    def test_arabic_testimonial_names_the_arabic_organisation(self):
        testimonial = self.get(f"/api/v2/testimonials/{self.testimonial_ar.pk}/")
        self.assertEqual(testimonial["organisation"]["id"], self.organisation_ar.pk)

    def test_arabic_html(self):
        call = self.client.get(self.call_ar.url).content.decode()
        self.assertIn(self.testimonial_ar.url, call)
        self.assertNotIn(f'href="{self.testimonial.url}"', call)
        self.assertIn(self.index_ar.url, call)
        activity = self.client.get(self.activity_ar.url).content.decode()
        self.assertIn("المنتدى الاجتماعي العراقي", activity)
        listing = self.client.get(self.index_ar.url).content.decode()
        self.assertIn("المنتدى الاجتماعي العراقي", listing)
        for page in (self.testimonial_ar, self.testimonials_ar):
            with self.subTest(page=page.title):
                html = self.client.get(page.url).content.decode()
                self.assertIn("المنتدى الاجتماعي العراقي", html)
                self.assertNotIn("Iraqi Social Forum (ISF)", html)


@translated_site.needs_grapple
class GraphQLReferencesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)

    def page(self, page_id, fields):
        query = f"{{ page(id: {page_id}) {{ id {fields} }} }}"
        response = self.client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json"
        )
        result = response.json()
        self.assertNotIn("errors", result, result.get("errors"))
        return result["data"]["page"]

    def test_arabic_call_to_action(self):
        page = self.page(
            self.call_ar.pk,
            "... on CallToActionPage { testimonials { id } body { blockType rawValue } }",
        )
        self.assertEqual(page["testimonials"], [{"id": str(self.testimonial_ar.pk)}])
        blocks = {
            block["blockType"]: json.loads(block["rawValue"])
            for block in page["body"]
            if block["blockType"] != "HeadingBlock"
        }
        self.assertEqual(blocks["TestimonialBlock"]["id"], self.testimonial_ar.pk)
        self.assertEqual(blocks["ActivityListBlock"]["index"], self.index_ar.pk)
        self.assertEqual(blocks["ThemeListBlock"]["index"], self.index_ar.pk)

    def test_arabic_activity(self):
        page = self.page(self.activity_ar.pk, "... on ActivityPage { organisers { id name } }")
        self.assertEqual(
            page["organisers"],
            [{"id": str(self.organisation_ar.pk), "name": "المنتدى الاجتماعي العراقي"}],
        )

    def test_arabic_testimonial(self):
        page = self.page(self.testimonial_ar.pk, "... on TestimonialPage { organisation { id } }")
        self.assertEqual(page["organisation"], {"id": str(self.organisation_ar.pk)})
