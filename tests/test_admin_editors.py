"""What an editor sees and can do in the admin (issue 19, editors' items): the time zone
select, themes as checkboxes, the organisers' inline and chooser, quiet autosaves, the
attendance choice, the activities' listing and the dashboard panel."""

import datetime
import json
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from icssi_wagtail.models import ActivityPage, Organisation

from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    translate_theme,
)


def editor_widgets(response):
    """``{field name: widget HTML}`` from the editor's panels, which Wagtail 7 sends as JSON."""
    html = response.content.decode()
    data = re.search(r'<script id="w-edit-handler-data"[^>]*>(.*?)</script>', html, re.S)
    widgets = {}

    def walk(node):
        if isinstance(node, dict):
            if "fieldName" in node and isinstance(node.get("widget"), dict):
                args = node["widget"].get("_args") or [""]
                widgets[node["fieldName"]] = args[0] if isinstance(args[0], str) else ""
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(data.group(1)))
    return widgets


def activity_data(**overrides):
    data = {
        "title": "Water and war: Iraqi rivers",
        "slug": "water-and-war",
        "summary": "A workshop on the Tigris and the Euphrates.",
        "organisers": inline_formset([]),
        "hide_organisers": "",
        "body": streamfield([]),
        "start_date": "2025-03-24",
        "start_time": "10:00",
        "end_date": "",
        "end_time": "12:00",
        "time_zone": "Asia/Baghdad",
        "attendance_mode": "parallel",
        "venue": "",
        "city": "Baghdad",
        "country": "IQ",
        "online_url": "",
        "languages": ["ar", "en"],
        "interpretation_languages": [],
        "registration_url": "",
        "status": "scheduled",
        "comments": inline_formset([]),
    }
    data.update(overrides)
    # Multiple choices stay lists (nested_form_data would number them like a formset's).
    lists = {name: data.pop(name) for name in list(data) if isinstance(data[name], list)}
    return {**nested_form_data(data), **lists}


class EditorTestCase(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water", sort_order=2)
        cls.women = make_theme("Women's rights", slug="women", sort_order=1)
        cls.forum = make_organisation("Iraqi Social Forum", acronym="ISF")
        cls.pdap = make_organisation("PDAP", country="BD")
        cls.index = make_activity_index()

    def setUp(self):
        self.user = self.login()

    def add_url(self, parent=None):
        parent = parent or self.index
        return reverse("wagtailadmin_pages:add", args=("icssi_wagtail", "activitypage", parent.pk))


class TimeZoneTests(EditorTestCase):
    def test_the_editor_offers_readable_time_zones_grouped_by_region(self):
        widget = editor_widgets(self.client.get(self.add_url()))["time_zone"]
        self.assertIn("<select", widget)
        self.assertIn('<optgroup label="Asia">', widget)
        self.assertRegex(widget, r'<option value="Asia/Baghdad">Baghdad \(UTC\+03:00\)</option>')
        self.assertRegex(widget, r'value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires')
        self.assertNotIn('value="US/Eastern"', widget)  # an old alias, not offered

    def test_a_new_activity_takes_the_time_zone_and_date_of_its_forum(self):
        forum = make_call_to_action(
            time_zone="Asia/Baghdad", start_date=datetime.date(2025, 5, 2), end_date=None
        )
        index = make_activity_index(parent=forum)
        form = self.client.get(self.add_url(index)).context["form"]
        self.assertEqual(form["time_zone"].value(), "Asia/Baghdad")
        self.assertEqual(form["start_date"].value(), datetime.date(2025, 5, 2))

    def test_a_new_activity_takes_the_time_zone_of_the_activity_before_it(self):
        make_activity(self.index, time_zone="Africa/Tunis")
        form = self.client.get(self.add_url()).context["form"]
        self.assertEqual(form["time_zone"].value(), "Africa/Tunis")

    @override_settings(ICSSI_WAGTAIL={"DEFAULT_TIME_ZONE": "Asia/Baghdad"})
    def test_otherwise_the_default_time_zone_setting(self):
        form = self.client.get(self.add_url()).context["form"]
        self.assertEqual(form["time_zone"].value(), "Asia/Baghdad")
        self.assertIsNotNone(form["start_date"].value())

    def test_an_unknown_time_zone_is_rejected_with_a_clear_message(self):
        response = self.client.post(
            self.add_url(), activity_data(time_zone="Mars/Olympus", **{"action-publish": "1"})
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["time_zone"],
            ["“Mars/Olympus” is not a known time zone. Use a name such as Asia/Baghdad."],
        )

    def test_a_stored_old_alias_stays_selected(self):
        page = make_activity(self.index, time_zone="US/Eastern")
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        self.assertIn('value="US/Eastern"', editor_widgets(response)["time_zone"])
        self.assertEqual(response.context["form"]["time_zone"].value(), "US/Eastern")


class ThemeCheckboxTests(EditorTestCase):
    def test_themes_are_checkboxes_in_their_order(self):
        widget = editor_widgets(self.client.get(self.add_url()))["themes"]
        self.assertIn('type="checkbox"', widget)
        self.assertNotIn("double quotes", widget)
        self.assertLess(widget.index("Women&#x27;s rights"), widget.index("Water and armed"))

    def test_themes_are_labelled_in_the_page_language(self):
        arabic = Locale.objects.create(language_code="ar")
        translate_theme(self.water, arabic, "المياه والنزاعات المسلحة")
        index = self.index.copy_for_translation(arabic, copy_parents=True)
        index.save_revision().publish()
        widget = editor_widgets(self.client.get(self.add_url(index)))["themes"]
        self.assertIn("المياه والنزاعات المسلحة", widget)
        self.assertIn(f'value="{self.water.pk}"', widget)  # the canonical row, as taggit keeps

    def test_ticked_themes_tag_the_page_and_typed_names_are_refused(self):
        data = activity_data(themes=[self.water.pk, self.women.pk], **{"action-publish": "1"})
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 302)
        page = ActivityPage.objects.get(slug="water-and-war")
        self.assertEqual({theme.slug for theme in page.themes.all()}, {"water", "women"})
        data = activity_data(slug="other", themes=["A brand new theme"])
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertIn("themes", response.context["form"].errors)
        self.assertFalse(ActivityPage.objects.filter(slug="other").exists())

    def test_only_those_who_may_add_themes_get_a_link_to_add_one(self):
        form_class = ActivityPage.get_edit_handler().get_form_class()
        user = get_user_model().objects.create_user("editor", "e@example.org", "password")
        page = ActivityPage(locale=Locale.get_default())
        help_text = str(form_class(instance=page, for_user=user).fields["themes"].help_text)
        self.assertNotIn("<a ", help_text)
        user.user_permissions.add(Permission.objects.get(codename="add_theme"))
        user = get_user_model().objects.get(pk=user.pk)
        help_text = str(form_class(instance=page, for_user=user).fields["themes"].help_text)
        self.assertIn(reverse("wagtailsnippets_icssi_wagtail_theme:add"), help_text)


