"""Translate content the way translators do, through wagtail-localize's own operations."""

from django.test import TestCase
from wagtail.models import Locale
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object


def arabic():
    return Locale.objects.get_or_create(language_code="ar")[0]


def string_segments(instance):
    """The strings wagtail-localize offers translators for ``instance``, by context path."""
    source, _created = TranslationSource.get_or_create_from_instance(instance)
    return {
        segment.context.path: segment.string.data
        for segment in StringSegment.objects.filter(source=source).select_related(
            "string", "context"
        )
    }


def translate(instance, locale, translations, publish=True):
    """Submit ``instance`` for translation into ``locale``, translate every string segment with
    ``translations`` (a dict of source text to translated text, where a missing text fails,
    or a function of the source text), and
    publish the translation. Returns the translated instance.

    Publishing runs in ``transaction.on_commit``: the callbacks are run here.
    """
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(instance, [locale])
    source = TranslationSource.objects.get_for_instance(instance)
    translation = Translation.objects.get(source=source, target_locale=locale)
    for segment in StringSegment.objects.filter(source=source).select_related("string", "context"):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": translations(segment.string.data)
                if callable(translations)
                else translations[segment.string.data]
            },
        )
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=publish)
    return instance.get_translation(locale)


def resync(instance, locale):
    """Re-sync a translation after its source changed, as "Sync translated pages" does."""
    source = TranslationSource.objects.get_for_instance(instance)
    with TestCase.captureOnCommitCallbacks(execute=True):
        source.update_from_db()
        source.create_or_update_translation(locale, publish=True, fallback=True)
    return instance.get_translation(locale)
