"""What a visitor sees around the content: where they are, what happens when, in their language."""

import datetime
import json
import re
from pathlib import Path
from zoneinfo import ZoneInfo

from django.template import engines
from django.template.loader import render_to_string
from django.test import RequestFactory, SimpleTestCase, TestCase
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, PageViewRestriction

import icssi_wagtail
from icssi_wagtail.models import ActivityPage, CallToActionTestimonial
from icssi_wagtail.navigation import breadcrumb, live_ancestors, menu_pages, site_navigation
from icssi_wagtail.templatetags.icssi_wagtail_tags import icssi_time_zone

from .localize import arabic, translate
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    site_root,
)

PAST = {"start_date": datetime.date(2015, 3, 24), "end_date": datetime.date(2015, 3, 28)}
IANA_NAME = re.compile(r"\b(Africa|America|Asia|Atlantic|Australia|Europe|Indian|Pacific)/\w+")


def arabic_text(text):
    """A stand-in translator: Arabic words before each string, so that every string changes."""
    return f"نص عربي {text}"


def card_titles(html):
    return re.findall(r'class="icssi-card__title"><a href="([^"]+)"', html)


class SiteNavigationTests(TestCase):
    """Item 5: a header, a footer, and a breadcrumb back to the listing, in the page's language."""

    @classmethod
    def setUpTestData(cls):
        cls.call = make_call_to_action(title="The forum")
        cls.index = make_activity_index(parent=cls.call, title="Activities")
        cls.activity = make_activity(cls.index, title="The water question")
        cls.testimonials = make_testimonial_index(parent=cls.call, title="Testimonials")
        cls.testimonial = make_testimonial(cls.testimonials, title="Quazi Baby")

    def breadcrumb(self, html):
        nav = re.search(r'<nav class="icssi-breadcrumb".*?</nav>', html, re.S).group(0)
        return re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)

    def test_activity_links_back_to_its_listing_and_the_site_home(self):
        html = self.client.get(self.activity.url).content.decode()
        self.assertEqual(
            self.breadcrumb(html),
            [("/", "Home"), (self.call.url, "The forum"), (self.index.url, "Activities")],
        )
        self.assertIn('<span aria-current="page">The water question</span>', html)
        self.assertIn('<a class="icssi-site-name" href="/">ICSSI tests</a>', html)
        self.assertIn('<footer class="icssi-site-footer">', html)

    def test_testimonial_links_back_to_its_index(self):
        html = self.client.get(self.testimonial.url).content.decode()
        self.assertIn((self.testimonials.url, "Testimonials"), self.breadcrumb(html))

    def test_the_menu_lists_the_home_pages_shown_in_menus(self):
        Page.objects.filter(pk=self.call.pk).update(show_in_menus=True)
        html = self.client.get(self.testimonial.url).content.decode()
        menu = re.search(r'<nav class="icssi-site-menu".*?</nav>', html, re.S).group(0)
        self.assertEqual(re.findall(r'<a href="([^"]+)">', menu), [self.call.url])

    def test_links_stay_in_the_page_language(self):
        locale = arabic()
        for page in (site_root(), self.call, self.index, self.activity):
            translate(page, locale, arabic_text)
        activity_ar = self.activity.get_translation(locale)
        html = self.client.get(activity_ar.url).content.decode()
        self.assertTrue(activity_ar.url.startswith("/ar/"), activity_ar.url)
        self.assertIn('<a class="icssi-site-name" href="/ar/">', html)
        links = self.breadcrumb(html)
        self.assertEqual(links[0], ("/ar/", "الرئيسية"))
        self.assertEqual(
            links[1:],
            [
                (self.call.get_translation(locale).url, "نص عربي The forum"),
                (self.index.get_translation(locale).url, "نص عربي Activities"),
            ],
        )
        self.assertIn('aria-label="مسار التصفح"', html)

    def test_a_served_page_reads_its_breadcrumb_from_the_routing(self):
        request = RequestFactory().get(self.activity.url)
        home = site_root()
        slugs = [self.call.slug, self.index.slug, self.activity.slug]
        served = home.specific.route(request, slugs)
        expected = [home.pk, self.call.pk, self.index.pk]
        with self.assertNumQueries(0):
            self.assertEqual([page.pk for page in live_ancestors(served.page, 2)], expected)
        activity = Page.objects.get(pk=self.activity.pk)
        with self.assertNumQueries(1):
            self.assertEqual([page.pk for page in live_ancestors(activity, 2)], expected)
        self.index.unpublish()
        self.assertEqual([page.pk for page in live_ancestors(activity, 3)], [self.call.pk])

    def test_the_menu_reads_the_home_children_only(self):
        home = site_root()
        pages = [make_call_to_action(show_in_menus=True) for _ in range(3)]
        pages[1].unpublish()
        PageViewRestriction.objects.create(page=pages[2], restriction_type="login")
        hidden = make_call_to_action(show_in_menus=False)
        home.refresh_from_db()
        expected = [self.call.pk, pages[0].pk]
        Page.objects.filter(pk=self.call.pk).update(show_in_menus=True)
        with self.assertNumQueries(2):  # the children and the view restrictions
            self.assertEqual([page.pk for page in menu_pages(home)], expected)
        # Children numbered beyond twice their number and 8 are looked up as get_children() does.
        later = [make_call_to_action(show_in_menus=True) for _ in range(12)]
        for page in [*pages, hidden, *later[:-1]]:
            page.delete()
        home.refresh_from_db()
        self.assertEqual(home.numchild, 2)
        self.assertEqual(
            [page.pk for page in menu_pages(home)],
            [page.pk for page in home.get_children().live().in_menu()],
        )
        self.assertEqual([page.pk for page in menu_pages(home)], [self.call.pk, later[-1].pk])

    def test_a_kept_page_costs_no_query_for_its_header_and_breadcrumb(self):
        self.client.get(self.activity.url)
        request = RequestFactory().get(self.activity.url)
        request._wagtail_site = self.activity.get_site()
        with self.assertNumQueries(0):
            self.assertEqual(len(breadcrumb(self.activity, request)), 3)
            self.assertEqual(site_navigation(request)["home_url"], "/")


