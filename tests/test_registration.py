"""Organisations register their own activities (icssi_wagtail.registration, docs/registration.md).

The form and the JSON endpoint create a draft activity and start Wagtail's moderation
workflow; the submitter gets e-mails; nothing is public before a moderator publishes; the
contact appears in no public output; abuse is refused with a message for every error.
"""

import datetime
import importlib.util
import io
import json
import runpy
import unittest
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Locale, Page, WorkflowState

from icssi_wagtail.models import (
    ActivityPage,
    ActivityRegistration,
    ActivityRegistrationPage,
    Organisation,
)
from icssi_wagtail.models.registration import REFERENCE_PATTERN

from .test_hostile_input import (
    BAD_URLS,
    BIDI,
    BIDI_MESSAGE,
    CONTROL_MESSAGE,
    LONG,
    MARKUP,
    NUL,
    URL_MESSAGE,
    audit_page,
)
from .utils import (
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_theme,
    publish,
    sitemap_text,
)

START = datetime.date(2025, 3, 24)  # four days after tests.clock.NOW
CONTACT_EMAIL = "zq-private-contact-7731@example.org"
CONTACT_NAME = "Zyxwv Qoppa-Private"
needs_grapple = importlib.util.find_spec("grapple") is not None


def ensure_moderation_workflow():
    """Wagtail's "Moderators approval" workflow on the root page, as its data migration
    makes it (a flushed database has lost it)."""
    from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

    workflow, _created = Workflow.objects.get_or_create(name="Moderators approval")
    moderators, _created = Group.objects.get_or_create(name="Moderators")
    task, _created = GroupApprovalTask.objects.get_or_create(name="Moderators approval")
    task.groups.add(moderators)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(
        page=Page.get_first_root_node(), defaults={"workflow": workflow}
    )
    return moderators


def make_registration_page(parent, index, **kwargs):
    kwargs.setdefault("title", "Register your activity")
    kwargs.setdefault("slug", "register")
    kwargs.setdefault("charter_url", "https://example.org/charter-of-principles")
    return publish(parent, ActivityRegistrationPage(activity_index=index, **kwargs))


def valid_data(**overrides):
    data = {
        "organisation": "",
        "new_organisation_name": "Iraqi Water Keepers",
        "new_organisation_country": "IQ",
        "new_organisation_website": "https://water.example.org",
        "title": "Saving the Tigris",
        "summary": "A workshop on the rivers of Mesopotamia.",
        "description": "First paragraph.\n\nSecond paragraph <b>with markup</b>.",
        "themes": ["water"],
        "start_date": START.isoformat(),
        "start_time": "10:00",
        "end_date": "",
        "end_time": "12:00",
        "time_zone": "Africa/Tunis",
        "attendance_mode": "in_person",
        "venue": "El Manar campus",
        "city": "Tunis",
        "country": "TN",
        "online_url": "",
        "other_co_organisers": "Friends of the Marshes",
        "languages": ["ar", "en"],
        "contact_name": CONTACT_NAME,
        "contact_email": CONTACT_EMAIL,
        "charter": "on",
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


DEMO_URLS = Path(__file__).resolve().parent.parent / "demo" / "demo_site" / "urls.py"


class RegistrationTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.moderators = ensure_moderation_workflow()
        User = get_user_model()
        cls.moderator = User.objects.create_superuser(
            "moderator", "moderator@example.org", "password"
        )
        cls.water = make_theme("Water", slug="water")
        cls.known = make_organisation("Known Forum Member")
        cls.call = make_call_to_action()
        cls.index = make_activity_index(cls.call)
        cls.page = make_registration_page(cls.call, cls.index)

    def post(self, data=None, **extra):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(self.page.url, data or valid_data(), **extra)

    def post_json(self, data, **extra):
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                "/api/v2/activity-registrations/",
                json.dumps(data),
                content_type="application/json",
                **extra,
            )

    def approve(self, activity):
        activity.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):
            activity.current_workflow_task_state.approve(user=self.moderator)
        activity.refresh_from_db()
        return activity

    def registered(self):
        registration = ActivityRegistration.objects.get()
        return registration, ActivityPage.objects.get(pk=registration.page_id)


