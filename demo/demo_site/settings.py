"""Settings of the demo site: SQLite, local use only (DEBUG is on)."""

import os
from pathlib import Path

from wagtail.admin.localization import WAGTAILADMIN_PROVIDED_LANGUAGES

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "demo-only-not-secret"
DEBUG = True
ALLOWED_HOSTS = ["localhost", "127.0.0.1"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True

# English content with an Arabic translation (load_icssi_demo); Sorani Kurdish, French and
# Italian are ready for translators. wagtail-localize needs these settings.
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("ar", "Arabic"),
    ("ckb", "Central Kurdish"),
    ("fr", "French"),
    ("it", "Italian"),
]
# New translations stay drafts until an editor publishes them.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

# The admin's languages (Account > Preferences): Wagtail's own, and Sorani Kurdish, which Wagtail
# does not translate yet: its admin then reads right to left in Sorani where Django and this app
# are translated, in English elsewhere.
WAGTAILADMIN_PERMITTED_LANGUAGES = [
    *WAGTAILADMIN_PROVIDED_LANGUAGES,
    ("ckb", "Central Kurdish"),
]

INSTALLED_APPS = [
    "demo_site",
    "icssi_wagtail",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_countries",
    "rest_framework",
    "corsheaders",
    "wagtail.contrib.frontend_cache",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "demo_site.urls"
WSGI_APPLICATION = "demo_site.wsgi.application"

# The embed script and a headless front end may load activities and images from a page served
# on another local port, with conditional requests (If-None-Match, ETag).
from icssi_wagtail.api.cors import (  # noqa: E402
    CORS_ALLOW_HEADERS,  # noqa: F401
    CORS_ALLOW_METHODS,  # noqa: F401
    CORS_EXPOSE_HEADERS,  # noqa: F401
)

CORS_URLS_REGEX = r"^/(api/v2|media)/.*$"
CORS_ALLOWED_ORIGIN_REGEXES = [r"^http://(127\.0\.0\.1|localhost)(:\d+)?$"]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}

# Pages and API answers are kept in Django's cache (README: "Caching and scaling"): local memory
# for the single runserver process, or Redis when REDIS_URL is set (the "redis" extra).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
    }

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"

# Wagtail's moderation emails (a page submitted for review, approved, sent back) are printed
# in the terminal that runs the demo server.
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "icssi-demo@example.org"

WAGTAIL_SITE_NAME = "ICSSI demo"
# Avatars without gravatar.com: the demo runs offline too.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_BASE_URL = "http://127.0.0.1:8000"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# New activities and calls to action with no forum above them start in Baghdad's time zone.
ICSSI_WAGTAIL = {"DEFAULT_TIME_ZONE": "Asia/Baghdad"}