class CallToActionRepetitionTests(TestCase):
    """Item 6: a call to action shows each activity, theme and testimonial once, and no
    Register button once registration is over."""

    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water")

    def make_call(self, body, **kwargs):
        call = make_call_to_action(themes=[self.water], **kwargs)
        index = make_activity_index(parent=call)
        activities = [make_activity(index, themes=[self.water]) for _ in range(3)]
        testimonial = make_testimonial(make_testimonial_index(parent=call))
        call.related_testimonials = [CallToActionTestimonial(testimonial=testimonial)]
        call.body = json.dumps(body(index, testimonial))
        call.save_revision().publish()
        return call, activities, testimonial

    def lists(self, index, testimonial):
        return [
            {"type": "theme_list", "value": {"heading": "", "index": index.pk, "themes": []}},
            {
                "type": "activity_list",
                "value": {"themes": [], "index": index.pk, "count": 5, "upcoming_only": False},
            },
            {"type": "testimonial", "value": {"page": testimonial.pk}},
        ]

    def test_each_activity_theme_and_testimonial_once_when_the_body_lists_them(self):
        call, activities, testimonial = self.make_call(self.lists)
        html = self.client.get(call.url).content.decode()
        self.assertEqual(sorted(card_titles(html)), sorted(page.url for page in activities))
        self.assertEqual(html.count('class="icssi-theme__name"'), 1)
        self.assertEqual(html.count(f'href="{testimonial.url}"'), 1)
        self.assertNotIn("icssi-activities-heading", html)

    def test_the_page_lists_them_when_the_body_does_not(self):
        call, activities, testimonial = self.make_call(lambda index, testimonial: [])
        html = self.client.get(call.url).content.decode()
        self.assertEqual(
            sorted(card_titles(html)), sorted(page.url for page in [*activities, testimonial])
        )
        self.assertIn("icssi-themes-heading", html)

    def registration_block(self, index, testimonial):
        no_link = {"page": None, "document": None}
        button = {"label": "Register on the WSF site", **no_link, "url": "https://fsm2015.org/en/"}
        return [
            {"type": "call_to_action", "value": {"heading": "Join us in Tunis", "button": button}},
            {"type": "paragraph", "value": "<p>Still here.</p>"},
        ]

    def test_no_register_button_once_the_event_took_place(self):
        call, _activities, _testimonial = self.make_call(self.registration_block, **PAST)
        html = self.client.get(call.url).content.decode()
        self.assertIn("Took place", html)
        self.assertNotIn("Register", html)
        self.assertNotIn('href="https://fsm2015.org/en', html)
        # The editor's heading and the rest of the body stay.
        self.assertIn("Join us in Tunis", html)
        self.assertIn("Still here.", html)

    def test_the_register_button_while_registration_is_open(self):
        call, _activities, _testimonial = self.make_call(self.registration_block)
        html = self.client.get(call.url).content.decode()
        self.assertIn("Register on the WSF site", html)
        self.assertEqual(html.count('href="https://fsm2015.org/en'), 2)  # and the page's own


