"""A site's subclasses of the page types keep every behaviour of the page type they extend.

tests/testapp holds the subclasses, as a host writes them: a field of their own, no template
of their own. Policies are looked up by class (the subclass's nearest base), never by name.
"""

import datetime

from django.contrib.auth import get_user_model
from django.test import TestCase, override_settings
from django.urls import reverse
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from icssi_wagtail.cache import HIT_HEADER
from icssi_wagtail.models import ActivityIndexPage, ActivityPage, TestimonialPage

from .frontend_cache import PURGED
from .localize import arabic, translate
from .test_api_caching import RECORDING_CACHE
from .testapp.models import (
    LocalActivityIndexPage,
    LocalActivityPage,
    LocalCallToActionPage,
    LocalTestimonialPage,
)
from .utils import make_organisation, make_testimonial_index, make_theme, publish, site_root

ACTIVITY = {
    "start_date": datetime.date(2025, 3, 24),
    "start_time": datetime.time(10, 0),
    "end_time": datetime.time(12, 0),
    "time_zone": "Africa/Tunis",
    "city": "Basra",
    "country": "IQ",
}


def make_local_activity(index, title="Marsh walk", **kwargs):
    page = LocalActivityPage(
        title=title,
        slug=kwargs.pop("slug", title.lower().replace(" ", "-")),
        summary=f"{title}, in the marshes.",
        sponsor="Marsh fund",
        **{**ACTIVITY, **kwargs},
    )
    return publish(index, page)


def make_local_testimonial(index, **kwargs):
    page = LocalTestimonialPage(
        title="A journey to Baghdad",
        slug="journey",
        person_name="Quazi Baby",
        quote="If the Iraqi people ask for solidarity, we cannot refuse.",
        event_name="Iraqi Social Forum",
        event_city="Baghdad",
        event_country="IQ",
        event_year=2013,
        region="Dhaka",
        **kwargs,
    )
    return publish(index, page)


class SubclassedActivityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and the marshes", slug="water")
        cls.index = publish(site_root(), ActivityIndexPage(title="Activities", slug="activities"))
        cls.activity = make_local_activity(cls.index)
        cls.activity.themes.set([cls.water])
        cls.activity.save_revision().publish()

    def test_the_page_renders_with_the_apps_template(self):
        response = self.client.get(self.activity.url)
        self.assertContains(response, "<h1")
        self.assertContains(response, "Marsh walk")
        self.assertContains(response, "Basra")
        self.assertTemplateUsed(response, "icssi_wagtail/pages/activity_page.html")

    def test_listing_feeds_and_calendar_show_it(self):
        for path in ("", "feed/", "feed/atom/", "calendar/", "?theme=water"):
            with self.subTest(path=path):
                self.assertContains(self.client.get(self.index.url + path), "Marsh walk")
        calendar = self.client.get(self.activity.url + "calendar/")
        self.assertContains(calendar, "SUMMARY:Marsh walk")

    def test_api_lists_and_details_it(self):
        listing = self.client.get("/api/v2/activities/", {"fields": "*"}).json()
        self.assertEqual([item["title"] for item in listing["items"]], ["Marsh walk"])
        self.assertEqual(listing["items"][0]["themes"][0]["slug"], "water")
        detail = self.client.get(f"/api/v2/activities/{self.activity.pk}/")
        self.assertEqual(detail.json()["title"], "Marsh walk")
        themes = self.client.get("/api/v2/themes/").json()["items"]
        self.assertEqual(themes[0]["activity_count"], 1)

    def test_publishing_a_change_forgets_every_kept_answer(self):
        urls = (
            self.index.url,
            self.index.url + "feed/",
            "/api/v2/activities/",
            f"/api/v2/activities/{self.activity.pk}/",
        )
        for url in urls:
            self.client.get(url)  # kept
        page = LocalActivityPage.objects.get(pk=self.activity.pk)
        page.title = "Marsh walk, new route"
        page.save_revision().publish()
        for url in urls:
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), "Marsh walk, new route")

    def test_a_subclassed_activity_leaves_testimonial_answers_in_the_cache(self):
        testimonials = make_testimonial_index()
        testimonial = make_local_testimonial(testimonials)
        urls = ("/api/v2/testimonials/", f"/api/v2/testimonials/{testimonial.pk}/")
        for url in urls:
            self.client.get(url)
        page = LocalActivityPage.objects.get(pk=self.activity.pk)
        page.title = "Marsh walk, new route"
        page.save_revision().publish()
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).get(HIT_HEADER), "hit")

    def test_a_subclassed_testimonial_leaves_activity_answers_in_the_cache(self):
        testimonials = make_testimonial_index()
        urls = (self.index.url, "/api/v2/activities/", f"/api/v2/activities/{self.activity.pk}/")
        for url in urls:
            self.client.get(url)
        make_local_testimonial(testimonials)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).get(HIT_HEADER), "hit")

    def test_a_new_subclassed_activity_shows_at_once(self):
        self.client.get(f"/api/v2/activities/{self.activity.pk}/")
        self.client.get("/api/v2/activities/")
        make_local_activity(self.index, title="Reed boats")
        titles = [item["title"] for item in self.client.get("/api/v2/activities/").json()["items"]]
        self.assertIn("Reed boats", titles)

    def test_hidden_organisers_in_a_draft_leave_every_output(self):
        brave = make_organisation("Brave Collective")
        page = LocalActivityPage.objects.get(pk=self.activity.pk)
        page.organisers.create(organisation=brave, sort_order=0)
        page.save_revision().publish()
        urls = (page.url, self.index.url, f"/api/v2/activities/{page.pk}/")
        for url in urls:
            self.assertContains(self.client.get(url), "Brave Collective")
        page = LocalActivityPage.objects.get(pk=self.activity.pk)
        page.hide_organisers = True
        page.save_revision()
        for url in urls:
            with self.subTest(url=url):
                self.assertNotContains(self.client.get(url), "Brave Collective")

    def test_a_subclassed_activity_may_be_added_under_an_index_and_the_other_way_round(self):
        admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
        self.client.force_login(admin)
        response = self.client.get(reverse("wagtailadmin_pages:add_subpage", args=(self.index.pk,)))
        self.assertContains(response, "Local activity page")
        local_index = publish(
            site_root(), LocalActivityIndexPage(title="Local activities", slug="local")
        )
        self.assertTrue(ActivityPage.can_create_at(local_index))
        self.assertTrue(LocalActivityPage.can_create_at(local_index))


