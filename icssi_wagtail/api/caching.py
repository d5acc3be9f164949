"""Caching of API responses: kept answers (``icssi_wagtail.cache``), ``Cache-Control``,
``ETag`` and ``304 Not Modified``."""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

from .. import cache
from ..conf import get_setting
from .languages import request_language

SAFE_METHODS = ("GET", "HEAD")


class CacheHeadersMixin:
    """Marks successful answers as publicly cacheable and answers ``If-None-Match``.

    The endpoints serve only public content, whoever asks, so a shared cache (a CDN) may keep
    them for ``ICSSI_WAGTAIL["API_CACHE_MAX_AGE"]`` seconds. JSON answers are also kept in the
    app's cache until the content of their ``cache_scopes`` changes; a detail answer of a page
    type depends on its own page rather than on every page of the type.
    """

    cache_scopes = ()
    # The scope whose pages this endpoint serves ("activities"), for detail answers.
    cache_page_scope = None

    def get_cache_scopes(self, kwargs):
        pk = kwargs.get("pk")
        if pk is None or self.cache_page_scope is None:
            return self.cache_scopes
        return tuple(
            f"{scope}:{pk}" if scope == self.cache_page_scope else scope
            for scope in self.cache_scopes
        )

    def dispatch(self, request, *args, **kwargs):
        if not self.cache_scopes:
            return self.cached_dispatch(request, *args, **kwargs)
        response = cache.cached_response(
            request,
            "api",
            # Lists default to the language of Accept-Language (``languages.list_locale``).
            (f"{type(self).__module__}.{type(self).__qualname__}", request_language(request)),
            self.get_cache_scopes(kwargs),
            lambda: self.cached_dispatch(request, *args, **kwargs),
        )
        if response.get(cache.HIT_HEADER) == "hit":
            return self.conditional(request, response)
        return response

    def cached_dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method not in SAFE_METHODS or response.status_code != 200:
            return response
        renderer = getattr(response, "accepted_renderer", None)
        if renderer is not None and renderer.format != "json":
            # The browsable API's HTML carries the visitor's CSRF token and user name.
            patch_cache_control(response, private=True)
            return response
        response.render()
        return self.conditional(request, response)

    def conditional(self, request, response):
        patch_cache_control(response, public=True, max_age=get_setting("API_CACHE_MAX_AGE"))
        patch_vary_headers(response, ["Accept", "Accept-Language"])
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)
