"""Activist safety: the options that hide people apply to every language at once.

The fields below are synchronised by wagtail-localize, but only when a translation is synced
again. Publishing the source page writes them to its translations straight away, so that
withdrawing a person's consent or hiding an organiser never waits for a translator; publishing
a translation takes them from its source, so that a translation made from an older version
never shows again what the source now hides.
"""

from django.apps import apps
from django.conf import settings
from wagtail.search.index import insert_or_update_object
from wagtail.signals import page_published

from . import cache
from .request_cache import default_locale

SAFETY_FIELDS = {
    "ActivityPage": ["hide_organisers", "hide_venue"],
    "CallToActionPage": ["hide_venue"],
    "TestimonialPage": ["photo_consent", "hide_photo", "hide_surname"],
}


def source_locale_ids(page):
    """The locales ``page`` is translated from: wagtail-localize's translation sources, else
    the default locale."""
    if apps.is_installed("wagtail_localize"):
        from wagtail_localize.models import TranslationSource

        found = set(
            TranslationSource.objects.filter(object_id=page.translation_key).values_list(
                "locale_id", flat=True
            )
        )
        if found:
            return found
    return {default_locale().pk}


def sync_safety_fields(sender, instance, **kwargs):
    page = instance.specific
    fields = SAFETY_FIELDS.get(type(page).__name__)
    if not fields:
        return
    group = type(page).objects.filter(translation_key=page.translation_key)
    sources = source_locale_ids(page)
    if page.locale_id in sources:
        source, targets = page, group.exclude(pk=page.pk)
    else:
        source, targets = group.filter(locale_id__in=sources).first(), group.filter(pk=page.pk)
        if source is None:
            return
    values = {field: getattr(source, field) for field in fields}
    # Hiding or showing organisers changes the organisations the listing's filter offers.
    organisers = "hide_organisers" in values and (
        targets.exclude(hide_organisers=values["hide_organisers"]).exists()
    )
    targets.update(**values)
    changed = list(targets)
    # update() sends no signal: forget kept answers, reindex and purge as a publish would.
    scopes = [scope for target in changed for scope in cache.changed_scopes(target)]
    cache.invalidate(*scopes, *(["organisers"] if organisers else []))
    for target in changed:
        insert_or_update_object(target)
    purge(changed)


def purge(pages):
    """Purge ``pages`` and their API details from a front-end cache, if one is configured."""
    if not (
        apps.is_installed("wagtail.contrib.frontend_cache")
        and getattr(settings, "WAGTAILFRONTENDCACHE", None)
    ):
        return
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    from .signal_handlers import PAGE_ENDPOINTS, api_url
    from .signal_handlers import purge as purge_paths

    batch = PurgeBatch()
    batch.add_pages([page for page in pages if page.live])
    batch.purge()
    purge_paths(
        [
            api_url(PAGE_ENDPOINTS[type(page).__name__], "detail", page.pk)
            for page in pages
            if type(page).__name__ in PAGE_ENDPOINTS
        ]
    )


def register_signal_handlers():
    page_published.connect(sync_safety_fields, dispatch_uid="icssi_wagtail_sync_safety")
