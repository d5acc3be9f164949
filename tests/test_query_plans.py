"""Pages far into the activity lists: the same items as a first page would show, and (on
PostgreSQL) a plan that orders and skips primary keys, never whole rows.

See finding 6 in docs/performance.md.
"""

import datetime
import json
import re
import shutil
import tempfile
import unittest

import pytest
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, PageViewRestriction

from icssi_wagtail.listing import ActivityFilters, ActivityPaginator, filter_activities
from icssi_wagtail.models.listing import activities_under, with_listing_relations

from .utils import empty_cache, make_activity, make_activity_index

ACTIVITY_TABLE = "icssi_wagtail_activitypage"
PAGE_TABLE = "wagtailcore_page"


class DeepPagesShowTheRightActivitiesTests(TestCase):
    """On every database: offsets and later pages list what one long page lists, in order."""

    @classmethod
    def setUpTestData(cls):
        cls.index = make_activity_index()
        # Two days of three activities each, one past and one upcoming at tests.clock.NOW: ties
        # on starts_at are broken by the id.
        for day in (datetime.date(2020, 5, 1), datetime.date(2025, 5, 1)):
            for _ in range(3):
                make_activity(cls.index, start_date=day)

    def api_ids(self, query):
        response = self.client.get(f"/api/v2/activities/?{query}")
        self.assertEqual(200, response.status_code, response.content)
        return [item["id"] for item in response.json()["items"]]

    def test_api_offsets_concatenate_to_the_whole_list(self):
        for when in ("", "&upcoming=false", "&upcoming=true"):
            with self.subTest(when=when):
                whole = self.api_ids(f"limit=100{when}")
                pages = [self.api_ids(f"limit=2&offset={offset}{when}") for offset in (0, 2, 4)]
                self.assertEqual(whole, [pk for page in pages for pk in page])
        self.assertEqual(6, len(self.api_ids("limit=100")))

    def test_api_deep_offset_costs_the_queries_of_a_first_page(self):
        # Later pages find their keys in a subquery of the page's own query
        # (listing.deferred_join); the query string is parsed once.
        for query in ("", "&locale=en&upcoming=false"):
            with self.subTest(query=query):
                counts = []
                for offset in (0, 1, 2):
                    empty_cache()  # each from an empty cache (icssi_wagtail.cache)
                    with CaptureQueriesContext(connection) as queries:
                        self.assertTrue(self.api_ids(f"limit=1&offset={offset}{query}"))
                    counts.append(len(queries))
                self.assertEqual([counts[0]] * 3, counts)

    def walk(self, query):
        """Follow ``meta.next_after`` from the first page to the end; the ids in order."""
        ids, after = [], None
        for _ in range(10):
            cursor = f"&after={after}" if after else ""
            response = self.client.get(f"/api/v2/activities/?limit=2{query}{cursor}")
            self.assertEqual(200, response.status_code, response.content)
            data = response.json()
            ids += [item["id"] for item in data["items"]]
            after = data["meta"]["next_after"]
            if after is None:
                return ids
        self.fail("next_after never ended the walk")

    def test_api_after_walks_the_whole_list(self):
        for when in ("", "&upcoming=false", "&upcoming=true"):
            with self.subTest(when=when):
                self.assertEqual(self.api_ids(f"limit=100{when}"), self.walk(when))
        first = self.client.get("/api/v2/activities/?limit=2").json()
        rest = self.client.get(f"/api/v2/activities/?after={first['meta']['next_after']}").json()
        # The whole list's count, with the cursor too (issue 17, item 8).
        self.assertEqual(rest["meta"]["total_count"], 6)

    def test_api_after_refuses_bad_cursors(self):
        draft = make_activity(self.index, publish_it=False)
        first = self.api_ids("limit=1")[0]
        for query, message in (
            ("after=abc", "after: Enter a whole number."),
            ("after=0", "after:"),
            (f"after={draft.pk}", "after: No activity has this id."),
            ("after=999999999", "after: No activity has this id."),
            (f"after={first}&offset=2", "after: Give either offset or after, not both."),
        ):
            with self.subTest(query):
                response = self.client.get(f"/api/v2/activities/?{query}")
                self.assertEqual(400, response.status_code)
                self.assertIn(message, response.json()["message"])

    def listing_titles(self, query):
        response = self.client.get(f"{self.index.url}?{query}")
        self.assertEqual(200, response.status_code)
        return [activity.title for activity in response.context["activities"]]

    def pages_of_two(self, whole):
        """The listing's and the API's pages of two, each concatenated, as far as ``whole``
        (the two lists in one page each) goes."""
        listing, api = whole
        pages = range(1, (len(listing) + 1) // 2 + 1)
        listing = [self.listing_titles(f"per_page=2&page={number}") for number in pages]
        api = [self.api_ids(f"limit=2&offset={offset}") for offset in range(0, len(api), 2)]
        return [t for page in listing for t in page], [pk for page in api for pk in page]

    def test_later_pages_skip_hidden_activities_as_the_first_does(self):
        """Pages after the first skip the activities before them by key
        (``listing.deferred_join``), and show the same as one long page."""
        self.index.title = "Unpublished change of the index"
        self.index.save_revision()
        day = datetime.date(2020, 4, 1)
        make_activity(self.index, title="Draft", start_date=day, publish_it=False)
        private = make_activity(self.index, title="Private", start_date=day)
        PageViewRestriction.objects.create(
            page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        make_activity(make_activity_index(), title="Elsewhere", start_date=day)
        arabic = Locale.objects.get_or_create(language_code="ar")[0]
        make_activity(self.index, title="نشاط", locale=arabic, start_date=day)
        whole = self.listing_titles("per_page=50")
        self.assertEqual(6, len(whole))
        self.assertFalse({"Draft", "Private", "Elsewhere", "نشاط"} & set(whole))
        whole = (whole, self.api_ids("limit=100"))
        self.assertEqual(whole, self.pages_of_two(whole))

    def test_paginator_pages_concatenate_to_the_whole_list(self):
        for when, count in ((None, 6), ("past", 3)):
            with self.subTest(when=when):
                queryset = with_listing_relations(
                    filter_activities(activities_under(self.index), ActivityFilters(when=when))
                )
                paginator = ActivityPaginator(queryset, 2)
                pages = [list(paginator.page(number)) for number in paginator.page_range]
                self.assertEqual(count, len(list(queryset)))
                self.assertEqual(list(queryset), [page for rows in pages for page in rows])


def plan_nodes(sql):
    """Every node of PostgreSQL's (estimated) plan of ``sql``."""
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")  # Django's own SQL, not outside input
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    nodes, stack = [], [plan[0]["Plan"]]
    while stack:
        node = stack.pop()
        nodes.append(node)
        stack.extend(node.get("Plans", []))
    return nodes


def main_query(queries):
    """The ``SELECT`` of the activities shown: the one query with a ``LIMIT``."""
    selects = [
        query["sql"]
        for query in queries
        # FROM the activities: not the organisation filter's EXISTS, which joins them too.
        if query["sql"].startswith("SELECT") and f'FROM "{ACTIVITY_TABLE}"' in query["sql"]
    ]
    return next(sql for sql in selects if " LIMIT " in sql)


# A sort of (starts_at, page_ptr_id) is 12 bytes wide; a whole activity row, about 480.
KEYS_ONLY_WIDTH = 32


def seed_bench_content(size):
    """``size`` activities, seeded as ``make bench`` does; their index."""
    pytest.importorskip("benchmarks", reason="the harness (benchmarks/) is in the source tree")
    from benchmarks.seed import BenchContent

    content = BenchContent()
    content.create_base()
    content.add_activities(size)
    return content.index


class DeepPlansMixin:
    """Three thousand activities; plans of the API and the listing at offset 2,700."""

    SIZE = 3000
    OFFSET = 2700

    @classmethod
    def setUpClass(cls):
        cls.media = tempfile.mkdtemp()
        cls.enterClassContext(override_settings(MEDIA_ROOT=cls.media))
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(cls.media, ignore_errors=True)

    def api_plan(self, query=""):
        empty_cache()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(f"/api/v2/activities/?limit=20&offset={self.OFFSET}{query}")
        self.assertEqual(20, len(response.json()["items"]))
        return plan_nodes(main_query(queries.captured_queries))

    def listing_plan(self):
        empty_cache()
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(f"{self.index.url}?page={self.OFFSET // 20 + 1}")
        self.assertEqual(20, len(response.context["activities"]))
        return plan_nodes(main_query(queries.captured_queries))


@unittest.skipUnless(connection.vendor == "postgresql", "query plans are checked on PostgreSQL")
class DeepOffsetPlanTests(DeepPlansMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.index = seed_bench_content(cls.SIZE)
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {ACTIVITY_TABLE}")
            cursor.execute(f"ANALYZE {PAGE_TABLE}")

    def assert_sorts_keys_only(self, nodes):
        sorts = [node for node in nodes if node["Node Type"] in ("Sort", "Incremental Sort")]
        # Whole rows are sorted only once fetched: the page's 20 (and the API's one more, to
        # tell whether a next page follows), not the 2,720 before them.
        wide = [
            (node["Plan Rows"], node["Plan Width"])
            for node in sorts
            if node["Plan Width"] > KEYS_ONLY_WIDTH and node["Plan Rows"] > 21
        ]
        self.assertEqual([], wide, "a sort of whole rows (rows, width)")
        fetched = [
            node
            for node in nodes
            if node.get("Relation Name") == ACTIVITY_TABLE and node["Plan Width"] > KEYS_ONLY_WIDTH
        ]
        self.assertTrue(fetched, "no node reads the activities' rows")
        self.assertTrue(all(node["Node Type"] == "Index Scan" for node in fetched), fetched)

    def test_api_deep_offset_sorts_and_skips_keys_only(self):
        self.assert_sorts_keys_only(self.api_plan())

    def test_listing_deep_page_sorts_and_skips_keys_only(self):
        self.assert_sorts_keys_only(self.listing_plan())

    def test_api_after_reads_only_its_page(self):
        ids = self.client.get(f"/api/v2/activities/?limit=1&offset={self.OFFSET}").json()["items"]
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(f"/api/v2/activities/?limit=20&after={ids[0]['id']}")
        self.assertEqual(20, len(response.json()["items"]))
        # The page's query, one row more to tell whether a next page follows (the cursor's
        # own lookup is a LIMIT 1 by primary key).
        page = [query for query in queries.captured_queries if " LIMIT 21" in query["sql"]]
        nodes = plan_nodes(main_query(page))
        scanned = {node.get("Relation Name") for node in nodes if node["Node Type"] == "Seq Scan"}
        self.assertFalse(scanned & {ACTIVITY_TABLE, PAGE_TABLE}, scanned)
        self.assertNotIn("Sort", {node["Node Type"] for node in nodes})
        # The index scan starts at the cursor, rather than filtering every activity before it.
        (walk,) = [node for node in nodes if node.get("Index Name") == "icssi_activity_order"]
        self.assertIn("starts_at >=", walk.get("Index Cond", ""), walk)


class ReadsInOrderTests(TestCase):
    """A large listing is read in its order, from the ``icssi_activity_order`` index, where
    SQLite (which keeps no statistics) would otherwise find every activity of the language
    and sort them; a small part of the activities is still found and sorted
    (``ActivityListing.reads_in_order``). The pages are the same either way."""

    @classmethod
    def setUpTestData(cls):
        from .utils import make_theme

        cls.theme = make_theme(slug="water")
        cls.index = make_activity_index()
        for day in range(30):
            make_activity(
                cls.index,
                themes=[cls.theme] if day % 3 else [],
                start_date=datetime.date(2025, 5, 1) + datetime.timedelta(days=day % 10),
            )
        cls.arabic = Locale.objects.create(language_code="ar")
        cls.arabic_index = cls.index.copy_for_translation(cls.arabic, copy_parents=True)
        cls.arabic_index.save_revision().publish()
        make_activity(cls.arabic_index, locale=cls.arabic)

    def listing(self, locale=None, **filters):
        from icssi_wagtail.listing import ActivityListing

        locale = locale or Locale.get_default()
        index = self.arabic_index if locale == self.arabic else self.index
        return ActivityListing(index=index, locale=locale, filters=ActivityFilters(**filters))

    def pages(self, listing, per_page, count):
        return [
            [activity.pk for activity in listing.page(number, per_page).object_list]
            for number in range(1, -(-count // per_page) + 1)
        ]

    def test_pages_are_the_same_read_in_order_or_sorted(self):
        for filters in (
            {},
            {"themes": ("water",)},
            {"country": "TN", "themes": ("water", "sport")},
            {"country": "TN", "status": "scheduled"},
        ):
            with self.subTest(filters=filters):
                listing = self.listing(**filters)
                whole = list(listing.queryset.values_list("pk", flat=True))
                pages = self.pages(listing, 4, len(whole))
                self.assertEqual(whole, [pk for page in pages for pk in page])
                in_order = listing.ordered(4, listed=len(whole))
                self.assertEqual(whole, list(in_order.values_list("pk", flat=True)))

    @unittest.skipUnless(connection.vendor == "sqlite", "SQLite only: other databases choose")
    def test_a_large_listing_keeps_sqlite_off_the_language_index(self):
        # Filters whose count is not stored are counted first (as the paginator does).
        for filters, listed in (
            ({}, None),
            ({"themes": ("water",)}, None),
            ({"country": "TN"}, 30),
        ):
            with self.subTest(filters=filters):
                listing = self.listing(**filters)
                self.assertTrue(listing.reads_in_order(4, listed))
                queryset = with_listing_relations(listing.ordered(4, listed))[:4]
                sql, params = queryset.query.sql_with_params()
                with connection.cursor() as cursor:
                    cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                    plan = " / ".join(row[-1] for row in cursor.fetchall())
                # Off the language's index. Which of the order index or a scan and a sort
                # SQLite then takes depends on the table's size and on how Django writes the
                # rest: at 10,000 activities on Django 5.2 (SQLite 3.40) it
                # reads the order index and stops after the page (docs/performance.md); on 31
                # rows with Django 6.1 it scans them and sorts.
                self.assertNotIn("locale_id", plan)
                self.assertTrue(
                    "TEMP B-TREE" in plan or re.search(r"SCAN \S*activitypage\S* USING", plan)
                )

    def test_a_small_part_of_the_activities_is_found_and_sorted(self):
        # One Arabic activity among 31: reading the order index would pass over the others.
        self.assertFalse(self.listing(self.arabic).reads_in_order(20))
        # Far into a listing whose language is a third of the activities, the same.
        self.assertFalse(self.listing().reads_in_order(20 * 100))
        # Filters whose count is not stored, unless it is given.
        self.assertFalse(self.listing(mode="online").reads_in_order(4))
        self.assertFalse(self.listing(themes=("water", "sport")).reads_in_order(4))
        # Upcoming or past activities lie together in the order, not spread through it.
        self.assertFalse(self.listing(when="upcoming").reads_in_order(4, listed=30))

    def test_other_databases_choose_for_themselves(self):
        expected = connection.vendor == "sqlite"
        self.assertEqual(expected, self.listing().reads_in_order(4))
