from .activities import ActivityIndexPage, ActivityOrganiser, ActivityPage, ActivityPageTheme
from .call_to_action import CallToActionPage, CallToActionPageTheme, CallToActionTestimonial
from .choices import ActivityStatus, AttendanceMode, CallStatus, Relationship
from .directory import OrganisationDirectoryPage
from .organisations import Organisation
from .registration import ActivityRegistration, ActivityRegistrationPage
from .testimonials import TestimonialIndexPage, TestimonialPage
from .themes import Theme

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
