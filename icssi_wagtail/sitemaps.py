"""A sitemap of the site's pages in every language, each with its ``hreflang`` alternates.

Wagtail's own sitemap lists the pages under the site's root page only, so translations (which
live under the root page's translations) are missing. Use this one in its place::

    from wagtail.contrib.sitemaps.views import sitemap
    from icssi_wagtail.sitemaps import TranslatedSitemap

    path("sitemap.xml", sitemap, {"sitemaps": {"pages": TranslatedSitemap}})

Needs ``django.contrib.sitemaps`` in ``INSTALLED_APPS`` (for its template).
"""

from collections import defaultdict

from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Locale, Page

from .request_cache import default_locale


class TranslatedSitemap(Sitemap):
    def items(self):
        site = self.get_wagtail_site()
        roots = site.root_page.get_translations(inclusive=True).only("path")
        under_a_root = Q()
        for root in roots:
            under_a_root |= Q(path__startswith=root.path)
        return (
            Page.objects.filter(under_a_root)
            .live()
            .public()
            .order_by("path")
            .defer_streamfields()
            .specific()
        )

    def _urls(self, page, protocol, domain):
        pages = list(self.paginator.page(page).object_list)
        languages = dict(Locale.objects.values_list("pk", "language_code"))
        default = default_locale().pk
        versions = defaultdict(list)
        for item in pages:
            versions[item.translation_key].append(item)

        urls, last_mods = [], set()
        for item in pages:
            translations = versions[item.translation_key]
            alternates = []
            if len(translations) > 1:
                alternates = [
                    {
                        "lang_code": languages[version.locale_id],
                        "location": version.get_full_url(self.request),
                    }
                    for version in translations
                ]
                alternates += [
                    {"lang_code": "x-default", "location": version.get_full_url(self.request)}
                    for version in translations
                    if version.locale_id == default
                ]
            for url_info in item.get_sitemap_urls(self.request):
                if alternates:
                    url_info = {**url_info, "alternates": alternates}
                urls.append(url_info)
                last_mods.add(url_info.get("lastmod"))
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return urls
