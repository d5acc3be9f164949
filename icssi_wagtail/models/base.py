"""What every page type of icssi_wagtail shares."""

import html

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.html import strip_tags
from wagtail.models import get_page_models

from ..conf import get_setting
from ..preview import HeadlessPreviewMixin
from ..request_memo import locale_by_id
from ..validators import validate_no_control_characters


def intro_text(rich_text):
    """Rich text as one line of plain text: an index's introduction as its description."""
    return " ".join(html.unescape(strip_tags(rich_text or "")).split())


def with_subclasses(models):
    """``models`` and every page model that extends one of them, so that a site's subclass of
    a page type may go wherever the page type may."""
    extended = [
        model for model in get_page_models() if any(issubclass(model, base) for base in models)
    ]
    return list(dict.fromkeys((*models, *extended)))


class IcssiPageMixin(HeadlessPreviewMixin):
    """Checks titles for invisible characters, renders in the page's language and gives
    templates their base template.

    Previews go to a headless front end when the host enables it (see ``preview``).
    """

    #: Wagtail's deferred validation, as its admin form has it: ``True`` while the admin
    #: checks a draft being saved, autosaved or previewed. ``clean_for_publishing`` then
    #: waits for the publish, as Wagtail's required fields do (``admin.forms.IcssiPageForm``).
    is_deferred_validation = False

    def clean(self):
        super().clean()
        errors = {}
        for name in ("title", "seo_title"):  # both are shown as the page's title
            try:
                validate_no_control_characters(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if not self.is_deferred_validation:
            try:
                self.clean_for_publishing()
            except ValidationError as error:
                errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def clean_for_publishing(self):
        """Hook: the rules a page must meet before visitors see it, not while it is written.

        A field filled in before the one that goes with it (consent ticked before its date, an
        end typed before its start) must not stop an editor's draft, nor make autosave answer
        400. ``full_clean`` runs these rules, so publishing, submitting for moderation and
        saving a live page do; the admin skips them on a draft, as Wagtail skips required
        fields (its deferred validation). Rules that keep data loadable or people safe belong
        in ``clean``. Raise ``ValidationError`` with a dict of field names to messages.
        """

    def serve(self, request, *args, **kwargs):
        """Render in the page's own language, so ``lang``, ``dir`` and interface strings match
        its content even on a site without ``i18n_patterns``. (``icssi_wagtail.cache`` caches
        the response around this, through Wagtail's ``on_serve_page`` hook.)"""
        # The locale is looked up once per request, not once per page that asks for it.
        self.locale = locale_by_id(self.locale_id)
        with translation.override(self.locale.language_code):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_template(self, request, *args, **kwargs):
        """The template of the page's own type, then those of the page types it extends.

        Wagtail names a template after each page type (``myapp/my_activity_page.html``): a
        site's subclass of a page type renders with that template when the site has written
        it, else with the app's.
        """
        own = super().get_template(request, *args, **kwargs)
        extended = (
            vars(base)["template"]
            for base in type(self).__mro__
            if issubclass(base, IcssiPageMixin) and "template" in vars(base)
        )
        names = list(dict.fromkeys((own, *extended)))
        return names if len(names) > 1 else own

    @classmethod
    def clean_subpage_models(cls):
        """Wagtail's subpage types, each with the site's subclasses of it."""
        if "_icssi_subpage_models" not in vars(cls):
            cls._icssi_subpage_models = with_subclasses(super().clean_subpage_models())
        return cls._icssi_subpage_models

    @classmethod
    def clean_parent_page_models(cls):
        """Wagtail's parent page types, each with the site's subclasses of it."""
        if "_icssi_parent_page_models" not in vars(cls):
            cls._icssi_parent_page_models = with_subclasses(super().clean_parent_page_models())
        return cls._icssi_parent_page_models

    def get_share_image(self):
        """Hook: the image shown when the page is shared (Open Graph); ``None`` for none."""
        return None

    def get_share_description(self):
        """Hook: the description shown in search results and when the page is shared."""
        return self.search_description

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["icssi_base_template"] = get_setting("BASE_TEMPLATE")
        return context