class ActivityRegistrationTests(TestCase):
    def test_no_register_button_on_a_past_activity(self):
        index = make_activity_index()
        url = "https://example.org/register"
        past = make_activity(index, registration_url=url, start_date=datetime.date(2015, 3, 24))
        upcoming = make_activity(index, registration_url=url)
        self.assertNotContains(self.client.get(past.url), "Register for this activity")
        self.assertContains(self.client.get(upcoming.url), "Register for this activity")


class TimeZoneNameTests(SimpleTestCase):
    """Item 7: a zone's abbreviation or offset, never its IANA name."""

    def at(self, zone, month=1):
        return datetime.datetime(2025, month, 24, 10, tzinfo=ZoneInfo(zone))

    def test_names(self):
        cases = {
            "Asia/Baghdad": "UTC+03:00",
            "Africa/Tunis": "CET (UTC+01:00)",
            "Asia/Kolkata": "IST (UTC+05:30)",
            "Asia/Kathmandu": "UTC+05:45",
            "America/Argentina/Buenos_Aires": "UTC-03:00",
            "Europe/London": "GMT (UTC)",
            "UTC": "UTC",
        }
        for zone, expected in cases.items():
            with self.subTest(zone):
                self.assertEqual(icssi_time_zone(self.at(zone)), expected)
        self.assertEqual(icssi_time_zone(self.at("Europe/London", month=7)), "BST (UTC+01:00)")
        self.assertEqual(icssi_time_zone(datetime.date(2025, 1, 1)), "")


class EventDatesTests(TestCase):
    """``includes/event_dates.html``: each end in a ``<time>``, in the event's own zone."""

    separator = (
        '<span class="icssi-range-separator" aria-hidden="true"> – </span>'
        '<span class="icssi-visually-hidden"> to </span>\n'
    )

    def dates(self, **fields):
        event = ActivityPage(start_date=datetime.date(2030, 3, 24), **fields)
        return render_to_string("icssi_wagtail/includes/event_dates.html", {"event": event})

    def test_all_day(self):
        self.assertEqual(
            self.dates(),
            '\n<span class="icssi-event-dates">'
            '<time datetime="2030-03-24">24 March 2030</time></span>\n',
        )
        self.assertEqual(
            self.dates(end_date=datetime.date(2030, 3, 28)),
            '\n<span class="icssi-event-dates"><time datetime="2030-03-24">24 March 2030</time>'
            f'{self.separator}<time datetime="2030-03-28">28 March 2030</time></span>\n',
        )

    def test_times_in_the_event_zone(self):
        self.assertEqual(
            self.dates(
                start_time=datetime.time(10), end_time=datetime.time(12), time_zone="Africa/Tunis"
            ),
            '\n<span class="icssi-event-dates" data-icssi-your-time="your time">'
            '<time datetime="2030-03-24T10:00:00+01:00">24 March 2030, 10:00</time>'
            f'{self.separator}<time datetime="2030-03-24T12:00:00+01:00">12:00</time> '
            '<span class="icssi-time-zone"><bdi>CET (UTC+01:00)</bdi></span></span>\n',
        )

    def test_several_days(self):
        baghdad = {"start_time": datetime.time(16), "time_zone": "Asia/Baghdad"}
        self.assertIn(
            f'{self.separator}<time datetime="2030-03-28T18:00:00+03:00">28 March 2030, 18:00'
            "</time> ",
            self.dates(end_date=datetime.date(2030, 3, 28), end_time=datetime.time(18), **baghdad),
        )
        self.assertIn(
            f'{self.separator}<time datetime="2030-03-28">28 March 2030</time> '
            '<span class="icssi-time-zone"><bdi>UTC+03:00</bdi></span>',
            self.dates(end_date=datetime.date(2030, 3, 28), **baghdad),
        )