class OrganiserInlineTests(EditorTestCase):
    def test_no_empty_row_and_singular_labels(self):
        response = self.client.get(self.add_url())
        self.assertContains(response, 'name="organisers-TOTAL_FORMS" value="0"')
        self.assertContains(response, 'name="organisers-MIN_NUM_FORMS" value="0"')
        html = re.sub(r"\s+", " ", response.content.decode())
        self.assertIn("Add organiser", html)
        self.assertRegex(html, r"data-panel-heading-text> Organiser<span data-inline-panel-child")
        self.assertNotIn("Organisers 1", html)

    def test_an_activity_with_two_organisers_two_themes_in_baghdad(self):
        organisers = inline_formset(
            [{"organisation": self.forum.pk}, {"organisation": self.pdap.pk}]
        )
        data = activity_data(
            organisers=organisers,
            themes=[self.water.pk, self.women.pk],
            **{"action-publish": "1"},
        )
        self.assertEqual(self.client.post(self.add_url(), data).status_code, 302)
        page = ActivityPage.objects.get(slug="water-and-war")
        self.assertEqual(page.organisations, [self.forum, self.pdap])
        self.assertEqual(page.starts_at, datetime.datetime(2025, 3, 24, 7, tzinfo=datetime.UTC))

    def test_the_chooser_creates_an_organisation(self):
        url = reverse("wagtailsnippetchoosers_icssi_wagtail_organisation:create")
        chooser = self.client.get(
            reverse("wagtailsnippetchoosers_icssi_wagtail_organisation:choose")
        )
        self.assertContains(chooser, "Create an organisation")
        data = {
            "name": "Tammuz",
            "acronym": "",
            "relationship": "forum_member",
            "country": "IQ",
            "city": "Baghdad",
            "website": "",
        }
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["step"], "chosen")
        created = Organisation.objects.get(name="Tammuz")
        self.assertEqual(created.locale, Locale.get_default())

    def test_the_chooser_reports_invalid_input_without_failing(self):
        url = reverse("wagtailsnippetchoosers_icssi_wagtail_organisation:create")
        for data in (
            {},
            {"name": "", "relationship": "forum_member"},
            {"name": "Evil\x00", "relationship": "nope", "website": "javascript:alert(1)"},
            {"name": "x" * 1000, "relationship": "other", "country": "ZZ"},
        ):
            with self.subTest(data=data):
                response = self.client.post(url, data)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.json()["step"], "reshow_creation_form")
        self.assertEqual(Organisation.objects.count(), 2)


