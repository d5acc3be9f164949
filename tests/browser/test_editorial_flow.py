"""The editorial flow of issue 19 in a real browser, as three people in three sessions:

1. an editor (Editors group) writes a call to action, an activity with two organisers, two
   themes and the Baghdad time zone, and a testimonial with photo consent, then submits them
   for translation into Arabic;
2. a translator (Translators group) translates the strings and marks each translation ready
   for review;
3. a moderator (Moderators group) reviews the translations and publishes everything;

then a visitor reads the Arabic pages, which show the activity at 10:00 Baghdad time.

No console error and no 4xx or 5xx response is allowed on the way, autosave's included (issue 19,
point 4): the editor clicks "Save draft" right after the last change, as people do, while an
autosave may be under way, and leaves a new page before giving it a title (a date typed with a
pause is in test_page_editor_autosave.py). Each step is photographed:
into ``docs/images/`` with ``ICSSI_DOCS_SCREENSHOTS=1`` (``make docs-screenshots``; the images
of docs/editors.md and docs/translators.md), else into ``ICSSI_SCREENSHOTS_DIR`` or a
temporary directory. How long each person's part took in the browser is printed and saved
beside the screenshots as ``editorial_flow_timings.json``.
"""

import json
import os
import re
import time
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import override_settings
from wagtail.models import Page

from ..localize import arabic, translate
from ..utils import make_organisation, make_theme
from .content import make_image
from .support import BrowserTestCase

PASSWORD = "a long password for the flow"
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "images"
WIDTH, HEIGHT = 1280, 800
# A person's pause between two actions, longer than Wagtail's autosave interval (0.5 s).
PAUSE = 1_000
# How long a step may take on a loaded machine (creating translations costs ~1,000 queries).
SLOW = 30_000
FILE_STORAGE = "django.core.files.storage.FileSystemStorage"

ACTIVITY = "Water and war: Iraqi rivers"
TESTIMONIAL = "Quazi Baby in Baghdad"
CALL = "Basra 2025"
THEMES = ["Water and armed conflicts", "Women's rights"]
# What the translator types, string by string (the English text, then the Arabic).
ARABIC = {
    CALL: "البصرة 2025",
    "Join Iraqi activists at the Iraqi Social Forum!": (
        "انضموا إلى الناشطين العراقيين في المنتدى الاجتماعي العراقي!"
    ),
    ACTIVITY: "الماء والحرب: أنهار العراق",
    "A workshop on the Tigris and the Euphrates.": "ورشة عمل حول دجلة والفرات.",
    TESTIMONIAL: "قاضي بيبي في بغداد",
    "If the Iraqi people ask for solidarity, we cannot refuse.": (
        "إذا طلب الشعب العراقي التضامن فلا يمكننا الرفض."
    ),
}


# Wagtail's editor notes a form's initial state 2 seconds after it loads, and autosaves changes
# made after that: a person is never that quick, a test waits for it (``add_child``).
WATCH_EDITS = """document.addEventListener("w-unsaved:watch-edits", () => {
    window.icssiWatchingEdits = true;
});"""


def named(label):
    """An accessible name that starts with ``label``, then maybe "*" (required) or more text."""
    return re.compile(rf"^{re.escape(label)}(\*|\s|$)")


