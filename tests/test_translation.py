"""Translators work in wagtail-localize: what they are offered, what reaches the translation."""

import datetime

from django.test import TestCase

from icssi_wagtail.models import ActivityPage, CallToActionPage, TestimonialPage

from .localize import arabic, resync, string_segments, translate
from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_organisation,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)

ARABIC = {
    # Pages
    "Join Iraqi activists at the World Social Forum!": (
        "انضموا إلى الناشطين العراقيين في المنتدى الاجتماعي العالمي!"
    ),
    "Tunis, 24–28 March 2025.": "تونس، 24–28 آذار/مارس 2025.",
    "World Social Forum": "المنتدى الاجتماعي العالمي",
    "El Manar University": "جامعة المنار",
    "Tunis": "تونس",
    "Register on the WSF site": "سجّلوا عبر موقع المنتدى",
    "Anyone endorsing the charter of principles": "كل من يؤيد ميثاق المبادئ",
    "Register now": "سجّلوا الآن",
    "The forum in figures": "المنتدى بالأرقام",
    "Iraqi organisations will take part.": "ستشارك منظمات عراقية.",
    "Activities": "الأنشطة",
    "Water and the marshes": "المياه والأهوار",
    "A parallel meeting in Basra.": "لقاء موازٍ في البصرة.",
    "Basra": "البصرة",
    "Testimonials": "شهادات",
    "Quazi Baby travels to Baghdad": "كوازي بيبي تسافر إلى بغداد",
    "Activist": "ناشطة",
    "If the Iraqi people ask for solidarity, we cannot refuse.": (
        "إذا طلب الشعب العراقي التضامن، لا يمكننا الرفض."
    ),
    "Iraqi Social Forum": "المنتدى الاجتماعي العراقي",
    "Baghdad": "بغداد",
    # Themes
    "Water and armed conflicts": "المياه والنزاعات المسلحة",
    "Water in Iraq, Syria and Turkey.": "المياه في العراق وسوريا وتركيا.",
    "Freedom of expression": "حرية التعبير",
}


def call_to_action_body():
    return [
        ("paragraph", "<p>Iraqi organisations will take part.</p>"),
        ("heading", "The forum in figures"),
        (
            "call_to_action",
            {
                "heading": "Register now",
                "text": "",
                "button": {"label": "Register on the WSF site", "url": "https://fsm2015.org/en"},
            },
        ),
    ]


class TranslationTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.arabic = arabic()
        cls.water = make_theme(
            "Water and armed conflicts",
            slug="water",
            description="Water in Iraq, Syria and Turkey.",
        )
        cls.expression = make_theme("Freedom of expression", slug="expression", sort_order=1)
        cls.organisation = make_organisation("Iraqi Social Forum", acronym="ISF")
        cls.call = make_call_to_action(
            title="Join Iraqi activists at the World Social Forum!",
            slug="wsf",
            standfirst="Tunis, 24–28 March 2025.",
            event_name="World Social Forum",
            venue="El Manar University",
            button_label="Register on the WSF site",
            eligibility="Anyone endorsing the charter of principles",
            eligibility_url="https://fsm2015.org/en/charter",
            registration_opens=datetime.date(2025, 1, 1),
            body=call_to_action_body(),
            themes=[cls.water],
        )
        cls.index = make_activity_index(title="Activities", slug="activities")
        cls.activity = make_activity(
            cls.index,
            title="Water and the marshes",
            slug="marshes",
            summary="A parallel meeting in Basra.",
            city="Basra",
            country="IQ",
            time_zone="Asia/Baghdad",
            online_url="https://meet.example.org/marshes",
            languages=["ar", "en"],
            themes=[cls.water],
            organisations=[cls.organisation],
        )
        cls.testimonials = make_testimonial_index(title="Testimonials", slug="testimonials")
        cls.testimonial = make_testimonial(
            cls.testimonials,
            title="Quazi Baby travels to Baghdad",
            slug="quazi-baby",
            person_role="Activist",
            original_url="https://icssi.example/quazi-baby",
            account_date=datetime.date(2015, 2, 1),
        )


