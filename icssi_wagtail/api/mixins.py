"""What every endpoint of the app does: ``find/``, each answer in its language, its list
narrowed to one locale, theme names without a query per page, errors as 400s (``EndpointMixin``
gathers them)."""

from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.functional import cached_property
from rest_framework.filters import BaseFilterBackend
from wagtail.models import Locale, Page, Site

from ..cache import CacheHeadersMixin
from ..models import Theme
from ..request_memo import locale_by_id
from . import fields as content_fields
from .addresses import absolute_url
from .languages import list_locale
from .pagination import BoundedPagination
from .parameters import MAX_ID, ErrorsMixin, ParameterError
from .prefetch import PrefetchStreamsMixin

# What every list endpoint takes; each adds its own filters.
COMMON_PARAMETERS = frozenset(["limit", "offset", "fields", "format", "_", "locale"]).union(
    content_fields.QUERY_PARAMETERS  # ?image_size=
)


class ThemeNames:
    """Every theme by ``(translation_key, locale_id)``, loaded in one query on first use."""

    @cached_property
    def themes(self):
        return {(theme.translation_key, theme.locale_id): theme for theme in Theme.objects.all()}

    def get(self, key, default=None):
        return self.themes.get(key, default)


class ThemeNamesMixin:
    """Lets ``ThemesField`` name themes in each page's language without a query per page."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["icssi_theme_names"] = ThemeNames()
        return context


def route_path(request, path):
    """The page at ``path`` (an ``html_path``) on the request's site, in any language: a
    path under a language prefix (``/ar/...``, as ``i18n_patterns`` serves translations) is
    routed from the site's root page in that language."""
    site = Site.find_for_request(request)
    if site is None:
        return None
    components = [component for component in path.split("/") if component]
    starts = []
    if components:
        locale = Locale.objects.filter(language_code=components[0]).first()
        root = site.root_page.get_translation_or_none(locale) if locale else None
        if root is not None:
            starts.append((root, components[1:]))
    starts.append((site.root_page, components))
    for root, rest in starts:
        try:
            return root.specific.route(request, rest).page
        except Http404:
            continue
    return None


class FindMixin:
    """``find/?id=`` and ``find/?html_path=``: a 400 for values the database cannot compare;
    a 404 for a detail URL whose id no database can hold (SQLite raises OverflowError). The
    redirect names the request's host (``addresses``); ``html_path`` finds translations."""

    def get_object(self):
        if int(self.kwargs[self.lookup_field]) > MAX_ID:
            raise Http404
        return super().get_object()

    def find_object(self, queryset, request):
        pk = request.GET.get("id")
        if pk is not None and not (pk.isascii() and pk.isdigit()):
            raise ParameterError("id", "Give a whole number.")
        if not request.GET.get("html_path", "").isprintable():
            raise ParameterError("html_path", "Give a path without control characters.")
        if "html_path" in request.GET and issubclass(queryset.model, Page):
            page = route_path(request, request.GET["html_path"])
            if page is not None and queryset.filter(pk=page.pk).exists():
                return page
        if pk is not None:
            return queryset.filter(pk=pk).first() if int(pk) <= MAX_ID else None
        return None

    def find_view(self, request):
        found = self.find_object(self.get_queryset(), request)
        if found is None:
            raise Http404("not found")
        path = request.wagtailapi_router.get_object_detail_urlpath(self.model, found.pk)
        query = request.GET.copy()
        for name in self.find_query_parameters:
            query.pop(name, None)
        url = absolute_url(request, path)
        return redirect(f"{url}?{query.urlencode()}" if query else url)


class LanguageMixin:
    """Each answer in its language: a detail in its object's, a list in its locale's
    (``languages.list_locale``), said in ``Content-Language`` and ``meta.locale``."""

    icssi_locale = None

    def get_list_locale(self):
        return list_locale(self.request)

    def listing_view(self, request):
        self.icssi_locale = locale = self.get_list_locale()
        if locale is None:
            return super().listing_view(request)
        with translation.override(locale.language_code):
            response = super().listing_view(request)
        response["Content-Language"] = locale.language_code
        return response

    def detail_view(self, request, pk):
        code = locale_by_id(self.get_object().locale_id).language_code
        with translation.override(code):
            response = super().detail_view(request, pk)
        response["Content-Language"] = code
        return response

    def get_listing_meta(self):
        """``meta.locale``: the language of every item, ``null`` when they may differ."""
        locale = self.icssi_locale
        return {"locale": locale.language_code if locale is not None else None}


class ListLocaleFilter(BaseFilterBackend):
    """Narrows a list to its locale (``LanguageMixin``)."""

    def filter_queryset(self, request, queryset, view):
        if view.icssi_locale is None:
            return queryset
        return queryset.filter(locale=view.icssi_locale)


class EndpointMixin(ErrorsMixin, FindMixin, LanguageMixin, CacheHeadersMixin, PrefetchStreamsMixin):
    """What every endpoint of the app does; see the mixins."""

    pagination_class = BoundedPagination
    detail_query_parameters = ErrorsMixin.detail_query_parameters.union(
        content_fields.QUERY_PARAMETERS
    )

    def check_query_parameters(self, queryset):
        super().check_query_parameters(queryset)
        content_fields.check_query_parameters(self.request)  # a 400 even for an empty list

    def get_translation_source(self, pk):
        """The object of this endpoint whose translations ``?translation_of=`` asks for."""
        return self.get_queryset().filter(pk=pk).first()
