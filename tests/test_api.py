import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, PageViewRestriction

from icssi_wagtail.cache import invalidate_all
from icssi_wagtail.models import ActivityOrganiser

from .utils import (
    SEARCH_SEES_UNCOMMITTED_ROWS,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    translate_theme,
)

PAST = datetime.date(2015, 3, 25)
FUTURE = datetime.date(2025, 3, 25)


class ActivitiesEndpointTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water", sort_order=4)
        cls.sports = make_theme("Sports against violence", slug="sports", sort_order=6)
        cls.forum = make_organisation("Iraqi Social Forum", acronym="ISF")
        cls.pdap = make_organisation("PDAP", country="BD")
        cls.index = make_activity_index()
        cls.other_index = make_activity_index()
        cls.tunis = make_activity(
            cls.index,
            title="Water question in Tunis",
            themes=[cls.water],
            organisations=[cls.forum],
            start_date=FUTURE,
            body=[("paragraph", f'<p><a linktype="page" id="{cls.index.pk}">All</a></p>')],
        )
        cls.baghdad = make_activity(
            cls.index,
            title="Football in Baghdad",
            themes=[cls.sports],
            organisations=[cls.pdap],
            start_date=PAST,
            attendance_mode="parallel",
            country="IQ",
            time_zone="Asia/Baghdad",
            status="cancelled",
        )
        cls.both = make_activity(
            cls.other_index,
            title="Water and sport online",
            themes=[cls.water, cls.sports],
            organisations=[cls.pdap, cls.forum],
            start_date=FUTURE + datetime.timedelta(days=1),
            attendance_mode="online",
        )

    def get(self, query="", status=200):
        response = self.client.get("/api/v2/activities/" + query)
        self.assertEqual(response.status_code, status, response.content[:500])
        return response.json()

    def titles(self, query=""):
        return [item["title"] for item in self.get(query)["items"]]

    def test_listing_fields(self):
        item = self.get("?theme=water&country=TN")["items"][0]
        self.assertEqual(item["title"], "Water question in Tunis")
        self.assertEqual(item["themes"], [{"slug": "water", "name": "Water and armed conflicts"}])
        self.assertEqual(
            item["organisers"],
            [
                {
                    "id": self.forum.pk,
                    "name": "Iraqi Social Forum",
                    "acronym": "ISF",
                    "country": {"code": "IQ", "name": "Iraq"},
                    "website": "",
                }
            ],
        )
        self.assertEqual(item["event"]["start"], "2025-03-25T10:00:00+01:00")
        self.assertEqual(item["event"]["time_zone"], "Africa/Tunis")
        self.assertEqual(item["status"], {"value": "scheduled", "label": "Scheduled"})
        self.assertTrue(item["meta"]["html_url"].startswith("http://"))
        self.assertTrue(item["meta"]["detail_url"].endswith(f"/api/v2/activities/{self.tunis.pk}/"))
        self.assertNotIn("body", item)

    def test_listing_gives_themes_and_organisers_in_their_order(self):
        ActivityOrganiser.objects.filter(page=self.both, organisation=self.pdap).update(
            sort_order=7
        )
        make_activity(
            self.index,
            title="Secret organisers",
            themes=[self.water],
            organisations=[self.forum],
            hide_organisers=True,
        )
        make_activity(self.index, title="Nothing attached")
        items = {item["title"]: item for item in self.get("?limit=20")["items"]}
        both = items["Water and sport online"]
        self.assertEqual([theme["slug"] for theme in both["themes"]], ["water", "sports"])
        self.assertEqual(
            [(item["id"], item["country"]) for item in both["organisers"]],
            [
                (self.forum.pk, {"code": "IQ", "name": "Iraq"}),
                (self.pdap.pk, {"code": "BD", "name": "Bangladesh"}),
            ],
        )
        self.assertEqual(items["Secret organisers"]["organisers"], [])
        self.assertEqual(items["Secret organisers"]["themes"][0]["slug"], "water")
        self.assertEqual(
            (items["Nothing attached"]["themes"], items["Nothing attached"]["organisers"]), ([], [])
        )

    def test_listing_names_themes_in_each_page_language(self):
        arabic = Locale.objects.create(language_code="ar")
        translate_theme(self.water, arabic, "المياه والنزاعات المسلحة")
        self.index.copy_for_translation(arabic, copy_parents=True).save_revision().publish()
        self.tunis.copy_for_translation(arabic).save_revision().publish()
        (item,) = self.get("?locale=ar")["items"]
        self.assertEqual(item["themes"], [{"slug": "water", "name": "المياه والنزاعات المسلحة"}])
        self.assertEqual([organiser["id"] for organiser in item["organisers"]], [self.forum.pk])

    def test_detail_gives_body_as_front_end_html(self):
        data = self.client.get(f"/api/v2/activities/{self.tunis.pk}/").json()
        self.assertEqual(data["body"][0]["value"], f'<p><a href="{self.index.url}">All</a></p>')

    def test_ordered_by_start(self):
        self.assertEqual(
            self.titles(),
            ["Football in Baghdad", "Water question in Tunis", "Water and sport online"],
        )

    def test_filters(self):
        cases = {
            "?theme=water": ["Water question in Tunis", "Water and sport online"],
            "?theme=water,sports": [
                "Football in Baghdad",
                "Water question in Tunis",
                "Water and sport online",
            ],
            "?theme=water,sports&theme_match=all": ["Water and sport online"],
            f"?organisation={self.pdap.pk}": ["Football in Baghdad", "Water and sport online"],
            "?mode=parallel": ["Football in Baghdad"],
            "?country=iq": ["Football in Baghdad"],
            "?starts_after=2025-03-26": ["Water and sport online"],
            "?starts_before=2020-01-01": ["Football in Baghdad"],
            "?upcoming=true": ["Water question in Tunis", "Water and sport online"],
            "?upcoming=false": ["Football in Baghdad"],
            "?status=cancelled": ["Football in Baghdad"],
            f"?child_of={self.other_index.pk}": ["Water and sport online"],
            "?locale=en": [
                "Football in Baghdad",
                "Water question in Tunis",
                "Water and sport online",
            ],
        }
        if SEARCH_SEES_UNCOMMITTED_ROWS:
            cases["?search=Football"] = ["Football in Baghdad"]
        for query, expected in cases.items():
            with self.subTest(query=query):
                self.assertEqual(self.titles(query), expected)

    def test_bad_parameters_get_a_400_with_a_message(self):
        cases = {
            "?limit=-1": "limit",
            "?limit=101": "limit",
            "?limit=abc": "limit",
            "?offset=-5": "offset",
            "?offset=100000000000000000000": "offset",
            "?offset=%00": "offset",
            "?theme=no-such-theme": "Unknown theme: no-such-theme.",
            "?theme=%25": "Unknown theme",
            "?organisation=abc": "organisation",
            "?organisation=99999999999999999999": "organisation",
            "?mode=teleport": "mode",
            "?country=Iraq": "country",
            "?starts_after=2015-13-45": "starts_after",
            "?starts_before=yesterday": "starts_before",
            "?status=maybe": "status",
            "?locale=xx": "locale",
            "?search=%00": "search",
            "?search=" + "x" * 500: "search",
            "?type=wagtailcore.Page": "type",
            "?colour=red": "colour: This endpoint has no such parameter",
        }
        for query, message in cases.items():
            with self.subTest(query=query[:40]):
                data = self.get(query, status=400)
                self.assertIn(message, data["message"])

    def test_hidden_activities_never_appear(self):
        draft = make_activity(self.index, title="Draft", publish_it=False)
        private = make_activity(self.index, title="Private")
        PageViewRestriction.objects.create(page=private, restriction_type="login")
        scheduled = make_activity(self.index, title="Scheduled", publish_it=False)
        scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
        scheduled.save_revision().publish()
        self.tunis.title = "Unpublished new title"
        self.tunis.save_revision()
        titles = self.titles()
        for hidden in ("Draft", "Private", "Scheduled", "Unpublished new title"):
            self.assertNotIn(hidden, titles)
        for page in (draft, private, scheduled):
            self.assertEqual(self.client.get(f"/api/v2/activities/{page.pk}/").status_code, 404)

    def test_untranslated_locale_is_empty(self):
        Locale.objects.create(language_code="ar")
        self.assertEqual(self.titles("?locale=ar"), [])


