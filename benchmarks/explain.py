"""PostgreSQL query plans of the listing's and the API's main query (the page of activities).

The main query is the ``SELECT`` of a request that reads ``icssi_wagtail_activitypage`` with a
``LIMIT``: the rows of the page shown. It is run again under ``EXPLAIN (ANALYZE, BUFFERS)``.
"""

import re

from django.db import connection
from django.test import Client

from .measure import captured

ACTIVITY_TABLE = "icssi_wagtail_activitypage"
SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")


def main_query(queries):
    """The first ``SELECT … FROM … icssi_wagtail_activitypage … LIMIT n`` of ``queries`` with
    ``n`` over 1 (a ``LIMIT 1`` is a lookup, such as the API's ``?after=`` cursor)."""
    for sql in queries:
        text = sql.lstrip()
        limits = [int(n) for n in re.findall(r" LIMIT (\d+)", text)]
        if (
            text.upper().startswith("SELECT")
            and ACTIVITY_TABLE in text
            and max(limits, default=0) > 1
        ):
            return text
    return None


def explain(sql):
    """PostgreSQL's plan of ``sql`` (executed: ANALYZE), as lines of text."""
    with connection.cursor() as cursor:
        # The SQL is a query this process just ran (Django's own SQL), not outside input.
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
        return [row[0] for row in cursor.fetchall()]


def sequential_scans(plan):
    """Tables the plan reads with a sequential scan, in order, with the rows each produced."""
    scans = []
    for line in plan:
        match = SEQ_SCAN.search(line)
        if match:
            # Rows are per loop: a parallel scan reports each process's share.
            rows = re.search(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)", line)
            scans.append(
                {
                    "table": match[1],
                    "rows": int(rows[1]) if rows else None,
                    "loops": int(rows[2]) if rows else None,
                    "parallel": "Parallel" in line,
                }
            )
    return scans


def rows_removed(plan):
    """Rows the plan read and discarded ("Rows Removed by Filter"), over every loop: PostgreSQL
    prints them per loop, under the node whose line gives the loops."""
    total, loops = 0, 1
    for line in plan:
        node = re.search(r"actual time=[\d.]+\.\.[\d.]+ rows=\d+ loops=(\d+)", line)
        if node:
            loops = int(node[1])
        match = re.search(r"Rows Removed by Filter: (\d+)", line)
        if match:
            total += int(match[1]) * loops
    return total


def explain_urls(urls):
    """For each named URL: its main query, plan, and whether it scans every activity."""
    from icssi_wagtail.cache import invalidate_all

    client = Client()
    report = {}
    for name, url in urls.items():
        invalidate_all()  # computed, not a kept answer
        queries, _response = captured(client, url)
        sql = main_query(queries)
        if sql is None:
            report[name] = {"url": url, "error": "no main query found"}
            continue
        plan = explain(sql)
        scans = sequential_scans(plan)
        # A sequential scan reads the whole table, whatever rows its filter keeps.
        full = [scan for scan in scans if scan["table"] in (ACTIVITY_TABLE, "wagtailcore_page")]
        report[name] = {
            "url": url,
            "sql": sql,
            "plan": plan,
            "sequential_scans": scans,
            "scans_all_activities": bool(full),
            # Rows read and set aside: an index walked from its start instead of the page's.
            "rows_removed_by_filter": rows_removed(plan),
        }
    return report
