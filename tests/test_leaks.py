"""Hidden content never reaches a visitor, whatever the output.

Hidden here means: a draft that was never published, the unpublished changes of a live page,
a page scheduled to go live later and the scheduled changes of a live page, pages with a
password, login or group restriction (on the page or on its parent), a translation that is
still a draft, and the photo of a person who withdrew their consent. Every hidden page carries
``HIDDEN <kind>`` in its title, summary and quote, so one look at an output tells whether any
of it leaked. Each output is a test; each kind of hidden content a subtest.

Outputs: the activity listing and its theme counts, the call to action page (its activities,
testimonials and blocks), the blocks on their own, the testimonial index, the API endpoints
(``activities``, ``testimonials``, ``themes`` with its counts, Wagtail's ``pages``), the embed's
request, and the HTTP caching of answers given to logged-in users.
"""

import datetime
import json
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, PageViewRestriction

import icssi_wagtail
from icssi_wagtail.blocks import ActivityListBlock, TestimonialBlock
from icssi_wagtail.cache import HIT_HEADER
from icssi_wagtail.models import ActivityIndexPage, CallToActionPage, CallToActionTestimonial

from .test_graphql import needs_grapple
from .utils import (
    empty_cache,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    needs_committed_search,
    sitemap_text,
    translate_theme,
)

FUTURE = datetime.date(2025, 3, 25)
KINDS = [
    "draft",
    "unpublished-changes",
    "scheduled",
    "scheduled-changes",
    "password",
    "login",
    "group",
    "private-parent",
    "arabic-draft",
]
VISIBLE_ACTIVITIES = [
    "Visible activity",
    "Activity with unpublished changes",
    "Activity with scheduled changes",
]
VISIBLE_TESTIMONIALS = [
    "Visible testimonial",
    "Testimonial with unpublished changes",
    "Testimonial with scheduled changes",
    "Testimonial without consent",
]
EMBED_SCRIPT = Path(icssi_wagtail.__file__).parent / "static/icssi_wagtail/activities_embed.js"


def hidden(kind):
    return f"HIDDEN {kind}"


def restrict(page, kind, group=None):
    restriction = PageViewRestriction.objects.create(
        page=page,
        restriction_type={
            "password": PageViewRestriction.PASSWORD,
            "login": PageViewRestriction.LOGIN,
            "group": PageViewRestriction.GROUPS,
        }[kind],
        password="secret" if kind == "password" else "",
    )
    if group is not None:
        restriction.groups.add(group)
    return restriction


def later():
    return timezone.now() + datetime.timedelta(days=3)


