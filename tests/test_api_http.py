"""The API over HTTP as a browser on another origin meets it (issue 17, items 1, 11, 12): the
language headers, CORS for conditional requests and images, and absolute addresses on the
host and port the client asked."""

import datetime

from django.core.files.storage import default_storage
from django.http import FileResponse
from django.test import TestCase, override_settings
from django.urls import path
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from . import urls as test_urls
from .localize import arabic
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_testimonial,
    make_testimonial_index,
)


def media(request, name):
    """``MEDIA_URL`` served by Django, as the demo serves it (``static()``)."""
    return FileResponse(default_storage.open(name))


urlpatterns = [path("media/<path:name>", media), *test_urls.urlpatterns]

ORIGIN = "http://127.0.0.1:8001"
OTHER_PORT = "127.0.0.1:8765"


class HTTPTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.image = Image.objects.create(title="March", file=get_test_image_file())
        cls.call = make_call_to_action()
        cls.index = make_activity_index(cls.call)
        cls.activities = [
            make_activity(cls.index, image=cls.image, start_date=datetime.date(2025, 3, 24 + n))
            for n in range(2)
        ]
        cls.testimonial = make_testimonial(
            make_testimonial_index(cls.call),
            photo=cls.image,
            photo_consent=True,
            photo_consent_date=datetime.date(2015, 3, 25),
        )
        translation = cls.call.copy_for_translation(arabic(), copy_parents=True)
        translation.save_revision().publish()
        cls.call_ar = translation


@override_settings(CORS_ALLOWED_ORIGINS=[ORIGIN], ROOT_URLCONF=__name__)
class CORSTests(HTTPTestCase):
    """Item 11: a front end on another origin reads the ETag, revalidates, loads images."""

    def test_a_browser_may_read_the_etag(self):
        response = self.client.get("/api/v2/activities/", HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response["Access-Control-Allow-Origin"], ORIGIN)
        exposed = response["Access-Control-Expose-Headers"].lower()
        self.assertIn("etag", exposed)
        again = self.client.get(
            "/api/v2/activities/", HTTP_ORIGIN=ORIGIN, HTTP_IF_NONE_MATCH=response["ETag"]
        )
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again["Access-Control-Allow-Origin"], ORIGIN)

    def test_a_preflight_for_if_none_match_is_allowed_for_reading_only(self):
        response = self.client.options(
            "/api/v2/calls-to-action/",
            HTTP_ORIGIN=ORIGIN,
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("if-none-match", response["Access-Control-Allow-Headers"].lower())
        methods = {m.strip() for m in response["Access-Control-Allow-Methods"].split(",")}
        self.assertEqual(methods, {"GET", "HEAD", "OPTIONS"})

    def test_images_from_the_api_carry_cors_headers(self):
        detail = self.client.get(f"/api/v2/activities/{self.activities[0].pk}/").json()
        url = detail["image"]["url"]
        self.assertTrue(url.startswith("/media/"), url)
        response = self.client.get(url, HTTP_ORIGIN=ORIGIN)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Access-Control-Allow-Origin"], ORIGIN)

    def test_another_origin_gets_no_cors_headers(self):
        response = self.client.get("/api/v2/activities/", HTTP_ORIGIN="https://evil.example")
        self.assertNotIn("Access-Control-Allow-Origin", response)


class LanguageHeaderTests(HTTPTestCase):
    """Item 1's headers: ``Content-Language`` says an answer's language, which
    ``Accept-Language`` chooses for a list."""

    def test_content_language_follows_the_answer(self):
        cases = [
            (f"/api/v2/calls-to-action/{self.call_ar.pk}/", "", "ar"),
            (f"/api/v2/pages/{self.call_ar.pk}/", "", "en"),  # Wagtail's: not ours to change
            ("/api/v2/calls-to-action/", "ar", "ar"),
            # No French locale here: the next language asked for, then the default.
            ("/api/v2/calls-to-action/", "fr;q=0.9, ar;q=0.8", "ar"),
            ("/api/v2/calls-to-action/", "fr", "en"),
            ("/api/v2/calls-to-action/?locale=en", "ar", "en"),
            ("/api/v2/calls-to-action/", "de, *", "en"),
        ]
        for url, accept, language in cases:
            with self.subTest(url=url, accept=accept):
                response = self.client.get(url, HTTP_ACCEPT_LANGUAGE=accept)
                self.assertEqual(response["Content-Language"], language)
                self.assertIn("Accept-Language", response["Vary"])

    def test_kept_answers_are_kept_by_language(self):
        english = self.client.get("/api/v2/calls-to-action/").json()
        arabic_answer = self.client.get("/api/v2/calls-to-action/", HTTP_ACCEPT_LANGUAGE="ar")
        self.assertEqual(arabic_answer.json()["items"][0]["id"], self.call_ar.pk)
        self.assertEqual(english["items"][0]["id"], self.call.pk)


class AbsoluteAddressTests(HTTPTestCase):
    """Item 12: addresses follow the host and port the client asked, not the Site's."""

    def get(self, url, **extra):
        return self.client.get(url, HTTP_HOST=OTHER_PORT, **extra)

    def test_detail_urls_next_and_image_urls_name_the_request_host(self):
        base = f"http://{OTHER_PORT}/"
        data = self.get("/api/v2/activities/?limit=1").json()
        self.assertTrue(data["meta"]["next"].startswith(base + "api/v2/activities/?"))
        item = data["items"][0]
        self.assertTrue(item["meta"]["detail_url"].startswith(base))
        self.assertTrue(item["image"]["full_url"].startswith(base + "media/"), item["image"])
        detail = self.get(f"/api/v2/testimonials/{self.testimonial.pk}/").json()
        self.assertTrue(detail["photo"]["full_url"].startswith(base))
        self.assertTrue(detail["meta"]["parent"]["meta"]["detail_url"].startswith(base))
        for translation in self.get(f"/api/v2/calls-to-action/{self.call.pk}/").json()["meta"][
            "translations"
        ]:
            self.assertTrue(translation["detail_url"].startswith(base))
        pages = self.get("/api/v2/pages/?limit=1").json()["items"][0]
        self.assertTrue(pages["meta"]["detail_url"].startswith(base))

    def test_find_redirects_to_the_request_host(self):
        for endpoint, page in (
            ("pages", self.call_ar),
            ("calls-to-action", self.call_ar),
            ("activities", self.activities[0]),
        ):
            with self.subTest(endpoint=endpoint):
                response = self.get(f"/api/v2/{endpoint}/find/", data={"html_path": page.url})
                self.assertEqual(response.status_code, 302, response.content[:200])
                self.assertEqual(
                    response["Location"], f"http://{OTHER_PORT}/api/v2/{endpoint}/{page.pk}/"
                )

    @override_settings(WAGTAILAPI_BASE_URL="https://api.example.org/ignored/path")
    def test_wagtailapi_base_url_wins(self):
        item = self.get("/api/v2/activities/?limit=1").json()["items"][0]
        self.assertTrue(item["meta"]["detail_url"].startswith("https://api.example.org/api/v2/"))

    def test_pages_endpoint_is_bounded_and_reads_search_words(self):
        self.assertEqual(self.get("/api/v2/pages/?limit=100").status_code, 200)
        for query in ('?search="', "?search=%00", "?locale=xx", "?limit=101"):
            with self.subTest(query=query):
                response = self.get(f"/api/v2/pages/{query}")
                self.assertEqual(response.status_code, 400, response.content[:200])
