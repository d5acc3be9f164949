"""gunicorn for the load run: started on a free port, its workers' memory read from /proc, stopped.

Started as ``make reliability`` starts it (reliability/run.py): the project's root as working
directory, ``.venv``'s gunicorn (the ``reliability`` extra), no ``--max-requests``, so that the
workers measured after the run are the ones measured after the warm-up.
"""

import subprocess
import sys
import time
from pathlib import Path

from reliability.run import free_port, wait_for

ROOT = Path(__file__).resolve().parent.parent


class ServerError(Exception):
    """gunicorn did not start, died, or replaced a worker: the figures would mean nothing."""


def children(pid):
    """The pids whose parent is ``pid`` (gunicorn's workers are the master's children)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # "pid (name) state ppid ...": the name may hold spaces, so split after its ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # the process ended meanwhile
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return sorted(found)


def rss_kib(pid):
    """Resident memory of ``pid`` in KiB (``VmRSS`` of /proc/<pid>/status)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise ServerError(f"no VmRSS for process {pid}")


class Gunicorn:
    """``gunicorn benchmarks.wsgi:application`` bound to 127.0.0.1 on a free port."""

    def __init__(self, env, log_path, workers=2, worker_class="sync", threads=1):
        self.env, self.log_path = env, log_path
        self.workers, self.worker_class, self.threads = workers, worker_class, threads
        self.port = free_port(0)
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None

    def command(self):
        return [
            str(Path(sys.executable).parent / "gunicorn"),
            "benchmarks.wsgi:application",
            "--workers", str(self.workers),
            "--worker-class", self.worker_class,
            "--threads", str(self.threads),
            "--bind", f"127.0.0.1:{self.port}",
            "--timeout", "30",
        ]  # fmt: skip

    def start(self, probe_url):
        self.log = open(self.log_path, "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(  # noqa: S603 (our own arguments)
            self.command(), env=self.env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT
        )
        try:
            wait_for(self.base + probe_url, seconds=60)
        except RuntimeError as error:
            raise ServerError(f"{error}:\n{self.log_tail()}") from None
        deadline = time.monotonic() + 30
        while len(self.worker_pids()) < self.workers:  # wait_for needs only one worker up
            if time.monotonic() > deadline:
                raise ServerError(f"gunicorn started {len(self.worker_pids())} workers")
            time.sleep(0.2)

    def worker_pids(self):
        return children(self.process.pid)

    def memory(self):
        """``{worker pid: VmRSS in KiB}``; fails if gunicorn died."""
        if self.process.poll() is not None:
            raise ServerError(f"gunicorn exited with status {self.process.returncode}")
        return {pid: rss_kib(pid) for pid in self.worker_pids()}

    def log_tail(self, lines=30):
        try:
            return "\n".join(Path(self.log_path).read_text().splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self):
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
