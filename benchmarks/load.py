"""``python -m benchmarks.load``: our listing and API against stock Wagtail's, under load, served
by gunicorn (``make load``; docs/scaling.md, "Load run").

Seeds ``--size`` activities (``benchmarks/seed.py``) into the PostgreSQL database of
``DATABASE_URL`` (created, and dropped at the end), serves the benchmark's site with gunicorn
(2 sync workers, DEBUG off) on a free port of 127.0.0.1, warms it up, then requests our listing
and the stock listing, our API and the stock pages API, ours and stock in alternate rounds,
each with ``--clients`` concurrent connections for ``--seconds`` in all. Prints requests per
second, errors and latencies, the ratios ours / stock, each worker's memory after the warm-up
and after the run, and the targets (PASS/FAIL); writes the figures as JSON.

Exit status 1 when the run could not be made (gunicorn died, a URL did not answer), a worker
was replaced, or a request failed (any answer but 200, or a connection error); with
``--strict``, also when a throughput or memory target fails.

    --seconds 15        seconds of load per URL (env LOAD_SECONDS)
    --size 2000         activities seeded (env LOAD_SIZE)
    --clients 8         concurrent client connections (env LOAD_CLIENTS)
    --rounds 5          rounds per URL, ours and stock alternating
    --warmup 2          seconds of untimed load per URL first
    --worker-class sync gunicorn's worker class (sync, or gthread with --threads)
    --no-cache          the app keeps no answers (ICSSI_WAGTAIL["CACHE_ALIAS"] = None)
    DATABASE_URL        default postgres://postgres@127.0.0.1:5432/icssi_load
    REDIS_URL           a Redis database as the cache (default: local memory, one per worker)
"""

import argparse
import datetime
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .database import DatabaseError, create, describe, drop
from .load_server import Gunicorn, ServerError
from .run import BENCH_DIR, analyse, database_meta, load, say

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/icssi_load"
SETTINGS = "benchmarks.load_settings"
COMPARISONS = {"listing": "listing_theme_20", "api": "api_limit_20"}  # benchmarks/cases.py


class RunError(Exception):
    """The run could not be made: its figures would mean nothing."""


def environment_number(name, default, kind=int):
    return kind(os.environ.get(name) or default)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.load", description=__doc__.split("\n")[0]
    )
    number = environment_number
    parser.add_argument("--seconds", type=float, default=number("LOAD_SECONDS", 15, float))
    parser.add_argument("--size", type=int, default=number("LOAD_SIZE", 2000))
    parser.add_argument("--clients", type=int, default=number("LOAD_CLIENTS", 8))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=float, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", choices=("sync", "gthread"), default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--output", type=Path)
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args(argv)
    if min(args.size, args.clients, args.rounds, args.workers, args.threads) < 1:
        parser.error("--size, --clients, --rounds, --workers and --threads must be at least 1.")
    if args.seconds <= 0 or args.warmup < 0:
        parser.error("--seconds must be above 0 and --warmup at least 0.")
    if args.worker_class == "sync":
        args.threads = 1
    return args


def setup_django(media_root):
    import django
    from django.core.management import call_command

    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["BENCH_MEDIA_ROOT"] = media_root
    django.setup()
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    say(f"migrated in {time.perf_counter() - started:.1f} s")


def seed(size):
    """The bench content with ``size`` activities; ``{comparison: Case}`` of its URLs."""
    from .cases import build_cases
    from .seed import BenchContent, tree_problems

    started = time.perf_counter()
    content = BenchContent()
    content.create_base()
    content.add_activities(size)
    problems = tree_problems()
    if any(problems.values()):
        raise RunError(f"The page tree has problems after seeding: {problems}")
    analyse()
    say(f"seeded {size:,} activities in {time.perf_counter() - started:.1f} s")
    cases = {case.name: case for case in build_cases(content)}
    # The freshness check's listing: every activity, by start, like the API's list.
    return {name: cases[case] for name, case in COMPARISONS.items()}, content.index.url