@override_settings(WAGTAILFRONTENDCACHE=RECORDING_CACHE)
class SubclassPurgeTests(TestCase):
    def setUp(self):
        PURGED.clear()

    def test_publishing_purges_the_api_and_the_listing(self):
        index = publish(site_root(), ActivityIndexPage(title="Activities", slug="activities"))
        PURGED.clear()
        activity = make_local_activity(index)
        for url in (
            "/api/v2/activities/",
            f"/api/v2/activities/{activity.pk}/",
            "/api/v2/themes/",
            index.url,
            index.url + "feed/",
        ):
            self.assertIn("http://localhost" + url, PURGED)
        PURGED.clear()
        activity.unpublish()
        self.assertIn(f"http://localhost/api/v2/activities/{activity.pk}/", PURGED)

    def test_publishing_a_testimonial_purges_its_endpoint(self):
        index = make_testimonial_index()
        PURGED.clear()
        testimonial = make_local_testimonial(index)
        self.assertIn(f"http://localhost/api/v2/testimonials/{testimonial.pk}/", PURGED)


class SubclassedTestimonialTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.photo = Image.objects.create(
            title="Portrait", file=get_test_image_file("subclassed-face.png")
        )
        cls.call = publish(
            site_root(),
            LocalCallToActionPage(
                title="World Social Forum",
                slug="wsf",
                headline="Join Iraqi activists at the World Social Forum!",
                event_name="World Social Forum",
                start_date=datetime.date(2025, 3, 24),
                time_zone="Africa/Tunis",
                city="Tunis",
                country="TN",
                venue="El Manar University",
                registration_url="https://fsm2015.org/en",
                partner="Forum partner",
            ),
        )
        cls.index = make_testimonial_index(parent=cls.call)
        cls.testimonial = make_local_testimonial(
            cls.index,
            photo=cls.photo,
            photo_consent=True,
            photo_consent_date=datetime.date(2013, 9, 1),
        )

    def outputs(self, page):
        return {
            "page": self.client.get(page.url).content.decode(),
            "index": self.client.get(page.get_parent().url).content.decode(),
            "api": self.client.get(f"/api/v2/testimonials/{page.pk}/").content.decode(),
            "api list": self.client.get("/api/v2/testimonials/", {"fields": "*"}).content.decode(),
        }

    def test_pages_render_and_the_api_serves_them(self):
        self.assertContains(self.client.get(self.call.url), "Join Iraqi activists")
        outputs = self.outputs(self.testimonial)
        for label, content in outputs.items():
            with self.subTest(output=label):
                self.assertIn("Quazi Baby", content)
        self.assertIn("images/subclassed-face", outputs["page"])

    def test_withdrawal_in_a_draft_hides_the_photo_in_every_language_at_once(self):
        translated = translate(self.testimonial, arabic(), lambda text: f"[ar] {text}")
        self.outputs(self.testimonial)
        self.outputs(translated)  # kept answers must be forgotten too
        page = LocalTestimonialPage.objects.get(pk=self.testimonial.pk)
        page.photo_consent = False
        page.hide_surname = True
        page.save_revision()
        for version in (self.testimonial, translated):
            for label, content in self.outputs(version).items():
                with self.subTest(page=version.pk, output=label):
                    self.assertFalse("images/subclassed-face" in content)
                    self.assertFalse("Baby" in content)

    def test_publishing_the_source_writes_safety_fields_to_translations(self):
        translated = translate(self.testimonial, arabic(), lambda text: f"[ar] {text}")
        page = LocalTestimonialPage.objects.get(pk=self.testimonial.pk)
        page.hide_photo = True
        page.save_revision().publish()
        self.assertTrue(TestimonialPage.objects.get(pk=translated.pk).hide_photo)

    def test_hidden_venue_of_a_call_to_action_reaches_its_translation(self):
        translated = translate(self.call, arabic(), lambda text: f"[ar] {text}")
        page = LocalCallToActionPage.objects.get(pk=self.call.pk)
        page.hide_venue = True
        page.save_revision().publish()
        self.assertTrue(LocalCallToActionPage.objects.get(pk=translated.pk).hide_venue)
        self.assertNotContains(self.client.get(translated.url), "El Manar")
