"""System checks for host sites that install icssi_wagtail."""

from django.apps import apps
from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.base import Template
from django.template.loader import get_template

from .conf import get_setting
from .layout import REQUIRED_BLOCKS, read_layout

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
    """E004: ``ICSSI_WAGTAIL["BASE_TEMPLATE"]`` names a template that cannot be found or read.

    E005, W005, W006: see :func:`check_layout`."""
    name = get_setting("BASE_TEMPLATE")
    try:
        template = get_template(name)
    except TemplateDoesNotExist:
        return [
            Error(
                f"ICSSI_WAGTAIL['BASE_TEMPLATE'] is '{name}', but no such template exists.",
                hint="Name a template that defines the blocks 'title', 'extra_head' and "
                "'content', or remove the setting to use 'icssi_wagtail/base.html'.",
                id="icssi_wagtail.E004",
            )
        ]
    except TemplateSyntaxError as error:
        return [
            Error(
                f"ICSSI_WAGTAIL['BASE_TEMPLATE'] '{name}' cannot be read: {error}",
                hint="Correct the template, or one that it extends.",
                id="icssi_wagtail.E004",
            )
        ]
    template = getattr(template, "template", None)  # Django's, not another engine's
    if not isinstance(template, Template):
        return []
    return check_layout(name, read_layout(template))


# What a page loses when its base template drops a block it fills, and where the block goes.
BLOCK_LOSSES = {
    "title": "title (the site's default title is shown)",
    "extra_head": "stylesheet, canonical link, Open Graph tags and JSON-LD",
    "content": "content",
}
BLOCK_PLACES = {
    "title": "between <title> and </title>",
    "extra_head": "just before </head>",
    "content": "inside the site's <main> element",
}


def check_layout(name, layout):
    """E005: the base template never renders ``content`` or ``extra_head``, so ICSSI pages
    would be empty or lose their stylesheet and head tags; W005: the same for ``title``.

    W006: a block is rendered outside its element (``<head>``, ``<title>``, ``<main>``) or
    more than once. Each message names the template to change and the lines to add."""
    if layout is None:  # {% extends variable %}: known only when a page is rendered
        return []
    messages = []
    missing = [block for block in REQUIRED_BLOCKS if block not in layout.reached]
    via = f" (which extends '{layout.top}')" if len(layout.names) > 1 else ""
    unused = ""
    if layout.unused:
        names = ", ".join(f"'{block}'" for block in layout.unused)
        unused = f" Its blocks {names} fill no block of '{layout.top}'."
    suggestion = _layout_suggestion(layout, missing)
    for block in missing:
        level, check_id = (Warning, "W005") if block == "title" else (Error, "E005")
        messages.append(
            level(
                f"ICSSI pages would lose their {BLOCK_LOSSES[block]}: "
                f"ICSSI_WAGTAIL['BASE_TEMPLATE'] '{name}'{via} renders no block "
                f"'{block}'.{unused}",
                hint=f"Add '{{% block {block} %}}{{% endblock %}}' {BLOCK_PLACES[block]} in "
                f"'{layout.top}'{suggestion}",
                id=f"icssi_wagtail.{check_id}",
            )
        )
    messages.extend(_misplaced(name, layout))
    return messages


def _layout_suggestion(layout, missing):
    """The layout template that would place the missing blocks in the site's own blocks."""
    host = {
        "title": layout.host_block("title"),
        "extra_head": layout.host_block("head", outside={"title"}),
        "content": layout.host_block("main") or layout.host_block("body", outside={"head"}),
    }
    if not missing or not all(host[block] for block in missing):
        return "."
    lines = [f'{{% extends "{layout.top}" %}}']
    for block in missing:
        super_ = "{{ block.super }}" if block == "extra_head" else ""
        lines.append(
            f"{{% block {host[block]} %}}{super_}{{% block {block} %}}{{% endblock %}}"
            "{% endblock %}"
        )
    return (
        ", or write a layout template that places ICSSI's blocks in your own ones, and name "
        "it in ICSSI_WAGTAIL['BASE_TEMPLATE'] (docs/integration.md):\n" + "\n".join(lines)
    )


def _misplaced(name, layout):
    messages = []
    for block, element in REQUIRED_BLOCKS.items():
        count = layout.reached.get(block, 0)
        if count > 1:
            messages.append(
                Warning(
                    f"ICSSI_WAGTAIL['BASE_TEMPLATE'] '{name}' renders the block '{block}' "
                    f"{count} times: ICSSI pages would show their {BLOCK_LOSSES[block]} "
                    "more than once.",
                    hint=f"'{layout.top}' has a block '{block}' of its own: if ICSSI pages "
                    "belong there, do not place the block again in your layout; otherwise "
                    "rename your site's block.",
                    id="icssi_wagtail.W006",
                )
            )
        elif count and element in layout.elements and element not in layout.inside[block]:
            messages.append(
                Warning(
                    f"ICSSI_WAGTAIL['BASE_TEMPLATE'] '{name}' renders the block '{block}' "
                    f"outside <{element}>.",
                    hint=f"Move it {BLOCK_PLACES[block]} in '{layout.top}'.",
                    id="icssi_wagtail.W006",
                )
            )
    return messages


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


# Apps whose admin templates this app overrides: it must come before them in INSTALLED_APPS,
# as Django's app template loader takes the first app's template of a name.
OVERRIDDEN_APPS = {
    "wagtail_localize": (
        "the translation editor's Ready for review step, and its Delete and Convert to alias "
        "actions hidden from translators"
    ),
    "wagtail.images": "the image chooser's tabs after a duplicate upload (Wagtail 7.4)",
}


@register(Tags.templates)
def check_app_order(app_configs=None, **kwargs):
    """W007: an app whose admin templates this app overrides comes before it. W008: grapple
    comes before it, so grapple builds its GraphQL types (in its ``ready()``) before this app's
    ``ready()`` gives the models their ``graphql_fields`` (``graphql.attach_fields``)."""
    names = [config.name for config in apps.get_app_configs()]
    ours = names.index("icssi_wagtail")
    if "grapple" in names and names.index("grapple") < ours:
        yield Warning(
            "'grapple' comes before 'icssi_wagtail' in INSTALLED_APPS, so GraphQL gives "
            "this app's page types and snippets none of their fields.",
            hint="Move 'icssi_wagtail' above 'grapple' in INSTALLED_APPS.",
            id="icssi_wagtail.W008",
        )
    yield from [
        Warning(
            f"'{app}' comes before 'icssi_wagtail' in INSTALLED_APPS, so its templates hide "
            f"this app's: {what}.",
            hint=f"Move 'icssi_wagtail' above '{app}' in INSTALLED_APPS.",
            id="icssi_wagtail.W007",
        )
        for app, what in OVERRIDDEN_APPS.items()
        if app in names and names.index(app) < ours
    ]
