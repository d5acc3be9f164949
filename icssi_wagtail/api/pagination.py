"""Limit and offset, bounded, so a hostile or mistaken request gets a 400, never a 500; and the
addresses of the next and previous pages."""

from collections import OrderedDict

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

from ..conf import get_setting
from ..listing import deferred_join
from .addresses import absolute_url
from .parameters import ParameterError


def bounded_int(request, name, default, maximum):
    raw = request.GET.get(name, "")
    if raw == "":
        return default
    if not raw.isascii() or not raw.isdigit() or int(raw) > maximum:
        message = _("Give a whole number from 0 to %(maximum)s.") % {"maximum": maximum}
        raise ParameterError(name, message)
    return int(raw)


class BoundedPagination(BasePagination):
    """Wagtail's limit/offset pagination with both numbers bounded by settings.

    ``meta.total_count`` is the number of items of the whole list (with ``?after=`` too),
    ``meta.next`` and ``meta.previous`` the addresses of the next and previous pages (``null``
    at either end); on endpoints that page through ``?after=`` (``keyset_pagination``),
    ``meta.next_after`` is where the next page starts, ``null`` on the last page, and ``next``
    uses it.
    """

    def paginate_queryset(self, queryset, request, view=None):
        self.view, self.request = view, request
        self.limit = bounded_int(request, "limit", 20, get_setting("API_LIMIT_MAX"))
        self.offset = bounded_int(request, "offset", 0, get_setting("API_OFFSET_MAX"))
        # With ``?after=``, the list before the cursor was cut off (see ActivityFilterBackend).
        whole = getattr(view, "icssi_whole_list", None)
        self.total_count = (queryset if whole is None else whole).count()
        themes = getattr(view, "icssi_themes_to_check", None)
        if themes and not self.total_count:
            from .filters import check_themes

            check_themes(themes)
        # Deep offsets order and skip primary keys only, then fetch the page's rows
        # (``listing.deferred_join``). One row more than the page tells whether another page
        # follows.
        rows = queryset[self.offset : self.offset + self.limit + 1]
        # A search's results (``?search=`` of images) are no queryset: the backend slices them.
        if isinstance(rows, QuerySet):
            rows = deferred_join(rows)
        page = list(rows)
        self.has_next = len(page) > self.limit
        page = page[: self.limit]
        self.next_after = page[-1].pk if page and self.has_next else None
        return page

    def get_paginated_response(self, data):
        meta = OrderedDict([("total_count", self.total_count)])
        if self.keyset:
            meta["next_after"] = self.next_after
        meta["next"] = self.next_url()
        meta["previous"] = self.previous_url()
        get_listing_meta = getattr(self.view, "get_listing_meta", None)
        if get_listing_meta is not None:
            meta.update(get_listing_meta())
        return Response(OrderedDict([("meta", meta), ("items", data)]))

    @property
    def keyset(self):
        return getattr(self.view, "keyset_pagination", False)

    def next_url(self):
        if not self.has_next:
            return None
        if self.keyset and "offset" not in self.request.GET:
            return self.url(after=self.next_after, offset=None)
        return self.url(offset=self.offset + self.limit)

    def previous_url(self):
        if not self.offset:  # the first page, or a page reached with ?after=
            return None
        return self.url(offset=max(self.offset - self.limit, 0) or None)

    def url(self, **changes):
        query = self.request.GET.copy()
        for name, value in changes.items():
            query.pop(name, None)
            if value is not None:
                query[name] = str(value)
        path = absolute_url(self.request, self.request.path)
        return f"{path}?{query.urlencode()}" if query else path
