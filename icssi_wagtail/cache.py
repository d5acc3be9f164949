"""Caching at delivery, and its invalidation: the one module of the app that knows of a cache.

What is cached
    The response to a page of the app (with its routes: an index's feeds and calendar, an
    activity's calendar), through Wagtail's ``on_serve_page`` hook (``serve_page``); the API's
    JSON responses (``CacheHeadersMixin``); the sitemaps (``icssi_wagtail.sitemaps``). Never a
    response to a signed-in visitor, a preview, a page under a view restriction, a request
    other than GET or HEAD, or one that is not a plain 200 for everyone (``may_cache``,
    ``is_cacheable``, ``is_personal``). Models, forms and paginators know nothing of it.

Where
    Django's cache named by ``ICSSI_WAGTAIL["CACHE_ALIAS"]`` (``default``: local memory unless
    the host configures another, Redis through django-redis in production), for
    ``CACHE_TIMEOUT`` seconds at most. Bodies are stored compressed (``zlib``).

Cache keys
    The request's host, scheme, path, query (its parameters sorted), active language and
    ``Accept`` header, what the caller adds (the page and its live revision; the API view and
    the request's accepted languages), and the *versions* of the scopes the response shows:

    ``activities``, ``testimonials``
        a page of that type (in any language), with ``activities:<pk>`` for one page;
    ``organisers``
        which organisations organise a live activity that shows them (the listing's filter);
    ``themes``, ``organisations``, ``images``
        the snippets and images;
    ``pages``
        everything else: other pages, view restrictions, locales and sites.

Invalidation
    Driven by signals (``connect_signals``): Wagtail's ``page_published``,
    ``page_unpublished``, ``post_page_move`` and ``post_delete``, and saves and deletions of
    themes, organisations, images, view restrictions, locales and sites. Invalidating a scope
    replaces its version, a random token kept in the cache itself, so that every key made with
    the old one is never read again (its entries expire on their own) while the rest stays.
    Versions live in the shared cache, not in a process: with Redis a publish in one process
    is seen by every other at once. A version is replaced twice, when the change happens and
    when its transaction commits, so that a response computed in between, from data about to
    change, is not stored under the new version. With ``wagtail.contrib.frontend_cache``
    configured, the same signals also purge the API's addresses and the index that lists a
    page from the front-end cache (Wagtail purges the page's own).
"""

import functools
import hashlib
import uuid
import zlib
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from wagtail import hooks
from wagtail.contrib.frontend_cache.utils import PurgeBatch, purge_urls_from_cache
from wagtail.images import get_image_model
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import request_memo
from .api.languages import request_language
from .conf import get_setting
from .models import ActivityIndexPage, ActivityPage, Organisation, TestimonialPage, Theme
from .models.base import IcssiPageMixin
from .models.directory import AbstractOrganisationDirectoryPage
from .models.registration import AbstractActivityRegistrationPage
from .policies import policy_for
from .request_memo import is_private

PREFIX = "icssi"
SCOPES = (
    "activities",
    "testimonials",
    "organisers",
    "themes",
    "organisations",
    "images",
    "pages",
)
ALL_PAGE_SCOPES = ("activities", "testimonials", "organisers", "pages")
# Headers a cached response carries; the rest (Vary, cookies, dates) are set again on the way
# out. Last-Modified is the content's own (a feed's latest item, a sitemap's latest page).
CACHED_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Last-Modified")
HIT_HEADER = "X-ICSSI-Cache"
# Versions expire after a day: a lost version only makes the entries under it unreachable.
VERSION_TIMEOUT = 24 * 60 * 60


# The cache, its keys and their invalidation


def get_cache():
    """The cache responses go to, or ``None`` when the host turned caching off."""
    alias = get_setting("CACHE_ALIAS")
    if not alias or get_setting("CACHE_TIMEOUT") == 0:
        return None
    return caches[alias]


def _scope_key(scope):
    return f"{PREFIX}:scope:{scope}"


def scope_versions(scopes, cache=None):
    """The current version of each scope, as one string (one cache round trip when known)."""
    cache = cache or get_cache()
    keys = [_scope_key(scope) for scope in scopes]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    for key in missing:
        cache.add(key, uuid.uuid4().hex, VERSION_TIMEOUT)
    if missing:
        # Another process may have added its own version first: read back what won.
        found.update(cache.get_many(missing))
    return ".".join(str(found.get(key, "")) for key in keys)


