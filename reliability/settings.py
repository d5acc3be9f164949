"""Settings of the load and fault run (``make reliability``): the test suite's site on the
private PostgreSQL cluster that ``reliability/run.py`` starts, served by gunicorn."""

import os

import dj_database_url

from tests.settings import *  # noqa: F403 (the suite's site: apps, URLs, templates)

DEBUG = False
# Persistent connections (a minute), checked before each request reuses one: after the database
# restarts, a worker's first request finds its old connection dead and opens a new one instead
# of failing. Without the check, every worker would fail one request per dead connection.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ["RELIABILITY_DATABASE_URL"], conn_max_age=60, conn_health_checks=True
    )
}
DATABASES["default"]["OPTIONS"] = {"connect_timeout": 3}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
