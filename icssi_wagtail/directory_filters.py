"""The organisation directory's filters: by the organisations' country and by the themes of
their activities (``OrganisationDirectoryPage``)."""

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models.listing import clean_theme_slugs, themes_for_display
from .models.taking_part import directory_countries
from .request_memo import active_locale


class ThemeSlugsField(forms.MultipleChoiceField):
    """Theme slugs, each once, at most ``MAX_THEME_FILTERS`` (``clean_theme_slugs``)."""

    def to_python(self, value):
        return clean_theme_slugs(super().to_python(value))


class CountryField(forms.ChoiceField):
    """An ISO 3166 code, in either case."""

    def to_python(self, value):
        return super().to_python(value).upper()


class DirectoryFilterForm(forms.Form):
    """Parses the directory's query string; invalid values become errors, never exceptions.

    The country filter accepts every country, and offers those of the organisations listed.
    """

    # The messages do not repeat the value: a visitor's query may be anything, of any length.
    theme = ThemeSlugsField(
        label=_("Themes"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose themes from the list.")},
    )
    country = CountryField(
        label=_("Country"),
        required=False,
        error_messages={"invalid_choice": _("Choose a country from the list.")},
    )

    def __init__(self, data=None, *, locale=None, **kwargs):
        super().__init__(data, **kwargs)
        locale = locale or active_locale()
        self.themes = themes_for_display(locale=locale)
        self.fields["theme"].choices = [(theme.slug, theme.name) for theme in self.themes]
        self.countries = directory_countries(locale)
        field = self.fields["country"]
        field.choices = [("", _("Any country")), *countries]
        field.widget.choices = [
            ("", _("Any country")),
            *((code, name) for code, name in countries if code in self.countries),
        ]

    def get_filters(self):
        """Keyword arguments for ``taking_part.directory_organisations`` from the valid fields."""
        data = getattr(self, "cleaned_data", {})
        return {"country": data.get("country") or None, "themes": data.get("theme") or []}

    def query_string(self):
        """The valid filters as a query string, without "?"."""
        filters = self.get_filters()
        pairs = [("theme", slug) for slug in filters["themes"]]
        if filters["country"]:
            pairs.append(("country", filters["country"]))
        return urlencode(pairs)
