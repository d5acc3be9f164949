import datetime
from io import StringIO

from django.core.management import CommandError, call_command
from django.test import TestCase
from wagtail.models import Page, Revision

from icssi_wagtail.models import (
    ActivityOrganiser,
    ActivityPage,
    ActivityPageTheme,
    CallToActionPage,
    Organisation,
    TestimonialPage,
    Theme,
)


def snapshot():
    models = (Page, Revision, Theme, Organisation, ActivityPageTheme, ActivityOrganiser)
    counts = {model.__name__: model.objects.count() for model in models}
    revisions = dict(Page.objects.values_list("pk", "latest_revision_id"))
    return counts, revisions


class LoadDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_icssi_demo", stdout=StringIO())

    def test_loads_the_seed_content(self):
        self.assertEqual(
            list(Theme.objects.values_list("slug", flat=True)),
            ["tolerance", "democracy", "solidarity", "water", "expression", "sports"],
        )
        call = CallToActionPage.objects.get(slug="wsf-2015")
        self.assertEqual(call.title, "Join Iraqi activists at the World Social Forum!")
        self.assertEqual(
            (call.start_date, call.end_date),
            (datetime.date(2015, 3, 24), datetime.date(2015, 3, 28)),
        )
        self.assertEqual((call.city, call.time_zone), ("Tunis", "Africa/Tunis"))
        figures = [block.value["figure"] for block in call.body if block.block_type == "statistic"]
        self.assertEqual(figures, ["30,000+", "45", "17"])
        self.assertGreaterEqual(ActivityPage.objects.live().count(), 10)
        modes = set(ActivityPage.objects.values_list("attendance_mode", flat=True))
        self.assertTrue({"in_person", "parallel"} <= modes)
        self.assertEqual(
            set(Organisation.objects.values_list("acronym", flat=True)), {"ISF", "ICSSI", "PDAP"}
        )
        testimonial = TestimonialPage.objects.get()
        self.assertEqual(
            (testimonial.person_name, testimonial.organisation.acronym), ("Quazi Baby", "PDAP")
        )
        self.assertEqual((testimonial.event_city, testimonial.event_year), ("Baghdad", 2013))

    def test_second_run_changes_nothing(self):
        before = snapshot()
        output = StringIO()
        call_command("load_icssi_demo", stdout=output)
        self.assertEqual(snapshot(), before)
        self.assertIn("Created 0,", output.getvalue())

    def test_pages_render(self):
        for path in (
            "/wsf-2015/",
            "/wsf-2015/activities/?theme=water",
            "/testimonials/quazi-baby-iraqi-social-forum-2013/",
        ):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 200)
        response = self.client.get("/wsf-2015/")
        self.assertContains(response, "Quazi Baby")
        self.assertContains(response, "Water and armed conflicts")

    def test_unknown_parent_is_a_clear_error(self):
        with self.assertRaisesMessage(CommandError, "There is no page with ID 999999."):
            call_command("load_icssi_demo", parent=999999, stdout=StringIO())
