"""Wagtail API v2 endpoints for ICSSI content.

A host site adds them to its own router::

    from wagtail.api.v2.router import WagtailAPIRouter
    from icssi_wagtail.api import register_endpoints

    api_router = WagtailAPIRouter("wagtailapi")
    register_endpoints(api_router)
"""


def register_endpoints(api_router):
    """Register the ``activities``, ``testimonials``, ``themes`` and ``organisations`` endpoints."""
    from .views import (
        ActivitiesAPIViewSet,
        OrganisationsAPIViewSet,
        TestimonialsAPIViewSet,
        ThemesAPIViewSet,
    )

    for viewset in (
        ActivitiesAPIViewSet,
        TestimonialsAPIViewSet,
        ThemesAPIViewSet,
        OrganisationsAPIViewSet,
    ):
        api_router.register_endpoint(viewset.name, viewset)
    return api_router
