"""The app's API endpoints as a front-end developer meets them (issue 17, items 3, 4, 8, 9, 10):
an endpoint per page type, answers in one language at a time with links to the others,
pagination to follow, and one error shape for every parameter an endpoint does not apply."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from .localize import arabic
from .utils import (
    empty_cache,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    translate_theme,
)

FUTURE = datetime.date(2025, 3, 25)


def translate_page(page, locale, **changes):
    """``page``'s published translation into ``locale`` (and its parents'), with ``changes``."""
    translation = page.copy_for_translation(locale, copy_parents=True)
    for name, value in changes.items():
        setattr(translation, name, value)
    translation.save_revision().publish()
    translation.refresh_from_db()
    return translation


class BilingualContentTestCase(TestCase):
    """A call to action, an activity index with three activities and a testimonial index, in
    English; the call, the index and one activity also in Arabic."""

    @classmethod
    def setUpTestData(cls):
        cls.ar = arabic()
        cls.water = make_theme("Water and armed conflicts", slug="water", sort_order=1)
        cls.water_ar = translate_theme(cls.water, cls.ar, "المياه والنزاعات المسلحة")
        cls.forum = make_organisation("Iraqi Social Forum", acronym="ISF")
        cls.call = make_call_to_action(
            title="Join us in Tunis", headline="Join Iraqi activists!", themes=[cls.water]
        )
        cls.call_ar = translate_page(cls.call, cls.ar, title="انضموا إلينا في تونس")
        cls.index = make_activity_index(cls.call, title="Activities")
        cls.activities = [
            make_activity(
                cls.index,
                title=f"Activity {n}",
                themes=[cls.water],
                organisations=[cls.forum],
                start_date=FUTURE + datetime.timedelta(days=n),
                languages=["ar", "en"] if n == 0 else ["en"],
                interpretation_languages=["ckb"] if n == 1 else [],
            )
            for n in range(3)
        ]
        cls.activity_ar = translate_page(cls.activities[0], cls.ar, title="النشاط")
        cls.index_ar = cls.activity_ar.get_parent().specific
        cls.testimonials = make_testimonial_index(cls.call)
        make_testimonial(cls.testimonials)

    def get(self, url, status=200, **extra):
        response = self.client.get(url, **extra)
        self.assertEqual(response.status_code, status, response.content[:500])
        return response


class PageTypeEndpointTests(BilingualContentTestCase):
    """Item 10: every page type of the app has an endpoint as activities do."""

    def test_calls_to_action_have_an_endpoint_with_cache_headers(self):
        response = self.get("/api/v2/calls-to-action/")
        self.assertEqual(response["Cache-Control"], "public, max-age=60")
        self.assertTrue(response["ETag"])
        (item,) = response.json()["items"]
        self.assertEqual(item["headline"], "Join Iraqi activists!")
        self.assertEqual(
            item["meta"]["detail_url"].split("/api/v2")[1], f"/calls-to-action/{self.call.pk}/"
        )
        detail = self.get(item["meta"]["detail_url"]).json()
        self.assertEqual(detail["status"]["value"], "open")
        self.assertEqual(detail["themes"], [{"slug": "water", "name": "Water and armed conflicts"}])
        again = self.client.get("/api/v2/calls-to-action/", HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(again.status_code, 304)

    def test_indexes_have_endpoints(self):
        for endpoint, model in (
            ("activity-indexes", "icssi_wagtail.ActivityIndexPage"),
            ("testimonial-indexes", "icssi_wagtail.TestimonialIndexPage"),
        ):
            with self.subTest(endpoint=endpoint):
                response = self.get(f"/api/v2/{endpoint}/")
                self.assertTrue(response["ETag"])
                types = {item["meta"]["type"] for item in response.json()["items"]}
                self.assertEqual(types, {model})

    def test_limit_goes_to_the_documented_100(self):
        self.get("/api/v2/calls-to-action/?limit=100")
        data = self.get("/api/v2/calls-to-action/?limit=101", status=400).json()
        self.assertEqual(data["parameter"], "limit")

    def test_the_apps_pages_endpoint_reads_search_syntax_as_words(self):
        # Wagtail's own PagesAPIViewSet answers these with a 500 (SQLite: '"'; PostgreSQL: NUL).
        for value in ('"', "\x00", "*", "()"):
            with self.subTest(value=value):
                response = self.client.get("/api/v2/pages/", {"search": value})
                self.assertIn(response.status_code, (200, 400))

    def test_search_syntax_and_nul_are_a_400_not_a_500(self):
        for value in ('"', "\x00", "*", "()"):
            with self.subTest(value=value):
                response = self.client.get("/api/v2/calls-to-action/", {"search": value})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()["parameter"], "search")
        self.get("/api/v2/calls-to-action/?search=Tunis")

    def test_a_list_costs_the_same_queries_for_one_call_or_five(self):
        def count():
            empty_cache()  # computed afresh, no kept answer or locale
            with CaptureQueriesContext(connection) as queries:
                self.get("/api/v2/calls-to-action/?limit=100&locale=en")
            return len(queries)

        one = count()
        for _n in range(4):
            make_call_to_action(themes=[self.water])
        self.assertEqual(count(), one)


class TranslationLinkTests(BilingualContentTestCase):
    """Item 3: alternate-language links, the translation key, ``translation_of`` and ``find``
    in every language; a locale has one shape, its language code."""

    def test_detail_links_every_translation_with_language_names(self):
        detail = self.get(f"/api/v2/calls-to-action/{self.call_ar.pk}/").json()
        meta = detail["meta"]
        self.assertEqual(meta["locale"], "ar")
        self.assertEqual(meta["translation_key"], str(self.call.translation_key))
        english, arabic_version = meta["translations"]
        self.assertEqual(english["id"], self.call.pk)
        self.assertEqual(english["locale"], "en")
        self.assertEqual(arabic_version["language"]["name_local"], "العربيّة")
        self.assertTrue(arabic_version["language"]["bidi"])
        self.assertEqual(arabic_version["title"], "انضموا إلينا في تونس")
        self.assertTrue(english["detail_url"].endswith(f"/api/v2/calls-to-action/{self.call.pk}/"))
        self.assertTrue(english["html_url"].endswith(self.call.url))

    def test_snippets_give_their_locale_as_a_code(self):
        detail = self.get(f"/api/v2/themes/{self.water_ar.pk}/").json()
        self.assertEqual(detail["meta"]["locale"], "ar")
        self.assertEqual([t["locale"] for t in detail["meta"]["translations"]], ["en", "ar"])
        item = self.get("/api/v2/themes/?locale=ar").json()["items"][0]
        self.assertEqual(item["meta"]["locale"], "ar")

    def test_translation_of_lists_the_other_versions(self):
        for endpoint, source, expected in (
            ("calls-to-action", self.call, self.call_ar),
            ("activities", self.activities[0], self.activity_ar),
            ("activity-indexes", self.index, self.index_ar),
            ("themes", self.water, self.water_ar),
        ):
            with self.subTest(endpoint=endpoint):
                data = self.get(f"/api/v2/{endpoint}/?translation_of={source.pk}").json()
                self.assertEqual([item["id"] for item in data["items"]], [expected.pk])
        data = self.get(f"/api/v2/activities/?translation_of={self.call.pk}", status=400).json()
        self.assertEqual(data["parameter"], "translation_of")

    def test_find_an_arabic_page_by_its_path(self):
        for endpoint, page in (
            ("calls-to-action", self.call_ar),
            ("activities", self.activity_ar),
            ("calls-to-action", self.call),
        ):
            with self.subTest(path=page.url):
                response = self.client.get(f"/api/v2/{endpoint}/find/", {"html_path": page.url})
                self.assertEqual(response.status_code, 302, response.content[:300])
                self.assertTrue(response["Location"].endswith(f"/api/v2/{endpoint}/{page.pk}/"))
        self.assertTrue(self.call_ar.url.startswith("/ar/"))


class OneLanguagePerListTests(BilingualContentTestCase):
    """Item 4: a list is in one language, the request's unless ``?locale=`` names another."""

    def test_lists_default_to_the_default_language_and_say_so(self):
        response = self.get("/api/v2/activities/")
        data = response.json()
        self.assertEqual(data["meta"]["total_count"], 3)
        self.assertEqual(data["meta"]["locale"], "en")
        self.assertEqual(response["Content-Language"], "en")
        self.assertIn("Accept-Language", response["Vary"])

    def test_accept_language_chooses_the_language_of_a_list(self):
        response = self.client.get("/api/v2/activities/", HTTP_ACCEPT_LANGUAGE="ar")
        data = response.json()
        self.assertEqual([item["id"] for item in data["items"]], [self.activity_ar.pk])
        self.assertEqual(data["meta"]["locale"], "ar")
        self.assertEqual(response["Content-Language"], "ar")
        explicit = self.client.get("/api/v2/activities/?locale=en", HTTP_ACCEPT_LANGUAGE="ar")
        self.assertEqual(explicit.json()["meta"]["total_count"], 3)

    def test_a_detail_is_in_its_page_language(self):
        response = self.client.get(f"/api/v2/activities/{self.activity_ar.pk}/")
        self.assertEqual(response["Content-Language"], "ar")

    def test_themes_give_each_slug_once(self):
        slugs = [item["slug"] for item in self.get("/api/v2/themes/").json()["items"]]
        self.assertEqual(slugs, ["water"])
        response = self.client.get("/api/v2/themes/", HTTP_ACCEPT_LANGUAGE="ar")
        self.assertEqual(response.json()["items"][0]["name"], "المياه والنزاعات المسلحة")

    def test_children_of_an_arabic_index_without_locale(self):
        data = self.get(f"/api/v2/activities/?child_of={self.index_ar.pk}").json()
        self.assertEqual([item["id"] for item in data["items"]], [self.activity_ar.pk])
        self.assertEqual(data["meta"]["locale"], "ar")