class CardImageTests(TestCase):
    """``{% icssi_image %}``, the cards' image: what ``{% image %}`` writes, for less."""

    def render(self, source, image):
        engine = engines["django"]
        return engine.from_string(source).render({"image": image})

    def test_the_same_img_as_wagtail_image(self):
        image = Image.objects.create(title="River", file=get_test_image_file())
        wagtail = '{% load wagtailimages_tags %}{% image image fill-640x360 alt="" %}'
        ours = '{% load icssi_wagtail_tags %}{% icssi_image image "fill-640x360" alt="" %}'
        self.assertEqual(self.render(ours, image), self.render(wagtail, image))
        self.assertIn('alt=""', self.render(ours, image))
        prefetched = Image.objects.prefetch_renditions("fill-640x360").get(pk=image.pk)
        with self.assertNumQueries(0):
            self.assertEqual(self.render(ours, prefetched), self.render(wagtail, image))
        self.assertEqual(self.render(ours, None), "")


class ArabicTimeTests(TestCase):
    def test_arabic_activity_shows_readable_times(self):
        index = make_activity_index()
        activity = make_activity(
            index, time_zone="Asia/Baghdad", start_time=datetime.time(16), end_time=None
        )
        locale = arabic()
        translate(site_root(), locale, arabic_text)
        translate(index, locale, arabic_text)
        html = self.client.get(translate(activity, locale, arabic_text).url).content.decode()
        self.assertIsNone(IANA_NAME.search(html))
        self.assertIn('<time datetime="2025-03-24T16:00:00+03:00">24 مارس 2025، 16:00</time>', html)
        self.assertIn("<bdi>UTC+03:00</bdi>", html)
        self.assertIn('data-icssi-your-time="بتوقيتك"', html)
        self.assertIn("icssi_wagtail/local_time.js", html)


class StylesheetTests(SimpleTestCase):
    """Items 7 and 8: fonts for Arabic script, cards that hold with long titles, right to left."""

    # The installed package's stylesheet (the checkout's, or the wheel's in make test-wheel).
    css = (
        Path(icssi_wagtail.__file__).parent / "static/icssi_wagtail/icssi_wagtail.css"
    ).read_text()

    def test_arabic_script_has_a_font_stack_and_nothing_is_downloaded(self):
        rule = re.search(r":lang\(ar\),\s*:lang\(ckb\)[^{]*\{([^}]*)\}", self.css)
        self.assertIsNotNone(rule)
        self.assertIn('"Noto Naskh Arabic"', rule.group(1))
        self.assertNotRegex(self.css, r"@import|@font-face|url\(")

    def test_cards_and_layout(self):
        self.assertRegex(self.css, r"\.icssi-card-list \{[^}]*display: grid")
        self.assertRegex(self.css, r"\.icssi-card__title \{[^}]*overflow-wrap: anywhere")
        # Logical properties only, so that right to left works unchanged.
        self.assertNotRegex(self.css, r"(margin|padding|border)-(left|right)|\b(left|right):")
