"""Admin: the ICSSI menu group with the snippets of this app; the GraphQL query hooks."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import graphql, translation_review
from .models import Organisation, Theme


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "acronym", "country", "relationship"]
    list_filter = ["relationship", "country", "locale"]
    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("relationship"),
        FieldPanel("country"),
        FieldPanel("city"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
    ]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "slug", "sort_order"]
    list_filter = ["locale"]
    ordering = ["sort_order", "name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]


class IcssiViewSetGroup(SnippetViewSetGroup):
    menu_label = _("ICSSI")
    menu_icon = "globe"
    menu_name = "icssi"
    items = (OrganisationViewSet, ThemeViewSet)


register_snippet(IcssiViewSetGroup)


@hooks.register("register_schema_query")
def public_graphql_search(query_mixins):
    """Grapple's ``search`` query returns only live, public pages (see ``graphql``)."""
    graphql.add_public_search(query_mixins)


@hooks.register("register_schema_query")
def public_graphql_images(query_mixins):
    """Grapple's ``image`` and ``images`` never serve a photo hidden for a person's safety
    (see ``graphql``)."""
    graphql.add_public_images(query_mixins)


@hooks.register("register_schema_query")
def prefetched_graphql_pages(query_mixins):
    """Grapple's ``pages`` list costs a fixed number of queries (see ``graphql``)."""
    graphql.add_prefetched_pages(query_mixins)


@hooks.register("register_admin_urls")
def translation_review_urls():
    """The "Ready for review" step of the translation editor (see ``translation_review``)."""
    return translation_review.admin_urls()
