"""Properties of the parsers and validators, checked with hypothesis on generated input.

Arbitrary text never raises anything but ``ValidationError`` (or a 400 from the API), and
valid input comes back unchanged. The ``ci`` profile, the default, is deterministic
(``derandomize``) and small; ``HYPOTHESIS_PROFILE=dev`` explores more, at random::

    HYPOTHESIS_PROFILE=dev .venv/bin/python -m pytest tests/test_properties.py
"""

import datetime
import os
import string
import unicodedata
import zoneinfo
from urllib.parse import urlsplit

from django.conf import global_settings
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.test import RequestFactory, override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from wagtail.api.v2.utils import BadRequestError
from wagtail.models import Locale

from icssi_wagtail.api.filters import ActivityQueryForm
from icssi_wagtail.api.pagination import bounded_int
from icssi_wagtail.forms import ActivityFilterForm
from icssi_wagtail.models import ActivityPage, AttendanceMode
from icssi_wagtail.models.fields import LanguageCodesField, TimeZoneField, WebURLFormField
from icssi_wagtail.models.listing import clean_theme_slugs
from icssi_wagtail.validators import (
    BIDI_CONTROLS,
    WebURLValidator,
    validate_no_control_characters,
    validate_time_zone,
)

from .clock import NOW
from .utils import make_activity, make_activity_index, make_organisation, make_theme

settings.register_profile(
    "ci",
    max_examples=60,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=500, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Values people and robots put in query strings, and any text at all.
SPECIAL = [
    "",
    " ",
    "%",
    "_",
    "'",
    "\x00",
    "\u202e",
    "-1",
    "0",
    str(10**20),
    "x" * 5000,
    "<script>alert(1)</script>",
    "water",
    "sports",
    "water,sports",
    "true",
    "false",
    "all",
    "upcoming",
    "past",
    "parallel",
    "IQ",
    "iq",
    "2025-03-25",
    "en",
    "ar",
]
# Any text, with the characters that matter here (controls, bidi, SQL and URL syntax) frequent.
TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs",)),
        st.sampled_from(sorted(BIDI_CONTROLS) + list("\x00\t\n\x7f%_'<>:/,² ")),
    )
)
VALUES = st.one_of(
    TEXT.filter(lambda value: len(value) <= 40),
    st.sampled_from(SPECIAL),
    st.integers(min_value=-(10**25), max_value=10**25).map(str),
)
SPECIAL_URLS = [
    "https://example.org/",
    "http://example.org/a b",
    "https://example.org/\x00",
    "mailto:forum@example.org",
    "mailto:forum@example.org?subject=<script>",
    "mailto:javascript:alert(1)",
    "//example.org/",
    "https:///example.org",
    "https://例え.テスト/",
    "https://example.org:99999/",
]
LANGUAGE_CODES = [code for code, _name in global_settings.LANGUAGES]


def query(names):
    """Query strings over ``names``: each present 0 to 3 times, with any value."""
    return st.dictionaries(st.sampled_from(names), st.lists(VALUES, max_size=3), max_size=5)


def querydict(data):
    result = QueryDict(mutable=True)
    for name, values in data.items():
        result.setlist(name, values)
    return result


