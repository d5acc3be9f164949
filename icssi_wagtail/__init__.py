"""Wagtail page types, blocks and templates for calls to action, activities and testimonials."""

VERSION = (0, 1, 0)

__version__ = ".".join(str(part) for part in VERSION)
