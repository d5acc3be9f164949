"""A sitemap of the site's pages in every language, each with its ``hreflang`` alternates.

Wagtail's own sitemap lists the pages under the site's root page only, so translations (which
live under the root page's translations) are missing. Use this one in its place::

    from icssi_wagtail.sitemaps import sitemap_urls

    urlpatterns = [..., *sitemap_urls()]

``/sitemap.xml`` is then a sitemap index, which search engines read like a sitemap, listing
``/sitemap-pages.xml``, ``/sitemap-pages.xml?p=2`` and so on, ``TranslatedSitemap.limit`` pages
each. A sitemap file costs the same few queries however large the site, and both are kept in
the app's cache (``icssi_wagtail.cache``) until a page changes.

Needs ``django.contrib.sitemaps`` in ``INSTALLED_APPS`` (for its templates).
"""

from collections import defaultdict
from functools import wraps
from operator import attrgetter

from django.contrib.contenttypes.models import ContentType
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.urls import path
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps import views as sitemap_views
from wagtail.models import Page, get_page_models

from .cache import cached_response
from .request_memo import default_locale, locale_by_id, public

# The columns a page's URL and last change need; pages of a type that builds its own URLs
# (own_url_types) are read whole.
FIELDS = ("path", "url_path", "translation_key", "locale_id", "content_type_id")
LASTMOD_FIELDS = ("last_published_at", "latest_revision_created_at")
OWN_URL_METHODS = ("get_sitemap_urls", "get_url_parts", "get_full_url")
# What a sitemap shows: any page (its type's scope, or "pages"), view restrictions, sites.
CACHE_SCOPES = ("activities", "testimonials", "pages")
X_ROBOTS_TAG = "noindex, noodp, noarchive"


def own_url_types():
    """The content types of page models that decide their own URLs or sitemap entries, whose
    pages are read as their specific type."""
    models = [
        model
        for model in get_page_models()
        if any(getattr(model, name) is not getattr(Page, name) for name in OWN_URL_METHODS)
    ]
    return {
        content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()
    }


class TranslatedSitemap(Sitemap):
    """Every live, public page of the site in every language, ``limit`` pages a file."""

    # Pages per sitemap file (Django's default is 50,000): a file's cost grows with it, and
    # its queries name each of its pages, so keep it far below SQLite's 32,766 parameters.
    limit = 1000

    def items(self):
        if not hasattr(self, "_items_queryset"):
            site = self.get_wagtail_site()
            roots = site.root_page.get_translations(inclusive=True).only("path")
            under_a_root = Q()
            for root in roots:
                under_a_root |= Q(path__startswith=root.path)
            pages = Page.objects.filter(under_a_root).live().order_by("path")
            self._items_queryset = public(pages).only(*FIELDS, *LASTMOD_FIELDS)
        return self._items_queryset

    def get_latest_lastmod(self):
        """The last change of any page, in one query (Django's reads every page)."""
        return self.items().aggregate(latest=Max(Coalesce(*LASTMOD_FIELDS)))["latest"]

    def _urls(self, page, protocol, domain):
        pages = self.with_own_types(list(self.paginator.page(page).object_list))
        alternates = self.alternates(pages)
        urls = []
        for item in pages:
            links = alternates.get(item.translation_key)
            for url_info in item.get_sitemap_urls(self.request):
                urls.append({**url_info, "alternates": links} if links else url_info)
        last_mods = {url_info.get("lastmod") for url_info in urls}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls

    def with_own_types(self, pages):
        """``pages``, those whose type decides its own URLs read as that type."""
        types = own_url_types()
        wanted = [item.pk for item in pages if item.content_type_id in types]
        if not wanted:
            return pages
        found = Page.objects.filter(pk__in=wanted).defer_streamfields().specific()
        specific = {item.pk: item for item in found}
        return [specific.get(item.pk, item) for item in pages]

    def alternates(self, pages):
        """The ``hreflang`` links of each translation key of ``pages`` that has several
        versions, wherever (in whichever file) they are."""
        keys = {item.translation_key for item in pages}
        # The pages themselves are at hand: only their translations are read.
        shown = [item.pk for item in pages]
        others = self.items().filter(translation_key__in=keys).exclude(pk__in=shown)
        versions = defaultdict(list)
        for version in sorted([*pages, *others], key=attrgetter("path")):
            versions[version.translation_key].append(version)
        return {key: self.links(found) for key, found in versions.items() if len(found) > 1}

    def links(self, versions):
        """``hreflang`` links to ``versions`` of a page, ``x-default`` the default language's."""
        default = default_locale().pk
        links = [
            {
                "lang_code": locale_by_id(version.locale_id).language_code,
                "location": version.get_full_url(self.request),
            }
            for version in versions
        ]
        return links + [
            {**link, "lang_code": "x-default"}
            for link, version in zip(links, versions, strict=True)
            if version.locale_id == default
        ]


def _kept(view):
    """``view``'s answer, kept in the app's cache until a page changes."""

    @wraps(view)
    def kept_view(request, **kwargs):
        response = cached_response(
            request, "sitemap", (), CACHE_SCOPES, lambda: view(request, **kwargs)
        )
        response.headers["X-Robots-Tag"] = X_ROBOTS_TAG
        return response

    return kept_view


index = _kept(sitemap_views.index)
sitemap = _kept(sitemap_views.sitemap)


def sitemap_urls(sitemaps=None, name="sitemap"):
    """URL patterns of a sitemap index at ``<name>.xml`` and its sitemap files at
    ``<name>-<section>.xml?p=<n>``, one section per entry of ``sitemaps`` (default
    ``{"pages": TranslatedSitemap}``).

    Outside ``i18n_patterns``: every language is in the same files. Answers are kept in the
    app's cache until a page, a view restriction, a locale or a site changes; a section that
    lists other things than pages may be up to ``CACHE_TIMEOUT`` seconds old.
    """
    sitemaps = sitemaps or {"pages": TranslatedSitemap}
    section_name = f"icssi_wagtail_{name}_section"
    return [
        path(
            f"{name}.xml",
            index,
            {"sitemaps": sitemaps, "sitemap_url_name": section_name},
            name=f"icssi_wagtail_{name}",
        ),
        path(f"{name}-<section>.xml", sitemap, {"sitemaps": sitemaps}, name=section_name),
    ]