def cache_backend():
    """The workers' cache, and whether the app keeps answers in it, for the report."""
    from django.conf import settings

    from icssi_wagtail.cache import get_cache

    cache = settings.CACHES["default"]
    name = cache["BACKEND"].rsplit(".", 1)[-1]
    if cache.get("LOCATION") and "redis" in cache["BACKEND"].lower():
        name = f"{name} at {cache['LOCATION']} (shared by the workers)"
    else:
        name = f"{name} (one per worker process)"
    return name + ("; the app keeps answers" if get_cache() else "; the app keeps no answers")


def shared_cache():
    """Whether the workers share one cache (Redis), so that a change must reach them all."""
    from django.conf import settings

    return "redis" in settings.CACHES["default"]["BACKEND"].lower()


def clear_cache():
    """Start cold, and leave nothing behind: in Redis, every key under the bench's KEY_PREFIX, of
    every version (Wagtail keeps its site root paths under version 2), and no other key."""
    from django.conf import settings
    from django.core.cache import cache

    prefix = settings.CACHES["default"].get("KEY_PREFIX")
    if not hasattr(cache, "delete_pattern"):  # local memory: this process's own
        cache.clear()
        return
    from django_redis import get_redis_connection

    client = get_redis_connection("default")
    for key in client.scan_iter(match=f"{prefix}:*", count=1000):
        client.delete(key)


def probe(server, urls):
    """Each URL once, one at a time (renditions are generated without racing): all must be 200."""
    from .load_client import fetch

    for url in urls:
        outcome = fetch(server.port, url)
        if outcome != 200:
            raise RunError(f"{url} answered {outcome}:\n{server.log_tail()}")


def progress(number, tallies):
    ours, stock = (tally.rounds[-1] for tally in tallies)
    say(f"  round {number + 1}: ours {ours:.1f} req/s, stock {stock:.1f} req/s")


def measure(server, cases, args):
    """Warm-up, memory, the alternating rounds of each comparison, memory again."""
    from .load_client import compare, warm_up

    urls = [url for case in cases.values() for url in (case.ours, case.stock)]
    probe(server, urls)
    warmup = warm_up(server.port, urls, args.clients, args.warmup)
    memory = {"after_warmup": server.memory()}
    rss = ", ".join(f"{pid} {kib / 1024:.1f} MiB" for pid, kib in memory["after_warmup"].items())
    say(f"warmed up {len(urls)} URLs for {args.warmup:g} s each; workers' VmRSS: {rss}")
    results = {}
    for name, case in cases.items():
        say(f"{name}: {case.ours} against {case.stock}, {args.rounds} rounds of "
            f"{args.seconds / args.rounds:g} s per side")  # fmt: skip
        ours, stock = compare(
            server.port, (case.ours, case.stock), args.clients, args.seconds, args.rounds, progress
        )
        results[name] = {"label": case.label, "ours": ours, "stock": stock}
    memory["after_run"] = server.memory()
    return warmup, results, memory