class HiddenContentTestCase(TestCase):
    """A call to action with activities and testimonials of every kind, hidden or not."""

    @classmethod
    def setUpTestData(cls):
        cls.arabic = Locale.objects.create(language_code="ar")
        cls.members = Group.objects.create(name="Members")
        cls.water = make_theme("Water and armed conflicts", slug="water")
        translate_theme(cls.water, cls.arabic, "المياه والنزاعات المسلحة")
        cls.call = make_call_to_action(
            title="Call", slug="call", themes=[cls.water], start_date=FUTURE, end_date=FUTURE
        )
        cls.index = make_activity_index(parent=cls.call, title="Activities")
        cls.testimonials = make_testimonial_index(parent=cls.call, title="Testimonials")
        cls.hidden_pages = {}
        cls.make_activities()
        cls.make_testimonials()
        cls.translate_into_arabic()

    @classmethod
    def add_activity(cls, title, index=None, **kwargs):
        return make_activity(
            index or cls.index,
            title=title,
            summary=f"Summary of {title}.",
            themes=[cls.water],
            start_date=FUTURE,
            **kwargs,
        )

    @classmethod
    def make_activities(cls):
        cls.visible_activity = cls.add_activity("Visible activity")
        pages = {"draft": cls.add_activity(hidden("draft"), publish_it=False)}
        changed = cls.add_activity("Activity with unpublished changes")
        changed.title = changed.summary = hidden("unpublished-changes")
        changed.save_revision()
        pages["unpublished-changes"] = changed
        scheduled = cls.add_activity(hidden("scheduled"), publish_it=False)
        scheduled.go_live_at = later()
        scheduled.save_revision().publish()
        pages["scheduled"] = scheduled
        scheduled_changes = cls.add_activity("Activity with scheduled changes")
        scheduled_changes.title = scheduled_changes.summary = hidden("scheduled-changes")
        scheduled_changes.go_live_at = later()
        scheduled_changes.save_revision().publish()
        pages["scheduled-changes"] = scheduled_changes
        for kind in ("password", "login", "group"):
            pages[kind] = cls.add_activity(hidden(kind))
            restrict(pages[kind], kind, cls.members if kind == "group" else None)
        private_index = make_activity_index(parent=cls.call, title="Members' activities")
        restrict(private_index, "login")
        pages["private-parent"] = cls.add_activity(hidden("private-parent"), index=private_index)
        cls.private_index = private_index
        cls.hidden_activities = pages

    @classmethod
    def add_testimonial(cls, title, index=None, **kwargs):
        return make_testimonial(
            index or cls.testimonials, title=title, quote=f"Quote of {title}.", **kwargs
        )

    @classmethod
    def make_testimonials(cls):
        cls.consenting_photo = Image.objects.create(
            title="Consenting portrait", file=get_test_image_file("consenting.png")
        )
        cls.withdrawn_photo = Image.objects.create(
            title="Portrait without consent", file=get_test_image_file("withdrawn.png")
        )
        cls.visible_testimonial = cls.add_testimonial(
            "Visible testimonial",
            photo=cls.consenting_photo,
            photo_consent=True,
            photo_consent_date=datetime.date(2013, 9, 1),
        )
        cls.withdrawn = cls.add_testimonial(
            "Testimonial without consent",
            photo=cls.withdrawn_photo,
            photo_consent=False,
            photo_consent_date=datetime.date(2013, 9, 1),
        )
        pages = {"draft": cls.add_testimonial(hidden("draft"))}
        pages["draft"].unpublish()
        changed = cls.add_testimonial("Testimonial with unpublished changes")
        changed.title = changed.quote = hidden("unpublished-changes")
        changed.save_revision()
        pages["unpublished-changes"] = changed
        scheduled = cls.add_testimonial(hidden("scheduled"))
        scheduled.unpublish()
        scheduled.go_live_at = later()
        scheduled.save_revision().publish()
        pages["scheduled"] = scheduled
        scheduled_changes = cls.add_testimonial("Testimonial with scheduled changes")
        scheduled_changes.title = scheduled_changes.quote = hidden("scheduled-changes")
        scheduled_changes.go_live_at = later()
        scheduled_changes.save_revision().publish()
        pages["scheduled-changes"] = scheduled_changes
        for kind in ("password", "login", "group"):
            pages[kind] = cls.add_testimonial(hidden(kind))
            restrict(pages[kind], kind, cls.members if kind == "group" else None)
        private_index = make_testimonial_index(parent=cls.call, title="Members' testimonials")
        restrict(private_index, "group", cls.members)
        pages["private-parent"] = cls.add_testimonial(hidden("private-parent"), index=private_index)
        cls.hidden_testimonials = pages
        # Every testimonial is related to the call and quoted in its body.
        related = [cls.visible_testimonial, cls.withdrawn, *pages.values()]
        for position, page in enumerate(related):
            CallToActionTestimonial.objects.create(
                page=cls.call, testimonial=page, sort_order=position
            )
        call = CallToActionPage.objects.get(pk=cls.call.pk)
        call.body = [
            ("activity_list", {"heading": "Next", "count": 50, "upcoming_only": False}),
            ("theme_list", {"heading": "Themes", "index": cls.index}),
            *(("testimonial", {"page": page}) for page in related),
        ]
        call.save_revision().publish()
        cls.call = CallToActionPage.objects.get(pk=cls.call.pk)

    @classmethod
    def translate_into_arabic(cls):
        """Publish the call and its indexes in Arabic; leave an activity and a testimonial
        translated as drafts (``copy_for_translation`` makes drafts)."""
        cls.call_ar = cls.call.copy_for_translation(cls.arabic, copy_parents=True)
        cls.call_ar.save_revision().publish()
        cls.index_ar = cls.index.copy_for_translation(cls.arabic)
        cls.index_ar.save_revision().publish()
        cls.testimonials_ar = cls.testimonials.copy_for_translation(cls.arabic)
        cls.testimonials_ar.save_revision().publish()
        for source, field in (
            (cls.visible_activity, "summary"),
            (cls.visible_testimonial, "quote"),
        ):
            draft = source.copy_for_translation(cls.arabic)
            draft.title = hidden("arabic-draft")
            setattr(draft, field, hidden("arabic-draft"))
            draft.save_revision()
            draft.save()
            pages = cls.hidden_activities if field == "summary" else cls.hidden_testimonials
            pages["arabic-draft"] = draft
        cls.call_ar.refresh_from_db()

    def setUp(self):
        self.reset_live_translations_cache()

    def reset_live_translations_cache(self):
        for page in (self.call, self.call_ar):
            page.__dict__.pop("_icssi_live_translations", None)

    def assertNothingHidden(self, content):
        """No kind of hidden content, each kind a subtest."""
        content = content if isinstance(content, str) else content.decode()
        for kind in KINDS:
            with self.subTest(hidden=kind):
                self.assertNotIn(hidden(kind), content)
        self.assertNotIn("HIDDEN", content)

    def get(self, url, status=200, **kwargs):
        response = self.client.get(url, **kwargs)
        self.assertEqual(response.status_code, status, url)
        return response

    def api(self, url):
        return self.get(url).json()


