"""What an index page lists, in its detail answer: the first page of its cards and, for an
activity index, its theme filter with counts.

A client renders an index from its detail alone: ``IndexListingField`` gives the first page
of the list endpoint's answer for ``?child_of=<index>`` (``total_count``, ``items`` in the same
shape as that list's items, ``next`` to the rest), computed by that endpoint itself so that
the two never differ; ``ListedThemesField`` gives the themes as a theme list block shows them.
Both appear in detail answers only (the app's endpoints and Wagtail's ``pages``): a fixed
number of queries per answer, whatever the number of items.
"""

import copy

from django.apps import apps
from django.http import Http404, QueryDict
from rest_framework.fields import Field, SkipField
from wagtail.api.v2.utils import BadRequestError

from .fields import InLanguageOfObject
from .parameters import ParameterError
from .resolved import listed_themes


def in_detail(field):
    """Skip ``field`` unless the answer is a detail: in a list it would cost queries per item."""
    view = field.context.get("view")
    if getattr(view, "action", None) != "detail_view":
        raise SkipField


def list_answer(context, model, parameters):
    """The answer of the endpoint that lists ``model`` on the request's router to
    ``parameters`` (``{"meta", "items"}``), or ``None`` when no endpoint lists it or the
    parameters do not apply."""

    request, router = context.get("request"), context.get("router")
    endpoint = router.get_model_endpoint(model) if router is not None else None
    if request is None or endpoint is None:
        return None
    http_request = copy.copy(getattr(request, "_request", request))
    http_request.GET = QueryDict(mutable=True)
    http_request.GET.update(parameters)
    http_request.path = http_request.path_info = router.get_model_listing_urlpath(model)
    http_request.META = {**http_request.META, "QUERY_STRING": http_request.GET.urlencode()}
    view = endpoint[1]()
    view.action_map, view.args, view.kwargs = {"get": "listing_view"}, (), {}
    view.format_kwarg, view.headers = None, {}
    view.request = view.initialize_request(http_request)
    try:
        return view.listing_view(view.request).data
    except (ParameterError, BadRequestError, Http404):
        return None


class IndexListingField(Field):
    """The first page of the pages an index lists: ``{"total_count", "items", "next"}``,
    ``items`` as the list endpoint of ``model`` gives them for ``?child_of=<index>`` (in the
    index's language), ``next`` that list's next page (``null`` when there is none)."""

    def __init__(self, model, **kwargs):
        self.model = model  # "app_label.Model", resolved when used
        kwargs.setdefault("source", "*")
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        in_detail(self)
        return super().get_attribute(instance)

    def to_representation(self, index):
        answer = list_answer(self.context, apps.get_model(self.model), {"child_of": str(index.pk)})
        if answer is None:
            return None
        meta = answer["meta"]
        return {"total_count": meta["total_count"], "items": answer["items"], "next": meta["next"]}


class ListedThemesField(InLanguageOfObject):
    """An activity index's theme filter: every theme in its order, named in the index's
    language, with the number of the index's live, public activities and the index's address
    filtered by it (as a theme list block's ``listed_themes``)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "*")
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        in_detail(self)
        return super().get_attribute(instance)

    def represent(self, index):
        return listed_themes(index, (), self.context.get("request"))
