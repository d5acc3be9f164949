"""The table and targets of the comparison with the competent stock listing (``fresh.py``).

Each target is a :class:`report.Target` (PASS/FAIL, in the printed report and the JSON's
``targets``); :func:`competent_summary` gives the same figures as plain data for the JSON's
``competent`` section: for every case its ratio, limit and verdict.
"""

from .fresh import FACET_GROWTH, FRESH_RATIO, FRESH_RATIO_LARGE, LARGE, LOAD_RATIO
from .report import Target, fmt, table

CASE_LABELS = {"page_1": "page 1", "one_theme": "one theme", "deep_page": "deep page"}
FACET_LABELS = {
    "listing": "the listing's counts per theme and organisation choices",
    "filtered": "counts per theme under one more filter, attendance online",
}
HEADERS = [
    "case",
    "ours p50",
    "ours q",
    "competent p50",
    "competent q",
    "ours/competent",
    "CPU ratio",
    "same cards",
]


def sized(results):
    """``[(size, competent results)]`` in increasing size, for the sizes that have them."""
    return [
        (int(size), results[size]["competent"])
        for size in sorted(results, key=int)
        if "competent" in results[size]
    ]


def fresh_limit(size):
    return FRESH_RATIO_LARGE if size >= LARGE else FRESH_RATIO


def mib(value):
    return f"{value / 2**20:.2f} MiB" if value is not None else "—"


def fresh_rows(size, competent):
    rows = []
    for mode, cases in competent["fresh"].items():
        for name, result in cases.items():
            rows.append(
                [
                    f"cache {mode}, {CASE_LABELS.get(name, name)}",
                    fmt(result["ours"]["p50"]),
                    fmt(result["ours"]["queries"]),
                    fmt(result["stock"]["p50"]),
                    fmt(result["stock"]["queries"]),
                    fmt(result["ratio"], 2),
                    fmt(result["cpu_ratio"], 2),
                    "yes" if result["same_cards"] else "NO",
                ]
            )
    load = competent["load"]
    rows.append(
        [
            f"every URL differs ({load['urls']} URLs), cache on",
            fmt(load["ours"]["p50"]),
            "",
            fmt(load["stock"]["p50"]),
            "",
            fmt(load["ratio"], 2),
            fmt(load.get("cpu_ratio"), 2),
            "yes" if not load["mismatched_urls"] else f"NO ({len(load['mismatched_urls'])})",
        ]
    )
    return rows


def render_competent(results):
    """The printed tables: one per size, then the facets' growth."""
    out = []
    for size, competent in sized(results):
        load = competent["load"]
        cache = load["app_cache"]
        out.append(
            f"\nN = {size:,}: ours against the competent stock listing (ms, p50; q = queries;"
            " ratio of p50s; every-URL-differs ratio of total times)"
        )
        out.append(table(HEADERS, fresh_rows(size, competent)))
        out.append(
            f"  every URL differs: ours {load['ours']['total_ms'] / 1000:.1f} s in all, "
            f"competent {load['stock']['total_ms'] / 1000:.1f} s; the app's cache after the run: "
            f"{cache['entries']:,} entries, {mib(cache['bytes'])} ({cache['backend']}: "
            f"{cache['how']})"
            + (
                f"; Redis used_memory {mib(cache['redis_used_memory'])}, "
                f"DBSIZE {cache['redis_dbsize']:,}"
                if "redis_used_memory" in cache
                else ""
            )
        )
    for name, facets in facet_growth(results).items():
        out.append(
            f"\nFacets ({FACET_LABELS.get(name, name)}), cache off: "
            + ", ".join(f"N={size:,}: {fmt(ms)} ms" for size, ms in facets["p50"].items())
            + (f"; growth {facets['ratio']:.2f}" if facets["ratio"] else "")
        )
    return "\n".join(out)


def facet_growth(results):
    """``{facet name: {"p50": {size: ms}, "small", "large", "ratio"}}`` over the sizes."""
    growth = {}
    names = {name for _size, c in sized(results) for name in (c.get("facets") or {})}
    for name in sorted(names):
        per_size = {
            size: ((c.get("facets") or {}).get(name) or {}).get("p50") for size, c in sized(results)
        }
        per_size = {size: ms for size, ms in per_size.items() if ms is not None}
        if len(per_size) < 2:
            continue
        small, large = min(per_size), max(per_size)
        growth[name] = {
            "p50": per_size,
            "small": small,
            "large": large,
            "ratio": per_size[large] / per_size[small] if per_size[small] else None,
        }
    return growth


def competent_summary(results):
    """Every compared figure with its limit and verdict, as plain data (the JSON's
    ``competent`` section)."""
    rows = []
    for size, competent in sized(results):
        for mode, cases in competent["fresh"].items():
            for name, result in cases.items():
                limit = fresh_limit(size)
                rows.append(
                    {
                        "size": size,
                        "kind": "computed afresh",
                        "cache": mode,
                        "case": name,
                        "ours_p50_ms": result["ours"]["p50"],
                        "stock_p50_ms": result["stock"]["p50"],
                        "ours_queries": result["ours"]["queries"],
                        "stock_queries": result["stock"]["queries"],
                        "ratio": result["ratio"],
                        "cpu_ratio": result["cpu_ratio"],
                        "limit": limit,
                        "same_cards": result["same_cards"],
                        "verdict": "PASS" if result["ratio"] <= limit else "FAIL",
                    }
                )
        load = competent["load"]
        rows.append(
            {
                "size": size,
                "kind": "every URL differs",
                "cache": "on",
                "case": f"{load['urls']} distinct URLs",
                "ours_total_ms": load["ours"]["total_ms"],
                "stock_total_ms": load["stock"]["total_ms"],
                "ratio": load["ratio"],
                "cpu_ratio": load.get("cpu_ratio"),
                "limit": LOAD_RATIO,
                "app_cache": load["app_cache"],
                "same_cards": not load["mismatched_urls"],
                "verdict": "PASS" if load["ratio"] <= LOAD_RATIO else "FAIL",
            }
        )
    for name, facets in facet_growth(results).items():
        passed = facets["ratio"] is not None and facets["ratio"] <= FACET_GROWTH
        rows.append(
            {
                "kind": "facets growth",
                "case": name,
                "p50_ms": facets["p50"],
                "ratio": facets["ratio"],
                "limit": FACET_GROWTH,
                "verdict": "PASS" if passed else "FAIL",
            }
        )
    return rows


