from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person at the forum")
    PARALLEL = "parallel", _("Parallel activity elsewhere")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class ActivityStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CANCELLED = "cancelled", _("Cancelled")
    POSTPONED = "postponed", _("Postponed")


class CallStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Registration not yet open")
    OPEN = "open", _("Registration open")
    CLOSING_SOON = "closing_soon", _("Registration closing soon")
    CLOSED = "closed", _("Registration closed")
    TOOK_PLACE = "took_place", _("Took place")


class Relationship(models.TextChoices):
    FORUM_MEMBER = "forum_member", _("Iraqi Social Forum member")
    INTERNATIONAL_PARTNER = "international_partner", _("International partner")
    OTHER = "other", _("Other")
