"""``POST B/activity-registrations/``: the registration form as JSON, for a front end that is
not Wagtail. The same form, limits and moderation as the page (docs/api.md)::

    from icssi_wagtail.registration.api import register_registration_endpoint

    register_registration_endpoint(api_router)

Cross-site request forgery: the endpoint takes only ``Content-Type: application/json``, which
no HTML form can send and which another site's script may send only after a CORS preflight
that the host allows; it never acts as a signed-in user. So it needs no CSRF token.
"""

import json

from django.http import JsonResponse, QueryDict
from django.urls import path
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language_from_request
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from wagtail.models import Locale

from ..models.registration import ActivityRegistration, ActivityRegistrationPage
from ..request_memo import public
from . import moderation, ratelimit

MAX_BODY = 64 * 1024  # bytes: far above what the form's limits allow


def register_registration_endpoint(api_router, name="activity-registrations"):
    """Add ``POST <router>/activity-registrations/`` to the host's ``WagtailAPIRouter``."""
    api_router.register_endpoint(name, RegistrationEndpoint)
    return api_router


class RegistrationEndpoint:
    """The router's view of the endpoint: a URL, no model to link objects to."""

    class model:  # serves no model: the router never links an object here
        pass

    @classmethod
    def get_urlpatterns(cls):
        return [path("", registration_view, name="create")]


def answer(data, status):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    add_never_cache_headers(response)
    return response


def error(message, parameter=None, status=400, errors=None):
    """The API's error shape: ``{"message": "<parameter>: <sentence>", "parameter": ...}``,
    with ``errors`` (every field's messages) when the form refused the registration."""
    data = {"message": f"{parameter}: {message}" if parameter else message, "parameter": parameter}
    if errors is not None:
        data["errors"] = errors
    return answer(data, status)


class BadRequest(Exception):
    def __init__(self, message, parameter=None, status=400):
        super().__init__(message)
        self.message, self.parameter, self.status = message, parameter, status


@csrf_exempt
def registration_view(request):
    """Register one activity from a JSON object; ``201`` with its reference."""
    try:
        data = read_json(request)
        page = registration_page(request, data.pop("page", None))
        with translation.override(page.locale.language_code):
            return submit(request, page, data)
    except BadRequest as bad:
        return error(bad.message, bad.parameter, bad.status)


def read_json(request):
    if request.method != "POST":
        raise BadRequest(_("Send a registration with POST."), status=405)
    if request.content_type != "application/json":
        raise BadRequest(
            _("Send the registration as JSON (Content-Type: application/json)."), status=415
        )
    if len(request.body) > MAX_BODY:
        raise BadRequest(_("The registration is too large."), status=413)
    try:
        data = json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        raise BadRequest(_("The body is not valid JSON.")) from None
    if not isinstance(data, dict):
        raise BadRequest(_("Send one JSON object."))
    return data


def registration_page(request, pk):
    """The live, public registration page ``pk``; without one, the first in the language of
    the request (``Accept-Language``), else the first of all."""
    pages = public(ActivityRegistrationPage.objects.live()).select_related("locale")
    if pk is not None:
        if not isinstance(pk, int) or isinstance(pk, bool):
            raise BadRequest(_("Give the id of a registration page."), "page")
        page = pages.filter(pk=pk).first()
        if page is None:
            raise BadRequest(_("No registration page has this id."), "page")
        return page
    language = get_language_from_request(request)
    locale = Locale.objects.filter(language_code=language).first()
    page = (locale and pages.filter(locale=locale).order_by("path").first()) or pages.order_by(
        "path"
    ).first()
    if page is None:
        raise BadRequest(_("This site takes no registrations."), status=404)
    return page


def form_data(data, form_class):
    """The JSON object as the form's data: strings and numbers as they are, lists for
    multiple choices, ``true`` for a box ticked."""
    from django import forms

    fields = form_class.base_fields
    query = QueryDict(mutable=True)
    for name, value in data.items():
        field = fields.get(name)
        if field is None:
            raise BadRequest(_("This endpoint has no such field; see the documentation."), name)
        if value is None:
            continue
        if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
            if not isinstance(value, list) or not all(is_scalar(item) for item in value):
                raise BadRequest(_("Give a list of values."), name)
            query.setlist(name, [str(item) for item in value])
        elif isinstance(field, forms.BooleanField):
            if not isinstance(value, bool):
                raise BadRequest(_("Give true or false."), name)
            if value:
                query[name] = "on"
        elif is_scalar(value):
            query[name] = str(value)
        else:
            raise BadRequest(_("Give a string or a number."), name)
    return query


def is_scalar(value):
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def submit(request, page, data):
    form_class = page.get_form_class()
    form = form_class(form_data(data, form_class), page=page)
    registration = moderation.submit(
        form, page, ratelimit.client_address(request), ActivityRegistration.Channel.API
    )
    if registration is not None:
        return answer(
            {
                "reference": registration.reference,
                "status": registration.decision,
                "message": _(
                    "Thank you: your activity is registered. The moderators will review it "
                    "before it appears on the site."
                ),
            },
            201,
        )
    errors = {
        name: [str(message) for message in messages] for name, messages in form.errors.items()
    }
    limited = any(item.code == "rate_limited" for item in form.errors.as_data().get("__all__", []))
    name, messages = next(iter(errors.items()))
    parameter = None if name == "__all__" else name
    return error(messages[0], parameter, 429 if limited else 400, errors)
