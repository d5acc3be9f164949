"""The embed script reads the same on any page: plain ASCII, and served as UTF-8."""

from pathlib import Path

from django.test import RequestFactory, SimpleTestCase

import icssi_wagtail
from icssi_wagtail.embed import activities_embed_script

SCRIPT = Path(icssi_wagtail.__file__).parent / "static/icssi_wagtail/activities_embed.js"


class EmbedScriptEncodingTests(SimpleTestCase):
    def test_script_is_plain_ascii(self):
        # A static server that sends no charset leaves the browser to read the script in the
        # embedding page's encoding (windows-1252 for a page without <meta charset>).
        text = SCRIPT.read_bytes().decode("utf-8")
        others = sorted({char for char in text if ord(char) > 127})
        self.assertEqual(others, [], "write these as \\u escapes")
        self.assertIn("\\u0627\\u0644\\u0623\\u0646\\u0634\\u0637\\u0629", text)  # Activities

    def test_view_serves_it_as_utf8_javascript(self):
        response = activities_embed_script(RequestFactory().get("/embed/activities.js"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/javascript; charset=utf-8")
        self.assertIn("public", response["Cache-Control"])
        self.assertEqual(b"".join(response.streaming_content), SCRIPT.read_bytes())
        response = activities_embed_script(RequestFactory().post("/embed/activities.js"))
        self.assertEqual(response.status_code, 405)
