import os
import subprocess
import sys
import textwrap

from django.test import SimpleTestCase

SCRIPT = textwrap.dedent(
    """
    import django
    django.setup()
    from tests.clock import fixed_now
    fixed_now().start()  # the suite's clock (tests/clock.py), as in tests/conftest.py
    from django.core.management import call_command
    from django.test import Client
    call_command("migrate", verbosity=0)
    call_command("check", fail_level="ERROR")
    from tests.utils import make_activity, make_activity_index, make_call_to_action, make_theme
    water = make_theme("Water", slug="water")
    call = make_call_to_action(themes=[water])
    index = make_activity_index(parent=call)
    activity = make_activity(index, title="Dams and wars", themes=[water])
    urls = [call.url, index.url + "?theme=water", activity.url, index.url + "feed/"]
    urls += [index.url + "calendar/", "/api/v2/activities/"]
    for url in urls:
        response = Client().get(url)
        assert response.status_code == 200, (url, response.status_code)
        assert b"Dams and wars" in response.content, url
    print("rendered without wagtail_localize")
    """
)


# Run first: wagtail-localize cannot be imported, as if it were not installed.
NOT_INSTALLED = textwrap.dedent(
    """
    import sys
    sys.modules["wagtail_localize"] = None
    try:
        import wagtail_localize.fields
    except ImportError:
        pass
    else:
        raise AssertionError("wagtail_localize is still importable")
    """
)


def run(script, site="without_localize"):
    """Run ``script`` in a new process, the test site in the shape ``site`` (tests/settings.py)."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", "ICSSI_TEST_SITE": site}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", script],
        env=env,
        capture_output=True,
        text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
        timeout=300,
    )


class WithoutLocalizeTests(SimpleTestCase):
    """The app imports, migrates and renders in a site that does not enable wagtail-localize."""

    def test_site_without_wagtail_localize(self):
        result = run(SCRIPT)
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertIn("rendered without wagtail_localize", result.stdout)

    def test_site_where_wagtail_localize_is_not_installed(self):
        # Importing it fails, as on a site that never installed the package.
        result = run(NOT_INSTALLED + SCRIPT + "import icssi_wagtail.models.translation\n")
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertIn("rendered without wagtail_localize", result.stdout)

    def test_site_without_any_translation_app(self):
        result = run(NOT_INSTALLED + SCRIPT, site="without_i18n")
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertIn("rendered without wagtail_localize", result.stdout)
