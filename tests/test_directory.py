"""Who takes part: the organisation directory page, its API endpoint, and the live figure of
the statistic block, in English and Arabic, filtered, under hostile query strings, with their
query counts, and forgotten from the cache when an activity is published or unpublished."""

import contextlib

from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.blocks import StructBlockValidationError
from wagtail.models import Locale

from icssi_wagtail.blocks import StatisticBlock
from icssi_wagtail.models import ActivityOrganiser, OrganisationDirectoryPage
from icssi_wagtail.models.taking_part import (
    directory_organisations,
    registered_activities_count,
    registered_organisations_count,
)

from .translated_site import translated
from .utils import (
    ensure_initial_data,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_theme,
    publish,
    site_root,
    translate_theme,
)

NO_CACHE = override_settings(ICSSI_WAGTAIL={"CACHE_ALIAS": None})


@contextlib.contextmanager
def in_a_request():
    """Run as a page or the API does, within a request: ``request_memo`` reads the view
    restrictions once. Django's closing of old connections is left out, as its test client
    leaves it out."""
    signals = (request_started, request_finished)
    for signal in signals:
        signal.disconnect(close_old_connections)
    request_started.send(sender=None)
    try:
        yield
    finally:
        request_finished.send(sender=None)
        for signal in signals:
            signal.connect(close_old_connections)


def statistic(kind, label="organisations taking part"):
    return ("statistic", {"figure": "", "live_figure": kind, "label": label})


class DirectoryTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        ensure_initial_data()
        cls.water = make_theme("Water", slug="water", sort_order=1)
        cls.education = make_theme("Education", slug="education", sort_order=2)
        cls.arabic = Locale.objects.get_or_create(language_code="ar")[0]
        translate_theme(cls.water, cls.arabic, "المياه")
        cls.pdap = make_organisation("Peace Dialogue", acronym="PDAP", country="IQ")
        cls.pdap_ar = cls.pdap.copy_for_translation(cls.arabic)
        cls.pdap_ar.name = "حوار السلام"
        cls.pdap_ar.save()
        cls.forum = make_organisation("Tunisian Forum", country="TN", website="https://tf.example")
        cls.hidden = make_organisation("Hidden Organisation", country="IQ")
        cls.drafted = make_organisation("Draft Organisation", country="IQ")
        cls.index = make_activity_index()
        cls.both = make_activity(cls.index, themes=[cls.water], organisations=[cls.pdap, cls.forum])
        make_activity(cls.index, themes=[cls.education], organisations=[cls.pdap])
        make_activity(cls.index, organisations=[cls.hidden], hide_organisers=True)
        make_activity(cls.index, organisations=[cls.drafted], publish_it=False)
        cls.directory = publish(
            site_root(), OrganisationDirectoryPage(title="Who takes part", slug="who")
        )
        translated(cls.index, cls.arabic, title="الأنشطة")
        translated(cls.both, cls.arabic, title="نشاط")
        cls.directory_ar = translated(cls.directory, cls.arabic, title="من يشارك")

    def names(self, response):
        """The organisations a directory page lists, in order."""
        from html.parser import HTMLParser

        class Titles(HTMLParser):
            found, inside = [], False

            def handle_starttag(self, tag, attrs):
                self.inside = self.inside or ("class", "icssi-card__title") in attrs

            def handle_endtag(self, tag):
                if tag == "h3":
                    self.inside = False

            def handle_data(self, data):
                if self.inside and data.strip():
                    self.found.append(data.strip())

        parser = Titles()
        parser.found = []
        parser.feed(response.content.decode())
        return parser.found


