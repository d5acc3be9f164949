"""Where a visitor is: the site's name and home in their language, its menu, a page's breadcrumb.

The bundled base template shows the first three (``{% icssi_site_navigation %}``), the page
templates the breadcrumb (``{% icssi_breadcrumb %}``). Each is kept in the app's cache (scope
``pages``: publishing, moving or deleting a page other than an activity or a testimonial), so
that a page costs no query for them once they are kept.
"""

from collections import Counter
from urllib.parse import urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Site

from .cache import cached
from .request_memo import public


def find_site(request):
    """The request's Wagtail site (Wagtail keeps it on the request), else ``None``."""
    return Site.find_for_request(request) if request is not None else None


def site_navigation(request):
    """``site_name``, ``home_url`` (the site's root page in the active language, else in its
    own) and ``menu``: the root's live, public children shown in menus, as ``title`` and
    ``url``."""
    site = find_site(request)
    if site is None:
        return {"site_name": settings.WAGTAIL_SITE_NAME, "home_url": "/", "menu": []}
    return cached(
        "site-navigation",
        (site.pk, translation.get_language()),
        ("pages",),
        lambda: _site_navigation(site, request),
    )


def _site_navigation(site, request):
    home = site.root_page.localized
    children = public(home.get_children().live().in_menu())
    return {
        "site_name": site.site_name or getattr(settings, "WAGTAIL_SITE_NAME", ""),
        "home_url": home.get_url(request),
        "menu": [link(child, request) for child in children],
    }


def breadcrumb(page, request):
    """The live ancestors of ``page`` from its site's root (named "Home"), as ``title`` and
    ``url``; the page itself is not included."""
    site = find_site(request)
    return cached(
        "breadcrumb",
        (page.pk, site.pk if site else None, translation.get_language()),
        ("pages",),
        lambda: _breadcrumb(page, site, request),
    )


def _breadcrumb(page, site, request):
    # A translated page's ancestors are translations too: the root's depth is the same.
    root_depth = site.root_page.depth if site else 2
    ancestors = page.get_ancestors().filter(depth__gte=root_depth).live()
    links = [link(ancestor, request) for ancestor in ancestors]
    if links and ancestors[0].depth == root_depth:
        links[0]["title"] = gettext("Home")
    return links


def link(page, request):
    return {"title": page.title, "url": page.get_url(request)}


def language_links(translations):
    """The language switcher's links: ``translations`` (dicts with ``language`` and ``url``),
    each linking to its own address.

    Without ``i18n_patterns`` a page and its translations may share one address, where
    ``LocaleMiddleware`` picks the language from a cookie or the browser: such a link goes
    through the app's language switch (``icssi_wagtail:language``, when the site includes
    ``icssi_wagtail.urls``), which sets the language and returns to that address.
    """
    shared = Counter(item["url"] for item in translations)
    if max(shared.values(), default=0) < 2:
        return translations
    try:
        switch = reverse("icssi_wagtail:language")
    except NoReverseMatch:
        return translations
    return [
        {**item, "url": switch_url(switch, item["language"], item["url"])}
        if shared[item["url"]] > 1
        else item
        for item in translations
    ]


def switch_url(switch, language, url):
    """The address of the language switch that sets ``language`` and returns to ``url``'s
    path (on the visitor's own host, which may differ from the Wagtail site's hostname)."""
    parts = urlsplit(url)
    next_url = urlunsplit(("", "", parts.path, parts.query, ""))
    return f"{switch}?{urlencode({'language': language, 'next': next_url})}"
