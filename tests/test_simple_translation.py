"""A site that translates with Wagtail's ``simple_translation``, not wagtail-localize.

Editors copy a page tree into a language with simple_translation's "Translate" action, edit
the copies and publish them. These tests run in a process of their own, with
the test site in its ``simple_translation`` shape (``ICSSI_TEST_SITE``, tests/settings.py;
``SimpleTranslationSiteTests`` starts it).
"""

import os
import subprocess
import sys
from unittest import skipUnless

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from wagtail.models import Locale

from icssi_wagtail.models import ActivityPage

from .utils import make_activity, make_activity_index, make_organisation, site_root

SIMPLE_TRANSLATION = apps.is_installed("wagtail.contrib.simple_translation")
SITE = {"ICSSI_TEST_SITE": "simple_translation"}


@skipUnless(SIMPLE_TRANSLATION, "runs with ICSSI_TEST_SITE=simple_translation (see below)")
class SimpleTranslationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.arabic = Locale.objects.create(language_code="ar")
        cls.brave = make_organisation("Brave Collective")
        cls.index = make_activity_index(title="Activities")
        cls.activity = make_activity(cls.index, title="Marsh walk", organisations=[cls.brave])
        cls.admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")

    def translate_site(self):
        """simple_translation's "Translate" of the home page and its subtree, as an editor
        does it; then each copy is given an Arabic title and published."""
        self.client.force_login(self.admin)
        home = site_root()
        url = reverse("simple_translation:submit_page_translation", args=(home.pk,))
        response = self.client.post(url, {"locales": [self.arabic.pk], "include_subtree": "on"})
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        for page in (home, self.index, self.activity):
            translation = page.get_translation(self.arabic).specific
            translation.title = f"[ar] {page.title}"
            translation.save_revision().publish()
        return self.activity.get_translation(self.arabic)

    def test_the_translation_renders_in_its_language_with_its_listing(self):
        translated = self.translate_site()
        response = self.client.get(translated.url)
        self.assertTrue(translated.url.startswith("/ar/"))
        self.assertContains(response, '<html lang="ar" dir="rtl"')
        self.assertContains(response, "[ar] Marsh walk")
        self.assertContains(response, 'href="/ar/"')  # the site's home, in Arabic
        index = self.client.get(translated.get_parent().url)
        self.assertContains(index, "[ar] Marsh walk")
        self.assertContains(self.client.get(translated.get_parent().url + "feed/"), "Marsh walk")

    def test_the_language_switcher_links_each_language(self):
        translated = self.translate_site()
        response = self.client.get(self.activity.url)
        self.assertContains(response, f'href="{translated.full_url}" hreflang="ar"')

    def test_the_api_answers_in_the_requested_locale(self):
        translated = self.translate_site()
        items = self.client.get("/api/v2/activities/", {"locale": "ar"}).json()["items"]
        self.assertEqual(
            [(item["id"], item["title"]) for item in items], [(translated.pk, "[ar] Marsh walk")]
        )
        items = self.client.get("/api/v2/activities/", {"locale": "en"}).json()["items"]
        self.assertEqual([item["title"] for item in items], ["Marsh walk"])

    def test_hiding_organisers_in_the_source_hides_them_in_the_translation(self):
        translated = self.translate_site()
        self.assertContains(self.client.get(translated.url), "Brave Collective")
        page = ActivityPage.objects.get(pk=self.activity.pk)
        page.hide_organisers = True
        page.save_revision().publish()
        self.assertNotContains(self.client.get(translated.url), "Brave Collective")
        self.assertTrue(ActivityPage.objects.get(pk=translated.pk).hide_organisers)

    def test_the_admin_offers_translate_for_the_apps_pages(self):
        self.client.force_login(self.admin)
        response = self.client.get(reverse("wagtailadmin_explore", args=(self.index.pk,)))
        url = reverse("simple_translation:submit_page_translation", args=(self.activity.pk,))
        self.assertContains(response, url)


@skipUnless(not SIMPLE_TRANSLATION, "this run already uses simple_translation")
class SimpleTranslationSiteTests(SimpleTestCase):
    def test_the_simple_translation_site_passes(self):
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                "-p",
                "no:cacheprovider",
                "-q",
                "tests/test_simple_translation.py",
            ],
            env={**os.environ, **SITE},
            capture_output=True,
            text=True,
            cwd=root,
            timeout=900,
        )
        self.assertEqual(result.returncode, 0, result.stdout[-4000:] + result.stderr[-2000:])
        self.assertIn("5 passed", result.stdout)
