"""The README's embed snippet, pasted into a plain HTML file, on the demo's content."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from .support import BrowserTestCase
from .test_embed import PartnerSite

# The snippet README.md proposes, with the demo's address in place of 127.0.0.1:8000. No
# <meta charset>, and served as text/html without a charset: the page is read as windows-1252.
README_SNIPPET = """\
<div data-icssi-activities data-api="http://127.0.0.1:8000/api/v2/" data-lang="en"
     data-when="all"></div>
<div data-icssi-activities data-api="http://127.0.0.1:8000/api/v2/" data-lang="ar"
     data-when="all"></div>
<script src="http://127.0.0.1:8000/static/icssi_wagtail/activities_embed.js" defer></script>
"""


@override_settings(CORS_ALLOWED_ORIGIN_REGEXES=[r"^http://127\.0\.0\.1:\d+$"])
class ReadmeSnippetTests(BrowserTestCase):
    def setUp(self):
        super().setUp()
        call_command("load_icssi_demo", stdout=StringIO())
        # Make the cards' renditions now: the two lists ask at the same moment for the same
        # images, and the live server's threads share one in-memory SQLite connection, where
        # the loser of Wagtail's get_or_create race cannot read the winner's row (a 500 seen on
        # Wagtail 8; separate connections, as in production, read it).
        for language in ("en", "ar"):
            self.client.get(f"/api/v2/activities/?limit=5&locale={language}")

    def test_english_and_arabic_activities_read_correctly(self):
        html = README_SNIPPET.replace("http://127.0.0.1:8000", self.live_server_url)
        with PartnerSite(html, content_type="text/html") as partner:
            self.page.goto(partner.url)
            english = self.page.locator("[data-icssi-activities]").nth(0)
            arabic = self.page.locator("[data-icssi-activities]").nth(1)
            english.locator(".icssi-embed__item").first.wait_for()
            arabic.locator(".icssi-embed__item").first.wait_for()
            self.assertEqual(self.page.evaluate("document.characterSet"), "windows-1252")

            self.assertEqual(english.locator(".icssi-embed__heading").inner_text(), "Activities")
            self.assertIn("Tolerance and coexistence in Iraq", english.inner_text())
            self.assertNotIn("التسامح", english.inner_text())  # one language per list
            self.assertEqual(english.get_attribute("dir"), "ltr")
            self.assertEqual(arabic.get_attribute("dir"), "rtl")
            self.assertEqual(arabic.locator(".icssi-embed__heading").inner_text(), "الأنشطة")
            self.assertIn("التسامح والتعايش في العراق", arabic.inner_text())
            self.assertIn("تنظيم", arabic.inner_text())  # "Organised by", from the script
            # Times name their zone: UTC+1 in Tunis, UTC+3 for the parallel ones in Iraq.
            whens = " | ".join(english.locator(".icssi-embed__when").all_inner_texts())
            self.assertRegex(whens, r"March \d+, 2015 .*(GMT|UTC)\+1")
            self.assertRegex(whens, r"March \d+, 2015 .*(GMT|UTC)\+3")
