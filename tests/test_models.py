import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings

from icssi_wagtail.models import ActivityPage, CallStatus, CallToActionPage, TestimonialPage

from .utils import (
    make_activity,
    make_activity_index,
    make_call_to_action,
    make_testimonial,
    make_testimonial_index,
    make_theme,
)

TUNIS = ZoneInfo("Africa/Tunis")


def at(year, month, day, hour=12, zone=TUNIS):
    return datetime.datetime(year, month, day, hour, tzinfo=zone)


class EventInstantTests(TestCase):
    def test_wall_clock_time_is_stored_as_utc_instant(self):
        index = make_activity_index()
        activity = make_activity(
            index,
            start_date=datetime.date(2015, 3, 24),
            start_time=datetime.time(10, 0),
            end_time=datetime.time(12, 30),
            time_zone="Asia/Baghdad",
        )
        self.assertEqual(
            activity.starts_at, datetime.datetime(2015, 3, 24, 7, 0, tzinfo=datetime.UTC)
        )
        self.assertEqual(
            activity.ends_at, datetime.datetime(2015, 3, 24, 9, 30, tzinfo=datetime.UTC)
        )
        self.assertEqual(activity.local_start.tzinfo, ZoneInfo("Asia/Baghdad"))

    def test_all_day_event_ends_at_end_of_its_last_day(self):
        call = make_call_to_action(
            start_date=datetime.date(2015, 3, 24), end_date=datetime.date(2015, 3, 28)
        )
        self.assertTrue(call.is_all_day)
        self.assertEqual(call.local_end, at(2015, 3, 28, 23).replace(minute=59, second=59))


class CallToActionStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.call = make_call_to_action(
            start_date=datetime.date(2015, 3, 24),
            end_date=datetime.date(2015, 3, 28),
            registration_opens=datetime.date(2015, 1, 10),
            registration_closes=datetime.date(2015, 3, 20),
        )

    def test_status_follows_the_dates_in_the_event_time_zone(self):
        cases = [
            (at(2015, 1, 1), CallStatus.UPCOMING),
            (at(2015, 2, 1), CallStatus.OPEN),
            (at(2015, 3, 15), CallStatus.CLOSING_SOON),
            (at(2015, 3, 22), CallStatus.CLOSED),
            (at(2015, 3, 26), CallStatus.CLOSED),
            (at(2015, 3, 29), CallStatus.TOOK_PLACE),
        ]
        for now, expected in cases:
            with self.subTest(now=now):
                self.assertEqual(self.call.get_status(now), expected)

    def test_closing_day_is_judged_in_event_time_zone_not_utc(self):
        # 23:30 in Tunis on the closing day is already the next day in Baghdad, but
        # registration is still open where the event takes place.
        late = datetime.datetime(2015, 3, 20, 23, 30, tzinfo=TUNIS)
        self.assertEqual(self.call.get_status(late), CallStatus.CLOSING_SOON)
        after = datetime.datetime(2015, 3, 21, 0, 30, tzinfo=TUNIS)
        self.assertEqual(self.call.get_status(after), CallStatus.CLOSED)

    @override_settings(ICSSI_WAGTAIL={"CLOSING_SOON_DAYS": 1})
    def test_closing_soon_window_is_a_setting(self):
        self.assertEqual(self.call.get_status(at(2015, 3, 15)), CallStatus.OPEN)

    def test_without_registration_dates_it_is_open_until_the_event_ends(self):
        call = make_call_to_action(
            start_date=datetime.date(2015, 3, 24), end_date=datetime.date(2015, 3, 28)
        )
        self.assertEqual(call.get_status(at(2014, 1, 1)), CallStatus.OPEN)
        self.assertEqual(call.get_status(at(2015, 4, 1)), CallStatus.TOOK_PLACE)


class ValidationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = make_activity_index()

    def assertRejected(self, page, field, message):
        with self.assertRaises(ValidationError) as caught:
            page.full_clean()
        self.assertIn(field, caught.exception.message_dict)
        self.assertIn(message, " ".join(caught.exception.message_dict[field]))

    def activity(self, **kwargs):
        defaults = {
            "title": "Water and armed conflict",
            "slug": "water",
            "summary": "Iraq, Syria and Turkey.",
            "start_date": datetime.date(2015, 3, 25),
            "time_zone": "Africa/Tunis",
        }
        page = ActivityPage(**{**defaults, **kwargs})
        page.path, page.depth = "00010001ZZZZ", 3  # full_clean needs a tree position
        return page

    def call(self, **kwargs):
        defaults = {
            "title": "Call",
            "slug": "call",
            "headline": "Join us",
            "event_name": "WSF",
            "start_date": datetime.date(2015, 3, 24),
            "time_zone": "Africa/Tunis",
        }
        page = CallToActionPage(**{**defaults, **kwargs})
        page.path, page.depth = "00010001ZZZY", 3
        return page

    def test_valid_activity_passes(self):
        self.activity(end_date=datetime.date(2015, 3, 25)).full_clean()

    def test_end_date_before_start_date(self):
        self.assertRejected(
            self.activity(end_date=datetime.date(2015, 3, 24)),
            "end_date",
            "The end date must not be before the start date.",
        )

    def test_end_time_before_start_time(self):
        self.assertRejected(
            self.activity(start_time=datetime.time(14), end_time=datetime.time(9)),
            "end_time",
            "The end time must not be before the start time.",
        )

    def test_registration_closing_before_opening(self):
        self.assertRejected(
            self.call(
                registration_opens=datetime.date(2015, 2, 1),
                registration_closes=datetime.date(2015, 1, 1),
            ),
            "registration_closes",
            "Registration must not close before it opens.",
        )

    def test_unknown_time_zone(self):
        self.assertRejected(
            self.activity(time_zone="Mars/Olympus_Mons"),
            "time_zone",
            "“Mars/Olympus_Mons” is not a known time zone.",
        )

    def test_only_web_addresses(self):
        for url in ("javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi"):
            with self.subTest(url=url):
                self.assertRejected(
                    self.activity(registration_url=url),
                    "registration_url",
                    "Enter a web address starting with https:// or http://.",
                )

    def test_mailto_only_where_it_fits(self):
        self.activity(registration_url="mailto:forum@example.org").full_clean()
        self.assertRejected(
            self.activity(online_url="mailto:forum@example.org"),
            "online_url",
            "Enter a web address starting with https:// or http://.",
        )
        self.assertRejected(
            self.activity(registration_url="mailto:not an address"),
            "registration_url",
            "Enter a mailto: link with a valid e-mail address.",
        )

    def test_control_and_bidi_characters_in_titles_and_names(self):
        self.assertRejected(
            self.call(title="Join\x00us"), "title", "Remove the control character (U+0000)"
        )
        self.assertRejected(
            self.call(event_name="WSF \u202e5102"),
            "event_name",
            "Remove the invisible text-direction character (U+202E).",
        )

    def test_arabic_text_is_not_mistaken_for_control_characters(self):
        self.call(
            title="انضموا إلى الناشطين العراقيين", event_name="المنتدى الاجتماعي"
        ).full_clean()

    def test_unknown_language_code(self):
        self.assertRejected(
            self.activity(languages=["ar", "xx"]), "languages", "Unknown language code: xx."
        )

    def test_recorded_consent_needs_its_date(self):
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        photo = Image.objects.create(title="Portrait", file=get_test_image_file())
        testimonial_index = make_testimonial_index()
        page = TestimonialPage(
            title="Account", slug="account", person_name="Quazi Baby", quote="…", photo=photo
        )
        page.path, page.depth = testimonial_index.path + "0001", testimonial_index.depth + 1
        page.full_clean()  # a photo whose consent is not (or no longer) recorded is kept, hidden
        page.photo_consent = True
        self.assertRejected(
            page, "photo_consent_date", "Enter the date the person gave their consent."
        )


class TestimonialPhotoTests(TestCase):
    def test_photo_is_visible_only_with_consent(self):
        from wagtail.images.models import Image
        from wagtail.images.tests.utils import get_test_image_file

        photo = Image.objects.create(title="Portrait", file=get_test_image_file())
        page = make_testimonial(
            make_testimonial_index(),
            photo=photo,
            photo_consent=True,
            photo_consent_date=datetime.date(2013, 9, 1),
        )
        self.assertEqual(page.visible_photo, photo)
        page.photo_consent = False
        self.assertIsNone(page.visible_photo)


class ThemeTaggingTests(TestCase):
    def test_theme_names_resolve_to_existing_themes_only(self):
        water = make_theme("Water and armed conflicts", slug="water")
        index = make_activity_index()
        activity = make_activity(index)
        activity.themes.add("Water and armed conflicts")
        self.assertEqual(list(activity.themes.all()), [water])
        with self.assertRaisesMessage(ValueError, "Unknown theme(s): Free tag."):
            activity.themes.add("Free tag")

    def test_duplicate_slug_in_one_locale_is_refused_with_a_message(self):
        make_theme("Water", slug="water")
        from wagtail.models import Locale

        from icssi_wagtail.models import Theme

        duplicate = Theme(name="Water again", slug="water", locale=Locale.get_default())
        with self.assertRaises(ValidationError) as caught:
            duplicate.full_clean()
        self.assertIn("Another theme already uses this slug.", caught.exception.messages)
