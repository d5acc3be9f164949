"""An editor creates and publishes a call to action in the Wagtail admin, in a real browser."""

import re

from django.contrib.auth import get_user_model

from icssi_wagtail.models import CallToActionPage

from ..utils import make_testimonial, make_testimonial_index
from .support import BrowserTestCase

USERNAME, PASSWORD = "editor", "a long editor password"


def named(label):
    """An accessible name that starts with ``label``, then maybe "*" (required) or more text."""
    return re.compile(rf"^{re.escape(label)}(\*|\s|$)")


class AdminFlowTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        get_user_model().objects.create_superuser(USERNAME, "editor@example.org", PASSWORD)
        testimonials = make_testimonial_index(title="Testimonials")
        make_testimonial(testimonials, title="Someone else", quote="Another account.")
        self.testimonial = make_testimonial(
            testimonials,
            title="Quazi Baby in Baghdad",
            quote="If the Iraqi people ask for solidarity, we cannot refuse.",
        )

    def log_in(self):
        page = self.page
        page.goto("/admin/login/")
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(r"/admin/$"))

    def add_call_to_action_under_the_site_root(self):
        page = self.page
        page.get_by_role("button", name="Pages", exact=True).click()
        explorer = page.get_by_role("dialog", name="Page explorer")
        # Wagtail 8 names the link with the page's language too ("... ENGLISH").
        # Other languages' roots (an Arabic alias made by the group commands) are listed too.
        welcome = re.compile(r"^Welcome to your new Wagtail site!(?!.*arabic)", re.IGNORECASE)
        explorer.get_by_role("link", name=welcome).first.click()
        page.get_by_role("link", name="Add child page").click()
        page.get_by_role("link", name="Call to action", exact=True).click()
        page.wait_for_url(re.compile(r"/admin/pages/add/icssi_wagtail/calltoactionpage/\d+/$"))

    def insert_block(self, block_type):
        """Add a block at the end of the body; returns its panel."""
        page = self.page
        page.get_by_role("button", name="Insert a block").last.click()
        page.get_by_role("option", name=block_type, exact=True).click()
        block = page.get_by_role("region", name=named(block_type)).last
        block.wait_for()
        return block

    def publish(self, title):
        """Publish from the footer; on a validation error, fail naming the fields and messages."""
        from playwright.sync_api import expect

        page = self.page
        # Wagtail autosaves a new page as a draft half a second after a change and then edits it;
        # a Publish sent to the "add" address while that first autosave is on its way creates a
        # second page (rejected: "slug already in use"). An editor sees "Saved": so does the test.
        page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/(#.*)?$"))
        expect(page.locator("#w-autosave-indicator")).to_have_attribute(
            "data-w-autosave-state-value", "saved"
        )
        page.get_by_role("button", name="More actions").click()
        page.get_by_role("button", name="Publish", exact=True).click()
        published = page.get_by_text(re.compile(rf"Page '.*{re.escape(title)}.*' .*published"))
        invalid = page.get_by_text("could not be created due to validation errors")
        expect(published.or_(invalid)).to_be_visible()
        if invalid.is_visible():
            errors = page.evaluate(
                """() => [...document.querySelectorAll('.error-message, .help-critical')].map(
                    (e) => {
                        const field = e.closest('[data-contentpath]');
                        const path = field ? field.dataset.contentpath + ': ' : '';
                        return path + e.textContent.trim();
                    })"""
            )
            self.fail(f"The page was not published; the admin reported: {errors}")

    def test_editor_publishes_a_call_to_action_with_blocks(self):
        from playwright.sync_api import expect

        page = self.page
        self.log_in()
        self.add_call_to_action_under_the_site_root()

        # Content tab
        expect(page.get_by_role("tab", name="Content")).to_have_attribute("aria-selected", "true")
        page.get_by_role("textbox", name=named("Title")).fill("Tunis 2015")
        page.get_by_role("textbox", name=named("Headline")).fill(
            "Join Iraqi activists at the World Social Forum!"
        )

        call = self.insert_block("Call to action")
        call.get_by_role("textbox", name=named("heading")).fill(
            "Meet the Iraqi delegation in Tunis"
        )
        call.locator("[contenteditable=true]").click()
        page.keyboard.type("Anyone endorsing the WSF charter can take part.")
        button = call.get_by_role("region", name=named("button"))
        button.get_by_role("textbox", name=named("label")).fill("Register on the WSF site")
        button.get_by_role("textbox", name=named("external address")).fill("https://fsm2015.org/en")

        statistic = self.insert_block("Statistic")
        statistic.get_by_role("textbox", name=named("figure")).fill("30,000+")
        statistic.get_by_role("textbox", name=named("label")).fill(
            "people at the opening march in 2013"
        )

        testimonial = self.insert_block("Testimonial")
        testimonial.get_by_role("button", name=re.compile(r"^Choose a page")).click()
        chooser = page.get_by_role("dialog").filter(has_text="Choose")
        chooser.get_by_role("link", name="Quazi Baby in Baghdad", exact=True).click()
        expect(chooser).to_be_hidden()
        expect(testimonial).to_contain_text("Quazi Baby in Baghdad")

        # Event tab
        page.get_by_role("tab", name="Event").click()
        page.get_by_role("textbox", name=named("Event name")).fill("World Social Forum 2015")
        page.get_by_role("textbox", name=named("Start date")).fill("2025-03-24")
        page.keyboard.press("Escape")  # closes the date picker
        page.get_by_role("combobox", name=named("Time zone")).select_option("Africa/Tunis")
        page.get_by_role("textbox", name=named("City")).fill("Tunis")

        # Action tab
        page.get_by_role("tab", name="Action").click()
        page.get_by_role("textbox", name=named("Registration address")).fill(
            "https://fsm2015.org/en/register"
        )

        # The slug is filled from the title by JavaScript; under load it may lag, so set it.
        page.get_by_role("tab", name="Promote").click()
        page.get_by_role("textbox", name=named("Slug")).fill("tunis-2015")

        self.publish(title="Tunis 2015")

        created = CallToActionPage.objects.get(title="Tunis 2015")
        self.assertTrue(created.live)
        self.assertEqual(created.get_parent().specific_class.__name__, "Page")

        # What a visitor sees
        page.goto(created.url)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Join Iraqi activists at the World Social Forum!"
        )
        expect(page.locator("main")).to_contain_text("World Social Forum 2015")
        expect(page.locator("main time").first).to_have_attribute("datetime", "2025-03-24")
        stream = page.locator(".icssi-stream")
        expect(
            stream.get_by_role("heading", name="Meet the Iraqi delegation in Tunis")
        ).to_be_visible()
        expect(stream).to_contain_text("Anyone endorsing the WSF charter can take part.")
        expect(stream.get_by_role("link", name="Register on the WSF site")).to_have_attribute(
            "href", "https://fsm2015.org/en"
        )
        expect(stream.get_by_text("30,000+", exact=True)).to_be_visible()
        expect(stream).to_contain_text("people at the opening march in 2013")
        expect(stream.get_by_role("blockquote")).to_have_text(
            "If the Iraqi people ask for solidarity, we cannot refuse."
        )
        expect(stream).not_to_contain_text("Another account.")
        expect(stream.get_by_role("link", name="Read the full account")).to_have_attribute(
            "href", self.testimonial.url
        )
        expect(page.get_by_role("link", name="Register", exact=True)).to_have_attribute(
            "href", "https://fsm2015.org/en/register"
        )
