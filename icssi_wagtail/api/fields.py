"""Serializer fields for the API: typed, nested, and reading only what the viewsets prefetch.

Every field that says something in words (a choice's label, a country's name) or refers to
other content (a testimonial, an organisation, a block's page) gives it in the language of the
page or snippet it belongs to (``InLanguageOfObject``), whatever language the request made
active: an Arabic page answers in Arabic, with the Arabic translations of what it refers to
where they exist, in a list that mixes languages too.
"""

from collections import defaultdict

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework.fields import Field
from wagtail.images.models import SourceImageIOError

from ..conf import get_setting
from ..models import ActivityPage
from ..models.listing import attach_organisations
from ..models.organisations import localize_organisations
from ..models.themes import localize_themes
from ..request_memo import locale_by_id
from .addresses import absolute_url
from .languages import serialize_language
from .parameters import ParameterError
from .prefetch import prefetch_renditions

# Query parameters the fields below read, which every endpoint serving them must accept.
QUERY_PARAMETERS = frozenset({"image_size"})


def language_of(instance):
    """The language code of a page or snippet: its locale, looked up once per request."""
    locale_id = getattr(instance, "locale_id", None)
    return locale_by_id(locale_id).language_code if locale_id is not None else None


class InLanguage:
    """A field's value with the language of the object that holds it."""

    __slots__ = ("language", "value")

    def __init__(self, value, language):
        self.value, self.language = value, language


class InLanguageOfObject(Field):
    """A read-only field represented in the language of the page or snippet that holds it.

    Subclasses implement ``represent(value)``; it runs with that language active, so that
    labels, country names and ``localized`` references are in it.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        return None if value is None else InLanguage(value, language_of(instance))

    def to_representation(self, value):
        if not isinstance(value, InLanguage):
            return self.represent(value)
        if value.language is None:
            return self.represent(value.value)
        with translation.override(value.language):
            return self.represent(value.value)

    def represent(self, value):
        raise NotImplementedError


def listed_objects(field):
    """The objects of the answer ``field`` belongs to: the page of results of a list, or
    the one object of a detail. Fields use it to fetch for all of them at once."""
    instance = field.root.instance
    if isinstance(instance, QuerySet | list | tuple):
        return list(instance)
    return [instance] if instance is not None else []


def once_per_answer(field, key, compute):
    """``compute()``, run once for the whole answer ``field`` belongs to."""
    kept = field.context.setdefault("icssi_once", {}) if isinstance(field.context, dict) else {}
    if key not in kept:
        kept[key] = compute()
    return kept[key]


def requested_image_size(request):
    """The filter spec of the named size ``?image_size=`` asks for (a key of the
    ``IMAGE_SIZES`` setting), or ``None`` when the request names none.

    Raises:
        ParameterError: (a 400) for a name that is not one of ``IMAGE_SIZES``.
    """
    name = request.GET.get("image_size") if request is not None else None
    if name is None:
        return None
    sizes = get_setting("IMAGE_SIZES")
    if name not in sizes:
        raise ParameterError(
            "image_size",
            _("Unknown size. Choose one of: %(sizes)s.") % {"sizes": ", ".join(sorted(sizes))},
        )
    return sizes[name]


def check_query_parameters(request):
    """Check the parameters these fields read (``QUERY_PARAMETERS``); for a viewset to call
    before it fetches anything, so that an invalid one is a 400 even on an empty list."""
    requested_image_size(request)


def serialize_rendition(image, spec, request=None):
    """An image's rendition for ``spec``: ``url``, ``full_url`` (on the request's host),
    ``width``, ``height`` and ``alt``, as Wagtail's ``ImageRenditionField`` gives it."""
    try:
        rendition = image.get_rendition(spec)
    except SourceImageIOError:
        return {"error": "SourceImageIOError"}
    return {
        "url": rendition.url,
        "full_url": full_url(rendition, request),
        "width": rendition.width,
        "height": rendition.height,
        "alt": rendition.alt,
    }


def full_url(rendition, request):
    """A rendition's address on the request's host (``addresses.absolute_url``), or on
    Wagtail's base URL without a request."""
    return absolute_url(request, rendition.url) if request is not None else rendition.full_url


class ImageField(Field):
    """An image as one rendition: ``filter_spec`` by default, or the named size that
    ``?image_size=`` asks for (see ``IMAGE_SIZES``). The renditions of every image of a list
    are fetched in one query.

    Give it the property that leaves out photos hidden for a person's safety as ``source``
    (``visible_image``, ``visible_photo``, ``visible_logo``): those are ``null``.
    """

    def __init__(self, filter_spec, **kwargs):
        self.filter_spec = filter_spec
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, image):
        spec = requested_image_size(self.context.get("request"))
        if spec is None:
            spec = self.filter_spec
        else:
            once_per_answer(self, ("renditions", self.field_name, spec), self.prefetch(spec))
        return serialize_rendition(image, spec, self.context.get("request"))

    def prefetch(self, spec):
        def fetch():
            images = [self.get_attribute(item) for item in listed_objects(self)]
            prefetch_renditions([image for image in images if image is not None], spec)

        return fetch


def serialize_theme(theme):
    return {"slug": theme.slug, "name": theme.name}


