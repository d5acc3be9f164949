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
from .streams import ActivityStreamBlock, CallToActionStreamBlock, TestimonialStreamBlock

__all__ = [
    "ActivityListBlock",
    "ActivityStreamBlock",
    "ButtonBlock",
    "CallToActionBlock",
    "CallToActionStreamBlock",
    "FigureBlock",
    "HeadingBlock",
    "ParagraphBlock",
    "QuoteBlock",
    "StatisticBlock",
    "TestimonialBlock",
    "TestimonialStreamBlock",
    "ThemeListBlock",
]
