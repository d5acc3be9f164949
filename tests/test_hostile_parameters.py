"""Hostile query strings: never a server error.

The activity listing answers 200, reports the filters it could not understand and ignores them.
The API answers 200 (the value applied) or 400 with a JSON message, a parameter the endpoint
does not apply included. The same values run on SQLite, PostgreSQL and MariaDB (``make
test-postgres``, ``make test-mariadb``), where NUL and over-long values fail differently.
"""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase

from icssi_wagtail.api import register_endpoints

from .utils import (
    SEARCH_SEES_UNCOMMITTED_ROWS,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)


class EndpointRecorder:
    """A stand-in for a host's ``WagtailAPIRouter``: which endpoints the app registers."""

    def __init__(self):
        self.endpoints = {}

    def register_endpoint(self, name, viewset):
        self.endpoints[name] = viewset


# MariaDB's full-text indexes see only committed rows, and a TestCase never commits.
FUTURE = datetime.date(2025, 3, 25)
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
    # Past the 64-bit integers of every database (SQLite raised OverflowError).
    "overflow": str(2**63),
    "exponent": "1e30",
    # Full-text syntax: a lone quote was a syntax error in SQLite's FTS5.
    "double_quote": '"',
    "full_text": 'NEAR(a* b) AND -(c) OR "d ^e @2',
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
    # Words to search for: any text but NUL, up to 200 characters, with a word in it.
    "search": EVERY - {"nul", "long", "double_quote"},
    # "_" is Wagtail's "no default fields".
    "fields": frozenset({"underscore"}),
}
# Parameters of Wagtail's API (or database fields, which Wagtail takes as filters) that these
# endpoints do not apply: a 400 naming them, not silently ignored (issue 17, item 9).
REFUSED_PARAMETERS = ["order", "attendance_mode", "languages", "descendant_of", "site"]


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

    def test_parameters_these_endpoints_do_not_apply_are_a_400(self):
        for name in REFUSED_PARAMETERS:
            for kind, value in HOSTILE.items():
                with self.subTest(parameter=name, value=kind):
                    status, data = self.get(self.url, {name: value})
                    self.assertEqual(status, 400)
                    self.assertEqual(data["parameter"], name)

    def test_unknown_parameters_are_a_400(self):
        for name in ("colour", "q", "\x00", "x" * 5000, "<script>"):
            with self.subTest(parameter=name[:10]):
                status, data = self.get(self.url, {name: "1"})
                self.assertEqual(status, 400)
                self.assertIn("This endpoint has no such parameter", data["message"])

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
                self.assertEqual(data["message"], f"{name}: Give this parameter once.")
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
        "calls-to-action": ["limit", "offset", "locale", "child_of", "fields"],
        "activity-indexes": ["limit", "offset", "locale", "child_of", "fields"],
        "testimonial-indexes": ["limit", "offset", "locale", "child_of", "fields"],
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

    def test_order_is_a_400_and_search_reads_words(self):
        for endpoint in self.ENDPOINTS:
            for kind, value in HOSTILE.items():
                with self.subTest(endpoint=endpoint, parameter="order", value=kind):
                    status, data = self.get(f"/api/v2/{endpoint}/", {"order": value})
                    self.assertEqual((status, data["parameter"]), (400, "order"))
                with self.subTest(endpoint=endpoint, parameter="search", value=kind):
                    status, data = self.get(f"/api/v2/{endpoint}/", {"search": value})
                    if endpoint in ("themes", "organisations"):  # no search: a 400
                        self.assertEqual(status, 400)
                    elif kind in ("nul", "double_quote"):  # NUL; no word to search for
                        self.assertEqual((status, data["parameter"]), (400, "search"))
                    else:
                        self.assertEqual(status, 200)


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
                        if name == "id" and kind not in ("huge", "overflow"):
                            self.assertEqual(response.status_code, 400)

    def test_valid_ids_and_paths_still_redirect(self):
        detail = f"/api/v2/activities/{self.activity.pk}/"
        for query in ({"id": self.activity.pk}, {"html_path": self.activity.url}):
            with self.subTest(query=query):
                response = self.client.get("/api/v2/activities/find/", query)
                self.assertEqual(response.status_code, 302)
                self.assertTrue(response["Location"].split("?")[0].endswith(detail))


