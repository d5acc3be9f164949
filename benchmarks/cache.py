"""The bench's cache: Django's local-memory (or Redis) cache, whose app entries can be turned off
or emptied while Wagtail's own stay.

The cases "computed afresh" need the app's cache off, or empty before every request, without
depending on how the app names its keys or which setting it reads: whatever the app keeps goes
through Django's cache API, and every key that is not Wagtail's own (``wagtail-rendition-…``,
``wagtail_site_root_paths``, …: renditions and routing, which a production site has warm and
which stock Wagtail uses too) counts as the app's. :func:`app_cache` switches the mode:

``on``
    a plain cache (the app's default configuration);
``off``
    the app's entries are never found and never stored (Django's ``DummyCache`` for them);
``cold``
    a plain cache, emptied of the app's entries before each request (``clear_app_entries``).

:func:`app_cache_size` measures what the app keeps: entries and bytes (pickled values and keys
for local memory; ``STRLEN`` of each value for Redis, with the server's ``used_memory``).
"""

from contextlib import contextmanager

from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

WAGTAIL_PREFIX = "wagtail"
MODES = ("on", "off", "cold")
_state = {"mode": "on"}


def is_app_key(key):
    """Whether ``key`` (as given to the cache, before its prefix and version) is not Wagtail's."""
    return not str(key).lower().startswith(WAGTAIL_PREFIX)


def dropped(key):
    return _state["mode"] == "off" and is_app_key(key)


class SwitchableCacheMixin:
    """Drops the app's entries while the mode is ``off``; otherwise the backend's own methods."""

    def get(self, key, default=None, version=None):
        return default if dropped(key) else super().get(key, default, version)

    def get_many(self, keys, version=None):
        kept = [key for key in keys if not dropped(key)]
        return super().get_many(kept, version) if kept else {}

    def has_key(self, key, version=None):
        return False if dropped(key) else super().has_key(key, version)

    def set(self, key, value, timeout=None, version=None, **kwargs):
        if dropped(key):
            return True  # as DummyCache (and django-redis) report a store
        return super().set(key, value, timeout, version=version, **kwargs)

    def add(self, key, value, timeout=None, version=None, **kwargs):
        if dropped(key):
            return True
        return super().add(key, value, timeout, version=version, **kwargs)

    def set_many(self, data, timeout=None, version=None, **kwargs):
        kept = {key: value for key, value in data.items() if not dropped(key)}
        return super().set_many(kept, timeout, version=version, **kwargs) if kept else []

    def touch(self, key, timeout=None, version=None):
        return False if dropped(key) else super().touch(key, timeout, version)


class BenchLocMemCache(SwitchableCacheMixin, LocMemCache):
    def _app_entries(self):
        """``(made key, pickled value)`` of every app entry (``KEY_PREFIX:version:key``); the
        caller holds the lock."""
        return [
            (key, value) for key, value in self._cache.items() if is_app_key(key.split(":", 2)[-1])
        ]

    def clear_app_entries(self):
        with self._lock:
            for key, _value in self._app_entries():
                self._delete(key)

    def app_size(self):
        with self._lock:
            entries = self._app_entries()
        return {
            "backend": "local memory",
            "entries": len(entries),
            "bytes": sum(len(key.encode()) + len(value) for key, value in entries),
            "how": "pickled values and keys of the app's entries",
        }


def redis_class():
    from django_redis.cache import RedisCache

    class BenchRedisCache(SwitchableCacheMixin, RedisCache):
        def app_keys(self):
            """The raw Redis keys of the app's entries (``KEY_PREFIX:version:key``)."""
            pattern = self.make_key("*")
            client = self.client.get_client(write=False)
            return [
                raw
                for raw in client.scan_iter(match=pattern, count=1000)
                if is_app_key(raw.decode().split(":", 2)[-1])
            ]

        def clear_app_entries(self):
            keys = self.app_keys()
            if keys:
                self.client.get_client(write=True).delete(*keys)

        def app_size(self):
            client = self.client.get_client(write=False)
            keys = self.app_keys()
            pipe = client.pipeline()
            for key in keys:
                pipe.strlen(key)
            lengths = pipe.execute() if keys else []
            info = client.info("memory")
            return {
                "backend": "Redis",
                "entries": len(keys),
                "bytes": sum(lengths) + sum(len(key) for key in keys),
                "how": "STRLEN of the app's values plus their keys",
                "redis_used_memory": info.get("used_memory"),
                "redis_dbsize": client.dbsize(),
            }

    return BenchRedisCache


def __getattr__(name):  # "benchmarks.cache.BenchRedisCache" in CACHES, imported on use
    if name == "BenchRedisCache":
        return redis_class()
    raise AttributeError(name)


def bench_cache():
    return caches["default"]


@contextmanager
def app_cache(mode):
    """Run the block with the app's cache ``on``, ``off`` or ``cold`` (emptied first; call
    :func:`before_request` before each request to empty it again)."""
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    previous = _state["mode"]
    _state["mode"] = mode
    if mode == "cold":
        bench_cache().clear_app_entries()
    try:
        yield
    finally:
        _state["mode"] = previous


def before_request():
    """Empty the app's entries when the mode is ``cold``."""
    if _state["mode"] == "cold":
        bench_cache().clear_app_entries()


def app_cache_size():
    return bench_cache().app_size()
