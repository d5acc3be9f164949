"""A host site that translates with Wagtail's own ``simple_translation`` instead of
wagtail-localize (tests/test_simple_translation.py)."""

from .settings import *  # noqa: F403

INSTALLED_APPS = [
    app
    for app in INSTALLED_APPS  # noqa: F405
    if not app.startswith("wagtail_localize")
] + ["wagtail.locales", "wagtail.contrib.simple_translation"]
# Publishing or moving a page does the same to its translations.
WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
