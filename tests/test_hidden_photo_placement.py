"""A photo hidden for a person's safety stays hidden wherever an editor has also placed it: an
activity's image, an organisation's logo, a figure block in a body. Absent from the HTML, the
REST API and GraphQL, while a visible image placed the same way shows."""

import datetime
import json

from django.test import TestCase
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from icssi_wagtail.models import TestimonialPage

from .test_graphql import needs_grapple
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
)

CAPTION = "Caption of the portrait"


def image(name):
    return Image.objects.create(title=f"Portrait {name}", file=get_test_image_file(f"{name}.png"))


def figure(photo, caption=CAPTION):
    return {
        "type": "image",
        "value": {
            "image": {"image": photo.pk, "decorative": False, "alt_text": "A portrait"},
            "caption": caption,
        },
    }


class HiddenPhotoPlacementTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.withdrawn = image("withdrawn")
        cls.shown = image("shown")
        cls.testimonial = make_testimonial(make_testimonial_index(), photo=cls.withdrawn)
        cls.organisation = make_organisation("Iraqi Social Forum", logo=cls.withdrawn)
        cls.shown_organisation = make_organisation("PDAP", logo=cls.shown)
        cls.call = make_call_to_action(
            body=[figure(cls.withdrawn), figure(cls.shown, caption="Caption shown")]
        )
        cls.index = make_activity_index(parent=cls.call)
        cls.activity = make_activity(
            cls.index,
            image=cls.withdrawn,
            organisations=[cls.organisation],
            body=[figure(cls.withdrawn)],
        )
        cls.shown_activity = make_activity(cls.index, image=cls.shown)

    def assertHidden(self, text):
        self.assertNotIn("withdrawn", text)  # the file name, in every address of the photo
        self.assertNotIn(CAPTION, text)

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode()

    def test_html(self):
        for page in (self.call, self.index, self.activity):
            with self.subTest(page=page.title):
                self.assertHidden(self.get(page.url))
        self.assertIn("shown", self.get(self.call.url))
        self.assertIn("shown", self.get(self.index.url))  # the shown activity's card
        self.assertIn("shown", self.get(self.shown_activity.url))

    def test_open_graph(self):
        html = self.get(self.call.url)
        self.assertIn('property="og:image" content="http://testserver/media/images/shown', html)
        self.assertNotIn('property="og:image"', self.get(self.activity.url))

    def test_rest_api(self):
        for url in (
            "/api/v2/activities/?fields=*",
            f"/api/v2/activities/{self.activity.pk}/",
            "/api/v2/pages/?type=icssi_wagtail.CallToActionPage&fields=body",
            f"/api/v2/pages/{self.call.pk}/",
            f"/api/v2/pages/{self.activity.pk}/",
            "/api/v2/organisations/?fields=logo",
            f"/api/v2/organisations/{self.organisation.pk}/",
        ):
            with self.subTest(url=url):
                self.assertHidden(self.get(url))
        detail = json.loads(self.get(f"/api/v2/activities/{self.activity.pk}/"))
        self.assertIsNone(detail["image"])
        self.assertEqual([block["value"] for block in detail["body"]], [None])
        body = json.loads(self.get(f"/api/v2/pages/{self.call.pk}/"))["body"]
        self.assertIsNone(body[0]["value"])
        self.assertIn("/shown", body[1]["value"]["url"])
        logos = json.loads(self.get("/api/v2/organisations/?fields=logo"))["items"]
        self.assertEqual([item["logo"] is not None for item in logos], [False, True])

    def test_consent_recorded_again_shows_the_photo(self):
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        page.photo_consent, page.photo_consent_date = True, datetime.date(2014, 1, 1)
        page.save_revision().publish()
        self.assertIn("withdrawn", self.get(self.activity.url))
        detail = json.loads(self.get(f"/api/v2/activities/{self.activity.pk}/"))
        self.assertIn("/withdrawn", detail["image"]["url"])

    def test_withdrawing_consent_forgets_kept_answers(self):
        page = TestimonialPage.objects.get(pk=self.testimonial.pk)
        page.photo_consent, page.photo_consent_date = True, datetime.date(2014, 1, 1)
        page.save_revision().publish()
        self.assertIn("withdrawn", self.get(f"/api/v2/activities/{self.activity.pk}/"))
        page.photo_consent = False
        page.save_revision()  # a draft: withdrawing applies at once
        self.assertHidden(self.get(f"/api/v2/activities/{self.activity.pk}/"))
        self.assertHidden(self.get(self.activity.url))

    @needs_grapple
    def test_graphql(self):
        figure_fields = """
            ... on IcssiFigureBlock { rawValue blocks { field rawValue
                ... on ImageBlock { image { url src } } } }"""
        query = f"""{{
            call: page(id: {self.call.pk}) {{ ... on CallToActionPage {{
                body {{ {figure_fields} }} }} }}
            activity: page(id: {self.activity.pk}) {{ ... on ActivityPage {{
                image {{ url src }} body {{ {figure_fields} }}
                organisers {{ logo {{ url }} }} }} }}
            organisations: snippets {{
                ... on Organisation {{ name logo {{ url }} }} }}
        }}"""
        response = self.client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json"
        )
        result = response.json()
        self.assertNotIn("errors", result, result.get("errors"))
        self.assertHidden(json.dumps(result))
        data = result["data"]
        self.assertIsNone(data["activity"]["image"])
        self.assertEqual(data["activity"]["body"], [{"rawValue": "null", "blocks": []}])
        self.assertEqual(data["call"]["body"][0], {"rawValue": "null", "blocks": []})
        self.assertIn("/shown", json.dumps(data["call"]["body"][1]))
        logos = {item["name"]: item["logo"] for item in data["organisations"]}
        self.assertIsNone(logos["Iraqi Social Forum"])
        self.assertIsNotNone(logos["PDAP"])
