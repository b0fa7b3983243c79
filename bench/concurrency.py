"""Concurrent writers through gunicorn with 4 workers, on SQLite and on PostgreSQL.

For each database: a fresh database (a new SQLite file; a throwaway PostgreSQL 15 cluster through
``scripts/with-postgres.sh``), migrated and loaded with the demo data; gunicorn with 4 workers on
a free loopback port; then 16 and 32 writers at once. Half the writers are inspectors recording
evidence through the staff form, half are liaison officers recording force responses through
the API. Each writer makes at most ``--requests`` writes and stops at ``--seconds``.

Printed per database and writer count: requests made, server errors (5xx or no answer), lost
writes (a write the client was told was saved that is not in the database, or one saved that
the client was told failed), and throughput (writes saved per second, whole run).

    .venv/bin/python bench/concurrency.py                 # both databases
    .venv/bin/python bench/concurrency.py --database sqlite
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PASSWORD = "inspect-demo-2007"  # the demo loader's password
WRITER_COUNTS = (16, 32)

# Run inside the app's environment after the load: the ids the writers post to, and afterwards
# what the database holds of the writers' marks.
SETUP_SCRIPT = """
import json
from inspectorate.recommendations.models import FollowUp, CLOSED_STATUSES
from inspectorate.inspections.models import Inspection
inspection = Inspection.objects.get(force__slug="wealdmoor-police", state="fieldwork")
follow_up = (FollowUp.objects.filter(recommendation__inspection__force__slug="fenshire-constabulary")
             .exclude(status__in=CLOSED_STATUSES).order_by("pk").first())
print(json.dumps({"inspection": inspection.pk, "recommendation": follow_up.recommendation_id}))
"""
HELD_SCRIPT = """
import json
from inspectorate.recommendations.models import ForceResponse
from inspectorate.inspections.models import EvidenceItem
marks = [e.summary for e in EvidenceItem.objects.filter(summary__startswith="bench-")]
marks += [r.text for r in ForceResponse.objects.filter(text__startswith="bench-")]
print(json.dumps(marks))
"""


@dataclass
class Tally:
    requests: int = 0
    server_errors: int = 0
    refused: int = 0
    refusals: dict[int, int] = field(default_factory=dict)
    saved: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, mark: str, outcome: str, status: int) -> None:
        with self.lock:
            self.requests += 1
            if outcome != "saved":
                self.refusals[status] = self.refusals.get(status, 0) + 1
            if outcome == "saved":
                self.saved.add(mark)
            else:
                self.failed.add(mark)
                if outcome == "server_error":
                    self.server_errors += 1
                else:
                    self.refused += 1


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": database_url, "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "inspectorate.settings",
                "ALLOWED_HOSTS": "127.0.0.1,localhost"})
    env.pop("INSPECTORATE_PRODUCTION", None)
    return env


def _django(env: dict[str, str], script: str) -> str:
    out = subprocess.run([str(BIN / "inspectorate"), "shell", "-c", script], env=env, cwd=ROOT,
                         check=True, capture_output=True, text=True)
    return out.stdout.strip().splitlines()[-1]


class Client:
    """One user's signed-in session (its cookies and CSRF token); writers of the same user share it."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self._request("GET", "/accounts/login/")
        status, _ = self._request("POST", "/accounts/login/", {"username": username, "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"{username} could not sign in (HTTP {status})")

    def csrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "csrftoken")

    def _request(self, method: str, path: str, fields: dict[str, str] | None = None) -> tuple[int, bytes]:
        data = None
        headers = {"Referer": self.base + path}
        if fields is not None:
            fields = {"csrfmiddlewaretoken": self.csrf(), **fields}
            data = urllib.parse.urlencode(fields).encode()
            headers["X-CSRFToken"] = self.csrf()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, path: str, fields: dict[str, str]) -> int:
        try:
            return self._request("POST", path, fields)[0]
        except (OSError, urllib.error.URLError):
            return 599  # no answer: counted with the server errors


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _writer(number: int, client: Client, ids: dict[str, int], tally: Tally, count: int, seconds: float,
            start: threading.Barrier) -> None:
    evidence = number % 2 == 0
    start.wait()  # all the writers start together
    deadline = time.monotonic() + seconds
    for i in range(count):
        if time.monotonic() > deadline:
            break
        mark = f"bench-{number}-{i}-{os.urandom(4).hex()}"
        if evidence:
            status = client.post(f"/inspections/{ids['inspection']}/evidence/", {
                "source_kind": "document", "summary": mark, "date": "2007-06-01"})
            saved = status == 302
        else:
            status = client.post(f"/api/v1/recommendations/{ids['recommendation']}/responses", {"text": mark})
            saved = status == 201
        tally.add(mark, "saved" if saved else "server_error" if status >= 500 else "refused", status)


