"""The load run's targets (PASS/FAIL), its table and its JSON file.

``results`` maps a comparison (``"listing"``, ``"api"``) to its ``label`` and the figures of
``"ours"`` and ``"stock"`` (see :meth:`benchmarks.load_client.Tally.figures`); ``memory`` maps
``"after_warmup"`` and ``"after_run"`` to ``{worker pid: VmRSS in KiB}``. The table's "kept"
column is the share of answers the app served from its cache (``X-ICSSI-Cache: hit``).
"""

import json
from dataclasses import asdict

from .report import Target, fmt, quotient, table

THROUGHPUT_RATIO = 1.5  # ours at least 1.5 × stock requests per second
MEMORY_GROWTH = 1.2  # each worker's RSS after the run at most 1.2 × after the warm-up
HEADERS = [
    "case",
    "side",
    "requests",
    "errors",
    "req/s",
    "p50 ms",
    "p90 ms",
    "kept",
    "client CPU ms/req",
]


def ratio(comparison):
    """Ours / stock requests per second, or ``None`` when a side answered nothing."""
    return quotient(
        comparison["ours"]["requests_per_second"], comparison["stock"]["requests_per_second"]
    )


def throughput_target(name, comparison):
    value = ratio(comparison)
    ours, stock = comparison["ours"], comparison["stock"]
    detail = (
        f"ours {fmt(ours['requests_per_second'])} req/s, stock {fmt(stock['requests_per_second'])}"
        f" req/s, ratio {fmt(value, 2)}"
    )
    passed = value is not None and value >= THROUGHPUT_RATIO
    return Target(f"{name}: ours ≥ {THROUGHPUT_RATIO} × stock req/s", passed, detail, "load")


def errors_target(results, warmup):
    counts = {
        f"{name} {side}": comparison[side]["errors"]
        for name, comparison in results.items()
        for side in ("ours", "stock")
    }
    counts["warm-up"] = sum(figures["errors"] for figures in warmup)
    kinds = sorted(
        {kind for c in results.values() for s in ("ours", "stock") for kind in c[s]["error_kinds"]}
        | {kind for figures in warmup for kind in figures["error_kinds"]}
    )
    detail = ", ".join(f"{name} {count}" for name, count in counts.items())
    if kinds:
        detail += f" (kinds: {', '.join(kinds)})"
    passed = not any(counts.values())
    return Target("0 errors (non-200 or connection errors)", passed, detail, "errors")


def memory_targets(memory):
    before, after = memory["after_warmup"], memory["after_run"]
    if set(before) != set(after):
        detail = f"workers {sorted(before)} after the warm-up, {sorted(after)} after the run"
        # A worker crashed or was killed (gunicorn's --timeout): an error, not a figure.
        return [Target("the same gunicorn workers throughout", False, detail, "errors")]
    targets = []
    for pid in sorted(before):
        growth = after[pid] / before[pid]
        detail = f"{before[pid] / 1024:.1f} MiB → {after[pid] / 1024:.1f} MiB ({growth:.2f}×)"
        title = f"worker {pid}: RSS after the run ≤ {MEMORY_GROWTH} × after the warm-up"
        targets.append(Target(title, growth <= MEMORY_GROWTH, detail, "memory"))
    return targets


def freshness_target(fresh, shared):
    """Every answer after a publish in another process shows it. With a shared cache a stale
    answer is an error (kind "errors"); with one cache per worker it is what local memory does
    (docs/scaling.md), reported as a failed target."""
    if fresh is None:
        return []
    counts = fresh["urls"].values()
    stale = sum(url["requests"] - url["fresh"] for url in counts)
    detail = ", ".join(
        f"{path}: {url['fresh']} of {url['requests']} fresh ({url.get('kept', 0)} kept answers)"
        for path, url in fresh["urls"].items()
    )
    title = "every worker answers with a change published by another process at once"
    return [Target(title, not stale, detail, "errors" if shared else "fresh")]


def evaluate(results, warmup, memory, fresh=None, shared=False):
    """Every target: throughput ratios, errors, each worker's memory, and freshness."""
    targets = [throughput_target(name, comparison) for name, comparison in results.items()]
    return [
        errors_target(results, warmup),
        *targets,
        *memory_targets(memory),
        *freshness_target(fresh, shared),
    ]


def percent(share):
    return "—" if share is None else f"{share:.0%}"


def rows(results):
    out = []
    for comparison in results.values():
        for side in ("ours", "stock"):
            figures = comparison[side]
            out.append(
                [
                    comparison["label"] if side == "ours" else "",
                    side,
                    fmt(figures["requests"]),
                    fmt(figures["errors"]),
                    fmt(figures["requests_per_second"]),
                    fmt(figures["p50_ms"]),
                    fmt(figures["p90_ms"]),
                    percent(figures.get("kept_answers")),
                    fmt(figures["client_cpu_ms_per_request"], 2),
                ]
            )
    return out


def render(meta, results, memory, targets):
    out = [
        f"\n{meta['server']}; {meta['clients']} clients; {meta['seconds']:g} s per URL in "
        f"{meta['rounds']} rounds; N = {meta['size']:,}; cache: {meta['cache']}; "
        f"load average {meta['load_average_start']} → {meta['load_average_end']}",
        table(HEADERS, rows(results)),
    ]
    for name, comparison in results.items():
        out.append(f"{name}: ours / stock req/s = {fmt(ratio(comparison), 2)}")
    out.append("\nWorker memory (VmRSS, MiB): " + "; ".join(
        f"{pid}: {memory['after_warmup'].get(pid, 0) / 1024:.1f} after the warm-up, "
        f"{memory['after_run'].get(pid, 0) / 1024:.1f} after the run"
        for pid in sorted(set(memory["after_warmup"]) | set(memory["after_run"]))
    ))  # fmt: skip
    out.append("\nTargets")
    out += [f"  {target.verdict}  {target.name}: {target.detail}" for target in targets]
    failed = sum(not target.passed for target in targets)
    out.append(f"\n{len(targets) - failed} of {len(targets)} targets passed, {failed} failed.")
    return "\n".join(out)


def write_json(path, meta, warmup, results, memory, targets, fresh=None):
    data = {
        "meta": meta,
        "freshness": fresh,
        "warmup": warmup,
        "results": results,
        "ratios": {name: ratio(comparison) for name, comparison in results.items()},
        "memory_kib": {stage: {str(k): v for k, v in m.items()} for stage, m in memory.items()},
        "targets": [{**asdict(target), "verdict": target.verdict} for target in targets],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False, default=str) + "\n")
    return path
