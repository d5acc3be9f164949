"""Activist safety: the options that hide people apply to every language at once.

The fields below are synchronised by wagtail-localize, but only when a translation is synced
again. Publishing the source page writes them to its translations straight away, so that
withdrawing a person's consent or hiding an organiser never waits for a translator.
"""

from django.apps import apps
from django.conf import settings
from wagtail.signals import page_published

SAFETY_FIELDS = {
    "ActivityPage": ["hide_organisers", "hide_venue"],
    "CallToActionPage": ["hide_venue"],
    "TestimonialPage": ["photo_consent", "hide_photo", "hide_surname"],
}


def sync_safety_fields(sender, instance, **kwargs):
    page = instance.specific
    fields = SAFETY_FIELDS.get(type(page).__name__)
    if not fields:
        return
    translations = (
        type(page).objects.filter(translation_key=page.translation_key).exclude(pk=page.pk)
    )
    translations.update(**{field: getattr(page, field) for field in fields})
    if apps.is_installed("wagtail.contrib.frontend_cache") and getattr(
        settings, "WAGTAILFRONTENDCACHE", None
    ):
        from wagtail.contrib.frontend_cache.utils import PurgeBatch

        batch = PurgeBatch()
        batch.add_pages(list(translations.filter(live=True)))
        batch.purge()


def register_signal_handlers():
    page_published.connect(sync_safety_fields, dispatch_uid="icssi_wagtail_sync_safety")
