"""Settings of django-cors-headers for the read-only API, for a host's settings module::

    from icssi_wagtail.api.cors import CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS

    CORS_URLS_REGEX = r"^/(api/v2|media)/.*$"
    CORS_ALLOWED_ORIGINS = ["https://front.example"]

A browser on another origin may then send ``If-None-Match`` (its preflight is allowed), read
the ``ETag`` of an answer, and load images served from ``MEDIA_URL`` into a canvas; only the
methods a read-only API answers are advertised. ``Content-Language`` and ``Last-Modified`` are
readable without being listed (CORS-safelisted response headers).
"""

from corsheaders.defaults import default_headers

CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = (*default_headers, "if-none-match", "accept-language")
CORS_EXPOSE_HEADERS = ("ETag",)
