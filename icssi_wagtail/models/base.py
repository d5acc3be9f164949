"""What every page type of icssi_wagtail shares."""

from django.core.exceptions import ValidationError
from django.utils import translation

from ..conf import get_setting
from ..preview import HeadlessPreviewMixin
from ..validators import validate_no_control_characters


class IcssiPageMixin(HeadlessPreviewMixin):
    """Checks titles for invisible characters and gives templates their base template.

    Previews go to a headless front end when the host enables it (see ``preview``).
    """

    def clean(self):
        super().clean()
        try:
            validate_no_control_characters(self.title)
        except ValidationError as error:
            raise ValidationError({"title": error}) from None

    def serve(self, request, *args, **kwargs):
        """Render in the page's own language, so ``lang``, ``dir`` and interface strings match
        its content even on a site without ``i18n_patterns``."""
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