class PaginationTests(BilingualContentTestCase):
    """Item 8: the whole count, where the next and previous pages are, the end."""

    def test_total_count_stays_whole_with_after(self):
        first = self.get("/api/v2/activities/?limit=1&locale=en").json()["meta"]
        rest = self.get(f"/api/v2/activities/?after={first['next_after']}&locale=en")
        self.assertEqual(rest.json()["meta"]["total_count"], 3)  # not the 2 after the cursor

    def test_a_full_last_page_has_no_next(self):
        data = self.get("/api/v2/activities/?limit=3").json()
        self.assertEqual(len(data["items"]), 3)
        self.assertIsNone(data["meta"]["next_after"])
        self.assertIsNone(data["meta"]["next"])
        data = self.get("/api/v2/activities/?limit=2&offset=1").json()
        self.assertIsNone(data["meta"]["next"])

    def test_following_next_walks_the_list_once(self):
        for endpoint in ("activities", "themes", "calls-to-action"):
            with self.subTest(endpoint=endpoint):
                url, seen = f"http://testserver/api/v2/{endpoint}/?limit=1&locale=en", []
                while url:
                    data = self.get(url).json()
                    seen += [item["id"] for item in data["items"]]
                    url = data["meta"]["next"]
                self.assertEqual(len(seen), len(set(seen)))
                whole = self.get(f"/api/v2/{endpoint}/?limit=100&locale=en").json()
                self.assertEqual(seen, [item["id"] for item in whole["items"]])

    def test_previous_goes_back_by_offset(self):
        data = self.get("/api/v2/activities/?limit=1&offset=2").json()["meta"]
        self.assertEqual(data["previous"], "http://testserver/api/v2/activities/?limit=1&offset=1")
        self.assertEqual(data["next"], None)
        first = self.get("/api/v2/activities/?limit=2&offset=1").json()["meta"]
        self.assertEqual(first["previous"], "http://testserver/api/v2/activities/?limit=2")


