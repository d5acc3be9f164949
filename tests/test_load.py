"""The load run (``make load``, benchmarks/load.py) without a server: its options, its verdicts
on given figures, and how it finds gunicorn's workers and their memory in /proc."""

import os
import sys
from unittest import mock

import pytest
from django.test import SimpleTestCase

# make test-wheel runs tests/ against the installed wheel, which holds no benchmarks/.
pytest.importorskip("benchmarks", reason="the harness (benchmarks/) is in the source tree only")

from benchmarks.load import parse_args
from benchmarks.load_report import evaluate, render
from benchmarks.load_server import children, rss_kib


def side(requests_per_second, errors=None, seconds=10.0):
    errors = errors or {}
    return {
        "url": "/",
        "requests": round(requests_per_second * seconds),
        "errors": sum(errors.values()),
        "error_kinds": errors,
        "seconds": seconds,
        "requests_per_second": requests_per_second,
        "p50_ms": 100.0,
        "p90_ms": 150.0,
        "client_cpu_ms_per_request": 0.7,
    }


def results(listing=(30.0, 20.0), api=(40.0, 10.0), stock_errors=None):
    return {
        "listing": {"label": "listing", "ours": side(listing[0]), "stock": side(listing[1])},
        "api": {"label": "API", "ours": side(api[0]), "stock": side(api[1], stock_errors)},
    }


MEMORY = {"after_warmup": {11: 100_000, 12: 100_000}, "after_run": {11: 110_000, 12: 120_000}}
META = {
    "server": "gunicorn, 2 sync workers",
    "clients": 8,
    "seconds": 15.0,
    "rounds": 5,
    "size": 2000,
    "cache": "LocMemCache (one per worker process)",
    "load_average_start": [1.0, 1.0, 1.0],
    "load_average_end": [2.0, 1.0, 1.0],
}


def verdicts(targets):
    return {target.name.split(":")[0]: target.passed for target in targets}


class LoadArgumentsTests(SimpleTestCase):
    def test_defaults_and_environment(self):
        with mock.patch.dict(os.environ, {"LOAD_SECONDS": "3", "LOAD_SIZE": "200"}):
            args = parse_args([])
        self.assertEqual((args.seconds, args.size, args.clients), (3.0, 200, 8))
        self.assertEqual((args.worker_class, args.threads, args.workers), ("sync", 1, 2))

    def test_options_override_the_environment(self):
        with mock.patch.dict(os.environ, {"LOAD_SIZE": "200"}):
            args = parse_args(["--size", "50", "--worker-class", "gthread", "--threads", "3"])
        self.assertEqual((args.size, args.worker_class, args.threads), (50, "gthread", 3))

    def test_refuses_empty_runs(self):
        for argv in (["--seconds", "0"], ["--clients", "0"], ["--size", "-1"]):
            with (
                self.subTest(argv=argv),
                self.assertRaises(SystemExit),
                mock.patch.object(sys, "stderr"),
            ):
                parse_args(argv)


class LoadTargetsTests(SimpleTestCase):
    def test_all_pass(self):
        targets = evaluate(results(), [side(5.0)], MEMORY)
        self.assertTrue(all(target.passed for target in targets), targets)
        self.assertEqual(len(targets), 5)  # errors, two ratios, two workers

    def test_throughput_ratio_below_one_and_a_half_fails(self):
        checked = verdicts(evaluate(results(listing=(29.0, 20.0)), [], MEMORY))
        self.assertEqual((checked["listing"], checked["api"]), (False, True))

    def test_a_side_that_answered_nothing_fails(self):
        checked = verdicts(evaluate(results(api=(0.0, 10.0)), [], MEMORY))
        self.assertFalse(checked["api"])

    def test_any_error_fails_even_in_the_warm_up(self):
        failing = [
            evaluate(results(stock_errors={"500": 1}), [], MEMORY),
            evaluate(results(), [side(5.0, {"RemoteDisconnected": 2})], MEMORY),
        ]
        for targets in failing:
            errors = next(target for target in targets if target.kind == "errors")
            self.assertFalse(errors.passed, errors.detail)
        self.assertIn("RemoteDisconnected", errors.detail)

    def test_memory_growth_over_one_fifth_fails(self):
        memory = {"after_warmup": {11: 100_000}, "after_run": {11: 120_001}}
        (target,) = [t for t in evaluate(results(), [], memory) if t.kind == "memory"]
        self.assertFalse(target.passed, target.detail)

    def test_a_replaced_worker_is_an_error(self):
        memory = {"after_warmup": {11: 100_000}, "after_run": {13: 100_000}}
        targets = evaluate(results(), [], memory)
        (target,) = [t for t in targets if t.name.startswith("the same gunicorn workers")]
        self.assertEqual((target.passed, target.kind), (False, "errors"))
        self.assertIn("[13]", target.detail)

    def test_a_stale_answer_is_an_error_with_a_shared_cache_and_a_failure_without(self):
        fresh = {"marker": "x", "urls": {"/a/": {"requests": 8, "fresh": 8}}}
        stale = {"marker": "x", "urls": {"/a/": {"requests": 8, "fresh": 5}}}
        (passed,) = evaluate(results(), [], MEMORY, fresh, shared=True)[-1:]
        self.assertTrue(passed.passed, passed.detail)
        for shared, kind in ((True, "errors"), (False, "fresh")):
            (target,) = evaluate(results(), [], MEMORY, stale, shared=shared)[-1:]
            self.assertEqual((target.passed, target.kind), (False, kind))
            self.assertIn("/a/: 5 of 8 fresh", target.detail)

    def test_report_names_the_cache_ratios_and_verdicts(self):
        figures = results(listing=(29.0, 20.0))
        text = render(META, figures, MEMORY, evaluate(figures, [], MEMORY))
        self.assertIn("cache: LocMemCache", text)
        self.assertIn("listing: ours / stock req/s = 1.45", text)
        self.assertIn("FAIL  listing", text)
        self.assertIn("4 of 5 targets passed, 1 failed.", text)


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="needs Linux's /proc")
class WorkerMemoryTests(SimpleTestCase):
    def test_children_and_resident_memory_from_proc(self):
        self.assertIn(os.getpid(), children(os.getppid()))
        self.assertGreater(rss_kib(os.getpid()), 1000)
