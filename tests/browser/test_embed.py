"""The embed script on a page of another origin, as a visitor sees it."""

import http.server
import threading

from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings
from wagtail.models import Locale, Site

from ..utils import make_activity, make_activity_index, make_organisation, make_theme
from .conftest import CHROMIUM, CHROMIUM_ARGS, require_browser
from .support import live_server_thread_class

EMBED_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Partner site</title></head>
<body>
<h1>A partner's page</h1>
<div id="english" data-icssi-activities data-api="{api}" data-theme="water"></div>
<div id="arabic" data-icssi-activities data-api="{api}" data-lang="ar"></div>
<div id="down" data-icssi-activities data-api="http://127.0.0.1:9/api/v2/"></div>
<script src="{script}"></script>
</body></html>
"""


class PartnerSite:
    """A plain HTML page served from its own port: another origin than the API."""

    def __init__(self, html, content_type="text/html; charset=utf-8"):
        body = html.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@override_settings(CORS_ALLOWED_ORIGIN_REGEXES=[r"^http://127\.0\.0\.1:\d+$"])
class EmbedTests(StaticLiveServerTestCase):
    host = "127.0.0.1"
    server_thread_class = live_server_thread_class()

    def setUp(self):
        require_browser()
        # Links back to the site use the Site's address: make it the live server's.
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = self.host, self.server_thread.port
        site.save()  # save(), not update(): it clears Wagtail's cache of site root paths
        water = make_theme("Water and armed conflicts", slug="water")
        forum = make_organisation("Iraqi Social Forum", acronym="ISF")
        index = make_activity_index()
        make_activity(
            index,
            title="The water question <script>alert(1)</script>",
            summary="Dams & wars",
            themes=[water],
            organisations=[forum],
        )
        make_activity(index, title="Football against violence")
        arabic = Locale.objects.create(language_code="ar")
        make_activity(index, title="مسألة المياه والنزاعات المسلحة", locale=arabic)

    def partner_page(self):
        return EMBED_PAGE.format(
            api=self.live_server_url + "/api/v2/",
            script=self.live_server_url + "/static/icssi_wagtail/activities_embed.js",
        )

    def test_listing_on_another_origin_in_english_and_arabic(self):
        from playwright.sync_api import sync_playwright

        with PartnerSite(self.partner_page()) as partner, sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
            page.goto(partner.url)
            page.wait_for_selector("#english .icssi-embed__item")
            page.wait_for_selector("#arabic .icssi-embed__item")
            page.wait_for_selector("#down .icssi-embed__status--error")

            english = page.locator("#english")
            self.assertEqual(english.locator(".icssi-embed__item").count(), 1)
            self.assertIn(
                "The water question <script>alert(1)</script>",
                english.locator(".icssi-embed__title").inner_text(),
            )
            self.assertEqual(dialogs, [])  # the title was inserted as text, not run
            link = english.locator(".icssi-embed__title a").get_attribute("href")
            self.assertTrue(link.startswith(self.live_server_url + "/"))
            self.assertIn("ISF", english.locator(".icssi-embed__organisers").inner_text())
            self.assertEqual(english.get_attribute("dir"), "ltr")

            arabic = page.locator("#arabic")
            self.assertEqual(arabic.get_attribute("dir"), "rtl")
            self.assertIn("الأنشطة القادمة", arabic.inner_text())
            self.assertIn("مسألة المياه", arabic.inner_text())
            self.assertNotIn("Football", arabic.inner_text())

            self.assertIn("could not be loaded", page.locator("#down").inner_text())
            browser.close()
