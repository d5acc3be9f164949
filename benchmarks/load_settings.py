"""Settings of the site gunicorn serves in the load run (``python -m benchmarks.load``).

The benchmark's site (``benchmarks/settings.py``: DEBUG off, the database of ``DATABASE_URL``,
local-memory cache or Redis with ``REDIS_URL``), with what a production server adds: persistent
database connections, checked before reuse, and errors logged to gunicorn's output.
"""

from .settings import *  # noqa: F403 (the benchmark's site)
from .settings import DATABASES

# A worker keeps its connection for a minute instead of opening one per request, as production
# sites do: opening a PostgreSQL connection forks a server process, which would weigh on every
# request alike and hide the difference between the app and stock Wagtail.
DATABASES["default"].update(CONN_MAX_AGE=60, CONN_HEALTH_CHECKS=True)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR"}},
}
