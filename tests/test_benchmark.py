"""The benchmark harness (``make bench``, benchmarks/) in its quickest mode.

Seeds 30 and then 60 activities in the test database, requests every case three times and
checks the query-count guarantees, never timings: repeated requests are answered from the cache
(icssi_wagtail.cache), and requests right after a publish, computed afresh, cost the same number
of queries at every size.
"""

import pytest
from django.test import SimpleTestCase, TestCase, override_settings

# make test-wheel runs tests/ against the installed wheel, which holds no benchmarks/.
pytest.importorskip("benchmarks", reason="the harness (benchmarks/) is in the source tree only")

from benchmarks import settings as bench_settings
from benchmarks.cases import build_cases, embed_request_url
from benchmarks.fresh import cards, fresh_urls, load_queries, measure_competent
from benchmarks.fresh_report import competent_summary, competent_targets
from benchmarks.measure import measure
from benchmarks.report import api_queries_target, evaluate, listing_queries_target
from benchmarks.seed import BenchContent, tree_problems

SIZES = (30, 60)


@override_settings(
    ROOT_URLCONF="benchmarks.urls",
    TEMPLATES=bench_settings.TEMPLATES,
    WAGTAILAPI_LIMIT_MAX=bench_settings.WAGTAILAPI_LIMIT_MAX,
    CACHES=bench_settings.CACHES,
)
class BenchmarkHarnessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        content = BenchContent()
        content.create_base()
        cls.problems, cls.results = {}, {}
        for size in SIZES:
            content.add_activities(size)
            cls.problems[size] = tree_problems()
            cases = measure(build_cases(content), repetitions=3, warmup=1)
            cls.results[str(size)] = {"cases": cases}

    def test_bulk_seeded_page_tree_has_no_problems(self):
        for size in SIZES:
            self.assertEqual([], [name for name, ids in self.problems[size].items() if ids])

    def test_every_request_shows_activities(self):
        for size, result in self.results.items():
            for name, case in result["cases"].items():
                for side in ("ours", "stock"):
                    if side in case and name != "baseline":
                        with self.subTest(size=size, case=name, side=side):
                            self.assertGreater(case[side]["items"], 0)

    def test_query_counts_do_not_grow_with_size_page_size_or_limit(self):
        targets = [
            target
            for target in evaluate(self.results)
            if target.kind == "queries" and target.name.startswith("queries constant")
        ]
        self.assertEqual(len(targets), 9)
        for target in targets:
            with self.subTest(target.name):
                self.assertTrue(target.passed, target.detail)

    def test_stock_pages_api_grows_with_limit(self):
        """The harness sees the N+1 queries it exists to show (stock v2 with fields=*)."""
        cases = self.results["60"]["cases"]
        self.assertGreater(
            cases["api_limit_100"]["stock"]["queries"], cases["api_limit_20"]["stock"]["queries"]
        )

    def test_listing_at_most_five_queries_over_a_plain_page(self):
        target = listing_queries_target("60", self.results["60"]["cases"])
        self.assertTrue(target.passed, target.detail)

    def test_listing_after_a_publish_at_most_five_queries_over_a_plain_page(self):
        """Computed afresh after a publish (of an edit that leaves who organises what as it
        was, see ``test_cache``): Wagtail's specific row of the page and four queries of the
        listing's own (theme counts, the page of activities, their themes, their organisers)
        over a plain page's."""
        cases = self.results["60"]["cases"]
        case = "listing_theme_20_after_publish"
        target = listing_queries_target("60", cases, case, "listing after a publish")
        self.assertTrue(target.passed, target.detail)

    def test_repeated_answers_are_kept_and_answers_after_a_publish_are_not(self):
        cases = self.results["60"]["cases"]
        # Routing a listing costs Wagtail one query more than a plain page (its specific row).
        self.assertLessEqual(
            cases["listing_theme_20"]["ours"]["queries"],
            cases["baseline"]["stock"]["queries"] + 1,
        )
        self.assertEqual(cases["api_limit_20"]["ours"]["queries"], 0)
        # Computed afresh, the API list still stays within its ceiling of 8.
        self.assertLessEqual(cases["api_limit_20_after_publish"]["ours"]["queries"], 8)
        for name in ("listing_theme_20", "api_limit_20"):
            with self.subTest(name):
                fresh = cases[f"{name}_after_publish"]["ours"]
                self.assertGreater(fresh["queries"], cases[name]["ours"]["queries"])
                self.assertEqual(fresh["items"], cases[name]["ours"]["items"])

    def test_api_lists_at_most_eight_queries(self):
        target = api_queries_target("60", self.results["60"]["cases"])
        self.assertTrue(target.passed, target.detail)

    def test_embed_url_matches_the_script(self):
        self.assertEqual(
            embed_request_url("https://example.org/api/v2", limit="500", theme="water", lang="ar"),
            "https://example.org/api/v2/activities/?upcoming=true&limit=50&theme=water&locale=ar",
        )