class QueryCountTests(TestCase):
    """Each list endpoint answers with the same number of queries at any size and limit."""

    def populate(self, size):
        image = Image.objects.create(title="Forum", file=get_test_image_file())
        themes = [make_theme(slug=f"s{size}-{n}") for n in range(3)]
        organisations = [make_organisation() for _ in range(3)]
        index = make_activity_index()
        testimonials = make_testimonial_index()
        for n in range(size):
            make_activity(
                index,
                themes=themes[: 1 + n % 3],
                organisations=organisations[: 1 + n % 3],
                image=image,
                start_date=FUTURE + datetime.timedelta(days=n),
            )
            make_testimonial(
                testimonials,
                organisation=organisations[n % 3],
                photo=image,
                photo_consent=True,
                photo_consent_date=PAST,
            )
        return themes[0].slug

    def count(self, url):
        self.client.get(url)  # warm Wagtail's per-process caches (site root paths, locales)
        invalidate_all()  # then compute the answer again, not read it from the app's cache
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return len(captured), len(response.json()["items"])

    def test_list_endpoints_cost_a_fixed_number_of_queries(self):
        theme = self.populate(3)
        small = {
            "activities": self.count("/api/v2/activities/?limit=2"),
            "activities-theme": self.count(f"/api/v2/activities/?theme={theme}&limit=2"),
            "testimonials": self.count("/api/v2/testimonials/?limit=2"),
            "themes": self.count("/api/v2/themes/?limit=2"),
            "organisations": self.count("/api/v2/organisations/?limit=2"),
        }
        theme = self.populate(25)
        large = {
            "activities": self.count("/api/v2/activities/?limit=25"),
            "activities-theme": self.count(f"/api/v2/activities/?theme={theme}&limit=25"),
            "testimonials": self.count("/api/v2/testimonials/?limit=25"),
            "themes": self.count("/api/v2/themes/?limit=6"),
            "organisations": self.count("/api/v2/organisations/?limit=6"),
        }
        for name in small:
            with self.subTest(endpoint=name):
                self.assertEqual(small[name][0], large[name][0])
                self.assertGreater(large[name][1], small[name][1])
        self.assertLessEqual(large["activities"][0], 8)


