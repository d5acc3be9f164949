"""URLs of the benchmark site: the app's endpoints and pages, and the stock ways beside them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from icssi_wagtail.api.views import (
    ActivitiesAPIViewSet,
    OrganisationsAPIViewSet,
    TestimonialsAPIViewSet,
    ThemesAPIViewSet,
)

from .stock import tutorial_listing

# The endpoints icssi_wagtail.api.register_endpoints() registers, named here: it names them by
# each viewset's ``name``, which Django REST framework sets to None once any URLconf has built
# their views (ViewSetMixin.as_view), as the test suite's has when tests/test_benchmark.py loads
# this URLconf. See docs/performance.md, finding 8.
OUR_ENDPOINTS = {
    "activities": ActivitiesAPIViewSet,
    "testimonials": TestimonialsAPIViewSet,
    "themes": ThemesAPIViewSet,
    "organisations": OrganisationsAPIViewSet,
}

api_router = WagtailAPIRouter("wagtailapi")
for name, viewset in OUR_ENDPOINTS.items():
    api_router.register_endpoint(name, viewset)
# Stock Wagtail: /api/v2/pages/?type=icssi_wagtail.ActivityPage&fields=*
api_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("api/v2/", api_router.urls),
    # Stock Wagtail: the index page at <path>, listed the way Wagtail's tutorial lists a blog.
    path("stock/<path:path>", tutorial_listing, name="bench_tutorial_listing"),
]
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