class FormTests(RegistrationTestCase):
    def test_the_form_renders_with_its_charter_link_and_is_never_kept(self):
        response = self.client.get(self.page.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'href="https://example.org/charter-of-principles"')
        self.assertContains(response, "csrfmiddlewaretoken")
        self.assertContains(response, 'value="water"')  # themes from the controlled list
        self.assertContains(response, "Known Forum Member")
        self.assertContains(response, '<option value="UTC" selected>')  # DEFAULT_TIME_ZONE
        self.assertIn("no-cache", response["Cache-Control"])

    @override_settings(ICSSI_WAGTAIL={"DEFAULT_TIME_ZONE": "Asia/Baghdad"})
    def test_the_time_zone_defaults_to_the_setting(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, 'value="Asia/Baghdad" selected')

    def test_a_registration_creates_a_draft_and_starts_moderation(self):
        response = self.post()
        registration, activity = self.registered()
        self.assertRegex(registration.reference, REFERENCE_PATTERN)
        self.assertRedirects(response, f"{self.page.url}thanks/?reference={registration.reference}")
        thanks = self.client.get(response["Location"])
        self.assertContains(thanks, registration.reference)
        self.assertFalse(activity.live)
        self.assertEqual(activity.get_parent().pk, self.index.pk)
        self.assertEqual(activity.locale, Locale.get_default())
        self.assertEqual(activity.title, "Saving the Tigris")
        self.assertEqual([theme.slug for theme in activity.themes.all()], ["water"])
        self.assertEqual(activity.languages, ["ar", "en"])
        self.assertEqual(str(activity.local_start), "2025-03-24 10:00:00+01:00")
        body = str(activity.body)
        self.assertIn("Second paragraph &lt;b&gt;with markup&lt;/b&gt;.", body)
        self.assertIn("Co-organisers: Friends of the Marshes", body)
        organisation = activity.organisers.get().organisation
        self.assertTrue(organisation.awaiting_review)
        self.assertEqual(organisation.website, "https://water.example.org")
        state = WorkflowState.objects.get(object_id=str(activity.pk))
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        # Nothing is public before a moderator publishes.
        self.assertEqual(self.client.get(activity.url or "/x/").status_code, 404)
        self.assertFalse(ActivityPage.objects.live().filter(pk=activity.pk).exists())

    def test_moderators_are_notified_and_the_submitter_confirmed(self):
        self.post()
        registration, activity = self.registered()
        to_submitter = [message for message in mail.outbox if message.to == [CONTACT_EMAIL]]
        to_moderator = [message for message in mail.outbox if "moderator@example.org" in message.to]
        self.assertEqual(len(to_submitter), 1)
        self.assertIn(registration.reference, to_submitter[0].subject)
        self.assertIn(registration.reference, to_submitter[0].body)
        self.assertIn("Saving the Tigris", to_submitter[0].body)
        self.assertTrue(to_moderator, "Wagtail notifies the moderators")
        self.assertTrue(any("Saving the Tigris" in message.body for message in to_moderator))

    def test_publishing_tells_the_submitter_and_reviews_the_organisation(self):
        self.post()
        registration, activity = self.registered()
        mail.outbox.clear()
        activity = self.approve(activity)
        self.assertTrue(activity.live)
        registration.refresh_from_db()
        self.assertEqual(registration.decision, "published")
        self.assertIsNotNone(registration.decided_at)
        self.assertFalse(activity.organisers.get().organisation.awaiting_review)
        published = [message for message in mail.outbox if message.to == [CONTACT_EMAIL]]
        self.assertEqual(len(published), 1)
        self.assertIn(activity.get_full_url(), published[0].body)
        self.assertEqual(self.client.get(activity.url).status_code, 200)

    def test_declining_tells_the_submitter(self):
        self.post()
        registration, activity = self.registered()
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            activity.current_workflow_task_state.reject(user=self.moderator)
        registration.refresh_from_db()
        self.assertEqual(registration.decision, "declined")
        declined = [message for message in mail.outbox if message.to == [CONTACT_EMAIL]]
        self.assertEqual(len(declined), 1)
        self.assertIn("not accepted", declined[0].subject)
        activity.refresh_from_db()
        self.assertFalse(activity.live)

    def test_a_known_organisation_and_co_organisers(self):
        other = make_organisation("Second Member")
        self.post(
            valid_data(
                organisation=str(self.known.pk),
                new_organisation_name="",
                co_organisers=[str(other.pk)],
            )
        )
        _registration, activity = self.registered()
        names = [link.organisation.name for link in activity.organisers.order_by("sort_order")]
        self.assertEqual(names, ["Known Forum Member", "Second Member"])
        self.assertEqual(Organisation.objects.filter(awaiting_review=True).count(), 0)

    def test_without_an_index_the_page_takes_no_registrations(self):
        ActivityRegistrationPage.objects.filter(pk=self.page.pk).update(activity_index=None)
        response = self.post()
        self.assertContains(response, "This form does not take registrations at the moment.")
        self.assertNotContains(response, '<form class="icssi-registration-form"')
        self.assertFalse(ActivityRegistration.objects.exists())

    def test_without_a_workflow_the_draft_waits_unannounced(self):
        from wagtail.models import WorkflowPage

        WorkflowPage.objects.all().delete()
        with self.assertLogs("icssi_wagtail.registration.moderation", "WARNING"):
            self.assertEqual(self.post().status_code, 302)
        _registration, activity = self.registered()
        self.assertFalse(activity.live)
        self.assertFalse(WorkflowState.objects.exists())

    def test_the_submission_costs_a_bounded_number_of_queries(self):
        self.client.get(self.page.url)  # the session and caches warm
        with CaptureQueriesContext(connection) as first:
            self.post()
        for number in range(20):
            make_organisation(f"Member {number}")
            make_theme(f"Theme {number}", slug=f"theme-{number}")
        with CaptureQueriesContext(connection) as second:
            self.post(valid_data(title="Second", contact_email="second@example.org"))
        # Measured on SQLite: see docs/registration.md ("What a submission costs").
        self.assertLess(len(first), 170, len(first))
        self.assertLessEqual(len(second), len(first))  # whatever the organisations and themes


