"""Settings of icssi_wagtail, read from the ``ICSSI_WAGTAIL`` dict in the host's settings.

Values are read on every access (never at import time), so ``override_settings`` and
``settings.configure`` work as a host expects::

    ICSSI_WAGTAIL = {
        "BASE_TEMPLATE": "base.html",
        "LISTING_PAGE_SIZE": 12,
    }
"""

from django.conf import settings

DEFAULTS = {
    # Template that every page template of this app extends. It must render the blocks
    # ``title``, ``extra_head`` and ``content``: a site's own base template that has them, or a
    # three-line layout that places them in the site's own blocks (docs/integration.md).
    # System checks E005, W005 and W006 say which block is missing or misplaced, and where.
    "BASE_TEMPLATE": "icssi_wagtail/base.html",
    # Activities per page of an activity index, and the largest ``per_page`` a visitor may ask for.
    "LISTING_PAGE_SIZE": 20,
    "LISTING_MAX_PAGE_SIZE": 50,
    # The most themes a visitor may filter by at once, in the listing and the API (repeats
    # count once). Beyond it the API answers 400 and the listing reports the theme filter and
    # ignores it. A site with more themes than this that lets visitors tick them all raises it.
    "MAX_THEME_FILTERS": 20,
    # Activities shown on a call to action page, under its themes.
    "CALL_TO_ACTION_ACTIVITY_COUNT": 6,
    # Days before registration closes during which a call to action is "closing soon".
    "CLOSING_SOON_DAYS": 7,
    # The largest ``limit`` and ``offset`` the API endpoints accept; larger values get a 400.
    "API_LIMIT_MAX": 100,
    "API_OFFSET_MAX": 10_000,
    # Seconds a shared cache may keep an API answer (Cache-Control: public, max-age).
    "API_CACHE_MAX_AGE": 60,
    # The Django cache that keeps listings and API answers (icssi_wagtail.cache; None: keep
    # nothing), and for how many seconds at most. Publishing invalidates them at once; the
    # timeout bounds how long "upcoming" lists may show an activity that has just ended.
    "CACHE_ALIAS": "default",
    "CACHE_TIMEOUT": 300,
    # URL namespace of the host's WagtailAPIRouter, to find the API URLs to purge from a CDN.
    "API_NAMESPACE": "wagtailapi",
    # Items of an activity index's RSS and Atom feeds, and events of its iCalendar file.
    "FEED_ITEM_COUNT": 50,
    "CALENDAR_EVENT_COUNT": 200,
    # Link the bundled stylesheet from every ICSSI page ({% icssi_head %}), whatever the base
    # template; False leaves all styling to the site.
    "INCLUDE_STYLESHEET": True,
    # Open Graph's og:locale (language_TERRITORY) of each content language; a language not
    # listed gets Django's to_locale() of its code.
    "OPEN_GRAPH_LOCALES": {
        "en": "en_GB",
        "ar": "ar_IQ",
        "ckb": "ckb_IQ",
        "fr": "fr_FR",
        "it": "it_IT",
    },
    # The right-hand side of calendar events' UIDs ("icssi-activity-<translation key>-<language>
    # @<domain>"): the site's domain, for example. UIDs never depend on the address a calendar
    # was downloaded from, so they stay the same when the site moves.
    "CALENDAR_UID_DOMAIN": "icssi-wagtail",
    # The time zone of a new event page that has no event above it and no page of its type
    # beside it to take one from (an IANA name such as "Asia/Baghdad").
    "DEFAULT_TIME_ZONE": "UTC",
    # Activity registrations (icssi_wagtail.registration, docs/registration.md).
    # At most N registrations per (count, seconds), per client address and per contact e-mail,
    # counted in the Django cache REGISTRATION_CACHE_ALIAS.
    "REGISTRATION_RATE_LIMITS": {"address": (10, 3600), "email": (3, 3600)},
    "REGISTRATION_CACHE_ALIAS": "default",
    # Username of the user registrations are submitted as (the draft's owner, who "requested"
    # the moderation); None: no user, as Wagtail's workflow allows.
    "REGISTRATION_USER": None,
    # Sender of the submitters' e-mails; None: DEFAULT_FROM_EMAIL.
    "REGISTRATION_FROM_EMAIL": None,
    # Days a submitter's contact is kept after the moderators' decision, and at most while
    # no decision is made (icssi_purge_registrations deletes them).
    "REGISTRATION_RETENTION_DAYS": 30,
    "REGISTRATION_UNDECIDED_RETENTION_DAYS": 180,
    # Send admin previews of ICSSI pages to a headless front end (needs wagtail-headless-preview,
    # the "preview" extra, in INSTALLED_APPS; see icssi_wagtail.preview).
    "HEADLESS_PREVIEW": False,
    # Image sizes an API client may ask for by name (``?image_size=card``): each image of the
    # answer is then that rendition (a Wagtail filter spec) instead of its field's own.
    "IMAGE_SIZES": {
        "thumbnail": "fill-400x300",
        "square": "fill-400x400",
        "card": "fill-640x360",
        "hero": "fill-1200x675",
        "full": "max-1200x1200",
    },
}


def get_setting(name):
    """Return the value of one icssi_wagtail setting, falling back to its default.

    Raises:
        KeyError: if ``name`` is not a setting of this app.
    """
    if name not in DEFAULTS:
        raise KeyError(f"{name!r} is not an ICSSI_WAGTAIL setting.")
    return getattr(settings, "ICSSI_WAGTAIL", {}).get(name, DEFAULTS[name])
