"""The benchmark's table, its targets (PASS/FAIL) and its JSON file."""

import json
from dataclasses import asdict, dataclass

LISTING_EXTRA_QUERIES = 5
API_MAX_QUERIES = 8
API_STOCK_RATIO = 0.5
LISTING_STOCK_RATIO = 0.7
MAX_GROWTH = 1.3
# A deep request may discard a few rows (ties at the cursor), not the thousands before it.
MAX_ROWS_REMOVED = 100
API_LIST_CASES = ("api_limit_20", "api_limit_100", "api_theme_20", "api_themes", "embed")
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


@dataclass
class Target:
    name: str
    passed: bool
    detail: str
    kind: str  # "queries", "time" or "plan"

    @property
    def verdict(self):
        return "PASS" if self.passed else "FAIL"


def fmt(value, digits=1):
    if value is None:
        return "—"
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:.{digits}f}"


def timed_out(result):
    return bool(result and result.get("timed_out"))


def p50(result, key="p50"):
    """The median of one side of a case; ``None`` when there is no such side or it timed out.

    ``key="cpu_p50"`` gives the median CPU time of this process instead of wall-clock time.
    """
    return None if not result or timed_out(result) else result[key]


def quotient(numerator, denominator):
    return numerator / denominator if numerator and denominator else None


def cell(result, key):
    """A table cell: the figure, "—" when there is no such side, "> N s" when it timed out."""
    if timed_out(result):
        return f"> {result['time_limit_s']:g} s" if key == "p50" else "timed out"
    return fmt(result[key] if result else None)