def invalidate(*scopes):
    """Invalidate every cache entry that depends on one of ``scopes``, now and when the
    current transaction commits."""
    cache = get_cache()
    if cache is None or not scopes:
        return

    def replace():
        cache.set_many({_scope_key(scope): uuid.uuid4().hex for scope in scopes}, VERSION_TIMEOUT)

    replace()
    if connection.in_atomic_block:
        transaction.on_commit(replace)


def invalidate_all():
    """Invalidate every entry: after changes made without Wagtail's signals (bulk inserts,
    ``QuerySet.update()``, SQL run by hand)."""
    invalidate(*SCOPES)


def cache_key(kind, parts, scopes, cache=None):
    """A key short enough for every backend (memcached takes 250 characters)."""
    digest = hashlib.sha256(repr((scope_versions(scopes, cache), parts)).encode()).hexdigest()
    return f"{PREFIX}:{kind}:{digest}"


_MISSING = object()


def cached(kind, parts, scopes, compute):
    """``compute()``, stored under a key made of ``parts`` and the versions of ``scopes``.

    The versions are read before computing, so a change made meanwhile makes the result
    unreachable rather than stale.
    """
    cache = get_cache()
    if cache is None:
        return compute()
    key = cache_key(kind, parts, scopes, cache)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, get_setting("CACHE_TIMEOUT"))
    return value


# Responses


def may_cache(request):
    """Whether the response to ``request`` is the same for every visitor who sends it."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def is_cacheable(response):
    """Whether ``response`` may be cached: a complete 200 that sets no cookie and is not
    private."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def is_personal(request):
    """Whether answering ``request`` used something of this visitor's own: a CSRF token, a
    message waiting to be shown, a session changed (their cookies are only set on the way
    out, after the view)."""
    session = getattr(request, "session", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or len(getattr(request, "_messages", ()))
        or (session is not None and session.modified)
    )


def request_parts(request):
    """What identifies a response: host, scheme, path, query with its parameters sorted (the
    values of one parameter keep their order), language, ``Accept``."""
    query = urlencode(sorted(request.GET.lists()), doseq=True)
    return (
        request.get_host(),
        request.scheme,
        request.path,
        query,
        translation.get_language(),
        request.META.get("HTTP_ACCEPT", ""),
    )


def _stored(response):
    headers = {name: response[name] for name in CACHED_HEADERS if name in response}
    body = zlib.compress(response.content, 1)
    return {"body": body, "status": response.status_code, "headers": headers}


def _restored(entry):
    response = HttpResponse(zlib.decompress(entry["body"]), status=entry["status"])
    for name, value in entry["headers"].items():
        response[name] = value
    return response


def cached_response(request, kind, parts, scopes, get_response):
    """The response to ``request``: from the cache, else ``get_response()`` (stored if it may
    be). Responses carry ``X-ICSSI-Cache: hit`` or ``miss``.
    """
    cache = get_cache()
    if cache is None or not may_cache(request):
        return get_response()
    key = cache_key(kind, (*request_parts(request), *parts), scopes, cache)
    entry = cache.get(key)
    if entry is not None:
        response = _restored(entry)
        response[HIT_HEADER] = "hit"
        return response
    response = get_response()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if is_cacheable(response) and not is_personal(request):
        cache.set(key, _stored(response), get_setting("CACHE_TIMEOUT"))
        response[HIT_HEADER] = "miss"
    return response


# Pages


@functools.cache
def scopes_by_page_type():
    """The scopes the response to a page shows, by page type (looked up by class): an index
    lists activities, never testimonials; the organisation directory neither testimonials nor
    images; a registration form is never cached (it carries a CSRF token and what the
    submitter typed). Any other page of the app may show anything through its blocks."""
    return {
        ActivityIndexPage: ("activities", "themes", "organisations", "images", "pages"),
        AbstractOrganisationDirectoryPage: ("activities", "organisations", "themes", "pages"),
        AbstractActivityRegistrationPage: None,
        IcssiPageMixin: SCOPES,
    }


def page_scopes_for(page):
    """The scopes the response to ``page`` shows, ``None`` for a page that is not cached (one
    of another app, or a form)."""
    return policy_for(type(page), scopes_by_page_type())


@hooks.register("on_serve_page", order=100)  # inside Wagtail's view restriction check
def serve_page(serve):
    """Wagtail's ``on_serve_page`` hook: the response to a page of the app, from the cache
    until what it shows changes. Pages under a view restriction are never cached."""

    def serve_cached(page, request, args, kwargs):
        scopes = page_scopes_for(page)
        if scopes is None or is_private(page):
            return serve(page, request, args, kwargs)
        return cached_response(
            request,
            "page",
            (page.pk, page.live_revision_id),
            scopes,
            lambda: serve(page, request, args, kwargs),
        )

    return serve_cached


