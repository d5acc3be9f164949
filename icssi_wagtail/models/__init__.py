from .activities import ActivityIndexPage, ActivityOrganiser, ActivityPage, ActivityPageTheme
from .call_to_action import CallToActionPage, CallToActionPageTheme, CallToActionTestimonial
from .choices import ActivityStatus, AttendanceMode, CallStatus, Relationship
from .organisations import Organisation
from .testimonials import TestimonialIndexPage, TestimonialPage
from .themes import Theme

__all__ = [
    "ActivityIndexPage",
    "ActivityOrganiser",
    "ActivityPage",
    "ActivityPageTheme",
    "ActivityStatus",
    "AttendanceMode",
    "CallStatus",
    "CallToActionPage",
    "CallToActionPageTheme",
    "CallToActionTestimonial",
    "Organisation",
    "Relationship",
    "TestimonialIndexPage",
    "TestimonialPage",
    "Theme",
]
