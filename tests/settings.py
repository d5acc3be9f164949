"""Settings for the test suite: a minimal Wagtail site with icssi_wagtail installed."""

import importlib.util
import os

BASE_DIR = os.path.dirname(os.path.abspath(__file__))

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en"
USE_I18N = True

# Content in English, Arabic, Sorani Kurdish, French and Italian, translated with wagtail-localize.
WAGTAIL_I18N_ENABLED = True
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [
    ("en", "English"),
    ("ar", "Arabic"),
    ("ckb", "Central Kurdish"),
    ("fr", "French"),
    ("it", "Italian"),
]
# New translations stay drafts until someone who may publish publishes them.
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False

INSTALLED_APPS = [
    "icssi_wagtail",
    # A site's own subclasses of the page types (tests/test_subclasses.py).
    "tests.testapp",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.frontend_cache",
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
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "tests.urls"

# Read-only API answers and media files may be fetched by other sites (the embed script, a
# headless front end): conditional requests (If-None-Match, ETag), GET, HEAD and OPTIONS only.
from icssi_wagtail.api.cors import (  # noqa: E402
    CORS_ALLOW_HEADERS,  # noqa: F401
    CORS_ALLOW_METHODS,  # noqa: F401
    CORS_EXPOSE_HEADERS,  # noqa: F401
)

CORS_URLS_REGEX = r"^/(api/v2|media)/.*$"
CORS_ALLOWED_ORIGIN_REGEXES = []

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(BASE_DIR, "templates")],
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

# The database comes from DATABASE_URL (for example postgres://postgres@127.0.0.1:5432/icssi or
# mysql://root@127.0.0.1:3306/icssi); SQLite when it is unset. The test runner creates a test
# database of its own and drops it afterwards: its name carries the virtualenv and the process
# id, so runs in parallel (several environments, several checkouts) never share one.
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    import re
    import sys

    import dj_database_url

    if DATABASE_URL.startswith(("mysql:", "mysql2:", "mariadb:")):
        # PyMySQL is pure Python: no MariaDB headers or compiler needed to run the suite.
        import pymysql

        pymysql.install_as_MySQLdb()
        DATABASE_URL = "mysql:" + DATABASE_URL.split(":", 1)[1]

    _env = re.sub(r"\W+", "_", os.path.basename(sys.prefix)).strip("_").lower() or "env"
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=0)
    _db["TEST"] = {"NAME": f"test_icssi_{_env}_{os.getpid()}"[:63]}
    if _db["ENGINE"] == "django.db.backends.mysql":
        # utf8mb4: Arabic and every other script, four-byte characters included.
        # The connection and the test database use the same collation, or comparisons between
        # columns and expressions (CAST(... AS char) in Wagtail's migrations) fail.
        _db["OPTIONS"] = {
            "charset": "utf8mb4",
            "collation": "utf8mb4_unicode_ci",
            "init_command": "SET sql_mode='STRICT_TRANS_TABLES'",
            **_db.get("OPTIONS", {}),
        }
        _db["TEST"].update(CHARSET="utf8mb4", COLLATION="utf8mb4_unicode_ci")
    DATABASES = {"default": _db}
else:
    # In memory: the test runner makes its own database, and commands run with these settings
    # (makemigrations --check, makemessages) leave no file behind.
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

# Kept listings and API answers (icssi_wagtail.cache) go to Django's default cache: local memory,
# or Redis through django-redis when ICSSI_TEST_REDIS_URL is set (make test-postgres sets it; a
# variable of its own, so that a site's REDIS_URL is never emptied by the suite). Every test
# starts with an empty cache (tests/conftest.py), so a run must have its Redis database to itself.
REDIS_URL = os.environ.get("ICSSI_TEST_REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # One prefix per run (as one test database per run): runs sharing a Redis database
            # empty only their own keys (tests/conftest.py).
            "KEY_PREFIX": os.environ.setdefault(
                "ICSSI_TEST_CACHE_PREFIX", f"icssi-tests-{os.getpid()}"
            ),
        }
    }

STATIC_URL = "/static/"
STATIC_ROOT = os.path.join(BASE_DIR, "static")
MEDIA_URL = "/media/"
MEDIA_ROOT = os.path.join(BASE_DIR, "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

WAGTAIL_SITE_NAME = "ICSSI tests"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

# The optional integrations (extras "graphql" and "preview") are enabled when installed, as a
# host would enable them, so tests/test_graphql.py and tests/test_headless_preview.py run in the
# same process, database and fixtures as the rest of the suite (and the whole suite runs with
# them, as a host's site would); they skip, saying what to install, in environments without
# them, where tests/test_graphql.py still checks in a subprocess that the app works without them.
if importlib.util.find_spec("grapple") is not None:
    INSTALLED_APPS += ["grapple", "graphene_django"]
    GRAPPLE = {"APPS": ["icssi_wagtail"]}
    GRAPHENE = {
        "SCHEMA": "grapple.schema.schema",
        "MIDDLEWARE": ["icssi_wagtail.graphql.PrefetchListsMiddleware"],
    }
if importlib.util.find_spec("wagtail_headless_preview") is not None:
    INSTALLED_APPS += ["wagtail_headless_preview"]
    WAGTAIL_HEADLESS_PREVIEW = {"CLIENT_URLS": {"default": "https://front.example/preview"}}

# Other shapes of host site, each started in a process of its own by the test that needs it,
# with ICSSI_TEST_SITE=<shape> (its one setting: every shape is the site above, changed here):
#   without_localize    no wagtail-localize (tests/test_without_localize.py)
#   without_i18n        no translation app at all, WAGTAIL_I18N_ENABLED off, no i18n_patterns
#                       (tests/test_without_localize.py)
#   simple_translation  Wagtail's simple_translation instead of wagtail-localize
#                       (tests/test_simple_translation.py)
#   without_extras      neither GraphQL nor headless preview installed (tests/test_graphql.py)
TEST_SITES = ("without_localize", "without_i18n", "simple_translation", "without_extras")
TEST_SITE = os.environ.get("ICSSI_TEST_SITE", "")
if TEST_SITE and TEST_SITE not in TEST_SITES:
    raise ValueError(f"ICSSI_TEST_SITE={TEST_SITE!r} is none of {', '.join(TEST_SITES)}")
if TEST_SITE in ("without_localize", "without_i18n", "without_extras"):
    # Started by a script (not pytest) that migrates a database of its own.
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
if TEST_SITE in ("without_localize", "without_i18n", "simple_translation"):
    INSTALLED_APPS = [app for app in INSTALLED_APPS if not app.startswith("wagtail_localize")]
if TEST_SITE == "without_i18n":
    WAGTAIL_I18N_ENABLED = False
    ROOT_URLCONF = "tests.urls_without_i18n"
if TEST_SITE == "simple_translation":
    INSTALLED_APPS += ["wagtail.locales", "wagtail.contrib.simple_translation"]
    # Publishing or moving a page does the same to its translations.
    WAGTAILSIMPLETRANSLATION_SYNC_PAGE_TREE = True
if TEST_SITE == "without_extras":
    INSTALLED_APPS = [
        app
        for app in INSTALLED_APPS
        if app not in ("grapple", "graphene_django", "wagtail_headless_preview")
    ]