class PageOutputTests(HiddenContentTestCase):
    def test_activity_listing(self):
        response = self.get(self.index.url)
        self.assertNothingHidden(response.content)
        self.assertEqual(
            [activity.title for activity in response.context["activities"]], VISIBLE_ACTIVITIES
        )

    def test_activity_listing_theme_counts(self):
        for query in ("", "?theme=water", "?when=upcoming", "?per_page=1&page=2"):
            with self.subTest(query=query):
                response = self.get(self.index.url + query)
                counts = {theme.slug: theme.activity_count for theme in response.context["themes"]}
                self.assertEqual(counts, {"water": len(VISIBLE_ACTIVITIES)})
                self.assertEqual(response.context["paginator"].count, len(VISIBLE_ACTIVITIES))

    def test_activity_listing_in_arabic(self):
        response = self.get(self.index_ar.url)
        self.assertContains(response, '<html lang="ar" dir="rtl"')
        self.assertNothingHidden(response.content)
        self.assertEqual(list(response.context["activities"]), [])
        self.assertEqual([theme.activity_count for theme in response.context["themes"]], [0])

    def test_call_to_action_page(self):
        response = self.get(self.call.url)
        self.assertNothingHidden(response.content)
        # The body's activity list shows the activities (the page's own section steps aside).
        html = response.content.decode()
        for title in VISIBLE_ACTIVITIES:
            self.assertEqual(html.count(f">{title}</a>"), 1, title)
        for title in VISIBLE_TESTIMONIALS:
            self.assertEqual(html.count(f"Quote of {title}."), 1, title)
        for title in [*VISIBLE_ACTIVITIES, *VISIBLE_TESTIMONIALS]:
            self.assertContains(response, f"Quote of {title}." if "estimonial" in title else title)

    def test_call_to_action_page_in_arabic(self):
        response = self.get(self.call_ar.url)
        self.assertContains(response, '<html lang="ar" dir="rtl"')
        self.assertNothingHidden(response.content)
        # The draft Arabic testimonial falls back to the live English one.
        self.assertContains(response, "Quote of Visible testimonial.")
        self.assertEqual(response.context["activities"], [])

    def test_testimonial_index(self):
        response = self.get(self.testimonials.url)
        self.assertNothingHidden(response.content)
        self.assertEqual(
            sorted(t.title for t in response.context["testimonials"]), sorted(VISIBLE_TESTIMONIALS)
        )
        self.assertNothingHidden(self.get(self.testimonials_ar.url).content)

    def test_language_links_name_live_translations_only(self):
        response = self.get(self.visible_activity.url)
        self.assertNotContains(response, 'hreflang="ar"')
        self.assertNotContains(response, self.hidden_activities["arabic-draft"].url)
        self.assertContains(self.get(self.call.url), 'hreflang="ar" href="http://localhost/ar/')

    def test_hidden_pages_are_not_served(self):
        for kind, page in self.hidden_activities.items():
            if kind.endswith("-changes"):
                continue  # the live version is served
            with self.subTest(hidden=kind):
                response = self.client.get(page.url)
                self.assertNothingHidden(response.content)
                if kind == "password":
                    self.assertContains(response, 'name="password"')
                else:
                    self.assertIn(response.status_code, (302, 404))

    def test_withdrawn_photo_is_not_shown(self):
        for url in (self.withdrawn.url, self.testimonials.url, self.call.url):
            with self.subTest(url=url):
                content = self.get(url).content.decode()
                self.assertNotIn("withdrawn", content)
        self.assertContains(self.get(self.visible_testimonial.url), "consenting")
        self.assertNotContains(self.get(self.withdrawn.url), "<img")


