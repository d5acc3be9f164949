"""The suite's fixed clock (tests/clock.py) reaches the app, and a test can move it."""

import datetime

from django.test import TestCase
from django.utils import timezone

from icssi_wagtail.models import CallStatus

from .clock import NOW, fixed_now
from .utils import make_activity, make_activity_index, make_call_to_action

AFTER_THE_FORUM = datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC)


class FixedClockTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.call = make_call_to_action(title="Forum")  # 24 to 28 March 2025
        cls.index = make_activity_index(title="Activities")
        cls.activity = make_activity(cls.index, title="Marsh walk")  # 24 March 2025

    def test_every_test_runs_at_now(self):
        self.assertEqual(timezone.now(), NOW)
        self.assertEqual(self.call.status, CallStatus.OPEN)
        self.assertFalse(self.activity.has_ended)
        response = self.client.get(self.index.url, {"when": "upcoming"})
        self.assertContains(response, "Marsh walk")

    def test_a_test_moves_the_clock(self):
        with fixed_now(AFTER_THE_FORUM):
            self.assertEqual(self.call.status, CallStatus.TOOK_PLACE)
            self.assertTrue(self.activity.has_ended)
            response = self.client.get(self.index.url, {"when": "upcoming"})
            self.assertNotContains(response, "Marsh walk")
        self.assertEqual(timezone.now(), NOW)
