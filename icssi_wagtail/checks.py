"""System checks for host sites that install icssi_wagtail."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from .conf import get_setting

REQUIRED_APPS = {
    "taggit": "icssi_wagtail.E001",
    "modelcluster": "icssi_wagtail.E002",
    "wagtail.images": "icssi_wagtail.E003",
    "wagtail.documents": "icssi_wagtail.E003",
    "wagtail.snippets": "icssi_wagtail.E003",
    "wagtail.search": "icssi_wagtail.E003",
}


@register(Tags.compatibility)
def check_required_apps(app_configs=None, **kwargs):
    """E001-E003: an app this package needs is missing from ``INSTALLED_APPS``."""
    return [
        Error(
            f"icssi_wagtail needs '{app}' in INSTALLED_APPS.",
            hint=f"Add '{app}' to INSTALLED_APPS.",
            id=check_id,
        )
        for app, check_id in REQUIRED_APPS.items()
        if not apps.is_installed(app)
    ]


@register(Tags.compatibility)
def check_countries(app_configs=None, **kwargs):
    """W003: django-countries' catalogues are only loaded when it is an installed app."""
    if apps.is_installed("django_countries"):
        return []
    return [
        Warning(
            "'django_countries' is not in INSTALLED_APPS: country names are shown in English "
            "on pages in every language.",
            hint="Add 'django_countries' to INSTALLED_APPS.",
            id="icssi_wagtail.W003",
        )
    ]


LOCAL_MEMORY_CACHE = "django.core.cache.backends.locmem.LocMemCache"


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs=None, **kwargs):
    """W004 (``check --deploy``): kept answers live in each process's own memory."""
    from django.conf import settings

    alias = get_setting("CACHE_ALIAS")
    backend = settings.CACHES.get(alias, {}).get("BACKEND", "") if alias else ""
    if backend != LOCAL_MEMORY_CACHE or get_setting("CACHE_TIMEOUT") == 0:
        return []
    return [
        Warning(
            f"ICSSI pages and API answers are kept in the cache '{alias}', local to each "
            "process: a change made by another process (another worker, publish_scheduled run "
            "by cron, a management command) reaches it only after CACHE_TIMEOUT seconds.",
            hint="Use a cache shared by every process, such as Redis (pip install "
            "'icssi-wagtail[redis]'), or set ICSSI_WAGTAIL['CACHE_ALIAS'] = None.",
            id="icssi_wagtail.W004",
        )
    ]


@register(Tags.templates)
def check_base_template(app_configs=None, **kwargs):
    """E004: ``ICSSI_WAGTAIL["BASE_TEMPLATE"]`` names a template that cannot be found."""
    name = get_setting("BASE_TEMPLATE")
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return [
            Error(
                f"ICSSI_WAGTAIL['BASE_TEMPLATE'] is '{name}', but no such template exists.",
                hint="Name a template that defines the blocks 'title', 'extra_head' and "
                "'content', or remove the setting to use 'icssi_wagtail/base.html'.",
                id="icssi_wagtail.E004",
            )
        ]
    return []


# Apps with which editors translate pages: either is enough for W001.
TRANSLATION_APPS = ("wagtail_localize", "wagtail.contrib.simple_translation")


@register(Tags.compatibility)
def check_localize(app_configs=None, **kwargs):
    """W001: i18n is enabled but no translation app is, so editors cannot translate pages.

    W002: wagtail-localize publishes new translations of live pages untranslated."""
    if getattr(settings, "WAGTAIL_I18N_ENABLED", False) and not any(
        apps.is_installed(app) for app in TRANSLATION_APPS
    ):
        return [
            Warning(
                "WAGTAIL_I18N_ENABLED is on but no translation app is in INSTALLED_APPS: "
                "editors cannot translate ICSSI pages.",
                hint="Add 'wagtail_localize' and 'wagtail_localize.locales' (in place of "
                "'wagtail.locales'), or Wagtail's 'wagtail.contrib.simple_translation'.",
                id="icssi_wagtail.W001",
            )
        ]
    if apps.is_installed("wagtail_localize") and getattr(
        settings, "WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE", True
    ):
        return [
            Warning(
                "Submitting a live page for translation publishes the translation at once, "
                "with the source language's text in place of the translation.",
                hint="Set WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False: new "
                "translations stay drafts until someone who may publish publishes them.",
                id="icssi_wagtail.W002",
            )
        ]
    return []
