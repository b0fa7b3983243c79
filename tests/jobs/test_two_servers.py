"""Beyond one machine: PostgreSQL, two app servers and one worker, as behind a load balancer.

One inspection goes from evidence to publication through both servers in turn (each request goes to
the other server from the last, with the same session, as a load balancer without sticky sessions
sends them): sign in, record and verify evidence, assess, grade, move through the lifecycle, request
and approve publication, publish (a job the worker runs), then read the published report. Every
answer must be the one expected: no server error anywhere.

PostgreSQL: the server of DATABASE_URL when it is PostgreSQL (a fresh database is made on it and
dropped after), else a throwaway cluster on a free port, as scripts/with-postgres.sh starts one.
Every process started here is stopped at the end, whatever happens; the whole test is bounded.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PGBIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), reverse=True)), None)
DEADLINE_SECONDS = 420
PASSWORD = "correct-horse-battery-staple"  # tests/world.py's test accounts
KEYS = ["neighbourhood-policing", "pvp-overview"]

# `database`: it uses the PostgreSQL server of DATABASE_URL through its subprocesses, so the PostgreSQL
# run of the suite keeps it; `postgresql`: it is on PostgreSQL whatever the run's database, so CI's
# SQLite run leaves it to the PostgreSQL run (tests/selection.py).
pytestmark = [pytest.mark.database, pytest.mark.postgresql, pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres") and (PGBIN is None or os.geteuid() != 0),
    reason="needs PostgreSQL: set DATABASE_URL to a PostgreSQL server, or install PostgreSQL's server "
           "binaries (Debian's postgresql package) and run as root to start a throwaway cluster",
)]

SETUP = """
import json
from world import build_world
from inspectorate.inspections.models import State
world = build_world(State.FIELDWORK, keys={keys!r}, populated=False)
np = world.programme.frameworks.get(key="neighbourhood-policing")
print("WORLD " + json.dumps({{
    "inspection": world.a.pk, "force": world.force_a.slug, "programme": world.programme.slug,
    "criteria": [[c.pk, c.code] for c in np.criteria.filter(significant=True).order_by("order")],
    "users": {{role: user.username for role, user in world.users.items()}},
}}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Deadline:
    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def mark(self, what: str) -> None:
        """Prints how long the test has run (seen with ``pytest -s``)."""
        print(f"two servers: {what} after {DEADLINE_SECONDS - (self.end - time.monotonic()):.1f} s")

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise AssertionError(f"the two-server test ran past its {DEADLINE_SECONDS} s bound")
        return left


@contextmanager
def postgres_server(deadline: Deadline) -> Iterator[str]:
    """A PostgreSQL server's URL, without a database name (``postgres://user@host:port``)."""
    given = os.environ.get("DATABASE_URL", "")
    if given.startswith("postgres"):
        parts = urllib.parse.urlsplit(given)
        yield urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        return
    assert PGBIN is not None
    folder = tempfile.mkdtemp(prefix="inspectorate-pg-")
    shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    pg_ctl = str(PGBIN.parent / "pg_ctl")
    try:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PGBIN), "-D", folder, "-U", "postgres",
                        "--auth=trust", "-E", "UTF8"], check=True, capture_output=True, timeout=deadline.left())
        subprocess.run(["runuser", "-u", "postgres", "--", pg_ctl, "-D", folder, "-o",
                        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1", "-l", f"{folder}/server.log",
                        "-w", "start"], check=True, capture_output=True, timeout=deadline.left())
        yield f"postgres://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", pg_ctl, "-D", folder, "-m", "immediate", "stop"],
                       capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def fresh_database(server: str) -> Iterator[str]:
    import psycopg

    name = f"inspectorate_two_servers_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server}/{name}"
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Processes:
    """Processes started in their own process groups, each stopped (the whole group) at the end."""

    def __init__(self, folder: Path, env: dict[str, str]) -> None:
        self.folder, self.env, self.started = folder, env, []  # type: list[tuple[str, subprocess.Popen[bytes]]]

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.folder / f"{name}.log").open("wb")
        process = subprocess.Popen(args, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.started.append((name, process))
        return process

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop_all(self) -> None:
        for _, process in self.started:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _, process in self.started:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class Visitor:
    """One person's browser, each request to the next server in turn (one shared cookie jar)."""

    def __init__(self, servers: list[str], deadline: Deadline) -> None:
        self.servers, self.deadline, self.turn, self.served = servers, deadline, 0, Counter()  # type: ignore[var-annotated]
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirects)

    def request(self, method: str, path: str, data: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
        base = self.servers[self.turn % len(self.servers)]
        self.turn += 1
        self.served[base] += 1
        body = None
        if data is not None:
            data = {**data, "csrfmiddlewaretoken": self.csrf()}
            body = urllib.parse.urlencode(data, doseq=True).encode()
        request = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=min(60, self.deadline.left())) as response:
                return response.status, dict(response.headers), response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode(errors="replace")

    def csrf(self) -> str:
        return next((cookie.value for cookie in self.jar if cookie.name == "csrftoken"), "") or ""

    def get(self, path: str, expect: int = 200, **kw: Any) -> str:
        status, _, text = self.request("GET", path, **kw)
        assert status == expect, f"GET {path}: {status}, expected {expect}\n{text[:2000]}"
        return text

    def post(self, path: str, data: dict[str, Any], expect: int = 302) -> tuple[dict[str, str], str]:
        status, headers, text = self.request("POST", path, data)
        assert status == expect, f"POST {path}: {status}, expected {expect}\n{text[:2000]}"
        return headers, text

    def sign_in(self, username: str) -> None:
        self.jar.clear()
        self.get(reverse("login"))  # the CSRF cookie
        headers, _ = self.post(reverse("login"), {"username": username, "password": PASSWORD})
        assert "login" not in headers.get("Location", ""), f"{username} was not signed in"

    def follow(self, headers: dict[str, str]) -> str:
        return self.get(urllib.parse.urlsplit(headers["Location"])._replace(scheme="", netloc="").geturl())


