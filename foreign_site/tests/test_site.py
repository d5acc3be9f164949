"""The foreign site renders every ICSSI page type inside its own layout, from the wheel."""

import json

from bs4 import BeautifulSoup
from defusedxml import ElementTree
from django.contrib.staticfiles import finders
from django.core import checks
from django.test import TestCase, override_settings
from icalendar import Calendar

from .content import build_site

STYLESHEET = "icssi_wagtail/icssi_wagtail.css"


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


class LayoutMixin:
    @classmethod
    def setUpTestData(cls):
        cls.site = build_site()

    def page(self, name):
        return self.site[name]

    def get_in_layout(self, page, heading):
        """The page, checked to sit in the site's layout with the stylesheet and head tags."""
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        soup = soup_of(response)
        self.assertIsNotNone(soup.select_one("body > header#riverside-header"))
        main = soup.select_one("body > main#riverside-main")
        self.assertIsNotNone(main, "the site's <main> is missing")
        self.assertIn(heading, main.h1.get_text(), "the page's heading is not in <main>")
        self.assertEqual(
            [link["href"] for link in soup.head.select('link[rel="stylesheet"]')],
            ["/static/riverside/site.css", f"/static/{STYLESHEET}"],
        )
        canonical = soup.head.select('link[rel="canonical"]')
        self.assertEqual([link["href"] for link in canonical], [page.full_url])
        og_title = soup.head.select_one('meta[property="og:title"]')
        self.assertEqual(og_title["content"], page.seo_title or page.title)
        self.assertEqual(
            soup.title.get_text().strip(), f"{page.title} | Riverside Community Network"
        )
        return soup

    def json_ld(self, soup):
        scripts = soup.head.select('script[type="application/ld+json"]')
        self.assertEqual(len(scripts), 1, "one JSON-LD script in <head>")
        return json.loads(scripts[0].string)


class PageTypeTests(LayoutMixin, TestCase):
    def test_home_page_is_the_site_own(self):
        response = self.client.get("/")
        self.assertContains(response, '<main class="riverside-main" id="riverside-main">')
        self.assertContains(response, "World Social Forum 2015")

    def test_call_to_action(self):
        soup = self.get_in_layout(self.page("call"), "Join Iraqi activists")
        self.assertEqual(self.json_ld(soup)["@type"], "Event")
        self.assertIn("The water question", soup.main.get_text())

    def test_activity_index(self):
        soup = self.get_in_layout(self.page("index"), "Activities")
        cards = soup.main.get_text()
        self.assertIn("The water question", cards)
        self.assertIn("Riverside walk for the Tigris", cards)
        feeds = soup.head.select('link[rel="alternate"][type="application/rss+xml"]')
        self.assertEqual(len(feeds), 1)

    def test_activity(self):
        soup = self.get_in_layout(self.page("activity"), "The water question")
        event = self.json_ld(soup)
        self.assertEqual(event["@type"], "Event")
        self.assertEqual(event["name"], "The water question")
        self.assertIn("Iraqi Social Forum", soup.main.get_text())

    def test_activity_subclass_keeps_the_activity_page_and_adds_its_own(self):
        soup = self.get_in_layout(self.page("local"), "Riverside walk for the Tigris")
        self.assertEqual(self.json_ld(soup)["name"], "Riverside walk for the Tigris")
        text = soup.main.get_text()
        self.assertIn("Meet at the old boathouse", text)
        self.assertIn("Water and armed conflicts", text)
        self.assertIn("Manchester", text)

    def test_testimonial_index(self):
        soup = self.get_in_layout(self.page("testimonials"), "Testimonials")
        self.assertIn("Travelling to Baghdad", soup.main.get_text())

    def test_testimonial(self):
        soup = self.get_in_layout(self.page("testimonial"), "Travelling to Baghdad")
        self.assertIn("we cannot refuse", soup.main.get_text())

    def test_search_sits_in_the_layout_with_the_stylesheet(self):
        response = self.client.get("/search/", {"q": "water"})
        soup = soup_of(response)
        self.assertIn("The water question", soup.select_one("main#riverside-main").get_text())
        hrefs = [link["href"] for link in soup.head.select('link[rel="stylesheet"]')]
        self.assertIn(f"/static/{STYLESHEET}", hrefs)

    def test_screen_reader_text_is_hidden_by_the_linked_stylesheet(self):
        soup = self.get_in_layout(self.page("index"), "Activities")
        self.assertTrue(soup.main.select(".icssi-visually-hidden"))
        with open(finders.find(STYLESHEET), encoding="utf-8") as stylesheet:
            css = stylesheet.read()
        rule = css[css.index(".icssi-visually-hidden {") :].split("}")[0]
        self.assertIn("clip-path: inset(50%)", rule)
        # Images and long words are held inside the page's own wrapper, not the bundled <main>.
        self.assertIsNotNone(soup.main.select_one(".icssi-page"))
        self.assertRegex(css, r":is\(\.icssi-main, \.icssi-page\) img \{\s*max-inline-size: 100%")


