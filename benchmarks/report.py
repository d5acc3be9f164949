"""The benchmark's table, its targets (PASS/FAIL) and its JSON file."""

import json
from dataclasses import asdict, dataclass

LISTING_EXTRA_QUERIES = 5
API_MAX_QUERIES = 8
API_STOCK_RATIO = 0.5
LISTING_STOCK_RATIO = 0.7
MAX_GROWTH = 1.3
API_LIST_CASES = ("api_limit_20", "api_limit_100", "api_theme_20", "api_themes", "embed")


@dataclass
class Target:
    name: str
    passed: bool
    detail: str
    kind: str  # "queries", "time" or "plan"

    @property
    def verdict(self):
        return "PASS" if self.passed else "FAIL"


def ratio(ours, stock):
    return ours / stock if stock else None


def fmt(value, digits=1):
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.{digits}f}"


def side(result, key):
    return result[key] if result else None


def case_rows(cases):
    """Rows of the table for one size: case, ours p50/p90/queries, stock p50/p90/queries, ratio."""
    rows = []
    for case in cases.values():
        ours, stock = case.get("ours"), case.get("stock")
        both = ours and stock
        rows.append(
            [
                case["label"],
                fmt(side(ours, "p50")),
                fmt(side(ours, "p90")),
                fmt(side(ours, "queries")),
                fmt(side(stock, "p50")),
                fmt(side(stock, "p90")),
                fmt(side(stock, "queries")),
                fmt(ratio(ours["p50"], stock["p50"]), 2) if both else "—",
            ]
        )
    return rows


