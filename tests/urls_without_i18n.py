"""A host site's URLs without ``i18n_patterns``: every language at the same address, chosen by
``LocaleMiddleware`` (the ``django_language`` cookie or ``Accept-Language``) or by a site of
its own per language."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.api.v2.router import WagtailAPIRouter

from icssi_wagtail.api import register_endpoints

api_router = WagtailAPIRouter("wagtailapi")
register_endpoints(api_router)

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("api/v2/", api_router.urls),
    path("search/", include("icssi_wagtail.urls")),
    path("", include(wagtail_urls)),
]
