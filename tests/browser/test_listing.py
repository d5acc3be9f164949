"""A visitor filters the activity listing by theme and pages through the results."""

import datetime
import re

from ..utils import make_activity, make_activity_index, make_theme
from .support import BrowserTestCase


class ListingTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        water = make_theme("Water and armed conflicts", slug="water")
        football = make_theme("Football against violence", slug="football")
        self.index = make_activity_index(title="Activities at the forum")
        start = datetime.date(2025, 3, 24)
        for number in range(1, 26):  # 13 about water, 12 about football, in date order
            theme = water if number % 2 else football
            make_activity(
                self.index,
                title=f"{'Water' if theme is water else 'Football'} activity {number:02}",
                themes=[theme],
                start_date=start + datetime.timedelta(days=number),
            )

    def card_titles(self):
        return self.page.locator(".icssi-results .icssi-card__title").all_inner_texts()

    def results_heading(self):
        return self.page.get_by_role("heading", level=2, name=re.compile(r"^\d+ activit"))

    def test_filter_by_theme_then_go_to_the_next_page(self):
        from playwright.sync_api import expect

        page = self.page
        page.goto(self.index.url + "?per_page=5")
        expect(page.get_by_role("heading", level=1)).to_have_text("Activities at the forum")
        expect(self.results_heading()).to_have_text("25 activities")
        self.assertEqual(len(self.card_titles()), 5)

        water = page.get_by_role("checkbox", name="Water and armed conflicts")
        expect(water).not_to_be_checked()
        water.check()
        page.get_by_role("button", name="Apply filters").click()

        page.wait_for_url(re.compile(r"[?&]theme=water"))
        expect(self.results_heading()).to_have_text("13 activities")
        first_page = self.card_titles()
        self.assertEqual(first_page, [f"Water activity {number:02}" for number in (1, 3, 5, 7, 9)])
        expect(page.get_by_role("checkbox", name="Water and armed conflicts")).to_be_checked()
        expect(page.get_by_role("checkbox", name="Football against violence")).not_to_be_checked()
        self.assertNotIn("Football activity", page.locator(".icssi-results").inner_text())

        pagination = page.get_by_role("navigation", name="Pages of activities")
        expect(pagination.get_by_role("link", name="Previous page")).to_have_count(0)
        pagination.get_by_role("link", name="Next page").click()

        page.wait_for_url(re.compile(r"[?&]page=2"))
        self.assertRegex(page.url, r"[?&]theme=water(&|$)")
        self.assertRegex(page.url, r"[?&]per_page=5(&|$)")
        expect(self.results_heading()).to_have_text("13 activities")
        self.assertEqual(
            self.card_titles(), [f"Water activity {number:02}" for number in (11, 13, 15, 17, 19)]
        )
        self.assertNotIn("Football activity", page.locator(".icssi-results").inner_text())
        expect(page.get_by_role("checkbox", name="Water and armed conflicts")).to_be_checked()
        expect(pagination.get_by_role("link", name="Page 2")).to_have_attribute(
            "aria-current", "page"
        )
        expect(pagination.get_by_role("link", name="Previous page")).to_be_visible()
        expect(pagination.get_by_role("link", name="Next page")).to_be_visible()
