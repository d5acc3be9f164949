"""Every page type in English and in Arabic, at a phone's width and a desktop's: a screenshot of
each is saved for a person to look at (CI keeps them), and each must hold its layout and pass
axe with no violation at all.

Screenshots go to the directory named by ``ICSSI_SCREENSHOTS_DIR``, else to a directory under
pytest's temporary path.
"""

import datetime
import json
import os
from pathlib import Path

import pytest

from ..localize import arabic, translate
from ..utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    site_root,
)
from .content import make_image
from .support import BrowserTestCase
from .test_accessibility import axe_script, describe

WIDTHS = (375, 1280)
# The test site's home is Wagtail's own welcome page (wagtailcore/page.html), not a template
# of this app: it has no <main>. It is photographed, but axe checks only this app's pages.
NOT_OURS = {"home"}
LONG_TITLE = (
    "المسألة المائية والنزاعات المسلحة في العراق وسوريا وتركيا: لقاء موازٍ للمنتدى الاجتماعي "
    "العالمي الموسّع في البصرة والأهوار الجنوبية"
)
ARABIC = {
    "The water question and armed conflicts in Iraq, Syria and Turkey": LONG_TITLE,
    "Water and armed conflicts": "المياه والنزاعات المسلحة",
    "Football against violence": "كرة القدم ضد العنف",
}


def arabic_text(text):
    return ARABIC.get(text, f"نص عربي: {text}")


def body(index, testimonial):
    no_link = {"page": None, "document": None}
    return [
        {"type": "paragraph", "value": "<p>In 2015 the World Social Forum meets in Tunis.</p>"},
        {
            "type": "call_to_action",
            "value": {
                "heading": "Register for the World Social Forum",
                "text": "<p>Anyone endorsing the charter may take part.</p>",
                "button": {"label": "Register on the WSF site", **no_link, "url": "https://x.org"},
            },
        },
        {"type": "theme_list", "value": {"heading": "Themes", "index": index.pk, "themes": []}},
        {
            "type": "activity_list",
            "value": {"heading": "Activities", "index": index.pk, "count": 4, "themes": []},
        },
        {"type": "testimonial", "value": {"page": testimonial.pk}},
    ]


def make_pages():
    """Publish one page of each type and its Arabic translation: {name: (English, Arabic)}."""
    water = make_theme("Water and armed conflicts", slug="water", description="Rivers and wars.")
    football = make_theme("Football against violence", slug="football")
    forum = make_organisation("Iraqi Social Forum", acronym="ISF")
    call = make_call_to_action(
        themes=[water, football],
        standfirst="About 45 Iraqi organisations take part in the forum in Tunis.",
        registration_closes=datetime.date(2025, 3, 28),  # open at tests.clock.NOW
    )
    index = make_activity_index(parent=call, title="Activities")
    kwargs = {"organisations": [forum], "languages": ["ar", "en"]}
    activities = [
        make_activity(
            index,
            title="The water question and armed conflicts in Iraq, Syria and Turkey",
            themes=[water, football],
            image=make_image("River"),
            time_zone="Asia/Baghdad",
            city="Basra",
            country="IQ",
            registration_url="https://example.org/register",
            **kwargs,
        ),
        make_activity(index, title="Football in Baghdad", themes=[football], **kwargs),
        make_activity(index, title="A short one", themes=[water], start_time=None, end_time=None),
    ]
    testimonials = make_testimonial_index(parent=call, title="Testimonials")
    testimonial = make_testimonial(testimonials, title="Quazi Baby in Baghdad", organisation=forum)
    call.body = json.dumps(body(index, testimonial))
    call.save_revision().publish()

    locale = arabic()
    pages = {"home": site_root()}
    pages.update(call_to_action=call, activity_index=index, activity=activities[0])
    pages.update(testimonial_index=testimonials, testimonial=testimonial)
    for theme in (water, football):
        translate(theme, locale, arabic_text)
    for page in (site_root(), call, index, *activities, testimonials, testimonial):
        translate(page, locale, arabic_text)
    return {name: (page.url, page.get_translation(locale).url) for name, page in pages.items()}


class ScreenshotTests(BrowserTestCase):
    @pytest.fixture(autouse=True)
    def screenshots_directory(self, tmp_path):
        directory = os.environ.get("ICSSI_SCREENSHOTS_DIR") or tmp_path / "screenshots"
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)

    def layout_problems(self):
        """Horizontal overflow, and cards of one row of unequal heights."""
        return self.page.evaluate(
            """() => {
              const problems = [];
              const root = document.documentElement;
              if (root.scrollWidth > root.clientWidth + 1) {
                problems.push(`page is ${root.scrollWidth}px wide in ${root.clientWidth}px`);
              }
              const rows = new Map();
              for (const card of document.querySelectorAll('.icssi-card-list .icssi-card')) {
                const box = card.getBoundingClientRect();
                const key = Math.round(box.top);
                rows.set(key, [...(rows.get(key) || []), Math.round(box.height)]);
              }
              for (const heights of rows.values()) {
                if (Math.max(...heights) - Math.min(...heights) > 1) {
                  problems.push(`cards of one row: ${heights.join(', ')}px`);
                }
              }
              return problems;
            }"""
        )

    def axe_violations(self, name, url):
        self.page.add_script_tag(path=axe_script())
        results = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [describe(name, url, violation) for violation in results["violations"]]

    def test_every_page_type_in_english_and_arabic(self):
        pages = make_pages()
        problems = []
        for name, urls in pages.items():
            for language, url in zip(("en", "ar"), urls, strict=True):
                for width in WIDTHS:
                    self.page.set_viewport_size({"width": width, "height": 900})
                    response = self.page.goto(self.live_server_url + url)
                    self.assertEqual(response.status, 200, url)
                    direction = self.page.locator("html").get_attribute("dir")
                    self.assertEqual(direction, "rtl" if language == "ar" else "ltr", url)
                    path = self.directory / f"{name}_{language}_{width}.png"
                    self.page.screenshot(path=str(path), full_page=True)
                    self.assertGreater(path.stat().st_size, 5_000, path)
                    problems += [f"{name} {language} {width}: {p}" for p in self.layout_problems()]
                if name not in NOT_OURS:
                    problems += self.axe_violations(f"{name} ({language})", url)
        self.assertEqual(problems, [], "\n".join(problems))

    def test_the_visitor_sees_their_own_time(self):
        pages = make_pages()
        context = self.browser.new_context(timezone_id="Europe/London")
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(self.live_server_url + pages["activity"][1])
        note = page.locator(".icssi-page .icssi-your-time").first
        # 10:00 in Baghdad (UTC+03:00) is 07:00 in London (GMT) on 24 March 2025.
        self.assertIn("بتوقيتك", note.text_content())
        self.assertRegex(note.text_content(), r"(^|\D)0?7:00")
        page.goto(self.live_server_url + pages["activity_index"][0])
        self.assertGreater(page.locator(".icssi-your-time").count(), 0)
        context = self.browser.new_context(timezone_id="Asia/Baghdad")
        self.addCleanup(context.close)
        page = context.new_page()
        page.goto(self.live_server_url + pages["activity"][0])
        page.wait_for_load_state("load")
        self.assertEqual(page.locator(".icssi-page .icssi-your-time").count(), 0)
