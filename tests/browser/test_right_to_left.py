"""Arabic pages read right to left; a screenshot is saved for a person to look at."""

import os
import tempfile

from ..localize import arabic, translate
from ..utils import make_call_to_action, make_theme
from .support import BrowserTestCase

ARABIC = {
    "Join Iraqi activists at the World Social Forum!": (
        "انضموا إلى الناشطين العراقيين في المنتدى الاجتماعي العالمي!"
    ),
    "World Social Forum 2015": "المنتدى الاجتماعي العالمي 2015",
    "Tunis": "تونس",
    "Water and armed conflicts": "المياه والنزاعات المسلحة",
}

SCREENSHOTS = os.environ.get(
    "ICSSI_SCREENSHOTS", os.path.join(tempfile.gettempdir(), "icssi-screenshots")
)


class RightToLeftTests(BrowserTestCase):
    def test_arabic_call_to_action_renders_right_to_left(self):
        water = make_theme("Water and armed conflicts", slug="water")
        call = make_call_to_action(
            title="Join Iraqi activists at the World Social Forum!", themes=[water]
        )
        # Translated as translators do, through wagtail-localize.
        translate(water, arabic(), ARABIC)
        translate(call, arabic(), ARABIC)

        page = self.page
        page.goto(self.live_server_url + call.url)
        self.assertEqual(page.locator("html").get_attribute("dir"), "ltr")
        # The visitor switches to Arabic.
        page.get_by_role("link", name="العربيّة").click()
        page.wait_for_url("**/ar/**")
        html = page.locator("html")
        self.assertEqual(html.get_attribute("dir"), "rtl")
        self.assertEqual(html.get_attribute("lang"), "ar")
        self.assertTrue(page.get_by_text(ARABIC["Water and armed conflicts"]).first.is_visible())
        heading = page.get_by_role("heading", level=1)
        self.assertEqual(heading.evaluate("el => getComputedStyle(el).direction"), "rtl")
        # Right to left: the heading's text starts at the right edge of the page.
        box = heading.bounding_box()
        width = page.evaluate("document.documentElement.clientWidth")
        self.assertGreater(box["x"] + box["width"], width * 0.6)
        os.makedirs(SCREENSHOTS, exist_ok=True)
        path = os.path.join(SCREENSHOTS, "call_to_action_ar.png")
        page.screenshot(path=path, full_page=True)
        self.assertGreater(os.path.getsize(path), 10_000)