def fetch_text(port, path):
    """One request on a new connection (so that it may reach any worker): status and body."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read().decode(), response.getheader("X-ICSSI-Cache")
    finally:
        connection.close()


def freshness(server, content_urls, workers, repeat=4):
    """A change published by this process, not by a worker, as an editor's would be by another
    app process, must show at once in every answer of every worker: nothing kept in a worker
    may be stale. Each URL is first requested until every worker keeps it; then the first
    activity of both lists (the unfiltered listing and the API, both by start) gets a new
    title and is published; then each URL is requested ``repeat`` × workers times."""
    import uuid

    from icssi_wagtail.models import ActivityPage

    requests = repeat * workers
    for path in content_urls:
        for _ in range(requests):
            fetch_text(server.port, path)
    activity = ActivityPage.objects.live().order_by("starts_at", "pk").first()
    marker = f"changed {uuid.uuid4().hex[:8]}"
    activity.title = f"{activity.title} ({marker})"
    activity.save_revision().publish()
    seen = {}
    for path in content_urls:
        answers = [fetch_text(server.port, path) for _ in range(requests)]
        seen[path] = {
            "requests": len(answers),
            "fresh": sum(status == 200 and marker in body for status, body, _kept in answers),
            "kept": sum(kept == "hit" for _status, _body, kept in answers),
        }
    return {"marker": marker, "urls": seen}


def server_environment(url, media_root):
    root = str(BENCH_DIR.parent)
    path = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": url,
        "BENCH_MEDIA_ROOT": media_root,
        "PYTHONPATH": path,
    }


def default_output(vendor):
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return BENCH_DIR / "results" / f"load-{vendor}-{stamp}.json"


def run(args, url, workdir):
    """Seed, serve, measure, report; the targets."""
    from importlib.metadata import version

    from .load_report import evaluate, render, write_json

    media_root = str(workdir / "media")
    setup_django(media_root)
    meta = {**database_meta(), "gunicorn": version("gunicorn"), "load_average_start": load()}
    say(f"{meta['database']}; Python {meta['python']}, Django {meta['django']}, "
        f"Wagtail {meta['wagtail']}, gunicorn {meta['gunicorn']}; {meta['machine']}")  # fmt: skip
    cases, content_listing = seed(args.size)
    clear_cache()
    from django.db import connections

    connections.close_all()
    server = Gunicorn(
        server_environment(url, media_root), workdir / "gunicorn.log",
        args.workers, args.worker_class, args.threads,
    )  # fmt: skip
    meta.update(
        size=args.size, clients=args.clients, seconds=args.seconds, rounds=args.rounds,
        warmup_seconds=args.warmup, cache=cache_backend(),
        server=f"gunicorn, {args.workers} {args.worker_class} workers"
        + (f" × {args.threads} threads" if args.worker_class == "gthread" else ""),
        started=datetime.datetime.now().isoformat(timespec="seconds"),
    )  # fmt: skip
    say(f"cache: {meta['cache']}")
    try:
        server.start(cases["listing"].ours)
        say(f"{meta['server']} at {server.base}")
        warmup, results, memory = measure(server, cases, args)
        fresh = freshness(server, [content_listing, cases["api"].ours], args.workers)
    finally:
        server.stop()
    finished = datetime.datetime.now().isoformat(timespec="seconds")
    meta.update(load_average_end=load(), finished=finished)
    targets = evaluate(results, warmup, memory, fresh, shared=shared_cache())
    say(render(meta, results, memory, targets))
    output = args.output or default_output(meta["vendor"])
    path = write_json(output, meta, warmup, results, memory, targets, fresh)
    say(f"\nFigures written to {path}")
    return targets


def drop_database(url):
    """Drop the database once the workers' connections have gone (they close as they exit)."""
    for attempt in range(10):
        try:
            drop(url)
            return
        except Exception:  # "being accessed by other users" while backends exit: retry
            if attempt == 9:
                raise
            time.sleep(0.5)


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    url = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    if not url.startswith(("postgres", "mysql", "mariadb")):
        raise SystemExit("ERROR: the load run needs a database server: DATABASE_URL=postgres://…")
    os.environ["DATABASE_URL"] = url
    if args.no_cache:  # read by benchmarks/settings.py, here and in the workers
        os.environ["BENCH_NO_CACHE"] = "1"
    say(f"Load run on {describe(url)}: N = {args.size:,}, {args.clients} clients, "
        f"{args.seconds:g} s per URL")  # fmt: skip
    try:
        create(url, marker="load")
    except DatabaseError as error:
        raise SystemExit(f"ERROR: {error}") from None
    workdir = Path(tempfile.mkdtemp(prefix="icssi-load-"))
    started = time.perf_counter()
    try:
        targets = run(args, url, workdir)
    except (RunError, ServerError) as error:
        raise SystemExit(f"ERROR: {error}") from None
    finally:
        cleanup(args, url, workdir)
        say(f"Load run took {time.perf_counter() - started:.0f} s.")
    failed = [target for target in targets if not target.passed]
    if any(target.kind == "errors" for target in failed) or (args.strict and failed):
        sys.exit(1)


def cleanup(args, url, workdir):
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        try:
            clear_cache()
        except Exception as error:  # cleaning up goes on (Redis gone?)
            say(f"could not clear the cache: {error}")
        connections.close_all()
    if not args.keep_db:
        drop_database(url)
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
