"""Every field of every endpoint ``register_endpoints`` adds, ``fields=*`` included, costs the
same number of queries for a page of 5 items as for a page of 30."""

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.documents import get_document_model
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from icssi_wagtail.api import register_endpoints
from icssi_wagtail.models import ActivityPage, CallToActionTestimonial, TestimonialPage

from .utils import (
    empty_cache,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)

SMALL, LARGE = 5, 30


def endpoints():
    """``{name: viewset}`` as ``register_endpoints`` registers them (less ``schema/``, which
    serves no model)."""
    registered = register_endpoints(WagtailAPIRouter("probe"))._endpoints
    return {name: cls for name, cls in registered.items() if issubclass(cls, BaseAPIViewSet)}


def documented_fields(viewset):
    """The fields a client may ask for in a list: the viewset's body and meta fields but those
    of the detail view only, and ``*``."""
    fields = viewset.get_available_fields(viewset.model)
    return [*(field for field in fields if field not in viewset.detail_only_fields), "*"]


def linking_paragraph(page, document):
    return (
        "paragraph",
        f'<p><a linktype="page" id="{page.pk}">A page</a> and '
        f'<a linktype="document" id="{document.pk}">a document</a>.</p>',
    )


def figure(image):
    return ("image", {"image": image, "caption": "A march"})


def activity_body(page, document, image):
    """A body with every block of an activity that refers to another object."""
    return [
        linking_paragraph(page, document),
        figure(image),
        ("button", {"label": "A page", "page": page}),
        ("button", {"label": "A document", "document": document}),
        ("button", {"label": "Elsewhere", "url": "https://fsm2015.org/en"}),
    ]


def publish_again(page):
    page.save_revision().publish()


class FieldQueryCountTests(TestCase):
    def populate(self, size):
        """``size`` more of each: activities, testimonials, themes, organisations, each body
        referring to objects of its own (a page, a document, an image)."""
        activities, testimonials = make_activity_index(), make_testimonial_index()
        for n in range(size):
            image = Image.objects.create(title=f"Image {n}", file=get_test_image_file())
            document = get_document_model().objects.create(
                title=f"Document {n}", file=ContentFile(b"Charter", name=f"charter-{n}.txt")
            )
            organisation = make_organisation(logo=image)
            testimonial = make_testimonial(
                testimonials,
                organisation=organisation,
                photo=image,
                photo_consent=True,
                photo_consent_date=datetime.date(2015, 3, 25),
                body=[linking_paragraph(activities, document), figure(image)],
            )
            theme = make_theme()
            make_activity(
                activities,
                themes=[theme],
                organisations=[organisation],
                image=image,
                body=activity_body(testimonial, document, image),
            )
            # A call to action with its indexes (their endpoints list them too).
            call = make_call_to_action(
                themes=[theme], body=activity_body(testimonial, document, image)
            )
            call.related_testimonials = [CallToActionTestimonial(testimonial=testimonial)]
            publish_again(call)
            make_activity_index(call)
            make_testimonial_index(call)

    def count(self, url):
        """Queries for ``url``, computed afresh: no kept answer, rendition or locale."""
        for alias in settings.CACHES:
            empty_cache(alias)
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return len(captured), len(response.json()["items"])

    def counts(self, limit):
        found = {}
        for name, viewset in endpoints().items():
            self.client.get(f"/api/v2/{name}/?limit={limit}&fields=*")  # renditions made
            for field in documented_fields(viewset):
                found[name, field] = self.count(f"/api/v2/{name}/?limit={limit}&fields={field}")
        return found

    def test_every_field_of_every_endpoint_costs_a_fixed_number_of_queries(self):
        self.populate(SMALL)
        small = self.counts(SMALL)
        self.populate(LARGE - SMALL)
        large = self.counts(LARGE)
        self.assertIn(("activities", "body"), small)
        self.assertIn(("testimonials", "body"), small)
        for key, (queries, items) in small.items():
            with self.subTest(endpoint=key[0], field=key[1]):
                self.assertEqual((items, large[key][1]), (SMALL, LARGE))
                self.assertEqual(large[key][0], queries)

    def test_a_list_gives_the_bodies_the_detail_view_gives(self):
        """The prefetched bodies are those Wagtail gives item by item: a link to a page in
        another language leads to its translation in the API's, a link to a missing page
        is left empty."""
        self.populate(3)
        testimonial = TestimonialPage.objects.live().first()
        arabic = Locale.objects.create(language_code="ar")
        translation = testimonial.copy_for_translation(arabic, copy_parents=True)
        translation.save_revision().publish()
        activity = ActivityPage.objects.live().first()
        for page_id in (translation.pk, 0):
            link = f'<p><a linktype="page" id="{page_id}">Link {page_id}</a></p>'
            activity.body.append(("paragraph", link))
        activity.save_revision().publish()
        bodies = {name: str(self.bodies(name)) for name in ("activities", "testimonials")}
        self.assertIn(
            f'<a href="{testimonial.url}">Link {translation.pk}</a>', bodies["activities"]
        )
        self.assertIn("<a>Link 0</a>", bodies["activities"])

    def bodies(self, name):
        """The bodies of a list of ``name``, checked against those of the detail view."""
        items = self.client.get(f"/api/v2/{name}/?locale=en&fields=body").json()["items"]
        self.assertEqual(len(items), 3)
        for item in items:
            with self.subTest(endpoint=name, id=item["id"]):
                detail = self.client.get(f"/api/v2/{name}/{item['id']}/").json()
                self.assertEqual(item["body"], detail["body"])
        return [item["body"] for item in items]