class ThemesField(Field):
    """A page's themes as ``{"slug", "name"}``, named in the page's own language.

    Reads ``tagged_items`` (prefetch it) and the ``icssi_theme_names`` map the viewsets put in
    the serializer context; without them it falls back to one query per page.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, page):
        themes = page_themes(page, self.context.get("icssi_theme_names"))
        return [serialize_theme(theme) for theme in themes]


def page_themes(page, names=None):
    """A page's themes in their order, each named in the page's language.

    ``names`` maps ``(translation_key, locale_id)`` to themes (see ``ThemeNames`` in the
    viewsets); without it, the translations are looked up in one query.
    """
    canonical = [item.tag for item in page.tagged_items.all()]
    if names is None:
        themes = localize_themes(canonical, locale_by_id(page.locale_id))
    else:
        themes = [
            theme
            if theme.locale_id == page.locale_id
            else names.get((theme.translation_key, page.locale_id), theme)
            for theme in canonical
        ]
    themes.sort(key=lambda theme: (theme.sort_order, theme.name))
    return themes


class OrganisersField(InLanguageOfObject):
    """An activity's organisers, in order: id, name, acronym, country and website, each in
    the activity's language where the organisation has a translation in it. The
    organisations of every activity of a list are localized in one query."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def represent(self, page):
        once_per_answer(self, "organisers", lambda: attach_listed_organisations(self))
        return [serialize_organisation(organisation) for organisation in page.organisations]


def attach_listed_organisations(field):
    pages = [item for item in listed_objects(field) if isinstance(item, ActivityPage)]
    attach_organisations([page for page in pages if "organisations" not in page.__dict__])


def serialize_organisation(organisation):
    """An organisation as ``id``, ``name``, ``acronym``, ``country`` and ``website``."""
    if organisation is None:
        return None
    return {
        "id": organisation.pk,
        "name": organisation.name,
        "acronym": organisation.acronym,
        "country": serialize_country(organisation.country),
        "website": organisation.website,
    }


def serialize_country(country):
    """A country as ``{"code", "name"}``, named in the active language."""
    return {"code": country.code, "name": str(country.name)} if country else None


class CountryField(InLanguageOfObject):
    """A country as ``{"code", "name"}``, named in the language of the page or snippet."""

    def represent(self, country):
        return serialize_country(country)


class EventField(InLanguageOfObject):
    """Where and when: ISO 8601 datetimes with their offset, plus the IANA time zone name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def represent(self, page):
        return serialize_event(page)


def serialize_event(page):
    """An event's place and time; the venue only when it is not hidden (``public_venue``)."""
    return {
        "start": page.local_start.isoformat(),
        "end": page.local_end.isoformat(),
        "time_zone": page.time_zone,
        "all_day": page.is_all_day,
        "venue": page.public_venue,
        "city": page.city,
        "country": serialize_country(page.country),
    }


class OrganisationField(InLanguageOfObject):
    """A page's organisation (``serialize_organisation``), in the page's language where it has
    a translation in it; those of every page of a list are localized in one query."""

    def get_attribute(self, instance):
        value = super().get_attribute(instance)
        if value is not None:
            localized = once_per_answer(self, ("organisation", self.field_name), self.localize)
            value.value = localized.get((value.value.pk, instance.locale_id), value.value)
        return value

    def localize(self):
        pairs = []
        for item in listed_objects(self):
            organisation = Field.get_attribute(self, item)
            if organisation is not None:
                pairs.append((organisation, item.locale_id))
        localized = localize_organisations(pairs)
        return {
            (organisation.pk, locale_id): row
            for (organisation, locale_id), row in zip(pairs, localized, strict=True)
        }

    def represent(self, organisation):
        return serialize_organisation(organisation)


class LabelledChoiceField(InLanguageOfObject):
    """A choice as ``{"value", "label"}``, the label in the language of the page or snippet."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        super().__init__(**kwargs)

    def represent(self, value):
        return serialize_choice(self.choices, value)


def serialize_choice(choices, value):
    """A choice as ``{"value", "label"}``, the label in the active language."""
    label = str(choices(value).label) if value in choices.values else ""
    return {"value": value, "label": label}


class LanguagesField(InLanguageOfObject):
    """A list of languages, each ``{"code", "name", "name_local", "bidi"}``, ``name`` in the
    language of the page."""

    def represent(self, value):
        return [serialize_language(code) for code in value or []]


class TestimonialsField(InLanguageOfObject):
    """A call to action's related testimonials that are live and public, each the
    translation in the page's language where one is live."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def represent(self, page):
        from .resolved import card_meta  # resolved imports this module

        request = self.context.get("request")
        return [
            {
                "id": testimonial.pk,
                "meta": card_meta(testimonial, request),
                "title": testimonial.title,
                "person_name": testimonial.public_person_name,
                "quote": testimonial.quote,
            }
            for testimonial in page.get_testimonials()
        ]


class StreamBodyField(InLanguageOfObject):
    """A StreamField as its blocks' API representations (as Wagtail's serializer gives them;
    not a subclass of it: ``wagtail.api.v2.serializers`` loads the page model, which Wagtail 8
    does not allow while the models themselves load), rendered in the
    language of the page that holds it: a block's references (a testimonial, an activity
    index, a button's page, a rich text's links) lead to their translations in it, and
    the content a block shows (``api.resolved``) is in it."""

    def represent(self, value):
        once_per_answer(self, ("resolved", self.field_name), self.resolve_listed)
        return value.stream_block.get_api_representation(value, self.context)

    def resolve_listed(self):
        """Resolve the blocks of every object of the answer, one language at a time: a fixed
        number of queries for a list, whatever the number of items and blocks."""
        from .resolved import resolve_streams  # resolved imports this module

        by_language = defaultdict(list)
        for item in listed_objects(self):
            by_language[language_of(item)].append(Field.get_attribute(self, item))
        for language, values in by_language.items():
            with translation.override(language or translation.get_language()):
                resolve_streams([value for value in values if value is not None], self.context)
