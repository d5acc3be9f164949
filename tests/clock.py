"""The suite's clock: every test runs at ``NOW`` (tests/conftest.py), so that "upcoming",
"past", "closing soon" and "took place" never depend on the day the suite runs.

``NOW`` is 20 March 2025, four days before the forum the test content describes (Tunis, 24 to
28 March 2025, as ``tests.utils.make_call_to_action`` dates it): dates before it are past,
dates after it upcoming. A test that needs another moment moves the clock with
``fixed_now(moment)``.

Only Django's ``timezone.now()`` is fixed (the app and Wagtail read the time through it);
``time.time()``, and with it cache expiry and cookie ages, keeps running.
"""

import datetime
from unittest import mock

NOW = datetime.datetime(2025, 3, 20, 12, 0, tzinfo=datetime.UTC)


def fixed_now(moment=NOW):
    """``django.utils.timezone.now()`` answers ``moment`` inside; a context manager, or a
    decorator of a test method or of a test class (each of its test methods)."""
    return mock.patch("django.utils.timezone.now", new=lambda: moment)