class BlockOutputTests(HiddenContentTestCase):
    def test_activity_list_block(self):
        block = ActivityListBlock()
        for value in (
            {"count": 50, "upcoming_only": False},
            {"count": 50, "upcoming_only": True, "themes": ["water"]},
            {"count": 50, "index": self.index},
            {"count": 50, "index": self.private_index},
        ):
            with self.subTest(value=str(value)[:60]):
                html = block.render(block.to_python(block.get_prep_value(value)))
                self.assertNothingHidden(html)
        html = block.render(block.to_python({"count": 50}))
        for title in VISIBLE_ACTIVITIES:
            self.assertIn(title, html)

    def test_testimonial_block(self):
        block = TestimonialBlock()
        for kind, page in self.hidden_testimonials.items():
            if kind.endswith("-changes"):
                continue  # the live version is shown
            for language in ("en", "ar"):
                with self.subTest(hidden=kind, language=language), translation.override(language):
                    value = block.to_python({"page": page.pk})
                    html, api = block.render(value), block.get_api_representation(value)
                    self.assertNothingHidden(html + str(api))
                    if kind == "arabic-draft" and language == "en":
                        # The Arabic draft's live source, in the visitor's language.
                        self.assertIn("Quote of Visible testimonial.", html)
                        self.assertEqual(api["id"], self.visible_testimonial.pk)
                    else:
                        self.assertEqual(html.strip(), "")
                        self.assertIsNone(api)


