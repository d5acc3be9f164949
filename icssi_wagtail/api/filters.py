"""Query-string filters of the ``activities`` endpoint, and ``?search=`` of ``images``."""

from types import SimpleNamespace

from django import forms
from django.conf import global_settings
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from rest_framework.filters import BaseFilterBackend
from wagtail.api.v2.filters import SearchFilter
from wagtail.search.backends import get_search_backend

from ..listing import ActivityFilters, ActivityListing
from ..listing import after as activities_after
from ..models.choices import ActivityStatus, AttendanceMode
from ..models.listing import clean_theme_slugs
from ..models.organisations import Organisation
from ..models.themes import Theme
from ..request_memo import public
from ..search import search_words
from .parameters import ParameterError


class CommaSeparatedField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        # The validators see the list, so NUL is checked here, before it can reach the database.
        ProhibitNullCharactersValidator()(value)
        return [part.strip() for part in value.split(",") if part.strip()] if value else []


class ThemeSlugsField(CommaSeparatedField):
    """Theme slugs, each once, at most ``MAX_THEME_FILTERS`` (``clean_theme_slugs``)."""

    def to_python(self, value):
        return clean_theme_slugs(super().to_python(value))


def parse_upcoming(value):
    return value.lower() == "true"


class ActivityQueryForm(forms.Form):
    theme = ThemeSlugsField(required=False, max_length=1000)
    theme_match = forms.ChoiceField(required=False, choices=[("any", "any"), ("all", "all")])
    organisation = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    mode = forms.ChoiceField(required=False, choices=AttendanceMode.choices)
    country = forms.RegexField(required=False, regex=r"^[A-Za-z]{2}$")
    # Activities held in a language, spoken or interpreted into: ?language=ar.
    language = forms.ChoiceField(required=False, choices=global_settings.LANGUAGES)
    starts_after = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    starts_before = forms.DateField(required=False, input_formats=["%Y-%m-%d"])
    upcoming = forms.TypedChoiceField(
        required=False,
        choices=[(value, value) for value in ("true", "false", "True", "False")],
        coerce=parse_upcoming,
        empty_value=None,
    )
    status = forms.ChoiceField(required=False, choices=ActivityStatus.choices)
    search = forms.CharField(required=False, max_length=200)
    # Keyset pagination: the activities after this one in the list's order (meta.next_after).
    after = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def clean_organisation(self):
        pk = self.cleaned_data["organisation"]
        if pk is None:
            return None
        organisation = Organisation.objects.filter(pk=pk).first()
        if organisation is None:
            raise forms.ValidationError(_("Unknown organisation: %(pk)s."), params={"pk": pk})
        return organisation

    def clean_country(self):
        code = self.cleaned_data["country"].upper()
        if code and code not in countries:
            raise forms.ValidationError(_("Unknown country code: %(code)s."), params={"code": code})
        return code

    def clean_search(self):
        return clean_search(self.cleaned_data["search"])

    def get_filters(self, model):
        """The ``ActivityFilters`` of the valid query (``after`` aside: ``AfterFilter``);
        ``?search=`` is found in Wagtail search among the live pages of ``model``."""
        data = self.cleaned_data
        return ActivityFilters(
            themes=tuple(data["theme"]),
            match_all=data["theme_match"] == "all",
            organisation=data["organisation"],
            mode=data["mode"] or None,
            country=data["country"] or None,
            when={True: "upcoming", False: "past"}.get(data["upcoming"]),
            starts_after=data["starts_after"],
            starts_before=data["starts_before"],
            status=data["status"] or None,
            language=data["language"] or None,
            search=tuple(search_pks(model, data["search"])) if data["search"] else None,
        )


def clean_search(value):
    """The words of ``?search=`` (``search_words``); a ``ValidationError`` for NUL, or when
    the search holds no word."""
    if "\x00" in value:
        raise forms.ValidationError(_("The search must not contain NUL characters."))
    words = search_words(value)
    if value and not words:
        raise forms.ValidationError(_("The search holds no word to search for."))
    return words


def first_error(form):
    """The form's first error as a ``ParameterError``."""
    field, errors = next(iter(form.errors.items()))
    return ParameterError(field, errors[0])


def check_themes(slugs):
    """Raise a 400 naming the slugs that are no theme's.

    Called only when a filtered list comes back empty: a known theme with results needs no
    query of its own to prove it exists.
    """
    known = set(Theme.objects.filter(slug__in=slugs).values_list("slug", flat=True))
    unknown = [slug for slug in slugs if slug not in known]
    if unknown:
        message = _("Unknown theme: %(slugs)s.") % {"slugs": ", ".join(unknown)}
        raise ParameterError("theme", message)


class ActivityFilterBackend(BaseFilterBackend):
    """Parses and applies the activity filters; a bad value is a 400 with a message."""

    def filter_queryset(self, request, queryset, view):
        repeated = [
            name for name in ActivityQueryForm.base_fields if len(request.GET.getlist(name)) > 1
        ]
        if repeated:
            raise ParameterError(repeated[0], _("Give this parameter once."))
        form = ActivityQueryForm(request.GET)
        if not form.is_valid():
            raise first_error(form)
        data = form.cleaned_data
        if data["after"] is not None and request.GET.get("offset", "") != "":
            raise ParameterError("after", _("Give either offset or after, not both."))
        # Checked by the pagination if nothing matches (see check_themes).
        view.icssi_themes_to_check = data["theme"]
        # ``after`` is applied by AfterFilter, once the other filters are.
        view.icssi_query = data
        filters = form.get_filters(queryset.model)
        return ActivityListing(queryset, filters=filters).queryset


class AfterFilter(BaseFilterBackend):
    """``?after=<id>``, last: the list after the cursor; the whole list, for
    ``meta.total_count``, kept on the view (``icssi_whole_list``)."""

    def filter_queryset(self, request, queryset, view):
        query = view.icssi_query
        if query["after"] is None:
            return queryset
        view.icssi_whole_list = queryset
        return after(queryset, query["after"], descending=query["upcoming"] is False)


def after(queryset, pk, descending=False):
    """The activities of ``queryset`` after activity ``pk`` in the listing's order
    (``listing.after``); a 400 unless ``pk`` is a live, public activity's."""
    # Only a live, public activity can be a cursor: a draft's date is nobody's business.
    found = public(queryset.model.objects.live().filter(pk=pk)).order_by()
    cursor = next(iter(found.values("pk", "starts_at")[:1]), None)
    if cursor is None:
        raise ParameterError("after", _("No activity has this id."))
    return activities_after(queryset, cursor, descending)


def search_pks(model, query, limit=1000):
    """Primary keys of live ``model`` pages matching ``query`` in Wagtail search."""
    results = get_search_backend().search(query, model.objects.live(), order_by_relevance=False)
    return [page.pk for page in results[:limit]]


class WordsSearchFilter(SearchFilter):
    """Wagtail's ``?search=``, reading only the words of the search (``search_words``), as
    the ``activities`` endpoint does; a 400 with a message when no word is left."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        try:
            words = clean_search(request.GET["search"])
        except forms.ValidationError as error:
            raise ParameterError("search", error.messages[0]) from error
        if not words:  # ?search= with nothing: every image, as without it
            return queryset
        parameters = request.GET.copy()
        parameters["search"] = words
        return super().filter_queryset(SimpleNamespace(GET=parameters), queryset, view)
