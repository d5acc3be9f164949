"""Wagtail API v2 endpoints for ICSSI content.

A host site adds them to its own router, before Wagtail's ``pages``::

    from wagtail.api.v2.router import WagtailAPIRouter
    from icssi_wagtail.api import register_endpoints

    api_router = WagtailAPIRouter("wagtailapi")
    register_endpoints(api_router)
"""


def register_endpoints(api_router):
    """Register an endpoint for every page type and snippet of the app: ``activities``,
    ``testimonials``, ``calls-to-action``, ``activity-indexes``, ``testimonial-indexes``,
    ``themes``, ``organisations`` and ``organisation-directory`` (``api.directory``); and
    ``schema/``, the JSON Schema of their answers (``api.schema``)."""
    # Imported here: every ``icssi_wagtail.api.*`` import runs this package first, and the
    # viewsets load wagtail.api.v2, which Wagtail 8 refuses while the models load.
    from .directory import OrganisationDirectoryAPIViewSet
    from .schema import SchemaEndpoint
    from .views import (
        ActivitiesAPIViewSet,
        ActivityIndexesAPIViewSet,
        CallsToActionAPIViewSet,
        OrganisationsAPIViewSet,
        TestimonialIndexesAPIViewSet,
        TestimonialsAPIViewSet,
        ThemesAPIViewSet,
    )

    # Named here, not read from ``viewset.name``: Django REST framework sets that attribute to
    # None once a URLconf has built the views, and a second router would register under None.
    endpoints = {
        "activities": ActivitiesAPIViewSet,
        "testimonials": TestimonialsAPIViewSet,
        "calls-to-action": CallsToActionAPIViewSet,
        "activity-indexes": ActivityIndexesAPIViewSet,
        "testimonial-indexes": TestimonialIndexesAPIViewSet,
        "themes": ThemesAPIViewSet,
        "organisations": OrganisationsAPIViewSet,
        "organisation-directory": OrganisationDirectoryAPIViewSet,
        "schema": SchemaEndpoint,
    }
    for name, viewset in endpoints.items():
        api_router.register_endpoint(name, viewset)
    return api_router