def wait_until_serving(processes: Processes, name: str, url: str, deadline: Deadline) -> None:
    process = dict(processes.started)[name]
    while True:
        assert process.poll() is None, f"{name} stopped as it started:\n{processes.log(name)}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        deadline.left()
        time.sleep(0.2)


def run(env: dict[str, str], deadline: Deadline, *args: str) -> str:
    done = subprocess.run(args, cwd=REPO, env=env, capture_output=True, text=True, timeout=deadline.left())
    assert done.returncode == 0, f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_an_inspection_goes_from_evidence_to_publication_through_two_servers_and_a_worker() -> None:
    deadline = Deadline(DEADLINE_SECONDS)
    inspectorate, gunicorn = str(BIN / "inspectorate"), str(BIN / "gunicorn")
    with ExitStack() as stack:
        folder = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="inspectorate-two-servers-")))
        server = stack.enter_context(postgres_server(deadline))
        database = stack.enter_context(fresh_database(server))
        env = {**os.environ, "DATABASE_URL": database, "MEDIA_ROOT": str(folder / "media"),
               "SECRET_KEY": "two-servers-test-" + uuid.uuid4().hex, "DEBUG": "0",
               "PYTHONPATH": str(REPO / "tests")}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        deadline.mark("PostgreSQL ready")
        run(env, deadline, inspectorate, "migrate", "--noinput")
        deadline.mark("migrated")

        # The servers and the worker start while the inspection is set up (they need only the tables).
        processes = Processes(folder, env)
        stack.callback(processes.stop_all)
        ports = [free_port(), free_port()]
        for n, port in enumerate(ports, start=1):
            processes.start(f"app{n}", gunicorn, "inspectorate.wsgi:application", "--bind", f"127.0.0.1:{port}",
                            "--workers", "1", "--timeout", "60")
        processes.start("worker", inspectorate, "worker", "--no-reload", "--no-startup-delay", "--interval", "0.2")
        servers = [f"http://127.0.0.1:{port}" for port in ports]
        world = json.loads(next(line[6:] for line in run(
            env, deadline, inspectorate, "shell", "-c", SETUP.format(keys=KEYS)).splitlines()
            if line.startswith("WORLD ")))
        deadline.mark("inspection set up")
        for n, base in enumerate(servers, start=1):
            wait_until_serving(processes, f"app{n}", base + "/", deadline)
        deadline.mark("two servers and a worker serving")

        drive_the_inspection(world, servers, deadline)
        deadline.mark("inspection published and read")

        for name in ("app1", "app2", "worker"):
            log = processes.log(name)
            assert "Traceback" not in log and '" 500 ' not in log, f"{name}'s log shows an error:\n{log}"


