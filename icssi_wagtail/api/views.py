"""API v2 viewsets a host registers on its ``WagtailAPIRouter`` (see ``register_endpoints``)."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django.utils.functional import cached_property
from wagtail.api.v2.filters import ChildOfFilter, FieldsFilter, LocaleFilter, OrderingFilter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.v2.views import ImagesAPIViewSet
from wagtail.models import Locale, Page

from .. import request_cache
from ..models import ActivityPage, ActivityPageTheme, Organisation, TestimonialPage, Theme
from ..models.listing import attach_renditions, listed_activities, with_listing_relations
from ..request_cache import public
from ..safety import public_images
from .caching import CacheHeadersMixin
from .filters import ActivityFilterBackend, ActivityQueryForm, WordsSearchFilter
from .pagination import BoundedPagination
from .prefetch import PrefetchStreamsMixin

LOCALE_ERROR = "locale: Unknown language code."


def locale_from_request(request, required=False):
    code = request.GET.get("locale")
    if code is None:
        return None
    # NUL cannot be compared in PostgreSQL; an empty code would be LocaleFilter's 404.
    locale = Locale.objects.filter(language_code=code).first() if code.isprintable() else None
    if locale is None:
        raise BadRequestError(LOCALE_ERROR)
    return locale


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


# The largest id any supported database can compare (SQLite's, PostgreSQL's bigint).
MAX_ID = 2**63 - 1


class FindMixin:
    """``find/?id=`` and ``find/?html_path=``: a 400 for values the database cannot compare;
    a 404 for a detail URL whose id no database can hold (SQLite raises OverflowError)."""

    def get_object(self):
        if int(self.kwargs[self.lookup_field]) > MAX_ID:
            raise Http404
        return super().get_object()

    def find_object(self, queryset, request):
        pk = request.GET.get("id")
        if pk is not None and not (pk.isascii() and pk.isdigit()):
            raise BadRequestError("id must be a whole number.")
        if not request.GET.get("html_path", "").isprintable():
            raise BadRequestError("html_path must not contain control characters.")
        return super().find_object(queryset, request)


class PublicPagesAPIViewSet(FindMixin, CacheHeadersMixin, PrefetchStreamsMixin, PagesAPIViewSet):
    """A page type's live, public pages, with bounded pagination and typed filters."""

    pagination_class = BoundedPagination
    filter_backends = [ChildOfFilter, LocaleFilter]

    @cached_property
    def private_q(self):
        # One query for the view restrictions, shared with the rest of the request.
        return request_cache.private_q()

    def get_base_queryset(self):
        """Every page a visitor may see; filters such as ``child_of`` find parents here."""
        return Page.objects.live().exclude(self.private_q)

    def get_model_queryset(self):
        """Hook: the pages this endpoint lists."""
        return self.model.objects.live().exclude(self.private_q)

    def get_queryset(self):
        if "type" in self.request.GET:
            raise BadRequestError("type: This endpoint serves one page type only.")
        # A 400 for an unknown locale, before LocaleFilter's 404.
        self.icssi_locale = locale_from_request(self.request)
        return self.get_model_queryset()


class ActivitiesAPIViewSet(ThemeNamesMixin, PublicPagesAPIViewSet):
    name = "activities"
    model = ActivityPage
    cache_scopes = ("activities", "themes", "organisations", "images", "pages")
    cache_page_scope = "activities"
    keyset_pagination = True  # meta.next_after, ?after= (see ActivityQueryForm)
    filter_backends = [ActivityFilterBackend, ChildOfFilter, LocaleFilter]
    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
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
        themselves) for a search, whose matches come from the search backend."""
        query = self.icssi_query
        child_of = self.request.GET.get("child_of")
        if query["search"] or child_of == "root":
            return None
        locale = self.icssi_locale
        keys = listed_activities(locale=locale, every_locale=locale is None)
        if child_of is not None:
            # ChildOfFilter has checked it on the rows: a whole number, a public page.
            keys = keys.filter(listed_under=int(child_of))
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


class SnippetAPIViewSet(FindMixin, CacheHeadersMixin, PrefetchStreamsMixin, BaseAPIViewSet):
    pagination_class = BoundedPagination
    known_query_parameters = BaseAPIViewSet.known_query_parameters.union(["locale"])
    meta_fields = [*BaseAPIViewSet.meta_fields, "locale"]

    def get_queryset(self):
        queryset = self.model.objects.select_related("locale")
        locale = locale_from_request(self.request)
        if locale is not None:
            queryset = queryset.filter(locale=locale)
        return queryset


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


class PublicImagesAPIViewSet(FindMixin, ImagesAPIViewSet):
    """Wagtail's ``images`` endpoint less what not every visitor may see: the images of a
    collection under a view restriction, and the photos hidden for a person's safety
    (``safety.hidden_images``), absent from the list, a search and ``find``, their detail a
    404. Register it in place of Wagtail's ``ImagesAPIViewSet``, whose list gives every image
    with its download URL."""

    pagination_class = BoundedPagination
    filter_backends = [FieldsFilter, OrderingFilter, WordsSearchFilter]

    def get_queryset(self):
        return public_images().order_by("id")
