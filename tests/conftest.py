import pytest
from django.conf import settings

from .clock import fixed_now
from .utils import empty_cache


@pytest.fixture(autouse=True, scope="session")
def fixed_clock():
    """Every test runs at ``tests.clock.NOW``, its class's ``setUpTestData`` included."""
    with fixed_now():
        yield


@pytest.fixture(autouse=True)
def empty_caches():
    """Every test starts with empty caches: kept listings and API answers (icssi_wagtail.cache)
    must not carry over from a test whose rows, rolled back, had the same primary keys."""
    for alias in settings.CACHES:
        empty_cache(alias)
    yield