def case_rows(cases):
    """Rows of the table for one size: case, ours p50/p90/queries, stock p50/p90/queries, ratio."""
    rows = []
    for case in cases.values():
        ours, stock = case.get("ours"), case.get("stock")
        both = p50(ours) is not None and p50(stock) is not None
        rows.append(
            [
                case["label"],
                *(cell(ours, key) for key in ("p50", "p90", "queries")),
                *(cell(stock, key) for key in ("p50", "p90", "queries")),
                fmt(p50(ours) / p50(stock), 2) if both else "—",
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


def growth(results):
    """p50 at the largest size / p50 at the smallest, for each case of ours."""
    sizes = sorted(results, key=int)
    small, large = results[sizes[0]]["cases"], results[sizes[-1]]["cases"]
    rows = {}
    for name, case in small.items():
        if "ours" not in case:
            continue
        before, after = case["ours"], large[name]["ours"]
        rows[name] = {
            "label": case["label"],
            "small_p50": p50(before),
            "large_p50": p50(after),
            # A timed-out side has no p50: no ratio, and the target fails.
            "ratio": quotient(p50(after), p50(before)),
            "cpu_ratio": quotient(p50(after, "cpu_p50"), p50(before, "cpu_p50")),
        }
    return rows


def render(results, targets):
    """The whole printed report: a table per size, the growth table and the targets."""
    out = []
    with_cases = {size: result for size, result in results.items() if result["cases"]}
    for size in sorted(with_cases, key=int):
        load = results[size].get("load_average")
        out.append(
            f"\nN = {int(size):,} activities (milliseconds; q = SQL queries per request)"
            + (f"; load average {load[0]:.1f}" if load else "")
        )
        out.append(table(CASE_HEADERS, case_rows(results[size]["cases"])))
    if len(with_cases) > 1:
        sizes = sorted(with_cases, key=int)
        small, large = int(sizes[0]), int(sizes[-1])
        out.append(f"\nGrowth of our p50 from N = {small:,} to N = {large:,}")
        rows = [
            [
                row["label"],
                fmt(row["small_p50"]),
                fmt(row["large_p50"]),
                fmt(row["ratio"], 2),
                fmt(row["cpu_ratio"], 2),
            ]
            for row in growth(with_cases).values()
        ]
        headers = ["case", f"p50 @ {small:,}", f"p50 @ {large:,}", "ratio", "CPU-time ratio"]
        out.append(table(headers, rows))
    out.append("\nTargets")
    for target in targets:
        out.append(f"  {target.verdict}  {target.name}: {target.detail}")
    failed = sum(not target.passed for target in targets)
    out.append(f"\n{len(targets) - failed} of {len(targets)} targets passed, {failed} failed.")
    return "\n".join(out)


def queries_of(results, name, side="ours"):
    """``{size: queries}`` of a case (``None`` where it timed out)."""
    return {int(size): results[size]["cases"][name][side].get("queries") for size in results}


def constant_queries(results, names):
    """One target: the queries of ``names`` are the same at every size (and across ``names``)."""
    counts = {name: queries_of(results, name) for name in names}
    values = {count for per_size in counts.values() for count in per_size.values()}
    detail = "; ".join(
        f"{name} " + ", ".join(f"N={size:,}: {fmt(count)}" for size, count in per_size.items())
        for name, per_size in counts.items()
    )
    passed = len(values) == 1 and None not in values
    return Target(f"queries constant: {' and '.join(names)}", passed, detail, "queries")


def listing_queries_target(size, cases, case="listing_theme_20", label="listing"):
    baseline = cases["baseline"]["stock"]["queries"]
    listing = cases[case]["ours"]["queries"]
    limit = baseline + LISTING_EXTRA_QUERIES
    return Target(
        f"N={int(size):,}: {label} at most baseline + {LISTING_EXTRA_QUERIES} queries",
        listing <= limit,
        f"listing {listing} queries, plain Wagtail page {baseline} + "
        f"{LISTING_EXTRA_QUERIES} = {limit}",
        "queries",
    )


def api_queries_target(size, cases):
    counts = {name: cases[name]["ours"].get("queries") for name in API_LIST_CASES}
    return Target(
        f"N={int(size):,}: API lists at most {API_MAX_QUERIES} queries",
        all(count is not None and count <= API_MAX_QUERIES for count in counts.values()),
        ", ".join(f"{name} {fmt(count)}" for name, count in counts.items()),
        "queries",
    )


def query_targets(results):
    targets = [
        constant_queries(results, ["listing_theme_20", "listing_theme_50"]),
        constant_queries(results, ["api_limit_20", "api_limit_100"]),
    ]
    for name in ("call_to_action", "activity_page", "api_theme_20", "api_themes", "embed"):
        targets.append(constant_queries(results, [name]))
    # Computed afresh after a publish, the answers still cost the same queries at every N.
    for name in ("listing_theme_20_after_publish", "api_limit_20_after_publish"):
        targets.append(constant_queries(results, [name]))
    for size in sorted(results, key=int):
        targets.append(listing_queries_target(size, results[size]["cases"]))
        targets.append(
            listing_queries_target(
                size,
                results[size]["cases"],
                "listing_theme_20_after_publish",
                "listing after a publish",
            )
        )
        targets.append(api_queries_target(size, results[size]["cases"]))
    return targets


def speed_target(size, cases, name, limit, label):
    ours, stock = p50(cases[name]["ours"]), p50(cases[name]["stock"])
    title = f"N={int(size):,}: {label} p50 at most {limit} × stock"
    if ours is None or stock is None:
        return Target(title, False, "timed out", "time")
    cpu = quotient(p50(cases[name]["ours"], "cpu_p50"), p50(cases[name]["stock"], "cpu_p50"))
    detail = (
        f"ours {ours:.1f} ms, stock {stock:.1f} ms, ratio {ours / stock:.2f}"
        f" (CPU-time ratio {fmt(cpu, 2)})"
    )
    return Target(title, ours <= limit * stock, detail, "time")


def growth_target(results):
    # "After a publish" rows are computed afresh on purpose: reported, not a target.
    rows = {
        name: row for name, row in growth(results).items() if not name.endswith("_after_publish")
    }
    over = [
        f"{name} "
        + (f"{row['ratio']:.2f} (CPU time {fmt(row['cpu_ratio'], 2)})" if row["ratio"] else "—")
        for name, row in rows.items()
        if row["ratio"] is None or row["ratio"] > MAX_GROWTH
    ]
    measured = {name: row["ratio"] for name, row in rows.items() if row["ratio"]}
    worst = max(measured, key=measured.get, default=None)
    detail = f"largest measured: {worst} {measured[worst]:.2f}" if worst else "none measured"
    if over:
        detail += f"; over the limit: {', '.join(over)}"
    return Target(
        f"no p50 of ours grows more than {MAX_GROWTH}× from the smallest to the largest N",
        not over,
        detail,
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
        targets.append(growth_target(results))
    return targets


def plan_targets(explained):
    """Deep offsets must not read every activity (the other plans are printed for reading)."""
    targets = []
    for name, report in explained.items():
        if not name.endswith("_deep"):
            continue
        title = (
            f"PostgreSQL {name} ({report['url']}): no sequential scan of all activities, "
            f"at most {MAX_ROWS_REMOVED} rows read and set aside"
        )
        if "error" in report:
            targets.append(Target(title, False, report["error"], "plan"))
            continue
        scans = ", ".join(
            f"{'parallel ' if scan['parallel'] else ''}{scan['table']}"
            f" ({fmt(scan['rows'])} rows × {scan['loops']} loops)"
            for scan in report["sequential_scans"]
        )
        removed = report.get("rows_removed_by_filter", 0)
        detail = f"sequential scans: {scans or 'none'}; rows removed by filters: {fmt(removed)}"
        passed = not report["scans_all_activities"] and removed <= MAX_ROWS_REMOVED
        targets.append(Target(title, passed, detail, "plan"))
    return targets


def evaluate(results, explained=None):
    """Every target, from the measured ``results`` (by size) and the PostgreSQL plans."""
    return query_targets(results) + time_targets(results) + plan_targets(explained or {})


def write_json(path, meta, results, targets, explained, extra=None):
    data = {
        "meta": meta,
        "sizes": results,
        "growth": growth(results)
        if len(results) > 1 and all(result["cases"] for result in results.values())
        else {},
        "explain": explained,
        "targets": [{**asdict(target), "verdict": target.verdict} for target in targets],
        **(extra or {}),
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")
    return path
