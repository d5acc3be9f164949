"""Moved to ``icssi_wagtail.cache``; this alias goes once nothing imports it."""

from ..cache import CacheHeadersMixin  # noqa: F401
