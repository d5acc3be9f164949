from .activities import ActivityIndexPage, ActivityOrganiser, ActivityPage, ActivityPageTheme
from .call_to_action import CallToActionPage, CallToActionPageTheme, CallToActionTestimonial
from .choices import ActivityStatus, AttendanceMode, CallStatus, Relationship
from .directory import OrganisationDirectoryPage
from .organisations import Organisation
from .testimonials import TestimonialIndexPage, TestimonialPage
from .themes import Theme

# Last: the registration package builds on the models above.
from ..registration.models import ActivityRegistration, ActivityRegistrationPage  # noqa: E402

__all__ = [
    "ActivityIndexPage",
    "ActivityOrganiser",
    "ActivityPage",
    "ActivityPageTheme",
    "ActivityRegistration",
    "ActivityRegistrationPage",
    "ActivityStatus",
    "AttendanceMode",
    "CallStatus",
    "CallToActionPage",
    "CallToActionPageTheme",
    "CallToActionTestimonial",
    "Organisation",
    "OrganisationDirectoryPage",
    "Relationship",
    "TestimonialIndexPage",
    "TestimonialPage",
    "Theme",
]
