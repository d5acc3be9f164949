"""Limit and offset, bounded, so a hostile or mistaken request gets a 400, never a 500."""

from collections import OrderedDict

from django.db.models import QuerySet
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from wagtail.api.v2.utils import BadRequestError

from ..conf import get_setting
from ..models.listing import deferred_join


def bounded_int(request, name, default, maximum):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not raw.isascii() or not raw.isdigit():
        raise BadRequestError(f"{name} must be a whole number from 0 to {maximum}.")
    value = int(raw)
    if value > maximum:
        raise BadRequestError(f"{name} must be a whole number from 0 to {maximum}.")
    return value


class BoundedPagination(BasePagination):
    """Wagtail's limit/offset pagination with both numbers bounded by settings."""

    def paginate_queryset(self, queryset, request, view=None):
        self.view = view
        limit = bounded_int(request, "limit", 20, get_setting("API_LIMIT_MAX"))
        offset = bounded_int(request, "offset", 0, get_setting("API_OFFSET_MAX"))
        self.total_count = queryset.count()
        themes = getattr(view, "icssi_themes_to_check", None)
        if themes and not self.total_count:
            from .filters import check_themes

            check_themes(themes)
        # Deep offsets order and skip primary keys only (in an index of their own where the
        # view gives them, see ``deferred_join``), then fetch the page's rows.
        keys = view.get_listing_keys() if offset and hasattr(view, "get_listing_keys") else None
        rows = queryset[offset : offset + limit]
        # A search's results (``?search=`` of images) are no queryset: the backend slices them.
        if isinstance(rows, QuerySet):
            rows = deferred_join(rows, keys, self.total_count)
        page = list(rows)
        # Where the next page starts (``?after=``), for endpoints that take it.
        self.next_after = page[-1].pk if page and len(page) == limit else None
        return page

    def get_paginated_response(self, data):
        meta = OrderedDict([("total_count", self.total_count)])
        if getattr(self.view, "keyset_pagination", False):
            meta["next_after"] = self.next_after
        return Response(OrderedDict([("meta", meta), ("items", data)]))