class ParameterErrorTests(BilingualContentTestCase):
    """Item 9: the ``language`` filter README promises; every parameter an endpoint does not
    apply, or a value it cannot use, is a 400 of one shape."""

    def test_language_filter(self):
        def titles(code):
            data = self.get(f"/api/v2/activities/?language={code}&locale=en").json()
            return [item["title"] for item in data["items"]]

        self.assertEqual(titles("ar"), ["Activity 0"])
        self.assertEqual(titles("en"), ["Activity 0", "Activity 1", "Activity 2"])
        self.assertEqual(titles("ckb"), ["Activity 1"])  # interpreted into
        self.assertEqual(titles("fr"), [])
        self.assertEqual(
            self.get("/api/v2/activities/?language=zz", status=400).json()["parameter"], "language"
        )

    def test_every_refused_parameter_is_a_400_naming_it(self):
        activity = self.activities[0]
        cases = {
            "activities": [
                ("order", "title"),
                ("translation_of", "abc"),
                ("languages", "ar"),
                ("country", "ZZ"),
                ("child_of", str(activity.pk)),
                ("locale", "xx"),
                ("search_operator", "and"),
            ],
            "calls-to-action": [("locale", "xx"), ("order", "-title"), ("type", "x.Y")],
            "testimonials": [("locale", "xx"), ("child_of", str(self.index.pk))],
            "themes": [("locale", "xx"), ("search", "water"), ("translation_of", "0")],
            "organisations": [("locale", "xx"), ("order", "name")],
        }
        for endpoint, parameters in cases.items():
            for name, value in parameters:
                with self.subTest(endpoint=endpoint, parameter=name):
                    response = self.client.get(f"/api/v2/{endpoint}/", {name: value})
                    self.assertEqual(response.status_code, 400, response.content[:300])
                    data = response.json()
                    self.assertEqual(set(data), {"message", "parameter"})
                    self.assertEqual(data["parameter"], name)
                    self.assertTrue(data["message"].startswith(f"{name}: "))
                    self.assertTrue(data["message"].endswith("."))