class ErrorTests(RegistrationTestCase):
    def assert_refused(self, response, *messages, status=400):
        self.assertEqual(response.status_code, status)
        for message in messages:
            self.assertContains(response, message, status_code=status)
        self.assertFalse(ActivityRegistration.objects.exists())
        self.assertFalse(ActivityPage.objects.filter(title="Saving the Tigris").exists())

    def test_nothing_typed_is_lost_when_the_form_comes_back(self):
        response = self.post(valid_data(charter=None))
        self.assert_refused(response, "Agree with the charter of principles to register.")
        for value in ("Saving the Tigris", "A workshop on the rivers", "El Manar campus"):
            self.assertContains(response, value, status_code=400)
        self.assertContains(response, CONTACT_EMAIL, status_code=400)
        self.assertRegex(response.content.decode(), r'value="water"[^>]*checked')
        self.assertContains(response, 'value="Africa/Tunis" selected', status_code=400)

    def test_every_required_field_says_what_is_missing(self):
        response = self.post({"charter": ""})
        self.assert_refused(
            response,
            "Choose your organisation, or give the name of a new one.",
            "Choose how people take part in the activity.",
            "This field is required.",
        )

    def test_a_known_and_a_new_organisation_at_once(self):
        response = self.post(valid_data(organisation=str(self.known.pk)))
        self.assert_refused(response, "Choose your organisation in the list or give a new one")

    def test_the_end_before_the_start(self):
        response = self.post(valid_data(end_date="2025-03-20"))
        self.assert_refused(response, "The end date must not be before the start date.")

    def test_the_honeypot(self):
        response = self.post(valid_data(homepage="https://spam.example"))
        self.assert_refused(response, "Leave this field empty.")
        self.assertEqual(mail.outbox, [])

    def test_csrf(self):
        client = Client(enforce_csrf_checks=True)
        self.assertEqual(client.post(self.page.url, valid_data()).status_code, 403)
        token = client.get(self.page.url).cookies["csrftoken"].value
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(self.page.url, {**valid_data(), "csrfmiddlewaretoken": token})
        self.assertEqual(response.status_code, 302)

    @override_settings(ICSSI_WAGTAIL={"REGISTRATION_RATE_LIMITS": {"address": (2, 60)}})
    def test_rate_limit_per_address(self):
        for number in range(2):
            email = f"someone{number}@example.org"
            self.assertEqual(self.post(valid_data(contact_email=email)).status_code, 302)
        response = self.post(valid_data(contact_email="third@example.org"))
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "too many registrations", status_code=429)
        self.assertContains(response, "third@example.org", status_code=429)
        other = self.post(valid_data(contact_email="fourth@example.org"), REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other.status_code, 302)

    @override_settings(ICSSI_WAGTAIL={"REGISTRATION_RATE_LIMITS": {"email": (1, 60)}})
    def test_rate_limit_per_email(self):
        self.assertEqual(self.post(REMOTE_ADDR="10.0.0.1").status_code, 302)
        response = self.post(
            valid_data(contact_email=CONTACT_EMAIL.upper()), REMOTE_ADDR="10.0.0.2"
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(ActivityRegistration.objects.count(), 1)

    def test_every_field_has_a_maximum_length(self):
        fields = ["new_organisation_name", "title", "summary", "description", "venue", "city"]
        fields += ["other_co_organisers", "contact_name", "homepage"]
        for name in fields:
            with self.subTest(name):
                response = self.post(valid_data(**{name: LONG}))
                self.assert_refused(response, "Ensure this value has at most")
        too_many = valid_data(languages=["ar", "en", "fr", "it", "de", "es", "ru", "tr", "fa"])
        too_many["languages"] += ["nl", "ckb"]
        self.assert_refused(self.post(too_many), "Choose at most 10.")
        self.assert_refused(
            self.post(valid_data(contact_email="a" * 250 + "@example.org")),
            "Ensure this value has at most 254 characters",
        )

    def test_hostile_lines_are_refused_with_a_message(self):
        for name in ("title", "new_organisation_name", "contact_name", "city"):
            with self.subTest(name):
                self.assert_refused(self.post(valid_data(**{name: NUL})), CONTROL_MESSAGE)
                for value in BIDI.values():
                    self.assert_refused(self.post(valid_data(**{name: value})), BIDI_MESSAGE)
        self.assert_refused(self.post(valid_data(summary=NUL)), CONTROL_MESSAGE)

    def test_hostile_addresses_are_refused_with_a_message(self):
        for url in BAD_URLS:
            for name in ("new_organisation_website", "online_url"):
                with self.subTest(name=name, url=url):
                    self.assert_refused(self.post(valid_data(**{name: url})), URL_MESSAGE)

    def test_hostile_markup_is_shown_as_text_once_published(self):
        markup = " ".join(MARKUP.values())
        self.post(
            valid_data(
                title=f"Title {MARKUP['breakout']}",
                summary=f"Summary {markup}",
                description=f"Description {markup}",
                new_organisation_name=f"Org {MARKUP['html']}",
                other_co_organisers=MARKUP["script"],
                contact_name=f"Name {MARKUP['script']}",
            )
        )
        _registration, activity = self.registered()
        activity = self.approve(activity)
        audit = audit_page(self, activity.url)
        self.assertIn(MARKUP["breakout"], audit.text)
        audit_page(self, self.index.url)
        mail.outbox.clear()


class APITests(RegistrationTestCase):
    def json_data(self, **overrides):
        data = valid_data(**overrides)
        data.pop("organisation")
        data["charter"] = overrides.get("charter", True)
        return data

    def test_a_registration_as_json(self):
        response = self.post_json(self.json_data())
        self.assertEqual(response.status_code, 201, response.content)
        answer = response.json()
        registration, activity = self.registered()
        self.assertEqual(answer["reference"], registration.reference)
        self.assertEqual(answer["status"], "pending")
        self.assertEqual(registration.channel, "api")
        self.assertFalse(activity.live)
        self.assertEqual(activity.get_parent().pk, self.index.pk)
        self.assertEqual(
            [message.to for message in mail.outbox if message.to == [CONTACT_EMAIL]],
            [[CONTACT_EMAIL]],
        )
        self.assertIn("no-cache", response["Cache-Control"])
        self.approve(activity)
        detail = self.client.get(f"/api/v2/activities/{activity.pk}/").json()
        self.assertEqual(detail["title"], "Saving the Tigris")

    def test_the_page_may_be_named(self):
        response = self.post_json({**self.json_data(), "page": self.page.pk})
        self.assertEqual(response.status_code, 201)
        response = self.post_json({**self.json_data(), "page": 999_999})
        self.assertEqual(response.json()["parameter"], "page")

    def test_errors_have_the_api_shape(self):
        response = self.post_json(self.json_data(title="", charter=False))
        self.assertEqual(response.status_code, 400)
        answer = response.json()
        self.assertEqual(answer["parameter"], "title")
        self.assertEqual(answer["message"], "title: This field is required.")
        self.assertEqual(
            answer["errors"]["charter"], ["Agree with the charter of principles to register."]
        )
        self.assertFalse(ActivityRegistration.objects.exists())

    def test_malformed_requests(self):
        cases = [
            ({"nope": 1}, 400, "nope"),
            ({**self.json_data(), "title": ["a"]}, 400, "title"),
            ({**self.json_data(), "themes": "water"}, 400, "themes"),
            ({**self.json_data(), "charter": "yes"}, 400, "charter"),
            ([1, 2], 400, None),
        ]
        for data, status, parameter in cases:
            with self.subTest(data=data):
                response = self.post_json(data)
                self.assertEqual(response.status_code, status)
                self.assertEqual(response.json()["parameter"], parameter)
        form = self.client.post("/api/v2/activity-registrations/", self.json_data())
        self.assertEqual(form.status_code, 415)
        self.assertEqual(self.client.get("/api/v2/activity-registrations/").status_code, 405)
        broken = self.client.post(
            "/api/v2/activity-registrations/", "{", content_type="application/json"
        )
        self.assertEqual(broken.status_code, 400)

    def test_hostile_input_and_honeypot(self):
        for overrides, message in [
            ({"title": NUL}, CONTROL_MESSAGE),
            ({"online_url": BAD_URLS[0]}, URL_MESSAGE),
            ({"summary": LONG}, "Ensure this value has at most 500 characters"),
            ({"homepage": "x"}, "Leave this field empty."),
        ]:
            with self.subTest(overrides=overrides):
                response = self.post_json(self.json_data(**overrides))
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.json()["message"])
        self.assertFalse(ActivityRegistration.objects.exists())

    @override_settings(ICSSI_WAGTAIL={"REGISTRATION_RATE_LIMITS": {"address": (1, 60)}})
    def test_the_rate_limit_is_shared_with_the_page(self):
        self.assertEqual(self.post().status_code, 302)
        response = self.post_json(self.json_data(contact_email="other@example.org"))
        self.assertEqual(response.status_code, 429)
        self.assertIsNone(response.json()["parameter"])

    @unittest.skipUnless(DEMO_URLS.is_file(), "the demo project is not in the wheel's test run")
    def test_the_demo_takes_registrations_as_json(self):
        router = runpy.run_path(str(DEMO_URLS))["api_router"]
        self.assertIn("activity-registrations", router._endpoints)

    @override_settings(
        CORS_ALLOWED_ORIGINS=["https://front.example"],
        CORS_ALLOW_METHODS=("GET", "HEAD", "OPTIONS", "POST"),
    )
    def test_cross_origin_where_the_site_allows_it(self):
        preflight = self.client.options(
            "/api/v2/activity-registrations/",
            HTTP_ORIGIN="https://front.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="content-type",
        )
        self.assertEqual(preflight["Access-Control-Allow-Origin"], "https://front.example")
        self.assertIn("POST", preflight["Access-Control-Allow-Methods"])
        response = self.post_json(self.json_data(), HTTP_ORIGIN="https://front.example")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response["Access-Control-Allow-Origin"], "https://front.example")
        other = self.post_json(
            self.json_data(contact_email="x@example.org"), HTTP_ORIGIN="https://evil.example"
        )
        self.assertNotIn("Access-Control-Allow-Origin", other)


