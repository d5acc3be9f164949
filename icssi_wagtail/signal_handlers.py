"""Moved to ``icssi_wagtail.cache`` (front-end cache purges); this alias goes once nothing
imports it."""

from . import cache


def purge_page(sender, instance, **kwargs):
    cache.purge_page(instance)


def register_signal_handlers():
    """Nothing: ``icssi_wagtail.cache.connect_signals`` connects the purges."""
