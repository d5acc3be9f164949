from django.apps import apps
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents import urls as wagtaildocs_urls

from icssi_wagtail.api import register_endpoints
from icssi_wagtail.api.views import LocalizedPagesAPIViewSet, PublicImagesAPIViewSet
from icssi_wagtail.registration.api import register_registration_endpoint
from icssi_wagtail.sitemaps import sitemap_urls

api_router = WagtailAPIRouter("wagtailapi")
# First, so that detail_url of activities and testimonials points at their own endpoints.
register_endpoints(api_router)
# POST activity-registrations/: organisations register activities (icssi_wagtail.registration).
register_registration_endpoint(api_router)
# Wagtail's pages, finding translations by path and naming the request's host.
api_router.register_endpoint("pages", LocalizedPagesAPIViewSet)
# Not Wagtail's ImagesAPIViewSet: it lists every image, hidden photos included.
api_router.register_endpoint("images", PublicImagesAPIViewSet)

try:  # Wagtail 8's preview API v3 (django-ninja), which registers page types itself.
    from wagtail.api.v3.urls import api as api_v3
except ImportError:  # Wagtail 7.4
    api_v3 = None

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # /sitemap.xml: a sitemap index of /sitemap-pages.xml?p=1, 2, ...
    *sitemap_urls(),
]
# English pages at /, translations under their language: /ar/, /ckb/, /fr/, /it/.
urlpatterns += i18n_patterns(
    path("search/", include("icssi_wagtail.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

if api_v3 is not None:
    urlpatterns.insert(0, path("api/v3/", api_v3.urls))

if apps.is_installed("grapple"):  # the graphql extra: POST /graphql/
    urlpatterns.insert(0, path("", include("grapple.urls")))
