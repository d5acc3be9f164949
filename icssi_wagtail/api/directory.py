"""The ``organisation-directory`` endpoint: the organisations taking part, as an
``OrganisationDirectoryPage`` lists them (``models.taking_part``), one language per list."""

from django import forms
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.fields import Field, IntegerField
from rest_framework.filters import BaseFilterBackend
from wagtail.api import APIField
from wagtail.api.v2.views import BaseAPIViewSet
from wagtail.images import get_image_model

from ..models import Organisation
from ..models.taking_part import directory_organisations
from ..request_memo import default_locale, locale_by_id
from .fields import serialize_theme
from .filters import ThemeSlugsField, first_error
from .parameters import MAX_ID, ParameterError
from .views import COMMON_PARAMETERS, SnippetAPIViewSet


class DirectoryQueryForm(forms.Form):
    theme = ThemeSlugsField(required=False, max_length=1000)
    country = forms.RegexField(required=False, regex=r"^[A-Za-z]{2}$")

    def clean_country(self):
        from django_countries import countries

        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise forms.ValidationError(_("Unknown country code: %(code)s.") % {"code": code})
        return code


class DirectoryFilterBackend(BaseFilterBackend):
    """``?country=`` and ``?theme=`` (comma-separated, any of them): the organisations taking
    part in the list's language, with their figures kept on the view
    (``icssi_directory``); a 400 for a bad or repeated value."""

    def filter_queryset(self, request, queryset, view):
        for name in DirectoryQueryForm.base_fields:
            if len(request.GET.getlist(name)) > 1:
                raise ParameterError(name, _("Give this parameter once."))
        form = DirectoryQueryForm(request.GET)
        if not form.is_valid():
            raise first_error(form)
        themes = form.cleaned_data["theme"]
        view.icssi_themes_to_check = themes  # unknown slugs: a 400 when nothing matches
        found = directory_organisations(
            view.icssi_locale or default_locale(),
            country=form.cleaned_data["country"] or None,
            themes=themes,
        )
        view.icssi_directory = {organisation.pk: organisation for organisation in found}
        return queryset.filter(pk__in=list(view.icssi_directory))


class DirectoryThemesField(Field):
    """The themes of an organisation's activities, ``{"slug", "name"}``, in the list's
    language."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "directory_themes")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, themes):
        return [serialize_theme(theme) for theme in themes]


class OrganisationDirectoryAPIViewSet(SnippetAPIViewSet):
    """The organisations with a live, public activity in the list's language (not those
    awaiting review, nor those of activities that hide their organisers), by name, each with
    ``activity_count`` and ``themes``; ``meta.total_count`` is the live count a statistic
    block shows. A detail is an organisation taking part in its own language."""

    name = "organisation-directory"
    model = Organisation
    cache_scopes = ("activities", "organisations", "themes", "pages")
    filter_backends = [DirectoryFilterBackend]
    known_query_parameters = COMMON_PARAMETERS.union(DirectoryQueryForm.base_fields)
    body_fields = [
        *BaseAPIViewSet.body_fields,
        APIField("activity_count", serializer=IntegerField(read_only=True)),
        APIField("themes", serializer=DirectoryThemesField()),
    ]
    meta_fields = [*SnippetAPIViewSet.meta_fields]
    listing_default_fields = [
        *BaseAPIViewSet.listing_default_fields,
        "locale",
        "name",
        "acronym",
        "country",
        "website",
        "activity_count",
        "themes",
    ]

    def get_queryset(self):
        images = get_image_model().objects.prefetch_renditions("max-400x400")
        queryset = super().get_queryset().prefetch_related(Prefetch("logo", queryset=images))
        return queryset.order_by("name", "pk")

    def paginate_queryset(self, queryset):
        found = super().paginate_queryset(queryset)
        for organisation in found:
            taking_part = self.icssi_directory[organisation.pk]
            organisation.activity_count = taking_part.activity_count
            organisation.directory_themes = taking_part.directory_themes
        return found

    def get_object(self):
        pk = int(self.kwargs["pk"])
        organisation = self.get_queryset().filter(pk=pk).first() if pk <= MAX_ID else None
        if organisation is None:
            raise Http404
        locale = locale_by_id(organisation.locale_id)
        for taking_part in directory_organisations(locale):
            if taking_part.pk == organisation.pk:
                return taking_part
        raise Http404
