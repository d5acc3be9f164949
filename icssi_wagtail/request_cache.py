"""Lookups made once per request instead of once per use.

``Locale.get_active()``, ``Locale.get_default()`` and ``PageQuerySet.public()`` query the
database on every call, and a page of this app needs them in several places (its listing, its
filters, its ``<head>``). Within a request they are cached here, and a change to a locale or a
view restriction clears the cache; outside a request (management commands, the shell, tests
calling code directly) every call goes to the database, as Wagtail's own do.

Within a request, the locales and the view restrictions also come from the app's cache
(``icssi_wagtail.cache``, scope ``pages``), so that most requests make no query for them.
"""

from asgiref.local import Local
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.models import Locale, PageViewRestriction

from . import cache as shared_cache

# asgiref's Local, not threading.local: under ASGI, sync views of concurrent requests share a
# thread, and each request must keep its own lookups.
_state = Local()


def _cache():
    return getattr(_state, "locales", None)


def _for_language(language):
    """``Locale.objects.get_for_language``, cached by language for the request."""
    cache = _cache()
    if cache is None:
        return Locale.objects.get_for_language(language)
    key = ("language", language)
    if key not in cache:
        pk = shared_cache.cached(
            "locale-code",
            language,
            ("pages",),
            lambda: Locale.objects.get_for_language(language).pk,
        )
        cache[key] = locale_by_id(pk)
    return cache[key]


def active_locale():
    """The locale of the active language, else the default one (``Locale.get_active()``)."""
    try:
        return _for_language(translation.get_language())
    except (Locale.DoesNotExist, LookupError):
        return default_locale()


def default_locale():
    """The default locale (``Locale.get_default()``)."""
    return _for_language(settings.LANGUAGE_CODE)


def locale_by_id(pk):
    """The locale with primary key ``pk``: a page's ``locale`` without a query per page."""
    cache = _cache()
    if cache is None:
        return Locale.objects.get(pk=pk)
    key = ("pk", pk)
    if key not in cache:
        locale = cache[key] = shared_cache.cached(
            "locale", pk, ("pages",), lambda: Locale.objects.get(pk=pk)
        )
        cache.setdefault(("language", locale.language_code), locale)
    return cache[key]


def restricted_paths():
    """``(path, depth)`` of every page under a view restriction, read once per request."""
    cache = _cache()
    if cache is None:
        return _restricted_paths()
    if "restricted" not in cache:
        cache["restricted"] = shared_cache.cached("restricted", (), ("pages",), _restricted_paths)
    return cache["restricted"]


def _restricted_paths():
    return list(PageViewRestriction.objects.values_list("page__path", "page__depth").distinct())


def hidden_image_ids():
    """The ids of the images no output may show (``safety.hidden_images``), read once per
    request, and kept in the app's cache until a testimonial or an image changes (a revision
    that hides a photo forgets them too, see ``safety.forget_hidden_images``)."""
    cache = _cache()
    if cache is None:
        return _hidden_image_ids()
    if "hidden-images" not in cache:
        cache["hidden-images"] = shared_cache.cached(
            "hidden-images", (), ("testimonials", "images"), _hidden_image_ids
        )
    return cache["hidden-images"]


def _hidden_image_ids():
    from .safety import hidden_images

    return frozenset(hidden_images().values_list("pk", flat=True))


def private_q():
    """``PageQuerySet.private_q()``: the pages under a view restriction, as a ``Q``."""
    q = Q()
    for path, depth in restricted_paths():
        q |= Q(path__startswith=path, depth__gte=depth)
    return q if q else Q(pk__in=[])


def is_private(page):
    """Whether ``page`` or one of its ancestors has a view restriction."""
    return any(page.path.startswith(path) for path, _depth in restricted_paths())


def is_public(page):
    """Whether every visitor may see ``page``: it is live, and neither it nor an ancestor has a
    view restriction (password, login or groups). Reads the restrictions once per request."""
    return page.live and not is_private(page)


def public(queryset):
    """``queryset.public()``, with the view restrictions read once per request."""
    return queryset.exclude(private_q())


def _start(**kwargs):
    _state.locales = {}


def _stop(**kwargs):
    _state.locales = None


def _changed(**kwargs):
    if _cache() is not None:
        _state.locales = {}


def register_signal_handlers():
    request_started.connect(_start, dispatch_uid="icssi_wagtail_locales_start")
    request_finished.connect(_stop, dispatch_uid="icssi_wagtail_locales_stop")
    post_save.connect(_changed, sender=Locale, dispatch_uid="icssi_wagtail_locales_saved")
    post_delete.connect(_changed, sender=Locale, dispatch_uid="icssi_wagtail_locales_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            _changed,
            sender=PageViewRestriction,
            dispatch_uid=f"icssi_wagtail_restrictions_{signal is post_save}",
        )
