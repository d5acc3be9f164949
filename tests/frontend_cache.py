from wagtail.contrib.frontend_cache.backends.base import BaseBackend

PURGED = []


class RecordingBackend(BaseBackend):
    """A front-end cache backend for tests: it records the URLs it is asked to purge."""

    def purge(self, url):
        PURGED.append(url)
