"""A host's subclasses of the app's page types, each with a field of its own."""

from django.db import models

from icssi_wagtail.models import (
    ActivityIndexPage,
    ActivityPage,
    CallToActionPage,
    TestimonialPage,
)


class LocalActivityPage(ActivityPage):
    sponsor = models.CharField(max_length=100, blank=True)


class LocalActivityIndexPage(ActivityIndexPage):
    pass


class LocalTestimonialPage(TestimonialPage):
    region = models.CharField(max_length=100, blank=True)


class LocalCallToActionPage(CallToActionPage):
    partner = models.CharField(max_length=100, blank=True)
