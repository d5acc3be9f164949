"""Settings of the benchmark: a production-like Wagtail site (DEBUG off) with icssi_wagtail.

The database is the one named by ``DATABASE_URL`` (PostgreSQL, MySQL/MariaDB), else the SQLite
file ``BENCH_SQLITE_PATH`` (default ``benchmarks/bench.sqlite3``), never the demo's or the tests'.
Media files go to ``BENCH_MEDIA_ROOT``, a temporary directory the runner creates and removes.
"""

import os

from .database import BENCH_DIR, database_from_url, sqlite_path

SECRET_KEY = "benchmark-only-not-secret"  # noqa: S105 - local, in-process benchmark
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True

# As a multilingual ICSSI site runs: wagtail-localize, i18n_patterns, LocaleMiddleware.
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("ar", "Arabic"),
    ("ckb", "Central Kurdish"),
    ("fr", "French"),
    ("it", "Italian"),
]
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

INSTALLED_APPS = [
    "icssi_wagtail",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
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
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "benchmarks.urls"
CORS_URLS_REGEX = r"^/api/v2/.*$"
CORS_ALLOWED_ORIGIN_REGEXES = []

# benchmarks/templates holds the stock (tutorial-style) listing and the plain page's template.
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [str(BENCH_DIR / "templates")],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]


DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    DATABASES = {"default": database_from_url(DATABASE_URL)}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(sqlite_path())}}

# Renditions and Wagtail's site root paths are cached, as on a production site; room for every
# rendition of the run, so that no entry is culled halfway (LocMemCache keeps 300 by default).
# The backends are Django's own with a switch for the cases computed afresh (benchmarks/cache.py):
# the app's entries can be turned off or emptied while Wagtail's stay.
CACHES = {
    "default": {
        "BACKEND": "benchmarks.cache.BenchLocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}
# With REDIS_URL (such as redis://127.0.0.1:6379/5), one cache shared by every process, as the
# several workers of a production server share it (django-redis, in the reliability extra).
# Every key starts with KEY_PREFIX, so that the load run clears only its own keys.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "benchmarks.cache.BenchRedisCache",
            "LOCATION": REDIS_URL,
            # Its own per run in CI (BENCH_CACHE_PREFIX), so that runs sharing Redis never meet.
            "KEY_PREFIX": os.environ.get("BENCH_CACHE_PREFIX") or "icssi-bench",
        }
    }

# The app keeps answers in the default cache (icssi_wagtail.cache), as it does by default;
# `--no-cache` (BENCH_NO_CACHE=1) turns that off to measure every answer computed afresh.
if os.environ.get("BENCH_NO_CACHE"):
    ICSSI_WAGTAIL = {"CACHE_ALIAS": None}

STATIC_URL = "/static/"
STATIC_ROOT = str(BENCH_DIR / "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = os.environ.get("BENCH_MEDIA_ROOT") or str(BENCH_DIR / "media")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

WAGTAIL_SITE_NAME = "ICSSI benchmark"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Stock API v2 answers at most 20 items unless told otherwise; the bench asks it for 100.
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
