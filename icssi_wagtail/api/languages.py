"""The language of an API answer, and the links between translations.

One shape everywhere: a locale is its language code (``"ar"``), as Wagtail's ``pages`` gives it,
on pages and snippets alike; where a name helps a client (a language switcher, a list's
language), ``serialize_language`` gives the code with its names.

A detail answer is in its object's language; a list is in the language of ``?locale=``, else in
the first language of the request's ``Accept-Language`` that is one of the site's locales
(``accepted_languages``), else the default locale. Lists of one object's translations
(``translation_of``) are not narrowed to a language unless ``?locale=`` asks; the children of
one page (``child_of``) are in its language.
"""

from django.conf import settings
from django.utils.translation import get_language_info, get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework.fields import Field
from wagtail.models import Locale, Page

from ..request_memo import default_locale, locale_by_id, public
from .addresses import absolute_url
from .parameters import ParameterError


def serialize_language(code):
    """``{"code", "name", "name_local", "bidi"}``: ``name`` in the active language,
    ``name_local`` in the language itself (``"العربية"``)."""
    try:
        info = get_language_info(code)
    except KeyError:
        return {"code": code, "name": code, "name_local": code, "bidi": False}
    return {
        "code": code,
        "name": str(info["name_translated"]),
        "name_local": info["name_local"],
        "bidi": info["bidi"],
    }


def accepted_languages(request):
    """The languages of ``Accept-Language`` the site offers, most wanted first.

    Read here rather than taken from ``LocaleMiddleware``: with ``i18n_patterns(...,
    prefix_default_language=False)`` it gives every address without a language prefix, the
    API's included, the default language whatever the header says. A language cookie is not
    read: an API answer depends on the request's headers only.
    """
    found = []
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header[:1000]):
        if code == "*":
            break
        try:
            variant = get_supported_language_variant(code)
        except LookupError:
            continue
        if variant not in found:
            found.append(variant)
    return found


def request_language(request):
    """What a list's language depends on, for the cache key: the accepted languages."""
    return ",".join(accepted_languages(request))


def locale_from_request(request):
    """The ``Locale`` of ``?locale=``, ``None`` without it; a 400 for an unknown code."""
    code = request.GET.get("locale")
    if code is None:
        return None
    # NUL cannot be compared in PostgreSQL.
    locale = Locale.objects.filter(language_code=code).first() if code.isprintable() else None
    if locale is None:
        raise ParameterError("locale", "Unknown language code.")
    return locale


def list_locale(request):
    """The locale a list is narrowed to: ``?locale=``; else none for the children of one page
    or the translations of one object; else the request's language."""
    locale = locale_from_request(request)
    if locale is not None:
        return locale
    if "child_of" in request.GET or "translation_of" in request.GET:
        return None
    wanted = accepted_languages(request)
    locales = {
        locale.language_code: locale for locale in Locale.objects.filter(language_code__in=wanted)
    }
    # The first language that is a locale of the site, else the default one.
    return next((locales[code] for code in wanted if code in locales), None) or default_locale()


def language_order():
    """Language codes in the order of the site's content languages."""
    languages = getattr(settings, "WAGTAIL_CONTENT_LANGUAGES", None) or settings.LANGUAGES
    return {code: position for position, (code, _name) in enumerate(languages)}


class LocaleCodeField(Field):
    """An object's locale as its language code, read without a query per object."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        return locale_by_id(instance.locale_id).language_code


class TranslationsField(Field):
    """Every public version of an object in its languages, itself included, in the order of
    the content languages: ``id``, ``locale``, ``language``, ``title`` (pages),
    ``detail_url`` and ``html_url`` (pages). Two queries, on a detail answer only."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, instance):
        request = self.context.get("request")
        router = self.context.get("router")
        if isinstance(instance, Page):
            versions = public(
                instance.get_translations(inclusive=True).live().specific().defer_streamfields()
            )
        else:
            versions = instance.get_translations(inclusive=True)
        order = language_order()
        versions = sorted(
            versions,
            key=lambda item: (
                order.get(locale_by_id(item.locale_id).language_code, len(order)),
                item.pk,
            ),
        )
        return [self.serialize(item, request, router) for item in versions]

    def serialize(self, item, request, router):
        code = locale_by_id(item.locale_id).language_code
        data = {"id": item.pk, "locale": code, "language": serialize_language(code)}
        if isinstance(item, Page):
            data["title"] = item.title
        path = router.get_object_detail_urlpath(type(item), item.pk) if router else None
        data["detail_url"] = absolute_url(request, path) if path else None
        if isinstance(item, Page):
            data["html_url"] = item.get_full_url(request)
        return data