def competent_targets(results):
    """PASS/FAIL lines: afresh never slower (≤ 0.8 × at 10,000), every-URL-differs at least as
    fast, facets not growing, and the same cards everywhere."""
    targets = []
    for size, competent in sized(results):
        limit = fresh_limit(size)
        for mode, cases in competent["fresh"].items():
            for name, result in cases.items():
                targets.append(
                    Target(
                        f"N={size:,}: computed afresh (cache {mode}), "
                        f"{CASE_LABELS.get(name, name)}: p50 at most {limit} × competent stock",
                        result["ratio"] <= limit,
                        f"ours {result['ours']['p50']:.1f} ms ({result['ours']['queries']} q), "
                        f"competent {result['stock']['p50']:.1f} ms "
                        f"({result['stock']['queries']} q), ratio {result['ratio']:.2f} "
                        f"(CPU-time ratio {result['cpu_ratio']:.2f})",
                        "competent",
                    )
                )
        load = competent["load"]
        targets.append(
            Target(
                f"N={size:,}: every URL differs ({load['urls']} URLs, cache on): "
                f"at most {LOAD_RATIO} × competent stock's total time",
                load["ratio"] <= LOAD_RATIO,
                f"ours {load['ours']['total_ms'] / 1000:.2f} s, competent "
                f"{load['stock']['total_ms'] / 1000:.2f} s, ratio {load['ratio']:.2f}; "
                f"app cache {load['app_cache']['entries']:,} entries, "
                f"{mib(load['app_cache']['bytes'])}",
                "competent",
            )
        )
        mismatched = [
            f"{mode}/{name}"
            for mode, cases in competent["fresh"].items()
            for name, result in cases.items()
            if not result["same_cards"]
        ] + load["mismatched_urls"]
        targets.append(
            Target(
                f"N={size:,}: ours and competent stock show the same cards in the same order",
                not mismatched,
                "every case and URL" if not mismatched else "differ: " + ", ".join(mismatched),
                "cards",
            )
        )
    for name, facets in facet_growth(results).items():
        targets.append(
            Target(
                f"facets ({FACET_LABELS.get(name, name)}) grow at most {FACET_GROWTH}× "
                f"from N={facets['small']:,} to N={facets['large']:,}",
                facets["ratio"] is not None and facets["ratio"] <= FACET_GROWTH,
                ", ".join(f"N={size:,}: {ms:.1f} ms" for size, ms in facets["p50"].items())
                + f"; ratio {fmt(facets['ratio'], 2)}",
                "competent",
            )
        )
    return targets


def markdown(before, after=None):
    """A Markdown table of one or two runs' ``competent`` sections (the JSON files of ``make
    bench``): per size and case, ours and stock p50 (ms) with their queries, and the ratio of
    wall-clock times (of CPU times in brackets), before and after."""
    header = "| N | case | before: ours / competent ms (q) | ratio (CPU) |"
    if after is not None:
        header += " after: ours / competent ms (q) | ratio (CPU) |"
    lines = [header + " limit |", "|---" * header.count("|") + "|"]
    keyed = {
        (row["size"], row["kind"], row["cache"], row["case"]): row
        for row in after or ()
        if row["kind"] != "facets growth"
    }
    for row in before:
        if row["kind"] == "facets growth":
            continue
        line = f"| {row['size']:,} | {row_label(row)} | {row_figures(row)} | {ratios(row)} |"
        if after is not None:
            other = keyed.get((row["size"], row["kind"], row["cache"], row["case"]))
            line += f" {row_figures(other)} | {ratios(other)} |" if other else " — | — |"
        lines.append(line + f" {row['limit']} |")
    return "\n".join(lines)


def ratios(row):
    cpu = row.get("cpu_ratio")
    return f"{row['ratio']:.2f}" + (f" ({cpu:.2f})" if cpu else "")


def row_label(row):
    if row["kind"] == "every URL differs":
        return f"every URL differs ({row['case']}), cache on, total"
    return f"cache {row['cache']}, {CASE_LABELS.get(row['case'], row['case'])}"


def row_figures(row):
    if row["kind"] == "every URL differs":
        return f"{row['ours_total_ms'] / 1000:.1f} / {row['stock_total_ms'] / 1000:.1f} s"
    return (
        f"{row['ours_p50_ms']:.1f} ({row['ours_queries']}) / "
        f"{row['stock_p50_ms']:.1f} ({row['stock_queries']})"
    )


if __name__ == "__main__":
    import json
    import sys

    runs = [json.loads(open(path).read())["competent"] for path in sys.argv[1:3]]  # noqa: SIM115
    print(markdown(runs[0], runs[1] if len(runs) > 1 else None))