class APITests(LayoutMixin, TestCase):
    def get_json(self, url, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def test_activities_include_the_subclass(self):
        data = self.get_json("/content-api/activities/", theme="water")
        titles = {item["title"] for item in data["items"]}
        self.assertEqual(titles, {"The water question", "Riverside walk for the Tigris"})
        detail = next(i for i in data["items"] if i["title"].startswith("Riverside"))
        self.assertEqual(
            detail["meta"]["detail_url"],
            f"http://testserver/content-api/activities/{self.page('local').pk}/",
        )
        one = self.get_json(f"/content-api/activities/{self.page('local').pk}/")
        self.assertEqual(one["title"], "Riverside walk for the Tigris")

    def test_testimonials_themes_organisations_and_pages(self):
        data = self.get_json("/content-api/testimonials/")
        self.assertEqual([i["title"] for i in data["items"]], ["Travelling to Baghdad"])
        data = self.get_json("/content-api/themes/")
        self.assertEqual([i["slug"] for i in data["items"]], ["water"])
        data = self.get_json("/content-api/organisations/")
        self.assertEqual([i["name"] for i in data["items"]], ["Iraqi Social Forum"])
        data = self.get_json("/content-api/pages/", type="icssi_wagtail.CallToActionPage")
        self.assertEqual([i["title"] for i in data["items"]], ["World Social Forum 2015"])

    def test_hidden_organisers_of_the_subclass_stay_hidden(self):
        local = self.page("local")
        local.organisers = [local.organisers.model(organisation=self.site["forum"], sort_order=0)]
        local.hide_organisers = True
        local.save_revision().publish()
        data = self.get_json(f"/content-api/activities/{local.pk}/")
        self.assertEqual(data["organisers"], [])
        response = self.client.get(local.url)
        self.assertNotContains(response, "Iraqi Social Forum")


class FeedAndCalendarTests(LayoutMixin, TestCase):
    ATOM = "{http://www.w3.org/2005/Atom}"

    def test_rss_and_atom_feeds(self):
        index = self.page("index")
        response = self.client.get(index.url + "feed/")
        self.assertEqual(response.status_code, 200)
        rss = ElementTree.fromstring(response.content)
        titles = {item.findtext("title") for item in rss.iter("item")}
        self.assertEqual(titles, {"The water question", "Riverside walk for the Tigris"})
        response = self.client.get(index.url + "feed/atom/")
        atom = ElementTree.fromstring(response.content)
        entries = atom.findall(f"{self.ATOM}entry")
        self.assertEqual(len(entries), 2)

    def events(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"].split(";")[0], "text/calendar")
        return Calendar.from_ical(response.content).walk("VEVENT")

    def test_calendars(self):
        for name in ("activity", "local", "call"):
            (event,) = self.events(self.page(name).url + "calendar/")
            self.assertEqual(str(event["SUMMARY"]), self.page(name).title)
            self.assertTrue(str(event["UID"]).endswith("@riverside.example"))
        events = self.events(self.page("index").url + "calendar/")
        self.assertEqual(len(events), 2)
        local = next(e for e in events if str(e["SUMMARY"]).startswith("Riverside"))
        self.assertEqual(str(local["DTSTART"].params["TZID"]), "Europe/London")


class SystemCheckTests(TestCase):
    def icssi_messages(self):
        return [m for m in checks.run_checks() if m.id.startswith("icssi_wagtail")]

    def test_the_site_passes_every_check(self):
        self.assertEqual(self.icssi_messages(), [])

    @override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": "layouts/site.html"})
    def test_the_site_base_without_a_layout_is_reported_with_the_lines_to_add(self):
        messages = self.icssi_messages()
        self.assertEqual(
            [m.id for m in messages],
            ["icssi_wagtail.W005", "icssi_wagtail.E005", "icssi_wagtail.E005"],
        )
        text = "\n".join(f"{m.msg} {m.hint}" for m in messages)
        for words in ("block 'content'", "block 'extra_head'", "'layouts/site.html'"):
            self.assertIn(words, text)
        # The layout to write, with this site's own block names, as templates/layouts/icssi.html.
        self.assertTrue(messages[-1].hint.endswith(self.layout_file()), messages[-1].hint)

    def layout_file(self):
        from django.conf import settings

        with open(f"{settings.BASE_DIR}/templates/layouts/icssi.html", encoding="utf-8") as file:
            return file.read().strip()


class MigrationTests(TestCase):
    def test_the_site_migrations_match_its_models(self):
        """The subclass's migration, made against the wheel's ActivityPage, is complete."""
        from django.core.management import call_command

        call_command("makemigrations", "home", "events", check=True, dry_run=True, verbosity=0)