def ensure_moderation_workflow():
    """Wagtail's "Moderators approval" workflow on the root page, asking the Moderators group,
    as Wagtail's migrations make it (a live server test empties the database after itself)."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    workflow, _created = Workflow.objects.get_or_create(name="Moderators approval")
    task, _created = GroupApprovalTask.objects.get_or_create(name="Moderators approval")
    task.groups.set([Group.objects.get(name="Moderators")])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )


# Offline machines cannot reach Gravatar or Wagtail's release feed: their failed requests would
# be console errors that say nothing about the app.
@override_settings(WAGTAIL_GRAVATAR_PROVIDER_URL=None, WAGTAIL_ENABLE_UPDATE_CHECK=False)
class EditorialFlowTests(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def screenshots_directory(self, tmp_path):
        self.tmp_path = tmp_path
        if os.environ.get("ICSSI_DOCS_SCREENSHOTS"):
            self.directory, self.for_docs = DOCS_IMAGES, True
        else:
            directory = os.environ.get("ICSSI_SCREENSHOTS_DIR") or tmp_path / "screenshots"
            self.directory, self.for_docs = Path(directory), False
        self.directory.mkdir(parents=True, exist_ok=True)
        # The live server serves uploads from MEDIA_ROOT: the test settings keep them in memory.
        storages = {**settings.STORAGES, "default": {"BACKEND": FILE_STORAGE}}
        with override_settings(STORAGES=storages, MEDIA_ROOT=str(tmp_path / "media")):
            yield

    def setUp(self):
        super().setUp()
        locale = arabic()
        call_command("icssi_groups", stdout=StringIO())
        call_command("icssi_translators_group", stdout=StringIO())
        ensure_moderation_workflow()
        users = get_user_model().objects
        for name, group in (
            ("editor", "Editors"),
            ("translator", "Translators"),
            ("moderator", "Moderators"),
        ):
            user = users.create_user(name, f"{name}@example.org", PASSWORD, first_name=name)
            user.groups.add(Group.objects.get(name=group))
        water = make_theme("Water and armed conflicts", slug="water", sort_order=1)
        women = make_theme("Women's rights", slug="women", sort_order=2)
        make_theme("Football against violence", slug="football", sort_order=3)
        translate(water, locale, {"Water and armed conflicts": "المياه والنزاعات المسلحة"})
        translate(women, locale, {"Women's rights": "حقوق المرأة"})
        make_organisation("Iraqi Social Forum", acronym="ISF")
        make_image("Quazi Baby, portrait")
        self.page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        self.context.add_init_script(WATCH_EDITS)
        self.context.set_default_timeout(SLOW)
        from playwright.sync_api import expect

        expect.set_options(timeout=SLOW)
        self.addCleanup(expect.set_options, timeout=5_000)  # Playwright's default
        self.problems = []
        self.watch(self.page)
        self.timings = {}

    # Tools ------------------------------------------------------------------------------------

    def watch(self, page):
        """Record console errors, uncaught exceptions and every 4xx or 5xx response."""

        def console(message):
            # A failed request is also recorded by response() below, with its body.
            if message.type == "error" and not message.text.startswith("Failed to load resource"):
                self.problems.append(f"console error on {page.url}: {message.text}")

        def response(answer):
            if answer.status >= 400:
                try:  # an autosave's answer says why: {"error_code": "invalid_revision", ...}
                    body = answer.text()[:500]
                except Exception:  # the page has moved on since
                    body = "(body no longer readable)"
                self.problems.append(f"{answer.status} {answer.request.method} {answer.url} {body}")

        page.on("console", console)
        page.on("pageerror", lambda error: self.problems.append(f"{page.url}: {error}"))
        page.on("response", response)

    def shot(self, name, locator=None, page=None):
        """Photograph the window (or ``locator``) as ``<name>.png``."""
        path = self.directory / f"{name}.png"
        (locator or page or self.page).screenshot(path=str(path))
        if self.for_docs:
            optimise(path)
        return path

    def log_in(self, username):
        page = self.page
        self.context.clear_cookies()
        page.goto("/admin/login/")
        page.locator("#id_username").fill(username)
        page.locator("#id_password").fill(PASSWORD)
        page.locator("form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/admin/$"))

    def add_child(self, parent, model):
        self.page.goto(f"/admin/pages/add/icssi_wagtail/{model}/{parent.pk}/")
        self.page.wait_for_function("window.icssiWatchingEdits === true")

    def type_title(self, title):
        """Type the title as a person does: Wagtail fills the slug in from its keystrokes."""
        from playwright.sync_api import expect

        self.page.get_by_role("textbox", name=named("Title")).press_sequentially(title, delay=20)
        self.page.keyboard.press("Tab")
        expect(self.page.locator("#id_slug")).not_to_have_value("")

    def save_draft(self):
        """Save the page as a draft from the footer right after the last change, as people do:
        while an autosave of that change is under way, or about to leave."""
        from playwright.sync_api import expect

        page = self.page
        page.get_by_role("button", name="Save draft").click()
        expect(
            page.get_by_text(re.compile(r"Page '.*' (has been updated|created)"))
        ).to_be_visible()
        pk = re.search(r"/admin/pages/(\d+)/edit/", page.url).group(1)
        return Page.objects.get(pk=pk).specific

    def check(self):
        self.assertEqual(self.problems, [], "\n".join(self.problems))

    # The editor -------------------------------------------------------------------------------

    def editor_abandons_a_page_without_a_title(self):
        """Start a call to action, type for longer than autosave waits, and leave
        before giving it a title: no autosave error, and no draft left behind."""
        from wagtail.models import Site

        page = self.page
        home = Site.objects.get(is_default_site=True).root_page
        pages = Page.objects.count()
        self.add_child(home, "calltoactionpage")
        page.get_by_role("textbox", name=named("Headline")).fill("Not sure yet")
        page.get_by_role("tab", name="Event").click()
        page.get_by_role("textbox", name=named("City")).fill("Basra")
        page.wait_for_timeout(3 * PAUSE)
        # Nothing sent, so nothing paused: the indicator never left its first state.
        state = page.locator("#w-autosave-indicator").get_attribute("data-w-autosave-state-value")
        self.assertIn(state, (None, "idle"))
        page.goto("/admin/")
        self.assertEqual(Page.objects.count(), pages)

    def editor_writes_the_call_to_action(self):
        from wagtail.models import Site

        page = self.page
        home = Site.objects.get(is_default_site=True).root_page
        self.add_child(home, "calltoactionpage")
        self.type_title(CALL)
        page.get_by_role("textbox", name=named("Headline")).fill(
            "Join Iraqi activists at the Iraqi Social Forum!"
        )
        page.get_by_role("tab", name="Event").click()
        page.get_by_role("textbox", name=named("Event name")).fill("Iraqi Social Forum 2025")
        page.get_by_role("textbox", name=named("Start date")).fill("2025-03-24")
        page.keyboard.press("Escape")
        page.get_by_role("combobox", name=named("Time zone")).select_option("Asia/Baghdad")
        page.get_by_role("textbox", name=named("City")).fill("Basra")
        self.shot("editor_call_to_action")
        return self.save_draft()

    def editor_adds_an_index(self, parent, model, title):
        self.add_child(parent, model)
        self.type_title(title)
        return self.save_draft()

    def add_organiser(self):
        """Add an organiser's row and open its chooser, at a person's pace: autosave sends
        the form with the new row still empty."""
        page = self.page
        page.get_by_role("button", name="Add organiser").click()
        page.wait_for_timeout(PAUSE)
        page.get_by_role("button", name=re.compile(r"^Choose (an )?organisation")).last.click()

    def editor_writes_the_activity(self, index):
        from playwright.sync_api import expect

        page = self.page
        self.add_child(index, "activitypage")
        self.type_title(ACTIVITY)
        page.get_by_role("textbox", name=named("Summary")).fill(
            "A workshop on the Tigris and the Euphrates."
        )
        for theme in THEMES:
            page.get_by_role("checkbox", name=theme).check()
        self.shot("editor_activity_themes")

        # The first organiser exists; the second is created from the chooser.
        self.add_organiser()
        chooser = page.get_by_role("dialog")
        chooser.get_by_role("link", name="Iraqi Social Forum").click()
        expect(chooser).to_be_hidden()
        self.add_organiser()
        chooser = page.get_by_role("dialog")
        chooser.get_by_role("tab", name="Create an organisation").click()
        chooser.get_by_role("textbox", name=named("Name")).fill("Tammuz")
        self.shot("editor_create_organisation")
        chooser.get_by_role("button", name="Create").click()
        expect(chooser).to_be_hidden()
        self.shot("editor_activity_organisers")

        page.get_by_role("tab", name="Date and place").click()
        page.get_by_role("textbox", name=named("Start date")).fill("2025-03-24")
        page.keyboard.press("Escape")
        page.get_by_role("textbox", name=named("Start time")).fill("10:00")
        page.keyboard.press("Escape")
        page.get_by_role("textbox", name=named("End time")).fill("12:00")
        page.keyboard.press("Escape")
        page.get_by_role("combobox", name=named("Time zone")).select_option("Asia/Baghdad")
        page.get_by_role("combobox", name=named("Attendance")).select_option("in_person")
        page.get_by_role("textbox", name=named("City")).fill("Basra")
        self.shot("editor_activity_time_zone")
        return self.save_draft()

    def editor_writes_the_testimonial(self, index):
        from playwright.sync_api import expect

        page = self.page
        self.add_child(index, "testimonialpage")
        self.type_title(TESTIMONIAL)
        page.get_by_role("textbox", name=named("Pull quote")).fill(
            "If the Iraqi people ask for solidarity, we cannot refuse."
        )
        page.get_by_role("tab", name="Person").click()
        page.get_by_role("textbox", name=named("Name")).fill("Quazi Baby")
        page.get_by_role("button", name=re.compile(r"^Choose an image")).click()
        chooser = page.get_by_role("dialog")
        chooser.get_by_role("link", name="Quazi Baby, portrait").click()
        expect(chooser).to_be_hidden()
        page.get_by_role("checkbox", name=named("Consent to publish the photo recorded")).check()
        page.get_by_role("textbox", name=named("Consent given on")).fill("2025-01-15")
        page.keyboard.press("Escape")
        self.shot("editor_testimonial_consent")
        return self.save_draft()

    def editor_submits_for_translation(self, call):
        from playwright.sync_api import expect

        page = self.page
        page.goto(f"/admin/pages/{call.pk}/edit/")
        page.get_by_role("button", name="Actions", exact=True).click()
        page.get_by_role("link", name="Translate this page").click()
        page.get_by_role("checkbox", name=re.compile("Arabic")).check()
        page.get_by_role("checkbox", name=re.compile("Include subtree|child pages")).check()
        self.shot("editor_translate")
        page.get_by_role("button", name="Submit").click()
        expect(page.get_by_text(re.compile("successfully submitted"))).to_be_visible()

    # The translator ---------------------------------------------------------------------------

    def translator_translates(self, page, strings, shot=None):
        """Translate ``strings`` of the Arabic ``page`` and mark the translation ready."""
        from playwright.sync_api import expect

        browser = self.page
        browser.goto(f"/admin/pages/{page.pk}/edit/")
        editor = browser.locator(".js-translation-editor")
        editor.locator("section li").first.wait_for()
        for source in strings:
            row = editor.locator("section li").filter(has_text=source).first
            row.get_by_role("button", name="Translate").click()
            row.locator("textarea").fill(ARABIC[source])
            if shot and source == strings[-1]:
                self.shot(shot)
            row.get_by_role("button", name="Save").click()
            expect(row.locator("textarea")).to_have_count(0)
        footer = browser.locator(".icssi-translation-footer")
        if shot:
            self.shot(f"{shot}_ready", footer)
        footer.get_by_role("button", name="Ready for review").click()
        expect(
            browser.get_by_text(re.compile("submitted to “Moderators approval”"))
        ).to_be_visible()

    # The moderator ----------------------------------------------------------------------------

    def moderator_approves(self, page, shot=None):
        from playwright.sync_api import expect

        browser = self.page
        browser.goto(f"/admin/pages/{page.pk}/edit/")
        review = browser.locator(".icssi-review-translation")
        if shot:
            self.shot(shot)
        review.get_by_role("button", name="Approve", exact=True).click()
        browser.wait_for_load_state()
        expect(review).to_have_count(0)

    def moderator_publishes_with_subpages(self, parent, page):
        """Publish ``page`` and the pages under it from the page listing of ``parent``."""
        from playwright.sync_api import expect

        browser = self.page
        browser.goto(f"/admin/pages/{parent.pk}/")
        row = browser.locator("tr").filter(
            has=browser.locator(f"a[href$='/admin/pages/{page.pk}/edit/']")
        )
        row.get_by_role("checkbox").check()
        browser.get_by_role("link", name="Publish selected pages", exact=True).click()
        browser.get_by_role("checkbox", name=re.compile("descendant|subpage|child", re.I)).check()
        browser.get_by_role("button", name=re.compile("^Yes, publish")).click()
        expect(browser.get_by_text(re.compile("published"))).to_be_visible()

    # The visitor ------------------------------------------------------------------------------

    def visitor_reads_the_arabic_pages(self, ar, zone):
        """Open the Arabic activity as a visitor whose browser is in ``zone``; return the
        text of its date and of the note giving the visitor's own time (empty if none)."""
        context = self.browser.new_context(
            base_url=self.live_server_url, timezone_id=zone, locale="ar"
        )
        self.addCleanup(context.close)
        # The test site's layout names no icon, so browsers ask for /favicon.ico: a host's
        # concern, not the app's.
        context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        visitor = context.new_page()
        visitor.set_viewport_size({"width": WIDTH, "height": HEIGHT})
        self.watch(visitor)
        for page in (ar["call"], ar["testimonial"], ar["activity"]):
            response = visitor.goto(Page.objects.get(pk=page.pk).url)
            self.assertEqual(response.status, 200, page.url)
            self.assertEqual(visitor.locator("html").get_attribute("dir"), "rtl")
        main = visitor.locator("main")
        # The activity's own date (the listing of related activities shows other notes).
        when = main.locator(".icssi-page .icssi-event-dates").first
        self.assertEqual(
            when.locator("time").first.get_attribute("datetime"), "2025-03-24T10:00:00+03:00"
        )
        note = main.locator(".icssi-page .icssi-your-time")
        return when.inner_text(), (note.first.inner_text() if note.count() else ""), visitor

    # The test ---------------------------------------------------------------------------------

    def test_editor_translator_and_moderator(self):
        try:
            self.flow()
        except BaseException:
            failures = self.directory if not self.for_docs else self.tmp_path
            self.page.screenshot(path=str(failures / "editorial_flow_failure.png"))
            print("Seen on the way:", *self.problems, sep="\n")
            print(f"Seconds in the browser until then: {self.timings}")
            raise

    def flow(self):
        start = time.monotonic()
        self.log_in("editor")
        self.shot("editor_dashboard")
        self.editor_abandons_a_page_without_a_title()
        call = self.editor_writes_the_call_to_action()
        activities = self.editor_adds_an_index(call, "activityindexpage", "Activities")
        testimonials = self.editor_adds_an_index(call, "testimonialindexpage", "Testimonials")
        activity = self.editor_writes_the_activity(activities)
        testimonial = self.editor_writes_the_testimonial(testimonials)
        self.editor_submits_for_translation(call)
        self.timings["editor"] = round(time.monotonic() - start, 1)

        locale = arabic()
        ar = {
            name: page.get_translation(locale)
            for name, page in (("call", call), ("activity", activity), ("testimonial", testimonial))
        }
        start = time.monotonic()
        self.log_in("translator")
        self.translator_translates(
            ar["activity"],
            [ACTIVITY, "A workshop on the Tigris and the Euphrates."],
            shot="translator_activity",
        )
        self.translator_translates(
            ar["call"], [CALL, "Join Iraqi activists at the Iraqi Social Forum!"]
        )
        self.translator_translates(
            ar["testimonial"],
            [TESTIMONIAL, "If the Iraqi people ask for solidarity, we cannot refuse."],
        )
        self.timings["translator"] = round(time.monotonic() - start, 1)

        start = time.monotonic()
        self.log_in("moderator")
        self.shot("moderator_dashboard")
        self.moderator_approves(ar["activity"], shot="moderator_review")
        self.moderator_approves(ar["call"])
        self.moderator_approves(ar["testimonial"])
        self.moderator_publishes_with_subpages(call.get_parent(), call)
        self.moderator_publishes_with_subpages(ar["call"].get_parent(), ar["call"])
        self.timings["moderator"] = round(time.monotonic() - start, 1)

        self.assert_published(call, activity, testimonial, ar)
        when, note, visitor = self.visitor_reads_the_arabic_pages(ar, "Asia/Baghdad")
        self.shot("visitor_activity_ar", page=visitor)
        self.assertIn("10:00", when)  # 10:00 in Baghdad, as the editor entered it
        self.assertIn("12:00", when)
        self.assertIn("مارس 2025", when)  # 24 March 2025
        self.assertEqual(note, "")  # a visitor in Baghdad needs no conversion
        when, note, _visitor = self.visitor_reads_the_arabic_pages(ar, "Europe/London")
        self.assertIn("10:00", when)
        self.assertIn("بتوقيتك", note)  # "your time": 07:00 in London on 24 March 2025
        self.assertRegex(note, r"(^|\D)0?7:00")
        self.check()
        self.report()

    def assert_published(self, call, activity, testimonial, ar):
        """What the three people made, as the database has it."""
        activity = Page.objects.get(pk=activity.pk).specific
        self.assertTrue(activity.live)
        self.assertEqual(activity.time_zone, "Asia/Baghdad")
        self.assertEqual(
            [str(o.organisation) for o in activity.organisers.all()],
            ["Iraqi Social Forum (ISF)", "Tammuz"],
        )
        self.assertEqual(sorted(t.name for t in activity.themes.all()), sorted(THEMES))
        testimonial = Page.objects.get(pk=testimonial.pk).specific
        self.assertTrue(testimonial.photo_consent)
        self.assertIsNotNone(testimonial.photo)
        for page in (call, *ar.values()):
            self.assertTrue(Page.objects.get(pk=page.pk).live, page)
        self.assertEqual(Page.objects.get(pk=ar["activity"].pk).title, ARABIC[ACTIVITY])

    def report(self):
        print(f"\nEditorial flow, seconds in the browser: {self.timings}")
        if not self.for_docs:
            (self.directory / "editorial_flow_timings.json").write_text(
                json.dumps(self.timings, indent=2) + "\n"
            )


def optimise(path):
    """A smaller PNG for the docs: 256 colours, compressed."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    small.save(path, optimize=True)
