"""A person who withdraws consent never waits for a publish or a moderator.

Unticking photo consent or ticking "show only the first name" in a draft, or in a page
submitted for moderation, takes the photo and the surname out of every output (the page, the
index, the call to action, the API, GraphQL, search) as soon as the editor saves, in every
language; the draft's other changes stay unpublished. Hiding organisers does the same.
"""

import datetime
import importlib.util
import json

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from icssi_wagtail.models import ActivityPage, CallToActionTestimonial, TestimonialPage
from icssi_wagtail.safety import hidden_images

from .frontend_cache import PURGED
from .localize import arabic, translate
from .test_api_caching import RECORDING_CACHE
from .utils import (
    edit_form_data,
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
)

QUOTE = "If the Iraqi people ask for solidarity, we cannot refuse."
DRAFT_QUOTE = "A quote changed in a draft."

GRAPPLE_INSTALLED = importlib.util.find_spec("grapple") is not None


class WithdrawalTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.photo = Image.objects.create(
            title="Portrait", file=get_test_image_file("withdrawing-face.png")
        )
        cls.call = make_call_to_action()
        cls.index = make_testimonial_index(parent=cls.call)
        cls.testimonial = make_testimonial(
            cls.index,
            person_name="Quazi Baby",
            country="BD",
            quote=QUOTE,
            photo=cls.photo,
            photo_consent=True,
            photo_consent_date=datetime.date(2013, 9, 1),
        )
        CallToActionTestimonial.objects.create(page=cls.call, testimonial=cls.testimonial)
        cls.call.save_revision().publish()
        cls.admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")

    def setUp(self):
        # In the address of the original and of every rendition (the storage may add a suffix).
        self.photo_file = "images/withdrawing-face"

    def outputs(self, page=None):
        """What a visitor reads of the testimonial: its page, index, call, API and GraphQL."""
        page = page or self.testimonial
        fields = "personName photo { url } quote"
        query = f"{{ page(id: {page.pk}) {{ ... on TestimonialPage {{ {fields} }} }} }}"
        outputs = {
            "page": self.client.get(page.url).content.decode(),
            "index": self.client.get(page.get_parent().url).content.decode(),
            "call": self.client.get(self.call.url).content.decode(),
            "api": self.client.get(f"/api/v2/testimonials/{page.pk}/").content.decode(),
            "api list": self.client.get("/api/v2/testimonials/", {"fields": "*"}).content.decode(),
        }
        if GRAPPLE_INSTALLED:  # the optional GraphQL integration (the "graphql" extra)
            answer = self.client.post(
                "/graphql/", {"query": query}, content_type="application/json"
            )
            outputs["graphql"] = json.dumps(answer.json())
        return outputs

    def assertWithdrawn(self, outputs, quote=QUOTE):
        for label, content in outputs.items():
            with self.subTest(output=label):
                self.assertNotIn(self.photo_file, content)
                self.assertNotIn("Baby", content)
                self.assertNotIn(DRAFT_QUOTE, content)
        self.assertIn(quote, outputs["page"])
        self.assertIn("Quazi", outputs["api"])

    def edit(self, action, **overrides):
        self.client.force_login(self.admin)
        url = reverse("wagtailadmin_pages:edit", args=(self.testimonial.pk,))
        data = edit_form_data(self.testimonial, **overrides)
        if action:
            data[f"action-{action}"] = action
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.client.logout()


