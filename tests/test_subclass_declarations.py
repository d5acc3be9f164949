"""A site's subclass keeps what the API, GraphQL and the admin give its page type, although
the models know nothing of them (docs/integration.md, "Your own page types")."""

from unittest import mock

from django.test import TestCase

from icssi_wagtail import graphql
from icssi_wagtail.admin.forms import ActivityPageForm, EventPageForm, TimeZoneSelect
from icssi_wagtail.api.fields import EventField, StreamBodyField
from icssi_wagtail.models import ActivityIndexPage, ActivityPage, TestimonialPage

from .test_subclasses import make_local_activity
from .testapp.models import LocalActivityPage, LocalTestimonialPage
from .utils import publish, site_root


class SubclassAPIFieldsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        index = publish(site_root(), ActivityIndexPage(title="Activities", slug="activities"))
        cls.activity = make_local_activity(index)

    def test_extended_api_fields_keep_the_page_types_serializers(self):
        fields = {field.name: field for field in LocalActivityPage.api_fields}
        self.assertIsInstance(fields["event"].serializer, EventField)
        self.assertIsInstance(fields["body"].serializer, StreamBodyField)
        self.assertIsNone(fields["sponsor"].serializer)

    def test_the_api_shows_the_own_field_and_the_page_types(self):
        detail = self.client.get(f"/api/v2/activities/{self.activity.pk}/").json()
        self.assertEqual(detail["sponsor"], "Marsh fund")
        self.assertEqual(detail["event"]["city"], "Basra")
        self.assertEqual(detail["event"]["time_zone"], "Africa/Tunis")


class SubclassAdminFormTests(TestCase):
    def test_a_subclass_gets_its_page_types_admin_form(self):
        form_class = LocalActivityPage.get_edit_handler().get_form_class()
        self.assertTrue(issubclass(form_class, ActivityPageForm))
        form = form_class(instance=LocalActivityPage(time_zone="US/Eastern"), for_user=None)
        widget = form.fields["time_zone"].widget
        self.assertIsInstance(widget, TimeZoneSelect)
        self.assertEqual(widget.kept, ("US/Eastern",))
        self.assertTrue(issubclass(ActivityPage.base_form_class, EventPageForm))


class SubclassGraphQLFieldsTests(TestCase):
    def test_a_subclass_inherits_the_page_types_fields(self):
        self.assertIs(LocalActivityPage.graphql_fields, ActivityPage.graphql_fields)

    def test_own_fields_come_after_the_page_types(self):
        with mock.patch.object(LocalTestimonialPage, "graphql_fields", ["own"], create=True):
            graphql.attach_fields()
            fields = LocalTestimonialPage.graphql_fields
            self.assertEqual(len(fields), len(TestimonialPage.graphql_fields) + 1)
            self.assertEqual(fields[-1], "own")
        graphql.attach_fields()
