"""GraphQL through wagtail-grapple (the ``graphql`` extra), queried as a front end would:
POST /graphql/ on the test site, which enables grapple when it is installed (tests/settings.py).
"""

import datetime
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
import unittest

from django.db import connection
from django.test import SimpleTestCase, TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Locale, PageViewRestriction

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
    translate_theme,
)

GRAPPLE_INSTALLED = importlib.util.find_spec("grapple") is not None
needs_grapple = unittest.skipUnless(
    GRAPPLE_INSTALLED,
    "wagtail-grapple is not installed: pip install -e '.[graphql]' to run the GraphQL tests",
)

CONSENTED = {"photo_consent": True, "photo_consent_date": datetime.date(2013, 9, 1)}

CALL_FIELDS = """
    ... on CallToActionPage {
        language headline standfirst eventName
        event { start end timeZone allDay venue city country { code name } }
        startsAt endsAt
        status { value label }
        buttonLabel registrationUrl registrationOpens registrationCloses
        eligibility eligibilityUrl
        themes { slug name }
        testimonials { id title ... on TestimonialPage { personName } }
        body { blockType field ... on RichTextBlock { value } }
    }
"""

ACTIVITY_FIELDS = """
    ... on ActivityPage {
        language summary
        event { start end timeZone allDay venue city country { code name } }
        startsAt endsAt
        status { value label }
        attendanceMode { value label }
        onlineUrl registrationUrl languages interpretationLanguages
        themes { slug name }
        organisers { name acronym country { code } website }
        image { id }
        body { blockType field rawValue ... on CharBlock { value } }
    }
"""

TESTIMONIAL_FIELDS = """
    ... on TestimonialPage {
        language personName personRole
        organisation { ... on Organisation { name } }
        country { code name }
        photo { id url }
        quote eventName eventCity eventCountry { code } eventYear accountDate
        originalLanguage translatorCredit originalUrl
        body { blockType field rawValue }
    }
"""


class GraphQLMixin:
    def graphql(self, query):
        """POST ``query`` to /graphql/; return the response's ``data``, failing on any error."""
        response = self.client.post(
            "/graphql/", json.dumps({"query": query}), content_type="application/json"
        )
        self.assertEqual(response.status_code, 200, response.content[:1000])
        result = response.json()
        self.assertNotIn("errors", result, result.get("errors"))
        return result["data"]

    def page(self, page_id, fields):
        return self.graphql(f"{{ page(id: {page_id}) {{ id title {fields} }} }}")["page"]

    def page_ids(self, query):
        return {int(item["id"]) for item in self.graphql(query)[query.split("(")[0][2:]]}