class APIOutputTests(HiddenContentTestCase):
    def titles(self, url):
        data = self.api(url)
        self.assertNothingHidden(str(data))
        return sorted(item["title"] for item in data["items"])

    def test_activities(self):
        for query in ("", "?theme=water", "?upcoming=true", f"?child_of={self.index.pk}"):
            with self.subTest(query=query):
                self.assertEqual(
                    self.titles("/api/v2/activities/" + query), sorted(VISIBLE_ACTIVITIES)
                )
        self.assertEqual(self.titles("/api/v2/activities/?locale=ar"), [])
        self.assertEqual(self.titles("/api/v2/activities/?fields=*&limit=100").__len__(), 3)
        bad = self.get(f"/api/v2/activities/?child_of={self.private_index.pk}", status=400)
        self.assertNothingHidden(bad.content)

    def test_activity_details(self):
        for kind, page in self.hidden_activities.items():
            with self.subTest(hidden=kind):
                url = f"/api/v2/activities/{page.pk}/"
                if kind.endswith("-changes"):
                    self.assertNothingHidden(self.get(url).content)
                else:
                    self.get(url, status=404)
                    self.get(f"/api/v2/activities/find/?id={page.pk}", status=404)
                    if page.url:
                        path = {"html_path": page.url}
                        self.get("/api/v2/activities/find/", status=404, data=path)

    def test_testimonials(self):
        self.assertEqual(self.titles("/api/v2/testimonials/"), sorted(VISIBLE_TESTIMONIALS))
        self.assertEqual(self.titles("/api/v2/testimonials/?locale=ar"), [])
        for kind, page in self.hidden_testimonials.items():
            with self.subTest(hidden=kind):
                url = f"/api/v2/testimonials/{page.pk}/"
                if kind.endswith("-changes"):
                    self.assertNothingHidden(self.get(url).content)
                else:
                    self.get(url, status=404)

    def test_theme_counts(self):
        for locale, count in (("en", len(VISIBLE_ACTIVITIES)), ("ar", 0)):
            with self.subTest(locale=locale):
                items = self.api(f"/api/v2/themes/?locale={locale}")["items"]
                self.assertEqual(
                    [(item["slug"], item["activity_count"]) for item in items], [("water", count)]
                )

    def test_pages_endpoint(self):
        for query in (
            "",
            "?type=icssi_wagtail.ActivityPage&fields=*",
            "?type=icssi_wagtail.TestimonialPage&fields=*",
            "?locale=ar",
            f"?translation_of={self.visible_activity.pk}",
            f"?descendant_of={self.call.pk}&limit=20",
        ):
            with self.subTest(query=query):
                self.assertNothingHidden(self.get("/api/v2/pages/" + query).content)
        for kind, page in {**self.hidden_activities, **self.hidden_testimonials}.items():
            if not kind.endswith("-changes"):
                with self.subTest(hidden=kind, page=page.pk):
                    self.get(f"/api/v2/pages/{page.pk}/", status=404)

    def test_call_to_action_in_the_pages_endpoint(self):
        for call in (self.call, self.call_ar):
            with self.subTest(locale=call.locale.language_code):
                data = self.api(f"/api/v2/pages/{call.pk}/")
                self.assertNothingHidden(str(data))
                quoted = [
                    block["value"] for block in data["body"] if block["type"] == "testimonial"
                ]
                self.assertEqual(
                    sorted(item["title"] for item in quoted if item), sorted(VISIBLE_TESTIMONIALS)
                )
                self.assertEqual(
                    sorted(item["title"] for item in data["testimonials"]),
                    sorted(VISIBLE_TESTIMONIALS),
                )

    def test_withdrawn_photo_is_not_served(self):
        listing = {item["id"]: item for item in self.api("/api/v2/testimonials/")["items"]}
        self.assertIsNone(listing[self.withdrawn.pk]["photo"])
        self.assertIn("consenting", listing[self.visible_testimonial.pk]["photo"]["url"])
        for url in (
            f"/api/v2/testimonials/{self.withdrawn.pk}/",
            f"/api/v2/pages/{self.withdrawn.pk}/",
            "/api/v2/pages/?type=icssi_wagtail.TestimonialPage&fields=photo",
            f"/api/v2/pages/{self.call.pk}/",
        ):
            with self.subTest(url=url):
                self.assertNotIn("withdrawn", self.get(url).content.decode())

    def test_the_embed_request(self):
        """The query the embed script sends (its ``searchParams``), for each of its languages."""
        parameters = re.findall(r'searchParams\.set\("(\w+)"', EMBED_SCRIPT.read_text())
        self.assertEqual(parameters, ["upcoming", "limit", "theme", "locale"])
        for lang, expected in (("en", sorted(VISIBLE_ACTIVITIES)), ("ar", [])):
            with self.subTest(lang=lang):
                query = {"upcoming": "true", "limit": "5", "theme": "water", "locale": lang}
                data = self.get("/api/v2/activities/", data=query).json()
                self.assertNothingHidden(str(data))
                self.assertEqual(sorted(item["title"] for item in data["items"]), expected)


