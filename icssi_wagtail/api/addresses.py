"""Absolute addresses in API answers, on the host and port the client asked.

Wagtail builds ``detail_url``, the ``find/`` redirects and images' ``full_url`` from the
``Site`` that matches the request (its hostname and port as entered in the admin) or from
``WAGTAILADMIN_BASE_URL``, so an API reached on another host or port (a demo on port 8765, an
API domain in front of the site) names addresses the client cannot use. Here
``WAGTAILAPI_BASE_URL`` wins when a host sets it, as in Wagtail; otherwise the request's own
scheme, host and port do (``request.build_absolute_uri``, which honours ``ALLOWED_HOSTS``,
``USE_X_FORWARDED_HOST`` and ``SECURE_PROXY_SSL_HEADER``).
"""

from urllib.parse import urlsplit

from django.conf import settings
from rest_framework.fields import Field, SkipField
from wagtail.images.api.fields import ImageRenditionField as WagtailImageRenditionField


def base_url(request):
    """``scheme://host[:port]`` of the API's absolute addresses for ``request``."""
    configured = getattr(settings, "WAGTAILAPI_BASE_URL", None)
    if configured:
        parts = urlsplit(str(configured))
        return f"{parts.scheme}://{parts.netloc}"
    return request.build_absolute_uri("/")[:-1]


def absolute_url(request, url):
    """``url`` made absolute on ``base_url(request)``; a URL that names its host (a storage
    on another domain) stays as it is, and so does anything without a request."""
    if not url or request is None or url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{urlsplit(base_url(request)).scheme}:{url}"
    return base_url(request) + url


class DetailUrlField(Field):
    """``meta.detail_url`` on the request's host (Wagtail's names the ``Site``'s)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if not path:
            raise SkipField  # no endpoint serves this model: no detail_url, as in Wagtail
        return absolute_url(self.context["request"], path)

    def to_representation(self, url):
        return url


class ImageRenditionField(WagtailImageRenditionField):
    """Wagtail's rendition field, its ``full_url`` on the request's host."""

    def to_representation(self, image):
        data = super().to_representation(image)
        if "url" in data:
            data["full_url"] = absolute_url(self.context.get("request"), data["url"])
        return data
