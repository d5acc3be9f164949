"""A button that links to a page, a document or an external address."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from ..request_memo import active_locale, is_public
from ..validators import validate_no_control_characters, validate_web_url

LINK_FIELDS = ("page", "document", "url")


def in_active_language(page):
    """``page``'s live translation in the active language, else ``page`` (``None`` kept).
    No query when it is in that language already."""
    if page is None or not getattr(settings, "WAGTAIL_I18N_ENABLED", False):
        return page
    locale = active_locale()
    if page.locale_id == locale.pk:
        return page
    found = type(page).objects.live().filter(translation_key=page.translation_key, locale=locale)
    return found.first() or page


class ButtonValue(blocks.StructValue):
    @cached_property
    def link(self):
        """The linked object's address, or ``None`` when it is not set or is a page that not
        every visitor may see (not live, or under a view restriction)."""
        page = self.page
        if page is not None:
            return page.url if is_public(page) else None
        document = self.get("document")
        if document is not None:
            return document.url
        return self.get("url") or None

    @cached_property
    def page(self):
        """The chosen page in the active language: its live translation where it has one (a
        translated page keeps the chooser's page of its source language)."""
        return in_active_language(self.get("page"))

    @property
    def link_type(self):
        return next((name for name in LINK_FIELDS if self.get(name)), None)


class ButtonBlock(blocks.StructBlock):
    label = blocks.CharBlock(
        label=_("label"), max_length=80, validators=[validate_no_control_characters]
    )
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    document = DocumentChooserBlock(label=_("document"), required=False)
    url = blocks.URLBlock(
        label=_("external address"), required=False, validators=[validate_web_url]
    )

    class Meta:
        icon = "link"
        label = _("Button")
        template = "icssi_wagtail/blocks/button.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        value_class = ButtonValue
        description = _("A button that links to a page, a document or another website.")
        preview_value = {
            "label": "Register on the World Social Forum site",
            "url": "https://fsm2015.org/en",
        }
        help_text = _("Choose exactly one of page, document or external address.")

    def clean(self, value):
        value = super().clean(value)
        chosen = [name for name in LINK_FIELDS if value.get(name)]
        # A draft may wait for its link (Wagtail's deferred validation): the template renders
        # nothing without one, and the first of page, document, address when several are set.
        if len(chosen) != 1 and not self.is_deferred_validation:
            message = (
                _("Choose a page, a document or an external address for the button.")
                if not chosen
                else _("Choose only one of page, document or external address.")
            )
            raise StructBlockValidationError(
                block_errors={name: ValidationError(message) for name in chosen or ["page"]}
            )
        return value

    def get_api_representation(self, value, context=None):
        """``None`` when the button has nowhere to go, as its template then renders nothing."""
        if not value or not value.link:
            return None
        page = value.page
        url = value.link
        if page is not None:
            url = page.get_full_url(request=(context or {}).get("request"))
        return {"label": value["label"], "type": value.link_type, "url": url}
