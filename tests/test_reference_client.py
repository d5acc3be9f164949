"""The reference client (examples/reference_client/build.py) builds the demo from the API alone.

It is the test that the API is enough for a front end that is not Wagtail: every app page of
the demo, in English and Arabic, from one request per page, with the language's name and
direction from the API and no English label on an Arabic page.
"""

import importlib.util
import re
import shutil
import tempfile
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from unittest import skipUnless

from django.core.management import call_command
from django.test import LiveServerTestCase
from django.utils import translation
from django_countries import countries
from wagtail.models import Page

from icssi_wagtail.models import (
    ActivityIndexPage,
    ActivityPage,
    ActivityRegistrationPage,
    CallToActionPage,
    OrganisationDirectoryPage,
    TestimonialIndexPage,
    TestimonialPage,
)
from icssi_wagtail.models.choices import ActivityStatus, AttendanceMode, CallStatus

from .utils import ensure_initial_data

CLIENT = Path(__file__).resolve().parent.parent / "examples" / "reference_client" / "build.py"
INDEX_TYPES = (ActivityIndexPage, TestimonialIndexPage)
APP_PAGE_TYPES = (CallToActionPage, ActivityPage, TestimonialPage, *INDEX_TYPES)
APP_PAGE_TYPES += (OrganisationDirectoryPage, ActivityRegistrationPage)


