"""The registration form, shared by the page and the JSON endpoint.

Every field has a maximum length (or number of choices), one-line text refuses control and
invisible text-direction characters, longer text refuses control characters other than line
breaks, addresses are http(s) only, and every error is a full sentence in the submitter's
language. ``homepage`` is a honeypot: hidden from people, filled in by robots.
"""

import unicodedata

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from ..admin.forms import ThemeChoiceField, TimeZoneSelect, default_time_zone
from ..models.activities import ActivityPage
from ..models.choices import AttendanceMode
from ..models.fields import WebURLFormField
from ..models.organisations import Organisation
from ..request_memo import default_locale
from ..validators import validate_no_control_characters, validate_time_zone

MAX_CHOICES = 10  # co-organisers, themes and languages one registration may name


def validate_text(value):
    """Longer text: line breaks and bidi controls (Arabic and Kurdish use them) are fine,
    other control characters are not."""
    for char in value or "":
        if unicodedata.category(char) == "Cc" and char not in "\n\r\t":
            raise ValidationError(
                _("Remove the control character (U+%(code)04X); it cannot be shown."),
                code="control_character",
                params={"code": ord(char)},
            )


def line(label, max_length, required=True, **kwargs):
    """A one-line text field."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[validate_no_control_characters],
        **kwargs,
    )


def text(label, max_length, required=True, rows=4, **kwargs):
    """A multi-line text field."""
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


def country_choices():
    """Country names in the active language: read when the form is shown, not at import."""
    return [("", "—"), *countries]


class LimitedMultipleChoiceField(forms.MultipleChoiceField):
    def validate(self, value):
        super().validate(value)
        if len(value) > MAX_CHOICES:
            raise ValidationError(
                _("Choose at most %(count)d."), code="too_many", params={"count": MAX_CHOICES}
            )


class LimitedThemeChoiceField(ThemeChoiceField):
    def clean(self, value):
        if value and len(value) > MAX_CHOICES:
            raise ValidationError(
                _("Choose at most %(count)d."), code="too_many", params={"count": MAX_CHOICES}
            )
        return super().clean(value)


def known_organisations(locale):
    """``{pk: (label, organisation)}`` of the reviewed organisations, each once: its row in
    ``locale`` gives the label, its row in the default language (where it has one) is the
    one an activity names, as translated activities do."""
    rows = list(Organisation.objects.reviewed().order_by("name", "pk"))
    default_id = default_locale().pk
    canonical, labels = {}, {}
    for row in rows:
        key = row.translation_key
        if key not in canonical or row.locale_id == default_id:
            canonical[key] = row
        if key not in labels or row.locale_id == locale.pk:
            labels[key] = str(row)
    chosen = sorted(canonical.items(), key=lambda item: labels[item[0]].casefold())
    return {row.pk: (labels[key], row) for key, row in chosen}


class ActivityRegistrationForm(forms.Form):
    """An organisation's registration of one activity (see ``moderation.register``)."""

    organisation = forms.TypedChoiceField(
        label=_("Your organisation"), required=False, coerce=int, empty_value=None
    )
    new_organisation_name = line(_("Name of your organisation"), 255, required=False)
    new_organisation_country = forms.ChoiceField(
        label=_("Its country"), required=False, choices=country_choices
    )
    new_organisation_website = WebURLFormField(
        label=_("Its website"), required=False, max_length=500
    )
    title = line(_("Title of the activity"), 255)
    summary = text(
        _("Summary"), 500, rows=3, help_text=_("One or two sentences shown in listings.")
    )
    description = text(_("Description"), 5000, required=False, rows=8)
    themes = LimitedThemeChoiceField(label=_("Themes"), to_field_name="slug")
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput({"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"),
        required=False,
        help_text=_("Leave empty for all day."),
        widget=forms.TimeInput({"type": "time"}),
    )
    end_date = forms.DateField(
        label=_("End date"),
        required=False,
        help_text=_("Leave empty for the start date."),
        widget=forms.DateInput({"type": "date"}),
    )
    end_time = forms.TimeField(
        label=_("End time"), required=False, widget=forms.TimeInput({"type": "time"})
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=63,
        validators=[validate_time_zone],
        widget=TimeZoneSelect,
        help_text=_("The time zone of the place, for example Baghdad."),
    )
    attendance_mode = forms.ChoiceField(
        label=_("Where"),
        choices=[("", _("Choose how people take part")), *AttendanceMode.choices],
        error_messages={"required": _("Choose how people take part in the activity.")},
    )
    venue = line(_("Venue"), 255, required=False)
    city = line(_("City"), 100, required=False)
    country = forms.ChoiceField(label=_("Country"), required=False, choices=country_choices)
    online_url = WebURLFormField(label=_("Online address"), required=False, max_length=500)
    co_organisers = LimitedMultipleChoiceField(
        label=_("Co-organisers"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Other organisations from the list that organise the activity with you."),
    )
    other_co_organisers = line(
        _("Other co-organisers"),
        300,
        required=False,
        help_text=_("Organisations that are not in the list, separated by commas."),
    )
    languages = LimitedMultipleChoiceField(
        label=_("Languages spoken"),
        required=False,
        choices=[(code, _(name)) for code, name in global_settings.LANGUAGES],
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    contact_name = line(
        _("Your name"),
        200,
        help_text=_("Only the moderators see it; it is never published."),
        widget=forms.TextInput({"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("For the confirmation and the moderators' answer; it is never published."),
        widget=forms.EmailInput({"autocomplete": "email"}),
    )
    charter = forms.BooleanField(
        error_messages={"required": _("Agree with the charter of principles to register.")}
    )
    # The honeypot: hidden from people (and from assistive technology), filled by robots.
    homepage = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput({"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, data=None, *, page, **kwargs):
        super().__init__(data, **kwargs)
        self.page = page
        self.organisations = known_organisations(page.locale)
        choices = [(pk, label) for pk, (label, _row) in self.organisations.items()]
        self.fields["organisation"].choices = [("", _("Not in the list: a new one")), *choices]
        self.fields["co_organisers"].choices = choices
        # Built per form: the field's queryset names the default locale as it is now.
        themes = self.fields["themes"]
        self.fields["themes"] = LimitedThemeChoiceField(
            label=themes.label, to_field_name="slug", locale=page.locale
        )
        self.fields["time_zone"].initial = default_time_zone()
        self.fields["charter"].label = charter_label(page.charter_address)

    def clean_organisation(self):
        pk = self.cleaned_data["organisation"]
        return None if pk is None else self.organisations[pk][1]

    def clean_co_organisers(self):
        return [self.organisations[int(pk)][1] for pk in self.cleaned_data["co_organisers"]]

    def clean_homepage(self):
        if self.cleaned_data["homepage"]:
            raise ValidationError(_("Leave this field empty."), code="honeypot")
        return ""

    def clean(self):
        data = super().clean()
        self.clean_organisation_choice(data)
        self.clean_dates(data)
        return data

    def clean_organisation_choice(self, data):
        chosen, new = data.get("organisation"), data.get("new_organisation_name")
        if "organisation" in self.errors or "new_organisation_name" in self.errors:
            return
        if chosen is None and not new:
            self.add_error(
                "organisation", _("Choose your organisation, or give the name of a new one.")
            )
        elif chosen is not None and new:
            self.add_error(
                "new_organisation_name",
                _("Choose your organisation in the list or give a new one, not both."),
            )

    def clean_dates(self, data):
        fields = ("start_date", "start_time", "end_date", "end_time", "time_zone")
        if any(name in self.errors for name in fields):
            return
        event = ActivityPage(**{name: data.get(name) for name in fields})
        try:
            event.clean_event_dates()
        except ValidationError as error:
            self.add_error(None, error)


def charter_label(address):
    """ "I agree with the charter of principles", linked to it when it has an address."""
    if not address:
        return gettext("I agree with the charter of principles.")
    return format_html(
        gettext(
            'I agree with the <a href="{url}" target="_blank" rel="noopener">charter of '
            "principles</a>."
        ),
        url=address,
    )