class ValidatorProperties(TestCase):
    @given(TEXT)
    def test_control_characters_are_refused_exactly(self, value):
        forbidden = [
            char for char in value if char in BIDI_CONTROLS or unicodedata.category(char) == "Cc"
        ]
        try:
            validate_no_control_characters(value)
        except ValidationError as error:
            self.assertTrue(forbidden)
            self.assertIn(error.code, ("control_character", "bidi_control"))
            self.assertTrue(error.messages[0].endswith("."))
        else:
            self.assertEqual(forbidden, [])

    @given(
        TEXT,
        st.one_of(st.sampled_from(sorted(BIDI_CONTROLS)), st.characters(categories=["Cc"])),
        TEXT,
    )
    def test_one_control_character_anywhere_is_refused(self, before, control, after):
        with self.assertRaises(ValidationError):
            validate_no_control_characters(before + control + after)

    @given(st.text(st.characters(exclude_categories=("Cc", "Cs"))))
    def test_text_without_control_characters_is_accepted(self, value):
        value = "".join(char for char in value if char not in BIDI_CONTROLS)
        validate_no_control_characters(value)

    @given(st.one_of(TEXT, st.sampled_from(SPECIAL_URLS)), st.booleans())
    def test_web_addresses_are_http_or_https(self, value, allow_mailto):
        validator = WebURLValidator(allow_mailto=allow_mailto)
        try:
            validator(value)
        except ValidationError as error:
            self.assertTrue(error.messages[0].endswith("."))
        else:
            scheme = urlsplit(value).scheme.lower()
            self.assertIn(
                scheme, ("http", "https", "mailto") if allow_mailto else ("http", "https")
            )
            self.assertFalse(set(value) & set(string.whitespace))

    @given(
        st.sampled_from(["javascript:", "JavaScript:", " javascript:", "data:", "vbscript:"]),
        TEXT,
    )
    def test_script_and_data_addresses_are_always_refused(self, scheme, rest):
        for allow_mailto in (False, True):
            with self.assertRaises(ValidationError):
                WebURLValidator(allow_mailto=allow_mailto)(scheme + rest)

    @given(
        st.sampled_from(["http", "https", "HTTPS"]),
        st.from_regex(r"[a-z][a-z0-9-]{0,20}[a-z0-9]", fullmatch=True),
        st.sampled_from(["org", "example", "iq", "tn"]),
        st.from_regex(r"(/[A-Za-z0-9._~-]{0,12}){0,3}(\?[a-z]=[0-9]{1,4})?", fullmatch=True),
    )
    def test_valid_web_addresses_round_trip(self, scheme, host, domain, path):
        url = f"{scheme}://{host}.{domain}{path}"
        self.assertEqual(WebURLFormField().clean(url), url)
        self.assertEqual(WebURLFormField().clean(f"  {url}\n"), url)

    @given(st.one_of(TEXT, st.sampled_from(["../../etc/passwd", "/etc/passwd", "Europe/"])))
    def test_time_zones(self, value):
        try:
            validate_time_zone(value)
        except ValidationError as error:
            self.assertEqual(error.code, "invalid_time_zone")
        else:
            if value:
                zoneinfo.ZoneInfo(value)

    @given(st.sampled_from(sorted(zoneinfo.available_timezones())))
    def test_every_known_time_zone_round_trips(self, name):
        self.assertEqual(TimeZoneField().clean(name, None), name)

    @given(st.lists(st.sampled_from(LANGUAGE_CODES), max_size=6))
    def test_language_codes_round_trip(self, codes):
        field = LanguageCodesField()
        stored = field.get_prep_value(codes)
        self.assertEqual(field.to_python(stored), codes)
        field.validate(field.to_python(stored), None)

    @given(st.one_of(TEXT, st.lists(st.sampled_from([*LANGUAGE_CODES, "xx"])).map(" ".join)))
    def test_language_codes_from_any_text(self, value):
        field = LanguageCodesField()
        codes = field.to_python(value)
        self.assertEqual(codes, value.split())
        try:
            field.validate(codes, None)
        except ValidationError as error:
            self.assertEqual(error.code, "invalid_language")
            self.assertTrue(set(codes) - set(LANGUAGE_CODES))
        else:
            self.assertTrue(set(codes) <= set(LANGUAGE_CODES))


