"""The stock-Wagtail listing a site would write without icssi_wagtail, after Wagtail's tutorial.

Wagtail's tutorial lists a blog in ``BlogIndexPage.get_context`` with
``self.get_children().live().order_by("-first_published_at")``, filters by tag with
``.filter(tags__name=tag)``, and its template reads ``post.specific`` fields, the tags
(``page.tags.all``) and the image of each post. This view does the same for an activity index,
and first finds the page the way Wagtail's ``serve`` view does (site, route, the
``before_serve_page`` hooks such as view restrictions), so that both listings pay the same
page-serving cost.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.models import Page

PER_PAGE = 20
MAX_PER_PAGE = 50


def per_page(request):
    try:
        return min(max(int(request.GET.get("per_page", PER_PAGE)), 1), MAX_PER_PAGE)
    except ValueError:
        return PER_PAGE


def routed_page(request, path):
    """The page at ``path``, as Wagtail's ``serve`` view finds it, or a response to return."""
    route = Page.route_for_request(request, path)
    if route is None:
        raise Http404
    page, args, kwargs = route
    for hook in hooks.get_hooks("before_serve_page"):
        result = hook(page, request, args, kwargs)
        if isinstance(result, HttpResponse):
            return result
    return page


def tutorial_listing(request, path):
    """The live children of the index at ``path``, newest first, optionally of one theme."""
    index = routed_page(request, path)
    if isinstance(index, HttpResponse):
        return index
    activities = index.get_children().live().specific().order_by("-first_published_at")
    theme = request.GET.get("theme")
    if theme:
        activities = activities.filter(activitypage__themes__slug=theme)
    paginator = Paginator(activities, per_page(request))
    context = {"page": index, "activities": paginator.get_page(request.GET.get("page"))}
    return TemplateResponse(request, "benchmarks/tutorial_listing.html", context)
