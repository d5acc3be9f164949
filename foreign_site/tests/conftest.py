import pytest
from django.core.cache import caches


@pytest.fixture(autouse=True)
def empty_caches():
    """icssi_wagtail keeps pages and API answers in the site's cache: a test whose rows,
    rolled back, had the same primary keys must not see them."""
    for cache in caches.all():
        cache.clear()
    yield