class ArabicTests(RegistrationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.arabic = Locale.objects.get_or_create(language_code="ar")[0]
        call = cls.call.copy_for_translation(cls.arabic, copy_parents=True)
        call.save_revision().publish()
        index = cls.index.copy_for_translation(cls.arabic)
        index.save_revision().publish()
        cls.arabic_index = index
        page = cls.page.copy_for_translation(cls.arabic)
        page.save_revision().publish()
        cls.arabic_page = ActivityRegistrationPage.objects.get(pk=page.pk)

    def test_the_arabic_form_is_right_to_left_and_registers_in_arabic(self):
        response = self.client.get(self.arabic_page.url)
        self.assertContains(response, '<html lang="ar" dir="rtl">')
        self.assertContains(response, '<option value="IQ">العراق</option>', count=2)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                self.arabic_page.url, valid_data(title="إنقاذ دجلة", contact_email="ar@example.org")
            )
        self.assertEqual(response.status_code, 302)
        registration, activity = self.registered()
        self.assertEqual(registration.language, "ar")
        self.assertEqual(activity.locale, self.arabic)
        self.assertEqual(activity.get_parent().pk, self.arabic_index.pk)
        self.assertEqual(activity.organisers.get().organisation.locale, self.arabic)

    def test_the_api_takes_the_language_of_the_request(self):
        data = APITests.json_data(self, title="إنقاذ دجلة")
        response = self.post_json({**data, "start_date": "nope"}, HTTP_ACCEPT_LANGUAGE="ar")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response["Content-Type"], "application/json")
        response = self.post_json(data, HTTP_ACCEPT_LANGUAGE="ar")
        self.assertEqual(response.status_code, 201)
        registration, activity = self.registered()
        self.assertEqual((registration.language, activity.locale), ("ar", self.arabic))


