"""The site runs without wagtail-localize: installed with the wheel, never imported."""

import subprocess
import sys

from django.test import SimpleTestCase

SCRIPT = """
import sys, django
django.setup()
import riverside.urls, icssi_wagtail.templatetags.icssi_wagtail_tags, icssi_wagtail.wagtail_hooks
from django.core.management import call_command
call_command("check", verbosity=0)
print(sorted(name for name in sys.modules if name.split(".")[0] == "wagtail_localize"))
"""


class WithoutLocalizeTests(SimpleTestCase):
    def test_wagtail_localize_is_not_imported(self):
        """README: the app works with or without wagtail-localize (issue #16, point 3). A new
        process, as the app's models would otherwise be imported already by this one."""
        result = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
            [sys.executable, "-c", SCRIPT],
            capture_output=True,
            text=True,
            check=False,
            env={"DJANGO_SETTINGS_MODULE": "riverside.settings", "PYTHONPATH": "."},
        )
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])
        self.assertEqual(result.stdout.strip().splitlines()[-1], "[]")