class DirectoryPageTests(DirectoryTestCase):
    def test_english_lists_organisations_with_a_live_public_activity(self):
        response = self.client.get("/who/")
        self.assertEqual(response.status_code, 200)
        # Not the organisation of an activity that hides its organisers, nor of a draft.
        self.assertEqual(self.names(response), ["Peace Dialogue (PDAP)", "Tunisian Forum"])
        self.assertContains(response, '<h2 id="icssi-results-heading">2 organisations</h2>')
        self.assertContains(response, "<dd>Iraq</dd>")
        self.assertContains(response, "<dd>Tunisia</dd>")
        self.assertContains(response, '<dd class="icssi-tag">Water</dd>', count=2)
        self.assertContains(response, '<dd class="icssi-tag">Education</dd>', count=1)
        self.assertContains(response, '<dd class="icssi-count">2</dd>')
        self.assertContains(response, 'href="https://tf.example"')
        self.assertNotContains(response, "Hidden Organisation")
        self.assertNotContains(response, "Draft Organisation")

    def test_arabic_names_organisations_countries_and_themes_in_arabic(self):
        response = self.client.get("/ar/who/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'lang="ar"')
        # Only the activity translated into Arabic counts there.
        self.assertEqual(self.names(response), ["Tunisian Forum", "حوار السلام (PDAP)"])
        self.assertContains(response, "<dd>العراق</dd>")
        self.assertContains(response, "<dd>تونس</dd>")
        self.assertContains(response, '<dd class="icssi-tag">المياه</dd>', count=2)
        self.assertNotContains(response, '<dd class="icssi-tag">Education</dd>')

    def test_filters_by_country_and_theme(self):
        cases = {
            "country=TN": ["Tunisian Forum"],
            "country=iq": ["Peace Dialogue (PDAP)"],
            "theme=education": ["Peace Dialogue (PDAP)"],
            "theme=water&theme=education": ["Peace Dialogue (PDAP)", "Tunisian Forum"],
            "theme=education&country=TN": [],
        }
        for query, expected in cases.items():
            with self.subTest(query=query):
                response = self.client.get(f"/who/?{query}")
                self.assertEqual(self.names(response), expected)
        response = self.client.get("/who/?theme=education")
        # The activities of the theme only.
        self.assertContains(response, '<dd class="icssi-count">1</dd>', count=1)
        self.assertContains(self.client.get("/who/?country=FR"), "No organisations match")

    def test_the_country_filter_offers_the_countries_listed(self):
        response = self.client.get("/who/")
        self.assertContains(response, '<option value="IQ">Iraq</option>', html=True)
        self.assertContains(response, '<option value="TN">Tunisia</option>', html=True)
        self.assertNotContains(response, '<option value="FR">')

    def test_hostile_parameters_are_reported_and_ignored(self):
        everyone = ["Peace Dialogue (PDAP)", "Tunisian Forum"]
        hostile = {
            "country": ["x" * 5000, "\x00", "ZZ", "<script>alert(1)</script>", "' OR 1=1 --"],
            "theme": ["x" * 5000, "\x00", "nope", "<script>alert(1)</script>"],
        }
        for name, values in hostile.items():
            for value in values:
                with self.subTest(name=name, value=value[:20]):
                    response = self.client.get("/who/", {name: value})
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(self.names(response), everyone)
                    self.assertContains(response, "could not be understood and were ignored")
                    self.assertNotContains(response, "xxxxxxxxxx")
                    self.assertNotContains(response, "<script>alert")
        too_many = [f"theme-{n}" for n in range(21)]
        response = self.client.get("/who/", {"theme": too_many})
        self.assertEqual(self.names(response), everyone)
        self.assertContains(response, "Choose at most 20 themes.")
        # List-valued: the last value, as Django's forms read a query string.
        response = self.client.get("/who/", {"country": ["IQ", "TN"], "page": ["1", "x"]})
        self.assertEqual(self.names(response), ["Tunisian Forum"])

    def test_an_unpublished_directory_or_organisation_row_is_not_public(self):
        self.assertEqual(self.client.get("/who/?country=TN").status_code, 200)
        self.directory.unpublish()
        self.assertEqual(self.client.get("/who/").status_code, 404)


class QueryCountTests(DirectoryTestCase):
    def count_queries(self, url):
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(queries), response

    def add_organisations(self, number, country="IQ"):
        """``number`` new organisations, all organising one new activity, themed twice."""
        organisations = [make_organisation(country=country) for _n in range(number)]
        make_activity(self.index, themes=[self.water, self.education], organisations=organisations)

    @NO_CACHE
    def test_the_same_number_of_queries_for_5_and_50_organisations(self):
        urls = [
            "/who/",
            "/who/?theme=water&country=IQ",
            "/ar/who/",
            "/api/v2/organisation-directory/?locale=en&limit=100",
            "/api/v2/organisation-directory/?locale=ar&theme=water&limit=100",
        ]
        self.add_organisations(3)  # 5 in English with PDAP and the Tunisian Forum
        with_5 = {url: self.count_queries(url) for url in urls}
        self.assertEqual(len(self.names(with_5["/who/"][1])), 5)
        self.add_organisations(45)
        for url in urls:
            with self.subTest(url=url):
                count, response = self.count_queries(url)
                self.assertEqual(count, with_5[url][0])
        self.assertEqual(len(self.names(self.client.get("/who/"))), 50)
        self.assertEqual(registered_organisations_count(Locale.get_default()), 50)
        self.assertLessEqual(with_5["/who/"][0], 20, "the directory page's queries")

    def test_the_directory_costs_three_queries_and_the_count_one(self):
        locale = Locale.get_default()
        with in_a_request():
            # The view restrictions and the themes' names, read once per request.
            directory_organisations(locale)
            with self.assertNumQueries(3):
                self.assertEqual(len(directory_organisations(locale, themes=["water"])), 2)
            with self.assertNumQueries(1):
                self.assertEqual(registered_organisations_count(locale), 2)
            with self.assertNumQueries(1):
                self.assertEqual(registered_activities_count(locale), 3)


class CallTestCase(DirectoryTestCase):
    """The directory's site, with a call to action showing two live figures and a typed one."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.call = make_call_to_action(
            body=[
                statistic("organisations"),
                statistic("activities", "activities registered"),
                ("statistic", {"figure": "30,000+", "live_figure": "", "label": "people"}),
            ]
        )
        cls.call_ar = translated(cls.call, cls.arabic, title="نداء")

    def figures(self, response):
        content = response.content.decode()
        start = '<strong class="icssi-statistic__figure"><bdi>'
        return [part.split("</bdi>")[0] for part in content.split(start)[1:]]


class LiveFigureTests(CallTestCase):
    def test_the_statistic_shows_the_live_figures_in_the_pages_language(self):
        self.assertEqual(self.figures(self.client.get(self.call.url)), ["2", "3", "30,000+"])
        self.assertEqual(self.figures(self.client.get(self.call_ar.url)), ["2", "1", "30,000+"])

    def test_the_api_resolves_the_live_figures(self):
        for page, expected in ((self.call, ["2", "3", "30,000+"]), (self.call_ar, ["2", "1"])):
            with self.subTest(locale=page.locale.language_code):
                answer = self.client.get(f"/api/v2/calls-to-action/{page.pk}/").json()
                values = [block["value"] for block in answer["body"]]
                self.assertEqual([value["figure"] for value in values][: len(expected)], expected)
                self.assertEqual(values[0]["live_figure"], "organisations")

    def test_editors_add_a_directory_under_a_call_to_action(self):
        from django.contrib.auth import get_user_model

        editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
        self.client.force_login(editor)
        url = f"/admin/pages/add/icssi_wagtail/organisationdirectorypage/{self.call.pk}/"
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        # The statistic block offers its live figures in the call to action's editor.
        response = self.client.get(f"/admin/pages/{self.call.pk}/edit/")
        self.assertContains(response, "Organisations taking part")

    def test_a_live_figure_is_shown_instead_of_a_typed_one(self):
        block = StatisticBlock()
        value = block.to_python({"figure": "45", "live_figure": "organisations", "label": "x"})
        self.assertIn("<bdi>2</bdi>", block.render(value))
        self.assertEqual(block.get_api_representation(value)["figure"], "2")

    def test_a_statistic_needs_a_figure_or_a_live_figure(self):
        block = StatisticBlock()
        with self.assertRaises(StructBlockValidationError) as raised:
            block.clean(block.to_python({"figure": "", "live_figure": "", "label": "people"}))
        self.assertIn("figure", raised.exception.block_errors)
        for value in ({"figure": "45", "label": "x"}, {"live_figure": "activities", "label": "x"}):
            with self.subTest(value=value):
                block.clean(block.to_python(value))


class InvalidationTests(CallTestCase):
    """With the app's cache on (the tests' default): a publish or an unpublish of an activity
    changes the kept directory, the kept call to action's live figure and the kept API lists."""

    def test_publishing_and_unpublishing_an_activity_change_what_is_kept(self):
        url = "/api/v2/organisation-directory/?locale=en"
        self.assertEqual(self.client.get("/who/")["X-ICSSI-Cache"], "miss")
        self.assertEqual(self.client.get("/who/")["X-ICSSI-Cache"], "hit")
        self.assertEqual(self.figures(self.client.get(self.call.url))[:2], ["2", "3"])
        self.assertEqual(self.client.get(url).json()["meta"]["total_count"], 2)
        self.client.get(url)

        newcomer = make_organisation("Newcomer", country="IQ")
        activity = make_activity(self.index, organisations=[newcomer])
        response = self.client.get("/who/")
        self.assertEqual(response["X-ICSSI-Cache"], "miss")
        self.assertIn("Newcomer", self.names(response))
        self.assertEqual(self.figures(self.client.get(self.call.url))[:2], ["3", "4"])
        self.assertEqual(self.client.get(url).json()["meta"]["total_count"], 3)

        activity.unpublish()
        self.assertNotIn("Newcomer", self.names(self.client.get("/who/")))
        self.assertEqual(self.figures(self.client.get(self.call.url))[:2], ["2", "3"])
        self.assertEqual(self.client.get(url).json()["meta"]["total_count"], 2)

    def test_an_organisation_renamed_is_renamed_in_the_kept_directory(self):
        self.client.get("/who/")
        self.forum.name = "Forum of Tunisia"
        self.forum.save()
        self.assertIn("Forum of Tunisia", self.names(self.client.get("/who/")))


