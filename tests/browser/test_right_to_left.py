"""Arabic pages read right to left; a screenshot is saved for a person to look at."""

import os
import tempfile

from wagtail.models import Locale

from ..utils import make_call_to_action, make_theme
from .support import BrowserTestCase

SCREENSHOTS = os.environ.get(
    "ICSSI_SCREENSHOTS", os.path.join(tempfile.gettempdir(), "icssi-screenshots")
)


class RightToLeftTests(BrowserTestCase):
    def test_arabic_call_to_action_renders_right_to_left(self):
        arabic = Locale.objects.get_or_create(language_code="ar")[0]
        water = make_theme("Water and armed conflicts", slug="water")
        call = make_call_to_action(
            locale=arabic,
            title="انضموا إلى الناشطين العراقيين في المنتدى الاجتماعي العالمي!",
            headline="انضموا إلى الناشطين العراقيين في المنتدى الاجتماعي العالمي!",
            event_name="المنتدى الاجتماعي العالمي 2015",
            themes=[water],
        )

        page = self.page
        page.goto(self.live_server_url + call.url)
        html = page.locator("html")
        self.assertEqual(html.get_attribute("dir"), "rtl")
        self.assertEqual(html.get_attribute("lang"), "ar")
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
