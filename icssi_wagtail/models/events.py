"""Where and when something happens, in the event's own time zone."""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel

from ..validators import validate_no_control_characters
from .fields import TimeZoneField


class EventDetailsMixin(models.Model):
    """Venue, city, country, and a start and end entered as wall-clock time in ``time_zone``.

    ``starts_at`` and ``ends_at`` hold the same instants in UTC, computed on save, so listings
    can filter and order by them with an index whatever the events' time zones.
    """

    venue = models.CharField(
        _("venue"), max_length=255, blank=True, validators=[validate_no_control_characters]
    )
    city = models.CharField(
        _("city"), max_length=100, blank=True, validators=[validate_no_control_characters]
    )
    country = CountryField(_("country"), blank=True)
    hide_venue = models.BooleanField(
        _("show only the city"),
        default=False,
        help_text=_(
            "Keep the venue out of every output (pages, API, calendars, feeds, structured "
            "data) when revealing it could endanger the people taking part."
        ),
    )
    start_date = models.DateField(_("start date"))
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Leave empty for all day.")
    )
    end_date = models.DateField(
        _("end date"), null=True, blank=True, help_text=_("Leave empty for the start date.")
    )
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = TimeZoneField(
        _("time zone"),
        default="UTC",
        help_text=_("The time zone of the place, for example Africa/Tunis or Asia/Baghdad."),
    )
    starts_at = models.DateTimeField(_("starts at (UTC)"), editable=False, db_index=True)
    ends_at = models.DateTimeField(_("ends at (UTC)"), editable=False, db_index=True)

    class Meta:
        abstract = True

    @property
    def public_venue(self):
        """The venue, unless the editors chose to show only the city."""
        return "" if self.hide_venue else self.venue

    @property
    def zone(self):
        try:
            return zoneinfo.ZoneInfo(self.time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return datetime.UTC

    @property
    def local_start(self):
        """The start as an aware datetime in the event's time zone."""
        return datetime.datetime.combine(
            self.start_date, self.start_time or datetime.time.min, tzinfo=self.zone
        )

    @property
    def local_end(self):
        """The end as an aware datetime in the event's time zone (end of day if no time)."""
        end_date = self.end_date or self.start_date
        end_time = self.end_time or datetime.time(23, 59, 59)
        return datetime.datetime.combine(end_date, end_time, tzinfo=self.zone)

    @property
    def has_ended(self):
        """Whether the event is over (judged in its own time zone)."""
        return timezone.now() > self.local_end

    @property
    def is_all_day(self):
        return self.start_time is None

    def clean_event_dates(self):
        """Raise a ValidationError when the end comes before the start."""
        if not self.start_date:
            return
        if self.end_date and self.end_date < self.start_date:
            raise ValidationError(
                {"end_date": _("The end date must not be before the start date.")}
            )
        if self.end_time and self.local_end < self.local_start:
            raise ValidationError(
                {"end_time": _("The end time must not be before the start time.")}
            )

    def compute_instants(self):
        if self.start_date:
            self.starts_at = self.local_start.astimezone(datetime.UTC)
            self.ends_at = self.local_end.astimezone(datetime.UTC)


def when_panel(help_text):
    """The admin panel for an event's dates, times and time zone."""
    return MultiFieldPanel(
        [
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("start_time")]),
            FieldRowPanel([FieldPanel("end_date"), FieldPanel("end_time")]),
            # The admin form (admin.forms.EventPageForm) makes it a select of time zones.
            FieldPanel(
                "time_zone",
                help_text=_("Type the first letters of the city to find it, for example Baghdad."),
            ),
        ],
        heading=_("When"),
        help_text=help_text,
    )