class QuietAutosaveTests(EditorTestCase):
    def autosave(self, data):
        return self.client.post(self.add_url(), data, HTTP_ACCEPT="application/json")

    def test_autosaving_a_new_page_from_its_first_fields_succeeds(self):
        # The form as the editor has it after typing a title: every other field as the page
        # started (its date and time zone from the defaults, nothing else filled in).
        form = self.client.get(self.add_url()).context["form"]
        data = activity_data(
            title="Water",
            slug="water",
            summary="",
            start_date=str(form["start_date"].value()),
            start_time="",
            end_time="",
            time_zone=form["time_zone"].value(),
            attendance_mode=form["attendance_mode"].value(),
            city="",
            country="",
            languages=[],
        )
        response = self.autosave(data)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(response.json()["success"])

    def test_an_organiser_row_not_chosen_yet_does_not_stop_autosave(self):
        # The editor clicked "Add organiser" and autosave ran before they chose one.
        organisers = inline_formset([{"organisation": self.forum.pk}, {"organisation": ""}])
        response = self.autosave(activity_data(organisers=organisers))
        self.assertEqual(response.status_code, 200, response.content)
        self.assertTrue(response.json()["success"])
        page = ActivityPage.objects.get(slug="water-and-war")
        latest = page.get_latest_revision_as_object()
        self.assertEqual([row.organisation for row in latest.organisers.all()], [self.forum])

    def test_an_unchosen_row_counted_as_initial_by_an_earlier_autosave_is_left_out(self):
        # An autosave left the empty row out; the editor's form counts it among the initial
        # rows since, and posts it without an id (seen under load in test_editorial_flow).
        organisers = inline_formset([{"organisation": "", "id": ""}], initial=1)
        response = self.autosave(activity_data(organisers=organisers))
        self.assertEqual(response.status_code, 200, response.content)
        page = ActivityPage.objects.get(slug="water-and-war")
        self.assertEqual(list(page.get_latest_revision_as_object().organisers.all()), [])

    def test_the_page_editor_loads_the_script_that_keeps_autosave_quiet(self):
        # page_editor.js: a submission waits for the autosave under way, and autosave waits
        # for a title (tests/browser/test_editorial_flow.py shows it in a browser).
        for url in (self.add_url(), reverse("wagtailadmin_pages:edit", args=[self.index.pk])):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "icssi_wagtail/page_editor.js")

    def test_previewing_a_partial_page_answers_without_an_error_status(self):
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=("icssi_wagtail", "activitypage", self.index.pk),
        )
        response = self.client.post(url, activity_data(summary="", start_date=""))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["is_valid"], False)

    def test_the_preview_of_an_index_not_saved_yet_renders(self):
        from wagtail.models import Site

        home = Site.objects.get(is_default_site=True).root_page
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=("icssi_wagtail", "activityindexpage", home.pk),
        )
        intro = '{"blocks": [{"key": "a", "type": "unstyled", "text": "New", "depth": 0, '
        intro += '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}'
        data = {"title": "New activities", "slug": "new-activities", "intro": intro}
        self.assertEqual(self.client.post(url, data).json()["is_valid"], True)
        response = self.client.get(url)
        self.assertContains(response, "0 activities")

    def test_the_preview_of_a_page_not_saved_yet_renders(self):
        url = reverse(
            "wagtailadmin_pages:preview_on_add",
            args=("icssi_wagtail", "activitypage", self.index.pk),
        )
        self.assertEqual(self.client.post(url, activity_data()).json()["is_valid"], True)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<link rel="canonical"')  # its head too
        self.assertNotContains(response, "hreflang")  # no translation is live


class AttendanceTests(EditorTestCase):
    def test_a_new_activity_has_no_attendance_chosen(self):
        response = self.client.get(self.add_url())
        self.assertEqual(response.context["form"]["attendance_mode"].value(), "")
        widget = editor_widgets(response)["attendance_mode"]
        self.assertIn('<option value="" selected>Choose how people take part</option>', widget)

    def test_publishing_asks_for_the_attendance(self):
        data = activity_data(attendance_mode="", **{"action-publish": "1"})
        response = self.client.post(self.add_url(), data)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["form"].errors["attendance_mode"],
            ["Choose how people take part in the activity."],
        )

    def test_an_existing_activity_keeps_its_attendance(self):
        page = make_activity(self.index, attendance_mode="online")
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        self.assertEqual(response.context["form"]["attendance_mode"].value(), "online")