class PrivacyTests(RegistrationTestCase):
    """The submitter's contact appears in no public output, before or after publication."""

    def public_outputs(self, activity, organisation):
        client = Client()
        urls = [
            activity.url,
            f"{activity.url}calendar/",
            self.index.url,
            f"{self.index.url}feed/",
            f"{self.index.url}feed/atom/",
            f"{self.index.url}calendar/",
            self.call.url,
            self.page.url,
            "/api/v2/activities/?fields=*",
            f"/api/v2/activities/{activity.pk}/?fields=*",
            "/api/v2/pages/?fields=*",
            f"/api/v2/pages/{activity.pk}/?fields=*",
            "/api/v2/pages/?type=icssi_wagtail.ActivityRegistrationPage&fields=*",
            "/api/v2/organisations/?fields=*",
            f"/api/v2/organisations/{organisation.pk}/",
            "/api/v2/schema/",
            "/search/?q=Tigris",  # a search echoes its words: the activity's, not the contact's
        ]
        for url in urls:
            response = client.get(url)
            self.assertIn(response.status_code, (200, 404), url)
            yield url, response.content.decode()
        yield "sitemap", sitemap_text(client)
        if needs_grapple:
            query = """{ pages { id title ... on ActivityPage { summary organisers { name } }
              } snippets { __typename ... on Organisation { name } }
              search(query: "Water Keepers") { __typename ... on Organisation { name } } }"""
            response = client.post(
                "/graphql/", json.dumps({"query": query}), content_type="application/json"
            )
            yield "graphql", response.content.decode()

    def assert_private(self, activity, organisation):
        outputs = dict(self.public_outputs(activity, organisation))
        for where, text in outputs.items():
            for secret in (CONTACT_EMAIL, CONTACT_NAME, "Zyxwv", "zq-private-contact"):
                self.assertNotIn(secret, text, where)
        return outputs

    def test_the_contact_appears_in_no_public_output(self):
        self.post()
        registration, activity = self.registered()
        organisation = activity.organisers.get().organisation
        before = self.assert_private(activity, organisation)
        # Before publication, neither the activity nor its new organisation is public.
        self.assertNotIn("Saving the Tigris", before[self.index.url])
        self.assertNotIn("Iraqi Water Keepers", before["/api/v2/organisations/?fields=*"])
        if needs_grapple:
            self.assertNotIn("Iraqi Water Keepers", before["graphql"])
            self.assertNotIn("Saving the Tigris", before["graphql"])
        activity = self.approve(activity)
        after = self.assert_private(activity, organisation)
        self.assertIn("Saving the Tigris", after[activity.url])
        self.assertIn("Iraqi Water Keepers", after["/api/v2/organisations/?fields=*"])
        if needs_grapple:  # the query works: what is public shows
            self.assertIn("Iraqi Water Keepers", after["graphql"])
            self.assertNotIn('"errors"', after["graphql"])
        # Nor is it in what the page stores: its revisions.
        for revision in activity.revisions.all():
            self.assertNotIn(CONTACT_EMAIL, json.dumps(revision.content))