class SegmentsTests(TranslationTestCase):
    """Translators are offered the human text, and only it."""

    def assertOnlyHumanText(self, segments):
        for path, text in segments.items():
            with self.subTest(path=path):
                self.assertNotRegex(text, r"https?://|<[a-z/]|\d{4}-\d\d-\d\d|/")

    def test_call_to_action(self):
        segments = string_segments(self.call)
        self.assertEqual(
            sorted(segments.values()),
            sorted(
                [
                    "Join Iraqi activists at the World Social Forum!",  # title
                    "Join Iraqi activists at the World Social Forum!",  # headline
                    "Tunis, 24–28 March 2025.",
                    "World Social Forum",
                    "El Manar University",
                    "Tunis",
                    "Register on the WSF site",  # button label
                    "Anyone endorsing the charter of principles",
                    "Iraqi organisations will take part.",
                    "The forum in figures",
                    "Register now",
                    "Register on the WSF site",  # the block's button
                ]
            ),
        )
        self.assertOnlyHumanText(segments)
        self.assertNotIn("wsf", segments.values())
        self.assertNotIn("Africa/Tunis", segments.values())

    def test_activity(self):
        segments = string_segments(self.activity)
        self.assertEqual(
            sorted(segments.values()),
            sorted(["Water and the marshes", "A parallel meeting in Basra.", "Basra"]),
        )

    def test_testimonial(self):
        segments = string_segments(self.testimonial)
        self.assertEqual(
            sorted(segments.values()),
            sorted(
                [
                    "Quazi Baby travels to Baghdad",
                    "Activist",
                    "If the Iraqi people ask for solidarity, we cannot refuse.",
                    "Iraqi Social Forum",
                    "Baghdad",
                ]
            ),
        )

    def test_theme_and_organisation(self):
        self.assertEqual(
            sorted(string_segments(self.water).values()),
            ["Water and armed conflicts", "Water in Iraq, Syria and Turkey."],
        )
        organisation = make_organisation(
            "PDAP", city="Dhaka", description="A people’s organisation in Bangladesh."
        )
        self.assertEqual(
            sorted(string_segments(organisation).values()),
            ["A people’s organisation in Bangladesh.", "Dhaka"],
        )