class ActivityListingTests(EditorTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.rivers = make_activity(
            cls.index,
            title="Rivers",
            themes=[cls.water],
            organisations=[cls.forum],
            start_date=datetime.date(2025, 3, 24),
        )
        cls.women_day = make_activity(
            cls.index,
            title="Women's day",
            themes=[cls.women],
            organisations=[cls.pdap],
            start_date=datetime.date(2026, 3, 8),
            status="cancelled",
        )

    def titles(self, query):
        response = self.client.get(reverse("icssi_activities:index"), query)
        self.assertEqual(response.status_code, 200)
        return sorted(page.title for page in response.context["pages"])

    def test_filters(self):
        self.assertEqual(self.titles({}), ["Rivers", "Women's day"])
        self.assertEqual(self.titles({"theme": self.water.pk}), ["Rivers"])
        self.assertEqual(self.titles({"activity_status": "cancelled"}), ["Women's day"])
        self.assertEqual(self.titles({"organisation": self.forum.pk}), ["Rivers"])
        self.assertEqual(self.titles({"start_date_from": "2026-01-01"}), ["Women's day"])

    def test_the_listing_is_in_the_icssi_menu(self):
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, reverse("icssi_activities:index"))


class DashboardTests(EditorTestCase):
    def test_the_panel_lists_this_weeks_activities_translations_and_consents(self):
        today = timezone.localdate()
        make_activity(self.index, title="Starting this week", start_date=today)
        make_activity(self.index, title="Next year", start_date=today.replace(year=today.year + 1))
        # A translation only waits once a translator marks it ready for review
        # (tests/test_translation_review.py); a draft copy is not waiting.
        arabic = Locale.objects.create(language_code="ar")
        self.index.copy_for_translation(arabic, copy_parents=True).save_revision()
        testimonials = make_testimonial_index()
        from wagtail.images.tests.utils import Image, get_test_image_file

        photo = Image.objects.create(title="Portrait", file=get_test_image_file())
        make_testimonial(testimonials, title="Without consent", photo=photo)
        response = self.client.get(reverse("wagtailadmin_home"))
        self.assertContains(response, "Starting this week")
        self.assertNotContains(response, "Next year")
        self.assertContains(response, "Translations waiting for review")
        self.assertContains(response, "No translation is waiting.")
        self.assertContains(response, "Without consent")
        self.assertContains(response, "no consent recorded, the photo is not shown")


class DuplicatePhotoUploadTests(EditorTestCase):
    def test_the_duplicate_step_keeps_the_chooser_tabs_working(self):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from wagtail.images.tests.utils import get_test_image_file

        content = get_test_image_file().file.getvalue()
        url = reverse("wagtailimages_chooser:create")
        for title in ("Portrait", "Portrait again"):
            data = {
                "image-chooser-upload-title": title,
                "image-chooser-upload-file": SimpleUploadedFile("portrait.png", content),
                "image-chooser-upload-tags": "",
            }
            response = self.client.post(url, data)
        answer = response.json()
        self.assertEqual(answer["step"], "duplicate_found")
        # The step replaces the upload tab's panel: it must stay a panel of the tabs, or the
        # tabs controller throws "Cannot find matching a matching panel for the trigger/tab".
        self.assertRegex(answer["htmlFragment"], r'id="tab-upload"[^>]*data-w-tabs-target="panel"')


class CallToActionFormTests(TestCase):
    """The call to action's editor: themes as checkboxes, the forum's time zone by default."""

    def test_themes_are_checkboxes_and_a_new_page_starts_in_the_default_zone(self):
        from icssi_wagtail.admin.forms import CallToActionPageForm, ThemeChoiceField
        from icssi_wagtail.models import CallToActionPage

        form_class = CallToActionPage.get_edit_handler().get_form_class()
        self.assertTrue(issubclass(form_class, CallToActionPageForm))
        home = Page.objects.get(depth=2)
        with override_settings(ICSSI_WAGTAIL={"DEFAULT_TIME_ZONE": "Asia/Baghdad"}):
            form = form_class(instance=CallToActionPage(), parent_page=home, for_user=None)
            self.assertIsInstance(form.fields["themes"], ThemeChoiceField)
            self.assertEqual(form.initial["time_zone"], "Asia/Baghdad")
            self.assertIn("whose activities this page shows", str(form.fields["themes"].help_text))