class ForgetTests(RegistrationTestCase):
    def test_forget_by_email_or_reference(self):
        self.post()
        self.post(valid_data(title="Second", contact_email="other@example.org"))
        call_command("icssi_forget_registration", CONTACT_EMAIL.upper(), stdout=io.StringIO())
        self.assertEqual(
            list(ActivityRegistration.objects.values_list("contact_email", flat=True)),
            ["other@example.org"],
        )
        reference = ActivityRegistration.objects.get().reference
        call_command("icssi_forget_registration", reference, stdout=io.StringIO())
        self.assertFalse(ActivityRegistration.objects.exists())
        self.assertEqual(ActivityPage.objects.count(), 2)  # the activities stay
        with self.assertRaises(CommandError):
            call_command("icssi_forget_registration", reference)

    @override_settings(
        ICSSI_WAGTAIL={
            "REGISTRATION_RETENTION_DAYS": 30,
            "REGISTRATION_UNDECIDED_RETENTION_DAYS": 180,
        }
    )
    def test_retention(self):
        for email in ("decided-long-ago@example.org", "decided@example.org", "old@example.org"):
            self.post(valid_data(contact_email=email, title=email))
        self.post(valid_data(contact_email="new@example.org", title="new"))
        now = timezone.now()
        rows = ActivityRegistration.objects.all()
        rows.filter(contact_email="decided-long-ago@example.org").update(
            decision="published", decided_at=now - datetime.timedelta(days=31)
        )
        rows.filter(contact_email="decided@example.org").update(
            decision="declined", decided_at=now - datetime.timedelta(days=29)
        )
        rows.filter(contact_email="old@example.org").update(
            created_at=now - datetime.timedelta(days=181)
        )
        call_command("icssi_purge_registrations", stdout=io.StringIO())
        self.assertEqual(
            sorted(ActivityRegistration.objects.values_list("contact_email", flat=True)),
            ["decided@example.org", "new@example.org"],
        )

    def test_the_admin_lists_and_forgets(self):
        self.post()
        registration = ActivityRegistration.objects.get()
        self.client.force_login(self.moderator)
        index = self.client.get(reverse("activity_registrations:index"))
        self.assertContains(index, registration.reference)
        inspect = self.client.get(reverse("activity_registrations:inspect", args=[registration.pk]))
        self.assertContains(inspect, CONTACT_EMAIL)
        delete_url = reverse("activity_registrations:delete", args=[registration.pk])
        self.assertEqual(self.client.post(delete_url).status_code, 302)
        self.assertFalse(ActivityRegistration.objects.exists())

    def test_an_editor_without_the_permission_sees_no_contact(self):
        self.post()
        registration = ActivityRegistration.objects.get()
        editor = get_user_model().objects.create_user("editor", "editor@example.org", "password")
        editor.groups.add(Group.objects.get_or_create(name="Editors")[0])
        from django.contrib.auth.models import Permission

        editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(editor)
        for name, args in (("index", []), ("inspect", [registration.pk])):
            response = self.client.get(reverse(f"activity_registrations:{name}", args=args))
            self.assertNotEqual(response.status_code, 200)
            self.assertNotIn(CONTACT_EMAIL, response.content.decode())
