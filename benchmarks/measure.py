"""Timing and query counts of requests made in-process with Django's test ``Client``.

Each URL is requested ``warmup`` times first (renditions are generated, caches filled), then
``repetitions`` times with our URL and the stock URL of a case alternating, so that a change in
the machine's load affects both sides alike. Timings are taken without capturing queries
(``CaptureQueriesContext`` slows every query down); the query count comes from one more request.
"""

import cProfile
import gc
import io
import json
import pstats
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


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


def fetch(client, url):
    response = client.get(url)
    if response.status_code != 200:
        raise BenchError(f"GET {url} answered {response.status_code}, not 200.")
    return response


def timed(client, url):
    start = time.perf_counter()
    fetch(client, url)
    return (time.perf_counter() - start) * 1000


def captured(client, url):
    """The queries of one request to ``url``, and the response."""
    with CaptureQueriesContext(connection) as queries:
        response = fetch(client, url)
    return [query["sql"] for query in queries.captured_queries], response


def measure_case(client, case, repetitions, warmup):
    """``{"ours": {...}, "stock": {...}}`` for ``case``: timings, queries and items shown."""
    urls = case.urls
    for url in urls.values():
        for _ in range(warmup):
            fetch(client, url)
    samples = {side: [] for side in urls}
    gc.collect()
    for repetition in range(repetitions):
        order = list(urls) if repetition % 2 == 0 else list(reversed(urls))
        for side in order:
            samples[side].append(timed(client, urls[side]))
    result = {}
    for side, url in urls.items():
        queries, response = captured(client, url)
        result[side] = {
            "url": url,
            **summarise(samples[side]),
            "queries": len(queries),
            "items": item_count(response),
            "samples_ms": [round(sample, 3) for sample in samples[side]],
        }
    return result


def measure(cases, repetitions=30, warmup=3, progress=None):
    """Measure every case; ``progress(case, result)`` is called after each."""
    client = Client()
    results = {}
    for case in cases:
        results[case.name] = {"label": case.label, "kind": case.kind}
        results[case.name].update(measure_case(client, case, repetitions, warmup))
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
