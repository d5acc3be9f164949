"""Hostile query strings: never a server error.

The activity listing answers 200, reports the filters it could not understand and ignores them.
The API answers 200 (the value applied, or a parameter the endpoint does not apply, ignored) or
400 with a JSON message. The same values run on SQLite, PostgreSQL and MariaDB (``make
test-postgres``, ``make test-mariadb``), where NUL and over-long values fail differently.
"""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase

from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)

FUTURE = datetime.date(2090, 3, 25)
PAST = datetime.date(2015, 3, 25)

HOSTILE = {
    "negative": "-1",
    "huge": str(10**20),
    "text": "abc",
    "percent": "%",
    "underscore": "_",
    "quote": "'",
    "sql": "' OR 1=1 --",
    "nul": "\x00",
    "long": "x" * 5000,
    "html": "<script>alert(1)</script>",
    "bidi": "\u202e",
}
EVERY = frozenset(HOSTILE)
NONE = frozenset()

# Each parameter of the activities endpoint and the hostile values it answers with 200; it
# answers every other one with 400.
ACTIVITY_PARAMETERS = {
    "limit": NONE,
    "offset": NONE,
    "theme": NONE,
    "theme_match": NONE,
    "organisation": NONE,
    "mode": NONE,
    "country": NONE,
    "starts_after": NONE,
    "starts_before": NONE,
    "upcoming": NONE,
    "status": NONE,
    "locale": NONE,
    "child_of": NONE,
    "type": NONE,
    # Words to search for: any text but NUL, up to 200 characters.
    "search": EVERY - {"nul", "long"},
    # "_" is Wagtail's "no default fields".
    "fields": frozenset({"underscore"}),
}
# Parameters Wagtail recognises (so they are no 400) but these endpoints do not apply.
IGNORED_PARAMETERS = ["order", "attendance_mode", "descendant_of", "translation_of", "site"]


class HostileParameterTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water")
        cls.sports = make_theme("Sports against violence", slug="sports")
        cls.forum = make_organisation("Iraqi Social Forum", acronym="ISF")
        cls.index = make_activity_index()
        cls.upcoming = make_activity(
            cls.index,
            title="Water question in Tunis",
            themes=[cls.water],
            organisations=[cls.forum],
            start_date=FUTURE,
        )
        cls.past = make_activity(
            cls.index,
            title="Football in Baghdad",
            themes=[cls.sports],
            start_date=PAST,
            attendance_mode="parallel",
            country="IQ",
        )
        cls.all_titles = ["Football in Baghdad", "Water question in Tunis"]
        cls.testimonials = make_testimonial_index()
        make_testimonial(cls.testimonials)
        make_call_to_action(themes=[cls.water])


class ListingParameterTests(HostileParameterTestCase):
    def get(self, query):
        response = self.client.get(self.index.url, query)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"<script>alert(1)</script>", response.content)
        return response

    def titles(self, response):
        return [activity.title for activity in response.context["activities"]]

    def test_filters_report_and_ignore_hostile_values(self):
        for name in ("theme", "organisation", "mode", "country", "when"):
            for kind, value in HOSTILE.items():
                with self.subTest(parameter=name, value=kind):
                    response = self.get({name: value})
                    self.assertEqual(self.titles(response), self.all_titles)
                    self.assertIn(name, response.context["filter_form"].errors)
                    self.assertContains(response, f'id="id_{name}_error"')
                    self.assertEqual(response.context["query_string"], "")

    def test_page_and_page_size_fall_back_to_valid_values(self):
        for name in ("page", "per_page"):
            for kind, value in HOSTILE.items():
                with self.subTest(parameter=name, value=kind):
                    response = self.get({name: value})
                    paginator = response.context["paginator"]
                    self.assertTrue(1 <= paginator.per_page <= 50)
                    self.assertIn(response.context["activities"].number, paginator.page_range)
                    self.assertTrue(self.titles(response))

    def test_unknown_parameters_are_ignored(self):
        for name in ("q", "search", "attendance", "\x00", "x" * 5000):
            for kind in ("nul", "long", "html"):
                with self.subTest(parameter=name[:10], value=kind):
                    response = self.get({name: HOSTILE[kind]})
                    self.assertEqual(self.titles(response), self.all_titles)

    def test_repeated_parameters(self):
        cases = [
            ({"theme": ["water", "water"]}, ["Water question in Tunis"]),
            ({"theme": ["water", "\x00"]}, self.all_titles),  # reported, so all ignored
            ({"theme": ["water"] * 500}, ["Water question in Tunis"]),
            ({"mode": ["online", "parallel"]}, ["Football in Baghdad"]),  # the last one
            ({"country": ["IQ", "\x00"]}, self.all_titles),
            ({"when": ["upcoming", "past"]}, ["Football in Baghdad"]),
            ({"organisation": [str(self.forum.pk), "abc"]}, self.all_titles),
            ({"page": ["1", "abc", str(10**20)]}, self.all_titles),
            ({"per_page": ["1", "-1"]}, ["Football in Baghdad"]),
        ]
        for query, expected in cases:
            with self.subTest(query=str(query)[:60]):
                self.assertEqual(self.titles(self.get(query)), expected)


class APIParameterTestCase(HostileParameterTestCase):
    def get(self, path, query):
        response = self.client.get(path, query)
        self.assertIn(response.status_code, (200, 400), response.content[:300])
        self.assertEqual(response["Content-Type"], "application/json")
        data = response.json()
        if response.status_code == 400:
            self.assertIsInstance(data["message"], str)
            self.assertTrue(data["message"])
            self.assertNotIn("public", response.get("Cache-Control", ""))
        else:
            self.assertIsInstance(data["items"], list)
        return response.status_code, data


