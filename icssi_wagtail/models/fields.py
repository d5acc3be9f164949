"""Model fields shared by the page types and snippets."""

from django import forms
from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..validators import WebURLValidator, validate_time_zone


class WebURLField(models.URLField):
    """A URL field that accepts only http(s) addresses (and mailto: when ``allow_mailto``)."""

    def __init__(self, *args, allow_mailto=False, **kwargs):
        self.allow_mailto = allow_mailto
        kwargs.setdefault("max_length", 500)
        super().__init__(*args, **kwargs)

    @cached_property
    def validators(self):
        # Replace URLField's validator, which also accepts ftp:// addresses.
        return [*self._validators, WebURLValidator(allow_mailto=self.allow_mailto)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.allow_mailto:
            kwargs["allow_mailto"] = True
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        defaults = {"form_class": WebURLFormField, "allow_mailto": self.allow_mailto}
        defaults.update(kwargs)
        return super().formfield(**defaults)


class WebURLFormField(forms.CharField):
    widget = forms.URLInput

    def __init__(self, *, allow_mailto=False, assume_scheme=None, **kwargs):
        super().__init__(strip=True, **kwargs)
        self.validators.append(WebURLValidator(allow_mailto=allow_mailto))


class TimeZoneField(models.CharField):
    """An IANA time zone name, validated against the system's zoneinfo database."""

    default_validators = [validate_time_zone]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 63)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 63:
            del kwargs["max_length"]
        return name, path, args, kwargs


def language_choices():
    return [(code, _(name)) for code, name in global_settings.LANGUAGES]


class LanguageCodesField(models.CharField):
    """A list of Django language codes, stored space-separated (``"ar en ckb"``)."""

    description = _("List of language codes")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 255)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key, value in (("max_length", 255), ("blank", True), ("default", list)):
            if kwargs.get(key) == value:
                del kwargs[key]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None:
            return []
        if isinstance(value, (list, tuple)):
            return list(value)
        return value.split()

    def get_prep_value(self, value):
        return " ".join(self.to_python(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        known = {code for code, _name in global_settings.LANGUAGES}
        unknown = [code for code in self.to_python(value) if code not in known]
        if unknown:
            raise ValidationError(
                _("Unknown language code: %(codes)s."),
                code="invalid_language",
                params={"codes": ", ".join(unknown)},
            )
        if not self.blank and not value:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        defaults = {
            "form_class": forms.TypedMultipleChoiceField,
            "choices": language_choices,
            "required": not self.blank,
            "widget": forms.SelectMultiple(attrs={"size": 8}),
        }
        defaults.update(kwargs)
        # CharField.formfield would pass max_length, which a multiple choice field does not take.
        return models.Field.formfield(self, **defaults)
