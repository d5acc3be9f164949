"""Query parameters the endpoints share, and their one error shape.

Every endpoint answers a parameter it does not apply, or a value it cannot use, with ``400``
and ``{"message": "<parameter>: <what is wrong>", "parameter": "<parameter>"}``, the message
being Wagtail's own form (``{"message": ...}``) so that a client reads every error alike.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

# Parameters of Wagtail's API that these endpoints refuse, with the reason.
REFUSED = {
    "order": gettext_lazy("This endpoint has a fixed order."),
    "type": gettext_lazy("This endpoint serves one page type only."),
}

# The largest id any supported database can compare (SQLite's, PostgreSQL's bigint).
MAX_ID = 2**63 - 1


class ParameterError(BadRequestError):
    """A 400 about one query parameter, named in the answer."""

    def __init__(self, parameter, message):
        self.parameter = parameter
        super().__init__(f"{parameter}: {message}")


class ErrorsMixin:
    """``{"message", "parameter"}`` for a ``ParameterError``; Wagtail's answer otherwise. A
    parameter the endpoint does not apply is a 400, on a list and on a detail."""

    # What a detail takes (``None``: anything, as Wagtail's detail views).
    detail_query_parameters = frozenset(["fields", "format", "_"])

    def detail_view(self, request, pk):
        if self.detail_query_parameters is not None:
            unknown = sorted(set(request.GET) - self.detail_query_parameters)
            if unknown:
                message = _("A detail does not take this parameter; see the documentation.")
                raise ParameterError(unknown[0][:100], message)
        return super().detail_view(request, pk)

    def handle_exception(self, exc):
        if isinstance(exc, ParameterError):
            data = {"message": str(exc), "parameter": exc.parameter}
            return Response(data, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def check_query_parameters(self, queryset):
        """Only the parameters the endpoint applies: Wagtail's also lets through the name of
        every database field (``?languages=``, ``?title=``), which these endpoints ignore."""
        unknown = sorted(set(self.request.GET) - set(self.known_query_parameters))
        if unknown:
            name = unknown[0]
            message = REFUSED.get(name) or _(
                "This endpoint has no such parameter; see the documentation."
            )
            raise ParameterError(name[:100], str(message))
        for name in self.request.GET:
            if name not in ("limit", "fields", "_") and len(self.request.GET.getlist(name)) > 1:
                raise ParameterError(name, _("Give this parameter once."))


def page_id(request, name):
    """The whole number of ``?<name>=``; a 400 for anything else."""
    raw = request.GET[name]
    if not (raw.isascii() and raw.isdigit()) or not 0 < int(raw) <= MAX_ID:
        raise ParameterError(name, _("Give the id of a page, a whole number."))
    return int(raw)


class ChildOfFilter(BaseFilterBackend):
    """``?child_of=<id>``: the children of a public page that can hold the endpoint's pages
    (``child_of=<an activity>`` on ``activities`` is a 400, not an empty list)."""

    def filter_queryset(self, request, queryset, view):
        if "child_of" not in request.GET:
            return queryset
        pk = page_id(request, "child_of")
        parent = view.get_base_queryset().filter(pk=pk).first()
        if parent is None:
            raise ParameterError("child_of", _("No public page has this id."))
        if not can_hold(parent.specific_class, view.model):
            raise ParameterError("child_of", _("This page cannot hold pages of this endpoint."))
        return queryset.child_of(parent)


def can_hold(parent_model, model):
    """Whether pages of ``parent_model`` may have children of ``model`` or of a subclass (a
    site's own activity index or activity type)."""
    if parent_model is None:  # a page whose model is gone
        return False
    return any(issubclass(child, model) for child in parent_model.allowed_subpage_models())


class TranslationOfFilter(BaseFilterBackend):
    """``?translation_of=<id>``: the other versions of one object of the endpoint, in every
    language (narrowed by ``?locale=``), the object itself left out, as in Wagtail's."""

    def filter_queryset(self, request, queryset, view):
        if "translation_of" not in request.GET:
            return queryset
        pk = page_id(request, "translation_of")
        source = view.get_translation_source(pk)
        if source is None:
            raise ParameterError("translation_of", _("This endpoint serves nothing with this id."))
        return queryset.filter(translation_key=source.translation_key).exclude(pk=source.pk)
