from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.documents.api.v2.views import DocumentsAPIViewSet

from icssi_wagtail.api import register_endpoints
from icssi_wagtail.api.views import LocalizedPagesAPIViewSet, PublicImagesAPIViewSet
from icssi_wagtail.embed import activities_embed_script
from icssi_wagtail.registration.api import register_registration_endpoint
from icssi_wagtail.sitemaps import sitemap_urls

api_router = WagtailAPIRouter("wagtailapi")
# First, so that detail_url of activities and testimonials points at their own endpoints.
register_endpoints(api_router)
# Wagtail's pages, finding translations by path and naming the request's host.
api_router.register_endpoint("pages", LocalizedPagesAPIViewSet)
# Not Wagtail's ImagesAPIViewSet: it lists every image, hidden photos included.
api_router.register_endpoint("images", PublicImagesAPIViewSet)
api_router.register_endpoint("documents", DocumentsAPIViewSet)
# Organisations register activities as JSON (docs/registration.md).
register_registration_endpoint(api_router)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v2/", api_router.urls),
    # The embed script with charset=utf-8 (it is plain ASCII, so /static/ serves it as well).
    path("embed/activities.js", activities_embed_script),
    # /sitemap.xml: a sitemap index of /sitemap-pages.xml?p=1, 2, ...
    *sitemap_urls(),
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
# English at /, Arabic at /ar/ (and /ckb/, /fr/, /it/ once translated).
urlpatterns += i18n_patterns(
    path("search/", include("icssi_wagtail.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