class LoggedInCachingTests(HiddenContentTestCase):
    """An editor who may see hidden content gets the same public answers as anyone, so a shared
    cache may keep them; what only they may see is never cacheable by a shared cache."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")

    def both(self, url):
        anonymous = self.get(url)
        self.client.force_login(self.editor)
        self.reset_live_translations_cache()
        editor = self.get(url)
        self.client.logout()
        return anonymous, editor

    def test_api_answers_are_the_same_for_an_editor(self):
        for url in (
            "/api/v2/activities/",
            "/api/v2/activities/?upcoming=true&theme=water",
            "/api/v2/testimonials/",
            "/api/v2/themes/",
            f"/api/v2/pages/{self.call.pk}/",
        ):
            with self.subTest(url=url):
                anonymous, editor = self.both(url)
                self.assertEqual(editor.content, anonymous.content)
                self.assertNothingHidden(editor.content)
                self.assertIn("Cookie", editor["Vary"])
        self.assertIn("public", self.both("/api/v2/activities/")[1]["Cache-Control"])

    def test_wagtails_pages_endpoint_varies_on_the_session(self):
        # Wagtail's own endpoint shows an editor the pages they may view: the answer must not
        # be kept for everyone.
        anonymous, editor = self.both("/api/v2/pages/?type=icssi_wagtail.ActivityPage")
        self.assertNothingHidden(anonymous.content)
        self.assertIn(hidden("login").encode(), editor.content)
        self.assertIn("Cookie", editor["Vary"])
        self.assertNotIn("public", editor.get("Cache-Control", ""))

    def test_pages_are_the_same_for_an_editor(self):
        for url in (self.index.url, self.call.url, self.testimonials.url, self.index_ar.url):
            with self.subTest(url=url):
                anonymous, editor = self.both(url)
                self.assertEqual(editor.content, anonymous.content)
                self.assertNotIn("public", editor.get("Cache-Control", ""))

    def test_private_pages_shown_to_an_editor_are_not_cacheable(self):
        self.client.force_login(self.editor)
        for kind in ("login", "group", "private-parent"):
            with self.subTest(hidden=kind):
                response = self.get(self.hidden_activities[kind].url)
                self.assertContains(response, hidden(kind))
                self.assertIn("private", response["Cache-Control"])
                self.assertIn("no-store", response["Cache-Control"])
        response = self.get(self.private_index.url)
        self.assertIn("private", response["Cache-Control"])

    def test_a_page_opened_with_its_password_is_not_cacheable(self):
        page = self.hidden_activities["password"]
        restriction = PageViewRestriction.objects.get(page=page)
        form = self.get(page.url)
        self.assertIn("private", form["Cache-Control"])
        url = reverse("wagtailcore_authenticate_with_password", args=(restriction.pk, page.pk))
        self.client.post(url, {"password": "secret", "return_url": page.url})
        response = self.get(page.url)
        self.assertContains(response, hidden("password"))
        self.assertIn("private", response["Cache-Control"])
        # Nor kept by the app for the next visitor who has the password.
        self.assertNotIn(HIT_HEADER, response)
        self.assertNotIn(HIT_HEADER, self.get(page.url))

    def test_the_browsable_api_is_private(self):
        # Its HTML carries a CSRF token and the user's name: never for a shared cache.
        self.client.force_login(self.editor)
        response = self.get("/api/v2/activities/?format=api")
        self.assertContains(response, "editor")
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("public", response["Cache-Control"])
        self.client.logout()
        response = self.get("/api/v2/activities/?format=api")
        self.assertNotIn("public", response["Cache-Control"])


class DiscoveryOutputTests(HiddenContentTestCase):
    """Feeds, calendars, the sitemap and search: what other sites and programs read."""

    def test_feeds(self):
        for url in ("feed/", "feed/atom/", "feed/?when=", "feed/?theme=water"):
            with self.subTest(url=url):
                response = self.get(self.index.url + url)
                self.assertNothingHidden(response.content)
                self.assertContains(response, "Visible activity")

    def test_arabic_feed(self):
        index_ar = self.index.get_translation(self.arabic)
        response = self.get(index_ar.url + "feed/")
        self.assertNothingHidden(response.content)

    def test_listing_calendar(self):
        for url in ("calendar/", "calendar/?when=", "calendar/?theme=water"):
            with self.subTest(url=url):
                response = self.get(self.index.url + url)
                self.assertNothingHidden(response.content)
                self.assertContains(response, "Visible activity")

    def test_calendars_of_hidden_pages_are_not_served(self):
        for kind, page in self.hidden_activities.items():
            if kind.endswith("-changes"):
                continue  # the live version is served
            with self.subTest(hidden=kind):
                response = self.client.get(page.url + "calendar/")
                self.assertNothingHidden(response.content)
                if kind == "password":
                    self.assertContains(response, 'name="password"')  # the form, no calendar
                    self.assertNotContains(response, "BEGIN:VCALENDAR")
                else:
                    self.assertIn(response.status_code, (302, 404))

    def test_sitemap(self):
        content = sitemap_text(self.client)
        self.assertNothingHidden(content)
        self.assertIn(self.visible_activity.full_url, content)
        for kind, page in self.hidden_activities.items():
            if kind.endswith("-changes"):
                continue
            with self.subTest(hidden=kind):
                self.assertNotIn(f"<loc>{page.full_url}</loc>", content)

    @needs_committed_search
    def test_search(self):
        for query in ("activity", "hidden", "summary"):
            with self.subTest(query=query):
                response = self.get("/search/", data={"q": query})
                self.assertNothingHidden(response.content)
        response = self.get("/search/", data={"q": "visible"})
        self.assertContains(response, "Visible activity")


LINK_KINDS = ["draft", "unpublished", "scheduled", "password", "login", "group", "private-parent"]

LINKED_PAGE = "... on PageChooserBlock { page { id title url } }"
BODY = f"""
    rawValue
    ... on IcssiButtonBlock {{ blocks {{ rawValue {LINKED_PAGE} }} }}
    ... on IcssiActivityListBlock {{ blocks {{ rawValue {LINKED_PAGE} }} }}
    ... on IcssiThemeListBlock {{ blocks {{ rawValue {LINKED_PAGE} }} }}
    ... on IcssiCallToActionBlock {{
        blocks {{ rawValue ... on IcssiButtonBlock {{ blocks {{ rawValue {LINKED_PAGE} }} }} }}
    }}
