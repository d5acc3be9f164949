"""Admin forms and widgets of the ICSSI page types.

Editors choose a time zone from a list with readable labels, themes with checkboxes in the
page's language, and how people attend from a list with no choice made for them. A new page
starts with the date and time zone of the event it belongs to, so that autosave, which posts
the form from the first keystroke, has a complete draft to save.
"""

import datetime
import functools
import zoneinfo

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.localization import get_available_admin_time_zones

from ..conf import get_setting
from ..models import ActivityPage, ActivityRegistrationPage, CallToActionPage, TestimonialPage
from ..models.events import EventDetailsMixin
from ..models.themes import Theme, localize_themes

# Regions of the IANA database whose zones editors choose from; the other names ("US/Eastern",
# "Etc/GMT-3", ...) are old aliases, still accepted and shown when a page already uses one.
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


def utc_offset_label(zone, now=None):
    """``"UTC+03:00"`` for ``Asia/Baghdad`` at ``now`` (summer and winter time differ)."""
    offset = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone)).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def time_zone_label(zone, now=None):
    """A zone's readable label: ``"Baghdad (UTC+03:00)"``, ``"Argentina / Buenos Aires (...)"``."""
    place = zone.split("/", 1)[1] if "/" in zone else zone
    place = place.replace("_", " ").replace("/", " / ")
    return f"{place} ({utc_offset_label(zone, now)})"


@functools.lru_cache(maxsize=4)
def _grouped_time_zones(zones, hour):
    now = datetime.datetime.fromtimestamp(hour * 3600, tz=datetime.UTC)
    groups = {}
    for zone in zones:
        region = zone.split("/", 1)[0]
        if region in REGIONS and "/" in zone:
            groups.setdefault(region, []).append((zone, time_zone_label(zone, now)))
    return [("UTC", "UTC"), *((region, groups[region]) for region in REGIONS if region in groups)]


