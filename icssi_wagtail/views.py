"""Site search over calls to action, activities and testimonials, with a theme filter; the
language switch of sites whose addresses carry no language."""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
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
from .request_memo import active_locale, public
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


@never_cache
@require_safe
def switch_language(request):
    """``?language=<code>&next=<address>``: remember the visitor's language and go to the page.

    The language switcher links here on a site without ``i18n_patterns``, where a page and its
    translations share one address and ``LocaleMiddleware`` takes the language from its cookie
    (or the browser's ``Accept-Language``). Django's own ``set_language`` view needs a form
    with a CSRF token, which would make every page personal and uncacheable. An unknown
    language leaves the cookie alone; an address on another host goes to ``/`` instead.
    """
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
