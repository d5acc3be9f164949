"""Our listing against the competent stock listing (``benchmarks/competent.py``): issue 18's
performance targets.

Three kinds of measurement, at each size:

*computed afresh*
    page 1, one theme and a deep page (90 % into the list), with the app's cache ``off`` and
    ``cold`` (emptied of the app's entries before every request; ``benchmarks/cache.py``).
    Requests of ours and of stock alternate, so that the machine's load falls on both alike.
*every URL differs*
    ``LOAD_URLS`` distinct filter combinations (themes, attendance, country, when, page), each
    requested once of ours and once of stock, the cache on and emptied of the app's entries
    first: what traffic from crawlers and filter-happy visitors costs. The app's cache size
    (entries, bytes) is read after the run.
*facets*
    the part of our listing that counts per theme and finds the organisation filter's choices,
    called directly with the cache off, at each size: it should not grow with N.

Every request of ours and of stock must show the same cards (the same HTML, in the same order);
a difference is a target that fails, since the times would compare different work.
"""

import random
import re
import statistics
import time
from urllib.parse import urlencode

from .cache import app_cache, app_cache_size, before_request
from .measure import captured, fetch, summarise, timed

MODES = ("off", "cold")
LOAD_URLS = 300
STOCK_PREFIX = "/competent"
FRESH_RATIO = 1.0
FRESH_RATIO_LARGE = 0.8
LARGE = 10_000
LOAD_RATIO = 1.0
FACET_GROWTH = 1.3
ARTICLE = re.compile(rb"<article\b.*?</article>", re.S)


def cards(response):
    """The listing's cards, as their HTML, in order."""
    return ARTICLE.findall(response.content)