class EveryEndpointParameterTests(APIParameterTestCase):
    """Every endpoint the app registers, every query parameter it knows, every hostile value:
    200 or 400 (404 for an unknown ``format``), on SQLite, PostgreSQL and MariaDB."""

    def test_every_known_parameter_of_every_endpoint(self):
        endpoints = register_endpoints(EndpointRecorder()).endpoints
        self.assertEqual(
            set(endpoints),
            {
                "activities",
                "testimonials",
                "calls-to-action",
                "activity-indexes",
                "testimonial-indexes",
                "themes",
                "organisations",
                "organisation-directory",
                "schema",
            },
        )
        del endpoints["schema"]  # the JSON Schema, which takes no parameter
        for endpoint, viewset in endpoints.items():
            for name in sorted(viewset.known_query_parameters - {"format"}):
                for kind, value in [*HOSTILE.items(), ("repeated", ["1", str(2**63)])]:
                    with self.subTest(endpoint=endpoint, parameter=name, value=kind):
                        self.get(f"/api/v2/{endpoint}/", {name: value})
            for kind, value in HOSTILE.items():
                with self.subTest(endpoint=endpoint, parameter="format", value=kind):
                    response = self.client.get(f"/api/v2/{endpoint}/", {"format": value})
                    self.assertIn(response.status_code, (200, 404))

    def test_ids_no_database_holds_are_a_404(self):
        values = ["0", str(2**63 - 1), str(2**63), str(10**30), "-1", "1e30", "abc", "%22"]
        for endpoint in register_endpoints(EndpointRecorder()).endpoints:
            for value in values:
                with self.subTest(endpoint=endpoint, id=value):
                    response = self.client.get(f"/api/v2/{endpoint}/{value}/")
                    self.assertEqual(response.status_code, 404)
            with self.subTest(endpoint=endpoint, id="repeated"):
                response = self.client.get(f"/api/v2/{endpoint}/find/", {"id": ["1", str(2**63)]})
                self.assertIn(response.status_code, (302, 404))

    def test_full_text_syntax_in_a_search_is_never_a_server_error(self):
        for words in ['"', '"water', 'water"', "*", "(", ")", "-", "+", "~", "@", "^", "|"]:
            with self.subTest(search=words):
                status, data = self.get(self.url_activities, {"search": words})
                if status == 400:
                    self.assertEqual(
                        data["message"], "search: The search holds no word to search for."
                    )
        status, data = self.get(self.url_activities, {"search": '"water question"'})
        self.assertEqual(status, 200)
        if SEARCH_SEES_UNCOMMITTED_ROWS:
            self.assertEqual([item["title"] for item in data["items"]], ["Water question in Tunis"])

    url_activities = "/api/v2/activities/"


class PageParameterTests(HostileParameterTestCase):
    """The pages and views of the app: 200, or 400 for a search with no word in it."""

    def test_site_search(self):
        for name in ("q", "theme", "page"):
            for kind, value in [*HOSTILE.items(), ("repeated", ["water", str(2**63)])]:
                with self.subTest(parameter=name, value=kind):
                    response = self.client.get("/search/", {name: value})
                    self.assertIn(response.status_code, (200, 400))
                    self.assertNotIn(b"<script>alert(1)</script>", response.content)

    def test_a_search_with_no_word_says_so(self):
        response = self.client.get("/search/", {"q": '"'})
        self.assertContains(
            response,
            "The search could not be understood: it holds no word to search for.",
            status_code=400,
        )
        response = self.client.get("/search/", {"q": '"water question"'})
        self.assertEqual(response.status_code, 200)
        if SEARCH_SEES_UNCOMMITTED_ROWS:
            self.assertContains(response, "Water question in Tunis")

    def test_feeds_calendar_and_testimonials(self):
        paths = [f"{self.index.url}{path}" for path in ("feed/", "feed/atom/", "calendar/")]
        cases = [(path, name) for path in paths for name in ("theme", "organisation", "when")]
        cases.append((self.testimonials.url, "page"))
        for path, name in cases:
            for kind, value in HOSTILE.items():
                with self.subTest(path=path, parameter=name, value=kind):
                    self.assertEqual(self.client.get(path, {name: value}).status_code, 200)