# The API


class CacheHeadersMixin:
    """For API viewsets: caches JSON responses, marks them publicly cacheable and answers
    ``If-None-Match``.

    The endpoints serve only public content, whoever asks, so a shared cache (a CDN) may keep
    them for ``ICSSI_WAGTAIL["API_CACHE_MAX_AGE"]`` seconds. JSON responses are also cached
    here until the content of their ``cache_scopes`` changes; a detail response of a page type
    depends on its own page (``cache_page_scope``) rather than on every page of the type.
    """

    cache_scopes = ()
    # The scope whose pages this endpoint serves ("activities"), for detail responses.
    cache_page_scope = None

    def get_cache_scopes(self, kwargs):
        pk = kwargs.get("pk")
        if pk is None or self.cache_page_scope is None:
            return self.cache_scopes
        return tuple(
            f"{scope}:{pk}" if scope == self.cache_page_scope else scope
            for scope in self.cache_scopes
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.cache_scopes:
            return self.cached_dispatch(request, *args, **kwargs)
        response = cached_response(
            request,
            "api",
            # Lists default to the language of Accept-Language (``languages.list_locale``).
            (f"{type(self).__module__}.{type(self).__qualname__}", request_language(request)),
            self.get_cache_scopes(kwargs),
            lambda: self.cached_dispatch(request, *args, **kwargs),
        )
        if response.get(HIT_HEADER) == "hit":
            return self.conditional(request, response)
        return response

    def cached_dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        renderer = getattr(response, "accepted_renderer", None)
        if renderer is not None and renderer.format != "json":
            # The browsable API's HTML carries the visitor's CSRF token and user name.
            patch_cache_control(response, private=True)
            return response
        response.render()
        return self.conditional(request, response)

    def conditional(self, request, response):
        patch_cache_control(response, public=True, max_age=get_setting("API_CACHE_MAX_AGE"))
        patch_vary_headers(response, ["Accept", "Accept-Language"])
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)


# Invalidation


def page_type_scope(model):
    """The scope of a page type: ``activities`` for ``ActivityPage`` and every subclass of it,
    ``testimonials`` for ``TestimonialPage`` and its subclasses, else ``None``."""
    return policy_for(model, {ActivityPage: "activities", TestimonialPage: "testimonials"})


def changed_scopes(page):
    """The scopes a change to ``page`` touches: its type's (``activities``, ``testimonials``)
    and its own (``activities:<pk>``), or ``pages`` for any other page."""
    scope = page_type_scope(page.specific_class or type(page))
    return (scope, f"{scope}:{page.pk}") if scope else ("pages",)


def page_scopes(page):
    """The scopes what shows ``page`` depends on: its own, and ``pages`` (view restrictions,
    locales, sites)."""
    return tuple(dict.fromkeys((*changed_scopes(page), "pages")))


@functools.cache
def snippet_scopes():
    """The scopes a save or deletion of each model touches, looked up by class."""
    return {
        Theme: ("themes",),
        Organisation: ("organisations",),
        get_image_model(): ("images",),
        PageViewRestriction: ("pages",),
        Locale: ("pages",),
        Site: ("pages",),
    }


def page_published_or_unpublished(sender, instance, **kwargs):
    invalidate(*changed_scopes(instance))
    purge_page(instance)


def page_unpublished_organisers(sender, instance, **kwargs):
    # Its organisers leave the listing's filter with it.
    if isinstance(instance, ActivityPage):
        invalidate("organisers")


def page_moved(sender, instance, **kwargs):
    # The addresses of the page and of everything below it change.
    invalidate(*ALL_PAGE_SCOPES)


def page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        invalidate(*ALL_PAGE_SCOPES)


def snippet_changed(sender, instance, **kwargs):
    scopes = policy_for(sender, snippet_scopes())
    if scopes:
        invalidate(*scopes)
        purge_snippet(sender, instance)


# The organisations the listing's filter offers change only when an activity's live status,
# ``hide_organisers`` or organisers do: an edit of its text leaves them cached.
ORGANISING_FIELDS = frozenset({"live", "hide_organisers"})
# A plain ``Page`` saved for an activity (Wagtail's moves and ``publish_scheduled``).
LISTED_FIELDS = frozenset({"live", "path", "locale", "locale_id"})


def _watched(update_fields, fields):
    return update_fields is None or bool(fields.intersection(update_fields))


def organising(activity):
    """The organisations ``activity`` shows as its organisers: none unless it is live and
    shows them."""
    if not activity.live or activity.hide_organisers:
        return frozenset()
    return frozenset(link.organisation_id for link in activity.organisers.all())


