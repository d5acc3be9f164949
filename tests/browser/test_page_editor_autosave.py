"""Wagtail's autosave waits while the editor is still typing a value, and saves a draft
whose publishing rules are not met yet (issue 19, point 4).

Wagtail reads the page form half a second after the last change it notices: a pause in the
middle of a date ("2025-03-2") sent the half-typed value, which Wagtail refused with a 400
"validation_error" and a paused indicator. ``page_editor.js`` holds the autosave while a
field the editor types into has focus and a changed value, and sends it when the field is left.

Ticking "Consent to publish the photo recorded" before typing the date of the consent was
refused too, by a rule that only matters once visitors see the page: such rules now wait for
the publish (``IcssiPageMixin.clean_for_publishing``).
"""

import datetime
import re

from django.contrib.auth import get_user_model
from django.test import override_settings

from ..utils import make_activity, make_activity_index, make_testimonial, make_testimonial_index
from .support import BrowserTestCase

PASSWORD = "a long editor password"
# Wagtail notes the form's initial state 2 seconds after it loads and autosaves changes made
# after that; it then needs about 1.5 s (two 0.5 s waits and a check) to send a change.
WATCH_EDITS = """document.addEventListener("w-unsaved:watch-edits", () => {
    window.icssiWatchingEdits = true;
});"""
LONGER_THAN_AUTOSAVE = 3_000


def log_in(page):
    page.goto("/admin/login/")
    page.locator("#id_username").fill("editor")
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/$"))


def named(label):
    """An accessible name that starts with ``label``, then maybe "*" (required) or more text."""
    return re.compile(rf"^{re.escape(label)}(\*|\s|$)")


@override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL=None, WAGTAIL_ENABLE_UPDATE_CHECK=False)
class AutosaveWhileTypingTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
        self.activity = make_activity(make_activity_index(), end_time=None)
        self.context.add_init_script(WATCH_EDITS)
        self.autosaves = []  # (status, body) of each answer to a POST to the edit address
        self.page.on("response", self.record)

    def record(self, response):
        if response.request.method == "POST" and response.url.endswith(self.edit_url):
            self.autosaves.append((response.status, response.text()))

    @property
    def edit_url(self):
        return f"/admin/pages/{self.activity.pk}/edit/"

    def open_dates(self):
        page = self.page
        log_in(page)
        page.goto(self.edit_url)
        page.wait_for_function("window.icssiWatchingEdits === true")
        page.get_by_role("tab", name="Date and place").click()

    def saved_end_date(self):
        self.activity.refresh_from_db()
        return self.activity.get_latest_revision_as_object().end_date

    def test_a_half_typed_date_waits_until_the_field_is_left(self):
        from playwright.sync_api import expect

        page = self.page
        self.open_dates()
        field = page.get_by_role("textbox", name=named("End date"))
        field.click()
        field.press_sequentially("2025-03-2", delay=30)  # the editor stops to check the day
        page.wait_for_timeout(LONGER_THAN_AUTOSAVE)
        self.assertEqual(self.autosaves, [])
        indicator = page.locator("#w-autosave-indicator")
        self.assertIn(indicator.get_attribute("data-w-autosave-state-value"), (None, "idle"))

        field.press_sequentially("5", delay=30)
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.keyboard.press("Tab")
        self.assertEqual(answer.value.status, 200, answer.value.text())
        expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
        # Wagtail's own notice of the last keystroke may come after the field is left and
        # queue a second autosave of the same form: fine, as long as none is refused.
        page.wait_for_timeout(LONGER_THAN_AUTOSAVE)
        self.assertEqual({status for status, _body in self.autosaves}, {200}, self.autosaves)
        self.assertEqual(self.saved_end_date(), datetime.date(2025, 3, 25))

    def test_a_field_entered_without_typing_holds_nothing(self):
        """A change elsewhere autosaves even while the editor sits in a field, unchanged."""
        page = self.page
        self.open_dates()
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.get_by_role("combobox", name=named("Time zone")).select_option("Asia/Baghdad")
            page.get_by_role("textbox", name=named("City")).click()
        self.assertEqual(answer.value.status, 200, answer.value.text())
        self.activity.refresh_from_db()
        self.assertEqual(self.activity.get_latest_revision_as_object().time_zone, "Asia/Baghdad")


@override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL=None, WAGTAIL_ENABLE_UPDATE_CHECK=False)
class AutosaveBeforePublishingRulesTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        get_user_model().objects.create_superuser("editor", "editor@example.org", PASSWORD)
        self.testimonial = make_testimonial(make_testimonial_index())
        self.context.add_init_script(WATCH_EDITS)
        self.refused = []  # every answer of 400 or more, for any address
        self.page.on("response", self.record)

    def record(self, response):
        if response.status >= 400:
            self.refused.append((response.status, response.url, response.text()))

    def test_consent_ticked_before_its_date_is_autosaved(self):
        from playwright.sync_api import expect

        page = self.page
        log_in(page)
        page.goto(f"/admin/pages/{self.testimonial.pk}/edit/")
        page.wait_for_function("window.icssiWatchingEdits === true")
        page.get_by_role("tab", name="Person").click()
        consent = page.get_by_role("checkbox", name=named("Consent to publish the photo"))
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            consent.check()  # the editor looks up the date of the consent before typing it
        self.assertEqual(answer.value.status, 200, answer.value.text())
        page.wait_for_timeout(LONGER_THAN_AUTOSAVE)
        self.assertEqual(self.refused, [])
        indicator = page.locator("#w-autosave-indicator")
        expect(indicator).to_have_attribute("data-w-autosave-state-value", "saved")
        expect(page.locator(".error-message:visible")).to_have_count(0)
        draft = type(self.testimonial).objects.get(pk=self.testimonial.pk)
        self.assertTrue(draft.get_latest_revision_as_object().photo_consent)
        self.assertFalse(draft.photo_consent)  # the live page waits for a publish
