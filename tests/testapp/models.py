"""A host's subclasses of the app's page types, each with a field of its own."""

from django.db import models
from wagtail.api import APIField

from icssi_wagtail.models import (
    ActivityIndexPage,
    ActivityPage,
    CallToActionPage,
    TestimonialPage,
)


class LocalActivityPage(ActivityPage):
    sponsor = models.CharField(max_length=100, blank=True)

    # The way docs/integration.md gives: the page type's fields keep their serializers.
    api_fields = [*ActivityPage.api_fields, APIField("sponsor")]


class LocalActivityIndexPage(ActivityIndexPage):
    pass


class LocalTestimonialPage(TestimonialPage):
    region = models.CharField(max_length=100, blank=True)


class LocalCallToActionPage(CallToActionPage):
    partner = models.CharField(max_length=100, blank=True)
