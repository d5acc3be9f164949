"""``/api/v2/images/`` (``PublicImagesAPIViewSet``) serves no photo hidden for a person's safety
and no image of a private collection: absent from the list, a search and ``find``, a 404."""

import datetime
import json

from django.test import TestCase
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from .utils import make_testimonial, make_testimonial_index, needs_committed_search

CONSENTED = {"photo_consent": True, "photo_consent_date": datetime.date(2013, 9, 1)}


def image(name):
    return Image.objects.create(title=f"Portrait {name}", file=get_test_image_file(f"{name}.png"))


class PublicImagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        testimonials = make_testimonial_index()
        cls.shown = image("shown")
        make_testimonial(testimonials, photo=cls.shown, **CONSENTED)
        cls.hidden = {
            "withdrawn": image("withdrawn"),
            "hidden": image("hidden"),
            "new-in-a-draft": image("new-in-a-draft"),
            "private": image("private"),
        }
        make_testimonial(testimonials, photo=cls.hidden["withdrawn"])
        make_testimonial(testimonials, photo=cls.hidden["hidden"], hide_photo=True, **CONSENTED)
        # A draft that replaces the photo and unticks consent hides both photos at once.
        cls.hidden["replaced"] = image("replaced")
        redrafted = make_testimonial(testimonials, photo=cls.hidden["replaced"], **CONSENTED)
        redrafted.photo, redrafted.photo_consent = cls.hidden["new-in-a-draft"], False
        redrafted.save_revision()
        private = Collection.get_first_root_node().add_child(name="Private")
        CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
        cls.hidden["private"].collection = private
        cls.hidden["private"].save()

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content[:500])
        return response.json()

    def assertOnlyShown(self, data):
        ids = {item["id"] for item in data["items"]}
        self.assertEqual(ids, {self.shown.pk})
        text = json.dumps(data)
        for name in self.hidden:
            self.assertNotIn(name, text)  # its file name, in its download URL

    def test_list(self):
        self.assertOnlyShown(self.get("/api/v2/images/?fields=*"))

    def test_detail_and_find(self):
        self.assertEqual(self.get(f"/api/v2/images/{self.shown.pk}/")["id"], self.shown.pk)
        for name, photo in self.hidden.items():
            with self.subTest(hidden=name):
                response = self.client.get(f"/api/v2/images/{photo.pk}/")
                self.assertEqual(response.status_code, 404)
                response = self.client.get(f"/api/v2/images/find/?id={photo.pk}")
                self.assertEqual(response.status_code, 404)

    @needs_committed_search
    def test_search(self):
        self.assertOnlyShown(self.get("/api/v2/images/?search=Portrait"))

    def test_search_without_words(self):
        for value in ['"', "*", "(", "\x00"]:
            with self.subTest(search=value):
                response = self.client.get("/api/v2/images/", {"search": value})
                self.assertEqual(response.status_code, 400)
                self.assertIn("search: The search", response.json()["message"])

    def test_bounded(self):
        self.assertEqual(self.client.get("/api/v2/images/?offset=10001").status_code, 400)
        self.assertEqual(self.client.get(f"/api/v2/images/{2**64}/").status_code, 404)