@needs_grapple
class PageTypeFieldsTests(GraphQLMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water", sort_order=2)
        cls.sports = make_theme("Sports against violence", slug="sports", sort_order=1)
        cls.forum = make_organisation("Iraqi Social Forum", acronym="ISF", country="IQ")
        cls.pdap = make_organisation("PDAP", website="https://pdap.example")
        cls.call = make_call_to_action(
            title="WSF 2015",
            standfirst="Four years after the Arab spring.",
            venue="El Manar campus",
            themes=[cls.water, cls.sports],
            eligibility="Anyone endorsing the WSF charter",
            body=[("paragraph", "<p>Join us in <b>Tunis</b>.</p>")],
        )
        cls.index = make_activity_index(parent=cls.call, intro="<p>What members organise.</p>")
        cls.activity = make_activity(
            cls.index,
            title="Water question in Baghdad",
            summary="Dams, wars and rivers.",
            themes=[cls.water],
            organisations=[cls.pdap, cls.forum],
            start_time=datetime.time(18, 0),
            end_time=datetime.time(20, 30),
            time_zone="Asia/Baghdad",
            city="Baghdad",
            country="IQ",
            venue="Al-Mutanabbi street",
            attendance_mode="hybrid",
            online_url="https://meet.example/water",
            languages=["ar", "en"],
            interpretation_languages=["ckb"],
            image=Image.objects.create(title="Tigris", file=get_test_image_file()),
            body=[("heading", "The Tigris"), ("quote", {"quote": "Water is life."})],
        )
        cls.testimonial_index = make_testimonial_index(parent=cls.call, intro="<p>Accounts.</p>")
        cls.testimonial = make_testimonial(
            cls.testimonial_index,
            title="Why we travelled to Baghdad",
            person_role="activist",
            organisation=cls.pdap,
            country="BD",
            photo=Image.objects.create(title="Portrait", file=get_test_image_file()),
            photo_consent=True,
            photo_consent_date=datetime.date(2013, 9, 1),
            account_date=datetime.date(2013, 10, 2),
            original_language="en",
            original_url="https://example.org/quazi",
            body=[("paragraph", "<p>We went.</p>")],
        )
        CallToActionTestimonial.objects.create(page=cls.call, testimonial=cls.testimonial)

    def test_call_to_action(self):
        page = self.page(self.call.pk, CALL_FIELDS)
        self.assertEqual(page["title"], "WSF 2015")
        self.assertEqual(page["language"], "en")
        self.assertEqual(page["headline"], "Join Iraqi activists at the World Social Forum!")
        self.assertEqual(page["standfirst"], "Four years after the Arab spring.")
        self.assertEqual(page["eventName"], "World Social Forum 2015")
        self.assertEqual(
            page["event"],
            {
                "start": "2025-03-24T00:00:00+01:00",
                "end": "2025-03-28T23:59:59+01:00",
                "timeZone": "Africa/Tunis",
                "allDay": True,
                "venue": "El Manar campus",
                "city": "Tunis",
                "country": {"code": "TN", "name": "Tunisia"},
            },
        )
        self.assertEqual(page["startsAt"], "2025-03-23T23:00:00+00:00")
        self.assertEqual(page["status"], {"value": "open", "label": "Registration open"})
        self.assertEqual(page["registrationUrl"], "https://fsm2015.org/en")
        self.assertIsNone(page["registrationOpens"])
        self.assertEqual(page["eligibility"], "Anyone endorsing the WSF charter")
        self.assertEqual(
            page["themes"],
            [
                {"slug": "sports", "name": "Sports against violence"},
                {"slug": "water", "name": "Water and armed conflicts"},
            ],
        )
        self.assertEqual(
            page["testimonials"],
            [
                {
                    "id": str(self.testimonial.pk),
                    "title": "Why we travelled to Baghdad",
                    "personName": "Quazi Baby",
                }
            ],
        )
        self.assertEqual(
            page["body"],
            [
                {
                    "blockType": "ParagraphBlock",
                    "field": "paragraph",
                    "value": "<p>Join us in <b>Tunis</b>.</p>",
                }
            ],
        )

    def test_activity(self):
        page = self.page(self.activity.pk, ACTIVITY_FIELDS)
        self.assertEqual(page["summary"], "Dams, wars and rivers.")
        self.assertEqual(
            page["event"],
            {
                "start": "2025-03-24T18:00:00+03:00",
                "end": "2025-03-24T20:30:00+03:00",
                "timeZone": "Asia/Baghdad",
                "allDay": False,
                "venue": "Al-Mutanabbi street",
                "city": "Baghdad",
                "country": {"code": "IQ", "name": "Iraq"},
            },
        )
        self.assertEqual(
            (page["startsAt"], page["endsAt"]),
            ("2025-03-24T15:00:00+00:00", "2025-03-24T17:30:00+00:00"),
        )
        self.assertEqual(page["status"], {"value": "scheduled", "label": "Scheduled"})
        self.assertEqual(page["attendanceMode"], {"value": "hybrid", "label": "Hybrid"})
        self.assertEqual(page["onlineUrl"], "https://meet.example/water")
        self.assertEqual(
            (page["languages"], page["interpretationLanguages"]), (["ar", "en"], ["ckb"])
        )
        self.assertEqual(page["themes"], [{"slug": "water", "name": "Water and armed conflicts"}])
        self.assertEqual(
            page["organisers"],
            [
                {
                    "name": "PDAP",
                    "acronym": "",
                    "country": {"code": "IQ"},
                    "website": "https://pdap.example",
                },
                {
                    "name": "Iraqi Social Forum",
                    "acronym": "ISF",
                    "country": {"code": "IQ"},
                    "website": "",
                },
            ],
        )
        self.assertEqual(page["image"], {"id": str(self.activity.image_id)})
        heading, quote = page["body"]
        self.assertEqual(
            heading,
            {
                "blockType": "HeadingBlock",
                "field": "heading",
                "rawValue": "The Tigris",
                "value": "The Tigris",
            },
        )
        self.assertEqual(quote["blockType"], "QuoteBlock")
        self.assertEqual(
            json.loads(quote["rawValue"]), {"quote": "Water is life.", "attribution": ""}
        )

    def test_indexes(self):
        for index, intro in (
            (self.index, "What members organise."),
            (self.testimonial_index, "Accounts."),
        ):
            page = self.page(
                index.pk, "... on ActivityIndexPage { intro } ... on TestimonialIndexPage { intro }"
            )
            self.assertEqual(page["intro"], f"<p>{intro}</p>")

    def test_testimonial(self):
        page = self.page(self.testimonial.pk, TESTIMONIAL_FIELDS)
        self.assertEqual(page["personName"], "Quazi Baby")
        self.assertEqual(page["personRole"], "activist")
        self.assertEqual(page["organisation"], {"name": "PDAP"})
        self.assertEqual(page["country"], {"code": "BD", "name": "Bangladesh"})
        self.assertEqual(page["photo"]["id"], str(self.testimonial.photo_id))
        self.assertRegex(page["photo"]["url"], r"^http://testserver/media/original_images/")
        self.assertEqual(page["quote"], "If the Iraqi people ask for solidarity, we cannot refuse.")
        self.assertEqual((page["eventName"], page["eventCity"]), ("Iraqi Social Forum", "Baghdad"))
        self.assertEqual((page["eventCountry"], page["eventYear"]), ({"code": "IQ"}, 2013))
        self.assertEqual(page["accountDate"], "2013-10-02")
        self.assertEqual(page["originalUrl"], "https://example.org/quazi")
        self.assertEqual(
            page["body"],
            [{"blockType": "ParagraphBlock", "field": "paragraph", "rawValue": "<p>We went.</p>"}],
        )

    def test_snippets(self):
        snippets = self.graphql(
            """{ snippets {
                ... on Theme { slug name sortOrder language }
                ... on Organisation { name acronym relationship { value label } language }
            } }"""
        )["snippets"]
        self.assertIn(
            {
                "slug": "water",
                "name": "Water and armed conflicts",
                "sortOrder": 2,
                "language": "en",
            },
            snippets,
        )
        self.assertIn(
            {
                "name": "Iraqi Social Forum",
                "acronym": "ISF",
                "relationship": {"value": "other", "label": "Other"},
                "language": "en",
            },
            snippets,
        )

    def test_snippet_types_do_not_link_back_to_pages(self):
        # An organisation must not lead to the activities that hide it as an organiser.
        fields = self.graphql('{ __type(name: "Organisation") { fields { name } } }')
        self.assertEqual(
            {field["name"] for field in fields["__type"]["fields"]},
            {
                "id",
                "name",
                "acronym",
                "country",
                "city",
                "website",
                "relationship",
                "description",
                "logo",
                "language",
                "snippetType",
                "contentType",
            },
        )

    def test_arabic_translation_in_its_language(self):
        arabic = Locale.objects.create(language_code="ar")
        translate_theme(self.water, arabic, "المياه والنزاعات المسلحة")
        translation = self.call.copy_for_translation(arabic, copy_parents=True)
        translation.save_revision().publish()
        page = self.page(translation.pk, CALL_FIELDS)
        self.assertEqual(page["language"], "ar")
        self.assertEqual(
            page["themes"],
            [
                {"slug": "sports", "name": "Sports against violence"},  # no Arabic name yet
                {"slug": "water", "name": "المياه والنزاعات المسلحة"},
            ],
        )
        self.assertEqual(page["status"], {"value": "open", "label": "التسجيل مفتوح"})
        self.assertEqual(page["event"]["country"], {"code": "TN", "name": "تونس"})
        self.assertEqual(page["event"]["start"], "2025-03-24T00:00:00+01:00")


@needs_grapple
class QueryCountTests(GraphQLMixin, TestCase):
    """A list of pages costs the same number of queries whatever the number of pages: what
    their fields read (parent, language, themes, organisers, images) is fetched for all."""

    QUERY = """{ pages(limit: 100) { id title
        ... on ActivityPage { language parent { id title } themes { slug name }
                              organisers { name } image { title } event { start } }
        ... on CallToActionPage { language parent { id } themes { slug name } }
        ... on TestimonialPage { language parent { id } personName organisation { name }
                                 photo { title } }
    } }"""

    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water")
        cls.organisation = make_organisation("Iraqi Social Forum", acronym="ISF")
        cls.call = make_call_to_action(themes=[cls.water])
        cls.index = make_activity_index(parent=cls.call)
        cls.testimonials = make_testimonial_index(parent=cls.call)

    def add_pages(self, count):
        image = Image.objects.create(title="Tunis", file=get_test_image_file())
        for _ in range(count):
            make_activity(
                self.index, themes=[self.water], organisations=[self.organisation], image=image
            )
            # With consent: a photo without it is hidden wherever it is placed.
            make_testimonial(
                self.testimonials, organisation=self.organisation, photo=image, **CONSENTED
            )
            make_call_to_action(parent=self.call, themes=[self.water])

    def count(self):
        self.graphql(self.QUERY)
        with CaptureQueriesContext(connection) as captured:
            pages = self.graphql(self.QUERY)["pages"]
        return len(captured), pages

    def test_a_list_costs_the_same_queries_for_7_or_28_pages(self):
        self.add_pages(1)
        small, small_pages = self.count()
        self.add_pages(7)
        large, large_pages = self.count()
        self.assertEqual(len(large_pages) - len(small_pages), 7 * 3)
        self.assertEqual(large, small)
        activity = next(page for page in large_pages if page.get("organisers"))
        self.assertEqual(activity["language"], "en")
        self.assertEqual(activity["parent"]["id"], str(self.index.pk))
        self.assertEqual(
            activity["themes"], [{"slug": "water", "name": "Water and armed conflicts"}]
        )
        self.assertEqual(activity["organisers"], [{"name": "Iraqi Social Forum"}])
        self.assertEqual(activity["image"], {"title": "Tunis"})
        testimonial = next(page for page in large_pages if page.get("organisation"))
        self.assertEqual(testimonial["parent"]["id"], str(self.testimonials.pk))

    def test_a_parent_that_is_not_live_is_not_served_from_the_prefetched_list(self):
        self.add_pages(1)
        self.index.unpublish()  # its activities stay live
        _count, pages = self.count()
        activities = [page for page in pages if "organisers" in page]
        self.assertEqual(len(activities), 1)
        self.assertIsNone(activities[0]["parent"])
        calls = [page for page in pages if page.get("parent") and "personName" not in page]
        self.assertIn(str(self.call.pk), {page["parent"]["id"] for page in calls})


@needs_grapple
class NestedListQueryCountTests(GraphQLMixin, TestCase):
    """Lists grapple builds inside a page (``children``, ``descendants``) and a call's
    ``testimonials`` cost the same queries whatever their length (``PrefetchListsMiddleware``,
    which tests/settings.py installs as a site would)."""

    CHILDREN = """{{ page(id: {index}) {{ children {{ id
        ... on ActivityPage {{ parent {{ id }} themes {{ slug }} organisers {{ name }}
                              image {{ title }} }} }} }} }}"""
    TESTIMONIALS = """{{ page(id: {call}) {{ ... on CallToActionPage {{ testimonials {{
        personName parent {{ id }} organisation {{ name }} photo {{ title }} }} }} }} }}"""

    @classmethod
    def setUpTestData(cls):
        cls.water = make_theme("Water and armed conflicts", slug="water")
        cls.organisation = make_organisation("Iraqi Social Forum", acronym="ISF")
        cls.image = Image.objects.create(title="Tunis", file=get_test_image_file())
        cls.call = make_call_to_action(themes=[cls.water])
        cls.index = make_activity_index(parent=cls.call)
        cls.testimonials = make_testimonial_index(parent=cls.call)

    def add(self, count):
        for _ in range(count):
            make_activity(
                self.index, themes=[self.water], organisations=[self.organisation], image=self.image
            )
            testimonial = make_testimonial(
                self.testimonials, organisation=self.organisation, photo=self.image, **CONSENTED
            )
            CallToActionTestimonial.objects.create(page=self.call, testimonial=testimonial)

    def items_for_2_and_8(self, query, field):
        """``field``'s list with 2 and then 8 of each page, asserting that both cost the same
        queries; the second list."""
        counts = []
        for add, expected in ((2, 2), (6, 8)):
            self.add(add)
            self.graphql(query)
            with CaptureQueriesContext(connection) as captured:
                items = self.graphql(query)["page"][field]
            self.assertEqual(expected, len(items))
            counts.append(len(captured))
        self.assertEqual(counts[0], counts[1])
        return items

    def test_children_cost_the_same_queries_for_2_or_8(self):
        child = self.items_for_2_and_8(self.CHILDREN.format(index=self.index.pk), "children")[0]
        self.assertEqual(
            (child["parent"]["id"], child["themes"], child["organisers"], child["image"]),
            (
                str(self.index.pk),
                [{"slug": "water"}],
                [{"name": "Iraqi Social Forum"}],
                {"title": "Tunis"},
            ),
        )

    def test_a_calls_testimonials_cost_the_same_queries_for_2_or_8(self):
        query = self.TESTIMONIALS.format(call=self.call.pk)
        testimonial = self.items_for_2_and_8(query, "testimonials")[0]
        self.assertEqual(testimonial["organisation"], {"name": "Iraqi Social Forum"})
        self.assertEqual(testimonial["parent"], {"id": str(self.testimonials.pk)})


@needs_grapple
class VisibilityTests(GraphQLMixin, TestCase):
    """Drafts, private pages and unpublished translations stay out of every query."""

    @classmethod
    def setUpTestData(cls):
        cls.call = make_call_to_action(title="Zebra call")
        cls.index = make_activity_index(parent=cls.call)
        cls.live = make_activity(cls.index, title="Zebra live")
        cls.draft = make_activity(cls.index, title="Zebra draft", publish_it=False)
        cls.private = make_activity(cls.index, title="Zebra private")
        PageViewRestriction.objects.create(
            page=cls.private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        # An Arabic translation made but not published: a draft in its own tree.
        cls.arabic = cls.call.copy_for_translation(
            Locale.objects.create(language_code="ar"), copy_parents=True
        )
        testimonials = make_testimonial_index(parent=cls.call)
        cls.public_testimonial = make_testimonial(testimonials, person_name="Public Person")
        cls.draft_testimonial = make_testimonial(testimonials, person_name="Draft Person")
        cls.draft_testimonial.unpublish()
        cls.private_testimonial = make_testimonial(testimonials, person_name="Private Person")
        PageViewRestriction.objects.create(
            page=cls.private_testimonial,
            restriction_type=PageViewRestriction.PASSWORD,
            password="pw",
        )
        for testimonial in (cls.public_testimonial, cls.draft_testimonial, cls.private_testimonial):
            CallToActionTestimonial.objects.create(page=cls.call, testimonial=testimonial)
        cls.call.body = [
            ("testimonial", {"page": testimonial})
            for testimonial in (
                cls.public_testimonial,
                cls.draft_testimonial,
                cls.private_testimonial,
            )
        ] + [("button", {"label": "Draft", "page": cls.draft})]
        cls.call.save_revision().publish()
        cls.hidden = {cls.draft.pk, cls.private.pk, cls.arabic.pk}

    def test_pages(self):
        ids = self.page_ids("{ pages(limit: 100) { id } }")
        self.assertIn(self.live.pk, ids)
        self.assertEqual(ids & self.hidden, set())
        ids = self.page_ids(
            '{ pages(limit: 100, contentType: "icssi_wagtail.ActivityPage") { id } }'
        )
        self.assertEqual(ids, {self.live.pk})

    def test_page_by_id_slug_and_path(self):
        self.assertIsNotNone(self.page(self.live.pk, ""))
        for page in (self.draft, self.private, self.arabic):
            with self.subTest(page=page.title, locale=page.locale.language_code):
                self.assertIsNone(self.page(page.pk, ""))
                # The Arabic draft shares its slug with the live English call, which is found.
                for found in (
                    self.graphql(f'{{ page(slug: "{page.slug}") {{ id }} }}')["page"],
                    self.graphql(f'{{ page(urlPath: "{page.url_path}") {{ id }} }}')["page"],
                ):
                    self.assertNotEqual(found and found["id"], str(page.pk))

    def test_children_and_descendants(self):
        data = self.page(self.call.pk, "children { id } descendants(limit: 100) { id }")
        self.assertIn(str(self.live.pk), str(data["descendants"]))
        ids = {int(item["id"]) for item in data["children"] + data["descendants"]}
        self.assertEqual(ids & self.hidden, set())

    @needs_committed_search
    def test_search(self):
        # Grapple's own search resolver returns all three: icssi_wagtail replaces it.
        results = self.graphql('{ search(query: "Zebra") { ... on ActivityPage { id } } }')[
            "search"
        ]
        self.assertEqual([int(item["id"]) for item in results if item], [self.live.pk])
        results = self.graphql('{ search(query: "Zebra") { ... on CallToActionPage { id } } }')[
            "search"
        ]
        self.assertEqual([int(item["id"]) for item in results if item], [self.call.pk])

    def test_related_testimonials_and_body_blocks(self):
        page = self.page(
            self.call.pk,
            """... on CallToActionPage {
                testimonials { ... on TestimonialPage { personName } }
                body {
                    rawValue
                    ... on IcssiTestimonialBlock {
                        blocks {
                            ... on PageChooserBlock {
                                page { ... on TestimonialPage { personName } }
                            }
                        }
                    }
                    ... on IcssiButtonBlock { blocks { field } }
                }
            }""",
        )
        self.assertEqual(page["testimonials"], [{"personName": "Public Person"}])
        public, draft, private, button = page["body"]
        self.assertEqual(public["blocks"], [{"page": {"personName": "Public Person"}}])
        self.assertEqual(json.loads(public["rawValue"])["person_name"], "Public Person")
        for block in (draft, private):
            self.assertEqual(block["blocks"], [])
            self.assertEqual(block["rawValue"], "null")
        # Neither the draft page nor the empty document and address.
        self.assertEqual([child["field"] for child in button["blocks"]], ["label"])
        self.assertEqual(button["rawValue"], "null")
        self.assertNotIn("Draft Person", json.dumps(page))
        self.assertNotIn("Private Person", json.dumps(page))

    def test_parent_only_when_live_and_public(self):
        self.assertEqual(
            self.page(self.live.pk, "parent { id }")["parent"], {"id": str(self.index.pk)}
        )
        PageViewRestriction.objects.create(page=self.index, restriction_type="login")
        self.assertIsNone(self.page(self.live.pk, "parent { id }"))  # now private itself
        PageViewRestriction.objects.all().delete()
        self.index.unpublish()
        self.assertIsNone(self.page(self.live.pk, "parent { id }")["parent"])

    def test_draft_title_of_a_live_page_is_not_served(self):
        self.live.title = "Zebra renamed in a draft"
        self.live.save_revision()
        page = self.page(self.live.pk, "... on ActivityPage { draftTitle }")
        self.assertEqual((page["title"], page["draftTitle"]), ("Zebra live", "Zebra live"))


@needs_grapple
class SafetyOptionTests(GraphQLMixin, TestCase):
    """The activist-safety options hold in GraphQL as on pages and in the REST API."""

    @classmethod
    def setUpTestData(cls):
        cls.secret = make_organisation("Hidden Solidarity Group", acronym="HSG")
        cls.index = make_activity_index()
        cls.activity = make_activity(
            cls.index,
            title="Meeting",
            organisations=[cls.secret],
            hide_organisers=True,
            venue="Back room of the Rafidain café",
            hide_venue=True,
        )
        testimonials = make_testimonial_index()
        photo = Image.objects.create(title="Face", file=get_test_image_file())
        cls.testimonial = make_testimonial(
            testimonials,
            title="An account",
            person_name="Quazi Baby",
            hide_surname=True,
            photo=photo,
            photo_consent=True,
            photo_consent_date=datetime.date(2013, 9, 1),
            hide_photo=True,
        )
        # Its own photo: a photo without consent is hidden wherever it is placed.
        other_photo = Image.objects.create(title="Another face", file=get_test_image_file())
        cls.no_consent = make_testimonial(
            testimonials, person_name="Nadia Ali", photo=other_photo, photo_consent=False
        )

    def test_hidden_organisers_and_venue(self):
        page = self.page(self.activity.pk, ACTIVITY_FIELDS + " searchDescription seoTitle")
        self.assertEqual(page["organisers"], [])
        self.assertEqual(page["event"]["venue"], "")
        self.assertEqual(page["event"]["city"], "Tunis")
        response = json.dumps(page, ensure_ascii=False)
        for secret in ("Hidden Solidarity Group", "HSG", "Rafidain"):
            self.assertNotIn(secret, response)

    def test_hidden_surname_and_photo(self):
        page = self.page(self.testimonial.pk, TESTIMONIAL_FIELDS + " searchDescription seoTitle")
        self.assertEqual(page["personName"], "Quazi")
        self.assertIsNone(page["photo"])
        self.assertNotIn("Baby", json.dumps(page))

    @needs_committed_search
    def test_hidden_surname_finds_nothing(self):
        query = '{ search(query: "%s") { ... on TestimonialPage { id } } }'
        found = self.graphql(query.replace("%s", "Quazi"))["search"]
        self.assertIn({"id": str(self.testimonial.pk)}, found)
        self.assertEqual(
            [item for item in self.graphql(query.replace("%s", "Baby"))["search"] if item], []
        )

    def test_photo_needs_consent(self):
        self.assertIsNone(
            self.page(self.no_consent.pk, "... on TestimonialPage { photo { id } }")["photo"]
        )
        self.testimonial.hide_photo = False
        self.testimonial.save_revision().publish()
        page = self.page(self.testimonial.pk, "... on TestimonialPage { photo { id } }")
        self.assertEqual(page["photo"], {"id": str(self.testimonial.photo_id)})


SCRIPT = textwrap.dedent(
    """
    import sys
    sys.modules["grapple"] = None  # as if the graphql extra were not installed

    import django
    django.setup()
    from tests.clock import fixed_now
    fixed_now().start()  # the suite's clock (tests/clock.py), as in tests/conftest.py
    from django.core.management import call_command
    from django.test import Client, RequestFactory
    from icssi_wagtail import graphql, models, preview
    from tests.utils import make_activity, make_activity_index, make_call_to_action

    assert not graphql.is_available()
    for name in ("CallToActionPage", "ActivityIndexPage", "ActivityPage", "TestimonialIndexPage",
                 "TestimonialPage", "Theme", "Organisation"):
        assert getattr(models, name).graphql_fields == [], name
    assert not preview.headless_preview_enabled()
    call_command("migrate", verbosity=0)
    call_command("check", fail_level="ERROR")
    call = make_call_to_action()
    activity = make_activity(make_activity_index(parent=call), title="Dams and wars")
    assert Client().post("/graphql/", {}).status_code == 404
    response = Client().get(activity.url)
    assert response.status_code == 200 and b"Dams and wars" in response.content
    request = RequestFactory().get("/")
    preview_html = activity.serve_preview(request, activity.default_preview_mode).render().content
    assert b"Dams and wars" in preview_html, preview_html[:300]
    print("works without grapple")
    """
)


class WithoutGrappleTests(SimpleTestCase):
    """Without wagtail-grapple (and with wagtail-headless-preview not an installed app), the
    models have empty ``graphql_fields`` and pages are served and previewed as usual."""

    def test_site_without_grapple(self):
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", SCRIPT],
            env={
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "tests.settings",
                "ICSSI_TEST_SITE": "without_extras",
            },
            capture_output=True,
            text=True,
            cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
            timeout=300,
        )
        self.assertEqual(result.returncode, 0, result.stderr[-3000:])
        self.assertIn("works without grapple", result.stdout)
