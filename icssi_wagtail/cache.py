"""Answers kept in Django's cache, and forgotten as soon as what they show changes.

The activity listings (with their feeds and calendars) and the API's answers are kept in the
cache named by ``ICSSI_WAGTAIL["CACHE_ALIAS"]`` (Django's ``default``: local memory unless the
host configures another, Redis through django-redis in production). Every kept answer depends on
*scopes*, the kinds of content it shows:

``activities``, ``testimonials``
    publishing, unpublishing, moving or deleting a page of that type (in any language);
``organisers``
    which organisations organise a live activity that names them (the listing's filter):
    publishing or unpublishing an activity whose organisers, ``hide_organisers`` or live
    status change, moving or deleting a page;
``themes``, ``organisations``, ``images``
    saving or deleting one;
``pages``
    everything else an answer may show: other pages (an index, a call to action, their
    translations), view restrictions, locales and sites.

Each scope has a version, a random token kept in the cache itself, and the key of an answer
includes the versions of its scopes. A change replaces the versions of the scopes it touches, so
the answers that depend on them are never read again (they expire on their own) while every
other answer stays. Versions live in the shared cache, not in a process: with Redis, a publish
in one process is seen by every other at once. With local memory (one cache per process) a
site must run in a single process, or accept answers up to ``CACHE_TIMEOUT`` seconds old in the
others (see docs/scaling.md).

A version is replaced twice: when the change happens, and when its transaction commits, so that
an answer computed by another request between the two, from data about to change, is not kept
under the new version.
"""

import hashlib
import uuid

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import translation

from .conf import get_setting
from .policies import policy_for

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
# Headers a kept answer carries; the rest (Vary, cookies, dates) are set again on the way out.
# Last-Modified is the content's own (a feed's latest item, a sitemap's latest page).
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Last-Modified")
HIT_HEADER = "X-ICSSI-Cache"
# Versions expire after a day: a lost version only makes the answers under it unreachable.
VERSION_TIMEOUT = 24 * 60 * 60


def get_cache():
    """The cache answers are kept in, or ``None`` when the host turned caching off."""
    alias = get_setting("CACHE_ALIAS")
    if not alias or get_setting("CACHE_TIMEOUT") == 0:
        return None
    return caches[alias]


def _scope_key(scope):
    return f"{PREFIX}:scope:{scope}"


def versions(scopes, cache=None):
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
    """Forget every answer that depends on one of ``scopes``, now and when the current
    transaction commits."""
    cache = get_cache()
    if cache is None or not scopes:
        return

    def replace():
        cache.set_many({_scope_key(scope): uuid.uuid4().hex for scope in scopes}, VERSION_TIMEOUT)

    replace()
    if connection.in_atomic_block:
        transaction.on_commit(replace)


def invalidate_all():
    """Forget every kept answer: after changes made without Wagtail's signals (bulk inserts,
    ``QuerySet.update()``, SQL run by hand)."""
    invalidate(*SCOPES)


def make_key(kind, parts, scopes, cache=None):
    """A key short enough for every backend (memcached takes 250 characters)."""
    digest = hashlib.sha256(repr((versions(scopes, cache), parts)).encode()).hexdigest()
    return f"{PREFIX}:{kind}:{digest}"


_MISSING = object()


def cached(kind, parts, scopes, compute):
    """``compute()``, kept under a key made of ``parts`` and the versions of ``scopes``.

    The versions are read before computing, so a change made meanwhile makes the result
    unreachable rather than stale.
    """
    cache = get_cache()
    if cache is None:
        return compute()
    key = make_key(kind, parts, scopes, cache)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, get_setting("CACHE_TIMEOUT"))
    return value


def may_keep(request):
    """Whether an answer to ``request`` is the same for every visitor who sends it."""
    if request.method not in ("GET", "HEAD") or getattr(request, "is_preview", False):
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def keepable(response):
    """Whether ``response`` may be kept: a complete 200 that sets no cookie and is not private."""
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def personal(request):
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
    """What identifies an answer: host, scheme, full path and query, language, ``Accept``."""
    return (
        request.get_host(),
        request.scheme,
        request.get_full_path(),
        translation.get_language(),
        request.META.get("HTTP_ACCEPT", ""),
    )


def cached_response(request, kind, parts, scopes, get_response):
    """The answer to ``request``: a kept copy, else ``get_response()`` (kept if it may be).

    Answers carry ``X-ICSSI-Cache: hit`` or ``miss``.
    """
    cache = get_cache()
    if cache is None or not may_keep(request):
        return get_response()
    key = make_key(kind, (*request_parts(request), *parts), scopes, cache)
    kept = cache.get(key)
    if kept is not None:
        response = HttpResponse(kept["content"], status=kept["status"])
        for name, value in kept["headers"].items():
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response
    response = get_response()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if keepable(response) and not personal(request):
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        value = {"content": response.content, "status": response.status_code, "headers": headers}
        cache.set(key, value, get_setting("CACHE_TIMEOUT"))
        response[HIT_HEADER] = "miss"
    return response


# What changes which scope.


def page_type_scope(model):
    """The scope of a page type: ``activities`` for ``ActivityPage`` and every subclass of it,
    ``testimonials`` for ``TestimonialPage`` and its subclasses, else ``None``."""
    from .models import ActivityPage, TestimonialPage

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


def _page_changed(sender, instance, **kwargs):
    invalidate(*changed_scopes(instance))


def _page_moved(sender, instance, **kwargs):
    # The addresses of the page and of everything below it change.
    invalidate(*ALL_PAGE_SCOPES)


def _page_deleted(sender, instance, **kwargs):
    from wagtail.models import Page

    if isinstance(instance, Page):
        invalidate(*ALL_PAGE_SCOPES)


def _changed(*scopes):
    def handler(sender, **kwargs):
        invalidate(*scopes)

    return handler


_handlers = []


def register_signal_handlers():
    from wagtail.images import get_image_model
    from wagtail.models import Locale, PageViewRestriction, Site
    from wagtail.signals import page_published, page_unpublished, post_page_move

    from .models import Organisation, Theme

    page_published.connect(_page_changed, dispatch_uid="icssi_cache_published")
    page_unpublished.connect(_page_changed, dispatch_uid="icssi_cache_unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="icssi_cache_moved")
    post_delete.connect(_page_deleted, dispatch_uid="icssi_cache_page_deleted")
    senders = {
        Theme: ("themes",),
        Organisation: ("organisations",),
        get_image_model(): ("images",),
        PageViewRestriction: ("pages",),
        Locale: ("pages",),
        Site: ("pages",),
    }
    for model, scopes in senders.items():
        handler = _changed(*scopes)
        _handlers.append(handler)  # signals keep weak references
        for signal in (post_save, post_delete):
            signal.connect(handler, sender=model, dispatch_uid=f"icssi_cache_{model.__name__}")
