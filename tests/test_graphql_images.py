"""GraphQL's image queries (grapple's ``image``, ``images``, ``search``) never serve the photo of
a person who has not recorded or has withdrawn their consent, or whose photo is hidden."""

import datetime
import json

from django.test import TestCase
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, CollectionViewRestriction

from icssi_wagtail.models import TestimonialPage

from .test_graphql import GraphQLMixin, needs_grapple
from .utils import (
    make_activity,
    make_activity_index,
    make_testimonial,
    make_testimonial_index,
    needs_committed_search,
)

CONSENTED = {"photo_consent": True, "photo_consent_date": datetime.date(2013, 9, 1)}


def image(name):
    return Image.objects.create(title=f"Portrait {name}", file=get_test_image_file(f"{name}.png"))


@needs_grapple
class HiddenImageTests(GraphQLMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        testimonials = make_testimonial_index()
        cls.shown = image("shown")
        make_testimonial(testimonials, photo=cls.shown, **CONSENTED)
        cls.activity_image = image("marshes")
        make_activity(make_activity_index(), image=cls.activity_image)
        cls.hidden = {
            "withdrawn": image("withdrawn"),
            "hidden": image("hidden"),
            "never-consented-draft": image("never-consented-draft"),
            "new-in-a-draft": image("new-in-a-draft"),
            "private": image("private"),
        }
        cls.withdrawn = make_testimonial(testimonials, photo=cls.hidden["withdrawn"])
        make_testimonial(testimonials, photo=cls.hidden["hidden"], hide_photo=True, **CONSENTED)
        make_testimonial(testimonials, photo=cls.hidden["never-consented-draft"]).unpublish()
        # A live account whose draft replaces the photo, unticking consent: neither photo shows.
        cls.hidden["replaced"] = image("replaced")
        cls.redrafted = make_testimonial(testimonials, photo=cls.hidden["replaced"], **CONSENTED)
        cls.redrafted.photo = cls.hidden["new-in-a-draft"]
        cls.redrafted.photo_consent = False
        cls.redrafted.save_revision()
        private = Collection.get_first_root_node().add_child(name="Private")
        CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
        cls.hidden["private"].collection = private
        cls.hidden["private"].save()

    def assertOnlyShown(self, data):
        text = json.dumps(data)
        for name, photo in self.hidden.items():
            with self.subTest(hidden=name):
                self.assertNotIn(f'"{photo.pk}"', text)
                self.assertNotIn(name, text)  # its file name, in every address
        self.assertIn(f'"{self.shown.pk}"', text)

    def test_images(self):
        data = self.graphql(
            "{ images { id title url src srcSet(sizes: [100]) rendition(width: 50) { url }"
            " renditions { url } } }"
        )
        self.assertOnlyShown(data)
        self.assertIn(f'"{self.activity_image.pk}"', json.dumps(data))

    def test_image_and_images_by_id(self):
        for name, photo in self.hidden.items():
            with self.subTest(hidden=name):
                self.assertEqual(
                    self.graphql(f"{{ images(id: {photo.pk}) {{ id }} }}"), {"images": []}
                )
                self.assertIsNone(self.graphql(f"{{ image(id: {photo.pk}) {{ url }} }}")["image"])
        found = self.graphql(f"{{ image(id: {self.shown.pk}) {{ id }} }}")["image"]
        self.assertEqual(found, {"id": str(self.shown.pk)})

    @needs_committed_search
    def test_images_search(self):
        # Grapple's own fails: a search backend cannot filter on its collection join.
        self.assertOnlyShown(self.graphql('{ images(searchQuery: "Portrait") { id url } }'))

    @needs_committed_search
    def test_search(self):
        # Wagtail's image type is not in grapple's Search union: no image is served, and an
        # image that matches no longer fails the query (grapple's own resolver fails it).
        page = make_testimonial(make_testimonial_index(), title="Portrait of a forum")
        data = self.graphql(
            '{ search(query: "Portrait") { __typename ... on TestimonialPage { id } } }'
        )
        self.assertEqual(data["search"], [{"__typename": "TestimonialPage", "id": str(page.pk)}])

    def test_consent_recorded_again_shows_the_photo(self):
        page = TestimonialPage.objects.get(pk=self.withdrawn.pk)
        page.photo_consent, page.photo_consent_date = True, datetime.date(2014, 1, 1)
        page.save_revision().publish()
        photo = self.hidden.pop("withdrawn")
        data = self.graphql(f"{{ image(id: {photo.pk}) {{ id }} }}")
        self.assertEqual(data["image"], {"id": str(photo.pk)})
        self.assertOnlyShown(self.graphql("{ images { id url } }"))
