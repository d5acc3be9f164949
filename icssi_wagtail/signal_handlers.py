"""Purge the API's answers from a front-end cache (a CDN) when content changes.

Active when the host installs ``wagtail.contrib.frontend_cache`` and configures
``WAGTAILFRONTENDCACHE``. Wagtail itself purges the pages' own URLs; this adds the API's.
"""

import logging

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.urls import NoReverseMatch, reverse
from wagtail.models import Site
from wagtail.signals import page_published, page_unpublished

from .conf import get_setting
from .policies import policy_for

logger = logging.getLogger(__name__)


def page_endpoint(model):
    """The API endpoint that serves pages of ``model`` (or of the page type it extends)."""
    from .models import ActivityPage, TestimonialPage

    return policy_for(model, {ActivityPage: "activities", TestimonialPage: "testimonials"})


def snippet_endpoint(model):
    """The API endpoint that serves snippets of ``model`` (or of the model it extends)."""
    from .models import Organisation, Theme

    return policy_for(model, {Theme: "themes", Organisation: "organisations"})


def api_url(endpoint, view, *args):
    """The path of an API view, or ``None`` when the host has not registered our endpoints."""
    namespace = get_setting("API_NAMESPACE")
    try:
        return reverse(f"{namespace}:{endpoint}:{view}", args=args)
    except NoReverseMatch:
        return None


def absolute(paths):
    root_urls = {site.root_url for site in Site.objects.all()}
    return sorted({root + path for root in root_urls for path in paths if path})


def purge(paths):
    from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return []
    urls = absolute(paths)
    if urls:
        purge_urls_from_cache(urls)
    return urls


def purge_page(sender, instance, **kwargs):
    """A published or unpublished activity or testimonial changes its endpoint and themes,
    and the listing it appears in (Wagtail purges the page's own address)."""
    endpoint = page_endpoint(instance.specific_class or type(instance))
    if endpoint is None:
        return
    paths = [api_url(endpoint, "listing"), api_url(endpoint, "detail", instance.pk)]
    if endpoint == "activities":
        paths.append(api_url("themes", "listing"))  # activity counts change
    purge(paths)
    purge_parent(instance)


def purge_parent(page):
    """Purge the index page that lists ``page``, with its feeds and calendar."""
    from wagtail.contrib.frontend_cache.utils import PurgeBatch

    if not getattr(settings, "WAGTAILFRONTENDCACHE", None):
        return
    parent = page.get_parent()
    if parent is not None and parent.live:
        batch = PurgeBatch()
        batch.add_page(parent.specific)
        batch.purge()


def purge_snippet(sender, instance, **kwargs):
    """A changed theme or organisation changes its endpoint and every activity naming it."""
    endpoint = snippet_endpoint(sender)
    if endpoint is None:
        return
    purge(
        [
            api_url(endpoint, "listing"),
            api_url(endpoint, "detail", instance.pk),
            api_url("activities", "listing"),
        ]
    )


def register_signal_handlers():
    # No sender: signals with a sender do not reach its subclasses (a site's own page types);
    # the handlers look the endpoint up by class.
    page_published.connect(purge_page, dispatch_uid="icssi_purge_page")
    page_unpublished.connect(purge_page, dispatch_uid="icssi_unpurge_page")
    post_save.connect(purge_snippet, dispatch_uid="icssi_save_snippet")
    post_delete.connect(purge_snippet, dispatch_uid="icssi_delete_snippet")
