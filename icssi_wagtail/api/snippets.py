"""The endpoints of the snippets: ``themes`` (with each theme's number of activities) and
``organisations``."""

from django.db.models import Count, Prefetch
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model

from ..models import ActivityPage, ActivityPageTheme, Organisation, Theme
from ..request_memo import public
from .languages import LocaleCodeField, TranslationsField
from .mixins import COMMON_PARAMETERS, EndpointMixin, ListLocaleFilter
from .parameters import TranslationOfFilter
from .serializers import BaseSerializer


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
        # Not those awaiting a moderator's review (icssi_wagtail.registration).
        reviewed = super().get_queryset().filter(awaiting_review=False)
        return reviewed.prefetch_related(Prefetch("logo", queryset=images))