@override_settings(
    ROOT_URLCONF="benchmarks.urls",
    TEMPLATES=bench_settings.TEMPLATES,
    CACHES=bench_settings.CACHES,
)
class CompetentStockTests(TestCase):
    """The competent stock listing (benchmarks/competent.py) shows the same cards as ours, in
    the same order, so that ``make bench`` compares the same work; and the comparison's
    harness (benchmarks/fresh.py) runs and writes its targets."""

    SIZE = 70  # the deep page is page 3 of 4

    @classmethod
    def setUpTestData(cls):
        cls.content = BenchContent()
        cls.content.create_base()
        cls.content.add_activities(cls.SIZE)

    def test_same_cards_in_the_same_order(self):
        shown = {}
        for name, (ours, stock) in fresh_urls(self.content, self.SIZE).items():
            with self.subTest(name):
                ours_cards = cards(self.client.get(ours))
                self.assertEqual(ours_cards, cards(self.client.get(stock)))
                shown[name] = ours_cards
        self.assertEqual(len(shown["page_1"]), 20)
        self.assertEqual(len(shown["deep_page"]), 20)
        self.assertTrue(0 < len(shown["one_theme"]) <= 20)
        self.assertNotEqual(shown["one_theme"], shown["page_1"])
        self.assertTrue(all(b"Water" in card for card in shown["one_theme"]))
        self.assertFalse(set(shown["deep_page"]) & set(shown["page_1"]))

    def test_filter_combinations_are_distinct(self):
        queries = load_queries(self.content, 300)
        self.assertEqual(len(queries), 300)
        self.assertEqual(len(set(queries)), 300)
        self.assertEqual(queries, load_queries(self.content, 300))

    def test_harness_measures_and_writes_targets(self):
        competent = measure_competent(self.content, self.SIZE, 1, 0, load_urls=12)
        results = {str(self.SIZE): {"cases": {}, "competent": competent}}
        self.assertEqual(competent["load"]["mismatched_urls"], [])
        self.assertGreater(competent["load"]["app_cache"]["bytes"], 0)
        for mode in ("off", "cold"):
            for result in competent["fresh"][mode].values():
                self.assertTrue(result["same_cards"])
                self.assertGreater(result["stock"]["queries"], 0)
        targets = competent_targets(results)
        self.assertEqual(len(targets), 2 * 3 + 2)
        self.assertEqual(len(competent_summary(results)), 2 * 3 + 1)
        verdicts = {row["verdict"] for row in competent_summary(results)}
        self.assertLessEqual(verdicts, {"PASS", "FAIL"})


class PlanReadingTests(SimpleTestCase):
    def test_rows_removed_count_every_loop(self):
        from benchmarks.explain import rows_removed

        plan = [
            "->  Index Scan on a  (cost=0.29..1.76 rows=1 width=8) "
            "(actual time=0.003..0.003 rows=1 loops=20)",
            "      Rows Removed by Filter: 3",
            "->  Seq Scan on b  (cost=0.00..1.01 rows=1 width=7) "
            "(actual time=0.009..0.009 rows=5 loops=1)",
            "      Rows Removed by Filter: 7",
        ]
        self.assertEqual(rows_removed(plan), 3 * 20 + 7)
