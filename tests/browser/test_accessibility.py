"""axe-core finds no serious or critical accessibility violation on any public template."""

import os

import pytest

from .content import make_public_pages, missing_markup
from .support import BrowserTestCase

BLOCKING_IMPACTS = {"serious", "critical"}


def axe_script():
    """The path of axe.min.js, bundled by a PyPI package (nothing is fetched at run time)."""
    path = os.environ.get("ICSSI_AXE_JS")
    if not path:
        try:
            import axe_playwright_python
        except ImportError:
            pytest.fail(
                "axe-core is not installed: pip install 'axe-playwright-python>=0.1.8' "
                "(it bundles axe.min.js), or set ICSSI_AXE_JS to the path of an axe.min.js."
            )
        path = os.path.join(os.path.dirname(axe_playwright_python.__file__), "axe.min.js")
    if not os.path.isfile(path):
        pytest.fail(f"No axe.min.js at {path}.")
    return path


def describe(name, url, violation):
    nodes = "\n".join(
        f"      {' '.join(map(str, node['target']))}: {node['html'][:200]}\n"
        f"        {node.get('failureSummary', '').replace(chr(10), ' ')}"
        for node in violation["nodes"][:5]
    )
    return (
        f"{name} ({url}): {violation['impact']} {violation['id']}: {violation['help']}"
        f" ({violation['helpUrl']})\n{nodes}"
    )


class AccessibilityTests(BrowserTestCase):
    def test_public_templates_have_no_serious_violation(self):
        script = axe_script()
        pages = make_public_pages()
        problems = []
        for name, url in pages.items():
            response = self.page.goto(self.live_server_url + url)
            self.assertEqual(response.status, 200, f"{name}: {url}")
            self.assertEqual(missing_markup(name, self.page.content()), [], f"{name} lacks these")
            self.page.add_script_tag(path=script)
            results = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
            self.assertGreater(len(results["passes"]) + len(results["violations"]), 0, name)
            problems += [
                describe(name, url, violation)
                for violation in results["violations"]
                if violation["impact"] in BLOCKING_IMPACTS
            ]
        if problems:
            self.fail(f"{len(problems)} serious or critical violations:\n" + "\n".join(problems))
