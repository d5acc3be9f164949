"""How people find and share the pages: structured data, calendars, feeds, sharing, sitemap,
search; and the activist-safety options in each of these outputs."""

import datetime
import re
from html.parser import HTMLParser
from unittest import mock

import extruct
import feedparser
import icalendar
from defusedxml import ElementTree as ET
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page

from icssi_wagtail.cache import HIT_HEADER
from icssi_wagtail.models import ActivityPage, TestimonialPage
from icssi_wagtail.sitemaps import TranslatedSitemap

from .localize import arabic, translate
from .utils import (
    SEARCH_SEES_UNCOMMITTED_ROWS,
    SITEMAP_NS,
    empty_cache,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    needs_committed_search,
    sitemap_files,
    sitemap_text,
)

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "</title><script>alert(1)</script> ]]> & <![CDATA[ <b>x</b> &amp; الماء والأهوار"


class ReaderText(HTMLParser):
    """The text a feed reader shows for an HTML summary: paragraphs apart, ``<br>`` a new
    line, every other tag dropped (as feedparser's sanitiser drops ``<script>``)."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.paragraphs, self.current = [], []
        self.feed(html)
        self.close()
        if self.current:
            self.paragraphs.append("".join(self.current))

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.current.append("\n")

    def handle_endtag(self, tag):
        if tag == "p":
            self.paragraphs.append("".join(self.current))
            self.current = []

    def handle_data(self, data):
        self.current.append(data)

    @property
    def text(self):
        return "\n\n".join(self.paragraphs)


def json_ld(response):
    data = extruct.extract(response.content.decode(), syntaxes=["json-ld"], uniform=True)
    return data["json-ld"]


def ics(response):
    return icalendar.Calendar.from_ical(response.content)


def events(calendar):
    return list(calendar.walk("VEVENT"))


class PublicTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water")
        cls.expression = make_theme("Freedom of expression", slug="expression", sort_order=1)
        cls.isf = make_organisation(
            "Iraqi Social Forum", acronym="ISF", website="https://isf.example.org"
        )
        cls.pdap = make_organisation("PDAP", country="BD")
        cls.image = Image.objects.create(title="Marshes", file=get_test_image_file())
        cls.call = make_call_to_action(
            title="Join Iraqi activists at the World Social Forum!",
            slug="wsf",
            standfirst="Tunis, 24–28 March 2025.",
            venue="El Manar University",
            registration_opens=datetime.date(2025, 1, 1),
            registration_closes=datetime.date(2025, 3, 20),
            themes=[cls.water],
        )
        cls.index = make_activity_index(cls.call, title="Activities", slug="activities")
        cls.marshes = make_activity(
            cls.index,
            title="Water and the marshes",
            slug="marshes",
            summary="A parallel meeting in Basra.",
            venue="Basra Cultural Centre",
            city="Basra",
            country="IQ",
            time_zone="Asia/Baghdad",
            attendance_mode="parallel",
            languages=["ar", "en"],
            registration_url="https://isf.example.org/register",
            image=cls.image,
            themes=[cls.water],
            organisations=[cls.isf, cls.pdap],
        )
        cls.cancelled = make_activity(
            cls.index,
            title="Freedom of expression in the Mediterranean",
            slug="expression",
            start_date=datetime.date(2025, 3, 25),
            status="cancelled",
            themes=[cls.expression],
            organisations=[cls.isf],
        )
        cls.online = make_activity(
            cls.index,
            title="Global solidarity online",
            slug="online",
            start_date=datetime.date(2025, 3, 26),
            start_time=None,
            end_time=None,
            attendance_mode="online",
            online_url="https://meet.example.org/solidarity",
            themes=[cls.water],
            organisations=[cls.pdap],
        )
        cls.hidden = make_activity(
            cls.index,
            title="Freedom of expression in Kurdistan",
            slug="kurdistan",
            start_date=datetime.date(2025, 3, 27),
            venue="Secret Hall 7",
            city="Sulaymaniyah",
            country="IQ",
            hide_venue=True,
            hide_organisers=True,
            themes=[cls.water],
            organisations=[make_organisation("Brave Collective")],
        )

    def translate_marshes(self):
        """Translate the call, the index and the marshes activity into Arabic, published."""
        ar = arabic()
        for page in (self.call, self.index, self.marshes):
            translate(page, ar, lambda text: f"[ar] {text}")
        return ar


class StructuredDataTests(PublicTestCase):
    def test_activity_is_an_event(self):
        (event,) = json_ld(self.client.get(self.marshes.url))
        self.assertEqual(event["@type"], "Event")
        self.assertEqual(event["name"], "Water and the marshes")
        self.assertEqual(event["description"], "A parallel meeting in Basra.")
        self.assertEqual(event["url"], self.marshes.full_url)
        self.assertEqual(event["startDate"], "2025-03-24T10:00:00+03:00")
        self.assertEqual(event["endDate"], "2025-03-24T12:00:00+03:00")
        self.assertEqual(event["eventStatus"], "https://schema.org/EventScheduled")
        self.assertEqual(
            event["eventAttendanceMode"], "https://schema.org/OfflineEventAttendanceMode"
        )
        self.assertEqual(
            event["location"],
            {
                "@type": "Place",
                "name": "Basra Cultural Centre",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": "Basra",
                    "addressCountry": "IQ",
                },
            },
        )
        self.assertEqual(
            [(o["@type"], o["name"]) for o in event["organizer"]],
            [("Organization", "Iraqi Social Forum"), ("Organization", "PDAP")],
        )
        self.assertEqual(event["organizer"][0]["url"], "https://isf.example.org")
        self.assertEqual(event["organizer"][1]["address"]["addressCountry"], "BD")
        self.assertEqual(event["inLanguage"], ["ar", "en"])
        self.assertEqual(
            event["offers"], {"@type": "Offer", "url": "https://isf.example.org/register"}
        )

    def test_cancelled_and_online_activities(self):
        (event,) = json_ld(self.client.get(self.cancelled.url))
        self.assertEqual(event["eventStatus"], "https://schema.org/EventCancelled")
        (event,) = json_ld(self.client.get(self.online.url))
        self.assertEqual(
            event["eventAttendanceMode"], "https://schema.org/OnlineEventAttendanceMode"
        )
        self.assertEqual(
            event["location"],
            {"@type": "VirtualLocation", "url": "https://meet.example.org/solidarity"},
        )
        self.assertEqual((event["startDate"], event["endDate"]), ("2025-03-26", "2025-03-26"))

    def test_call_to_action_is_an_event_with_an_offer(self):
        (event,) = json_ld(self.client.get(self.call.url))
        self.assertEqual(event["@type"], "Event")
        self.assertEqual(event["name"], "World Social Forum 2015")
        self.assertEqual(event["startDate"], "2025-03-24")
        self.assertEqual(event["endDate"], "2025-03-28")
        self.assertEqual(event["location"]["name"], "El Manar University")
        self.assertEqual(event["location"]["address"]["addressCountry"], "TN")
        self.assertEqual(event["inLanguage"], "en")
        self.assertEqual(
            event["offers"],
            {
                "@type": "Offer",
                "url": "https://fsm2015.org/en",
                "validFrom": "2025-01-01",
                "validThrough": "2025-03-20",
            },
        )

    def test_script_cannot_end_the_json_ld_element(self):
        self.marshes.summary = "</script><script>alert(1)</script> & more"
        self.marshes.save_revision().publish()
        response = self.client.get(self.marshes.url)
        self.assertNotContains(response, "</script><script>alert(1)")
        (event,) = json_ld(response)
        self.assertEqual(event["description"], "</script><script>alert(1)</script> & more")


class CalendarTests(PublicTestCase):
    def test_activity_ics(self):
        response = self.client.get(self.marshes.url + "calendar/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        calendar = ics(response)
        (event,) = events(calendar)
        start, end = event.decoded("dtstart"), event.decoded("dtend")
        self.assertEqual(start.isoformat(), "2025-03-24T10:00:00+03:00")
        self.assertEqual(str(start.tzinfo), "Asia/Baghdad")
        self.assertEqual(end.isoformat(), "2025-03-24T12:00:00+03:00")
        self.assertEqual(event["dtstart"].params["TZID"], "Asia/Baghdad")
        self.assertEqual([str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")], ["Asia/Baghdad"])
        self.assertEqual(str(event["summary"]), "Water and the marshes")
        self.assertEqual(str(event["location"]), "Basra Cultural Centre, Basra, Iraq")
        self.assertEqual(str(event["url"]), self.marshes.full_url)
        self.assertEqual(str(event["status"]), "CONFIRMED")
        self.assertIn("Iraqi Social Forum (ISF), PDAP", str(event["description"]))

    def test_cancelled_all_day_and_call_to_action(self):
        (event,) = events(ics(self.client.get(self.cancelled.url + "calendar/")))
        self.assertEqual(str(event["status"]), "CANCELLED")
        (event,) = events(ics(self.client.get(self.online.url + "calendar/")))
        self.assertEqual(event.decoded("dtstart"), datetime.date(2025, 3, 26))
        self.assertEqual(event.decoded("dtend"), datetime.date(2025, 3, 27))
        (event,) = events(ics(self.client.get(self.call.url + "calendar/")))
        self.assertEqual(str(event["summary"]), self.call.title)
        self.assertEqual(event.decoded("dtstart"), datetime.date(2025, 3, 24))
        self.assertEqual(event.decoded("dtend"), datetime.date(2025, 3, 29))

    def test_listing_calendar_filtered_by_theme(self):
        calendar = ics(self.client.get(self.index.url + "calendar/", {"theme": "water"}))
        self.assertEqual(
            sorted(str(event["summary"]) for event in events(calendar)),
            [
                "Freedom of expression in Kurdistan",
                "Global solidarity online",
                "Water and the marshes",
            ],
        )
        self.assertEqual(str(calendar["x-wr-calname"]), "Activities: Water and armed conflicts")

    def test_add_to_calendar_links(self):
        response = self.client.get(self.marshes.url)
        self.assertContains(response, f'href="{self.marshes.url}calendar/"')
        self.assertContains(response, "https://calendar.google.com/calendar/render?action=TEMPLATE")
        self.assertContains(response, "dates=20250324T070000Z%2F20250324T090000Z")
        self.assertContains(response, "ctz=Asia%2FBaghdad")


class FeedTests(PublicTestCase):
    def test_rss_of_upcoming_activities_per_theme(self):
        response = self.client.get(self.index.url + "feed/", {"theme": "expression"})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/rss+xml"))
        channel = ET.fromstring(response.content).find("channel")
        self.assertEqual(channel.findtext("title"), "Activities: Freedom of expression")
        self.assertEqual(channel.findtext("language"), "en")
        items = channel.findall("item")
        self.assertEqual([item.findtext("title") for item in items], [self.cancelled.title])
        self.assertEqual(items[0].findtext("link"), self.cancelled.full_url)
        self.assertEqual(items[0].findtext("category"), "Freedom of expression")

    def test_atom_lists_every_upcoming_activity(self):
        response = self.client.get(self.index.url + "feed/atom/")
        self.assertTrue(response["Content-Type"].startswith("application/atom+xml"))
        feed = ET.fromstring(response.content)
        self.assertEqual(
            [entry.findtext(ATOM + "title") for entry in feed.findall(ATOM + "entry")],
            [self.marshes.title, self.cancelled.title, self.online.title, self.hidden.title],
        )

    def test_past_activities_are_left_out_unless_asked(self):
        make_activity(self.index, title="Long ago", start_date=datetime.date(2015, 3, 24))
        response = self.client.get(self.index.url + "feed/")
        self.assertNotContains(response, "Long ago")
        response = self.client.get(self.index.url + "feed/", {"when": ""})
        self.assertContains(response, "Long ago")

    def test_feed_in_arabic(self):
        ar = arabic()
        for page in (self.water, self.call, self.index, self.marshes):
            translate(page, ar, lambda text: f"[ar] {text}")
        response = self.client.get("/ar/wsf/activities/feed/")
        channel = ET.fromstring(response.content).find("channel")
        self.assertEqual(channel.findtext("language"), "ar")
        self.assertEqual(channel.findtext("title"), "[ar] Activities")
        items = channel.findall("item")
        self.assertEqual([item.findtext("title") for item in items], ["[ar] Water and the marshes"])
        self.assertEqual(items[0].findtext("category"), "[ar] Water and armed conflicts")

    def test_markup_in_a_title_stays_text(self):
        hostile = "</title><script>alert(1)</script> ]]> & <![CDATA["
        self.marshes.title = hostile
        self.marshes.save_revision().publish()
        for url in ("feed/", "feed/atom/"):
            with self.subTest(url=url):
                content = self.client.get(self.index.url + url).content
                self.assertNotIn(b"<script>", content)
                titles = [
                    element.text
                    for element in ET.fromstring(content).iter()
                    if element.tag.endswith("title")
                ]
                self.assertIn(hostile, titles)
        calendar = ics(self.client.get(self.marshes.url + "calendar/"))
        (event,) = events(calendar)
        self.assertEqual(str(event["summary"]), hostile)

    def read(self, url, data=None):
        response = self.client.get(self.index.url + url, data or {})
        self.assertEqual(response.status_code, 200)
        return feedparser.parse(response.content)

    def test_a_reader_reads_titles_and_summaries_back_as_text(self):
        self.index.title = HOSTILE
        self.index.save_revision().publish()
        self.marshes.title = HOSTILE
        self.marshes.summary = f"{HOSTILE}\nA second line & <i>more</i>"
        self.marshes.save_revision().publish()
        for url in ("feed/", "feed/atom/"):
            with self.subTest(url=url):
                parsed = self.read(url)
                self.assertFalse(parsed.bozo, parsed.get("bozo_exception"))
                self.assertEqual(parsed.feed.title, HOSTILE)
                entry = parsed.entries[0]
                self.assertEqual(entry.title, HOSTILE)
                self.assertEqual(entry.title_detail.type, "text/plain")
                self.assertEqual(entry.summary_detail.type, "text/html")
                self.assertEqual(
                    ReaderText(entry.summary).text,
                    f"{self.marshes.summary}\n\nBasra Cultural Centre, Basra, Iraq",
                )

    def test_self_link_keeps_the_filters(self):
        query = {"theme": "water", "when": ""}
        for url in ("feed/", "feed/atom/"):
            with self.subTest(url=url):
                links = self.read(url, query).feed.links
                self.assertIn(
                    f"http://testserver{self.index.url}{url}?theme=water&when=",
                    [link.href for link in links if link.rel == "self"],
                )

    def test_description_says_which_activities(self):
        for query, description in (
            ({}, "Upcoming activities"),
            ({"when": "upcoming"}, "Upcoming activities"),
            ({"when": ""}, "All activities"),
            ({"when": "past"}, "Past activities"),
        ):
            for url in ("feed/", "feed/atom/"):
                with self.subTest(query=query, url=url):
                    self.assertEqual(self.read(url, query).feed.subtitle, description)

    def test_without_upcoming_activities_the_latest_past_ones(self):
        index = make_activity_index(self.call, title="Forum 2015", slug="forum-2015")
        for day in (24, 26, 25):
            make_activity(index, title=f"March {day}", start_date=datetime.date(2015, 3, day))
        parsed = feedparser.parse(self.client.get(index.url + "feed/").content)
        self.assertEqual(parsed.feed.subtitle, "Past activities")
        self.assertEqual(
            [entry.title for entry in parsed.entries], ["March 26", "March 25", "March 24"]
        )
        make_activity(index, title="Next year")
        parsed = feedparser.parse(self.client.get(index.url + "feed/").content)
        self.assertEqual(parsed.feed.subtitle, "Upcoming activities")
        self.assertEqual([entry.title for entry in parsed.entries], ["Next year"])

    def test_listing_links_its_feeds(self):
        response = self.client.get(self.index.url, {"theme": "water"})
        self.assertContains(
            response,
            f'<link rel="alternate" type="application/rss+xml" title="Activities" '
            f'href="{self.index.url}feed/?theme=water&amp;when=">',
        )
        self.assertContains(response, f'href="{self.index.url}calendar/?theme=water&amp;when="')


class SharingTests(PublicTestCase):
    def test_open_graph_and_twitter_card(self):
        response = self.client.get(self.marshes.url)
        rendition = self.image.get_rendition("fill-1200x630")
        for tag in (
            '<meta property="og:title" content="Water and the marshes">',
            '<meta property="og:description" content="A parallel meeting in Basra.">',
            f'<meta property="og:url" content="{self.marshes.full_url}">',
            f'<meta property="og:image" content="{rendition.full_url}">',
            '<meta property="og:locale" content="en_GB">',
            '<meta name="twitter:card" content="summary_large_image">',
        ):
            with self.subTest(tag=tag):
                self.assertContains(response, tag, html=True)

    def test_share_links_load_no_script(self):
        response = self.client.get(self.call.url)
        self.assertContains(response, "https://www.facebook.com/sharer/sharer.php?u=")
        self.assertContains(response, "https://wa.me/?text=")
        self.assertContains(response, "mailto:?subject=")
        # The only scripts are the app's own (the visitor's local time), none from elsewhere.
        scripts = re.findall(r'<script src="([^"]*)"', response.content.decode())
        self.assertEqual(scripts, ["/static/icssi_wagtail/local_time.js"])


class SitemapTests(PublicTestCase):
    def urls(self):
        """Every ``<url>`` of every sitemap file, by location (each listed once)."""
        urls = {}
        for response in sitemap_files(self.client):
            self.assertEqual(response.status_code, 200)
            for url in ET.fromstring(response.content).findall("s:url", SITEMAP_NS):
                location = url.findtext("s:loc", namespaces=SITEMAP_NS)
                self.assertNotIn(location, urls)
                urls[location] = url
        return urls

    @mock.patch.object(TranslatedSitemap, "limit", 2)
    def test_every_page_type_in_every_language_with_alternates(self):
        ar = self.translate_marshes()
        draft = make_activity(self.index, title="Draft", slug="draft", publish_it=False)
        testimonial = make_testimonial(make_testimonial_index(), slug="quazi")
        urls = self.urls()
        marshes_ar = self.marshes.get_translation(ar)
        for page in (self.call, self.index, self.marshes, marshes_ar, testimonial):
            self.assertIn(page.full_url, urls)
        self.assertNotIn(draft.full_url, urls)
        # Two pages a file: the translations are in other files than the page.
        for page in (self.marshes, marshes_ar):
            alternates = {
                link.get("hreflang"): link.get("href")
                for link in urls[page.full_url].findall("x:link", SITEMAP_NS)
            }
            self.assertEqual(
                alternates,
                {
                    "en": self.marshes.full_url,
                    "ar": marshes_ar.full_url,
                    "x-default": self.marshes.full_url,
                },
            )

    @mock.patch.object(TranslatedSitemap, "limit", 3)
    def test_the_index_lists_files_of_every_page(self):
        self.translate_marshes()
        response = self.client.get("/sitemap.xml")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        self.assertEqual(ET.fromstring(response.content).tag, f"{{{SITEMAP_NS['s']}}}sitemapindex")
        pages = Page.objects.live().public().filter(depth__gt=1)
        files = sitemap_files(self.client)
        self.assertEqual(len(files), -(-pages.count() // 3))
        for response in files:
            self.assertLessEqual(response.content.count(b"<url>"), 3)
        self.assertEqual(set(self.urls()), {page.full_url for page in pages})
        self.assertEqual(self.client.get("/sitemap-pages.xml?p=99").status_code, 404)
        self.assertEqual(self.client.get("/sitemap-other.xml").status_code, 404)

    @mock.patch.object(TranslatedSitemap, "limit", 3)
    @override_settings(ICSSI_WAGTAIL={"CACHE_ALIAS": None})
    def test_queries_do_not_grow_with_the_site(self):
        def cost():
            counts = []
            for url in ("/sitemap.xml", "/sitemap-pages.xml?p=2"):
                empty_cache()  # Wagtail's site root paths too
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                counts.append(len(queries))
            return counts

        self.translate_marshes()
        small = cost()
        for number in range(12):
            make_activity(self.index, title=f"Activity {number}")
        make_testimonial(make_testimonial_index())
        self.assertEqual(cost(), small)
        self.assertGreater(len(sitemap_files(self.client)), 5)

    def test_kept_until_a_page_changes(self):
        # Every page has a last change (the home page of the tests has none), so the file
        # has a Last-Modified header.
        Page.objects.filter(last_published_at=None).update(
            last_published_at=self.call.last_published_at
        )
        missed = self.client.get("/sitemap-pages.xml")
        self.assertEqual(missed[HIT_HEADER], "miss")
        with self.assertNumQueries(0):
            response = self.client.get("/sitemap-pages.xml")
        self.assertEqual(response[HIT_HEADER], "hit")
        self.assertEqual(response.content, missed.content)
        self.assertEqual(response["X-Robots-Tag"], "noindex, noodp, noarchive")
        self.assertEqual(response["Last-Modified"], missed["Last-Modified"])
        activity = make_activity(self.index, title="Just published")
        self.assertContains(self.client.get("/sitemap-pages.xml"), activity.full_url)


class SearchTests(PublicTestCase):
    @needs_committed_search
    def test_search_with_a_theme_filter(self):
        testimonial = make_testimonial(
            make_testimonial_index(), title="Water in Baghdad", quote="Water for all."
        )
        response = self.client.get("/search/", {"q": "water"})
        self.assertEqual(response.status_code, 200)
        titles = [page.title for page in response.context["results"]]
        self.assertIn("Water and the marshes", titles)
        self.assertIn(testimonial.title, titles)
        response = self.client.get("/search/", {"q": "water", "theme": "water"})
        titles = [page.title for page in response.context["results"]]
        self.assertIn("Water and the marshes", titles)
        self.assertNotIn(testimonial.title, titles)  # testimonials have no theme
        response = self.client.get("/search/", {"q": "water", "theme": "expression"})
        self.assertEqual(list(response.context["results"]), [])

    def test_bad_input_is_reported_not_an_error(self):
        response = self.client.get("/search/", {"q": "x" * 5000 + "\x00", "theme": "nope"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Unknown themes were ignored.")


class SafetyTests(PublicTestCase):
    """A hidden venue, organiser, surname or photo stays hidden in every output."""

    SECRETS = ("Secret Hall 7", "Brave Collective")

    def assertHidden(self, content, label):
        for secret in self.SECRETS:
            with self.subTest(output=label, secret=secret):
                self.assertNotIn(secret, content)

    def test_hidden_venue_and_organisers(self):
        outputs = {
            "page": self.client.get(self.hidden.url).content.decode(),
            "listing": self.client.get(self.index.url).content.decode(),
            "call to action": self.client.get(self.call.url).content.decode(),
            "api": self.client.get(f"/api/v2/activities/{self.hidden.pk}/").content.decode(),
            "api list": self.client.get("/api/v2/activities/", {"fields": "*"}).content.decode(),
            "ics": self.client.get(self.hidden.url + "calendar/").content.decode(),
            "listing ics": self.client.get(self.index.url + "calendar/").content.decode(),
            "rss": self.client.get(self.index.url + "feed/").content.decode(),
            "atom": self.client.get(self.index.url + "feed/atom/").content.decode(),
            "sitemap": sitemap_text(self.client),
        }
        for label, content in outputs.items():
            self.assertHidden(content, label)
        # The city is still shown.
        self.assertIn("Sulaymaniyah", outputs["page"])
        self.assertIn("Sulaymaniyah", outputs["ics"])
        (event,) = json_ld(self.client.get(self.hidden.url))
        self.assertEqual(event["location"]["name"], "Sulaymaniyah")
        self.assertNotIn("organizer", event)

    def test_hidden_organisers_cannot_be_found_by_organisation(self):
        brave = self.hidden.organisers.get().organisation
        response = self.client.get(self.index.url, {"organisation": brave.pk})
        # Not offered as a filter: the value is reported and ignored.
        self.assertNotContains(response, "Brave Collective")
        self.assertIn("organisation", response.context["filter_form"].errors)
        response = self.client.get("/api/v2/activities/", {"organisation": brave.pk})
        self.assertEqual(response.json()["meta"]["total_count"], 0)

    def test_hidden_surname_and_photo(self):
        index = make_testimonial_index()
        photo = Image.objects.create(title="Portrait", file=get_test_image_file())
        testimonial = make_testimonial(
            index,
            title="An account from Baghdad",
            person_name="Quazi Baby",
            hide_surname=True,
            photo=photo,
            photo_consent=True,
            photo_consent_date=datetime.date(2015, 2, 1),
            hide_photo=True,
        )
        page = self.client.get(testimonial.url).content.decode()
        api = self.client.get(f"/api/v2/testimonials/{testimonial.pk}/").json()
        self.assertIn("Quazi", page)
        self.assertNotIn("Baby", page)
        self.assertEqual(api["person_name"], "Quazi")
        self.assertIsNone(api["photo"])
        self.assertNotIn("og:image", page)
        self.assertNotIn(photo.get_rendition("fill-400x400").url, page)
        # Search by the hidden surname finds nothing; by the first name it finds the account
        response = self.client.get("/search/", {"q": "Baby"})
        self.assertNotIn(testimonial.pk, [result.pk for result in response.context["results"]])
        if SEARCH_SEES_UNCOMMITTED_ROWS:
            response = self.client.get("/search/", {"q": "Quazi"})
            self.assertIn(testimonial.pk, [result.pk for result in response.context["results"]])

    def test_withdrawn_consent_reaches_translations_at_once(self):
        photo = Image.objects.create(title="Portrait", file=get_test_image_file())
        testimonial = make_testimonial(
            make_testimonial_index(),
            photo=photo,
            photo_consent=True,
            photo_consent_date=datetime.date(2015, 2, 1),
        )
        ar = arabic()
        translated = translate(testimonial, ar, lambda text: f"[ar] {text}")
        self.assertEqual(TestimonialPage.objects.get(pk=translated.pk).visible_photo, photo)
        testimonial.photo_consent = False
        testimonial.photo_consent_date = None
        testimonial.save_revision().publish()
        translated = TestimonialPage.objects.get(pk=translated.pk)
        self.assertIsNone(translated.visible_photo)
        response = self.client.get(translated.url)
        self.assertNotContains(response, photo.get_rendition("fill-400x400").url)
        api = self.client.get(f"/api/v2/testimonials/{translated.pk}/").json()
        self.assertIsNone(api["photo"])

    def test_hiding_organisers_reaches_translations_at_once(self):
        ar = self.translate_marshes()
        marshes = ActivityPage.objects.get(pk=self.marshes.pk)
        marshes.hide_organisers = True
        marshes.save_revision().publish()
        translated = ActivityPage.objects.get(pk=marshes.get_translation(ar).pk)
        self.assertTrue(translated.hide_organisers)
        self.assertNotContains(self.client.get(translated.url), "Iraqi Social Forum")

    def test_a_kept_answer_of_a_translation_forgets_the_organisers_at_once(self):
        ar = self.translate_marshes()
        translated = self.marshes.get_translation(ar)
        detail = f"/api/v2/activities/{translated.pk}/"
        self.assertTrue(self.client.get(detail).json()["organisers"])
        self.assertEqual(self.client.get(detail)["X-ICSSI-Cache"], "hit")
        marshes = ActivityPage.objects.get(pk=self.marshes.pk)
        marshes.hide_organisers = True
        marshes.save_revision().publish()
        self.assertEqual(self.client.get(detail).json()["organisers"], [])

    def test_publishing_an_older_translation_never_shows_what_the_source_hides(self):
        ar = self.translate_marshes()
        marshes = ActivityPage.objects.get(pk=self.marshes.pk)
        marshes.hide_organisers = True
        marshes.save_revision().publish()
        # The translation's revision predates the change: publishing it again (as a translator
        # does without syncing first) must neither show the organisers there nor on the source.
        translated = ActivityPage.objects.get(pk=marshes.get_translation(ar).pk)
        translated.get_latest_revision().publish()
        for pk in (marshes.pk, translated.pk):
            self.assertTrue(ActivityPage.objects.get(pk=pk).hide_organisers, pk)
        self.assertNotContains(self.client.get(translated.url), "Iraqi Social Forum")
