"""Rate limits of registrations, per client address and per contact e-mail, counted in the
Django cache (``REGISTRATION_RATE_LIMITS``, ``REGISTRATION_CACHE_ALIAS``).

Keys hold a keyed hash of the address or e-mail, never the value itself.
"""

from django.core.cache import caches
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from ..conf import get_setting


def client_address(request):
    """The client's address: ``REMOTE_ADDR``. Behind a proxy, the site sets ``REMOTE_ADDR``
    from the proxy's header in a middleware (the proxy, not this app, knows which to trust)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(kind, value):
    digest = salted_hmac("icssi_wagtail.registration.rate", f"{kind}:{value}".lower()).hexdigest()
    return f"icssi-registration-rate:{kind}:{digest[:40]}"


def _limits(address, email):
    limits = get_setting("REGISTRATION_RATE_LIMITS")
    for kind, value in (("address", address), ("email", email)):
        if kind in limits and limits[kind]:
            count, seconds = limits[kind]
            yield _key(kind, value), count, seconds


def check(*, address, email):
    """Raise ``RateLimited`` when either has reached its limit."""
    from .moderation import RateLimited

    cache = caches[get_setting("REGISTRATION_CACHE_ALIAS")]
    for key, count, _seconds in _limits(address, email):
        if (cache.get(key) or 0) >= count:
            raise RateLimited(key)


def count(*, address, email):
    """Count one registration for both."""
    cache = caches[get_setting("REGISTRATION_CACHE_ALIAS")]
    for key, _count, seconds in _limits(address, email):
        cache.add(key, 0, seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, seconds)


def error():
    from django.core.exceptions import ValidationError

    return ValidationError(
        _("You have sent too many registrations for now. Please try again later."),
        code="rate_limited",
    )
