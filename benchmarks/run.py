"""``python -m benchmarks``: seed, measure, compare with stock Wagtail, print and save the figures.

Run it through ``make bench`` (see docs/performance.md). Options and environment:

    --sizes 2000,10000     activity counts, measured in turn (env BENCH_SIZES)
    --repetitions 30       timed requests per URL after warm-up (env BENCH_REPETITIONS)
    --warmup 3             untimed requests per URL first
    --time-limit 20        seconds of SQL after which a request is abandoned (timed out)
    --case-budget 60       seconds a case may take; slow cases get fewer repetitions (at least 3)
    --no-cache             do not keep answers (ICSSI_WAGTAIL["CACHE_ALIAS"] = None)
    --suite all            "competent": only the comparison with the competent stock listing
                           (benchmarks/fresh.py), without the other cases
    --load-urls 300        distinct URLs of the every-URL-differs case
    --output PATH          the JSON file (default benchmarks/results/<db>-<timestamp>.json)
    --profile              also print a cProfile of our listing and API at the largest size
    --keep-db              keep the bench database afterwards
    --strict               exit with status 1 when a target fails (default: only on errors)
    DATABASE_URL           PostgreSQL/MySQL database to create, use and drop (default SQLite)
"""

import argparse
import datetime
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent


def parse_args(argv):
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--sizes", default=os.environ.get("BENCH_SIZES") or "2000,10000")
    parser.add_argument(
        "--repetitions", type=int, default=int(os.environ.get("BENCH_REPETITIONS") or 30)
    )
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--time-limit", type=float, default=20)
    parser.add_argument("--case-budget", type=float, default=60)
    parser.add_argument("--output", type=Path)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--suite", choices=("all", "competent"), default="all")
    parser.add_argument("--load-urls", type=int, default=300)
    args = parser.parse_args(argv)
    if args.no_cache:
        os.environ["BENCH_NO_CACHE"] = "1"
    try:
        args.sizes = sorted({int(size) for size in args.sizes.replace(" ", "").split(",")})
    except ValueError:
        parser.error("--sizes takes whole numbers separated by commas, such as 2000,10000.")
    if not args.sizes or min(args.sizes) < 1 or args.repetitions < 1:
        parser.error("sizes and repetitions must be at least 1.")
    return args


def say(message):
    print(message, flush=True)


def setup_django(url, media_root):
    """Configure the bench settings (before Django loads them) and migrate."""
    import django
    from django.core.management import call_command

    os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
    os.environ["BENCH_MEDIA_ROOT"] = media_root
    if url:
        os.environ["DATABASE_URL"] = url
    django.setup()
    from django.conf import settings

    if media_root != settings.MEDIA_ROOT:  # the settings were imported too early
        raise SystemExit(f"MEDIA_ROOT is {settings.MEDIA_ROOT}, not the temporary {media_root}.")
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    say(f"migrated in {time.perf_counter() - started:.1f} s")


def database_meta():
    import django
    import wagtail
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = "SQLite " + cursor.fetchone()[0]
        else:
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(",")[0]
    return {
        "database": version,
        "vendor": connection.vendor,
        "python": platform.python_version(),
        "django": django.get_version(),
        "wagtail": wagtail.__version__,
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
    }


def load():
    """The machine's load averages (1, 5, 15 minutes): other jobs slow wall-clock timings."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return None


def analyse():
    """Vacuum and analyse after the bulk inserts, as autovacuum would (PostgreSQL 13 and later
    vacuum after inserts, which lets the planner use index-only scans)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def run_size(content, size, args):
    """Seed up to ``size`` activities, check the tree, measure every case."""
    from .cases import build_cases
    from .fresh import measure_competent
    from .measure import measure
    from .seed import tree_problems

    started = time.perf_counter()
    content.add_activities(size)
    seeded = time.perf_counter() - started
    problems = tree_problems()
    if any(problems.values()):
        raise SystemExit(f"The page tree has problems after seeding: {problems}")
    analyse()
    say(f"\nN = {size:,}: seeded in {seeded:.1f} s; page tree checked: no problems")

    started = time.perf_counter()
    cases = {}
    if args.suite == "all":
        cases = measure(
            build_cases(content),
            args.repetitions,
            args.warmup,
            progress,
            time_limit=args.time_limit,
            case_budget=args.case_budget,
        )
    measured = time.perf_counter()
    competent = measure_competent(
        content, size, args.repetitions, args.warmup, args.load_urls, competent_progress
    )
    result = {
        "seed_seconds": round(seeded, 2),
        "measure_seconds": round(measured - started, 1),
        "competent_seconds": round(time.perf_counter() - measured, 1),
        "tree_problems": problems,
        "load_average": load(),
        "cases": cases,
        "competent": competent,
    }
    load_case = competent["load"]
    say(
        f"  every URL differs ({load_case['urls']} URLs, cache on): ours/competent "
        f"{load_case['ratio']:.2f} in {load_case['seconds']:.0f} s; app cache "
        f"{load_case['app_cache']['entries']:,} entries, {load_case['app_cache']['bytes']:,} bytes"
    )
    return result, explain_size(content, size, cases) if cases else {}


