"""Browser tests drive Debian's Chromium with Playwright (it cannot download its own browser)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("ICSSI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in the test's thread; the test itself only reads
# the database through the live server, so Django's async guard can be relaxed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def missing_browser():
    """Why the browser tests cannot run here, naming what installs it; ``None`` if they can."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "Playwright is not installed: pip install -e '.[testing]'"
    if not shutil.which(CHROMIUM):
        return (
            f"No Chromium at {CHROMIUM}: install it with `apt-get install chromium` "
            "(or set ICSSI_CHROMIUM to its path)"
        )
    return None


def require_browser():
    """Skip the browser tests, with one line saying what to install, when they cannot run.

    Every test skips from this one line, so pytest's summary folds them into one
    ("SKIPPED [N] tests/browser/conftest.py:..: No Chromium at ..."). With
    ICSSI_REQUIRE_BROWSER=1 (CI, which installs Chromium) they fail instead."""
    reason = missing_browser()
    if reason and os.environ.get("ICSSI_REQUIRE_BROWSER"):
        pytest.fail(reason)
    if reason:
        pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


def pytest_runtest_setup(item):
    # Before any fixture (the database, a class's setUpClass): every browser test skips from
    # the same line, and a machine without Chromium sets up nothing for them.
    if item.get_closest_marker("browser"):
        require_browser()
