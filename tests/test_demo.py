import datetime
from html.parser import HTMLParser
from io import StringIO
from pathlib import Path
from unittest import skipUnless
from urllib.parse import urlsplit

import extruct
import icalendar
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.models import Locale, Page, Revision, Site
from wagtail_localize.models import Translation, TranslationSource

from icssi_wagtail.models import (
    ActivityIndexPage,
    ActivityOrganiser,
    ActivityPage,
    ActivityPageTheme,
    CallToActionPage,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)

from .utils import empty_cache, make_activity, sitemap_text


class PageAudit(HTMLParser):
    """The ``<html>`` element's ``lang`` and ``dir``, the ``<a>`` links and the ``<meta>``
    and ``<link>`` elements of a page."""

    def __init__(self, html):
        super().__init__()
        self.html, self.links, self.meta, self.head_links = {}, [], {}, {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        elif tag == "a" and attrs.get("href"):
            self.links.append(attrs)
        elif tag == "meta" and (attrs.get("property") or attrs.get("name")):
            self.meta.setdefault(attrs.get("property") or attrs["name"], []).append(
                attrs.get("content")
            )
        elif tag == "link" and attrs.get("rel"):
            self.head_links.setdefault(attrs["rel"], []).append(attrs.get("href"))


# The demo project's templates (its home page), absent from the wheel's test run.
DEMO_TEMPLATES = Path(__file__).resolve().parent.parent / "demo" / "templates"


def with_demo_templates():
    templates = [
        {**settings.TEMPLATES[0], "DIRS": [DEMO_TEMPLATES, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    return override_settings(TEMPLATES=templates)


def json_ld(response):
    (data,) = extruct.extract(response.content.decode(), syntaxes=["json-ld"])["json-ld"]
    return data


def live_demo_pages():
    """Every live page of the demo but the tree's root, in every language."""
    return Page.objects.live().filter(depth__gt=1).select_related("locale").order_by("path")


def snapshot():
    models = (Page, Revision, Theme, Organisation, ActivityPageTheme, ActivityOrganiser)
    counts = {model.__name__: model.objects.count() for model in models}
    revisions = dict(Page.objects.values_list("pk", "latest_revision_id"))
    return counts, revisions


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The Arabic translations are published when the command's transaction commits.
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_icssi_demo", stdout=StringIO())

    def test_loads_the_seed_content(self):
        self.assertEqual(
            list(Theme.objects.canonical().values_list("slug", flat=True)),
            ["tolerance", "democracy", "solidarity", "water", "expression", "sports"],
        )
        call = CallToActionPage.objects.get(slug="wsf-2015", locale=Locale.get_default())
        self.assertEqual(call.title, "Join Iraqi activists at the World Social Forum!")
        self.assertEqual(
            (call.start_date, call.end_date),
            (datetime.date(2015, 3, 24), datetime.date(2015, 3, 28)),
        )
        self.assertEqual((call.city, call.time_zone), ("Tunis", "Africa/Tunis"))
        figures = [block.value["figure"] for block in call.body if block.block_type == "statistic"]
        # The fourth is counted live: the organisations taking part (tests/test_directory.py).
        self.assertEqual(figures, ["30,000+", "45", "17", ""])
        self.assertGreaterEqual(ActivityPage.objects.live().filter(locale=call.locale).count(), 10)
        modes = set(ActivityPage.objects.values_list("attendance_mode", flat=True))
        self.assertTrue({"in_person", "parallel"} <= modes)
        self.assertEqual(
            set(Organisation.objects.values_list("acronym", flat=True)), {"ISF", "ICSSI", "PDAP"}
        )
        testimonial = TestimonialPage.objects.get(locale=call.locale)
        self.assertEqual(
            (testimonial.person_name, testimonial.organisation.acronym), ("Quazi Baby", "PDAP")
        )
        self.assertEqual((testimonial.event_city, testimonial.event_year), ("Baghdad", 2013))

    def test_the_directory_and_the_live_count_in_english_and_arabic(self):
        for code, title in (("en", "Who takes part"), ("ar", "من يشارك")):
            with self.subTest(language=code):
                locale = Locale.objects.get(language_code=code)
                directory = Page.objects.get(slug="who-takes-part", locale=locale)
                self.assertEqual(directory.title, title)
                response = self.client.get(directory.url)
                # The three organisations of the demo's activities, named in Arabic there.
                self.assertContains(response, '<h3 class="icssi-card__title">', count=3)
                if code == "ar":
                    self.assertContains(response, "المنتدى الاجتماعي العراقي")
                call = CallToActionPage.objects.get(slug="wsf-2015", locale=locale)
                self.assertContains(
                    self.client.get(call.url),
                    '<strong class="icssi-statistic__figure"><bdi>3</bdi></strong>',
                )
                self.assertContains(self.client.get(call.url), f'href="{directory.url}"')

    def test_second_run_changes_nothing(self):
        before = snapshot()
        output = StringIO()
        call_command("load_icssi_demo", stdout=output)
        self.assertEqual(snapshot(), before)
        self.assertIn("Created 0,", output.getvalue())

    def test_pages_render(self):
        for path in (
            "/wsf-2015/",
            "/wsf-2015/activities/?theme=water",
            "/testimonials/quazi-baby-iraqi-social-forum-2013/",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 200)
        response = self.client.get("/wsf-2015/")
        self.assertContains(response, "Quazi Baby")
        self.assertContains(response, "Water and armed conflicts")

    def test_arabic_translation_made_in_wagtail_localize(self):
        arabic = Locale.objects.get(language_code="ar")
        call = CallToActionPage.objects.get(slug="wsf-2015", locale=arabic)
        self.assertTrue(call.live)
        self.assertEqual(
            call.headline, "انضموا إلى الناشطين العراقيين في المنتدى الاجتماعي العالمي!"
        )
        testimonial = TestimonialPage.objects.get(locale=arabic)
        self.assertTrue(testimonial.live)
        self.assertEqual(testimonial.person_name, "Quazi Baby")
        self.assertEqual(
            sorted(Theme.objects.filter(locale=arabic).values_list("slug", flat=True)),
            sorted(Theme.objects.canonical().values_list("slug", flat=True)),
        )
        # Each is a wagtail-localize translation a translator can open and edit.
        for instance in (call, testimonial, Theme.objects.get(locale=arabic, slug="water")):
            with self.subTest(instance=instance):
                source = TranslationSource.objects.get_for_instance(
                    instance.get_translation(Locale.get_default())
                )
                translation = Translation.objects.get(source=source, target_locale=arabic)
                self.assertTrue(translation.enabled)
        response = self.client.get("/ar/wsf-2015/")
        self.assertContains(response, '<html lang="ar" dir="rtl"')
        self.assertContains(response, "المياه والنزاعات المسلحة")  # the water theme
        self.assertContains(response, "كوازي بيبي")  # the testimonial's block, in Arabic

    def test_found_by_search_engines_calendars_and_feeds(self):
        call = CallToActionPage.objects.get(slug="wsf-2015", locale=Locale.get_default())
        data = extruct.extract(self.client.get(call.url).content.decode(), syntaxes=["json-ld"])
        (event,) = data["json-ld"]
        self.assertEqual((event["@type"], event["startDate"]), ("Event", "2015-03-24"))
        activity = ActivityPage.objects.filter(locale=call.locale).first()
        (event,) = extruct.extract(
            self.client.get(activity.url).content.decode(), syntaxes=["json-ld"]
        )["json-ld"]
        self.assertEqual(event["name"], activity.title)
        self.assertTrue(event["organizer"])
        calendar = icalendar.Calendar.from_ical(self.client.get(activity.url + "calendar/").content)
        (vevent,) = calendar.walk("VEVENT")
        self.assertEqual(vevent.decoded("dtstart"), activity.local_start)
        index = call.get_children().type(ActivityIndexPage).first()
        # The demo's forum took place in 2015: the feeds list it when asked for any time, and
        # by default, with nothing to come, its most recent activities.
        for query in ({"when": ""}, {}):
            feed = self.client.get(index.url + "feed/", query).content.decode()
            for page in ActivityPage.objects.filter(locale=call.locale):
                self.assertIn(page.full_url, feed)
        sitemap = sitemap_text(self.client)
        self.assertIn(call.full_url, sitemap)
        self.assertIn(
            call.get_translation(Locale.objects.get(language_code="ar")).full_url, sitemap
        )

    def test_unknown_parent_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "There is no page with ID 999999."):
            call_command("load_icssi_demo", parent=999999, stdout=StringIO())


class DemoSiteTests(TestCase):
    """The demo as a visitor and an editor find it after ``load_icssi_demo``."""

    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_icssi_demo", stdout=StringIO())
        cls.arabic = Locale.objects.get(language_code="ar")

    def get(self, page):
        response = self.client.get(page.url)
        self.assertEqual(response.status_code, 200, page.url)
        return PageAudit(response.content.decode())

    def test_tree_passes_wagtails_checks(self):
        # The checks of `manage.py fixtree`: a stale numchild hides a page's children.
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))

    def test_every_live_page_answers_in_its_language(self):
        pages = live_demo_pages()
        self.assertEqual(set(pages.values_list("locale__language_code", flat=True)), {"en", "ar"})
        self.assertGreater(pages.filter(locale=self.arabic).count(), 14)
        for page in pages:
            with self.subTest(url=page.url):
                audit = self.get(page)
                code = page.locale.language_code
                self.assertEqual(audit.html.get("lang"), code)
                self.assertEqual(audit.html.get("dir"), "rtl" if code == "ar" else "ltr")

    def test_arabic_links_stay_in_arabic(self):
        english = {page.url: page for page in live_demo_pages().filter(locale=Locale.get_default())}
        arabic_pages = live_demo_pages().filter(locale=self.arabic)
        checked = 0
        for page in arabic_pages:
            for link in self.get(page).links:
                if link.get("hreflang"):  # the language switcher leads to other languages
                    continue
                url = urlsplit(link["href"])
                target = english.get(url.path) if url.netloc in ("", "localhost") else None
                checked += 1
                with self.subTest(page=page.url, link=link["href"]):
                    self.assertFalse(
                        target is not None and target.get_translation_or_none(self.arabic),
                        "an Arabic page links to an English page that has an Arabic version",
                    )
        self.assertGreater(checked, 100)

    def test_new_activity_is_translated_and_published_in_the_admin(self):
        # After the demo load, as an editor would: submit a new activity for translation
        # (wagtail-localize's view), then publish the translation from its editor.
        self.client.force_login(
            get_user_model().objects.create_superuser("admin", "admin@example.org", "pw")
        )
        index = ActivityIndexPage.objects.get(slug="activities", locale=Locale.get_default())
        activity = make_activity(index, title="A new activity in Tunis")
        submit = reverse("wagtail_localize:submit_page_translation", args=[activity.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(submit, {"locales": [self.arabic.pk]})
        self.assertEqual(response.status_code, 302)
        translated = activity.get_translation(self.arabic)
        edit = reverse("wagtailadmin_pages:edit", args=[translated.pk])
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(edit, {"action": "publish"})
        self.assertEqual(response.status_code, 302)
        translated.refresh_from_db()
        self.assertTrue(translated.live)
        self.assertEqual(Page.find_problems(), ([], [], [], [], []))
        self.assertEqual(self.client.get(translated.url).status_code, 200)
        self.assertEqual(self.client.get(translated.get_parent().url).status_code, 200)

    @skipUnless(DEMO_TEMPLATES.is_dir(), "the demo project is not part of the wheel's test run")
    def test_home_leads_to_the_call_and_its_activities_in_each_language(self):
        home = Site.objects.get(is_default_site=True).root_page
        with with_demo_templates():
            for locale in Locale.objects.filter(language_code__in=["en", "ar"]):
                with self.subTest(language=locale.language_code):
                    call = CallToActionPage.objects.get(slug="wsf-2015", locale=locale)
                    index = ActivityIndexPage.objects.child_of(call).get()
                    audit = self.get(home.get_translation(locale))
                    links = [link["href"] for link in audit.links]
                    self.assertLess(links.index(call.url), links.index(index.url))
                    self.assertEqual(
                        audit.head_links["canonical"], [home.get_translation(locale).full_url]
                    )
                    self.assertTrue(audit.meta["og:title"])
                    self.assertEqual(
                        audit.meta["og:locale"],
                        [{"en": "en_GB", "ar": "ar_IQ"}[locale.language_code]],
                    )

    def test_the_site_menu_leads_to_the_call_and_the_testimonials_in_each_language(self):
        for locale in Locale.objects.filter(language_code__in=["en", "ar"]):
            with self.subTest(language=locale.language_code):
                call = CallToActionPage.objects.get(slug="wsf-2015", locale=locale)
                testimonials = TestimonialIndexPage.objects.get(locale=locale)
                activity = ActivityPage.objects.filter(locale=locale).first()
                html = self.client.get(activity.url).content.decode()
                menu = html[html.index('class="icssi-site-menu"') :]
                menu = menu[: menu.index("</nav>")]
                self.assertIn(f'href="{call.url}"', menu)
                self.assertIn(f'href="{testimonials.url}"', menu)

    def test_pages_share_pictures_and_events_have_an_image(self):
        calls = CallToActionPage.objects.all()
        activities = ActivityPage.objects.all()
        testimonials = TestimonialPage.objects.all()
        self.assertEqual((calls.count(), activities.count(), testimonials.count()), (2, 20, 2))
        for page in [*calls, *activities, *testimonials]:
            with self.subTest(url=page.url):
                response = self.client.get(page.url)
                (image,) = PageAudit(response.content.decode()).meta["og:image"]
                self.assertRegex(image, r"^http://.*/media/images/icssi-demo-.*\.png$")
                if not isinstance(page, TestimonialPage):
                    self.assertEqual(json_ld(response)["image"], image)
        quazi = testimonials.first()
        self.assertTrue(quazi.photo_consent and quazi.photo_consent_date)
        self.assertEqual(quazi.visible_photo, quazi.photo)
        self.assertTrue(quazi.photo.description)  # alt text

    def test_open_graph_locales_and_descriptions(self):
        for page in live_demo_pages().filter(depth__gt=2).specific():
            with self.subTest(url=page.url):
                meta = self.get(page).meta
                english = page.locale.language_code == "en"
                self.assertEqual(meta["og:locale"], ["en_GB" if english else "ar_IQ"])
                self.assertEqual(meta["og:locale:alternate"], ["ar_IQ" if english else "en_GB"])
                self.assertTrue(meta["og:description"][0])
        index = ActivityIndexPage.objects.get(locale=Locale.get_default())
        self.assertIn("member organisations", self.get(index).meta["og:description"][0])
        locales = {"en": "en_US", "ar": "ar_TN"}
        empty_cache()  # the page as kept was rendered with the default setting
        with override_settings(ICSSI_WAGTAIL={"OPEN_GRAPH_LOCALES": locales}):
            self.assertEqual(self.get(index).meta["og:locale"], ["en_US"])

    def test_events_name_their_organisers_with_an_address(self):
        call = CallToActionPage.objects.get(locale=Locale.get_default())
        event = json_ld(self.client.get(call.url))
        self.assertEqual(
            [organiser["alternateName"] for organiser in event["organizer"]],
            ["ISF", "ICSSI", "PDAP"],
        )
        for page in [call, *ActivityPage.objects.all()]:
            for organiser in json_ld(self.client.get(page.url))["organizer"]:
                with self.subTest(url=page.url, organiser=organiser["name"]):
                    self.assertRegex(organiser["url"], r"^https?://")
        event = json_ld(
            self.client.get(
                ActivityPage.objects.get(slug="water-and-the-marshes-basra", locale=call.locale).url
            )
        )
        (isf,) = event["organizer"]
        self.assertEqual(
            isf["url"],
            ActivityIndexPage.objects.get(locale=call.locale).full_url
            + f"?organisation={Organisation.objects.get(acronym='ISF', locale=call.locale).pk}",
        )
        self.assertEqual(self.client.get(isf["url"]).status_code, 200)

    def test_calendar_uids_stay_the_same_when_the_site_moves(self):
        activity = ActivityPage.objects.get(slug="water-and-armed-conflicts", locale=self.arabic)
        call = CallToActionPage.objects.get(locale=Locale.get_default())
        expected = {
            activity.url: f"icssi-activity-{activity.translation_key}-ar@icssi-wagtail",
            call.url: f"icssi-call-{call.translation_key}-en@icssi-wagtail",
        }
        for url, uid in expected.items():
            for host in ("localhost", "demo.example.org:8443"):
                with self.subTest(url=url, host=host):
                    response = self.client.get(url + "calendar/", HTTP_HOST=host)
                    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
                    self.assertEqual(str(event["uid"]), uid)
        empty_cache()
        with override_settings(ICSSI_WAGTAIL={"CALENDAR_UID_DOMAIN": "icssi.example.org"}):
            response = self.client.get(call.url + "calendar/")
        (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        self.assertEqual(
            str(event["uid"]), f"icssi-call-{call.translation_key}-en@icssi.example.org"
        )


class ExistingThemeTests(TestCase):
    """A site that already has one of the demo's themes under a slug of its own."""

    def test_a_theme_of_the_same_name_under_another_slug_is_reused(self):
        theme = Theme.objects.create(
            name="Water and armed conflicts",
            slug="water-conflicts",
            description="The site's own description.",
            locale=Locale.get_default(),
        )
        output = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("load_icssi_demo", stdout=output)
        self.assertIn(
            "Reusing the site's theme “Water and armed conflicts” (slug “water-conflicts”) "
            "for the demo's theme “water”",
            output.getvalue(),
        )
        self.assertFalse(Theme.objects.filter(slug="water").exists())
        index = ActivityIndexPage.objects.get(locale=Locale.get_default())
        response = self.client.get(index.url, {"theme": "water-conflicts"})
        self.assertContains(response, "Water and the marshes: a parallel meeting in Basra")
        theme.refresh_from_db()
        self.assertEqual(theme.description, "The site's own description.")
        # The site's theme is the site's to translate; the demo's own themes are translated.
        self.assertIsNone(theme.get_translation_or_none(Locale.objects.get(language_code="ar")))
        self.assertEqual(Theme.objects.filter(slug="democracy").count(), 2)

    def test_a_second_run_reuses_it_again_and_changes_nothing(self):
        Theme.objects.create(
            name="water and armed conflicts", slug="conflicts", locale=Locale.get_default()
        )
        with self.captureOnCommitCallbacks(execute=True):
            call_command("load_icssi_demo", stdout=StringIO())
        before = snapshot()
        output = StringIO()
        call_command("load_icssi_demo", stdout=output)
        self.assertEqual(snapshot(), before)
        self.assertIn("Created 0,", output.getvalue())
        self.assertIn("(slug “conflicts”)", output.getvalue())
