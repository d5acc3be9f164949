"""Item 1 of issue 17: labels and country names in the language of the page or snippet.

A choice's label (a call's status, an activity's status and attendance, an organisation's
relationship) and a country's name come in the language of the object they belong to, whatever
language the request asks for: Arabic on Arabic pages, English on English ones.
"""

from django.test import TestCase

from . import translated_site

ARABIC = {"HTTP_ACCEPT_LANGUAGE": "ar"}


class LanguageOfThePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        translated_site.build(cls)

    def get(self, url, **headers):
        response = self.client.get(url, **headers)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response.json()

    def test_arabic_call_to_action(self):
        page = self.get(f"/api/v2/pages/{self.call_ar.pk}/")
        self.assertEqual(page["status"], {"value": "open", "label": "التسجيل مفتوح"})
        self.assertEqual(page["event"]["country"], {"code": "TN", "name": "تونس"})

    def test_english_call_to_action_even_when_arabic_is_asked_for(self):
        page = self.get(f"/api/v2/pages/{self.call.pk}/", **ARABIC)
        self.assertEqual(page["status"], {"value": "open", "label": "Registration open"})
        self.assertEqual(page["event"]["country"], {"code": "TN", "name": "Tunisia"})

    def test_arabic_activity(self):
        activity = self.get(f"/api/v2/activities/{self.activity_ar.pk}/")
        self.assertEqual(activity["status"], {"value": "scheduled", "label": "مُجدوَل"})
        self.assertEqual(activity["attendance_mode"]["value"], "in_person")
        self.assertNotIn("forum", activity["attendance_mode"]["label"])
        self.assertEqual(activity["event"]["country"]["name"], "تونس")
        self.assertEqual(activity["organisers"][0]["country"]["name"], "تونس")

    def test_a_list_names_each_in_its_own_language(self):
        for locale, label, country in (("ar", "مُجدوَل", "تونس"), ("en", "Scheduled", "Tunisia")):
            with self.subTest(locale=locale):
                url = f"/api/v2/activities/?fields=status,event,organisers&locale={locale}"
                (item,) = self.get(url, HTTP_ACCEPT_LANGUAGE="en" if locale == "ar" else "ar")[
                    "items"
                ]
                self.assertEqual(item["status"]["label"], label)
                self.assertEqual(item["event"]["country"]["name"], country)
                self.assertEqual(item["organisers"][0]["country"]["name"], country)

    def test_english_activity_even_when_arabic_is_asked_for(self):
        activity = self.get(f"/api/v2/activities/{self.activity.pk}/", **ARABIC)
        self.assertEqual(activity["status"]["label"], "Scheduled")
        self.assertEqual(activity["event"]["country"]["name"], "Tunisia")

    def test_arabic_testimonial_and_organisation(self):
        testimonial = self.get(f"/api/v2/testimonials/{self.testimonial_ar.pk}/")
        self.assertEqual(testimonial["country"]["name"], "تونس")
        self.assertEqual(testimonial["event_country"]["name"], "العراق")
        organisation = self.get(f"/api/v2/organisations/{self.organisation_ar.pk}/")
        self.assertEqual(organisation["country"]["name"], "تونس")
        self.assertNotEqual(organisation["relationship"]["label"], "Iraqi Social Forum member")
        english = self.get(f"/api/v2/organisations/{self.organisation.pk}/", **ARABIC)
        self.assertEqual(english["relationship"]["label"], "Iraqi Social Forum member")