def drive_the_inspection(world: dict[str, Any], servers: list[str], deadline: Deadline) -> None:
    pk, users = world["inspection"], world["users"]
    criteria = world["criteria"]
    np = "neighbourhood-policing"
    visitor = Visitor(servers, deadline)

    # Evidence: recorded by an inspector, verified by a colleague.
    visitor.sign_in(users["inspector"])
    visitor.get(reverse("inspections:evidence", args=[pk]))
    headers, _ = visitor.post(reverse("inspections:evidence", args=[pk]), {
        "source_kind": "interview", "summary": "Interview with the Saltby neighbourhood inspector (made up).",
        "date": "2009-03-14", "criteria": [criterion for criterion, _ in criteria]})
    log = visitor.follow(headers)
    evidence = int(re.search(r'id="evidence-(\d+)"', log).group(1))  # type: ignore[union-attr]
    visitor.sign_in(users["colleague"])
    visitor.post(reverse("inspections:verify_evidence", args=[pk, evidence]), {})
    assert "Verified" in visitor.get(reverse("inspections:evidence", args=[pk]))

    # Assessment: every significant criterion met; the rules derive the grade. A finding for the draft.
    visitor.sign_in(users["inspector"])
    for _, code in criteria:
        visitor.post(reverse("assessment:assess", args=[pk, np, code]), {
            "value": "met", "rationale": "Seen in the interview, and verified.", "evidence": [evidence],
            "revision": 0})
    visitor.post(reverse("inspections:findings", args=[pk, np]), {
        "new-category": "area_for_improvement",
        "new-text": "Problem solving with partners was seldom recorded (made-up finding)."})

    # The lead: drafting, the final grade, moderation, the draft to the force.
    visitor.sign_in(users["lead"])
    visitor.post(reverse("inspections:change_state", args=[pk, "drafting"]), {})
    page = visitor.get(reverse("assessment:framework", args=[pk, np]))
    revision = re.search(r'id="judgement-revision" value="(\d+)"', page).group(1)  # type: ignore[union-attr]
    headers, _ = visitor.post(reverse("assessment:final_grade", args=[pk, np]),
                              {"grade": "Fair", "rationale": "", "revision": revision})
    assert "Final grade of Neighbourhood Policing set: Fair." in visitor.follow(headers)
    for state in ("moderation", "factual_accuracy"):
        headers, _ = visitor.post(reverse("inspections:change_state", args=[pk, state]), {})
        assert "message-error" not in visitor.follow(headers), f"the move to {state} was refused"

    # Publication: requested by the lead, approved by a moderator, published by the lead as a job.
    visitor.post(reverse("inspections:request_publication", args=[pk]), {})
    visitor.sign_in(users["moderator"])
    visitor.post(reverse("inspections:approve_publication", args=[pk]), {})
    visitor.sign_in(users["lead"])
    assert "Nothing blocks publication." in visitor.get(reverse("inspections:publication", args=[pk]))
    headers, _ = visitor.post(reverse("inspections:change_state", args=[pk, "published"]), {"note": ""})
    page = visitor.follow(headers)
    status_url = re.search(r'hx-get="(/jobs/[0-9a-f-]+/)"', page)
    assert status_url, f"the publication page shows no job status region:\n{page[:3000]}"
    while True:  # the status region, polled as htmx polls it, on either server
        status, _, fragment = visitor.request("GET", status_url.group(1), headers={"HX-Request": "true"})
        if status == 286:
            break
        assert status == 200, f"polling the job: {status}\n{fragment}"
        deadline.left()
        time.sleep(0.3)
    assert "Version 1 published." in fragment, fragment

    # Anyone reads the published report, from whichever server answers.
    visitor.jar.clear()
    report = visitor.get(reverse("reports:report", args=[world["force"], world["programme"]]))
    assert "Problem solving with partners was seldom recorded" in report
    pdf = visitor.request("GET", reverse("reports:report_pdf", args=[world["force"], world["programme"], 1]))
    assert pdf[0] == 200 and pdf[2].startswith("%PDF")
    assert sorted(visitor.served.values())[0] >= 10, f"both servers should have served many requests: {visitor.served}"
