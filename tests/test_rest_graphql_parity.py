"""REST and GraphQL give the same content for the same pages, in English and in Arabic.

Field by field: choice labels and country names (in the page's language), references (the
testimonials, organisations and indexes a translated page leads to), themes, events, the
blocks of a body (GraphQL's ``rawValue`` is the REST value) and images.
"""

import json

from django.test import TestCase

from . import translated_site

ACTIVITY = """... on ActivityPage {
    status { value label } attendanceMode { value label }
    event { start end timeZone allDay venue city country { code name } }
    themes { slug name }
    organisers { id name acronym website country { code name } }
    image { rendition(fill: "640x360") { url width height } }
}"""
CALL = """... on CallToActionPage {
    status { value label }
    event { start end timeZone allDay venue city country { code name } }
    themes { slug name }
    testimonials { id title }
    body { blockType rawValue }
}"""
TESTIMONIAL = """... on TestimonialPage {
    personName quote country { code name } eventCountry { code name }
    organisation { id name }
    photo { rendition(fill: "400x400") { url width height } }
}"""


def snake(event):
    return {
        "start": event["start"],
        "end": event["end"],
        "time_zone": event["timeZone"],
        "all_day": event["allDay"],
        "venue": event["venue"],
        "city": event["city"],
        "country": event["country"],
    }


def without_detail_urls(value):
    if isinstance(value, dict):
        return {k: without_detail_urls(v) for k, v in value.items() if k != "detail_url"}
    if isinstance(value, list):
        return [without_detail_urls(item) for item in value]
    return value


def rendition(image):
    if image is None:
        return None
    return {"path": image["url"].split("/media/")[-1], **{k: image[k] for k in ("width", "height")}}


@translated_site.needs_grapple
class ParityTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)
        for activity in (cls.activity, cls.activity_ar):  # as a re-sync would
            activity.image = cls.photo
            activity.save_revision().publish()

    def rest(self, endpoint, page):
        response = self.client.get(f"/api/v2/{endpoint}/{page.pk}/")
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def graphql(self, page, fields):
        query = f"{{ page(id: {page.pk}) {{ id title {fields} }} }}"
        response = self.client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json"
        )
        result = response.json()
        self.assertNotIn("errors", result, result.get("errors"))
        return result["data"]["page"]

    def test_activities(self):
        for page in (self.activity, self.activity_ar):
            with self.subTest(page=page.title):
                rest, graph = self.rest("activities", page), self.graphql(page, ACTIVITY)
                self.assertEqual(rest["status"], graph["status"])
                self.assertEqual(rest["attendance_mode"], graph["attendanceMode"])
                self.assertEqual(rest["event"], snake(graph["event"]))
                self.assertEqual(rest["themes"], graph["themes"])
                organisers = [{**o, "id": int(o["id"])} for o in graph["organisers"]]
                self.assertEqual(rest["organisers"], organisers)
                image = rest["image"]
                self.assertEqual(
                    {"path": image["url"].split("/media/")[-1], "width": 640, "height": 360},
                    rendition(graph["image"]["rendition"]),
                )
                self.assertEqual((image["width"], image["height"]), (640, 360))

    def test_calls_to_action(self):
        for page in (self.call, self.call_ar):
            with self.subTest(page=page.title):
                rest, graph = self.rest("pages", page), self.graphql(page, CALL)
                self.assertEqual(rest["status"], graph["status"])
                self.assertEqual(rest["event"], snake(graph["event"]))
                self.assertEqual(rest["themes"], graph["themes"])
                self.assertEqual(
                    [(item["id"], item["title"]) for item in rest["testimonials"]],
                    [(int(item["id"]), item["title"]) for item in graph["testimonials"]],
                )
                raw = [block["rawValue"] for block in graph["body"]]
                values = [json.loads(value) for value in raw[1:]]
                # A card's meta.detail_url is a REST address: GraphQL has no router to name it.
                self.assertEqual(
                    without_detail_urls([block["value"] for block in rest["body"]]),
                    without_detail_urls([raw[0], *values]),
                )

    def test_testimonials(self):
        for page in (self.testimonial, self.testimonial_ar):
            with self.subTest(page=page.title):
                rest, graph = self.rest("testimonials", page), self.graphql(page, TESTIMONIAL)
                self.assertEqual(rest["person_name"], graph["personName"])
                self.assertEqual(rest["quote"], graph["quote"])
                self.assertEqual(rest["country"], graph["country"])
                self.assertEqual(rest["event_country"], graph["eventCountry"])
                self.assertEqual(
                    (rest["organisation"]["id"], rest["organisation"]["name"]),
                    (int(graph["organisation"]["id"]), graph["organisation"]["name"]),
                )
                photo = rest["photo"]
                self.assertEqual(
                    {"path": photo["url"].split("/media/")[-1], "width": 400, "height": 400},
                    rendition(graph["photo"]["rendition"]),
                )

    def test_image_addresses_on_the_host_asked(self):
        host = {"HTTP_HOST": "127.0.0.1:8765"}
        rest = self.client.get(f"/api/v2/testimonials/{self.testimonial.pk}/", **host).json()
        query = f"{{ page(id: {self.testimonial.pk}) {{ {TESTIMONIAL} }} }}"
        response = self.client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json", **host
        )
        photo = response.json()["data"]["page"]["photo"]["rendition"]
        self.assertTrue(photo["url"].startswith("http://127.0.0.1:8765/media/"), photo["url"])
        self.assertEqual(photo["url"], rest["photo"]["full_url"])
