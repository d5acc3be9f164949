"""What every page type of icssi_wagtail shares."""

from django.core.exceptions import ValidationError
from django.utils import translation

from ..conf import get_setting
from ..preview import HeadlessPreviewMixin
from ..request_cache import locale_by_id
from ..validators import validate_no_control_characters


class IcssiPageMixin(HeadlessPreviewMixin):
    """Checks titles for invisible characters and gives templates their base template.

    Previews go to a headless front end when the host enables it (see ``preview``).
    """

    def clean(self):
        super().clean()
        errors = {}
        for name in ("title", "seo_title"):  # both are shown as the page's title
            try:
                validate_no_control_characters(getattr(self, name))
            except ValidationError as error:
                errors[name] = error
        if errors:
            raise ValidationError(errors)

    def serve(self, request, *args, **kwargs):
        """Render in the page's own language, so ``lang``, ``dir`` and interface strings match
        its content even on a site without ``i18n_patterns``."""
        # The locale is looked up once per request, not once per page that asks for it.
        self.locale = locale_by_id(self.locale_id)
        with translation.override(self.locale.language_code):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

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
