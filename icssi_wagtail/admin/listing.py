"""The activities' listing in the admin (ICSSI › Activities), filterable by theme, status,
organiser, attendance and date, with Wagtail's own filters."""

import django_filters
from django.forms import CheckboxSelectMultiple
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from ..models.activities import ActivityPage
from ..models.choices import ActivityStatus, AttendanceMode
from ..models.organisations import Organisation
from ..models.themes import Theme


def canonical_themes(request):
    return Theme.objects.canonical().order_by("sort_order", "name")


def organisations(request):
    """The organisations that organise at least one activity, in their own language."""
    return (
        Organisation.objects.filter(organised_activities__isnull=False).distinct().order_by("name")
    )


class ActivityFilterSet(PageFilterSet):
    """Wagtail's page filters plus the activity's theme, status, organiser, attendance and
    dates."""

    theme = django_filters.ModelMultipleChoiceFilter(
        label=_("Theme"),
        field_name="tagged_items__tag",
        queryset=canonical_themes,
        widget=CheckboxSelectMultiple,
        distinct=True,
    )
    activity_status = django_filters.MultipleChoiceFilter(
        label=_("Activity status"),
        field_name="status",
        choices=ActivityStatus.choices,
        widget=CheckboxSelectMultiple,
    )
    organisation = django_filters.ModelMultipleChoiceFilter(
        label=_("Organiser"),
        field_name="organisers__organisation",
        queryset=organisations,
        widget=CheckboxSelectMultiple,
        distinct=True,
    )
    attendance = django_filters.MultipleChoiceFilter(
        label=_("Attendance"),
        field_name="attendance_mode",
        choices=AttendanceMode.choices,
        widget=CheckboxSelectMultiple,
    )
    start_date = django_filters.DateFromToRangeFilter(
        label=_("Start date"), widget=DateRangePickerWidget
    )

    class Meta:
        model = ActivityPage
        fields = []


class ActivityIndexView(IndexView):
    """Wagtail's flat page listing, with the activities' themes and organisers fetched once
    for the whole page of results."""

    def get_base_queryset(self):
        return super().get_base_queryset().prefetch_related("organisers__organisation")


class ActivityListingViewSet(PageListingViewSet):
    model = ActivityPage
    index_view_class = ActivityIndexView
    name = "icssi_activities"
    icon = "date"
    menu_label = _("Activities")
    add_to_admin_menu = False
    filterset_class = ActivityFilterSet
    columns = [
        *IndexView.base_columns,
        DateColumn("start_date", label=_("Start date"), sort_key="start_date", width="12%"),
        Column(
            "activity_status",
            label=_("Activity status"),
            accessor="get_status_display",
            sort_key="status",
            width="12%",
        ),
    ]
