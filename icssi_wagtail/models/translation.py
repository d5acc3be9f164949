"""What translators translate and what wagtail-localize copies from the source.

wagtail-localize guesses from field types: every ``CharField`` would be offered for translation
(slugs, time zones) and list-valued fields break its extraction. Each model lists its fields
deliberately instead: human text is translated; dates, time zones, URLs, images, organisers,
themes, statuses and modes are synchronised from the source language.

The declarations are wagtail-localize's own field classes when it is in INSTALLED_APPS. A site
without it (one that uses ``wagtail.contrib.simple_translation``, or no translation app) gets
stand-ins that carry the same names and that nothing reads, and wagtail-localize is never
imported, even where pip installed it.
"""

from django.apps import apps

if apps.is_installed("wagtail_localize"):
    from wagtail_localize.fields import (
        BaseTranslatableField,
        SynchronizedField,
        TranslatableField,
    )
else:  # wagtail-localize is not enabled (maybe not even installed): nothing reads these.

    class BaseTranslatableField:
        def __init__(self, field_name):
            self.field_name = field_name

    class TranslatableField(BaseTranslatableField):
        pass

    class SynchronizedField(BaseTranslatableField):
        def __init__(self, field_name, overridable=True):
            super().__init__(field_name)
            self.overridable = overridable


def translated(*names):
    """Fields whose text translators translate."""
    return [TranslatableField(name) for name in names]


def synchronised(*names, overridable=False):
    """Fields copied from the source on every sync.

    ``overridable=True`` lets a translator replace the value for their language (for example a
    registration page in Arabic); the default keeps the source's value everywhere.
    """
    return [SynchronizedField(name, overridable=overridable) for name in names]


def derived(*names):
    """Fields neither translated nor copied themselves, because another field carries them.

    The ``themes`` manager is one: ``tagged_items`` is the relation wagtail-localize copies.
    """
    return [BaseTranslatableField(name) for name in names]


# Wagtail's own page fields, shared by every page type.
PAGE_FIELDS = [
    *translated("title", "seo_title", "search_description"),
    *synchronised("slug", "show_in_menus"),
]

# EventDetailsMixin: where and when.
EVENT_FIELDS = [
    *translated("venue", "city"),
    *synchronised("country", "start_date", "start_time", "end_date", "end_time", "time_zone"),
]