def _run_writers(base: str, ids: dict[str, int], writers: int, count: int, seconds: float) -> tuple[Tally, float]:
    tally = Tally()
    # Signing in is not what is measured (each costs a deliberately slow password hash): one
    # session per user, shared by that user's writers, each writer on its own connections.
    inspector, liaison = Client(base, "inspector"), Client(base, "liaison")
    start = threading.Barrier(writers + 1)
    threads = [threading.Thread(target=_writer, args=(n, inspector if n % 2 == 0 else liaison, ids, tally, count,
                                                      seconds, start))
               for n in range(writers)]
    for t in threads:
        t.start()
    start.wait()
    began = time.monotonic()
    for t in threads:
        t.join()
    return tally, time.monotonic() - began


def _wait_until_up(base: str, server: subprocess.Popen[bytes], timeout: float = 60) -> None:
    ends = time.monotonic() + timeout
    while time.monotonic() < ends:
        if server.poll() is not None:
            raise RuntimeError("gunicorn exited before serving")
        try:
            with urllib.request.urlopen(base + "/accounts/login/", timeout=5):
                return
        except (OSError, urllib.error.URLError):
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer in time")


def bench_database(label: str, database_url: str, count: int, seconds: float) -> list[dict[str, object]]:
    env = _env(database_url)
    subprocess.run([str(BIN / "inspectorate"), "migrate", "--noinput", "-v", "0"], env=env, cwd=ROOT, check=True)
    subprocess.run([str(BIN / "inspectorate"), "load-demo"], env=env, cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    ids = json.loads(_django(env, SETUP_SCRIPT))
    results = []
    for writers in WRITER_COUNTS:
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "inspectorate.wsgi", "--workers", "4", "--bind", f"127.0.0.1:{port}",
             "--timeout", "120", "--log-level", "warning", "--no-control-socket"],
            env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_until_up(base, server)
            tally, elapsed = _run_writers(base, ids, writers, count, seconds)
        finally:
            server.terminate()
            _, errors = server.communicate(timeout=30)
        held = set(json.loads(_django(env, HELD_SCRIPT)))
        lost = len(tally.saved - held) + len(tally.failed & held)
        results.append({
            "database": label, "writers": writers, "requests": tally.requests, "server_errors": tally.server_errors,
            "refused": tally.refused, "lost_writes": lost, "seconds": round(elapsed, 1),
            "writes_per_second": round(len(tally.saved) / elapsed, 1) if elapsed else 0.0,
            "failures_by_status": tally.refusals,
            "server_log_errors": len(re.findall(rb"Traceback", errors)),
        })
    return results


def _print(rows: list[dict[str, object]]) -> None:
    print(f"{'database':<11}{'writers':>8}{'requests':>10}{'5xx':>6}{'refused':>9}{'lost':>6}"
          f"{'seconds':>9}{'writes/s':>10}")
    for r in rows:
        print(f"{r['database']:<11}{r['writers']:>8}{r['requests']:>10}{r['server_errors']:>6}{r['refused']:>9}"
              f"{r['lost_writes']:>6}{r['seconds']:>9}{r['writes_per_second']:>10}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--requests", type=int, default=15, help="writes per writer at most (default 15)")
    parser.add_argument("--seconds", type=float, default=60, help="time limit per run (default 60)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON lines")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    if args.database in ("sqlite", "both"):
        directory = tempfile.mkdtemp(prefix="inspectorate-bench-")
        try:
            rows += bench_database("SQLite", f"sqlite:///{directory}/db.sqlite3", args.requests, args.seconds)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    if args.database in ("postgresql", "both"):
        if os.environ.get("DATABASE_URL", "").startswith("postgres"):
            rows += bench_database("PostgreSQL", os.environ["DATABASE_URL"], args.requests, args.seconds)
        else:
            # A throwaway cluster: this script again, inside scripts/with-postgres.sh.
            out = subprocess.run(
                [str(ROOT / "scripts" / "with-postgres.sh"), sys.executable, __file__, "--database", "postgresql",
                 "--requests", str(args.requests), "--seconds", str(args.seconds), "--json"],
                cwd=ROOT, check=True, capture_output=True, text=True)
            rows += [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    if args.json:
        for r in rows:
            print(json.dumps(r))
    else:
        _print(rows)
    for r in rows:
        if r["failures_by_status"] or r["server_log_errors"]:
            print(f"{r['database']} {r['writers']} writers: failed writes by HTTP status {r['failures_by_status']}, "
                  f"{r['server_log_errors']} tracebacks in the server's log")
    failed = any(r["server_errors"] or r["lost_writes"] for r in rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
