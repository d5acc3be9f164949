"""Who takes part: the organisations that organise live, public activities, and the live
figures a statistic block may show ("45 organisations taking part").

The organisation directory page, its API endpoint and the statistic block all ask these
functions; none of them keeps anything in a cache (the page and the API answers that show
them are kept, and forgotten when an activity is published or unpublished:
``icssi_wagtail.cache``). Each costs a fixed number of queries, whatever the number of
organisations.

An organisation takes part in a language when it organises at least one live activity in that
language that every visitor may see and that does not hide its organisers: an activity that
hides them for their safety never reveals them here, not even in a count. Organisations
awaiting a moderator's review (``Organisation.awaiting_review``) never appear, whatever their
activities.
"""

from django.db.models import Count

from ..request_memo import active_locale
from .listing import activities_under, tagged_with_themes
from .organisations import Organisation

# The live figures a statistic block may show instead of a typed one.
ORGANISATIONS = "organisations"
ACTIVITIES = "activities"


def organising_activities(locale=None, *, themes=()):
    """The live, public activities in ``locale`` (default: the active one) that name their
    organisers, tagged with any of the theme slugs ``themes`` when given."""
    activities = activities_under(locale=locale or active_locale()).filter(hide_organisers=False)
    if themes:
        activities = activities.filter(pk__in=tagged_with_themes(themes))
    return activities


def organiser_links(locale=None, *, country=None, themes=()):
    """The organiser rows (``ActivityOrganiser``) of ``organising_activities``, of
    organisations in ``country`` (an ISO 3166 code) when given, less those of organisations
    awaiting review."""
    from .activities import ActivityOrganiser

    links = ActivityOrganiser.objects.filter(
        page__in=organising_activities(locale, themes=themes).order_by().values("pk")
    )
    if country:
        links = links.filter(organisation__country=country)
    return links.filter(organisation__awaiting_review=False).order_by()


def activity_counts(locale=None, *, country=None, themes=()):
    """``{translation key: number of activities}`` of the organisations taking part in
    ``locale``, in one query. An organisation is one whatever the language of its row
    (wagtail-localize keeps a translated activity's organisers on the source language's rows)."""
    rows = (
        organiser_links(locale, country=country, themes=themes)
        .values("organisation__translation_key")
        .annotate(count=Count("page_id", distinct=True))
    )
    return {row["organisation__translation_key"]: row["count"] for row in rows}


def directory_organisations(locale=None, *, country=None, themes=()):
    """The organisations taking part in ``locale``, each in that language where it has a
    translation (else as its activities name it), in the order of their names, each with
    ``activity_count`` (its activities matching ``themes``) and ``directory_themes`` (the
    themes of those activities, named in ``locale``, in their order).

    Three queries whatever the number of organisations, and the themes' names
    (``listing.themes_for_display``, read once per request).
    """
    locale = locale or active_locale()
    counts = activity_counts(locale, country=country, themes=themes)
    if not counts:
        return []
    rows = Organisation.objects.reviewed().filter(translation_key__in=counts).order_by("pk")
    chosen = {}
    for row in rows:
        current = chosen.get(row.translation_key)
        if current is None or (row.locale_id == locale.pk and current.locale_id != locale.pk):
            chosen[row.translation_key] = row
    organisations = sorted(chosen.values(), key=lambda row: (row.name.casefold(), row.pk))
    for organisation in organisations:
        organisation.activity_count = counts[organisation.translation_key]
    return attach_directory_themes(organisations, locale, country=country, themes=themes)


def attach_directory_themes(organisations, locale, *, country=None, themes=()):
    """Set ``directory_themes`` on each of ``organisations`` (rows taking part in ``locale``):
    the themes of its activities there, named in ``locale``, in their order. One query, and
    the themes' names (``listing.themes_for_display``, read once per request)."""
    from .listing import themes_for_display

    pairs = (
        organiser_links(locale, country=country, themes=themes)
        .filter(page__tagged_items__isnull=False)
        .values_list("organisation__translation_key", "page__tagged_items__tag__translation_key")
        .distinct()
    )
    by_key = {}
    for organisation_key, theme_key in pairs:
        by_key.setdefault(organisation_key, set()).add(theme_key)
    ordered = themes_for_display(locale=locale)
    for organisation in organisations:
        keys = by_key.get(organisation.translation_key, set())
        organisation.directory_themes = [
            theme for theme in ordered if theme.translation_key in keys
        ]
    return organisations


def directory_countries(locale=None):
    """``{ISO 3166 code: number of organisations}`` of the organisations taking part in
    ``locale``, whatever the filters: what the directory's country filter offers. One query."""
    rows = (
        organiser_links(locale)
        .values("organisation__country")
        .annotate(count=Count("organisation__translation_key", distinct=True))
    )
    return {
        row["organisation__country"]: row["count"] for row in rows if row["organisation__country"]
    }


def registered_organisations_count(locale=None):
    """How many organisations take part in ``locale`` (default: the active one): the number
    the directory lists without filters. One query."""
    return organiser_links(locale).aggregate(
        count=Count("organisation__translation_key", distinct=True)
    )["count"]


def registered_activities_count(locale=None):
    """How many live activities in ``locale`` (default: the active one) every visitor may
    see. One query."""
    return activities_under(locale=locale or active_locale()).count()


def live_figure(kind, locale=None):
    """The live figure ``kind`` (``ORGANISATIONS`` or ``ACTIVITIES``) in ``locale``, or
    ``None`` for any other kind."""
    if kind == ORGANISATIONS:
        return registered_organisations_count(locale)
    if kind == ACTIVITIES:
        return registered_activities_count(locale)
    return None


__all__ = [
    "ACTIVITIES",
    "ORGANISATIONS",
    "activity_counts",
    "attach_directory_themes",
    "directory_countries",
    "directory_organisations",
    "live_figure",
    "organiser_links",
    "organising_activities",
    "registered_activities_count",
    "registered_organisations_count",
]
