"""Caching at delivery (icssi_wagtail.cache): responses served again from the cache, never
stale after a change, never cached when personal or private.

Each test starts with empty caches (tests/conftest.py). With ICSSI_TEST_REDIS_URL set,
tests/settings.py makes django-redis the cache, and these tests run against Redis.
"""

import os
import re
import subprocess
import sys
from unittest import mock

from django.contrib.auth.models import Group, User
from django.db import connection
from django.http import HttpResponse
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from icssi_wagtail import cache
from icssi_wagtail.cache import HIT_HEADER
from icssi_wagtail.models import ActivityOrganiser, ActivityPage

from .localize import arabic, translate
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)


def hit(response):
    return response.get(HIT_HEADER) == "hit"


class CachedResponseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water")
        cls.democracy = make_theme("Transition paths to democracy", slug="democracy")
        cls.organisation = make_organisation("Iraqi Al-Amal Association")
        cls.index = make_activity_index(title="Activities")
        cls.first = make_activity(
            cls.index,
            title="Water and conflict workshop",
            themes=[cls.water],
            organisations=[cls.organisation],
        )
        cls.second = make_activity(cls.index, title="Democracy panel", themes=[cls.democracy])
        cls.testimonials = make_testimonial_index()
        cls.testimonial = make_testimonial(cls.testimonials, person_name="Quazi Baby")

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response

    def assertServedFromCache(self, url):
        self.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = self.get(url)
        self.assertTrue(hit(response), f"{url} was computed again")
        if url.startswith("/api/"):
            self.assertEqual([], queries.captured_queries)
        else:
            # Only Wagtail's routing runs: the site, the pages of the path (with the page's
            # own row) and their view restrictions; nothing of the page's content.
            # Names quoted "name" (SQLite, PostgreSQL) or `name` (MySQL).
            routing = re.compile(
                r'^SELECT .* FROM ["`](wagtailcore_site|wagtailcore_page|wagtailcore_locale|'
                r'wagtailcore_pageviewrestriction|icssi_wagtail_\w+page)["`] '
            )
            for query in queries.captured_queries:
                self.assertRegex(query["sql"], routing)
                if re.search(r' FROM ["`]icssi_wagtail_', query["sql"]):
                    self.assertRegex(query["sql"], r'["`]page_ptr_id["`] = \d+ LIMIT 21$')
        return response

    # Served again

    def test_a_repeated_listing_is_served_from_the_cache(self):
        first = self.get(self.index.url)
        self.assertEqual(first[HIT_HEADER], "miss")
        again = self.assertServedFromCache(self.index.url)
        self.assertEqual(again.content, first.content)
        self.assertEqual(again["Content-Type"], first["Content-Type"])

    def test_repeated_api_responses_are_served_from_the_cache(self):
        for url in (
            "/api/v2/activities/",
            "/api/v2/activities/?theme=water&limit=1",
            f"/api/v2/activities/{self.first.pk}/",
            "/api/v2/testimonials/",
            "/api/v2/themes/",
            "/api/v2/organisations/",
        ):
            with self.subTest(url):
                first = self.get(url)
                again = self.assertServedFromCache(url)
                self.assertEqual(again.content, first.content)
                self.assertEqual(again["ETag"], first["ETag"])
                self.assertIn("public", again["Cache-Control"])

    def test_a_cached_api_response_still_answers_if_none_match(self):
        etag = self.get("/api/v2/activities/")["ETag"]
        response = self.client.get("/api/v2/activities/", HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(response.status_code, 304)

    def test_the_cache_key_has_the_filters_page_and_language(self):
        water = self.get(self.index.url + "?theme=water")
        democracy = self.get(self.index.url + "?theme=democracy")
        self.assertContains(water, "Water and conflict workshop")
        self.assertNotContains(water, "Democracy panel")
        self.assertContains(democracy, "Democracy panel")
        self.assertNotContains(democracy, "Water and conflict workshop")
        page_two = self.get(self.index.url + "?per_page=1&page=2")
        self.assertEqual(page_two[HIT_HEADER], "miss")
        self.assertContains(page_two, "Democracy panel")
        self.assertNotContains(page_two, "Water and conflict workshop")
        arabic_listing = self.get(translate_index(self.index).url)
        self.assertContains(arabic_listing, 'dir="rtl"')
        self.assertEqual(arabic_listing[HIT_HEADER], "miss")
        by_locale = self.get("/api/v2/activities/?locale=ar")
        self.assertEqual(by_locale.json()["meta"]["total_count"], 0)

    def test_the_order_of_the_query_parameters_does_not_matter(self):
        first = self.get(self.index.url + "?theme=water&per_page=1")
        self.assertEqual(first[HIT_HEADER], "miss")
        again = self.get(self.index.url + "?per_page=1&theme=water")
        self.assertEqual(again[HIT_HEADER], "hit")
        self.assertEqual(again.content, first.content)
        # The values of one parameter keep their order: the key tells them apart.
        both = self.index.url + "?theme=water&theme=democracy"
        self.assertEqual(self.get(both)[HIT_HEADER], "miss")
        self.assertEqual(self.get(both)[HIT_HEADER], "hit")

    def test_only_the_apps_pages_are_cached(self):
        """Wagtail's ``on_serve_page`` hook sees every page of the site; a page of another
        app (here Wagtail's own ``Page``) is served as Wagtail serves it."""
        from wagtail.models import Page, Site

        root = Site.objects.get(is_default_site=True).root_page
        plain = root.add_child(instance=Page(title="About", slug="about-plain"))
        self.get(plain.url)
        self.assertNotIn(HIT_HEADER, self.get(plain.url))

    def test_a_registration_form_is_never_cached(self):
        """It carries a CSRF token and what the submitter typed (``scopes_by_page_type``)."""
        from wagtail.models import Site

        from .test_registration import make_registration_page

        root = Site.objects.get(is_default_site=True).root_page
        form = make_registration_page(root, self.index)
        self.get(form.url)
        self.assertNotIn(HIT_HEADER, self.get(form.url))

    # Never stale

    def test_publishing_an_activity_shows_it_at_once(self):
        self.assertServedFromCache(self.index.url)
        self.assertServedFromCache("/api/v2/activities/")
        self.assertServedFromCache("/api/v2/themes/")
        make_activity(self.index, title="Sports against violence match", themes=[self.water])
        self.assertContains(self.get(self.index.url), "Sports against violence match")
        self.assertContains(self.get(self.index.url + "?theme=water"), "Sports against violence")
        self.assertContains(self.get("/api/v2/activities/"), "Sports against violence match")
        themes = self.get("/api/v2/themes/").json()["items"]
        self.assertEqual({t["slug"]: t["activity_count"] for t in themes}["water"], 2)

    def test_publishing_a_change_shows_the_change(self):
        detail = f"/api/v2/activities/{self.first.pk}/"
        for url in (self.index.url, detail, "/api/v2/activities/"):
            self.assertServedFromCache(url)
        self.first.title = "Water workshop, new room"
        self.first.save_revision().publish()
        for url in (self.index.url, detail, "/api/v2/activities/"):
            with self.subTest(url):
                response = self.get(url)
                self.assertContains(response, "Water workshop, new room")
                self.assertNotContains(response, "Water and conflict workshop")

    def test_pages_are_cached_and_refreshed_by_what_they_show(self):
        call = make_call_to_action(themes=[self.water], title="Join us at the forum")
        for url in (call.url, self.first.url, self.testimonial.url):
            with self.subTest(url):
                self.assertServedFromCache(url)
        make_activity(self.index, title="Water and the marshes", themes=[self.water])
        self.assertContains(self.get(call.url), "Water and the marshes")
        self.first.title = "Water workshop, new room"
        self.first.save_revision().publish()
        self.assertContains(self.get(self.first.url), "Water workshop, new room")
        self.testimonial.person_name = "Quazi Baby (PDAP)"
        self.testimonial.save_revision().publish()
        self.assertContains(self.get(self.testimonial.url), "Quazi Baby (PDAP)")

    def test_a_draft_changes_nothing_and_is_never_shown(self):
        self.assertServedFromCache(self.index.url)
        self.first.title = "Draft title"
        self.first.save_revision()
        response = self.assertServedFromCache(self.index.url)
        self.assertNotContains(response, "Draft title")

    def test_unpublishing_an_activity_removes_it_at_once(self):
        detail = f"/api/v2/activities/{self.first.pk}/"
        self.assertServedFromCache(self.index.url)
        self.assertServedFromCache(detail)
        self.first.unpublish()
        self.assertNotContains(self.get(self.index.url), "Water and conflict workshop")
        self.assertEqual(self.client.get(detail).status_code, 404)
        self.assertNotContains(self.get("/api/v2/activities/"), "Water and conflict workshop")

    def test_moving_an_activity_moves_it_in_every_listing(self):
        other = make_activity_index(title="Parallel activities in Iraq")
        self.assertServedFromCache(self.index.url)
        self.assertServedFromCache(other.url)
        self.first.move(other, pos="last-child")
        self.assertNotContains(self.get(self.index.url), "Water and conflict workshop")
        self.assertContains(self.get(other.url), "Water and conflict workshop")
        child_of = f"/api/v2/activities/?child_of={other.pk}"
        self.assertEqual(self.get(child_of).json()["meta"]["total_count"], 1)

    def test_deleting_an_activity_removes_it(self):
        self.assertServedFromCache(self.index.url)
        self.first.delete()
        self.assertNotContains(self.get(self.index.url), "Water and conflict workshop")

    def test_renaming_a_theme_or_an_organisation_shows_the_new_name(self):
        urls = (self.index.url, "/api/v2/activities/", "/api/v2/themes/")
        for url in urls:
            self.assertServedFromCache(url)
        self.water.name = "Water, rivers and armed conflicts"
        self.water.save()
        for url in urls:
            with self.subTest(url):
                self.assertContains(self.get(url), "Water, rivers and armed conflicts")
        self.assertServedFromCache("/api/v2/organisations/")
        self.organisation.name = "Al-Amal"
        self.organisation.save()
        for url in (self.index.url, "/api/v2/activities/", "/api/v2/organisations/"):
            with self.subTest(url):
                self.assertContains(self.get(url), "Al-Amal")
                self.assertNotContains(self.get(url), "Iraqi Al-Amal Association")

    def test_a_deleted_image_leaves_no_cached_response_showing_it(self):
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        image = Image.objects.create(title="Marshes", file=get_test_image_file())
        activity = make_activity(self.index, title="Marshes walk", image=image)
        rendition = image.get_rendition("fill-640x360").url
        self.assertContains(self.assertServedFromCache(self.index.url), rendition)
        detail = f"/api/v2/activities/{activity.pk}/"
        self.assertContains(self.assertServedFromCache(detail), "Marshes")
        image.delete()
        self.assertNotContains(self.get(self.index.url), rendition)
        self.assertIsNone(self.get(detail).json()["image"])

    def test_a_testimonial_is_shown_at_once(self):
        self.assertServedFromCache("/api/v2/testimonials/")
        make_testimonial(self.testimonials, person_name="Ismaeel Dawood")
        self.assertContains(self.get("/api/v2/testimonials/"), "Ismaeel Dawood")

    def test_a_new_view_restriction_hides_the_listing_at_once(self):
        self.assertServedFromCache(self.index.url)
        self.assertServedFromCache("/api/v2/activities/")
        PageViewRestriction.objects.create(
            page=self.index, restriction_type=PageViewRestriction.LOGIN
        )
        self.assertEqual(self.client.get(self.index.url).status_code, 302)
        self.assertEqual(self.get("/api/v2/activities/").json()["meta"]["total_count"], 0)

    def test_publishing_a_translation_changes_the_language_links(self):
        self.assertServedFromCache(self.index.url)
        index_ar = translate_index(self.index)
        self.assertContains(self.get(self.index.url), f'hreflang="ar" href="{index_ar.full_url}')

    # Exactly what changes

    def test_a_testimonial_leaves_activity_responses_in_the_cache(self):
        urls = (self.index.url, "/api/v2/activities/", "/api/v2/themes/", "/api/v2/organisations/")
        for url in urls:
            self.get(url)
        make_testimonial(self.testimonials, person_name="Ismaeel Dawood")
        for url in urls:
            with self.subTest(url):
                self.assertServedFromCache(url)

    def test_an_activity_leaves_testimonials_organisations_and_other_details_in_the_cache(self):
        other_detail = f"/api/v2/activities/{self.second.pk}/"
        urls = ("/api/v2/testimonials/", "/api/v2/organisations/", other_detail)
        for url in urls:
            self.get(url)
        self.first.title = "Water workshop, new room"
        self.first.save_revision().publish()
        for url in urls:
            with self.subTest(url):
                self.assertServedFromCache(url)

    def filter_organisations(self):
        response = self.get(self.index.url)
        self.assertFalse(hit(response))
        return [str(org) for org in response.context["filter_form"].organisations.values()]

    def publish(self, page, **changes):
        page = ActivityPage.objects.get(pk=page.pk)
        for name, value in changes.items():
            setattr(page, name, value)
        page.save_revision().publish()
        return page

    def test_the_organisation_filter_follows_who_organises(self):
        # Its choices are found per request (listing.organising_organisations, one query
        # bounded by the number of organisations); the delivered page is what is cached.
        amal = "Iraqi Al-Amal Association"
        self.assertEqual([amal], self.filter_organisations())
        self.publish(self.first, title="Water workshop, new room")
        self.assertEqual([amal], self.filter_organisations())
        self.publish(self.first, hide_organisers=True)
        self.assertEqual([], self.filter_organisations())
        other = make_organisation("Brave Collective")
        page = self.publish(self.second)
        page.organisers = [ActivityOrganiser(organisation=other)]
        page.save_revision().publish()
        self.assertEqual(["Brave Collective"], self.filter_organisations())
        self.publish(self.first, hide_organisers=False)
        self.assertEqual(sorted([amal, "Brave Collective"]), sorted(self.filter_organisations()))
        page.unpublish()
        self.assertEqual([amal], self.filter_organisations())
        PageViewRestriction.objects.create(
            page=self.first, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        self.assertEqual([], self.filter_organisations())

    def test_a_theme_leaves_testimonials_and_organisations_in_the_cache(self):
        for url in ("/api/v2/testimonials/", "/api/v2/organisations/"):
            self.get(url)
        self.water.name = "Water"
        self.water.save()
        for url in ("/api/v2/testimonials/", "/api/v2/organisations/"):
            self.assertServedFromCache(url)

    # Never cached

    def test_responses_to_signed_in_visitors_are_not_cached(self):
        self.client.force_login(User.objects.create_user("editor", password="x"))
        for url in (self.index.url, "/api/v2/activities/"):
            with self.subTest(url):
                self.get(url)
                self.assertNotIn(HIT_HEADER, self.get(url))

    def test_a_private_listing_is_never_cached(self):
        group = Group.objects.create(name="Members")
        restriction = PageViewRestriction.objects.create(
            page=self.index, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(group)
        member = User.objects.create_user("member", password="x")
        member.groups.add(group)
        self.client.force_login(member)
        self.get(self.index.url)
        self.client.logout()
        response = self.client.get(self.index.url)
        self.assertEqual(response.status_code, 302)
        self.assertNotIn(HIT_HEADER, response)

    def test_errors_are_not_cached(self):
        url = "/api/v2/activities/?limit=-1"
        self.client.get(url)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 400)
        self.assertNotIn(HIT_HEADER, response)

    @override_settings(ICSSI_WAGTAIL={"CACHE_ALIAS": None})
    def test_caching_can_be_turned_off(self):
        self.get(self.index.url)
        self.assertNotIn(HIT_HEADER, self.get(self.index.url))
        self.assertNotIn(HIT_HEADER, self.get("/api/v2/activities/"))

    @override_settings(ICSSI_WAGTAIL={"CACHE_TIMEOUT": 0})
    def test_a_timeout_of_zero_turns_caching_off(self):
        self.get(self.index.url)
        self.assertNotIn(HIT_HEADER, self.get(self.index.url))


def translate_index(index):
    """Publish an Arabic translation of an index page."""
    return translate(index, arabic(), lambda text: "الأنشطة" if text == "Activities" else text)


class PersonalResponseTests(TestCase):
    """A response that used something of one visitor's (a message, a changed session) is
    never cached: their cookies are only added after the view, where ``is_cacheable`` cannot
    see them."""

    def answer(self, prepare=None):
        from django.contrib.auth.models import AnonymousUser
        from django.contrib.messages.storage.fallback import FallbackStorage
        from django.contrib.sessions.backends.signed_cookies import SessionStore
        from django.test import RequestFactory

        request = RequestFactory().get("/activities/")
        request.user = AnonymousUser()
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        if prepare:
            prepare(request)
        return cache.cached_response(
            request, "test", (), ("activities",), lambda: HttpResponse("x")
        )

    def test_a_waiting_message_or_a_changed_session_is_not_cached(self):
        from django.contrib import messages
        from django.middleware.csrf import get_token

        for prepare in (
            get_token,
            lambda request: messages.success(request, "Thank you for registering."),
            lambda request: request.session.__setitem__("seen", True),
        ):
            with self.subTest(prepare):
                self.assertNotIn(HIT_HEADER, self.answer(prepare))
                self.assertNotIn(HIT_HEADER, self.answer(prepare))
        self.assertEqual(self.answer()[HIT_HEADER], "miss")
        self.assertEqual(self.answer()[HIT_HEADER], "hit")


class StoredResponseTests(TestCase):
    def test_bodies_are_stored_compressed(self):
        """300 listings whose every address differs filled the cache with 14 MB of HTML:
        a body is stored compressed, a fraction of its size (docs/scaling.md)."""
        html = "".join(
            f'<li class="card"><a href="/a/{n}/">Activity {n}</a></li>' for n in range(900)
        )
        stored = {}
        with mock.patch.object(
            cache.get_cache(), "set", lambda key, value, timeout: stored.update(value)
        ):
            self.answer_html(html)
        self.assertLess(len(stored["body"]), len(html) / 5)

    def test_a_stored_response_comes_back_whole(self):
        html = "<p>تقرير الورشة</p>" * 500
        self.assertEqual(self.answer_html(html)[HIT_HEADER], "miss")
        response = self.answer_html(html)
        self.assertEqual(response[HIT_HEADER], "hit")
        self.assertEqual(response.content.decode(), html)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")

    def answer_html(self, html):
        from django.contrib.auth.models import AnonymousUser
        from django.test import RequestFactory

        request = RequestFactory().get("/activities/")
        request.user = AnonymousUser()
        return cache.cached_response(
            request, "test", (), ("activities",), lambda: HttpResponse(html)
        )


class VersionTests(TestCase):
    def test_a_change_replaces_the_versions_now_and_again_on_commit(self):
        before = cache.scope_versions(["activities", "testimonials"])
        with self.captureOnCommitCallbacks(execute=False) as callbacks:
            cache.invalidate("activities")
        during = cache.scope_versions(["activities", "testimonials"])
        for callback in callbacks:
            callback()
        after = cache.scope_versions(["activities", "testimonials"])
        self.assertEqual(len({before, during, after}), 3)
        # The untouched scope keeps its version.
        self.assertEqual(
            {value.split(".")[1] for value in (before, during, after)},
            {before.split(".")[1]},
        )

    def test_versions_of_unknown_scopes_are_created_once(self):
        self.assertEqual(cache.scope_versions(["new-scope"]), cache.scope_versions(["new-scope"]))


@override_settings(ICSSI_WAGTAIL={"CACHE_ALIAS": "default"})
class SharedStateTests(TestCase):
    """Nothing is cached in a process: a change made by another process reaches this one."""

    def test_another_process_invalidates_this_ones_responses(self):
        if not os.environ.get("ICSSI_TEST_REDIS_URL"):
            self.skipTest(
                "needs a cache shared between processes: set ICSSI_TEST_REDIS_URL (CI does)"
            )
        before = cache.scope_versions(["activities"])
        script = (
            "import django; django.setup()\n"
            "from icssi_wagtail import cache\n"
            "cache.invalidate('activities')\n"
        )
        subprocess.run(  # noqa: S603 (this interpreter, a fixed script)
            [sys.executable, "-c", script],
            check=True,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        )
        self.assertNotEqual(cache.scope_versions(["activities"]), before)
