"""The curated stream of blocks each page type offers editors."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .content import (
    CallToActionBlock,
    FigureBlock,
    HeadingBlock,
    ParagraphBlock,
    QuoteBlock,
    StatisticBlock,
)
from .links import ButtonBlock
from .listings import ActivityListBlock, TestimonialBlock, ThemeListBlock


class TestimonialStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    quote = QuoteBlock()
    image = FigureBlock()

    class Meta:
        label = _("Account")


class ActivityStreamBlock(TestimonialStreamBlock):
    statistic = StatisticBlock()
    button = ButtonBlock()

    class Meta:
        label = _("Body")


class CallToActionStreamBlock(ActivityStreamBlock):
    call_to_action = CallToActionBlock()
    testimonial = TestimonialBlock()
    activity_list = ActivityListBlock()
    theme_list = ThemeListBlock()

    class Meta:
        label = _("Body")
