"""A small site in English with its Arabic translation, for the headless API's content tests.

A call to action whose body quotes a testimonial and shows an activity list and a theme list,
an activity index with one activity organised by one organisation, a testimonial index with one
testimonial; each translated into Arabic as wagtail-localize leaves it: the translated pages keep
pointing at the English testimonial, index and organisation, as synchronised fields and chosen
pages do.
"""

import datetime
import unittest

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale

from icssi_wagtail import graphql
from icssi_wagtail.models import ActivityOrganiser, CallToActionTestimonial

from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    translate_theme,
)

needs_grapple = unittest.skipUnless(
    graphql.is_available(),
    "wagtail-grapple is not installed: pip install -e '.[graphql]' to run the GraphQL tests",
)

CONSENTED = {"photo_consent": True, "photo_consent_date": datetime.date(2013, 9, 1)}


def body(testimonial, index):
    return [
        ("heading", "Why Tunis"),
        ("testimonial", {"page": testimonial}),
        ("activity_list", {"heading": "Activities", "index": index, "count": 5}),
        ("theme_list", {"heading": "Themes", "index": index}),
    ]


def translated(page, locale, **changes):
    """``page`` copied into ``locale`` (its parent's translation must exist) and published."""
    copy = page.copy_for_translation(locale, copy_parents=True)
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy.specific


def build(cls):
    """Set the site up as attributes of the test class ``cls`` (in ``setUpTestData``)."""
    cls.water = make_theme("Water and armed conflicts", slug="water")
    cls.photo = Image.objects.create(title="Portrait", file=get_test_image_file())
    cls.organisation = make_organisation(
        "Iraqi Social Forum", acronym="ISF", country="TN", relationship="forum_member"
    )
    cls.call = make_call_to_action(themes=[cls.water], country="TN")
    cls.index = make_activity_index(parent=cls.call)
    cls.activity = make_activity(
        cls.index, themes=[cls.water], organisations=[cls.organisation], country="TN"
    )
    cls.testimonials = make_testimonial_index(parent=cls.call)
    cls.testimonial = make_testimonial(
        cls.testimonials, organisation=cls.organisation, photo=cls.photo, country="TN", **CONSENTED
    )
    cls.call.body = body(cls.testimonial, cls.index)
    cls.call.related_testimonials = [CallToActionTestimonial(testimonial=cls.testimonial)]
    cls.call.save_revision().publish()
    cls.call.refresh_from_db()

    cls.arabic = Locale.objects.get_or_create(language_code="ar")[0]
    cls.water_ar = translate_theme(cls.water, cls.arabic, "المياه والنزاعات المسلحة")
    cls.organisation_ar = cls.organisation.copy_for_translation(cls.arabic)
    cls.organisation_ar.name = "المنتدى الاجتماعي العراقي"
    cls.organisation_ar.save()
    cls.call_ar = translated(cls.call, cls.arabic, title="نداء")
    cls.index_ar = translated(cls.index, cls.arabic, title="الأنشطة")
    cls.activity_ar = translated(cls.activity, cls.arabic, title="نشاط")
    cls.testimonials_ar = translated(cls.testimonials, cls.arabic, title="الشهادات")
    cls.testimonial_ar = translated(cls.testimonial, cls.arabic, title="شهادة", quote="اقتباس")
    # What wagtail-localize synchronises: the source language's rows.
    assert cls.activity_ar.organisers.get().organisation == cls.organisation
    assert cls.call_ar.related_testimonials.get().testimonial == cls.testimonial
    assert isinstance(cls.activity_ar.organisers.get(), ActivityOrganiser)