def competent_progress(label, result):
    say(
        f"  {label}: ours p50 {result['ours']['p50']:.1f} ms, {result['ours']['queries']} q; "
        f"competent {result['stock']['p50']:.1f} ms, {result['stock']['queries']} q; "
        f"ratio {result['ratio']:.2f}{'' if result['same_cards'] else ' (CARDS DIFFER)'}"
    )


def explain_size(content, size, cases):
    """PostgreSQL plans of the deep offsets and of the listing's and API's main queries."""
    from django.db import connection

    from .cases import deep_offset_cases
    from .explain import explain_urls

    if connection.vendor != "postgresql":
        return {}
    return explain_urls(
        {
            **deep_offset_cases(content, size),
            "listing": cases["listing_theme_20"]["ours"]["url"],
            "api": cases["api_limit_20"]["ours"]["url"],
        }
    )


def progress(case, result):
    """One line per measured case while the run goes on."""
    parts = []
    for side in ("ours", "stock"):
        if result.get(side, {}).get("timed_out"):
            parts.append(f"{side} timed out (SQL over {result[side]['time_limit_s']:g} s)")
        elif side in result:
            figures = result[side]
            parts.append(
                f"{side} p50 {figures['p50']:.1f} ms, {figures['queries']} queries"
                f" ({figures['repetitions']} repetitions)"
            )
    say(f"  {case.label}: " + "; ".join(parts))


def print_plans(explained):
    for name, report in explained.items():
        say(f"\nEXPLAIN (ANALYZE, BUFFERS) of the main query of {name}: {report['url']}")
        say("\n".join("  " + line for line in report.get("plan", [report.get("error")])))


def print_profiles(content, size):
    from .cases import build_cases
    from .measure import profile

    for case in build_cases(content):
        if case.name in ("listing_theme_20", "api_limit_20"):
            say(f"\ncProfile of 10 requests to {case.ours} (N = {size:,})")
            say(profile(case.ours))


def default_output(vendor):
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    return BENCH_DIR / "results" / f"{vendor}-{stamp}.json"


def benchmark(args):
    """Seed and measure every size, print the plans, the table and the targets; save the JSON."""
    from .fresh_report import competent_summary, competent_targets, render_competent
    from .report import evaluate, render, write_json
    from .seed import BenchContent

    meta = {
        **database_meta(),
        "sizes": args.sizes,
        "repetitions": args.repetitions,
        "warmup": args.warmup,
        "time_limit_s": args.time_limit,
        "case_budget_s": args.case_budget,
        "suite": args.suite,
        "load_urls": args.load_urls,
        "started": datetime.datetime.now().isoformat(timespec="seconds"),
        "load_average_start": load(),
    }
    say(
        f"{meta['database']}; Python {meta['python']}, Django {meta['django']}, "
        f"Wagtail {meta['wagtail']}; {meta['machine']}; load {meta['load_average_start']}"
    )
    content = BenchContent()
    content.create_base()
    results, explained = {}, {}
    for size in args.sizes:
        results[str(size)], explained_size = run_size(content, size, args)
        if explained_size:
            explained = explained_size  # the plans at the largest size are reported
    if args.profile:
        print_profiles(content, args.sizes[-1])
    meta["finished"] = datetime.datetime.now().isoformat(timespec="seconds")
    targets = evaluate(results, explained) if args.suite == "all" else []
    targets += competent_targets(results)
    if explained:
        print_plans(explained)
    say(render_competent(results))
    say(render(results, targets))
    path = write_json(
        args.output or default_output(meta["vendor"]),
        meta,
        results,
        targets,
        explained,
        {"competent": competent_summary(results)},
    )
    say(f"\nFigures written to {path}")
    return targets


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    url = os.environ.get("DATABASE_URL", "").strip()
    from .database import DatabaseError, create, describe, drop

    say(f"Benchmark on {describe(url)}: sizes {args.sizes}, {args.repetitions} repetitions")
    try:
        create(url)
    except DatabaseError as error:
        raise SystemExit(f"ERROR: {error}") from None
    media_root = tempfile.mkdtemp(prefix="icssi-bench-media-")
    started = time.perf_counter()
    try:
        setup_django(url, media_root)
        targets = benchmark(args)
    finally:
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        if not args.keep_db:
            drop(url)
        shutil.rmtree(media_root, ignore_errors=True)
    say(f"Benchmark took {time.perf_counter() - started:.0f} s.")
    if args.strict and not all(target.passed for target in targets):
        sys.exit(1)