class AdminWithdrawalTests(WithdrawalTestCase):
    def test_outputs_show_the_photo_and_name_before(self):
        outputs = self.outputs()
        self.assertIn(self.photo_file, outputs["page"])
        self.assertIn("Quazi Baby", outputs["api"])
        self.assertIn(self.photo_file, outputs.get("graphql", self.photo_file))

    def test_withdrawn_in_a_draft(self):
        self.outputs()  # kept answers must be forgotten too
        self.edit(None, photo_consent=None, hide_surname="on", quote=DRAFT_QUOTE)
        self.assertWithdrawn(self.outputs())
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        self.assertTrue(page.has_unpublished_changes)
        self.assertEqual(page.get_latest_revision().as_object().quote, DRAFT_QUOTE)

    def test_withdrawn_in_a_page_submitted_for_moderation(self):
        self.outputs()
        self.edit("submit", photo_consent=None, hide_surname="on", quote=DRAFT_QUOTE)
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        self.assertEqual(page.current_workflow_state.status, "in_progress")
        self.assertWithdrawn(self.outputs())

    def test_hidden_photo_in_a_draft(self):
        self.edit(None, hide_photo="on", quote=DRAFT_QUOTE)
        outputs = self.outputs()
        self.assertNotIn(self.photo_file, outputs["page"])
        self.assertNotIn(self.photo_file, outputs.get("graphql", ""))
        self.assertIn("Quazi Baby", outputs["api"])  # only the photo was withdrawn

    def test_consent_given_in_a_draft_waits_for_a_publish(self):
        self.edit("publish", photo_consent=None)
        self.edit(None)  # consent ticked again, in a draft
        self.assertNotIn(self.photo_file, self.outputs()["page"])
        self.edit("publish")
        self.assertIn(self.photo_file, self.outputs()["page"])

    def test_a_scheduled_revision_does_not_bring_the_photo_back(self):
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        page.title = "Scheduled title"
        scheduled = page.save_revision(
            approved_go_live_at=datetime.datetime(2025, 4, 1, tzinfo=datetime.UTC)
        )
        # The admin locks a page scheduled to change: the withdrawal is saved in code.
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        page.photo_consent = False
        page.save_revision()
        scheduled.refresh_from_db()
        scheduled.publish()
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        self.assertEqual(page.title, "Scheduled title")
        self.assertIsNone(page.visible_photo)
        self.assertFalse(page.live_revision.as_object().photo_consent)

    def test_consent_without_its_date_shows_no_photo_once_live(self):
        # Live and latest revision ticked but undated, as a publish that skipped validation
        # (an import, a save with clean=False) would leave them.
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        page.photo_consent_date = None
        page.save_revision(clean=False)
        page.save(clean=False)
        self.assertTrue(TestimonialPage.objects.get(pk=page.pk).photo_consent)
        outputs = self.outputs()
        for label, content in outputs.items():
            with self.subTest(output=label):
                self.assertNotIn(self.photo_file, content)
        self.assertIn("Quazi Baby", outputs["api"])  # only the photo is left out
        self.assertIn(self.photo, hidden_images())
        page.photo_consent_date = datetime.date(2013, 9, 1)
        page.save_revision().publish()
        self.assertNotIn(self.photo, hidden_images())
        outputs = self.outputs()
        self.assertIn(self.photo_file, outputs["page"])
        self.assertIn(self.photo_file, outputs["api"])
        self.assertIn(self.photo_file, outputs.get("graphql", self.photo_file))

    def test_a_live_row_without_the_consent_date_hides_the_photo(self):
        # The latest revision has the date; the live row alone lacks it.
        self.assertNotIn(self.photo, hidden_images())
        TestimonialPage.objects.filter(pk=self.testimonial.pk).update(photo_consent_date=None)
        self.assertIn(self.photo, hidden_images())
        self.assertIsNone(TestimonialPage.objects.get(pk=self.testimonial.pk).visible_photo)

    @override_settings(WAGTAILFRONTENDCACHE=RECORDING_CACHE)
    def test_front_end_cache_is_purged(self):
        PURGED.clear()
        self.edit(None, photo_consent=None)
        for path in (
            self.testimonial.url,
            self.index.url,
            "/api/v2/testimonials/",
            f"/api/v2/testimonials/{self.testimonial.pk}/",
        ):
            self.assertIn("http://localhost" + path, PURGED)


class TranslatedWithdrawalTests(WithdrawalTestCase):
    def test_withdrawn_in_a_draft_of_the_source_hides_the_translation_at_once(self):
        translated = translate(self.testimonial, arabic(), lambda text: f"[ar] {text}")
        call_ar = translate(self.call, arabic(), lambda text: f"[ar] {text}")
        self.call = call_ar
        self.assertIn(self.photo_file, self.outputs(translated)["page"])
        self.edit(None, photo_consent=None, hide_surname="on", quote=DRAFT_QUOTE)
        self.assertWithdrawn(self.outputs(translated), quote=f"[ar] {QUOTE}")

    def test_a_translations_draft_does_not_change_its_source(self):
        translated = translate(self.testimonial, arabic(), lambda text: f"[ar] {text}")
        translated = TestimonialPage.objects.get(pk=translated.pk)
        translated.photo_consent = False
        translated.save_revision()
        # Translations take the safety options from their source (icssi_wagtail.safety).
        self.assertTrue(TestimonialPage.objects.get(pk=self.testimonial.pk).photo_consent)


class OrganiserWithdrawalTests(TestCase):
    def test_organisers_hidden_in_a_draft_leave_every_output(self):
        index = make_activity_index()
        brave = make_organisation("Brave Collective")
        activity = make_activity(index, title="Meeting", organisations=[brave])
        outputs = {
            "page": activity.url,
            "listing": index.url,
            "rss": index.url + "feed/",
            "api": f"/api/v2/activities/{activity.pk}/",
        }
        for label, url in outputs.items():
            self.assertContains(self.client.get(url), "Brave Collective", msg_prefix=label)
        page = ActivityPage.objects.get(pk=activity.pk)
        page.hide_organisers = True
        page.title = "Meeting renamed in a draft"
        page.save_revision()
        for label, url in outputs.items():
            response = self.client.get(url)
            self.assertNotContains(response, "Brave Collective", msg_prefix=label)
            self.assertNotContains(response, "renamed", msg_prefix=label)
        api = self.client.get("/api/v2/activities/", {"organisation": brave.pk}).json()
        self.assertEqual(api["meta"]["total_count"], 0)