class ArabicTranslationTests(TranslationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for theme in (cls.water, cls.expression):
            translate(theme, cls.arabic, ARABIC)
        translate(cls.index, cls.arabic, ARABIC)
        translate(cls.testimonials, cls.arabic, ARABIC)
        cls.call_ar = translate(cls.call, cls.arabic, ARABIC)
        cls.activity_ar = translate(cls.activity, cls.arabic, ARABIC)
        cls.testimonial_ar = translate(cls.testimonial, cls.arabic, ARABIC)

    def test_translations_are_published_with_synchronised_fields(self):
        call = self.call_ar
        self.assertTrue(call.live)
        self.assertEqual(call.headline, ARABIC[self.call.headline])
        self.assertEqual(call.slug, "wsf")
        self.assertEqual(
            (call.start_date, call.time_zone, call.country.code),
            (self.call.start_date, "Africa/Tunis", "TN"),
        )
        self.assertEqual(call.starts_at, self.call.starts_at)
        self.assertEqual(call.registration_url, "https://fsm2015.org/en")
        self.assertEqual([theme.slug for theme in call.themes.all()], ["water"])
        button = call.body[2].value["button"]
        self.assertEqual(button["label"], ARABIC["Register on the WSF site"])
        self.assertEqual(button["url"], "https://fsm2015.org/en")

        activity = ActivityPage.objects.get(pk=self.activity_ar.pk)
        self.assertEqual(activity.languages, ["ar", "en"])
        self.assertEqual(activity.online_url, "https://meet.example.org/marshes")
        self.assertEqual(
            [link.organisation_id for link in activity.organisers.all()], [self.organisation.pk]
        )
        testimonial = TestimonialPage.objects.get(pk=self.testimonial_ar.pk)
        self.assertEqual(testimonial.person_name, "Quazi Baby")
        self.assertEqual(testimonial.quote, ARABIC[self.testimonial.quote])
        self.assertEqual(testimonial.account_date, datetime.date(2015, 2, 1))

    def test_arabic_pages_render_right_to_left_with_translated_themes(self):
        for page in (self.call_ar, self.activity_ar, self.testimonial_ar):
            with self.subTest(page=page.title):
                self.assertTrue(page.url.startswith("/ar/"), page.url)
                response = self.client.get(page.url)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, '<html lang="ar" dir="rtl"')
                self.assertContains(response, page.title)
        response = self.client.get(self.call_ar.url)
        self.assertContains(response, ARABIC["Water and armed conflicts"])
        self.assertNotContains(response, "Water and armed conflicts")
        # The activity of the call's theme, in Arabic.
        self.assertContains(response, ARABIC["Water and the marshes"])

    def test_head_links_live_translations_and_names_the_locale(self):
        response = self.client.get(self.call_ar.url)
        english, arabic = self.call.full_url, self.call_ar.full_url
        self.assertTrue(arabic.endswith("/ar/wsf/"), arabic)
        self.assertContains(response, f'<link rel="canonical" href="{arabic}">', html=True)
        self.assertContains(response, f'<link rel="alternate" hreflang="en" href="{english}">')
        self.assertContains(response, f'<link rel="alternate" hreflang="ar" href="{arabic}">')
        self.assertContains(
            response, f'<link rel="alternate" hreflang="x-default" href="{english}">'
        )
        self.assertContains(response, '<meta property="og:locale" content="ar_IQ">')
        self.assertContains(response, '<meta property="og:locale:alternate" content="en_GB">')
        # A translation that is not live is not offered.
        self.activity_ar.unpublish()
        response = self.client.get(self.activity.url)
        self.assertNotContains(response, 'hreflang="ar"')
        self.assertNotContains(response, "og:locale:alternate")

    def test_language_switcher_links_the_live_translations(self):
        response = self.client.get(self.call.url)
        self.assertContains(
            response,
            f'<a href="{self.call_ar.full_url}" hreflang="ar" lang="ar" dir="auto">العربيّة</a>',
            html=True,
        )
        self.assertContains(
            response, '<span aria-current="page" lang="en" dir="auto">English</span>', html=True
        )
        response = self.client.get(self.call_ar.url)
        self.assertContains(response, 'aria-label="هذه الصفحة بلغات أخرى"')
        self.activity_ar.unpublish()
        self.assertNotContains(self.client.get(self.activity.url), "icssi-languages")

    def test_interface_dates_and_countries_in_arabic(self):
        response = self.client.get(self.activity_ar.url)
        self.assertContains(response, "من تنظيم")  # "Organised by", from the app's catalogue
        self.assertContains(response, "العراق")  # Iraq, from django-countries' catalogue
        self.assertContains(response, "24 مارس 2025")  # Django's Arabic date format
        # The event's own time, with its offset (Asia/Baghdad has no abbreviation in letters),
        # and the Arabic comma between the date and the time; never the zone's IANA name.
        self.assertContains(response, "<bdi>UTC+03:00</bdi>")
        self.assertContains(response, "24 مارس 2025، ")
        self.assertNotContains(response, "Asia/Baghdad")
        self.assertNotContains(response, "Organised by")

    def test_api_in_arabic(self):
        response = self.client.get("/api/v2/activities/", {"locale": "ar", "fields": "*"})
        self.assertEqual(response.status_code, 200)
        (item,) = response.json()["items"]
        self.assertEqual(item["title"], ARABIC["Water and the marshes"])
        self.assertEqual(item["summary"], ARABIC["A parallel meeting in Basra."])
        self.assertEqual(item["meta"]["locale"], "ar")
        self.assertEqual(
            item["themes"], [{"slug": "water", "name": ARABIC["Water and armed conflicts"]}]
        )
        # The theme filter takes the same slug in every language.
        response = self.client.get("/api/v2/activities/", {"locale": "ar", "theme": "water"})
        self.assertEqual(response.json()["meta"]["total_count"], 1)

        themes = self.client.get("/api/v2/themes/", {"locale": "ar"}).json()["items"]
        self.assertEqual(
            [(theme["slug"], theme["name"]) for theme in themes],
            [
                ("water", ARABIC["Water and armed conflicts"]),
                ("expression", ARABIC["Freedom of expression"]),
            ],
        )

    def test_edit_to_a_synchronised_field_reaches_the_translation_after_a_resync(self):
        call = CallToActionPage.objects.get(pk=self.call.pk)
        call.start_date = datetime.date(2025, 4, 2)
        call.end_date = datetime.date(2025, 4, 5)
        call.registration_url = "https://fsm2025.example/register"
        call.themes.set([self.water, self.expression])
        call.save_revision().publish()

        translated = CallToActionPage.objects.get(pk=self.call_ar.pk)
        self.assertEqual(translated.start_date, datetime.date(2025, 3, 24))

        translated = CallToActionPage.objects.get(pk=resync(call, self.arabic).pk)
        self.assertEqual(translated.start_date, datetime.date(2025, 4, 2))
        self.assertEqual(translated.starts_at, call.starts_at)
        self.assertEqual(translated.registration_url, "https://fsm2025.example/register")
        self.assertEqual(
            sorted(theme.slug for theme in translated.themes.all()), ["expression", "water"]
        )
        # The translators' work is kept.
        self.assertEqual(translated.headline, ARABIC[self.call.headline])
        self.assertTrue(translated.live)
        self.assertFalse(translated.has_unpublished_changes)
