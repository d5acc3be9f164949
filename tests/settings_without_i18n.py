"""A host site with no translation app and Wagtail's internationalisation off: one language,
no ``i18n_patterns``."""

from .settings_without_localize import *  # noqa: F403

WAGTAIL_I18N_ENABLED = False
ROOT_URLCONF = "tests.urls_without_i18n"
