"""What ``make test`` says about the browser tests on a machine without Chromium."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase

ROOT = Path(__file__).resolve().parent.parent


def run_browser_tests(**env):
    """Run tests/browser in a new pytest process with Chromium looked for where there is none."""
    environ = {**os.environ, "ICSSI_CHROMIUM": "/nonexistent/chromium", **env}
    if not env.get("ICSSI_REQUIRE_BROWSER"):
        environ.pop("ICSSI_REQUIRE_BROWSER", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "tests/browser"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


class BrowserSetupTests(SimpleTestCase):
    def test_without_chromium_one_line_names_the_command(self):
        result = run_browser_tests()
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        said = [line for line in result.stdout.splitlines() if "Chromium" in line]
        self.assertEqual(len(said), 1, result.stdout)
        self.assertRegex(said[0], r"^SKIPPED \[\d+\] .*apt-get install chromium")
        self.assertRegex(result.stdout, r"\d+ skipped")
        self.assertNotIn("passed", result.stdout.splitlines()[-1])

    def test_ci_can_require_them(self):
        result = run_browser_tests(ICSSI_REQUIRE_BROWSER="1")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("apt-get install chromium", result.stdout)
