"""Admin previews rendered by a headless front end (the ``preview`` extra), when enabled.

With wagtail-headless-preview installed and ``ICSSI_WAGTAIL["HEADLESS_PREVIEW"] = True``,
previewing an ICSSI page in the admin stores the draft under a signed token and shows the front
end's preview address (``WAGTAIL_HEADLESS_PREVIEW["CLIENT_URLS"]``) instead of rendering the
page's template. The front end fetches the draft by its token (grapple's
``page(token: ...)``, or ``get_page_from_preview_token``). Without the package, or with the
setting off, previews render the page templates as before.

This is the only module that imports wagtail-headless-preview. The setting is read when a
preview is served, never at import time; ``INSTALLED_APPS`` decides which mixin the page types
inherit.
"""

from django.apps import apps

from .conf import get_setting

# Its models module defines a model, so it can be imported only when its app is installed
# (grapple depends on the package, so it may be installed and not in INSTALLED_APPS).
if apps.is_installed("wagtail_headless_preview"):
    from wagtail_headless_preview.models import HeadlessPreviewMixin as _HeadlessPreviewMixin
else:

    class _HeadlessPreviewMixin:
        """Stands in for wagtail-headless-preview's mixin while its app is not installed."""


def headless_preview_enabled():
    """Whether previews go to the headless front end: the package is installed, its app is in
    ``INSTALLED_APPS`` and ``ICSSI_WAGTAIL["HEADLESS_PREVIEW"]`` is on."""
    return hasattr(_HeadlessPreviewMixin, "serve_preview") and bool(get_setting("HEADLESS_PREVIEW"))


class HeadlessPreviewMixin(_HeadlessPreviewMixin):
    """wagtail-headless-preview's ``HeadlessPreviewMixin``, in force only while enabled.

    Every ICSSI page type has it (through ``IcssiPageMixin``). Its ``serve`` is untouched:
    pages are still served by their templates; only previews go to the front end.
    """

    def serve_preview(self, request, mode_name):
        if headless_preview_enabled():
            return super().serve_preview(request, mode_name)
        # Skip wagtail-headless-preview's serve_preview: Wagtail's (or a subclass's) renders.
        return super(_HeadlessPreviewMixin, self).serve_preview(request, mode_name)

    @classmethod
    def get_page_from_preview_token(cls, token):
        """The previewed draft for ``token``; ``None`` while headless previews are off."""
        if not headless_preview_enabled():
            return None
        return super().get_page_from_preview_token(token)
