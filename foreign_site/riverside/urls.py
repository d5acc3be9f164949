from django.urls import include, path
from icssi_wagtail.api import register_endpoints
from icssi_wagtail.api.views import PublicImagesAPIViewSet
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.documents import urls as wagtaildocs_urls

# This site's own router, under a namespace and a prefix of its own (ICSSI_WAGTAIL's
# API_NAMESPACE names it, so that publishing purges the right addresses).
api_router = WagtailAPIRouter("riversideapi")
register_endpoints(api_router)  # activities, testimonials, themes, organisations
api_router.register_endpoint("pages", PagesAPIViewSet)
api_router.register_endpoint("images", PublicImagesAPIViewSet)

# No i18n_patterns: every page is served at its own address in the page tree, whatever its
# language (French pages under the French home, /fr-home/...).
urlpatterns = [
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("content-api/", api_router.urls),
    path("search/", include("icssi_wagtail.urls")),
    path("", include(wagtail_urls)),
]