def time_zone_choices():
    """Wagtail's list of time zones (``WAGTAIL_USER_TIME_ZONES`` or every IANA zone), grouped
    by region, each labelled with its place and its offset from UTC now."""
    zones = tuple(get_available_admin_time_zones() or sorted(zoneinfo.available_timezones()))
    return _grouped_time_zones(zones, int(timezone.now().timestamp() // 3600))


class TimeZoneSelect(forms.Select):
    """A select of time zones grouped by region. Typing a city's first letters in it picks the
    city (each option reads "Baghdad (UTC+03:00)"). ``kept`` lists zones the list lacks but
    a page already uses (an old alias such as "US/Eastern"), offered first so that saving the
    page keeps them: Wagtail's editor renders the widget without its value, then selects it."""

    kept = ()

    def optgroups(self, name, value, attrs=None):
        choices = list(time_zone_choices())
        known = {zone for group in choices for zone, _label in _options(group)}
        extra = [zone for zone in (*self.kept, *value) if zone and zone not in known]
        self.choices = [*((zone, zone) for zone in dict.fromkeys(extra)), *choices]
        return super().optgroups(name, value, attrs)


def _options(group):
    value, label = group
    return label if isinstance(label, list) else [group]


def default_time_zone():
    """The ``DEFAULT_TIME_ZONE`` setting, or UTC when it names no known zone."""
    zone = get_setting("DEFAULT_TIME_ZONE")
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        return "UTC"
    return zone


def event_defaults(parent_page, model):
    """Hook: the date and time zone a new event page under ``parent_page`` starts with.

    The nearest ancestor that is an event (an activity index under a call to action: the
    forum), else the most recently created page of the same type beside it, else today in
    ``DEFAULT_TIME_ZONE``. Returns a dict of field names to values.
    """
    if parent_page is None:
        return {"time_zone": default_time_zone()}
    ancestors = parent_page.get_ancestors(inclusive=True).specific().order_by("-depth")
    for ancestor in ancestors:
        if isinstance(ancestor, EventDetailsMixin):
            return {"time_zone": ancestor.time_zone, "start_date": ancestor.start_date}
    sibling = model.objects.child_of(parent_page).order_by("-pk").first()
    if sibling is not None:
        return {"time_zone": sibling.time_zone, "start_date": sibling.start_date}
    zone = default_time_zone()
    return {
        "time_zone": zone,
        "start_date": timezone.now().astimezone(zoneinfo.ZoneInfo(zone)).date(),
    }


class IcssiPageForm(WagtailAdminPageForm):
    """The admin form of this app's page types: it hands Wagtail's deferred validation to
    the page, so that a draft saved, autosaved or previewed skips the page's
    ``clean_for_publishing`` rules, as it skips required fields. Publishing and submitting
    for moderation validate in full."""

    # Wagtail calls these around a draft's validation, and sets the same flag on each
    # field and block; the page's ``clean`` runs inside it (Django's ``_post_clean``).
    def defer_required_fields(self):
        super().defer_required_fields()
        self.instance.is_deferred_validation = True

    def restore_required_fields(self):
        super().restore_required_fields()
        self.instance.__dict__.pop("is_deferred_validation", None)


class EventPageForm(IcssiPageForm):
    """The admin form of pages with ``EventDetailsMixin``: the time zone is a
    ``TimeZoneSelect``, and a new page starts with the date and time zone of
    ``event_defaults``, so that every autosave of it is a valid draft."""

    def __init__(self, *args, parent_page=None, **kwargs):
        super().__init__(*args, parent_page=parent_page, **kwargs)
        field = self.fields.get("time_zone")
        if field is not None:
            field.widget = TimeZoneSelect(attrs=field.widget.attrs)
            field.widget.is_required = field.required
            if self.instance.time_zone:
                field.widget.kept = (self.instance.time_zone,)
        if self.instance.pk is None and not self.is_bound:
            for name, value in event_defaults(parent_page, type(self.instance)).items():
                if name in self.fields and value:
                    self.initial[name] = value


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    """The existing themes, labelled in ``locale``, in their order. Its value is the themes'
    canonical rows, which ``ThemeField`` tags pages with (django-taggit underneath)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, *, locale=None, **kwargs):
        self.locale = locale
        kwargs.setdefault("required", False)
        super().__init__(Theme.objects.canonical().order_by("sort_order", "name"), **kwargs)

    def label_from_instance(self, obj):
        return str(self.labels.get(obj.pk, obj.name))

    @functools.cached_property
    def labels(self):
        themes = list(self.queryset)
        if self.locale is None:
            return {theme.pk: theme.name for theme in themes}
        translated = localize_themes(themes, self.locale)
        return {theme.pk: shown.name for theme, shown in zip(themes, translated, strict=True)}

    def prepare_value(self, value):
        # The page's tags come as theme objects (possibly rows in another locale).
        if isinstance(value, (list, tuple)):
            return [getattr(item, "pk", item) for item in value]
        return super().prepare_value(value)


def themes_help_text(user, tick_text):
    """Where themes come from; a link to add one for those who may."""
    if user is not None and user.has_perm(f"{Theme._meta.app_label}.add_theme"):
        url = reverse(f"wagtailsnippets_{Theme._meta.app_label}_{Theme._meta.model_name}:add")
        return format_html(
            '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
            tick_text,
            url,
            _("Add a theme"),
        )
    return format_html("{} {}", tick_text, _("Ask a moderator to add a theme that is missing."))


class ThemeCheckboxesForm(EventPageForm):
    """An event page's admin form with its themes as checkboxes (``themes_tick_text`` says
    what ticking one does)."""

    themes_tick_text = _("Tick the themes of this activity.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "themes" in self.fields:
            old = self.fields["themes"]
            self.fields["themes"] = ThemeChoiceField(
                locale=getattr(self.instance, "locale", None),
                label=old.label,
                help_text=themes_help_text(self.for_user, self.themes_tick_text),
            )


class CallToActionPageForm(ThemeCheckboxesForm):
    """The call to action's admin form: the forum's date and zone, themes as checkboxes."""

    themes_tick_text = _("Tick the themes whose activities this page shows.")


class ActivityPageForm(ThemeCheckboxesForm):
    """The activity's admin form: themes as checkboxes, attendance chosen by the editor, and
    organiser rows added but not chosen yet left out."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.ignore_unchosen_organisers()
        if "attendance_mode" in self.fields:
            self.require_attendance_choice()

    def require_attendance_choice(self):
        """No attendance is chosen for a new activity: publishing asks for one."""
        field = self.fields["attendance_mode"]
        field.required = True
        field.error_messages["required"] = _("Choose how people take part in the activity.")
        choices = [choice for choice in field.choices if choice[0] != ""]
        field.choices = [("", _("Choose how people take part")), *choices]
        if self.instance.pk is None and not self.is_bound:
            self.initial["attendance_mode"] = ""

    def ignore_unchosen_organisers(self):
        """An organiser row never saved, with no organisation chosen yet, counts as empty, as
        Django's admin treats a blank extra inline: autosave, which posts the form while the
        editor is still choosing, saves the draft without it instead of answering 400.

        Never saved: a new row, or one that an earlier autosave counted among the initial
        rows while leaving it out (Wagtail's editor then posts it without an id)."""
        formset = self.formsets.get("organisers") if self.is_bound else None
        if formset is None:
            return
        for index, form in enumerate(formset.forms):
            saved = index < formset.initial_form_count() and form.data.get(form.add_prefix("id"))
            if not saved and not form.data.get(form.add_prefix("organisation")):
                form.empty_permitted = True
                form.has_changed = lambda: False
                form.full_clean = functools.partial(_clean_as_deleted, form)


def _clean_as_deleted(form):
    """A row left out: valid, deleted, and ordered last should the editor render again."""
    form._errors = forms.utils.ErrorDict()
    form.cleaned_data = {"ORDER": None, "DELETE": True}


def attach_form_classes():
    """Give the page types their admin forms (``IcssiWagtailAppConfig.ready`` calls it).

    The models know nothing of the admin; Wagtail reads ``base_form_class`` only when it builds
    an editor's form, after ``ready()``. A site's subclass inherits the form; one that sets its
    own ``base_form_class`` should subclass the form given here (docs/integration.md).
    """
    ActivityPage.base_form_class = ActivityPageForm
    CallToActionPage.base_form_class = CallToActionPageForm
    TestimonialPage.base_form_class = IcssiPageForm
    ActivityRegistrationPage.base_form_class = IcssiPageForm
