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


def require_browser():
    """Fail loudly, not skip, when the browser tests cannot run: CI installs what they need."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        pytest.fail("Playwright is not installed: pip install -e '.[testing]'.")
    if not shutil.which(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install chromium (or set ICSSI_CHROMIUM).")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.browser)
