"""A bounded load and fault run: ``make reliability`` (README "Reliability", docs/reliability.md).

1. Creates a private, throwaway PostgreSQL cluster (``initdb`` in a temporary directory, its own
   port and socket; never the machine's shared server), migrates and seeds it.
2. Serves the test suite's site with gunicorn (2 workers, ``reliability/settings.py``).
3. For ``--seconds``, threads burst the activity listing and ``/api/v2/activities/`` while an
   editor process publishes revisions of some activities in a loop, writing down each publish
   that reports success.
4. Half-way, restarts the cluster (``pg_ctl restart -m fast``); gunicorn keeps running.
5. Reports requests, errors (before, during, after the outage), requests per second, whether
   every publish reported as a success has its revision in the database (lost revisions), and
   whether requests succeed after the outage. Writes the figures as JSON (``--json``).
6. Stops gunicorn and the cluster and removes it, whatever happened.

Exit status 0 when no revision was lost, each edited page is live on the last revision reported
for it, no request failed outside the outage (plus a grace of
``--grace`` seconds after it) and requests succeeded after it; 1 otherwise.

Run with the project's root as the working directory and ``.venv``'s Python (gunicorn is in the
``reliability`` extra). Roles of the same script, run as subprocesses: ``seed``, ``editor``,
``verify``.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def postgresql_bin():
    """Where PostgreSQL's server programs are: RELIABILITY_PG_BIN, else the newest
    ``/usr/lib/postgresql/<version>/bin`` (Debian and Ubuntu)."""
    if os.environ.get("RELIABILITY_PG_BIN"):
        return Path(os.environ["RELIABILITY_PG_BIN"])
    found = [
        path.parent
        for path in Path("/usr/lib/postgresql").glob("*/bin/initdb")
        if path.parent.parent.name.isdigit()
    ]
    return max(found, key=lambda path: int(path.parent.name), default=Path("/usr/lib/postgresql"))


PG_BIN = postgresql_bin()
PG_USER = "pgrun"  # initdb refuses to run as root: the cluster then runs as this user
SETTINGS = "reliability.settings"
EDITED_PAGES = 5


# --- Roles that run inside Django -------------------------------------------------------------


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def seed(activities):
    """Migrate, then an activity index with ``activities`` activities under the site root."""
    django_setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from tests.utils import make_activity, make_activity_index, make_organisation, make_theme

    water = make_theme("Water and armed conflicts", slug="water")
    forum = make_organisation("Iraqi Social Forum", acronym="ISF")
    index = make_activity_index(title="Activities", slug="activities")
    for number in range(activities):
        make_activity(index, themes=[water], organisations=[forum], title=f"Activity {number}")
    print(index.url)  # the listing's address on the site


def editor(log_path):
    """Publish revisions of the first activities in a loop until SIGTERM. Each publish that
    returns (committed) is written down as ``ok <revision id> <page id>``; each one that raises,
    as ``error <exception>``. After an error the connection is dropped and the loop goes on."""
    django_setup()
    from django.db import close_old_connections, transaction

    from icssi_wagtail.models import ActivityPage

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *args: stop.set())
    pks = list(ActivityPage.objects.order_by("pk").values_list("pk", flat=True)[:EDITED_PAGES])
    number = 0
    with open(log_path, "w", buffering=1) as log:
        while not stop.is_set():
            number += 1
            pk = pks[number % len(pks)]
            try:
                with transaction.atomic():
                    page = ActivityPage.objects.get(pk=pk)
                    page.title = f"Activity {pk}, edit {number}"
                    revision = page.save_revision()
                    revision.publish()
                log.write(f"ok {revision.pk} {pk} {time.time():.3f}\n")
            except Exception as exc:
                log.write(f"error {type(exc).__name__} {time.time():.3f}\n")
                close_old_connections()
                time.sleep(0.2)
            time.sleep(0.05)


def verify(log_path):
    """Print, as JSON, what the editor's log says against what the database holds."""
    django_setup()
    from wagtail.models import Revision

    from icssi_wagtail.models import ActivityPage

    reported, last = [], {}
    errors = 0
    for line in Path(log_path).read_text().splitlines():
        fields = line.split()
        if fields[0] == "ok":
            reported.append(int(fields[1]))
            last[int(fields[2])] = int(fields[1])
        else:
            errors += 1
    stored = set(Revision.objects.filter(pk__in=reported).values_list("pk", flat=True))
    live = dict(ActivityPage.objects.filter(pk__in=last).values_list("pk", "live_revision_id"))
    print(
        json.dumps(
            {
                "publishes_reported": len(reported),
                "publish_errors": errors,
                "lost_revisions": sorted(set(reported) - stored),
                "pages_not_live_on_last_reported_revision": sorted(
                    pk for pk, revision in last.items() if live.get(pk) != revision
                ),
            }
        )
    )


