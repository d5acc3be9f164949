"""API v2 viewsets of the app's page types, which a host registers on its ``WagtailAPIRouter``
(see ``register_endpoints``). What every endpoint does is in ``mixins``; the snippet endpoints
in ``snippets``; Wagtail's own ``images`` and ``pages`` endpoints, made safe, in
``wagtail_endpoints``. All are importable from here too."""

from django.db.models import Prefetch
from django.utils.functional import cached_property
from wagtail.api import APIField
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images import get_image_model
from wagtail.models import Page

from .. import request_memo
from ..models import (
    ActivityIndexPage,
    ActivityPage,
    ActivityPageTheme,
    CallToActionPage,
    TestimonialIndexPage,
    TestimonialPage,
)
from ..models.call_to_action import CallToActionPageTheme
from ..models.listing import attach_renditions, with_listing_relations
from ..request_memo import locale_by_id
from .filters import ActivityFilterBackend, ActivityQueryForm, AfterFilter, WordsSearchFilter
from .languages import TranslationsField, locale_from_request
from .mixins import (
    COMMON_PARAMETERS,
    EndpointMixin,
    ListLocaleFilter,
    ThemeNamesMixin,
)
from .parameters import (
    MAX_ID,
    ChildOfFilter,
    TranslationOfFilter,
    page_id,
)
from .serializers import PageSerializer
from .snippets import (
    OrganisationsAPIViewSet,
    SnippetAPIViewSet,
    ThemesAPIViewSet,
    attach_activity_counts,
)
from .wagtail_endpoints import LocalizedPagesAPIViewSet, PublicImagesAPIViewSet

# Kept for code that imported them from here (the snippet and Wagtail endpoints are
# documented under this module: docs/api.md, docs/integration.md, README).
__all__ = [
    "MAX_ID",
    "LocalizedPagesAPIViewSet",
    "OrganisationsAPIViewSet",
    "PublicImagesAPIViewSet",
    "SnippetAPIViewSet",
    "ThemesAPIViewSet",
    "attach_activity_counts",
    "locale_from_request",
]


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
        return request_memo.private_q()

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
