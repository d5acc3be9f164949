from django.test import TestCase, override_settings

from .frontend_cache import PURGED
from .utils import make_activity, make_activity_index, make_organisation, make_theme

RECORDING_CACHE = {"test": {"BACKEND": "tests.frontend_cache.RecordingBackend"}}


class CacheHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        make_activity(make_activity_index(), themes=[make_theme("Water", slug="water")])

    def test_answers_are_publicly_cacheable_with_an_etag(self):
        response = self.client.get("/api/v2/activities/")
        self.assertIn("public", response["Cache-Control"])
        self.assertIn("max-age=60", response["Cache-Control"])
        again = self.client.get("/api/v2/activities/", HTTP_IF_NONE_MATCH=response["ETag"])
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")

    def test_etag_changes_with_the_content(self):
        first = self.client.get("/api/v2/themes/")["ETag"]
        make_theme("Sports", slug="sports")
        self.assertNotEqual(self.client.get("/api/v2/themes/")["ETag"], first)

    def test_errors_are_not_marked_cacheable(self):
        response = self.client.get("/api/v2/activities/?limit=-1")
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("ETag", response)

    @override_settings(ICSSI_WAGTAIL={"API_CACHE_MAX_AGE": 5})
    def test_max_age_is_a_setting(self):
        self.assertIn("max-age=5", self.client.get("/api/v2/themes/")["Cache-Control"])


@override_settings(WAGTAILFRONTENDCACHE=RECORDING_CACHE)
class FrontendCachePurgeTests(TestCase):
    def setUp(self):
        PURGED.clear()

    def test_publishing_an_activity_purges_its_api_urls(self):
        index = make_activity_index()
        PURGED.clear()
        activity = make_activity(index)
        for path in (
            "/api/v2/activities/",
            f"/api/v2/activities/{activity.pk}/",
            "/api/v2/themes/",
        ):
            self.assertIn("http://localhost" + path, PURGED)
        PURGED.clear()
        activity.unpublish()
        self.assertIn(f"http://localhost/api/v2/activities/{activity.pk}/", PURGED)

    def test_changing_a_theme_or_organisation_purges_its_endpoint_and_activities(self):
        theme = make_theme("Water", slug="water")
        self.assertIn(f"http://localhost/api/v2/themes/{theme.pk}/", PURGED)
        self.assertIn("http://localhost/api/v2/activities/", PURGED)
        PURGED.clear()
        organisation = make_organisation("PDAP")
        self.assertIn(f"http://localhost/api/v2/organisations/{organisation.pk}/", PURGED)

    def test_publishing_an_activity_purges_its_listing_feeds_and_calendar(self):
        index = make_activity_index()
        PURGED.clear()
        activity = make_activity(index)
        for path in ("", "feed/", "feed/atom/", "calendar/"):
            self.assertIn(index.full_url + path, PURGED)
        PURGED.clear()
        activity.unpublish()
        self.assertIn(index.full_url, PURGED)

    @override_settings(WAGTAILFRONTENDCACHE={})
    def test_nothing_is_purged_without_a_configured_cache(self):
        make_activity(make_activity_index())
        self.assertEqual(PURGED, [])
