"""schemathesis fuzzes Wagtail 8's preview API v3, with our page types registered, from its own
OpenAPI schema: no request it makes may get a server error (5xx).

It runs the ``schemathesis run`` command against a live server holding some of our pages, with
a bounded number of examples per operation (``ICSSI_FUZZ_EXAMPLES``, default 10) and a fixed
seed, so a run takes well under a minute and a failure reproduces. schemathesis is the ``fuzz``
extra, which ``.venv-latest`` installs (API v3 exists from Wagtail 8.0).
"""

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
import wagtail
from django.test import LiveServerTestCase
from wagtail.models import Site

from .utils import (
    ensure_initial_data,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)

SCHEMATHESIS = shutil.which("schemathesis", path=str(Path(sys.executable).parent))

pytestmark = [
    pytest.mark.skipif(
        wagtail.VERSION < (8, 0),
        reason="API v3 exists from Wagtail 8.0; CI fuzzes it in test-latest (.venv-latest).",
    ),
    pytest.mark.skipif(
        SCHEMATHESIS is None,
        reason="schemathesis is not installed: pip install -e '.[fuzz]' (.venv-latest has it).",
    ),
]


class APIv3FuzzTests(LiveServerTestCase):
    host = "127.0.0.1"

    def setUp(self):
        ensure_initial_data()
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = self.host, self.server_thread.port
        site.save()
        water = make_theme("Water and armed conflicts", slug="water")
        forum = make_organisation("Iraqi Social Forum", acronym="ISF")
        activities = make_activity_index(title="Activities")
        for number in range(3):
            make_activity(activities, themes=[water], organisations=[forum], title=f"A{number}")
        make_activity(activities, publish_it=False, title="A draft")
        make_call_to_action(title="Join us in Tunis", themes=[water])
        make_testimonial(make_testimonial_index(), title="Quazi Baby travels to Baghdad")

    def test_no_server_errors(self):
        examples = os.environ.get("ICSSI_FUZZ_EXAMPLES", "10")
        with tempfile.TemporaryDirectory() as reports:
            result = subprocess.run(  # noqa: S603 (our own arguments)
                [
                    SCHEMATHESIS,
                    "run",
                    f"{self.live_server_url}/api/v3/openapi.json",
                    # The public read operations. Write actions, revisions, snippets, sites, the
                    # schema types and whoami answer 401 without a bearer token, so fuzzing
                    # their parameters tests only the authentication; schemathesis also cannot
                    # generate parameters for Wagtail's snippet revision operations.
                    "--include-method",
                    "GET",
                    "--exclude-path-regex",
                    "/(snippets|sites|schema|whoami)/|/revisions/",
                    "--checks",
                    "not_a_server_error",
                    "--max-examples",
                    examples,
                    "--seed",
                    "20150324",
                    "--workers",
                    "1",
                    "--request-timeout",
                    "10",
                    "--no-color",
                    "--report-dir",
                    reports,
                ],
                capture_output=True,
                text=True,
                timeout=150,
                cwd=reports,
                env={**os.environ, "SCHEMATHESIS_HOOKS": ""},
            )
        output = result.stdout + result.stderr
        print(output[-3000:])  # the summary, shown with -s or when the test fails
        self.assertEqual(result.returncode, 0, output[-6000:])
        self.assertNotIn("Server error", output)
        # It did run: a few hundred requests, every one passed.
        generated, passed = map(int, re.search(r"(\d+) generated, (\d+) passed", output).groups())
        self.assertGreater(generated, 100, output[-3000:])
        self.assertEqual(passed, generated)

    def test_the_fuzzed_api_serves_our_pages(self):
        """What the fuzzer reaches holds our live pages, and no draft."""
        response = self.client.get("/api/v3/pages/", {"limit": 20})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "A2")
        self.assertContains(response, "Quazi Baby travels to Baghdad")
        self.assertNotContains(response, "A draft")
