"""Item 6 of issue 17: one request renders a page.

A call to action's activity-list, theme-list and testimonial blocks carry what they show (the
activity cards, the themes with their counts and links, the testimonial with its photo), in the
page's language, for a number of queries that does not grow with the number of blocks.
"""

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from . import translated_site
from .utils import empty_cache, make_theme


def blocks_by_type(body):
    return {block["type"]: block["value"] for block in body}


class ResolvedBlocksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)

    def body(self, page):
        response = self.client.get(f"/api/v2/pages/{page.pk}/")
        self.assertEqual(response.status_code, 200, response.content[:300])
        return blocks_by_type(response.json()["body"])

    def test_english_call_to_action(self):
        blocks = self.body(self.call)
        activities = blocks["activity_list"]
        self.assertTrue(activities["index_url"].endswith(self.index.url))
        (card,) = activities["activities"]
        self.assertEqual(card["id"], self.activity.pk)
        self.assertEqual(card["title"], self.activity.title)
        self.assertEqual(card["status"], {"value": "scheduled", "label": "Scheduled"})
        self.assertEqual(card["themes"], [{"slug": "water", "name": "Water and armed conflicts"}])
        self.assertEqual(card["organisers"][0]["name"], "Iraqi Social Forum")
        self.assertTrue(card["meta"]["html_url"].endswith(self.activity.url))
        themes = blocks["theme_list"]
        self.assertEqual(
            themes["listed_themes"],
            [
                {
                    "slug": "water",
                    "name": "Water and armed conflicts",
                    "activity_count": 1,
                    "url": themes["index_url"] + "?theme=water",
                }
            ],
        )
        testimonial = blocks["testimonial"]
        self.assertEqual(testimonial["id"], self.testimonial.pk)
        self.assertEqual(
            (testimonial["photo"]["width"], testimonial["photo"]["height"]), (400, 400)
        )

    def test_arabic_call_to_action(self):
        blocks = self.body(self.call_ar)
        (card,) = blocks["activity_list"]["activities"]
        self.assertEqual(card["id"], self.activity_ar.pk)
        self.assertEqual(card["title"], "نشاط")
        self.assertEqual(card["status"]["label"], "مُجدوَل")
        self.assertEqual(card["organisers"][0]["name"], "المنتدى الاجتماعي العراقي")
        self.assertTrue(blocks["activity_list"]["index_url"].endswith(self.index_ar.url))
        (theme,) = blocks["theme_list"]["listed_themes"]
        self.assertEqual((theme["name"], theme["activity_count"]), ("المياه والنزاعات المسلحة", 1))
        self.assertEqual(blocks["testimonial"]["quote"], "اقتباس")
        self.assertIsNotNone(blocks["testimonial"]["photo"])

    def test_a_hidden_photo_stays_null(self):
        self.testimonial.photo_consent = False
        self.testimonial.save_revision().publish()
        for page in (self.call, self.call_ar):
            with self.subTest(page=page.title):
                self.assertIsNone(self.body(page)["testimonial"]["photo"])

    def count(self, page):
        self.client.get(f"/api/v2/pages/{page.pk}/")  # renditions made
        empty_cache()
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(f"/api/v2/pages/{page.pk}/")
        self.assertEqual(response.status_code, 200)
        return len(captured), response.json()["body"]

    def test_queries_do_not_grow_with_the_number_of_blocks(self):
        sports = make_theme("Sports against violence", slug="sports")
        for page in (self.call, self.call_ar):
            with self.subTest(page=page.title):
                page.body = [
                    *translated_site.body(self.testimonial, self.index),
                    ("theme_list", {"index": self.index, "themes": ["water"]}),
                ]
                page.save_revision().publish()
                few, body = self.count(page)
                self.assertEqual(len(body), 5)
                page.body = [
                    *translated_site.body(self.testimonial, self.index),
                    *translated_site.body(self.testimonial, self.index),
                    ("activity_list", {"themes": ["sports"], "count": 2}),
                    ("activity_list", {"index": self.index, "upcoming_only": False}),
                    ("theme_list", {"index": self.index, "themes": ["water", "sports"]}),
                ]
                page.save_revision().publish()
                many, body = self.count(page)
                self.assertEqual(len(body), 11)
                self.assertEqual(many, few)
                lists = [block for block in body if block["type"] == "activity_list"]
                self.assertEqual(
                    [len(block["value"]["activities"]) for block in lists], [1, 1, 0, 1]
                )
                self.assertIsNotNone(sports)


class ResolvedBlocksInListsTests(TestCase):
    """A list of pages whose bodies show activities, themes and testimonials costs the same
    queries for 2 pages as for 6, in each language."""

    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)

    def add_calls(self, count):
        from .utils import make_call_to_action

        for _ in range(count):
            make_call_to_action(
                parent=self.call,
                themes=[self.water],
                body=translated_site.body(self.testimonial, self.index),
            )

    def count(self):
        url = "/api/v2/calls-to-action/?fields=body&locale=en"
        self.client.get(url)  # renditions made
        empty_cache()
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content[:300])
        items = response.json()["items"]
        for item in items:
            lists = [block for block in item["body"] if block["type"] == "activity_list"]
            self.assertEqual(len(lists[0]["value"]["activities"]), 1)
        return len(captured), len(items)

    def test_queries_do_not_grow_with_the_number_of_pages(self):
        self.add_calls(1)
        few, few_items = self.count()
        self.add_calls(4)
        many, many_items = self.count()
        self.assertEqual(many_items - few_items, 4)
        self.assertEqual(many, few)
