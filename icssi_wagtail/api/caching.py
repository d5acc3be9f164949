"""HTTP caching of API responses: ``Cache-Control``, ``ETag`` and ``304 Not Modified``."""

import hashlib

from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag

from ..conf import get_setting

SAFE_METHODS = ("GET", "HEAD")


class CacheHeadersMixin:
    """Marks successful answers as publicly cacheable and answers ``If-None-Match``.

    The endpoints serve only public content, whoever asks, so a shared cache (a CDN) may keep
    them for ``ICSSI_WAGTAIL["API_CACHE_MAX_AGE"]`` seconds.
    """

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if request.method not in SAFE_METHODS or response.status_code != 200:
            return response
        renderer = getattr(response, "accepted_renderer", None)
        if renderer is not None and renderer.format != "json":
            # The browsable API's HTML carries the visitor's CSRF token and user name.
            patch_cache_control(response, private=True)
            return response
        response.render()
        patch_cache_control(response, public=True, max_age=get_setting("API_CACHE_MAX_AGE"))
        patch_vary_headers(response, ["Accept"])
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        return get_conditional_response(request, etag=etag, response=response)
