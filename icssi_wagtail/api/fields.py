"""Serializer fields for the API: typed, nested, and reading only what the viewsets prefetch."""

from rest_framework.fields import Field

from ..models.themes import localize_themes
from ..request_cache import locale_by_id


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


class OrganisersField(Field):
    """An activity's organisers, in order: id, name, acronym, country and website."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, page):
        return [serialize_organisation(organisation) for organisation in page.organisations]


def serialize_organisation(organisation):
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
    return {"code": country.code, "name": str(country.name)} if country else None


class CountryField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, country):
        return serialize_country(country)


class EventField(Field):
    """Where and when: ISO 8601 datetimes with their offset, plus the IANA time zone name."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, page):
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


class OrganisationField(Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, organisation):
        return serialize_organisation(organisation)


class LabelledChoiceField(Field):
    """A choice as ``{"value", "label"}``, the label in the active language."""

    def __init__(self, choices, **kwargs):
        self.choices = choices
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return serialize_choice(self.choices, value)


def serialize_choice(choices, value):
    """A choice as ``{"value", "label"}``, the label in the active language."""
    label = str(choices(value).label) if value in choices.values else ""
    return {"value": value, "label": label}


class LanguagesField(Field):
    """A list of language codes."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return list(value or [])


class TestimonialsField(Field):
    """A call to action's related testimonials that are live and public."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "get_testimonials")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, testimonials):
        request = self.context.get("request")
        return [
            {
                "id": page.pk,
                "title": page.title,
                "person_name": page.public_person_name,
                "quote": page.quote,
                "html_url": page.get_full_url(request=request),
            }
            for page in testimonials
        ]