def table(headers, rows):
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
    lines = []
    for row in [headers, None, *rows]:
        if row is None:
            lines.append("  ".join("-" * width for width in widths))
            continue
        cells = [str(row[0]).ljust(widths[0])]
        cells += [str(cell).rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
    return "\n".join(lines)


CASE_HEADERS = [
    "case",
    "ours p50",
    "ours p90",
    "ours q",
    "stock p50",
    "stock p90",
    "stock q",
    "ours/stock p50",
]


def growth(results):
    """p50 at the largest size / p50 at the smallest, for each case of ours."""
    sizes = sorted(results, key=int)
    small, large = results[sizes[0]]["cases"], results[sizes[-1]]["cases"]
    return {
        name: {
            "label": case["label"],
            "small_p50": case["ours"]["p50"],
            "large_p50": large[name]["ours"]["p50"],
            "ratio": large[name]["ours"]["p50"] / case["ours"]["p50"],
        }
        for name, case in small.items()
        if "ours" in case
    }


def render(results, targets):
    """The whole printed report: a table per size, the growth table and the targets."""
    out = []
    for size in sorted(results, key=int):
        out.append(f"\nN = {int(size):,} activities (milliseconds; q = SQL queries per request)")
        out.append(table(CASE_HEADERS, case_rows(results[size]["cases"])))
    if len(results) > 1:
        sizes = sorted(results, key=int)
        small, large = int(sizes[0]), int(sizes[-1])
        out.append(f"\nGrowth of our p50 from N = {small:,} to N = {large:,}")
        rows = [
            [row["label"], fmt(row["small_p50"]), fmt(row["large_p50"]), fmt(row["ratio"], 2)]
            for row in growth(results).values()
        ]
        out.append(table(["case", f"p50 @ {small:,}", f"p50 @ {large:,}", "ratio"], rows))
    out.append("\nTargets")
    for target in targets:
        out.append(f"  {target.verdict}  {target.name}: {target.detail}")
    failed = sum(not target.passed for target in targets)
    out.append(f"\n{len(targets) - failed} of {len(targets)} targets passed, {failed} failed.")
    return "\n".join(out)


def queries_of(results, name, side="ours"):
    return {int(size): results[size]["cases"][name][side]["queries"] for size in results}


def constant_queries(results, names):
    """One target: the queries of ``names`` are the same at every size (and across ``names``)."""
    counts = {name: queries_of(results, name) for name in names}
    values = {count for per_size in counts.values() for count in per_size.values()}
    detail = "; ".join(
        f"{name} " + ", ".join(f"N={size:,}: {count}" for size, count in per_size.items())
        for name, per_size in counts.items()
    )
    label = " and ".join(names)
    return Target(f"queries constant: {label}", len(values) == 1, detail, "queries")


def query_targets(results):
    targets = [
        constant_queries(results, ["listing_theme_20", "listing_theme_50"]),
        constant_queries(results, ["api_limit_20", "api_limit_100"]),
    ]
    for name in ("call_to_action", "activity_page", "api_theme_20", "api_themes", "embed"):
        targets.append(constant_queries(results, [name]))
    for size in sorted(results, key=int):
        cases = results[size]["cases"]
        limit = cases["baseline"]["stock"]["queries"] + LISTING_EXTRA_QUERIES
        listing = cases["listing_theme_20"]["ours"]["queries"]
        targets.append(
            Target(
                f"N={int(size):,}: listing at most baseline + {LISTING_EXTRA_QUERIES} queries",
                listing <= limit,
                f"listing {listing} queries, plain Wagtail page "
                f"{cases['baseline']['stock']['queries']} + {LISTING_EXTRA_QUERIES} = {limit}",
                "queries",
            )
        )
        counts = {name: cases[name]["ours"]["queries"] for name in API_LIST_CASES}
        targets.append(
            Target(
                f"N={int(size):,}: API lists at most {API_MAX_QUERIES} queries",
                max(counts.values()) <= API_MAX_QUERIES,
                ", ".join(f"{name} {count}" for name, count in counts.items()),
                "queries",
            )
        )
    return targets


def speed_target(size, cases, name, limit, label):
    ours, stock = cases[name]["ours"]["p50"], cases[name]["stock"]["p50"]
    return Target(
        f"N={int(size):,}: {label} p50 at most {limit} × stock",
        ours <= limit * stock,
        f"ours {ours:.1f} ms, stock {stock:.1f} ms, ratio {ours / stock:.2f}",
        "time",
    )


def time_targets(results):
    targets = []
    for size in sorted(results, key=int):
        cases = results[size]["cases"]
        targets.append(
            speed_target(size, cases, "api_limit_20", API_STOCK_RATIO, "API activities limit 20")
        )
        targets.append(
            speed_target(
                size, cases, "listing_theme_20", LISTING_STOCK_RATIO, "listing 20 per page"
            )
        )
    if len(results) > 1:
        rows = growth(results)
        worst = max(rows, key=lambda name: rows[name]["ratio"])
        over = [
            f"{name} {row['ratio']:.2f}" for name, row in rows.items() if row["ratio"] > MAX_GROWTH
        ]
        targets.append(
            Target(
                f"no p50 of ours grows more than {MAX_GROWTH}× from the smallest to the largest N",
                not over,
                f"worst {worst} {rows[worst]['ratio']:.2f}"
                + (f"; over: {', '.join(over)}" if over else ""),
                "time",
            )
        )
    return targets


def plan_targets(explained):
    targets = []
    for name, report in explained.items():
        if not name.endswith("_deep"):
            continue  # printed for information; the target is about deep offsets
        if "error" in report:
            targets.append(Target(f"{name}: no full scan", False, report["error"], "plan"))
            continue
        scans = ", ".join(
            f"{scan['table']} ({scan['rows']} rows)" for scan in report["sequential_scans"]
        )
        targets.append(
            Target(
                f"PostgreSQL {name} ({report['url']}): no sequential scan of all activities",
                not report["scans_all_activities"],
                f"sequential scans: {scans or 'none'}",
                "plan",
            )
        )
    return targets


def evaluate(results, explained=None):
    """Every target, from the measured ``results`` (by size) and the PostgreSQL plans."""
    return query_targets(results) + time_targets(results) + plan_targets(explained or {})


def write_json(path, meta, results, targets, explained):
    data = {
        "meta": meta,
        "sizes": results,
        "growth": growth(results) if len(results) > 1 else {},
        "explain": explained,
        "targets": [{**asdict(target), "verdict": target.verdict} for target in targets],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")
    return path
