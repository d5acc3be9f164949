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
from wagtail.models import Page, Site

from . import prepared
from .cache import cached
from .request_memo import localized, public, restricted_paths


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
    home = localized(site.root_page)
    return {
        "site_name": site.site_name or getattr(settings, "WAGTAIL_SITE_NAME", ""),
        "home_url": home.get_url(request),
        "menu": [link(child, request) for child in menu_pages(home)],
    }


# Beyond this many children, menu_pages() looks them up as get_children() does.
MAX_NUMBERED_CHILDREN = 50


def menu_pages(home):
    """``home``'s live, public children shown in menus, in order: what
    ``public(home.get_children().live().in_menu())`` gives, in one query that does not read
    the home's other descendants (``get_children()`` reads every page under the home to find
    those of the next depth: all the activities).

    Treebeard numbers a page's children 1, 2, 3… in their paths, and numbers a new one after
    the last. The first numbers (twice ``numchild``, and a few more) are looked up by path
    (SQL written once per home and ``numchild``, ``prepared.fetch``);
    only when that finds fewer than ``numchild`` children (many were deleted or moved) are the
    children looked up as ``get_children()`` does.
    """
    count = home.numchild
    if not count:
        return []
    if count > MAX_NUMBERED_CHILDREN:
        return public(home.get_children().live().in_menu())
    paths = [home.path + child_step(number) for number in range(1, 2 * count + 9)]
    children = prepared.fetch(
        Page,
        ("menu-children", home.path, count),
        lambda: Page.objects.filter(path__in=paths).order_by("path"),
    )
    if len(children) < count:
        return public(home.get_children().live().in_menu())
    private = tuple(path for path, _depth in restricted_paths())
    return [
        child
        for child in children
        if child.live and child.show_in_menus and not child.path.startswith(private)
    ]


def child_step(number):
    """The part of a child's path that treebeard gives the child numbered ``number``."""
    digits = ""
    while number:
        number, digit = divmod(number, len(Page.alphabet))
        digits = Page.alphabet[digit] + digits
    return digits.rjust(Page.steplen, Page.alphabet[0])


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
    ancestors = live_ancestors(page, root_depth)
    links = [link(ancestor, request) for ancestor in ancestors]
    if links and ancestors[0].depth == root_depth:
        links[0]["title"] = gettext("Home")
    return links


def live_ancestors(page, min_depth):
    """The live ancestors of ``page`` at ``min_depth`` or deeper, from the top.

    Wagtail's routing leaves on each page it passes through the page it came from (treebeard's
    ``_cached_parent_obj``, which ``get_parent()`` reads): for the page being served they are
    all in hand, fetched in this request. Any other page's are read in one query.
    """
    chain, node = [], page
    while node.depth > min_depth:
        node = getattr(node, "_cached_parent_obj", None)
        if node is None:
            return list(page.get_ancestors().filter(depth__gte=min_depth).live())
        chain.append(node)
    return [ancestor for ancestor in reversed(chain) if ancestor.live]


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
