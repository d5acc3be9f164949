"""The admin right to left (issue 19, item 10): a translator who picks Arabic or Sorani Kurdish
in Account > Preferences gets an admin in that language, laid out right to left, on Wagtail's
screens, the screens this app adds and the translation editor with its blocks' previews."""

import re
import runpy
from io import StringIO
from pathlib import Path
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.admin.localization import WAGTAILADMIN_PROVIDED_LANGUAGES
from wagtail.models import Locale
from wagtail.users.models import UserProfile
from wagtail_localize.operations import translate_object

from icssi_wagtail.models import CallToActionPage

from .localize import arabic
from .utils import make_call_to_action, make_testimonial, make_testimonial_index

DEMO_SETTINGS = Path(__file__).resolve().parent.parent / "demo" / "demo_site" / "settings.py"
# What README advises a site translated into Sorani: Wagtail's admin languages and Sorani.
PERMITTED = [*WAGTAILADMIN_PROVIDED_LANGUAGES, ("ckb", "Central Kurdish")]


def html_element(response):
    """The ``lang`` and ``dir`` of the page's ``<html>`` element."""
    tag = re.search(r"<html[^>]*>", response.content.decode())[0]
    return re.search(r'lang="([^"]*)"', tag)[1], re.search(r'dir="([^"]*)"', tag)[1]


def preferences(language):
    """Account > Preferences, as the form posts it."""
    return {
        "locale-preferred_language": language,
        "locale-current_time_zone": "",
        "theme-theme": "system",
        "theme-density": "default",
        "theme-contrast": "system",
        "name_email-first_name": "Demo",
        "name_email-last_name": "Translator",
        "name_email-email": "translator@example.org",
    }


@skipUnless(DEMO_SETTINGS.is_file(), "the demo project is not part of the wheel's test run")
class DemoAdminLanguagesTests(TestCase):
    def test_demo_offers_arabic_and_sorani_in_the_admin(self):
        settings = runpy.run_path(str(DEMO_SETTINGS))
        codes = [code for code, _name in settings["WAGTAILADMIN_PERMITTED_LANGUAGES"]]
        self.assertIn("ar", codes)
        self.assertIn("ckb", codes)
        self.assertIn("en", codes)


@override_settings(WAGTAILADMIN_PERMITTED_LANGUAGES=PERMITTED)
class RightToLeftAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.arabic = arabic()
        cls.sorani = Locale.objects.create(language_code="ckb")
        index = make_testimonial_index(title="Testimonials")
        cls.testimonial = make_testimonial(index, title="Quazi Baby travels to Baghdad")
        with cls.captureOnCommitCallbacks(execute=True):
            translate_object(cls.testimonial, [cls.arabic, cls.sorani])
        call_command("icssi_translators_group", stdout=StringIO())
        cls.translator = get_user_model().objects.create_user(
            "translator", "translator@example.org", "pw"
        )
        cls.translator.groups.add(Group.objects.get(name="Translators"))

    def setUp(self):
        self.client.force_login(self.translator)

    def choose(self, language, user=None):
        user = user or self.translator
        self.client.force_login(user)
        response = self.client.post(reverse("wagtailadmin_account"), preferences(language))
        self.assertEqual(response.status_code, 302)
        profile = UserProfile.get_for_user(user)
        self.assertEqual(profile.preferred_language, language)

    def admin_screens(self, locale):
        translated = self.testimonial.get_translation(locale)
        return {
            "dashboard": reverse("wagtailadmin_home"),
            "account": reverse("wagtailadmin_account"),
            "pages": reverse("wagtailadmin_explore", args=[translated.get_parent().pk]),
            "translation editor": reverse("wagtailadmin_pages:edit", args=[translated.pk]),
        }

    def test_each_screen_reads_right_to_left_in_arabic_and_sorani(self):
        for locale in (self.arabic, self.sorani):
            code = locale.language_code
            self.choose(code)
            for name, url in self.admin_screens(locale).items():
                with self.subTest(language=code, screen=name):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(html_element(response), (code, "rtl"))

    def test_the_apps_own_screens_read_right_to_left(self):
        call_command("icssi_groups", stdout=StringIO())
        editor = get_user_model().objects.create_user("editor", "editor@example.org", "pw")
        editor.groups.add(Group.objects.get(name="Editors"))
        screens = {
            "themes": reverse("wagtailsnippets_icssi_wagtail_theme:list"),
            "new theme": reverse("wagtailsnippets_icssi_wagtail_theme:add"),
            "organisations": reverse("wagtailsnippets_icssi_wagtail_organisation:list"),
            "new organisation": reverse("wagtailsnippets_icssi_wagtail_organisation:add"),
            "new testimonial": reverse(
                "wagtailadmin_pages:add",
                args=["icssi_wagtail", "testimonialpage", self.testimonial.get_parent().pk],
            ),
        }
        for code in ("ar", "ckb"):
            self.choose(code, editor)
            for name, url in screens.items():
                with self.subTest(language=code, screen=name):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(html_element(response), (code, "rtl"))

    def test_the_translation_editor_says_ready_for_review_in_the_admin_language(self):
        self.choose("ar")
        translated = self.testimonial.get_translation(self.arabic)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[translated.pk]))
        self.assertContains(response, 'class="icssi-ready-for-review"')
        self.assertContains(response, "icssi_wagtail/translation_editor.css")

    def test_back_to_english_reads_left_to_right(self):
        self.choose("ckb")
        self.choose("en")
        self.assertEqual(html_element(self.client.get(reverse("wagtailadmin_home"))), ("en", "ltr"))


@override_settings(WAGTAILADMIN_PERMITTED_LANGUAGES=PERMITTED)
class BlockPreviewTests(TestCase):
    """The previews of the blocks in the block picker use the app's stylesheet and follow the
    admin's direction."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
        make_call_to_action(title="Join us in Tunis")

    def test_block_previews_have_the_stylesheet_and_the_admin_direction(self):
        self.client.force_login(self.admin)
        stream = CallToActionPage._meta.get_field("body").stream_block
        for code, direction in (("ar", "rtl"), ("ckb", "rtl"), ("en", "ltr")):
            profile = UserProfile.get_for_user(self.admin)
            profile.preferred_language = code
            profile.save()
            for name, block in stream.child_blocks.items():
                with self.subTest(language=code, block=name):
                    response = self.client.get(
                        reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix}
                    )
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(html_element(response), (code, direction))
                    self.assertContains(response, "icssi_wagtail/icssi_wagtail.css")
