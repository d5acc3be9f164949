"""ICSSI pages in a host site's own layout: inside its <main>, styled, with every head tag
(issue #16, points 1 and 2; docs/integration.md)."""

import json

from bs4 import BeautifulSoup
from django.template import engines
from django.test import RequestFactory, TestCase, override_settings
from wagtail.models import Page

from .utils import (
    SEARCH_SEES_UNCOMMITTED_ROWS,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_testimonial,
    make_testimonial_index,
    site_root,
)

STYLESHEET = "/static/icssi_wagtail/icssi_wagtail.css"
LAYOUT = {"BASE_TEMPLATE": "host_layout.html"}


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def stylesheets(soup):
    return [link["href"] for link in soup.select('link[rel="stylesheet"]')]


class HostTemplateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.call = make_call_to_action(title="Forum")
        cls.index = make_activity_index(cls.call, title="Activities")
        cls.activity = make_activity(cls.index, title="The water question")
        cls.testimonials = make_testimonial_index(cls.call, title="Testimonials")
        cls.testimonial = make_testimonial(cls.testimonials, title="Travelling to Baghdad")
        cls.pages = [cls.call, cls.index, cls.activity, cls.testimonials, cls.testimonial]

    def assert_in_host_layout(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200)
        soup = soup_of(response)
        main = soup.select_one("body > main#host-main")
        self.assertIsNotNone(main.h1, f"{page.title}: no heading in the host's <main>")
        self.assertIsNotNone(soup.select_one("body > header#host-header"))
        self.assertEqual(soup.title.get_text(), f"{page.title} | Host")
        self.assertEqual(stylesheets(soup.head), ["/static/host/site.css", STYLESHEET])
        canonical = soup.head.select('link[rel="canonical"]')
        self.assertEqual([link["href"] for link in canonical], [page.full_url])
        og_title = soup.head.select_one('meta[property="og:title"]')
        self.assertEqual(og_title["content"], page.title)
        return soup

    @override_settings(ICSSI_WAGTAIL=LAYOUT)
    def test_every_page_type_sits_in_the_host_layout_with_its_head(self):
        for page in self.pages:
            with self.subTest(page=page.title):
                soup = self.assert_in_host_layout(page)
                json_ld = soup.head.select('script[type="application/ld+json"]')
                if page in (self.call, self.activity):
                    self.assertEqual(json.loads(json_ld[0].string)["@type"], "Event")
                else:
                    self.assertEqual(json_ld, [])

    @override_settings(ICSSI_WAGTAIL=LAYOUT)
    def test_index_keeps_its_feeds_and_time_script_in_the_host_head(self):
        soup = self.assert_in_host_layout(self.index)
        feeds = soup.head.select('link[rel="alternate"][type$="+xml"]')
        self.assertEqual(
            [link["href"] for link in feeds],
            [f"{self.index.url}feed/?when=", f"{self.index.url}feed/atom/?when="],
        )
        scripts = [script["src"] for script in soup.head.select("script[src]")]
        self.assertEqual(scripts, ["/static/icssi_wagtail/local_time.js"])

    @override_settings(ICSSI_WAGTAIL=LAYOUT)
    def test_screen_reader_text_is_styled_hidden_in_the_host_layout(self):
        soup = self.assert_in_host_layout(self.index)
        self.assertTrue(soup.main.select(".icssi-visually-hidden"))
        self.assertIn(STYLESHEET, stylesheets(soup.head))

    @override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": "host_base.html"})
    def test_a_host_base_with_the_same_block_names_needs_no_layout(self):
        soup = soup_of(self.client.get(self.activity.url))
        self.assertEqual(stylesheets(soup.head), [STYLESHEET])
        self.assertEqual(soup.select_one("main#host-main").h1.get_text(), "The water question")

    def test_the_bundled_base_writes_each_head_tag_once(self):
        for page in self.pages:
            with self.subTest(page=page.title):
                soup = soup_of(self.client.get(page.url))
                self.assertEqual(stylesheets(soup.head), [STYLESHEET])
                self.assertEqual(len(soup.head.select('link[rel="canonical"]')), 1)
                self.assertEqual(len(soup.head.select('meta[property="og:title"]')), 1)

    @override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": "host_head_tag_base.html"})
    def test_icssi_head_in_the_host_head_and_in_the_pages_writes_once(self):
        soup = soup_of(self.client.get(self.call.url))
        self.assertEqual(stylesheets(soup.head), [STYLESHEET])
        self.assertEqual(len(soup.head.select('link[rel="canonical"]')), 1)
        self.assertEqual(len(soup.head.select('script[type="application/ld+json"]')), 1)

    def test_include_stylesheet_false_links_none_whatever_the_base(self):
        for base in ("icssi_wagtail/base.html", "host_layout.html", "host_head_tag_base.html"):
            settings = {"BASE_TEMPLATE": base, "INCLUDE_STYLESHEET": False}
            with self.subTest(base=base), override_settings(ICSSI_WAGTAIL=settings):
                soup = soup_of(self.client.get(self.activity.url))
                self.assertNotIn(STYLESHEET, stylesheets(soup))
                self.assertEqual(len(soup.head.select('link[rel="canonical"]')), 1)

    @override_settings(ICSSI_WAGTAIL=LAYOUT)
    def test_search_sits_in_the_host_layout_with_the_stylesheet(self):
        soup = soup_of(self.client.get("/search/", {"q": "water"}))
        main = soup.select_one("main#host-main")
        self.assertIsNotNone(main.select_one("form"))
        if SEARCH_SEES_UNCOMMITTED_ROWS:
            self.assertIn("The water question", main.get_text())
        self.assertEqual(stylesheets(soup.head), ["/static/host/site.css", STYLESHEET])
        self.assertIsNotNone(soup.head.select_one('meta[name="robots"][content="noindex"]'))

    def test_other_pages_on_the_bundled_base_get_the_stylesheet_only(self):
        """A site's own page (the demo's home) extending icssi_wagtail/base.html is styled,
        and gets no ICSSI head tags for a page that is not one of the app's."""
        home = Page.objects.get(pk=site_root().pk)
        template = engines["django"].from_string(
            '{% extends "icssi_wagtail/base.html" %}{% block content %}Home{% endblock %}'
        )
        html = template.render({"page": home}, RequestFactory().get("/"))
        soup = BeautifulSoup(html, "html.parser")
        self.assertEqual(stylesheets(soup.head), [STYLESHEET])
        self.assertEqual(soup.head.select('link[rel="canonical"]'), [])