# --- The private PostgreSQL cluster -----------------------------------------------------------


def as_postgres_user(command):
    if os.geteuid() != 0:
        return command
    if subprocess.run(["id", PG_USER], capture_output=True).returncode != 0:  # noqa: S603, S607
        subprocess.run(["useradd", "--no-create-home", PG_USER], check=True)  # noqa: S603, S607
    return ["runuser", "-u", PG_USER, "--", *command]


class Cluster:
    def __init__(self, port):
        self.dir = Path(tempfile.mkdtemp(prefix="icssi-pg-"))
        self.data = self.dir / "data"
        self.port = port
        self.url = f"postgres://postgres@127.0.0.1:{port}/icssi"
        if os.geteuid() == 0:
            as_postgres_user(["true"])  # creates the user
            shutil.chown(self.dir, PG_USER)

    def run(self, *command, check=True):
        return subprocess.run(  # noqa: S603 (our own arguments)
            as_postgres_user([str(PG_BIN / command[0]), *command[1:]]),
            check=check,
            capture_output=True,
            text=True,
        )

    def pg_ctl(self, action, check=True):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        return self.run(
            "pg_ctl", action, "-D", str(self.data), "-w", "-t", "30", "-m", "fast",
            "-o", options, "-l", str(self.dir / "postgres.log"), check=check,
        )  # fmt: skip

    def start(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.pg_ctl("start")
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "icssi")

    def remove(self):
        if (self.data / "postmaster.pid").exists():
            self.pg_ctl("stop", check=False)
        shutil.rmtree(self.dir, ignore_errors=True)


def free_port(preferred):
    for port in (preferred, 0):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return sock.getsockname()[1]
    raise RuntimeError("no free port")


# --- The load ---------------------------------------------------------------------------------


class Load:
    """Threads that request ``urls`` in turn until stopped, recording every answer."""

    def __init__(self, base, urls, threads):
        self.base, self.urls, self.threads = base, urls, threads
        self.results = []  # (start time, end time, url, ok, status or error name)
        self.lock = threading.Lock()
        self.stopping = threading.Event()

    def worker(self, offset):
        number = offset
        while not self.stopping.is_set():
            url = self.urls[number % len(self.urls)]
            number += 1
            started = time.time()
            try:
                with urllib.request.urlopen(self.base + url, timeout=10) as response:  # noqa: S310
                    response.read()
                    outcome = (response.status == 200, response.status)
            except urllib.error.HTTPError as exc:
                outcome = (False, exc.code)
            except OSError as exc:
                outcome = (False, type(exc).__name__)
            with self.lock:
                self.results.append((started, time.time(), url, *outcome))

    def start(self):
        self.pool = [
            threading.Thread(target=self.worker, args=(n,), daemon=True)
            for n in range(self.threads)
        ]
        for thread in self.pool:
            thread.start()

    def stop(self):
        self.stopping.set()
        for thread in self.pool:
            thread.join(timeout=15)


