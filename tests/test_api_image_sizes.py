"""Item 7 of issue 17: a client asks for an image size by name (``?image_size=``).

Every image of the answer (an activity's image, a testimonial's photo, an organisation's logo,
a figure block, a resolved card or testimonial) is then the named rendition of the
``IMAGE_SIZES`` setting; a name it does not hold is a 400; a hidden photo stays ``null``.
"""

from django.test import TestCase, override_settings
from wagtail.models import Locale

from . import translated_site
from .utils import make_activity


def size(image):
    return (image["width"], image["height"])


class ImageSizeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)
        Locale.objects.create(language_code="ckb")  # a language with no activity
        cls.pictured = make_activity(
            cls.index, image=cls.photo, body=[("image", {"image": cls.photo, "caption": ""})]
        )

    def get(self, url, status=200):
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, response.content[:300])
        return response.json()

    def test_default_sizes(self):
        activity = self.get(f"/api/v2/activities/{self.pictured.pk}/")
        self.assertEqual(size(activity["image"]), (640, 360))
        self.assertEqual(size(activity["body"][0]["value"]), (640, 480))  # max-1200x1200

    def test_named_size_everywhere(self):
        query = "?image_size=thumbnail"
        activity = self.get(f"/api/v2/activities/{self.pictured.pk}/{query}")
        self.assertEqual(size(activity["image"]), (400, 300))
        self.assertEqual(size(activity["body"][0]["value"]), (400, 300))
        testimonial = self.get(f"/api/v2/testimonials/{self.testimonial.pk}/{query}")
        self.assertEqual(size(testimonial["photo"]), (400, 300))
        listed = self.get(f"/api/v2/activities/{query}&fields=image,body&locale=en")
        images = [item["image"] for item in listed["items"] if item["image"]]
        self.assertEqual([size(image) for image in images], [(400, 300)])
        call = self.get(f"/api/v2/pages/{self.call.pk}/{query}")
        quoted = next(block for block in call["body"] if block["type"] == "testimonial")
        self.assertEqual(size(quoted["value"]["photo"]), (400, 300))

    @override_settings(ICSSI_WAGTAIL={"IMAGE_SIZES": {"tiny": "fill-40x30"}})
    def test_sizes_come_from_the_setting(self):
        activity = self.get(f"/api/v2/activities/{self.pictured.pk}/?image_size=tiny")
        self.assertEqual(size(activity["image"]), (40, 30))
        error = self.get(f"/api/v2/activities/{self.pictured.pk}/?image_size=card", status=400)
        self.assertIn("image_size", error["message"])
        self.assertIn("tiny", error["message"])

    def test_unknown_size_is_a_400(self):
        for url in (
            f"/api/v2/activities/{self.pictured.pk}/?image_size=huge",
            "/api/v2/activities/?image_size=huge",
            "/api/v2/activities/?image_size=huge&locale=ckb",  # an empty list too
            f"/api/v2/testimonials/{self.testimonial.pk}/?image_size=fill-9999x9999",
        ):
            with self.subTest(url=url):
                error = self.get(url, status=400)
                self.assertIn("image_size", error["message"])

    def test_hidden_photo_stays_null(self):
        self.testimonial.photo_consent = False
        self.testimonial.save_revision().publish()
        testimonial = self.get(f"/api/v2/testimonials/{self.testimonial.pk}/?image_size=hero")
        self.assertIsNone(testimonial["photo"])
        activity = self.get(f"/api/v2/activities/{self.pictured.pk}/?image_size=hero")
        self.assertIsNone(activity["image"])
