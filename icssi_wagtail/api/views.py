"""API v2 viewsets a host registers on its ``WagtailAPIRouter`` (see ``register_endpoints``)."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import redirect
from django.utils import translation
from django.utils.functional import cached_property
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page, Site

from .. import request_cache
from ..models import (
    ActivityIndexPage,
    ActivityPage,
    ActivityPageTheme,
    CallToActionPage,
    Organisation,
    TestimonialIndexPage,
    TestimonialPage,
    Theme,
)
from ..models.call_to_action import CallToActionPageTheme
from ..models.listing import attach_renditions, listed_activities, with_listing_relations
from ..request_cache import locale_by_id, public
from ..safety import public_images
from . import fields as content_fields
from .addresses import absolute_url
from .caching import CacheHeadersMixin
from .filters import ActivityFilterBackend, ActivityQueryForm, AfterFilter, WordsSearchFilter
from .languages import LocaleCodeField, TranslationsField, list_locale, locale_from_request
from .pagination import BoundedPagination
from .parameters import (
    MAX_ID,
    ChildOfFilter,
    ErrorsMixin,
    ParameterError,
    TranslationOfFilter,
    page_id,
)
from .prefetch import PrefetchStreamsMixin
from .serializers import BaseSerializer, ImageSerializer, PageSerializer

# Kept for code that imported them from here.
__all__ = ["MAX_ID", "locale_from_request"]

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


class PublicPagesAPIViewSet(EndpointMixin, PagesAPIViewSet):
    """A page type's live, public pages, with bounded pagination and typed filters."""

    base_serializer_class = PageSerializer
    filter_backends = [ChildOfFilter, TranslationOfFilter, ListLocaleFilter, WordsSearchFilter]
    known_query_parameters = COMMON_PARAMETERS.union(["child_of", "translation_of", "search"])
    meta_fields = [
        *PagesAPIViewSet.meta_fields,
        "translation_key",
        APIField("translations", serializer=TranslationsField()),
    ]
    detail_only_fields = [*PagesAPIViewSet.detail_only_fields, "translations"]
    cache_scopes = ("pages", "activities", "testimonials", "themes", "organisations", "images")

    @cached_property
    def private_q(self):
        # One query for the view restrictions, shared with the rest of the request.
        return request_cache.private_q()

    def get_base_queryset(self):
        """Every page a visitor may see; filters such as ``child_of`` find parents here."""
        return Page.objects.live().exclude(self.private_q)

    def get_model_queryset(self):
        """Hook: the pages this endpoint lists, in their order."""
        return self.model.objects.live().exclude(self.private_q).order_by("path")

    def get_queryset(self):
        return self.get_model_queryset()

    def get_list_locale(self):
        """The parent's locale for ``child_of`` (its children share it)."""
        if "child_of" in self.request.GET and "locale" not in self.request.GET:
            pk = page_id(self.request, "child_of")
            locale_id = Page.objects.filter(pk=pk).values_list("locale_id", flat=True).first()
            return locale_by_id(locale_id) if locale_id is not None else None
        return super().get_list_locale()


class ActivitiesAPIViewSet(ThemeNamesMixin, PublicPagesAPIViewSet):
    name = "activities"
    model = ActivityPage
    cache_scopes = ("activities", "themes", "organisations", "images", "pages")
    cache_page_scope = "activities"
    keyset_pagination = True  # meta.next_after, ?after= (see ActivityQueryForm)
    filter_backends = [
        ActivityFilterBackend,
        ChildOfFilter,
        TranslationOfFilter,
        ListLocaleFilter,
        AfterFilter,
    ]
    known_query_parameters = PublicPagesAPIViewSet.known_query_parameters.union(
        ActivityQueryForm.base_fields
    )
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "summary",
        "event",
        "status",
        "attendance_mode",
        "themes",
        "organisers",
        "image",
    ]

    def get_listing_keys(self):
        """The keys of the listed activities, with the request's filters and order, from
        ``listed_activities``: the pagination counts off a deep ``offset`` with them
        (``deferred_join``), with the query ``ActivityFilterBackend`` parsed. ``None`` (the rows
        themselves) for a search or the translations of a page."""
        query = self.icssi_query
        if query["search"] or "translation_of" in self.request.GET:
            return None
        locale = self.icssi_locale
        keys = listed_activities(locale=locale, every_locale=locale is None)
        if "child_of" in self.request.GET:
            # ChildOfFilter has checked it on the rows: a whole number, a public index.
            keys = keys.filter(listed_under=int(self.request.GET["child_of"]))
        return ActivityFilterBackend.apply(keys, query)

    def paginate_queryset(self, queryset):
        return attach_renditions(super().paginate_queryset(queryset))

    def get_model_queryset(self):
        queryset = super().get_model_queryset().select_related("locale")
        if getattr(self, "action", None) == "listing_view":
            return with_listing_relations(queryset)
        return queryset.prefetch_related(
            Prefetch("tagged_items", queryset=ActivityPageTheme.objects.select_related("tag")),
            "organisers__organisation",
        )