def load_client():
    spec = importlib.util.spec_from_file_location("reference_client_build", CLIENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Audit(HTMLParser):
    """An HTML page's ``<html>`` attributes, its links and its text."""

    def __init__(self, html):
        super().__init__()
        self.html, self.links, self.text = {}, [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        elif tag == "a":
            self.links.append(attrs)

    def handle_data(self, data):
        self.text.append(data)


def english_labels():
    """Country names and the labels of choices in English, where Arabic has its own."""

    def labels():
        choices = [*AttendanceMode.labels, *ActivityStatus.labels, *CallStatus.labels]
        return [*(countries.name(code) for code in countries.countries), *map(str, choices)]

    with translation.override("en"):
        english = labels()
    with translation.override("ar"):
        arabic = labels()
    return {label for label, other in zip(english, arabic, strict=True) if label != other}


@skipUnless(CLIENT.is_file(), "the examples are not part of the wheel's test run")
class ReferenceClientTests(LiveServerTestCase):
    host = "127.0.0.1"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ensure_initial_data()
        call_command("load_icssi_demo", stdout=StringIO())
        # The Site stays "localhost", port 80: the client follows the API's own addresses
        # (detail_url, meta.next), which must name the host and port it asked.
        live = Page.objects.live().filter(depth__gt=2).specific()
        cls.expected = {
            page.url: (type(page), page.locale.language_code)
            for page in live
            if isinstance(page, APP_PAGE_TYPES)
        }
        cls.english_labels = english_labels()
        cls.out = Path(tempfile.mkdtemp(prefix="icssi-reference-client-"))
        cls.report = load_client().build(f"{cls.live_server_url}/api/v2/", cls.out)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.out, ignore_errors=True)
        super().tearDownClass()

    def _fixture_teardown(self):
        # The live server test empties the database: put back what the migrations made.
        super()._fixture_teardown()
        ensure_initial_data()

    def read(self, url):
        return (self.out / url.strip("/") / "index.html").read_text(encoding="utf-8")

    def test_every_app_page_is_built_in_english_and_arabic(self):
        languages = {language for _, language in self.expected.values()}
        self.assertEqual(languages, {"en", "ar"})
        self.assertEqual(set(self.report["pages"]), set(self.expected))

    def test_one_request_per_page(self):
        """Every page, indexes included (their detail carries their first page of cards and
        the theme filter), costs its detail alone. Plus one list per page endpoint to find
        the pages."""
        self.assertEqual(self.report["discovery"], 5 + 2)  # and pages/?type= for two types
        figures = self.report["pages"]
        # Served by pages/, without meta.translations: one more request, pages/?translation_of=;
        # the directory's detail lacks its organisations: organisation-directory/ besides.
        extra = {OrganisationDirectoryPage: 2, ActivityRegistrationPage: 1}
        self.assertEqual(figures, {url: 1 + extra.get(self.expected[url][0], 0) for url in figures})
        self.assertGreater(len(figures), 24)
        indexes = [url for url in figures if issubclass(self.expected[url][0], INDEX_TYPES)]
        self.assertEqual(len(indexes), 4)

    def test_index_pages_list_their_cards_and_themes(self):
        index = self.read("/ar/wsf-2015/activities/")
        shown = [
            'href="/ar/wsf-2015/activities/water-and-the-marshes-basra/"',
            'href="/ar/wsf-2015/activities/?theme=water"',
        ]
        self.assertEqual([text for text in shown if text not in index], [])
        self.assertIn(
            'href="/ar/testimonials/quazi-baby-iraqi-social-forum-2013/"',
            self.read("/ar/testimonials/"),
        )

    def test_language_and_direction_come_from_the_api(self):
        for url, (_, language) in self.expected.items():
            with self.subTest(url=url):
                audit = Audit(self.read(url))
                self.assertEqual(audit.html["lang"], language)
                self.assertEqual(audit.html["dir"], "rtl" if language == "ar" else "ltr")
        # ... and not from a table of the client's own.
        source = CLIENT.read_text(encoding="utf-8")
        for word in ("Arabic", "العربية", '"ar"', "Tunisia", "Took place"):
            self.assertFalse(word in source, f"{word} is in the client's source.")

    def test_each_page_links_to_its_translation(self):
        for url, (_, language) in self.expected.items():
            other = {"en": "ar", "ar": "en"}[language]
            with self.subTest(url=url):
                links = [a for a in Audit(self.read(url)).links if a.get("hreflang") == other]
                self.assertEqual(len(links), 1)
                self.assertEqual(self.expected[links[0]["href"]][1], other)

    def test_links_between_pages_stay_on_the_site_and_in_the_language(self):
        links, wrong = 0, []
        for url, (_, language) in self.expected.items():
            for link in Audit(self.read(url)).links:
                href = link["href"].split("?")[0]
                if not href.startswith("/") or href.startswith("/media/"):
                    continue
                links += 1
                target = self.expected.get(href)
                if target is None or (not link.get("hreflang") and target[1] != language):
                    wrong.append((url, link["href"]))
        self.assertEqual(wrong, [])
        self.assertGreater(links, 2 * len(self.expected))

    def test_no_english_label_on_arabic_pages(self):
        self.assertTrue({"Tunisia", "Iraq", "Took place", "Scheduled"} <= self.english_labels)
        labels = sorted(self.english_labels, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, labels))
        english = re.compile(rf"\b({alternatives})\b")
        arabic_pages = [url for url, (_, language) in self.expected.items() if language == "ar"]
        self.assertGreater(len(arabic_pages), 10)
        for url in arabic_pages:
            text = " ".join(Audit(self.read(url)).text)
            self.assertEqual(english.findall(text), [], url)

    def test_organisations_have_their_arabic_names_on_arabic_pages(self):
        page = self.read("/ar/wsf-2015/activities/sports-against-violence-baghdad/")
        self.assertIn("المنتدى الاجتماعي العراقي", page)
        arabic = [url for url, (_, language) in self.expected.items() if language == "ar"]
        for url in arabic:
            with self.subTest(url=url):
                self.assertNotIn("Iraqi Social Forum", self.read(url))

    def test_directory_and_registration_pages_in_arabic(self):
        directory = self.read("/ar/wsf-2015/who-takes-part/")
        with translation.override("ar"):
            iraq = countries.name("IQ")
        shown = ["المنتدى الاجتماعي العراقي", iraq, "المياه والنزاعات المسلحة"]
        self.assertEqual([text for text in shown if text not in directory], [])
        registration = self.read("/ar/wsf-2015/register/")
        self.assertIn("/api/v2/activity-registrations/", registration)

    def test_call_to_action_renders_its_blocks_in_arabic(self):
        call = self.read("/ar/wsf-2015/")
        with translation.override("ar"):
            labels = [str(CallStatus.TOOK_PLACE.label), countries.name("TN")]
        shown = [
            *labels,
            "30,000+",  # a statistic
            "التسامح والتعايش",  # a theme of the theme list
            'href="/ar/wsf-2015/activities/?theme=water"',
            'href="/ar/wsf-2015/activities/water-and-the-marshes-basra/"',  # the activity list
            'href="/ar/testimonials/quazi-baby-iraqi-social-forum-2013/"',  # the testimonial
        ]
        self.assertEqual([text for text in shown if text not in call], [])
