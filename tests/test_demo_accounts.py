"""The demo's accounts right after ``make demo`` (issue 19, item 11): ``load_icssi_demo`` then
``prepare_demo``, and each account logs in with the demo password and can do what README says,
and no more: the editor writes and submits for moderation, the moderator publishes, the
translator translates into Arabic and marks it ready for review, and nobody but the moderator
(and the admin) publishes."""

import re
import runpy
import sys
from io import StringIO
from pathlib import Path
from unittest import skipUnless

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse
from wagtail.models import Locale, Page, Site, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail_localize.models import StringSegment, Translation

from icssi_wagtail.models import TestimonialPage

DEMO = Path(__file__).resolve().parent.parent / "demo"
PASSWORD = "icssi-demo"


def prepare_demo_command():
    """The demo project's ``prepare_demo`` command (its app is not installed in the tests)."""
    if str(DEMO) not in sys.path:
        sys.path.append(str(DEMO))
    from demo_site.management.commands.prepare_demo import Command

    return Command()


def footer_actions(response):
    """The names of the page editor's actions (``action-publish``, ``action-submit``)."""
    return set(re.findall(r'name="(action-[a-z-]+)"', response.content.decode()))


@skipUnless(DEMO.is_dir(), "the demo project is not part of the wheel's test run")
class DemoAccountsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        with cls.captureOnCommitCallbacks(execute=True):
            call_command("load_icssi_demo", stdout=StringIO())
            call_command(prepare_demo_command(), stdout=StringIO())
        cls.home = Site.objects.get(is_default_site=True).root_page
        cls.arabic = Locale.objects.get(language_code="ar")
        english = TestimonialPage.objects.get(locale=Locale.get_default())
        cls.english_testimonial = english
        cls.arabic_testimonial = english.get_translation(cls.arabic)

    def log_in(self, username):
        self.assertTrue(self.client.login(username=username, password=PASSWORD), username)

    def edit_home(self, title, action):
        """Change the home page's title in Wagtail's page editor and take ``action``."""
        data = nested_form_data(
            {"title": title, "slug": self.home.slug, "comments": inline_formset([])}
        )
        data[action] = action
        url = reverse("wagtailadmin_pages:edit", args=[self.home.pk])
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(url, data)

    def test_every_account_logs_in_to_the_admin(self):
        for username in ("admin", "editor", "moderator", "translator"):
            with self.subTest(username=username):
                self.log_in(username)
                self.assertEqual(self.client.get(reverse("wagtailadmin_home")).status_code, 200)
                self.client.logout()

    def test_every_account_switches_the_admin_to_arabic_or_sorani(self):
        # Account > Preferences posts the whole Account screen: the name and email the
        # account has, and the language picked.
        demo_settings = runpy.run_path(str(DEMO / "demo_site" / "settings.py"))
        languages = demo_settings["WAGTAILADMIN_PERMITTED_LANGUAGES"]
        users = get_user_model().objects
        for username, language in [
            ("admin", "ar"),
            ("editor", "ar"),
            ("moderator", "ar"),
            ("translator", "ckb"),
            ("translator", "ar"),
        ]:
            user = users.get(username=username)
            with self.subTest(username=username, language=language):
                self.log_in(username)
                data = {
                    "name_email-first_name": user.first_name,
                    "name_email-last_name": user.last_name,
                    "name_email-email": user.email,
                    "locale-preferred_language": language,
                    "locale-current_time_zone": "",
                    "theme-theme": "system",
                    "theme-contrast": "system",
                    "theme-density": "default",
                }
                with override_settings(WAGTAILADMIN_PERMITTED_LANGUAGES=languages):
                    response = self.client.post(reverse("wagtailadmin_account"), data)
                    self.assertEqual(response.status_code, 302)
                    html = self.client.get(reverse("wagtailadmin_home")).content.decode()
                self.assertIn(f'<html lang="{language}" dir="rtl"', html)
                self.client.logout()

    def test_admin_publishes(self):
        self.log_in("admin")
        self.edit_home("ICSSI home", "action-publish")
        self.assertEqual(Page.objects.get(pk=self.home.pk).title, "ICSSI home")

    def test_editor_submits_and_the_moderator_publishes(self):
        self.log_in("editor")
        edit_url = reverse("wagtailadmin_pages:edit", args=[self.home.pk])
        actions = footer_actions(self.client.get(edit_url))
        self.assertIn("action-submit", actions)
        self.assertNotIn("action-publish", actions)
        self.edit_home("ICSSI, edited", "action-publish")
        self.assertEqual(Page.objects.get(pk=self.home.pk).title, "ICSSI")
        response = self.edit_home("ICSSI, edited", "action-submit")
        self.assertEqual(response.status_code, 302)
        page = Page.objects.get(pk=self.home.pk)
        self.assertEqual(page.title, "ICSSI")  # still the live title
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn("moderator@example.org", recipients)

        self.client.logout()
        self.log_in("moderator")
        self.assertIn("action-publish", footer_actions(self.client.get(edit_url)))
        self.edit_home("ICSSI, edited", "action-publish")
        self.assertEqual(Page.objects.get(pk=self.home.pk).title, "ICSSI, edited")

    def test_translator_translates_marks_ready_and_cannot_publish(self):
        self.log_in("translator")
        # The English pages are not the translator's to edit.
        english_edit = reverse("wagtailadmin_pages:edit", args=[self.english_testimonial.pk])
        self.assertEqual(self.client.get(english_edit).status_code, 302)

        edit_url = reverse("wagtailadmin_pages:edit", args=[self.arabic_testimonial.pk])
        response = self.client.get(edit_url)
        self.assertContains(response, "js-translation-editor")
        self.assertContains(response, 'class="icssi-ready-for-review"')
        translation = Translation.objects.get(
            source__object_id=self.english_testimonial.translation_key, target_locale=self.arabic
        )
        segment = StringSegment.objects.filter(
            source=translation.source, context__path="title"
        ).get()
        # As the translation editor saves a string: a PUT of a form.
        response = self.client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            encode_multipart(BOUNDARY, {"value": "كوازي بيبي"}),
            content_type=MULTIPART_CONTENT,
        )
        self.assertIn(response.status_code, (200, 201))

        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("icssi_wagtail_translation_ready", args=[translation.pk])
            )
        self.assertRedirects(response, edit_url, fetch_redirect_response=False)
        page = Page.objects.get(pk=self.arabic_testimonial.pk)
        self.assertEqual(page.get_latest_revision_as_object().title, "كوازي بيبي")
        self.assertNotEqual(page.title, "كوازي بيبي")  # the live page is unchanged
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn("moderator@example.org", recipients)

        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(edit_url, {"action": "publish"})
        self.assertNotEqual(Page.objects.get(pk=page.pk).title, "كوازي بيبي")

        self.client.logout()
        self.log_in("moderator")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(edit_url, {"action": "publish"})
        self.assertEqual(Page.objects.get(pk=page.pk).title, "كوازي بيبي")


@skipUnless(DEMO.is_dir(), "the demo project is not part of the wheel's test run")
class DemoPortTests(TestCase):
    """``make demo DEMO_PORT=8123`` (README, "Try it") passes ``--port`` to ``prepare_demo``:
    the site, and so every absolute link of the demo (canonical, language switcher), uses it."""

    def test_the_site_follows_the_port(self):
        call_command("load_icssi_demo", stdout=StringIO())
        call_command(prepare_demo_command(), "--port", "8123", stdout=StringIO())
        site = Site.objects.get(is_default_site=True)
        self.assertEqual(("127.0.0.1", 8123), (site.hostname, site.port))
        self.assertEqual("http://127.0.0.1:8123/", site.root_url + "/")
        makefile = (DEMO.parent / "Makefile").read_text()
        self.assertIn("--port $(DEMO_PORT)", makefile)
        self.assertIn("runserver 127.0.0.1:$(DEMO_PORT)", makefile)
