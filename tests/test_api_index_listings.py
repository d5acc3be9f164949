"""An index's detail answer carries what the index page lists (issue 17): the first page of
its cards, as its list endpoint gives them, and an activity index's theme filter with counts;
in the index's language, for a fixed number of queries, with nothing hidden."""

import json

from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import path, resolve
from wagtail.api.v2.router import WagtailAPIRouter

from icssi_wagtail.api import register_endpoints

from . import translated_site
from .test_leaks import VISIBLE_ACTIVITIES, VISIBLE_TESTIMONIALS, HiddenContentTestCase
from .utils import empty_cache, make_activity, make_organisation, make_testimonial


class IndexDetailTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)

    def setUp(self):
        empty_cache()

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def test_activity_index_carries_its_first_page_and_theme_filter(self):
        for index in (self.index, self.index_ar):
            listed = self.get(f"/api/v2/activities/?child_of={index.pk}")
            for endpoint in ("activity-indexes", "pages"):
                with self.subTest(endpoint=endpoint, locale=index.locale.language_code):
                    answer = self.get(f"/api/v2/{endpoint}/{index.pk}/")
                    self.assertEqual(
                        answer["activities"],
                        {
                            "total_count": listed["meta"]["total_count"],
                            "items": listed["items"],
                            "next": None,
                        },
                    )
                    self.assertEqual(len(answer["activities"]["items"]), 1)
                    (theme,) = answer["listed_themes"]
                    self.assertEqual(theme["slug"], "water")
                    self.assertEqual(theme["activity_count"], 1)
                    self.assertEqual(theme["url"], answer["meta"]["html_url"] + "?theme=water")
        arabic = self.get(f"/api/v2/activity-indexes/{self.index_ar.pk}/")
        self.assertEqual(arabic["activities"]["items"][0]["title"], "نشاط")
        self.assertEqual(arabic["listed_themes"][0]["name"], "المياه والنزاعات المسلحة")

    def test_testimonial_index_carries_its_first_page(self):
        for index in (self.testimonials, self.testimonials_ar):
            listed = self.get(f"/api/v2/testimonials/?child_of={index.pk}")
            for endpoint in ("testimonial-indexes", "pages"):
                with self.subTest(endpoint=endpoint, locale=index.locale.language_code):
                    answer = self.get(f"/api/v2/{endpoint}/{index.pk}/")
                    self.assertEqual(answer["testimonials"]["items"], listed["items"])
                    self.assertEqual(answer["testimonials"]["total_count"], 1)
        arabic = self.get(f"/api/v2/testimonial-indexes/{self.testimonials_ar.pk}/")
        self.assertEqual(arabic["testimonials"]["items"][0]["quote"], "اقتباس")

    def test_block_cards_are_the_list_items(self):
        """One shape for a card: an activity list block's are the activities list's items,
        a block's image gives url and full_url as an image field does."""
        for call, index in ((self.call, self.index), (self.call_ar, self.index_ar)):
            with self.subTest(locale=call.locale.language_code):
                body = self.get(f"/api/v2/pages/{call.pk}/")["body"]
                (block,) = [block for block in body if block["type"] == "activity_list"]
                listed = self.get(f"/api/v2/activities/?child_of={index.pk}")["items"]
                self.assertEqual(block["value"]["activities"], listed)
                (block,) = [block for block in body if block["type"] == "testimonial"]
                self.assertEqual(set(block["value"]["meta"]), set(listed[0]["meta"]))

    def test_next_leads_to_the_rest(self):
        for number in range(25):
            make_activity(self.index, title=f"More {number}", slug=f"more-{number}")
        empty_cache()
        listing = self.get(f"/api/v2/activity-indexes/{self.index.pk}/")["activities"]
        self.assertEqual(listing["total_count"], 26)
        self.assertEqual(len(listing["items"]), 20)
        rest = self.get(listing["next"])
        self.assertEqual(len(rest["items"]), 6)
        self.assertIn(f"child_of={self.index.pk}", listing["next"])

    def test_lists_of_indexes_do_not_carry_them(self):
        for url in (
            "activity-indexes/?fields=*",
            "testimonial-indexes/?fields=*",
            "pages/?type=icssi_wagtail.ActivityIndexPage&fields=*",
        ):
            with self.subTest(url=url):
                for item in self.get(f"/api/v2/{url}")["items"]:
                    self.assertNotIn("activities", item)
                    self.assertNotIn("testimonials", item)

    def queries(self, url):
        self.client.get(url)  # makes the renditions the answer needs, once and for all
        empty_cache()
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(url).status_code, 200)
        return len(queries)

    def add_items(self, numbers):
        """Activities and testimonials with all a card shows: themes, organisers, images."""
        for number in numbers:
            organisation = make_organisation(f"Organiser {number}")
            make_activity(
                self.index, themes=[self.water], organisations=[organisation], image=self.photo
            )
            make_testimonial(self.testimonials, photo=self.photo, organisation=organisation)

    def test_queries_do_not_grow_with_the_items(self):
        urls = [
            f"/api/v2/activity-indexes/{self.index.pk}/",
            f"/api/v2/pages/{self.index.pk}/",
            f"/api/v2/testimonial-indexes/{self.testimonials.pk}/",
        ]
        self.add_items(range(1))
        before = [self.queries(url) for url in urls]
        self.add_items(range(1, 8))
        after = [self.queries(url) for url in urls]
        self.assertEqual(after, before)
        self.assertLessEqual(max(after), 25)


class IndexDetailLeakTests(HiddenContentTestCase):
    def test_index_details_show_nothing_hidden(self):
        answers = {
            "activities": [
                f"/api/v2/activity-indexes/{self.index.pk}/",
                f"/api/v2/pages/{self.index.pk}/",
            ],
            "testimonials": [
                f"/api/v2/testimonial-indexes/{self.testimonials.pk}/",
                f"/api/v2/pages/{self.testimonials.pk}/",
            ],
        }
        visible = {"activities": VISIBLE_ACTIVITIES, "testimonials": VISIBLE_TESTIMONIALS}
        for field, urls in answers.items():
            for url in urls:
                with self.subTest(url=url):
                    answer = self.api(url)
                    self.assertNothingHidden(str(answer))
                    titles = sorted(item["title"] for item in answer[field]["items"])
                    self.assertEqual(titles, sorted(visible[field]))
        themes = self.api(f"/api/v2/activity-indexes/{self.index.pk}/")["listed_themes"]
        self.assertEqual(themes[0]["activity_count"], len(VISIBLE_ACTIVITIES))

    def test_a_private_index_is_not_served(self):
        self.get(f"/api/v2/activity-indexes/{self.private_index.pk}/", status=404)


class SchemaRouteTests(TestCase):
    def test_register_endpoints_serves_the_schema(self):
        """A host that includes its router has the schema: it cannot forget the route."""
        router = register_endpoints(WagtailAPIRouter("elsewhere"))
        urlconf = type("urlconf", (), {"urlpatterns": [path("api/", router.urls)]})
        match = resolve("/api/schema/", urlconf=urlconf)
        response = match.func(RequestFactory().get("/api/schema/"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/schema+json")
        self.assertIn("icssi_wagtail.ActivityIndexPage", json.loads(response.content)["$defs"])
