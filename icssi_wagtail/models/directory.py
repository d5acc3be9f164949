"""The organisation directory: who takes part, with their countries and themes."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from ..request_memo import active_locale
from .base import IcssiPageMixin, intro_text
from .taking_part import directory_organisations
from .translation import PAGE_FIELDS, translated


class AbstractOrganisationDirectoryPage(IcssiPageMixin, Page):
    """A page listing the organisations that organise live, public activities in its
    language (``taking_part``), filtered by country and theme. A site extends it to change
    what it lists (``get_organisations``) or how it filters (``get_filter_form``)."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    subpage_types = []
    template = "icssi_wagtail/pages/organisation_directory_page.html"

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    override_translatable_fields = [*PAGE_FIELDS, *translated("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    # The organisations themselves: the ``organisation-directory`` endpoint (docs/api.md).
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True

    def get_share_description(self):
        return self.search_description or intro_text(self.intro)

    def get_filter_form(self, request, locale):
        """Hook: the visitors' filters; invalid ones are reported and ignored, never an error."""
        from ..directory_filters import DirectoryFilterForm

        form = DirectoryFilterForm(request.GET, locale=locale)
        form.is_valid()
        return form

    def get_organisations(self, request, locale, *, country=None, themes=()):
        """Hook: the organisations listed, each with ``activity_count`` and
        ``directory_themes`` (``taking_part.directory_organisations``)."""
        return directory_organisations(locale, country=country, themes=themes)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        locale = active_locale()
        form = self.get_filter_form(request, locale)
        context.update(
            filter_form=form,
            organisations=self.get_organisations(request, locale, **form.get_filters()),
            query_string=form.query_string(),
        )
        return context


class OrganisationDirectoryPage(AbstractOrganisationDirectoryPage):
    class Meta:
        verbose_name = _("organisation directory")
        verbose_name_plural = _("organisation directories")
