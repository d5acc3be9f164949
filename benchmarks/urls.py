"""URLs of the benchmark site: the app's endpoints and pages, and the stock ways beside them."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.views import PagesAPIViewSet

from icssi_wagtail.api import register_endpoints

from .competent import competent_listing
from .stock import tutorial_listing

api_router = register_endpoints(WagtailAPIRouter("wagtailapi"))
# Stock Wagtail: /api/v2/pages/?type=icssi_wagtail.ActivityPage&fields=*
api_router.register_endpoint("pages", PagesAPIViewSet)

urlpatterns = [
    path("api/v2/", api_router.urls),
    # Stock Wagtail: the index page at <path>, listed the way Wagtail's tutorial lists a blog.
    path("stock/<path:path>", tutorial_listing, name="bench_tutorial_listing"),
    # Stock Wagtail written competently (benchmarks/competent.py): the yardstick of issue 18.
    path("competent/<path:path>", competent_listing, name="bench_competent_listing"),
]
urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