def deep_page(size, per_page=20):
    """The page 90 % into a list of ``size`` activities (page 450 of 10,000)."""
    return max(1, size * 9 // 10 // per_page)


def fresh_urls(content, size):
    """``{case: (ours, stock)}``: page 1, one theme, a deep page."""
    index = content.index.url
    queries = {
        "page_1": "",
        "one_theme": "?theme=water",
        "deep_page": f"?page={deep_page(size)}",
    }
    return {name: (index + query, STOCK_PREFIX + index + query) for name, query in queries.items()}


def load_queries(content, count=LOAD_URLS, seed=18):
    """``count`` distinct query strings of the listing's filters, the same in every run."""
    slugs = [theme.slug for theme in content.themes]
    themes = [
        [],
        *([slug] for slug in slugs),
        *(list(pair) for pair in zip(slugs, slugs[1:], strict=False)),
    ]
    combinations = [
        [("theme", slug) for slug in chosen]
        + [(name, value) for name, value in (("mode", mode), ("country", country)) if value]
        + ([("when", when)] if when else [])
        + ([("page", page)] if page > 1 else [])
        for chosen in themes
        for mode in ("", "in_person", "parallel", "online", "hybrid")
        for country in ("", "IQ", "TN", "IT")
        for when in ("", "upcoming", "past")
        for page in (1, 2)
    ]
    chosen = random.Random(seed).sample(combinations, min(count, len(combinations)))  # noqa: S311
    return ["?" + urlencode(pairs) if pairs else "" for pairs in chosen]


def same_cards(ours, stock):
    return cards(ours) == cards(stock)


def measure_pair(client, urls, repetitions, warmup):
    """Timings of ours and stock, alternating, calling ``before_request`` before each; then
    each side's queries, and whether both showed the same cards."""
    for _ in range(warmup):
        for url in urls.values():
            before_request()
            timed(client, url)
    samples = {side: [] for side in urls}
    cpu = {side: [] for side in urls}
    for repetition in range(repetitions):
        order = list(urls) if repetition % 2 == 0 else list(reversed(urls))
        for side in order:
            before_request()
            wall, used = timed(client, urls[side])
            samples[side].append(wall)
            cpu[side].append(used)
    result, responses = {}, {}
    for side, url in urls.items():
        before_request()
        queries, responses[side] = captured(client, url)
        result[side] = {
            "url": url,
            **summarise(samples[side]),
            "cpu_p50": statistics.median(cpu[side]),
            "repetitions": repetitions,
            "queries": len(queries),
            "cards": len(cards(responses[side])),
            "samples_ms": [round(sample, 3) for sample in samples[side]],
        }
    result["same_cards"] = same_cards(responses["ours"], responses["stock"])
    result["ratio"] = result["ours"]["p50"] / result["stock"]["p50"]
    result["cpu_ratio"] = result["ours"]["cpu_p50"] / result["stock"]["cpu_p50"]
    return result


def measure_fresh(client, content, size, repetitions, warmup, progress=None):
    """``{mode: {case: result}}`` for the cases computed afresh."""
    results = {}
    for mode in MODES:
        results[mode] = {}
        with app_cache(mode):
            for name, (ours, stock) in fresh_urls(content, size).items():
                urls = {"ours": ours, "stock": stock}
                results[mode][name] = measure_pair(client, urls, repetitions, warmup)
                if progress:
                    progress(f"cache {mode}, {name}", results[mode][name])
    return results


def measure_load(client, content, count=LOAD_URLS):
    """Every URL differs: ``count`` filter combinations, ours and stock alternating, the cache
    on and emptied of the app's entries first."""
    index = content.index.url
    queries = load_queries(content, count)
    samples = {"ours": [], "stock": []}
    cpu = {"ours": 0.0, "stock": 0.0}
    mismatched = []
    with app_cache("cold"):
        before_request()  # start with none of the app's entries
    started = time.perf_counter()
    with app_cache("on"):
        for number, query in enumerate(queries):
            urls = {"ours": index + query, "stock": STOCK_PREFIX + index + query}
            order = ["ours", "stock"] if number % 2 == 0 else ["stock", "ours"]
            responses = {}
            for side in order:
                used, start = time.process_time(), time.perf_counter()
                responses[side] = fetch(client, urls[side])
                samples[side].append((time.perf_counter() - start) * 1000)
                cpu[side] += (time.process_time() - used) * 1000
            if not same_cards(responses["ours"], responses["stock"]):
                mismatched.append(query)
        size = app_cache_size()
    totals = {side: sum(values) for side, values in samples.items()}
    return {
        "urls": len(queries),
        "seconds": round(time.perf_counter() - started, 1),
        "ours": {"total_ms": totals["ours"], "cpu_ms": cpu["ours"], **summarise(samples["ours"])},
        "stock": {
            "total_ms": totals["stock"],
            "cpu_ms": cpu["stock"],
            **summarise(samples["stock"]),
        },
        "ratio": totals["ours"] / totals["stock"],
        "cpu_ratio": cpu["ours"] / cpu["stock"] if cpu["stock"] else None,
        "app_cache": size,
        "mismatched_urls": mismatched,
    }


FACET_FILTER = "online"  # the attendance mode the filtered facets are counted under


def facet_functions(content):
    """Our listing's facets for the bench index, as functions of no arguments:
    ``"listing"``, the counts per theme of the whole listing (what page 1 and the theme links
    show) with the organisation filter's choices; ``"filtered"``, the counts per theme under
    one more filter (attendance online), which no count kept per index can answer. Found in
    ``icssi_wagtail.listing`` (the listing service) or, before it, in the models' listing
    module; ``{}`` if the app has neither."""
    from wagtail.models import Locale

    locale, index = Locale.get_default(), content.index
    try:
        from icssi_wagtail.listing import ActivityFilters, ActivityListing, organising_organisations
    except ImportError:
        pass
    else:

        def facets(**filters):
            listing = ActivityListing(
                index=index, locale=locale, filters=ActivityFilters(**filters)
            )
            return listing.facets()

        return {
            "listing": lambda: (facets(), organising_organisations(locale)),
            "filtered": lambda: facets(mode=FACET_FILTER),
        }
    try:
        from icssi_wagtail.forms import organising_organisations
        from icssi_wagtail.models.listing import activities_under, filter_activities, theme_counts
    except ImportError:
        return {}

    def counts(**filters):
        return theme_counts(filter_activities(activities_under(index, locale), **filters))

    return {
        "listing": lambda: (counts(), organising_organisations(locale)),
        "filtered": lambda: counts(mode=FACET_FILTER),
    }


def measure_facets(content, repetitions):
    """``{name: {p50, …}}``: milliseconds of each of our facets (``facet_functions``),
    computed with the cache off (median of ``repetitions``, after one untimed call)."""
    results = {}
    with app_cache("off"):
        for name, compute in facet_functions(content).items():
            compute()
            samples = []
            for _ in range(repetitions):
                start = time.perf_counter()
                compute()
                samples.append((time.perf_counter() - start) * 1000)
            results[name] = {**summarise(samples), "repetitions": repetitions}
    return results


def measure_competent(content, size, repetitions, warmup, load_urls=LOAD_URLS, progress=None):
    """Everything above at one size."""
    from django.test import Client

    client = Client()
    return {
        "fresh": measure_fresh(client, content, size, repetitions, warmup, progress),
        "load": measure_load(client, content, load_urls),
        "facets": measure_facets(content, repetitions),
    }
