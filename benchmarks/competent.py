"""The stock listing a competent Wagtail developer would write for an activity index, without
icssi_wagtail's listing code: the yardstick of issue 18's performance targets.

Where the tutorial listing (``benchmarks/stock.py``) follows Wagtail's tutorial line by line,
this one does what Wagtail's and Django's documentation recommend for a listing:

- a queryset of the concrete model, ``ActivityPage.objects.child_of(index).live().public()``,
  in the active locale;
- the body deferred (``defer_streamfields()``), the image and the locale joined
  (``select_related``), themes and organisers prefetched (``Prefetch`` with
  ``select_related``): one query each for the whole page of cards;
- the visitors' filters of the listing (``theme``, any of them; ``mode``; ``country``;
  ``when``, upcoming or past), with the project's order (``starts_at``, then the key; the most
  recent first for past activities);
- Django's ``Paginator``, and the project's own card template
  (``icssi_wagtail/includes/activity_card.html``), so that the cards are the same, byte for
  byte, in the same order (``tests/test_benchmark.py`` checks it).

Around the cards it shows the theme links (names, no counts) and previous/next links: no
facets, no filter form. The rendition of each card's image comes from Wagtail's rendition
cache, as on any site (the bench keeps it warm for both listings).
"""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from wagtail.models import Locale

from icssi_wagtail.models import ActivityOrganiser, ActivityPage, ActivityPageTheme, Theme

from .stock import per_page, routed_page

MODES = {"in_person", "parallel", "online", "hybrid"}


def activities_of(index, locale):
    """The index's live, public activities in ``locale``, with what a card shows."""
    return (
        ActivityPage.objects.child_of(index)
        .live()
        .public()
        .filter(locale=locale)
        .defer_streamfields()
        .select_related("image", "locale")
        .prefetch_related(
            Prefetch("tagged_items", queryset=ActivityPageTheme.objects.select_related("tag")),
            Prefetch(
                "organisers",
                queryset=ActivityOrganiser.objects.select_related("organisation").order_by(
                    "sort_order", "pk"
                ),
            ),
        )
    )


def filtered(activities, query):
    """Apply the listing's filters from the query string; unknown values are ignored."""
    themes = [slug for slug in query.getlist("theme") if slug]
    if themes:
        tagged = ActivityPageTheme.objects.filter(tag__slug__in=themes)
        activities = activities.filter(pk__in=tagged.values("content_object_id"))
    if query.get("mode") in MODES:
        activities = activities.filter(attendance_mode=query["mode"])
    if query.get("country"):
        activities = activities.filter(country=query["country"].upper()[:2])
    when = query.get("when")
    if when == "upcoming":
        return activities.filter(ends_at__gte=timezone.now()).order_by("starts_at", "pk")
    if when == "past":
        return activities.filter(ends_at__lt=timezone.now()).order_by("-starts_at", "-pk")
    return activities.order_by("starts_at", "pk")


def prepare_card(activity):
    """What the card template reads besides the model's fields: the themes in their order and
    the organisers (none when they are hidden), both from the prefetched rows."""
    themes = [item.tag for item in activity.tagged_items.all()]
    activity.display_themes = sorted(themes, key=lambda theme: (theme.sort_order, theme.name))
    organisers = [] if activity.hide_organisers else activity.organisers.all()
    activity.__dict__["organisations"] = [link.organisation for link in organisers]
    return activity


def competent_listing(request, path):
    """The activity index at ``path``, listed as described above."""
    index = routed_page(request, path)
    if isinstance(index, HttpResponse):
        return index
    locale = Locale.get_active()
    paginator = Paginator(filtered(activities_of(index, locale), request.GET), per_page(request))
    activities = paginator.get_page(request.GET.get("page"))
    for activity in activities:
        prepare_card(activity)
    context = {
        "page": index,
        "activities": activities,
        "themes": Theme.objects.filter(locale=locale).order_by("sort_order", "name"),
    }
    return TemplateResponse(request, "benchmarks/competent_listing.html", context)