"""


def blocks_to(page):
    """A button, a call to action, an activity list and a theme list, each linking ``page``.
    Their labels and headings do not name it."""
    button = {"label": "Read more", "page": page}
    return [
        ("button", button),
        ("call_to_action", {"heading": "Act", "button": button}),
        ("activity_list", {"heading": "Next", "index": page, "count": 5, "upcoming_only": False}),
        ("theme_list", {"heading": "Themes", "index": page}),
    ]


def linked_ids(data):
    """The page ids an API or GraphQL answer names: every ``id`` and ``index`` that is a number,
    inside GraphQL's ``rawValue`` JSON too."""
    if isinstance(data, list):
        return {pk for item in data for pk in linked_ids(item)}
    if not isinstance(data, dict):
        return set()
    ids = set()
    for key, value in data.items():
        if key in ("id", "index") and str(value).isdigit():
            ids.add(int(value))
        elif key == "rawValue" and value and value[0] in "[{":
            ids |= linked_ids(json.loads(value))
        else:
            ids |= linked_ids(value)
    return ids


class LinkedPageTests(TestCase):
    """The button, call to action, activity list and theme list blocks name only pages that
    every visitor may see: a linked page that is not live, or is under a view restriction (its
    own or an ancestor's), leaves no address, id or title in the page, the API or GraphQL."""

    @classmethod
    def setUpTestData(cls):
        cls.members = Group.objects.create(name="Members")
        make_theme("Water and armed conflicts", slug="water")
        cls.call = make_call_to_action(title="Host", slug="host")
        cls.visible = make_activity_index(parent=cls.call, title="Visible", slug="visible-target")
        cls.targets = {kind: cls.make_target(kind) for kind in LINK_KINDS}
        call = CallToActionPage.objects.get(pk=cls.call.pk)
        call.body = [
            block for page in (cls.visible, *cls.targets.values()) for block in blocks_to(page)
        ]
        call.save_revision().publish()

    @classmethod
    def make_target(cls, kind):
        title, slug = hidden(kind), f"target-{kind}"
        if kind in ("draft", "scheduled"):
            page = ActivityIndexPage(title=title, slug=slug, live=False)
            cls.call.add_child(instance=page)
            page.go_live_at = later() if kind == "scheduled" else None
            revision = page.save_revision()
            if kind == "scheduled":
                revision.publish()  # waits for go_live_at: not live
            return page
        parent = cls.call
        if kind == "private-parent":
            parent = make_activity_index(parent=cls.call, title="Members", slug="members")
            restrict(parent, "login")
        page = make_activity_index(parent=parent, title=title, slug=slug)
        if kind == "unpublished":
            page.unpublish()
        elif kind in ("password", "login", "group"):
            restrict(page, kind, cls.members if kind == "group" else None)
        return page

    def assertNamesOnlyVisible(self, content, ids=None):
        """No hidden target's title, address (its slug) or id; the visible target's are."""
        for kind, page in self.targets.items():
            with self.subTest(hidden=kind):
                self.assertNotIn(page.title, content)
                self.assertNotIn(page.slug, content)
                if ids is not None:
                    self.assertNotIn(page.pk, ids)
        self.assertNotIn("HIDDEN", content)
        self.assertIn(self.visible.slug, content)  # the test sees a link when there is one
        if ids is not None:
            self.assertIn(self.visible.pk, ids)

    def test_html_page(self):
        response = self.client.get(self.call.url)
        self.assertEqual(response.status_code, 200)
        self.assertNamesOnlyVisible(response.content.decode())

    def test_api(self):
        body = self.client.get(f"/api/v2/pages/{self.call.pk}/?fields=body").json()["body"]
        self.assertNamesOnlyVisible(json.dumps(body), linked_ids(body))
        buttons = [block["value"] for block in body if block["type"] == "button"]
        self.assertEqual(buttons[1:], [None] * len(LINK_KINDS))

    @needs_grapple
    def test_graphql(self):
        query = (
            f"{{ page(id: {self.call.pk}) {{ ... on CallToActionPage {{ body {{ {BODY} }} }} }} }}"
        )
        response = self.client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json"
        )
        result = response.json()
        self.assertNotIn("errors", result)
        body = result["data"]["page"]["body"]
        self.assertNamesOnlyVisible(json.dumps(body), linked_ids(body))

    def test_restrictions_are_read_once_per_request(self):
        """Checking 3 or 21 linked pages costs the same queries, in the page and the API."""
        pages = []
        for copies in (1, 7):
            buttons = [
                ("button", {"label": "Read more", "page": page}) for page in self.targets.values()
            ]
            pages.append(make_call_to_action(parent=self.call, body=buttons * copies))
        for url in ("{url}", "/api/v2/pages/{pk}/?fields=body"):
            counts = []
            for page in pages:
                empty_cache()
                with CaptureQueriesContext(connection) as queries:
                    response = self.client.get(url.format(url=page.url, pk=page.pk))
                self.assertEqual(response.status_code, 200)
                counts.append(len(queries))
            with self.subTest(url=url):
                self.assertEqual(counts[0], counts[1])
