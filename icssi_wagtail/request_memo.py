"""Lookups made once per request instead of once per use.

``Locale.get_active()``, ``Locale.get_default()`` and ``PageQuerySet.public()`` query the
database on every call, and a page of this app needs them in several places (its listing, its
filters, its ``<head>``). Within a request each is looked up once and remembered here until the
request ends; a change to a locale or a view restriction forgets them. Outside a request
(management commands, the shell, tests calling code directly) every call goes to the database,
as Wagtail's own do.

This is a memo, not a cache of responses. When caching is on, ``icssi_wagtail.cache`` also
hands it a shared store (``use_shared_store``), so that the locales, the view restrictions and
the hidden images are read from Django's cache across requests and invalidated with them. This
module imports nothing of the app's when it loads, so that models may use it.
"""

from asgiref.local import Local
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.utils import translation
from wagtail.models import DraftStateMixin, Locale, PageViewRestriction

# asgiref's Local, not threading.local: under ASGI, sync views of concurrent requests share a
# thread, and each request must keep its own lookups.
_state = Local()


def _no_shared_store(kind, parts, scopes, compute):
    return compute()


# ``(kind, parts, scopes, compute) -> value``: ``icssi_wagtail.cache.cached`` once the app is
# ready (see ``use_shared_store``).
_shared = _no_shared_store


def use_shared_store(lookup):
    """Read the lookups through ``lookup`` (``icssi_wagtail.cache.cached``) across requests."""
    global _shared
    _shared = lookup or _no_shared_store


def _memo():
    return getattr(_state, "memo", None)


def _for_language(language):
    """``Locale.objects.get_for_language``, remembered by language for the request."""
    memo = _memo()
    if memo is None:
        return Locale.objects.get_for_language(language)
    key = ("language", language)
    if key not in memo:
        pk = _shared(
            "locale-code",
            language,
            ("pages",),
            lambda: Locale.objects.get_for_language(language).pk,
        )
        memo[key] = locale_by_id(pk)
    return memo[key]


def active_locale():
    """The locale of the active language, else the default one (``Locale.get_active()``)."""
    try:
        return _for_language(translation.get_language())
    except (Locale.DoesNotExist, LookupError):
        return default_locale()


def localized(instance):
    """``instance.localized``: the page or snippet in the active language (for a page, if that
    translation is live), else itself; the active locale is looked up once per request."""
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return instance
    try:
        locale = active_locale()
    except (Locale.DoesNotExist, LookupError):
        return instance
    if locale.pk == instance.locale_id:
        return instance
    translated = instance.get_translation_or_none(locale)
    if translated is None or (isinstance(instance, DraftStateMixin) and not translated.live):
        return instance
    return translated


def default_locale():
    """The default locale (``Locale.get_default()``)."""
    return _for_language(settings.LANGUAGE_CODE)


def locale_by_id(pk):
    """The locale with primary key ``pk``: a page's ``locale`` without a query per page."""
    memo = _memo()
    if memo is None:
        return Locale.objects.get(pk=pk)
    key = ("pk", pk)
    if key not in memo:
        locale = memo[key] = _shared("locale", pk, ("pages",), lambda: _locale(pk))
        memo.setdefault(("language", locale.language_code), locale)
    return memo[key]


def _locale(pk):
    from .prepared import fetch

    found = fetch(Locale, ("locale",), lambda pk: Locale.objects.filter(pk=pk), pk=pk)
    if not found:
        raise Locale.DoesNotExist(f"No locale with the primary key {pk}.")
    return found[0]


def restricted_paths():
    """``(path, depth)`` of every page under a view restriction, read once per request."""
    memo = _memo()
    if memo is None:
        return _restricted_paths()
    if "restricted" not in memo:
        memo["restricted"] = _shared("restricted", (), ("pages",), _restricted_paths)
    return memo["restricted"]


def _restricted_paths():
    # Without DISTINCT, which SQLite answers by reading every page in path order: the
    # restrictions are few, their pages are read by key.
    from .prepared import fetch

    rows = fetch(
        PageViewRestriction,
        ("restricted-paths",),
        lambda: PageViewRestriction.objects.order_by().values_list("page__path", "page__depth"),
    )
    return list(dict.fromkeys(rows))


def hidden_image_ids():
    """The ids of the images no output may show (``safety.hidden_images``), read once per
    request (and, with the shared store, once until a testimonial or an image changes: a
    revision that hides a photo invalidates them too, see ``safety.forget_hidden_images``)."""
    memo = _memo()
    if memo is None:
        return _hidden_image_ids()
    if "hidden-images" not in memo:
        memo["hidden-images"] = _shared(
            "hidden-images", (), ("testimonials", "images"), _hidden_image_ids
        )
    return memo["hidden-images"]


def _hidden_image_ids():
    from wagtail.images import get_image_model

    from .prepared import fetch
    from .safety import hidden_images  # safety reads this module's lookups

    # Its SQL (a subquery of the revisions' JSON) took the ORM 1 to 2 ms to write, per page.
    hidden = fetch(get_image_model(), ("hidden-images",), lambda: hidden_images().only("pk"))
    return frozenset(image.pk for image in hidden)


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


def remembered(key, compute, scopes=()):
    """``compute()``, once per request under ``key`` (``(kind, *parts)``; every call outside a
    request): for small lookups that several parts of one page need, such as the themes of a
    language. With ``scopes``, also read through the shared store across requests, as the
    locales are, until content of those scopes changes (``icssi_wagtail.cache``)."""
    memo = _memo()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = _shared(key[0], key[1:], scopes, compute) if scopes else compute()
    return memo[key]


def _start(**kwargs):
    _state.memo = {}


def _stop(**kwargs):
    _state.memo = None


def _changed(**kwargs):
    if _memo() is not None:
        _state.memo = {}


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
