"""Wagtail's own ``images`` and ``pages`` endpoints, less what not every visitor may see and
with the app's addresses, bounds and errors. A host registers them in place of Wagtail's."""

from wagtail.api.v2.filters import FieldsFilter, OrderingFilter, SearchFilter
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

from ..safety import public_images
from . import fields as content_fields
from .filters import WordsSearchFilter
from .languages import locale_from_request
from .mixins import FindMixin
from .pagination import BoundedPagination
from .parameters import ErrorsMixin
from .serializers import ImageSerializer, PageSerializer


class PublicImagesAPIViewSet(ErrorsMixin, FindMixin, ImagesAPIViewSet):
    """Wagtail's ``images`` endpoint less what not every visitor may see: the images of a
    collection under a view restriction, and the photos hidden for a person's safety
    (``safety.hidden_images``), absent from the list, a search and ``find``, their detail a
    404. Register it in place of Wagtail's ``ImagesAPIViewSet``, whose list gives every image
    with its download URL."""

    base_serializer_class = ImageSerializer
    pagination_class = BoundedPagination
    filter_backends = [FieldsFilter, OrderingFilter, WordsSearchFilter]

    def check_query_parameters(self, queryset):
        # Wagtail's: its field filters (``?title=``) and ``order`` apply here.
        return BaseAPIViewSet.check_query_parameters(self, queryset)

    def get_queryset(self):
        return public_images().order_by("id")


class LocalizedPagesAPIViewSet(ErrorsMixin, FindMixin, PagesAPIViewSet):
    """Wagtail's ``pages`` endpoint, with what a client in any language and on any host needs:
    ``find/?html_path=`` finds translations (``/ar/...``), addresses name the request's host,
    ``limit`` goes to ``API_LIMIT_MAX`` and ``offset`` is bounded, ``?search=`` reads words only
    (a lone ``"`` was a server error), and an unknown ``?locale=`` is a 400, as on the app's
    endpoints. Register it as ``pages`` in place of Wagtail's ``PagesAPIViewSet``."""

    base_serializer_class = PageSerializer
    pagination_class = BoundedPagination
    filter_backends = [
        WordsSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    known_query_parameters = PagesAPIViewSet.known_query_parameters.union(
        content_fields.QUERY_PARAMETERS  # ?image_size=
    )

    detail_query_parameters = None  # anything, as Wagtail's

    def check_query_parameters(self, queryset):
        # Wagtail's: its field filters (``?type=...&slug=``) and ``order`` apply here.
        BaseAPIViewSet.check_query_parameters(self, queryset)
        content_fields.check_query_parameters(self.request)

    def get_queryset(self):
        locale_from_request(self.request)  # a 400 before LocaleFilter's 404
        return super().get_queryset()
