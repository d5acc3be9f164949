"""The visitor-facing filter form of the activity index."""

from django import forms
from django.utils.choices import BaseChoiceIterator
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .listing import ActivityFilters, organising_organisations
from .models.choices import AttendanceMode
from .models.listing import clean_theme_slugs, themes_for_display
from .request_memo import active_locale, remembered

__all__ = ["ActivityFilterForm", "organising_organisations"]


class Pairs(BaseChoiceIterator):
    """Choices already in Django's normal form, pairs of a value and its label. Django
    normalizes a list of choices each time it is given to a field, and copies it with each
    form; it takes a choice iterator as it is (an organisation filter's 40 choices cost more
    than the rest of the form)."""

    def __init__(self, pairs):
        self.pairs = list(pairs)

    def __iter__(self):
        return iter(self.pairs)

    def __len__(self):
        return len(self.pairs)

    def __deepcopy__(self, memo):
        return self  # never changed in place: a field is given new Pairs


def html_attributes(attrs):
    """A widget's attributes as Django's ``attrs.html`` writes them: ``False`` left out,
    ``True`` as the bare name."""
    return format_html_join(
        "",
        " {}{}",
        (
            (key, "" if value is True else format_html('="{}"', value))
            for key, value in attrs.items()
            if value is not False
        ),
    )


class Select(forms.Select):
    """Django's ``Select``, written in Python: the HTML of Django's templates, without a
    template and a context per option (the organisation filter has one per organisation).
    No option groups."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        chosen = set(self.format_value(value))
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            selected = option_value in chosen
            chosen -= {option_value}  # like Django's, only the first match is selected
            options.append((option_value, " selected" if selected else "", label))
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            html_attributes(attrs),
            format_html_join("", '\n  <option value="{}"{}>{}</option>', options),
        )


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    """Django's ``CheckboxSelectMultiple``, whose checkboxes alone (``{{ checkbox.tag }}`` in
    a template looping over the field) are written in Python: the HTML of Django's templates,
    without three templates per theme. The whole widget, and a checkbox wrapped in its label,
    render with Django's templates."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        if template_name != self.option_template_name or widget.get("wrap_label"):
            return super()._render(template_name, context, renderer)
        value = widget["value"]
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            widget["name"],
            "" if value is None else format_html(' value="{}"', value),
            html_attributes(widget["attrs"]),
        )


class CountryField(forms.ChoiceField):
    """An ISO 3166 code of any country, offering only the countries given to ``offer``: a
    listing's country filter lists the countries that have activities, not about 250."""

    def valid_value(self, value):
        return value in countries

    def offer(self, codes, selected=None):
        """Offer ``codes`` and ``selected``, by name in the active language."""
        codes = {code for code in (*codes, selected) if code and code in countries}
        named = sorted((countries.name(code), code) for code in codes)
        self.choices = Pairs([("", _("Any country")), *((code, name) for name, code in named)])


class ThemesField(forms.MultipleChoiceField):
    """Theme slugs, each once, at most ``MAX_THEME_FILTERS`` (``clean_theme_slugs``)."""

    def to_python(self, value):
        return clean_theme_slugs(super().to_python(value))


class ActivityFilterForm(forms.Form):
    """Parses the listing's query string into ``ActivityFilters``; invalid values become
    errors, never exceptions. Its choices (themes, organisations) cost one query each."""

    WHEN_CHOICES = [("", _("Any time")), ("upcoming", _("Upcoming")), ("past", _("Past"))]

    theme = ThemesField(label=_("Themes"), required=False, widget=CheckboxSelectMultiple)
    organisation = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None, widget=Select
    )
    mode = forms.ChoiceField(
        label=_("Attendance"),
        required=False,
        choices=Pairs([("", _("Any attendance")), *AttendanceMode.choices]),
        widget=Select,
    )
    country = CountryField(label=_("Country"), required=False, widget=Select)
    when = forms.ChoiceField(
        label=_("When"), required=False, choices=Pairs(WHEN_CHOICES), widget=Select
    )
    per_page = forms.IntegerField(
        label=_("Activities per page"), required=False, min_value=1, widget=forms.HiddenInput
    )

    def __init__(self, data=None, *, locale=None, **kwargs):
        super().__init__(data, **kwargs)
        locale = locale or active_locale()
        self.themes = themes_for_display(locale=locale)
        self.fields["theme"].choices = Pairs((theme.slug, theme.name) for theme in self.themes)
        # A lookup of the request (request_memo), shared across requests until who organises
        # what changes, as the locales are.
        self.organisations = remembered(
            ("filter-organisations", locale.pk),
            lambda: organising_organisations(locale),
            scopes=("organisations", "organisers", "pages"),
        )
        self.fields["organisation"].choices = Pairs(
            [
                ("", _("Any organisation")),
                *((pk, str(organisation)) for pk, organisation in self.organisations.items()),
            ]
        )
        # Until offer_countries(), the country filter offers only the country filtered by.
        self.offer_countries(())

    def offer_countries(self, codes=None):
        """Offer the country filter's ``codes`` (``None``: every country) and the country
        filtered by; any country is valid either way."""
        selected = self.data.get("country") if self.is_bound else None
        self.fields["country"].offer(countries.countries if codes is None else codes, selected)

    def get_filters(self):
        """The ``ActivityFilters`` of the fields that are valid."""
        data = getattr(self, "cleaned_data", {})
        return ActivityFilters(
            themes=tuple(data.get("theme") or ()),
            organisation=self.organisations.get(data.get("organisation")),
            mode=data.get("mode") or None,
            country=data.get("country") or None,
            when=data.get("when") or None,
        )

    def query_string(self, explicit_when=False, paging=True):
        """The valid filters as a query string, to carry them across pages.

        ``explicit_when`` writes ``when`` even when it is "any time" (the feeds default to
        upcoming activities); ``paging=False`` leaves ``per_page`` out.
        """
        data = getattr(self, "cleaned_data", {})
        pairs = [("theme", slug) for slug in data.get("theme") or []]
        names = ("organisation", "mode", "country", "when", "per_page" if paging else None)
        pairs += [(name, data[name]) for name in names if name and data.get(name)]
        if explicit_when and not data.get("when"):
            pairs.append(("when", ""))
        return urlencode(pairs)
