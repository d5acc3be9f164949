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

    # Named here, not read from ``viewset.name``: Django REST framework sets that attribute to
    # None once a URLconf has built the views, and a second router would register under None.
    endpoints = {
        "activities": ActivitiesAPIViewSet,
        "testimonials": TestimonialsAPIViewSet,
        "themes": ThemesAPIViewSet,
        "organisations": OrganisationsAPIViewSet,
    }
    for name, viewset in endpoints.items():
        api_router.register_endpoint(name, viewset)
    return api_router