def organising_in_database(activity):
    """``organising(activity)`` as last saved (one query; none for a new activity)."""
    if activity.pk is None:
        return frozenset()
    rows = ActivityPage.objects.filter(pk=activity.pk, live=True, hide_organisers=False)
    return frozenset(pk for pk in rows.values_list("organisers__organisation_id", flat=True) if pk)


def remember_organisers(sender, instance, raw=False, update_fields=None, **kwargs):
    """``pre_save`` of an activity: who it showed as organising, as last saved."""
    if raw or not isinstance(instance, ActivityPage):
        return
    if _watched(update_fields, ORGANISING_FIELDS):
        instance._icssi_organising_before = organising_in_database(instance)


def compare_organisers(sender, instance, raw=False, update_fields=None, **kwargs):
    """``post_save`` of an activity (or of a plain ``Page`` that is one): invalidate the
    listing's filter when who organises a live activity changed."""
    if raw:
        return
    if isinstance(instance, ActivityPage):
        before = instance.__dict__.pop("_icssi_organising_before", None)
        if before is not None and before != organising(instance):
            invalidate("organisers")
    elif (
        isinstance(instance, Page)
        and issubclass(instance.specific_class or Page, ActivityPage)
        and _watched(update_fields, LISTED_FIELDS)
    ):
        invalidate("organisers")


# The front-end cache (wagtail.contrib.frontend_cache)


def frontend_cache_enabled():
    return apps.is_installed("wagtail.contrib.frontend_cache") and bool(
        getattr(settings, "WAGTAILFRONTENDCACHE", None)
    )


def api_url(endpoint, view, *args):
    """The path of an API view, or ``None`` when the host has not registered our endpoints."""
    namespace = get_setting("API_NAMESPACE")
    try:
        return reverse(f"{namespace}:{endpoint}:{view}", args=args)
    except NoReverseMatch:
        return None


def purge(paths):
    """Purge ``paths`` on every site from the front-end cache; the URLs purged."""
    if not frontend_cache_enabled():
        return []
    root_urls = {site.root_url for site in Site.objects.all()}
    urls = sorted({root + path for root in root_urls for path in paths if path})
    if urls:
        purge_urls_from_cache(urls)
    return urls


def purge_page(page):
    """A published or unpublished activity or testimonial changes its endpoint (and the
    themes' counts), and the index that lists it with its feeds and calendar (Wagtail purges
    the page's own address)."""
    endpoint = page_type_scope(page.specific_class or type(page))
    if endpoint is None or not frontend_cache_enabled():
        return
    paths = [api_url(endpoint, "listing"), api_url(endpoint, "detail", page.pk)]
    if endpoint == "activities":
        paths.append(api_url("themes", "listing"))  # activity counts change
    purge(paths)
    purge_parent(page)


def purge_parent(page):
    """Purge the index page that lists ``page``, with its feeds and calendar."""
    parent = page.get_parent()
    if parent is not None and parent.live:
        batch = PurgeBatch()
        batch.add_page(parent.specific)
        batch.purge()


def purge_snippet(model, instance):
    """A changed theme or organisation changes its endpoint and every activity naming it."""
    endpoint = policy_for(model, {Theme: "themes", Organisation: "organisations"})
    if endpoint is None or not frontend_cache_enabled():
        return
    purge(
        [
            api_url(endpoint, "listing"),
            api_url(endpoint, "detail", instance.pk),
            api_url("activities", "listing"),
        ]
    )


def connect_signals():
    """Connect invalidation to the signals, and the per-request memo to the cache (called
    from ``AppConfig.ready``). No sender: a signal with a sender does not reach its
    subclasses (a site's own page types and snippets); the handlers look policies up by
    class."""
    request_memo.use_shared_store(cached)
    page_published.connect(page_published_or_unpublished, dispatch_uid="icssi_cache_published")
    page_unpublished.connect(page_published_or_unpublished, dispatch_uid="icssi_cache_unpublished")
    page_unpublished.connect(page_unpublished_organisers, dispatch_uid="icssi_cache_organisers")
    post_page_move.connect(page_moved, dispatch_uid="icssi_cache_moved")
    post_delete.connect(page_deleted, dispatch_uid="icssi_cache_page_deleted")
    post_save.connect(snippet_changed, dispatch_uid="icssi_cache_snippet_saved")
    post_delete.connect(snippet_changed, dispatch_uid="icssi_cache_snippet_deleted")
    pre_save.connect(remember_organisers, dispatch_uid="icssi_cache_organisers_before")
    post_save.connect(compare_organisers, dispatch_uid="icssi_cache_organisers_after")
