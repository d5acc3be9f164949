"""Validators shared by the models and blocks of icssi_wagtail."""

import unicodedata
import zoneinfo

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# Explicit directional formatting characters: they can make a name read differently from
# what is stored (for example "Trojan Source" tricks), so names and titles may not hold them.
# The one definition: the template tags strip them, the JSON-LD escapes them.
BIDI_CONTROLS = frozenset(map(chr, (*range(0x202A, 0x202F), *range(0x2066, 0x206A))))


def validate_no_control_characters(value):
    """Reject control characters (NUL, newlines, ...) and bidi overrides in one-line text."""
    for char in value or "":
        if char in BIDI_CONTROLS:
            raise ValidationError(
                _("Remove the invisible text-direction character (U+%(code)04X)."),
                code="bidi_control",
                params={"code": ord(char)},
            )
        if unicodedata.category(char) == "Cc":
            raise ValidationError(
                _("Remove the control character (U+%(code)04X); it cannot be shown."),
                code="control_character",
                params={"code": ord(char)},
            )


def validate_time_zone(value):
    """Accept an IANA time zone name such as ``Asia/Baghdad``."""
    if not value:
        return
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            _("“%(value)s” is not a known time zone. Use a name such as Asia/Baghdad."),
            code="invalid_time_zone",
            params={"value": value},
        ) from None


@deconstructible
class WebURLValidator(URLValidator):
    """A URL validator that accepts http and https only (optionally mailto)."""

    def __init__(self, allow_mailto=False, **kwargs):
        kwargs.setdefault("schemes", ["http", "https"])
        kwargs.setdefault("message", _("Enter a web address starting with https:// or http://."))
        super().__init__(**kwargs)
        self.allow_mailto = allow_mailto

    def __call__(self, value):
        if self.allow_mailto and value.lower().startswith("mailto:"):
            return validate_mailto(value)
        return super().__call__(value)

    def __eq__(self, other):
        return super().__eq__(other) and self.allow_mailto == other.allow_mailto


def validate_mailto(value):
    address = value[len("mailto:") :].split("?", 1)[0]
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError(
            _("Enter a mailto: link with a valid e-mail address."), code="invalid_mailto"
        ) from None


validate_web_url = WebURLValidator()
