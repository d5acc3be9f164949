"""What every page type of icssi_wagtail shares."""

from django.core.exceptions import ValidationError
from django.utils import translation

from ..conf import get_setting
from ..validators import validate_no_control_characters


class IcssiPageMixin:
    """Checks titles for invisible characters and gives templates their base template."""

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
        with translation.override(self.locale.language_code):
            response = super().serve(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["icssi_base_template"] = get_setting("BASE_TEMPLATE")
        return context
