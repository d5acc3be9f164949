"""The load run's client: closed-loop rounds of concurrent requests, one connection per thread.

In a round, ``clients`` threads each open an ``http.client`` connection (kept alive when the
server allows it; gunicorn's sync workers close it after each answer, and the connection then
reopens by itself) and request one URL again and again, each sending its next request as soon
as the previous answer is read, until the round's time is up. A request started before the end
is waited for, so a round lasts a little longer than its time; requests per second are the
requests completed divided by the rounds' whole duration.
"""

import http.client
import threading
import time

from .measure import summarise

TIMEOUT = 30  # seconds a request may take before it counts as an error (gunicorn's --timeout)
KEPT_HEADER = "X-ICSSI-Cache"  # "hit" or "miss" on the app's kept answers (icssi_wagtail.cache)


class Tally:
    """What one URL's rounds saw: latencies of successes, errors by kind, time and CPU spent."""

    def __init__(self, url):
        self.url = url
        self.latencies_ms = []
        self.errors = {}  # "500", "ConnectionResetError", ...: count
        self.seconds = 0.0
        self.client_cpu_seconds = 0.0
        self.bytes = 0
        self.rounds = []  # requests per second of each round, in order
        self.kept = {}  # X-ICSSI-Cache of successful answers ("hit", "miss"): count
        self.lock = threading.Lock()

    def record(self, latency_ms, outcome, size, kept=None):
        with self.lock:
            if outcome == 200:
                self.latencies_ms.append(latency_ms)
                self.bytes += size
                if kept:
                    self.kept[kept] = self.kept.get(kept, 0) + 1
            else:
                self.errors[str(outcome)] = self.errors.get(str(outcome), 0) + 1

    def figures(self):
        requests = len(self.latencies_ms) + sum(self.errors.values())
        summary = summarise(self.latencies_ms) if self.latencies_ms else {}
        return {
            "url": self.url,
            "requests": requests,
            "errors": sum(self.errors.values()),
            "error_kinds": self.errors,
            "seconds": round(self.seconds, 2),
            "requests_per_second": round(requests / self.seconds, 2) if self.seconds else None,
            "p50_ms": summary.get("p50"),
            "p90_ms": summary.get("p90"),
            "mean_ms": summary.get("mean"),
            "rounds_requests_per_second": self.rounds,
            # Share of successful answers the app served from its cache; None without the header.
            "kept_answers": (
                round(self.kept.get("hit", 0) / sum(self.kept.values()), 3) if self.kept else None
            ),
            "mean_bytes": round(self.bytes / len(self.latencies_ms)) if self.latencies_ms else None,
            # The client shares the machine's two cores with the server: its share is reported.
            "client_cpu_ms_per_request": (
                round(1000 * self.client_cpu_seconds / requests, 2) if requests else None
            ),
        }


def request(connection, url):
    """One GET on ``connection``: ``(status or error name, body size, X-ICSSI-Cache)``; the body
    is read whole, so that the connection can serve the next request."""
    try:
        connection.request("GET", url)
        response = connection.getresponse()
        body = response.read()
    except (OSError, http.client.HTTPException) as error:
        connection.close()  # the next request opens a new connection
        return type(error).__name__, 0, None
    return response.status, len(body), response.getheader(KEPT_HEADER)


def fetch(port, url):
    """One request on a new connection: the status, or the error's name."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        return request(connection, url)[0]
    finally:
        connection.close()


def client(port, url, deadline, tally):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            outcome, size, kept = request(connection, url)
            tally.record((time.perf_counter() - started) * 1000, outcome, size, kept)
    finally:
        connection.close()


def run_round(port, tally, clients, seconds):
    """``clients`` threads request ``tally.url`` for ``seconds``; the round's time is added."""
    started, cpu = time.perf_counter(), time.process_time()
    before = len(tally.latencies_ms) + sum(tally.errors.values())
    threads = [
        threading.Thread(target=client, args=(port, tally.url, started + seconds, tally))
        for _ in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    tally.seconds += elapsed
    tally.client_cpu_seconds += time.process_time() - cpu
    done = len(tally.latencies_ms) + sum(tally.errors.values()) - before
    tally.rounds.append(round(done / elapsed, 2))


def compare(port, pair, clients, seconds, rounds, progress=None):
    """Ours and stock (``pair`` of URLs) in alternate rounds of ``seconds / rounds`` each, ours
    first in even rounds and stock first in odd ones, so that the machine's load falls on both."""
    tallies = [Tally(url) for url in pair]
    for number in range(rounds):
        order = tallies if number % 2 == 0 else tallies[::-1]
        for tally in order:
            run_round(port, tally, clients, seconds / rounds)
        if progress:
            progress(number, tallies)
    return [tally.figures() for tally in tallies]


def warm_up(port, urls, clients, seconds):
    """Every URL for ``seconds`` with all the clients; the figures are returned, not compared."""
    tallies = [Tally(url) for url in urls]
    for tally in tallies:
        run_round(port, tally, clients, seconds)
    return [tally.figures() for tally in tallies]
