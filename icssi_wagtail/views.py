"""Site search over calls to action, activities and testimonials, with a theme filter."""

from django.core.paginator import Paginator
from django.db.models import Q
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from wagtail.models import Page

from .conf import get_setting
from .models import (
    ActivityPage,
    ActivityPageTheme,
    CallToActionPage,
    CallToActionPageTheme,
    TestimonialPage,
)
from .models.listing import themes_for_display
from .request_cache import active_locale, public
from .search import search_words

SEARCHED_TYPES = (CallToActionPage, ActivityPage, TestimonialPage)
QUERY_MAX_LENGTH = 200


def tagged_with(through, slugs):
    return through.objects.filter(tag__slug__in=slugs).values("content_object_id")


def search(request):
    """``?q=`` words, optionally ``&theme=<slug>`` (repeatable): live, public pages in the
    active language. A theme narrows the results to the calls and activities tagged with it."""
    locale = active_locale()
    themes = themes_for_display(locale=locale)
    known = {theme.slug for theme in themes}
    selected = [slug for slug in request.GET.getlist("theme") if slug in known]
    query = request.GET.get("q", "").replace("\x00", "").strip()
    errors = []
    if len(query) > QUERY_MAX_LENGTH:
        errors.append(_("The search was shortened to its first 200 characters."))
        query = query[:QUERY_MAX_LENGTH]
    if len(selected) != len(request.GET.getlist("theme")):
        errors.append(_("Unknown themes were ignored."))
    words = search_words(query)
    understood = words or not query
    if not understood:
        errors.append(_("The search could not be understood: it holds no word to search for."))

    results = Page.objects.none()
    if words:
        pages = public(Page.objects.live().filter(locale=locale).type(*SEARCHED_TYPES))
        if selected:
            # Subqueries, not lists of ids: a theme may tag thousands of activities.
            pages = pages.filter(
                Q(id__in=tagged_with(ActivityPageTheme, selected))
                | Q(id__in=tagged_with(CallToActionPageTheme, selected))
            )
        results = pages.specific().search(words)
    paginator = Paginator(results, get_setting("LISTING_PAGE_SIZE"))
    page_obj = paginator.get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        "icssi_wagtail/search.html",
        {
            "icssi_base_template": get_setting("BASE_TEMPLATE"),
            "query": query,
            "themes": themes,
            "selected_themes": selected,
            "results": page_obj,
            "errors": errors,
        },
        status=200 if understood else 400,
    )