class FilterParsingProperties(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water", slug="water")
        cls.sports = make_theme("Sports", slug="sports")
        cls.forum = make_organisation("Iraqi Social Forum", country="IQ")
        index = make_activity_index()
        make_activity(index, themes=[cls.water], organisations=[cls.forum], country="IQ")
        make_activity(
            index,
            themes=[cls.water, cls.sports],
            start_date=datetime.date(2015, 3, 25),
            attendance_mode="parallel",
        )
        cls.index = index

    @given(query(["theme", "organisation", "mode", "country", "when", "per_page", "page", "q"]))
    def test_listing_filters_parse_and_round_trip(self, data):
        locale = Locale.get_default()
        form = ActivityFilterForm(querydict(data), locale=locale)
        form.is_valid()
        filters = form.get_filters()
        self.assertTrue(set(filters.themes) <= {"water", "sports"})
        self.assertIn(filters.organisation, (None, self.forum))
        self.assertIn(filters.mode, (None, *AttendanceMode.values))
        self.assertIn(filters.when, (None, "upcoming", "past"))
        # The query string the listing puts in its page links parses back to the same filters.
        again = ActivityFilterForm(QueryDict(form.query_string()), locale=locale)
        self.assertTrue(again.is_valid(), again.errors)
        self.assertEqual(again.get_filters(), filters)
        self.assertEqual(again.query_string(), form.query_string())

    @settings(max_examples=15)
    @given(query(["theme", "organisation", "mode", "country", "when", "per_page", "page"]))
    def test_listing_page_answers_200(self, data):
        response = self.client.get(self.index.url, querydict(data))
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(b"<script>alert(1)</script>", response.content)

    @given(query([*ActivityQueryForm.base_fields, "limit", "offset", "locale", "child_of"]))
    def test_api_filters_answer_200_or_400(self, data):
        response = self.client.get("/api/v2/activities/", querydict(data))
        self.assertIn(response.status_code, (200, 400))
        body = response.json()
        if response.status_code == 400:
            self.assertTrue(body["message"])
        else:
            self.assertLessEqual(len(body["items"]), 100)

    @given(
        theme=st.lists(st.sampled_from(["water", "sports"]), max_size=2),
        theme_match=st.sampled_from(["", "any", "all"]),
        mode=st.sampled_from(["", *AttendanceMode.values]),
        country=st.sampled_from(["", "IQ", "iq", "TN"]),
        upcoming=st.sampled_from(["", "true", "false"]),
        limit=st.integers(min_value=0, max_value=100),
    )
    def test_valid_api_filters_are_applied(
        self, theme, theme_match, mode, country, upcoming, limit
    ):
        params = {"theme": ",".join(theme), "theme_match": theme_match, "mode": mode}
        params |= {"country": country, "upcoming": upcoming, "limit": limit, "fields": "*"}
        response = self.client.get("/api/v2/activities/", params)
        self.assertEqual(response.status_code, 200, response.content[:200])
        items = response.json()["items"]
        self.assertLessEqual(len(items), limit)
        for item in items:
            slugs = {entry["slug"] for entry in item["themes"]}
            if theme and theme_match == "all":
                self.assertTrue(set(theme) <= slugs)
            elif theme:
                self.assertTrue(set(theme) & slugs)
            if mode:
                self.assertEqual(item["attendance_mode"]["value"], mode)
            if country:
                self.assertEqual(item["event"]["country"]["code"], country.upper())
            if upcoming:
                ended = ActivityPage.objects.get(pk=item["id"]).ends_at < NOW
                self.assertEqual(ended, upcoming == "false")

    @given(st.one_of(VALUES, st.integers(min_value=0, max_value=100).map(str)))
    def test_limits_are_bounded_whole_numbers(self, value):
        request = RequestFactory().get("/", {"limit": value})
        try:
            limit = bounded_int(request, "limit", 20, 100)
        except BadRequestError as error:
            self.assertIn("limit: Give a whole number from 0 to 100.", str(error))
        else:
            self.assertTrue(0 <= limit <= 100)
            self.assertEqual(limit, int(value) if value else 20)


# Theme slugs as they come: known ones repeated, blanks, padding and any text.
THEME_SLUGS = st.lists(
    st.one_of(st.sampled_from(["water", "sports", " water ", "", " ", "t1", "t2", "t3"]), VALUES),
    max_size=40,
)


class ThemeSlugProperties(TestCase):
    """``clean_theme_slugs``, the one parser of ``theme`` in the listing and the API."""

    @given(THEME_SLUGS, st.integers(min_value=1, max_value=25))
    def test_each_slug_once_in_order_at_most_the_setting(self, slugs, limit):
        given_slugs = [slug.strip() for slug in slugs if slug.strip()]
        with override_settings(ICSSI_WAGTAIL={"MAX_THEME_FILTERS": limit}):
            try:
                cleaned = clean_theme_slugs(slugs)
            except ValidationError as error:
                self.assertEqual(error.code, "too_many_themes")
                self.assertEqual(
                    error.messages, [f"Choose at most {limit} theme{'s' * (limit > 1)}."]
                )
                self.assertGreater(len(set(given_slugs)), limit)
                return
            self.assertLessEqual(len(set(given_slugs)), limit)
            self.assertEqual(set(cleaned), set(given_slugs))
            self.assertEqual(len(cleaned), len(set(cleaned)))
            self.assertEqual(cleaned, sorted(cleaned, key=given_slugs.index))
            self.assertEqual(clean_theme_slugs(cleaned), cleaned)

    @given(THEME_SLUGS)
    def test_the_api_and_the_listing_read_theme_alike(self, slugs):
        slugs = [slug for slug in slugs if "," not in slug]
        api = ActivityQueryForm({"theme": ",".join(slugs)})
        listing = ActivityFilterForm(querydict({"theme": slugs}), locale=Locale.get_default())
        api.is_valid()
        listing.is_valid()
        too_many = len({slug.strip() for slug in slugs if slug.strip()}) > 20
        self.assertEqual("Choose at most 20 themes." in api.errors.get("theme", []), too_many)
        self.assertEqual("Choose at most 20 themes." in listing.errors.get("theme", []), too_many)
        if "theme" not in api.errors and "theme" not in listing.errors:
            self.assertEqual(api.cleaned_data["theme"], listing.cleaned_data["theme"])