class OtherEndpointTests(TestCase):
    def test_themes_count_live_activities(self):
        water = make_theme("Water", slug="water", sort_order=1)
        make_theme("Sports", slug="sports", sort_order=2)
        index = make_activity_index()
        make_activity(index, themes=[water])
        make_activity(index, themes=[water], publish_it=False)
        items = self.client.get("/api/v2/themes/").json()["items"]
        self.assertEqual(
            [(item["slug"], item["name"], item["activity_count"]) for item in items],
            [("water", "Water", 1), ("sports", "Sports", 0)],
        )

    def test_organisations(self):
        make_organisation(
            "PDAP", acronym="PDAP", country="BD", relationship="international_partner"
        )
        item = self.client.get("/api/v2/organisations/").json()["items"][0]
        self.assertEqual(item["relationship"]["label"], "International partner")
        self.assertEqual(item["country"], {"code": "BD", "name": "Bangladesh"})

    def test_testimonial_photo_only_with_consent(self):
        image = Image.objects.create(title="Portrait", file=get_test_image_file())
        index = make_testimonial_index()
        with_consent = make_testimonial(
            index, photo=image, photo_consent=True, photo_consent_date=PAST
        )
        # Its own photo: a photo without consent is hidden wherever it is placed.
        other = Image.objects.create(title="Portrait", file=get_test_image_file())
        withdrawn = make_testimonial(index, photo=other, photo_consent=False)
        data = {
            item["id"]: item for item in self.client.get("/api/v2/testimonials/").json()["items"]
        }
        self.assertEqual(data[with_consent.pk]["photo"]["width"], 400)
        self.assertIsNone(data[withdrawn.pk]["photo"])
        detail = self.client.get(f"/api/v2/testimonials/{withdrawn.pk}/").json()
        self.assertIsNone(detail["photo"])

    def test_call_to_action_in_pages_endpoint(self):
        call = make_call_to_action(start_date=FUTURE, end_date=FUTURE)
        data = self.client.get(f"/api/v2/pages/{call.pk}/").json()
        self.assertEqual(data["headline"], "Join Iraqi activists at the World Social Forum!")
        self.assertEqual(data["status"]["value"], "open")
        self.assertEqual(data["event"]["time_zone"], "Africa/Tunis")


class RegisterEndpointsTests(TestCase):
    def test_a_second_router_after_the_urls_are_built(self):
        from django.urls import get_resolver
        from wagtail.api.v2.router import WagtailAPIRouter

        from icssi_wagtail.api import register_endpoints

        self.assertTrue(get_resolver("tests.urls").url_patterns)  # builds the first router
        router = register_endpoints(WagtailAPIRouter("second"))
        self.assertEqual(
            sorted(router._endpoints),
            [
                "activities",
                "activity-indexes",
                "calls-to-action",
                "organisation-directory",
                "organisations",
                "schema",
                "testimonial-indexes",
                "testimonials",
                "themes",
            ],
        )