class ActivitiesParameterTests(APIParameterTestCase):
    url = "/api/v2/activities/"

    def test_every_filter_answers_200_or_a_400_naming_it(self):
        for name, accepted in ACTIVITY_PARAMETERS.items():
            for kind, value in HOSTILE.items():
                with self.subTest(parameter=name, value=kind):
                    status, data = self.get(self.url, {name: value})
                    self.assertEqual(status, 200 if kind in accepted else 400)
                    if status == 400 and name != "child_of":  # Wagtail: "parent page ..."
                        self.assertIn(name, data["message"])

    def test_parameters_these_endpoints_do_not_apply_are_ignored(self):
        for name in IGNORED_PARAMETERS:
            for kind, value in HOSTILE.items():
                with self.subTest(parameter=name, value=kind):
                    status, data = self.get(self.url, {name: value})
                    self.assertEqual(status, 200)
                    self.assertEqual(data["meta"]["total_count"], 2)

    def test_unknown_parameters_are_a_400(self):
        for name in ("colour", "q", "\x00", "x" * 5000, "<script>"):
            with self.subTest(parameter=name[:10]):
                status, data = self.get(self.url, {name: "1"})
                self.assertEqual(status, 400)
                self.assertIn("not an operation or a recognised field", data["message"])

    def test_nul_and_vague_booleans_are_rejected_not_ignored(self):
        cases = {
            "theme": ("water,\x00", "theme: Null characters are not allowed."),
            "upcoming": ("maybe", "upcoming: Select a valid choice."),
            "locale": ("", "locale: Unknown language code."),
        }
        for name, (value, message) in cases.items():
            with self.subTest(parameter=name):
                status, data = self.get(self.url, {name: value})
                self.assertEqual(status, 400)
                self.assertIn(message, data["message"])
        self.assertEqual(self.get(self.url, {"upcoming": "True"})[1]["meta"]["total_count"], 1)

    def test_repeated_filters_are_a_400_not_silently_the_last_one(self):
        for name, values in [
            ("theme", ["water", "sports"]),
            ("upcoming", ["true", "false"]),
            ("search", ["a", "\x00"]),
            ("organisation", [str(self.forum.pk)] * 2),
        ]:
            with self.subTest(parameter=name):
                status, data = self.get(self.url, {name: values})
                self.assertEqual(status, 400)
                self.assertEqual(data["message"], f"{name}: give this parameter once.")
        status, data = self.get(self.url, {"limit": ["50", "1"]})
        self.assertEqual((status, len(data["items"])), (200, 1))
        self.assertEqual(self.get(self.url, {"limit": ["1", "-1"]})[0], 400)

    def test_a_logged_in_user_gets_the_same_answers(self):
        user = get_user_model().objects.create_superuser("admin", "a@example.org", "password")
        self.client.force_login(user)
        for query in ({"offset": HOSTILE["huge"]}, {"theme": HOSTILE["nul"]}):
            with self.subTest(query=str(query)[:30]):
                self.assertEqual(self.get(self.url, query)[0], 400)


class OtherEndpointParameterTests(APIParameterTestCase):
    ENDPOINTS = {
        "testimonials": ["limit", "offset", "locale", "child_of", "fields"],
        "themes": ["limit", "offset", "locale", "fields"],
        "organisations": ["limit", "offset", "locale", "fields"],
    }

    def test_every_parameter_answers_200_or_400(self):
        for endpoint, names in self.ENDPOINTS.items():
            for name in names:
                accepted = ACTIVITY_PARAMETERS[name]
                for kind, value in HOSTILE.items():
                    with self.subTest(endpoint=endpoint, parameter=name, value=kind):
                        status, _data = self.get(f"/api/v2/{endpoint}/", {name: value})
                        self.assertEqual(status, 200 if kind in accepted else 400)

    def test_search_and_order_are_ignored(self):
        for endpoint in self.ENDPOINTS:
            for name in ("search", "order"):
                for kind, value in HOSTILE.items():
                    with self.subTest(endpoint=endpoint, parameter=name, value=kind):
                        status, data = self.get(f"/api/v2/{endpoint}/", {name: value})
                        self.assertEqual(status, 200)
                        self.assertEqual(data["meta"]["total_count"], len(data["items"]))
                        self.assertGreater(len(data["items"]), 0)


class FindEndpointTests(TestCase):
    """``<endpoint>/find/?id=`` and ``?html_path=`` redirect to an object, or answer 400/404."""

    @classmethod
    def setUpTestData(cls):
        cls.activity = make_activity(make_activity_index(), title="Water question")

    def test_hostile_ids_and_paths(self):
        for endpoint in ("activities", "testimonials", "themes", "organisations"):
            for name in ("id", "html_path"):
                for kind, value in HOSTILE.items():
                    with self.subTest(endpoint=endpoint, parameter=name, value=kind):
                        response = self.client.get(f"/api/v2/{endpoint}/find/", {name: value})
                        self.assertIn(response.status_code, (400, 404))
                        self.assertTrue(response.json()["message"])
                        if name == "id" and kind not in ("huge",):
                            self.assertEqual(response.status_code, 400)

    def test_valid_ids_and_paths_still_redirect(self):
        detail = f"/api/v2/activities/{self.activity.pk}/"
        for query in ({"id": self.activity.pk}, {"html_path": self.activity.url}):
            with self.subTest(query=query):
                response = self.client.get("/api/v2/activities/find/", query)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].split("?")[0].endswith(detail))
