"""An organisation registers an activity in a real browser, in English and in Arabic; a
moderator approves it in Wagtail's admin; the activity goes live and the submitter is told
(docs/registration.md). The contact never shows on the published page."""

import re
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Locale

from icssi_wagtail.models import ActivityPage, ActivityRegistration, ActivityRegistrationPage

from ..utils import (
    empty_cache,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_theme,
)
from .support import BrowserTestCase, ensure_moderation_workflow

pytestmark = pytest.mark.browser

PASSWORD = "registration-flow-password"


@override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL=None, WAGTAIL_ENABLE_UPDATE_CHECK=False)
class RegistrationFlowTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        # The groups with their permissions on the site's root in each language, as a site
        # sets them up: an earlier live server test's flush removed those the migrations made.
        self.arabic = Locale.objects.get_or_create(language_code="ar")[0]
        call_command("icssi_groups", stdout=StringIO())
        ensure_moderation_workflow()
        moderator = get_user_model().objects.create_user(
            "moderator", "moderator@example.org", PASSWORD
        )
        moderator.groups.add(Group.objects.get(name="Moderators"))
        self.theme = make_theme("Water and armed conflicts", slug="water")
        make_organisation("Iraqi Social Forum", acronym="ISF")
        self.call = make_call_to_action()
        self.index = make_activity_index(self.call)
        form = ActivityRegistrationPage(
            title="Register your activity",
            slug="register",
            activity_index=self.index,
            charter_url="https://example.org/charter",
        )
        self.call.add_child(instance=form)
        form.save_revision().publish()
        self.form = form
        # The flush that ended the previous live server test recreated the default locale
        # under another id; what the app kept of the old one (icssi_wagtail.cache) must go.
        for alias in settings.CACHES:
            empty_cache(alias)
        self.problems = []
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))

    def translate(self, page, locale):
        translation = page.copy_for_translation(locale, copy_parents=True)
        translation.save_revision().publish()
        return translation

    def register(self, url, title, email):
        """Fill the form as a new organisation would: first without the charter (the form
        comes back with everything kept), then agreeing to it."""
        from playwright.sync_api import expect

        browser = self.page
        browser.goto(url)
        browser.locator("#id_new_organisation_name").fill("Tigris Keepers")
        browser.locator("#id_new_organisation_country").select_option("IQ")
        browser.locator("#id_new_organisation_website").fill("https://tigris.example.org")
        browser.locator("#id_title").fill(title)
        browser.locator("#id_summary").fill("A workshop on the rivers of Mesopotamia.")
        browser.locator("input[name=themes][value=water]").check()
        browser.locator("#id_start_date").fill("2025-03-26")
        browser.locator("#id_start_time").fill("10:00")
        browser.locator("#id_time_zone").select_option("Africa/Tunis")
        browser.locator("#id_attendance_mode").select_option("in_person")
        browser.locator("#id_city").fill("Tunis")
        browser.locator("#id_contact_name").fill("Private Person")
        browser.locator("#id_contact_email").fill(email)
        browser.locator("button[type=submit]").click()
        expect(browser.locator("#icssi-registration-errors")).to_be_visible()
        expect(browser.locator("#id_title")).to_have_value(title)
        expect(browser.locator("#id_contact_email")).to_have_value(email)
        expect(browser.locator("#id_time_zone")).to_have_value("Africa/Tunis")
        browser.locator("#id_charter").check()
        browser.locator("button[type=submit]").click()
        reference = browser.locator(".icssi-reference")
        expect(reference).to_be_visible()
        return reference.inner_text()

    def moderator_approves(self, activity):
        from playwright.sync_api import expect

        browser = self.page
        self.context.clear_cookies()
        browser.goto("/admin/login/")
        browser.locator("#id_username").fill("moderator")
        browser.locator("#id_password").fill(PASSWORD)
        browser.locator("form button[type=submit]").click()
        browser.wait_for_url(re.compile(r"/admin/$"))
        expect(browser.get_by_text(activity.title).first).to_be_visible()  # awaiting review
        browser.goto(f"/admin/pages/{activity.pk}/edit/")
        # The action menu's "Approve" (not "Approve with comment", which opens a dialogue):
        # Wagtail's script saves the page and approves its task.
        approve = "button[data-workflow-action-name=approve]:not([data-workflow-action-modal-url])"
        with browser.expect_navigation():
            browser.locator(approve).dispatch_event("click")
        self.context.clear_cookies()

    def registration_goes_live(self, url, title, email, lang, direction):
        from playwright.sync_api import expect

        mail.outbox.clear()
        reference = self.register(url, title, email)
        registration = ActivityRegistration.objects.get(reference=reference)
        activity = ActivityPage.objects.get(pk=registration.page_id)
        self.assertFalse(activity.live)
        confirmation = [message for message in mail.outbox if message.to == [email]]
        self.assertEqual(len(confirmation), 1)
        self.assertIn(reference, confirmation[0].body)
        # Nothing is public before a moderator publishes it.
        response = self.page.goto(activity.url or f"{url}../activities/x/")
        self.assertEqual(response.status, 404)

        self.moderator_approves(activity)
        activity.refresh_from_db()
        self.assertTrue(activity.live)
        published = [message for message in mail.outbox if message.to == [email]]
        self.assertEqual(len(published), 2)
        self.assertIn(activity.get_full_url(), published[1].body)

        self.page.goto(activity.url)
        expect(self.page.locator("h1")).to_have_text(title)
        expect(self.page.locator("html")).to_have_attribute("lang", lang)
        expect(self.page.locator("html")).to_have_attribute("dir", direction)
        content = self.page.content()
        self.assertNotIn(email, content)
        self.assertNotIn("Private Person", content)
        self.assertEqual(self.problems, [])
        return activity

    def test_english_registration_through_moderation(self):
        self.registration_goes_live(
            self.form.url, "Saving the Tigris", "english@example.org", "en", "ltr"
        )

    def test_arabic_registration_through_moderation(self):
        arabic = self.arabic
        self.translate(self.call, arabic)
        arabic_index = self.translate(self.index, arabic)
        arabic_form = self.translate(self.form, arabic)
        response = self.page.goto(arabic_form.url)
        self.assertEqual(response.status, 200)
        from playwright.sync_api import expect

        expect(self.page.locator("html")).to_have_attribute("dir", "rtl")
        activity = self.registration_goes_live(
            arabic_form.url, "إنقاذ دجلة", "arabic@example.org", "ar", "rtl"
        )
        self.assertEqual(activity.locale, arabic)
        self.assertEqual(activity.get_parent().pk, arabic_index.pk)
