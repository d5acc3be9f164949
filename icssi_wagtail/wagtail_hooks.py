"""Admin: the ICSSI menu group with the activities' listing and the snippets of this app; the
dashboard panel; the GraphQL query hooks; bulk publishing of pages that are not ready."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.staticfiles import versioned_static
from wagtail.models import Page
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import graphql, translation_review
from .admin import bulk_publish
from .admin.dashboard import EditorsPanel
from .admin.listing import ActivityListingViewSet
from .models import Organisation, Theme
from .registration.admin import ActivityRegistrationViewSet


class OrganisationChooserViewSet(SnippetChooserViewSet):
    """The organisation chooser, with a "Create" tab: an editor adds a missing organiser
    without leaving the activity (it gets the default language, like any new snippet)."""

    form_fields = ["name", "acronym", "relationship", "country", "city", "website"]
    create_action_label = _("Create")
    creation_tab_label = _("Create an organisation")


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    chooser_viewset_class = OrganisationChooserViewSet
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "acronym", "country", "relationship", "awaiting_review"]
    list_filter = ["relationship", "country", "locale", "awaiting_review"]
    panels = [
        FieldPanel("name"),
        FieldPanel("acronym"),
        FieldPanel("relationship"),
        FieldPanel("country"),
        FieldPanel("city"),
        FieldPanel("website"),
        FieldPanel("logo"),
        FieldPanel("description"),
        FieldPanel("awaiting_review"),
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
    items = (ActivityListingViewSet, OrganisationViewSet, ThemeViewSet, ActivityRegistrationViewSet)


register_snippet(IcssiViewSetGroup)


@hooks.register("construct_homepage_panels")
def editors_dashboard_panel(request, panels):
    """This week's activities and closing registrations, translations waiting for review and
    photo consents to check (see ``admin.dashboard``)."""
    panels.append(EditorsPanel(request))


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
def public_graphql_snippets(query_mixins):
    """Grapple's ``snippets`` leaves out organisations awaiting review (see ``graphql``)."""
    graphql.add_public_snippets(query_mixins)


@hooks.register("register_schema_query")
def prefetched_graphql_pages(query_mixins):
    """Grapple's ``pages`` list costs a fixed number of queries (see ``graphql``)."""
    graphql.add_prefetched_pages(query_mixins)


@hooks.register("register_admin_urls")
def translation_review_urls():
    """The "Ready for review" step of the translation editor (see ``translation_review``)."""
    return translation_review.admin_urls()


@hooks.register("insert_editor_js")
def page_editor_js():
    """Autosave in the page editor stops once the form is submitted and waits for a title
    (``static/icssi_wagtail/page_editor.js``)."""
    return format_html(
        '<script src="{}"></script>', versioned_static("icssi_wagtail/page_editor.js")
    )


@hooks.register("before_bulk_action")
def bulk_publish_only_ready_pages(request, action_type, objects, action):
    """Bulk "Publish" leaves out pages not ready to publish and says why (see
    ``admin.bulk_publish``); Wagtail answered those with a 500."""
    if action_type == "publish" and issubclass(action.model, Page):
        return bulk_publish.leave_out_unready_pages(request, objects, action)
    return None