def wait_for(url, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer in {seconds} s")


def role(name, *args, env, **kwargs):
    return [sys.executable, str(Path(__file__).resolve()), name, *map(str, args)], {
        "env": env,
        "cwd": ROOT,
        **kwargs,
    }


def summarise(results, outage, grace, started, ended, editor):
    restart_at, back_at = outage

    def phase(result):
        if result[1] < restart_at:
            return "before"  # answered before the restart began
        if result[0] > back_at + grace:
            return "after"  # sent after the cluster was back, plus the grace
        return "during"  # in flight at some moment of the outage or its grace

    figures = {"requests": len(results), "seconds": round(ended - started, 1)}
    figures["requests_per_second"] = round(len(results) / (ended - started), 1)
    for name in ("before", "during", "after"):
        chosen = [r for r in results if phase(r) == name]
        figures[f"requests_{name}_outage"] = len(chosen)
        figures[f"errors_{name}_outage"] = sum(1 for r in chosen if not r[3])
    errors = [r for r in results if not r[3]]
    figures["errors"] = len(errors)
    figures["error_kinds"] = sorted({str(r[4]) for r in errors})
    late = [r for r in errors if r[0] > back_at]
    figures["errors_sent_after_cluster_back"] = len(late)
    figures["last_error_after_cluster_back_seconds"] = (
        round(max(r[1] for r in late) - back_at, 2) if late else None
    )
    figures["outage_seconds"] = round(back_at - restart_at, 2)
    after = [r for r in results if r[0] > back_at and r[3]]
    figures["first_success_after_restart_seconds"] = (
        round(min(r[0] for r in after) - back_at, 2) if after else None
    )
    per_url = {}
    for r in results:
        per_url.setdefault(r[2], [0, 0])[0 if r[3] else 1] += 1
    figures["by_url"] = {url: {"ok": ok, "errors": bad} for url, (ok, bad) in per_url.items()}
    figures.update(editor)
    figures["passed"] = bool(
        not editor["lost_revisions"]
        and not editor["pages_not_live_on_last_reported_revision"]
        and figures["errors_before_outage"] == 0
        and figures["errors_after_outage"] == 0
        and figures["requests_after_outage"] > 0
        and editor["publishes_reported"] > 0
    )
    return figures


def main(args):
    if not (PG_BIN / "initdb").exists():
        sys.exit(
            f"ERROR: no initdb in {PG_BIN}: install PostgreSQL's server or set RELIABILITY_PG_BIN."
        )
    cluster = Cluster(free_port(args.port))
    gunicorn = editor_process = None
    tmp = Path(tempfile.mkdtemp(prefix="icssi-reliability-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "PYTHONPATH": str(ROOT),
        "RELIABILITY_DATABASE_URL": cluster.url,
    }
    try:
        print(f"+ private PostgreSQL cluster in {cluster.dir}, port {cluster.port}", flush=True)
        cluster.start()
        command, kwargs = role("seed", args.activities, env=env, capture_output=True, text=True)
        seeded = subprocess.run(command, check=True, **kwargs)  # noqa: S603
        listing = seeded.stdout.strip().splitlines()[-1]
        urls = [listing, "/api/v2/activities/?limit=20"]
        port = free_port(0)
        base = f"http://127.0.0.1:{port}"
        gunicorn_log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 (closed below)
        gunicorn = subprocess.Popen(  # noqa: S603
            [str(Path(sys.executable).parent / "gunicorn"), "reliability.wsgi:application",
             "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "30"],
            env=env, cwd=ROOT, stdout=gunicorn_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for url in urls:
            wait_for(base + url)
        print(f"+ gunicorn (2 workers) at {base}, load on {', '.join(urls)}", flush=True)

        command, kwargs = role("editor", tmp / "editor.log", env=env)
        editor_process = subprocess.Popen(command, **kwargs)  # noqa: S603
        load = Load(base, urls, args.threads)
        started = time.time()
        load.start()
        time.sleep(args.seconds / 2)
        print("+ pg_ctl restart -m fast", flush=True)
        restart_at = time.time()
        cluster.pg_ctl("restart")
        back_at = time.time()
        print(f"+ the cluster is back after {back_at - restart_at:.1f} s", flush=True)
        time.sleep(max(args.seconds / 2, args.grace + 5))
        load.stop()
        ended = time.time()
        editor_process.send_signal(signal.SIGTERM)
        editor_process.wait(timeout=30)
        gunicorn_alive = gunicorn.poll() is None

        command, kwargs = role("verify", tmp / "editor.log", env=env, capture_output=True)
        checked = subprocess.run(command, check=True, text=True, **kwargs)  # noqa: S603
        figures = summarise(
            load.results,
            (restart_at, back_at),
            args.grace,
            started,
            ended,
            json.loads(checked.stdout.strip().splitlines()[-1]),
        )
        figures["gunicorn_restarted"] = not gunicorn_alive
        figures["passed"] = figures["passed"] and gunicorn_alive
        print(json.dumps(figures, indent=2))
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
        return 0 if figures["passed"] else 1
    finally:
        for process in (editor_process, gunicorn):
            if process is not None and process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        cluster.remove()
        shutil.rmtree(tmp, ignore_errors=True)
        print("+ cleaned up: gunicorn stopped, the cluster stopped and removed", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("seed", "editor", "verify"):
        name, argument = sys.argv[1], sys.argv[2]
        {"seed": lambda: seed(int(argument)), "editor": lambda: editor(argument)}.get(
            name, lambda: verify(argument)
        )()
        sys.exit(0)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60, help="length of the load (60)")
    parser.add_argument("--threads", type=int, default=8, help="concurrent clients (8)")
    parser.add_argument("--activities", type=int, default=40, help="activities seeded (40)")
    parser.add_argument("--grace", type=float, default=3, help="seconds of errors allowed after")
    parser.add_argument("--port", type=int, default=55432, help="the cluster's port if free")
    parser.add_argument("--json", help="also write the figures to this file")
    sys.exit(main(parser.parse_args()))
