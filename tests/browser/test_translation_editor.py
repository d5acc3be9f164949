"""A translator in wagtail-localize's translation editor, in a real browser, in an Arabic admin
(issue 19, items 8 to 10): no "Delete" or "Convert to alias page" in the footer, strings saved
without the editor moving sideways, each string in its own direction, and "Ready for review"."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Page
from wagtail.users.models import UserProfile

from ..localize import arabic, translate
from ..utils import make_testimonial, make_testimonial_index
from .support import BrowserTestCase, ensure_moderation_workflow

PASSWORD = "a long translator password"
# Where the window or any element has scrolled sideways, after the editor has drawn, and
# whether the editor's left edge is cut off (issue 19, point 8).
SIDEWAYS = """() => ({
    window: window.scrollX,
    scrollLeft: document.scrollingElement.scrollLeft,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    elements: [...document.querySelectorAll("*")].filter((e) => e.scrollLeft !== 0)
        .map((e) => e.tagName + "." + e.className),
    editorCutOff: document.querySelector(".js-translation-editor").getBoundingClientRect().left < 0,
})"""
NOT_SIDEWAYS = {"window": 0, "scrollLeft": 0, "overflow": 0, "elements": [], "editorCutOff": False}


class TranslationEditorTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        ensure_moderation_workflow()
        index = make_testimonial_index(title="Testimonials")
        english = make_testimonial(
            index,
            title="Quazi Baby travels to Baghdad",
            quote="If the Iraqi people invited us, we could not renounce.",
        )
        self.translated = translate(english, arabic(), lambda text: f"[ar] {text}")
        call_command("icssi_translators_group", stdout=StringIO())
        call_command("icssi_groups", stdout=StringIO())
        translator = get_user_model().objects.create_user(
            "translator", "translator@example.org", PASSWORD
        )
        translator.groups.add(Group.objects.get(name="Translators"))
        profile = UserProfile.get_for_user(translator)
        profile.preferred_language = "ar"
        profile.save()

    def open_editor(self):
        page = self.page
        page.goto("/admin/login/")
        page.locator("#id_username").fill("translator")
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/admin/$"))
        page.goto(f"/admin/pages/{self.translated.pk}/edit/")
        page.locator(".js-translation-editor section li").first.wait_for()

    def test_translator_saves_strings_and_marks_the_translation_ready(self):
        page = self.page
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        self.open_editor()
        self.assertEqual(page.evaluate("document.documentElement.dir"), "rtl")

        # wagtail-localize's footer (main action "Stop Synced translation", then "Delete" or
        # "Convert to alias page" for some) is not shown: the translator's footer leads with
        # "Ready for review".
        self.assertEqual(page.locator(".js-translation-editor footer").count(), 1)
        self.assertFalse(page.locator(".js-translation-editor footer").is_visible())
        footer = page.locator(".icssi-translation-footer")
        self.assertTrue(footer.is_visible())
        main = footer.locator("button, a").first
        self.assertEqual(main.get_attribute("form"), "icssi-ready-for-review")
        self.assertEqual(footer.locator("button").count(), 1)
        for action in footer.locator("button, a").all_text_contents():
            self.assertNotIn("حذف", action)  # "Delete"
            self.assertNotIn("بديلة", action)  # "Convert to alias page"
            self.assertNotIn("نشر", action)  # "Publish"

        # The English source reads left to right in the Arabic admin.
        source = page.get_by_text(
            "If the Iraqi people invited us, we could not renounce.", exact=True
        )
        self.assertEqual(source.evaluate("e => getComputedStyle(e).unicodeBidi"), "plaintext")

        for index in range(2):
            page.locator(".js-translation-editor section li button").nth(index).click()
            editor = page.locator(".js-translation-editor textarea").first
            # The title, then the quote: a long one, with an address no line can break.
            long = " ".join([f"ترجمة رقم {index}"] * 12 + ["https://example.org/" + "x" * 200])
            editor.fill(long if index else f"ترجمة رقم {index}")
            page.get_by_role("button", name="حفظ", exact=True).click()  # "Save"
            editor.wait_for(state="detached")
            page.wait_for_timeout(300)
            self.assertEqual(page.evaluate(SIDEWAYS), NOT_SIDEWAYS)

        main.click()
        page.wait_for_url(re.compile(rf"/admin/pages/{self.translated.pk}/edit/$"))
        page.get_by_text("Moderators approval").first.wait_for()
        self.assertTrue(Page.objects.get(pk=self.translated.pk).workflow_in_progress)
        self.assertEqual(errors, [])

    def test_the_editor_stays_in_place_after_saving_narrow_and_wide_rtl_and_ltr(self):
        """Issue 19, point 8 ("after saving, the editor shifts sideways, its left edge cut
        off"): in an Arabic and an English admin, on a phone's width and a desktop's, saving a
        long translation and then "Ready for review" leave the page where it was."""
        translator = get_user_model().objects.get(username="translator")
        for language, width in (("ar", 360), ("en", 360), ("en", 1280)):  # ar 1280: above
            with self.subTest(language=language, width=width):
                profile = UserProfile.get_for_user(translator)
                profile.preferred_language = language
                profile.save()
                self.context.clear_cookies()
                page = self.page
                page.set_viewport_size({"width": width, "height": 800})
                self.open_editor()
                page.locator(".js-translation-editor section li button").nth(1).click()  # the quote
                editor = page.locator(".js-translation-editor textarea").first
                editor.fill(" ".join(["ترجمة طويلة"] * 12 + ["https://example.org/" + "x" * 200]))
                editor.press("End")
                page.get_by_role("button", name=re.compile(r"^(Save|حفظ)$")).click()
                editor.wait_for(state="detached")
                page.wait_for_timeout(300)
                self.assertEqual(page.evaluate(SIDEWAYS), NOT_SIDEWAYS)
                with page.expect_navigation():
                    page.locator(".icssi-translation-footer button").click()
                page.locator(".js-translation-editor section li").first.wait_for()
                self.assertEqual(page.evaluate(SIDEWAYS), NOT_SIDEWAYS)