class TestimonialsAPIViewSet(PublicPagesAPIViewSet):
    name = "testimonials"
    model = TestimonialPage
    cache_scopes = ("testimonials", "organisations", "images", "pages")
    cache_page_scope = "testimonials"
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "person_name",
        "quote",
        "organisation",
        "photo",
    ]

    def get_model_queryset(self):
        images = get_image_model().objects.prefetch_renditions("fill-400x400")
        queryset = (
            super()
            .get_model_queryset()
            .select_related("locale", "organisation")
            .prefetch_related(Prefetch("photo", queryset=images))
            .order_by("-account_date", "-first_published_at", "pk")
        )
        if getattr(self, "action", None) == "listing_view":
            queryset = queryset.defer_streamfields()
        return queryset


class CallsToActionAPIViewSet(ThemeNamesMixin, PublicPagesAPIViewSet):
    """Calls to action, latest event first; the body and related testimonials in the detail
    (and with ``?fields=``)."""

    name = "calls-to-action"
    model = CallToActionPage
    # Each call's related testimonials cost queries of their own: on the detail only.
    detail_only_fields = [*PublicPagesAPIViewSet.detail_only_fields, "testimonials"]
    listing_default_fields = [
        *PagesAPIViewSet.listing_default_fields,
        "headline",
        "standfirst",
        "event_name",
        "event",
        "status",
        "themes",
    ]

    def get_model_queryset(self):
        queryset = (
            super()
            .get_model_queryset()
            .select_related("locale")
            .prefetch_related(
                Prefetch(
                    "tagged_items", queryset=CallToActionPageTheme.objects.select_related("tag")
                )
            )
            .order_by("-starts_at", "pk")
        )
        if getattr(self, "action", None) == "listing_view":
            queryset = queryset.defer_streamfields()
        return queryset


class ActivityIndexesAPIViewSet(PublicPagesAPIViewSet):
    """Activity indexes, in the order of the page tree; list one's activities with
    ``activities/?child_of=<id>``."""

    name = "activity-indexes"
    model = ActivityIndexPage
    listing_default_fields = [*PagesAPIViewSet.listing_default_fields, "intro"]

    def get_model_queryset(self):
        return super().get_model_queryset().select_related("locale")


class TestimonialIndexesAPIViewSet(ActivityIndexesAPIViewSet):
    """Testimonial indexes; list one's testimonials with ``testimonials/?child_of=<id>``."""

    name = "testimonial-indexes"
    model = TestimonialIndexPage


class SnippetAPIViewSet(EndpointMixin, BaseAPIViewSet):
    base_serializer_class = BaseSerializer
    filter_backends = [TranslationOfFilter, ListLocaleFilter]
    known_query_parameters = COMMON_PARAMETERS.union(["translation_of"])
    meta_fields = [
        *BaseAPIViewSet.meta_fields,
        APIField("locale", serializer=LocaleCodeField()),
        "translation_key",
        APIField("translations", serializer=TranslationsField()),
    ]
    detail_only_fields = ["translations"]

    @classmethod
    def get_listing_default_fields(cls, model):
        return [*super().get_listing_default_fields(model), "locale"]

    def get_queryset(self):
        return self.model.objects.select_related("locale")


