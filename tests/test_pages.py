import datetime

from django.test import TestCase, override_settings
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils import WagtailPageTestCase

from icssi_wagtail.models import CallToActionTestimonial

from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
    needs_committed_search,
)


class CallToActionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water")
        cls.sports = make_theme("Sports against violence", slug="sports")
        cls.call = make_call_to_action(
            themes=[cls.water],
            eligibility="Anyone endorsing the WSF charter of principles",
            start_date=datetime.date(2025, 3, 24),
            end_date=datetime.date(2025, 3, 28),
            body=[("statistic", {"figure": "30,000+", "label": "people at the opening march"})],
        )
        index = make_activity_index(parent=cls.call)
        make_activity(index, title="Dams and wars", themes=[cls.water])
        make_activity(index, title="Football against violence", themes=[cls.sports])
        testimonials = make_testimonial_index()
        cls.testimonial = make_testimonial(testimonials, quote="We could not refuse.")
        hidden = make_testimonial(testimonials, quote="Hidden draft quote.")
        hidden.unpublish()
        for position, testimonial in enumerate((cls.testimonial, hidden)):
            CallToActionTestimonial.objects.create(
                page=cls.call, testimonial=testimonial, sort_order=position
            )

    def test_renders_event_action_and_body(self):
        response = self.client.get(self.call.url)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "icssi_wagtail/pages/call_to_action_page.html")
        self.assertTemplateUsed(response, "icssi_wagtail/base.html")
        for text in (
            "Join Iraqi activists at the World Social Forum!",
            "World Social Forum 2015",
            "Tunis",
            "Anyone endorsing the WSF charter of principles",
            "30,000+",
        ):
            self.assertContains(response, text)
        self.assertContains(response, 'href="https://fsm2015.org/en"')

    def test_shows_activities_of_its_own_themes_and_live_testimonials(self):
        response = self.client.get(self.call.url)
        self.assertContains(response, "Dams and wars")
        self.assertNotContains(response, "Football against violence")
        self.assertContains(response, "We could not refuse.")
        self.assertNotContains(response, "Hidden draft quote.")

    def test_registration_button_disappears_when_closed(self):
        self.call.registration_closes = datetime.date(2000, 1, 1)
        self.call.registration_opens = None
        self.call.save_revision().publish()
        response = self.client.get(self.call.url)
        self.assertNotContains(response, 'href="https://fsm2015.org/en"')
        self.assertContains(response, "Registration closed")

    def test_event_dates_are_shown_in_the_event_time_zone(self):
        call = make_call_to_action(
            start_date=datetime.date(2015, 3, 24),
            start_time=datetime.time(10, 0),
            end_date=datetime.date(2015, 3, 28),
            end_time=datetime.time(18, 0),
            time_zone="Africa/Tunis",
        )
        response = self.client.get(call.url)
        self.assertContains(response, "2015-03-24T10:00:00+01:00")
        # The zone as people read it, its abbreviation and offset; not its IANA name.
        self.assertContains(response, "<bdi>CET (UTC+01:00)</bdi>")
        self.assertNotContains(response, "Africa/Tunis")

    @override_settings(ICSSI_WAGTAIL={"BASE_TEMPLATE": "host_base.html"})
    def test_templates_extend_the_configured_base_template(self):
        response = self.client.get(self.call.url)
        self.assertTemplateUsed(response, "host_base.html")
        self.assertContains(response, "<!-- host site layout -->")


class ActivityPageTests(TestCase):
    def test_renders_activity_details(self):
        water = make_theme("Water and armed conflicts", slug="water")
        forum = make_organisation("Iraqi Social Forum", acronym="ISF")
        index = make_activity_index()
        activity = make_activity(
            index,
            title="The water question",
            themes=[water],
            organisations=[forum],
            attendance_mode="parallel",
            city="Basra",
            country="IQ",
            time_zone="Asia/Baghdad",
            languages=["ar", "en"],
            status="postponed",
            image=Image.objects.create(title="River", file=get_test_image_file()),
        )
        response = self.client.get(activity.url)
        self.assertEqual(response.status_code, 200)
        for text in (
            "The water question",
            "Water and armed conflicts",
            "Iraqi Social Forum",
            "Basra",
            "Iraq",
            "Parallel activity elsewhere",
            "Arabic",
            "Postponed",
            "UTC+03:00",
        ):
            self.assertContains(response, text)
        self.assertContains(response, "<img")

    def test_draft_activity_is_not_served(self):
        index = make_activity_index()
        draft = make_activity(index, publish_it=False)
        self.assertEqual(self.client.get(draft.url).status_code, 404)


class TestimonialPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = make_testimonial_index()
        cls.photo = Image.objects.create(title="Portrait", file=get_test_image_file())
        cls.testimonial = make_testimonial(
            cls.index,
            person_name="Quazi Baby",
            organisation=make_organisation("PDAP", country="BD"),
            country="BD",
            photo=cls.photo,
            photo_consent=True,
            photo_consent_date=datetime.date(2013, 9, 1),
            body=[("paragraph", "<p>In August 2013 car bombs exploded every day.</p>")],
        )

    def test_renders_account(self):
        response = self.client.get(self.testimonial.url)
        for text in ("Quazi Baby", "PDAP", "Iraqi Social Forum", "Baghdad", "2013", "car bombs"):
            self.assertContains(response, text)
        self.assertContains(response, "<img")

    def test_photo_is_hidden_once_consent_is_withdrawn(self):
        self.testimonial.photo_consent = False
        self.testimonial.save_revision().publish()
        response = self.client.get(self.testimonial.url)
        self.assertNotContains(response, "<img")

    def test_index_lists_live_testimonials_only(self):
        draft = make_testimonial(self.index, person_name="Draft Person")
        draft.unpublish()
        response = self.client.get(self.index.url)
        self.assertContains(response, "Quazi Baby")
        self.assertNotContains(response, "Draft Person")


class SearchAndPreviewTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = make_activity_index()
        cls.activity = make_activity(
            cls.index,
            title="Sports against violence in Basra",
            organisations=[make_organisation("Iraqi Social Forum")],
        )
        cls.call = make_call_to_action(standfirst="Meet the Iraqi delegation in Tunis")
        cls.testimonial = make_testimonial(make_testimonial_index(), quote="Solidarity first")

    @needs_committed_search
    def test_wagtail_search_finds_each_page_type(self):
        from wagtail.models import Page

        cases = {"Basra": self.activity, "delegation": self.call, "Solidarity": self.testimonial}
        for query, page in cases.items():
            with self.subTest(query=query):
                results = Page.objects.live().search(query)
                self.assertIn(page.pk, [result.pk for result in results])

    def test_every_page_type_can_be_previewed(self):
        from django.urls import reverse
        from wagtail.test.utils.form_data import (
            nested_form_data,
            querydict_from_html,
            streamfield,
        )

        user = self.create_superuser("editor")
        for page in (self.index, self.activity, self.call, self.testimonial):
            with self.subTest(page=type(page).__name__):
                self.client.force_login(user)  # assertPageIsPreviewable logs out when done
                edit = self.client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
                self.assertEqual(edit.status_code, 200)
                data = querydict_from_html(edit.content.decode(), form_id="page-edit-form")
                if hasattr(page, "body"):
                    # The StreamField editor is drawn by JavaScript, so its inputs are not
                    # in the HTML: post an empty stream.
                    data = data.copy()
                    data.update(nested_form_data({"body": streamfield([])}))
                self.assertPageIsPreviewable(page, post_data=data)
