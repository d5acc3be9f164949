"""Timing and query counts of requests made in-process with Django's test ``Client``.

Each URL is requested ``warmup`` times first (renditions are generated, caches filled), then
``repetitions`` times with our URL and the stock URL of a case alternating, so that a change in
the machine's load affects both sides alike. Timings are taken without capturing queries
(``CaptureQueriesContext`` slows every query down); the query count comes from one more request.

Two limits keep a run bounded when something is slow: a request whose SQL runs longer than
``time_limit`` seconds is abandoned (the side is reported as timed out), and a case gets fewer
repetitions (at least 3) when ``repetitions`` of it would take longer than ``case_budget``.
"""

import cProfile
import gc
import io
import json
import pstats
import statistics
import time
from contextlib import contextmanager

from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

SLOW_MS = 2000


class BenchError(Exception):
    """A request did not answer as the benchmark expects: the figures would be meaningless."""


def summarise(samples):
    """Median, 90th percentile, mean and minimum of ``samples`` (milliseconds)."""
    ordered = sorted(samples)
    p90 = statistics.quantiles(ordered, n=10, method="inclusive")[8] if len(ordered) > 1 else None
    return {
        "p50": statistics.median(ordered),
        "p90": p90 if p90 is not None else ordered[0],
        "mean": statistics.fmean(ordered),
        "min": ordered[0],
    }


def item_count(response):
    """How many activities (or themes) an answer shows: API items, or listing cards."""
    if response["Content-Type"].startswith("application/json"):
        return len(json.loads(response.content).get("items", []))
    return response.content.count(b"<article")


class RequestTimeout(BenchError):
    """The SQL of a request ran longer than the time limit and was interrupted."""


@contextmanager
def sql_time_limit(seconds):
    """Interrupt SQL still running ``seconds`` after entering (SQLite: progress handler;
    PostgreSQL: ``statement_timeout``, per statement); ``None`` means no limit."""
    if not seconds:
        yield
        return
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        deadline = time.perf_counter() + seconds
        raw = connection.connection
        raw.set_progress_handler(lambda: time.perf_counter() > deadline, 10_000)
        try:
            yield
        finally:
            raw.set_progress_handler(None, 0)
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = %s", [int(seconds * 1000)])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SET statement_timeout = 0")
    else:
        yield


def fetch(client, url, time_limit=None):
    try:
        with sql_time_limit(time_limit):
            response = client.get(url)
    except OperationalError as error:
        if time_limit and ("interrupt" in str(error) or "statement timeout" in str(error)):
            raise RequestTimeout(f"GET {url}: SQL interrupted after {time_limit} s.") from error
        raise
    if response.status_code != 200:
        body = response.content[:300].decode(errors="replace")
        raise BenchError(f"GET {url} answered {response.status_code}, not 200: {body}")
    return response


def timed(client, url, time_limit=None):
    """Wall-clock and CPU milliseconds of one request.

    The CPU time of this process is the part other jobs on the machine cannot inflate; on SQLite
    it includes the database's work, on a database server it does not.
    """
    cpu, start = time.process_time(), time.perf_counter()
    fetch(client, url, time_limit)
    return (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000


def captured(client, url):
    """The queries of one request to ``url``, and the response."""
    with CaptureQueriesContext(connection) as queries:
        response = fetch(client, url)
    return [query["sql"] for query in queries.captured_queries], response


def before_request(case, side):
    """What happens before each request of ``side``: for an "after a publish" case, ours
    forgets the answers that depend on activities, as publishing one does."""
    if case.after_publish and side == "ours":
        from icssi_wagtail.cache import invalidate

        invalidate("activities")


def warm_up(client, case, urls, warmup, time_limit):
    """Request each URL ``warmup`` times; the sides that time out, and the last timings (ms)."""
    timed_out, last = set(), {}
    for side, url in urls.items():
        for _ in range(max(warmup, 1)):
            before_request(case, side)
            try:
                last[side], _cpu = timed(client, url, time_limit)
            except RequestTimeout:
                timed_out.add(side)
                break
            if last[side] > SLOW_MS:
                break  # renditions and caches are warm after one request; spare the time
    return timed_out, last


def repetitions_within(budget, repetitions, last):
    """Fewer repetitions (at least 3) when ``repetitions`` would take more than ``budget`` s."""
    per_round = sum(last.values()) / 1000
    if not budget or per_round * repetitions <= budget:
        return repetitions
    return max(3, int(budget / per_round))


def measure_case(client, case, repetitions, warmup, time_limit=None, case_budget=None):
    """``{"ours": {...}, "stock": {...}}`` for ``case``: timings, queries and items shown."""
    timed_out, last = warm_up(client, case, case.urls, warmup, time_limit)
    urls = {side: url for side, url in case.urls.items() if side not in timed_out}
    count = repetitions_within(case_budget, repetitions, {side: last[side] for side in urls})
    samples, cpu = {side: [] for side in urls}, {side: [] for side in urls}
    gc.collect()
    for repetition in range(count):
        order = list(urls) if repetition % 2 == 0 else list(reversed(urls))
        for side in order:
            before_request(case, side)
            wall, used = timed(client, urls[side], time_limit)
            samples[side].append(wall)
            cpu[side].append(used)
    result = {
        side: {"url": case.urls[side], "timed_out": True, "time_limit_s": time_limit}
        for side in timed_out
    }
    for side, url in urls.items():
        before_request(case, side)
        queries, response = captured(client, url)
        result[side] = {
            "url": url,
            **summarise(samples[side]),
            "cpu_p50": statistics.median(cpu[side]),
            "repetitions": count,
            "queries": len(queries),
            "items": item_count(response),
            "samples_ms": [round(sample, 3) for sample in samples[side]],
            "cpu_samples_ms": [round(sample, 3) for sample in cpu[side]],
        }
    return result


def measure(cases, repetitions=30, warmup=3, progress=None, time_limit=None, case_budget=None):
    """Measure every case; ``progress(case, result)`` is called after each."""
    client = Client()
    results = {}
    for case in cases:
        results[case.name] = {"label": case.label, "kind": case.kind}
        results[case.name].update(
            measure_case(client, case, repetitions, warmup, time_limit, case_budget)
        )
        if progress:
            progress(case, results[case.name])
    return results


def profile(url, repetitions=10, limit=25):
    """The functions where ``repetitions`` requests to ``url`` spend their time (cProfile)."""
    client = Client()
    fetch(client, url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repetitions):
        fetch(client, url)
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(limit)
    out.write("\n")
    stats.sort_stats("tottime").print_stats(limit)
    return out.getvalue()