class ThemesAPIViewSet(SnippetAPIViewSet):
    """Themes in their order, each with the number of live activities in its language."""

    name = "themes"
    model = Theme
    cache_scopes = ("themes", "activities", "pages")  # with each theme's activity count
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "slug",
        "name",
        "description",
        "activity_count",
    ]

    def get_queryset(self):
        return super().get_queryset().order_by("locale_id", "sort_order", "name")

    def paginate_queryset(self, queryset):
        themes = super().paginate_queryset(queryset)
        attach_activity_counts(themes)
        return themes

    def get_object(self):
        theme = super().get_object()
        attach_activity_counts([theme])
        return theme


def attach_activity_counts(themes):
    """Set ``activity_count`` on each theme: its live, public activities in the theme's
    language. One grouped query over the tagged items, whatever the number of activities
    (a correlated subquery per theme grew with the square of it on SQLite)."""
    themes = list(themes)
    if not themes:
        return themes
    live = public(ActivityPage.objects.live())
    rows = (
        ActivityPageTheme.objects.filter(
            tag__translation_key__in={theme.translation_key for theme in themes},
            content_object__in=live.values("pk"),
        )
        .values("tag__translation_key", "content_object__locale_id")
        .annotate(count=Count("content_object_id", distinct=True))
        .order_by()
    )
    counts = {
        (row["tag__translation_key"], row["content_object__locale_id"]): row["count"]
        for row in rows
    }
    for theme in themes:
        theme.activity_count = counts.get((theme.translation_key, theme.locale_id), 0)
    return themes


class OrganisationsAPIViewSet(SnippetAPIViewSet):
    name = "organisations"
    model = Organisation
    cache_scopes = ("organisations", "images")
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "name",
        "acronym",
        "country",
        "website",
        "relationship",
    ]

    def get_queryset(self):
        images = get_image_model().objects.prefetch_renditions("max-400x400")
        return super().get_queryset().prefetch_related(Prefetch("logo", queryset=images))


class PublicImagesAPIViewSet(ErrorsMixin, FindMixin, ImagesAPIViewSet):
    """Wagtail's ``images`` endpoint less what not every visitor may see: the images of a
    collection under a view restriction, and the photos hidden for a person's safety
    (``safety.hidden_images``), absent from the list, a search and ``find``, their detail a
    404. Register it in place of Wagtail's ``ImagesAPIViewSet``, whose list gives every image
    with its download URL."""

    base_serializer_class = ImageSerializer
    pagination_class = BoundedPagination
    filter_backends = [FieldsFilter, OrderingFilter, WordsSearchFilter]

    def check_query_parameters(self, queryset):
        # Wagtail's: its field filters (``?title=``) and ``order`` apply here.
        return BaseAPIViewSet.check_query_parameters(self, queryset)

    def get_queryset(self):
        return public_images().order_by("id")


class LocalizedPagesAPIViewSet(ErrorsMixin, FindMixin, PagesAPIViewSet):
    """Wagtail's ``pages`` endpoint, with what a client in any language and on any host needs:
    ``find/?html_path=`` finds translations (``/ar/...``), addresses name the request's host,
    ``limit`` goes to ``API_LIMIT_MAX`` and ``offset`` is bounded, ``?search=`` reads words only
    (a lone ``"`` was a server error), and an unknown ``?locale=`` is a 400, as on the app's
    endpoints. Register it as ``pages`` in place of Wagtail's ``PagesAPIViewSet``."""

    base_serializer_class = PageSerializer
    pagination_class = BoundedPagination
    filter_backends = [
        WordsSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        content_fields.QUERY_PARAMETERS  # ?image_size=
    )

    detail_query_parameters = None  # anything, as Wagtail's

    def check_query_parameters(self, queryset):
        # Wagtail's: its field filters (``?type=...&slug=``) and ``order`` apply here.
        BaseAPIViewSet.check_query_parameters(self, queryset)
        content_fields.check_query_parameters(self.request)

    def get_queryset(self):
        locale_from_request(self.request)  # a 400 before LocaleFilter's 404
        return super().get_queryset()
