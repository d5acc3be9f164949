"""Blocks that carry an editor's own content: calls to action, statistics, quotes, images."""

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageBlock

from ..validators import validate_no_control_characters, validate_web_url
from .links import ButtonBlock

INLINE_FEATURES = ["bold", "italic", "link", "document-link"]
PARAGRAPH_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]


class HeadingBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("validators", [validate_no_control_characters])
        kwargs.setdefault("form_classname", "title")
        super().__init__(**kwargs)

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "icssi_wagtail/blocks/heading.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("A section heading.")
        preview_value = "Activities registered by Iraqi organisations"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = _("Paragraph")
        template = "icssi_wagtail/blocks/paragraph.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("Text with headings, lists and links.")
        preview_value = (
            "<p>In 2015, four years after the Arab spring, the World Social Forum will gather "
            "again in Tunis, from March 24 to 28.</p>"
        )

    def get_api_representation(self, value, context=None):
        # Front-end HTML with resolved links, not the database format.
        return str(value) if value is not None else ""


class CallToActionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(
        label=_("heading"), max_length=200, validators=[validate_no_control_characters]
    )
    text = blocks.RichTextBlock(label=_("text"), features=INLINE_FEATURES, required=False)
    button = ButtonBlock(label=_("button"))

    class Meta:
        icon = "pick"
        label = _("Call to action")
        template = "icssi_wagtail/blocks/call_to_action.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("A heading, a few words and a button asking readers to act.")
        preview_value = {
            "heading": "Join Iraqi activists at the World Social Forum!",
            "text": "<p>Anyone endorsing the charter of principles of the WSF can take part.</p>",
            "button": {
                "label": "Register on the World Social Forum site",
                "url": "https://fsm2015.org/en",
            },
        }

    def get_api_representation(self, value, context=None):
        return {
            "heading": value["heading"],
            "text": str(value["text"]) if value["text"] else "",
            "button": self.child_blocks["button"].get_api_representation(value["button"], context),
        }


# The figures a statistic may show live, counted when the page is shown
# (``models.taking_part.live_figure``); their keys are stored in the block.
LIVE_FIGURES = [
    ("organisations", _("Organisations taking part")),
    ("activities", _("Activities registered")),
]


class StatisticBlock(blocks.StructBlock):
    figure = blocks.CharBlock(
        label=_("figure"),
        max_length=30,
        required=False,
        validators=[validate_no_control_characters],
        help_text=_("For example “30,000+” or “45”. Leave empty for a live figure."),
    )
    live_figure = blocks.ChoiceBlock(
        label=_("live figure"),
        choices=LIVE_FIGURES,
        required=False,
        help_text=_(
            "Shown instead of the figure typed above, counted in the page's language when "
            "the page is shown: the organisations with a published activity, or the "
            "published activities."
        ),
    )
    label = blocks.CharBlock(
        label=_("label"), max_length=200, validators=[validate_no_control_characters]
    )
    source = blocks.CharBlock(
        label=_("source"),
        max_length=200,
        required=False,
        validators=[validate_no_control_characters],
    )
    source_url = blocks.URLBlock(
        label=_("source address"), required=False, validators=[validate_web_url]
    )

    class Meta:
        icon = "table"
        label = _("Statistic")
        template = "icssi_wagtail/blocks/statistic.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("A striking figure with what it counts and where it comes from.")
        preview_value = {
            "figure": "30,000+",
            "live_figure": "",
            "label": "people at the opening march of the World Social Forum, Tunis 2013",
            "source": "ICSSI",
        }

    def clean(self, value):
        value = super().clean(value)
        # A draft may wait for its figure (Wagtail's deferred validation); a publish may not.
        deferred = self.is_deferred_validation
        if not deferred and not value.get("figure") and not value.get("live_figure"):
            message = _("Type a figure or choose a live figure.")
            raise StructBlockValidationError(block_errors={"figure": ValidationError(message)})
        return value

    def shown_figure(self, value):
        """The figure shown: the live figure counted now in the active language when one is
        chosen (a query), else the figure typed."""
        typed = (value.get("figure") if value else None) or ""
        kind = value.get("live_figure") if value else None
        if not kind:
            return typed
        from ..models.taking_part import live_figure  # the models import the blocks

        count = live_figure(kind)
        return typed if count is None else number_format(count)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["figure"] = self.shown_figure(value)
        return context

    def get_api_representation(self, value, context=None):
        """Every field a string: an optional one not filled in is empty, never ``null``;
        ``figure`` is the live figure when one is chosen (``api.resolved``)."""
        from ..api.resolved import resolved_content  # the models import the blocks

        represented = {name: value.get(name) or "" for name in self.child_blocks}
        if value.get("live_figure"):
            represented["figure"] = resolved_content(value, context)["figure"]
        return represented


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("quote"), max_length=1000)
    attribution = blocks.CharBlock(
        label=_("attribution"),
        max_length=200,
        required=False,
        validators=[validate_no_control_characters],
    )

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "icssi_wagtail/blocks/quote.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("A quotation with who said it.")
        preview_value = {
            "quote": "If the Iraqi people invite us and ask for solidarity, we cannot refuse.",
            "attribution": "Quazi Baby, PDAP",
        }

    def get_api_representation(self, value, context=None):
        """Both fields strings: no attribution is empty, never ``null``."""
        return {name: value.get(name) or "" for name in self.child_blocks}


class FigureBlock(blocks.StructBlock):
    image = ImageBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), max_length=300, required=False)

    # The rendition the API gives; a list prefetches it for every image (``api.prefetch``).
    api_rendition = "max-1200x1200"

    class Meta:
        icon = "image"
        label = _("Image")
        template = "icssi_wagtail/blocks/figure.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("An image with alt text, or marked as decorative, and an optional caption.")

    def is_shown(self, value):
        """Whether the figure shows: its image exists and is not a photo hidden for a
        person's safety (``safety.visible_image``). A hidden one shows nothing, caption
        included: in HTML, in the API (``null``) and in GraphQL."""
        from ..safety import visible_image  # the models import the blocks

        return visible_image(value.get("image") if value else None) is not None

    def render(self, value, context=None):
        return super().render(value, context) if self.is_shown(value) else ""

    def get_api_representation(self, value, context=None):
        if not self.is_shown(value):
            return None
        from ..api.fields import full_url, requested_image_size  # the models import the blocks

        image = value["image"]
        spec = requested_image_size((context or {}).get("request")) or self.api_rendition
        rendition = image.get_rendition(spec)
        return {
            "id": image.pk,
            # As an image field gives it: the rendition's own url, full_url on the API's host.
            "url": rendition.url,
            "full_url": full_url(rendition, (context or {}).get("request")),
            "width": rendition.width,
            "height": rendition.height,
            "alt": "" if image.decorative else (image.contextual_alt_text or ""),
            "decorative": bool(image.decorative),
            "caption": value.get("caption") or "",
        }
