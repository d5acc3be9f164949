"""The registration page's two views: the form (``serve_form``) and the thank-you page
(``serve_thanks``). Both are private to the visitor: never kept in any cache."""

import re

from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import urlencode

from ..models.registration import REFERENCE_PATTERN, ActivityRegistration
from . import moderation, ratelimit


def render(page, request, template, status=200, **context):
    context = {**page.get_context(request), **context}
    response = TemplateResponse(request, template, context, status=status)
    add_never_cache_headers(response)
    return response


def serve_form(page, request):
    """GET: the empty form. POST: a registration, then the thank-you page; or the form again
    with every value as typed and a message for each error (400; 429 over a rate limit)."""
    closed = page.get_activity_index() is None
    form = page.get_form_class()(
        request.POST if request.method == "POST" and not closed else None, page=page
    )
    status = 200
    if form.is_bound:
        registration = moderation.submit(
            form, page, ratelimit.client_address(request), ActivityRegistration.Channel.PAGE
        )
        if registration is not None:
            thanks = page.url + page.reverse_subpage("thanks")
            return HttpResponseRedirect(
                f"{thanks}?{urlencode({'reference': registration.reference})}"
            )
        limited = any(
            error.code == "rate_limited" for error in form.errors.as_data().get("__all__", [])
        )
        status = 429 if limited else 400
    return render(page, request, page.get_template(request), status, form=form, closed=closed)


def serve_thanks(page, request):
    """The thank-you page; it repeats the reference of ``?reference=`` (only a well-formed
    one: the page must not echo whatever a link says)."""
    reference = request.GET.get("reference", "")
    if not re.match(REFERENCE_PATTERN, reference):
        reference = ""
    return render(page, request, page.thanks_template, reference=reference)
