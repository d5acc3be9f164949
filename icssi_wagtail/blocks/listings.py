"""Blocks that show other content: a testimonial, a list of activities, a list of themes.

They name page types by string and import the models only when they render, so that the
models can import these blocks.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from ..request_memo import is_public


def theme_choices():
    """Themes offered to editors: slug and name, in the default locale.

    Kept in the cache until a theme changes: Wagtail reads the choices each time it reads a
    stored theme (``normalize_choice``), which would cost a query per block of a page."""
    from ..cache import cached
    from ..models import Theme

    return cached(
        "theme-choices",
        (),
        ("themes",),
        lambda: [(theme.slug, theme.name) for theme in Theme.objects.canonical()],
    )


def localized_index(value):
    """The chosen activity index in the active language (the chosen one when it has no live
    translation), or ``None`` when there is none or not every visitor may see it (not live, or
    under a view restriction).

    A translated page keeps the chooser's page of its source language: links from an Arabic
    page lead to the Arabic listing only through this."""
    index = value.get("index") if value else None
    if index is None:
        return None
    index = index.localized
    return index if is_public(index) else None


class TestimonialBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(
        label=_("testimonial"), page_type="icssi_wagtail.TestimonialPage"
    )

    class Meta:
        icon = "openquote"
        label = _("Testimonial")
        template = "icssi_wagtail/blocks/testimonial.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("The pull quote of a testimonial, with a link to the full account.")

    def get_testimonial(self, value):
        """The chosen testimonial in the active language, or ``None`` if it is not public."""
        from ..models.listing import visible_translation

        page = value.get("page") if value else None
        return visible_translation(page) if page is not None else None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["testimonial"] = self.get_testimonial(value)
        return context

    def get_api_representation(self, value, context=None):
        """The testimonial in the active language (the page's, in the API), with its photo
        (``null`` unless consent is recorded and it is not hidden); ``null`` when it is not
        public."""
        from ..api.resolved import card_meta, resolved_content

        resolved = resolved_content(value, context)
        testimonial = resolved["testimonial"]
        if testimonial is None:
            return None
        request = (context or {}).get("request")
        return {
            "id": testimonial.pk,
            "meta": card_meta(testimonial, request),
            "title": testimonial.title,
            "person_name": testimonial.public_person_name,
            "quote": testimonial.quote,
            "photo": resolved["photo"],
        }


class ActivityListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200, required=False)
    themes = blocks.MultipleChoiceBlock(
        label=_("themes"),
        choices=theme_choices,
        required=False,
        help_text=_("Leave empty to show activities of every theme."),
    )
    index = blocks.PageChooserBlock(
        label=_("activity index"),
        page_type="icssi_wagtail.ActivityIndexPage",
        required=False,
        help_text=_("Only show activities listed under this index, and link to it."),
    )
    count = blocks.IntegerBlock(
        label=_("number of activities"), default=5, min_value=1, max_value=50
    )
    upcoming_only = blocks.BooleanBlock(label=_("upcoming only"), default=True, required=False)

    class Meta:
        icon = "list-ul"
        label = _("Activity list")
        template = "icssi_wagtail/blocks/activity_list.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("The next activities of some themes, with links to each.")
        preview_value = {"heading": "Activities", "count": 3, "upcoming_only": False}

    def get_activities(self, value):
        """The cards the block shows: the ``listing.ActivityListing`` of the chosen index (in
        the active language) and themes, its first ``count`` activities."""
        from ..listing import ActivityFilters, ActivityListing

        index = value.get("index")
        filters = ActivityFilters(
            themes=tuple(value.get("themes") or ()),
            when="upcoming" if value.get("upcoming_only") else None,
        )
        listing = ActivityListing(index=index.localized if index else None, filters=filters)
        return listing.cards(value.get("count") or 5)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["activities"] = self.get_activities(value)
        index = localized_index(value)
        context["index_url"] = index.url if index is not None else None
        return context

    def get_api_representation(self, value, context=None):
        """What the editor chose (``themes`` slugs, the ``index``'s id in the active
        language), and what the block shows: ``index_url`` and the ``activities``, as cards
        (``api.resolved``)."""
        from ..api.resolved import resolved_content

        resolved = resolved_content(value, context)
        return {
            "heading": value.get("heading") or "",
            "themes": list(value.get("themes") or []),
            "index": resolved["index"],
            "count": value.get("count"),
            "upcoming_only": bool(value.get("upcoming_only")),
            "index_url": resolved["index_url"],
            "activities": resolved["activities"],
        }


class ThemeListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=200, required=False)
    index = blocks.PageChooserBlock(
        label=_("activity index"),
        page_type="icssi_wagtail.ActivityIndexPage",
        help_text=_("Each theme links to this listing, filtered by the theme."),
    )
    themes = blocks.MultipleChoiceBlock(
        label=_("themes"),
        choices=theme_choices,
        required=False,
        help_text=_("Leave empty to list every theme."),
    )

    class Meta:
        icon = "tag"
        label = _("Theme list")
        template = "icssi_wagtail/blocks/theme_list.html"
        preview_template = "icssi_wagtail/blocks/preview.html"
        description = _("Links to the activity listing filtered by each theme.")

    def get_context(self, value, parent_context=None):
        from ..models.listing import themes_for_display

        context = super().get_context(value, parent_context)
        index = localized_index(value)
        context["index_url"] = index.url if index is not None else None
        context["themes"] = themes_for_display(value.get("themes") or None)
        return context

    def get_api_representation(self, value, context=None):
        """What the editor chose (``themes`` slugs, the ``index``'s id in the active
        language), and what the block shows: ``index_url`` and ``listed_themes``, each with
        its name, number of activities and link (``api.resolved``)."""
        from ..api.resolved import resolved_content

        resolved = resolved_content(value, context)
        return {
            "heading": value.get("heading") or "",
            "themes": list(value.get("themes") or []),
            "index": resolved["index"],
            "index_url": resolved["index_url"],
            "listed_themes": resolved["listed_themes"],
        }