class DirectoryAPITests(DirectoryTestCase):
    url = "/api/v2/organisation-directory/"

    def get(self, status=200, **parameters):
        response = self.client.get(self.url, parameters)
        self.assertEqual(response.status_code, status, response.content[:300])
        return response.json()

    def test_the_list_in_english(self):
        answer = self.get(locale="en")
        self.assertEqual(answer["meta"]["total_count"], 2)
        self.assertEqual(answer["meta"]["locale"], "en")
        pdap, forum = answer["items"]
        self.assertEqual(pdap["id"], self.pdap.pk)
        self.assertEqual(pdap["name"], "Peace Dialogue")
        self.assertEqual(pdap["acronym"], "PDAP")
        self.assertEqual(pdap["country"], {"code": "IQ", "name": "Iraq"})
        self.assertEqual(pdap["activity_count"], 2)
        self.assertEqual(
            pdap["themes"],
            [{"slug": "water", "name": "Water"}, {"slug": "education", "name": "Education"}],
        )
        self.assertTrue(pdap["meta"]["detail_url"].endswith(f"/organisations/{self.pdap.pk}/"))
        self.assertEqual(forum["website"], "https://tf.example")

    def test_the_list_in_arabic(self):
        answer = self.get(locale="ar")
        names = {item["name"]: item for item in answer["items"]}
        self.assertEqual(set(names), {"حوار السلام", "Tunisian Forum"})
        self.assertEqual(names["حوار السلام"]["country"]["name"], "العراق")
        self.assertEqual(names["حوار السلام"]["themes"], [{"slug": "water", "name": "المياه"}])
        self.assertEqual(names["حوار السلام"]["activity_count"], 1)
        answer = self.client.get(self.url, headers={"accept-language": "ar"}).json()
        self.assertEqual(answer["meta"]["locale"], "ar")

    def test_filters(self):
        self.assertEqual([i["name"] for i in self.get(country="tn")["items"]], ["Tunisian Forum"])
        self.assertEqual(
            [i["name"] for i in self.get(theme="education")["items"]], ["Peace Dialogue"]
        )
        self.assertEqual(self.get(theme="water,education")["meta"]["total_count"], 2)
        self.assertEqual(self.get(country="FR")["meta"]["total_count"], 0)
        page = self.get(limit=1)
        self.assertEqual(len(page["items"]), 1)
        self.assertIsNotNone(page["meta"]["next"])

    def test_bad_values_are_a_400_naming_the_parameter(self):
        cases = [
            ({"country": "ZZ"}, "country"),
            ({"country": "x" * 5000}, "country"),
            ({"country": "\x00"}, "country"),
            ({"theme": "nope"}, "theme"),
            ({"theme": "\x00"}, "theme"),
            ({"theme": ",".join(f"t{n}" for n in range(21))}, "theme"),
            ({"country": ["IQ", "TN"]}, "country"),
            ({"theme": ["water", "education"]}, "theme"),
            ({"locale": "xx"}, "locale"),
            ({"child_of": "1"}, "child_of"),
            ({"order": "name"}, "order"),
            ({"offset": str(2**63)}, "offset"),
        ]
        for parameters, name in cases:
            with self.subTest(parameters=str(parameters)[:40]):
                self.assertEqual(self.get(400, **parameters)["parameter"], name)

    def test_a_detail_is_an_organisation_taking_part(self):
        response = self.client.get(f"{self.url}{self.pdap_ar.pk}/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["activity_count"], 1)
        for organisation in (self.hidden, self.drafted):
            with self.subTest(organisation=organisation.name):
                self.assertEqual(self.client.get(f"{self.url}{organisation.pk}/").status_code, 404)

    def test_the_page_type_is_served_by_the_pages_endpoint(self):
        answer = self.client.get(f"/api/v2/pages/{self.directory_ar.pk}/").json()
        self.assertEqual(answer["meta"]["type"], "icssi_wagtail.OrganisationDirectoryPage")
        self.assertEqual(answer["meta"]["locale"], "ar")


class LeftOutTests(DirectoryTestCase):
    """Who never appears in the directory, nor in its count."""

    def test_an_organisation_only_named_by_a_hiding_activity_is_never_counted(self):
        link = ActivityOrganiser.objects.get(organisation=self.hidden)
        self.assertTrue(link.page.live)
        self.assertEqual(registered_organisations_count(Locale.get_default()), 2)
        answer = self.client.get("/api/v2/organisation-directory/?country=IQ").json()
        self.assertNotIn(self.hidden.pk, [item["id"] for item in answer["items"]])

    def test_an_organisation_awaiting_review_is_never_listed_nor_counted(self):
        unreviewed = make_organisation("Unreviewed Organisation")
        make_activity(self.index, organisations=[unreviewed])
        # Publishing its activity reviews it (icssi_wagtail.registration): put back in review.
        type(unreviewed).objects.filter(pk=unreviewed.pk).update(awaiting_review=True)
        self.assertEqual(registered_organisations_count(Locale.get_default()), 2)
        self.assertNotContains(self.client.get("/who/"), "Unreviewed Organisation")
        answer = self.client.get("/api/v2/organisation-directory/").json()
        self.assertEqual(answer["meta"]["total_count"], 2)
