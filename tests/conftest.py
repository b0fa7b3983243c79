from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

pytest_plugins = ["selection"]  # which tests each run takes, and in what order

# Hypothesis's own timing checks (a deadline per example, a health check on slow generation) fail on
# a busy shared machine without anything being wrong; speed is measured by bench/, not by tests.
settings.register_profile("shared-machine", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("shared-machine")

# Playwright runs its own event loop; Django's ORM must be allowed from it in live_server tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REPO = Path(__file__).resolve().parent.parent
SEED_REPORT = REPO.parent / "shared" / "seed" / "hmic-inspection-report-bedfordshire-2007.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]


@pytest.fixture(autouse=True)
def _append_only_tables_emptied_before_flush(request: Any) -> Any:
    """A transactional test ends with Django's flush, which on SQLite deletes row by row; the triggers
    that keep the audit trail and published versions append-only refuse that. So those two tables are
    emptied first, with the triggers lifted for that moment only (PostgreSQL's flush truncates, which
    row triggers do not see)."""
    marker = request.node.get_closest_marker("django_db")
    by_fixture = "transactional_db" in request.fixturenames
    if not (by_fixture or (marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))):
        yield
        return
    # Set up first, so that this teardown runs before the flush.
    request.getfixturevalue("transactional_db" if by_fixture else "_django_db_helper")
    yield
    from django.db import connection

    from inspectorate.audit.append_only import APPEND_ONLY_TABLES, install, remove

    if connection.vendor != "sqlite":
        return
    for table in APPEND_ONLY_TABLES:
        remove(connection, table)
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table}")
        install(connection, table)


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def tasks_run_immediately(tmp_path_factory: Any) -> Any:
    """Background jobs run at once, inside the request that starts them, in every test but those of the
    job machinery itself (tests/jobs), which queue them in the database and run a worker. Test accounts
    are hashed with MD5 (a deliberately slow hash guards real passwords; test accounts need none of
    that), and uploads go to a folder of the session's own (each xdist worker has its own). Whitenoise
    finds a static file when it is asked for, as under `runserver`, instead of listing and stat-ing all
    of them (over a thousand, GOV.UK Frontend's) whenever a test `Client` builds its middleware: that
    listing took a second per client, most of the suite's time."""
    from django.test import override_settings

    with override_settings(TASKS=IMMEDIATE_TASKS, PASSWORD_HASHERS=FAST_HASHERS, WHITENOISE_AUTOREFRESH=True,
                           MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield


_PDFS: dict[str, bytes] = {}


@pytest.fixture(scope="session", autouse=True)
def each_pdf_laid_out_once() -> Any:
    """WeasyPrint lays out a given document once per test process: the same HTML gives the same PDF,
    and most tests publish the same made-up reports, each in a world of its own. The first render of
    a document is WeasyPrint's real one and later ones are its bytes; the PDF tests read real PDFs.
    Laying out a report takes seconds, and publishing was most of the suite's time."""
    import functools
    import hashlib

    from inspectorate.core.report import pdf

    real = pdf.pdf_of

    @functools.wraps(real)
    def pdf_of(document: str) -> bytes:
        key = hashlib.sha256(document.encode()).hexdigest()
        if key not in _PDFS:
            _PDFS[key] = real(document)
        return _PDFS[key]

    pdf.pdf_of = pdf_of  # type: ignore[assignment]
    yield
    pdf.pdf_of = real  # type: ignore[assignment]


@pytest.fixture
def seed_report() -> Path:
    """The real 2007 report, where ../shared is present; skips cleanly where it is not."""
    if not SEED_REPORT.exists():
        pytest.skip("the real report in ../shared/seed is not present in this clone")
    return SEED_REPORT


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:  # type: ignore[type-arg]
    if not Path(CHROMIUM).exists() and not os.environ.get("CI"):
        pytest.skip("Debian's Chromium is not installed (make test installs it as root)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}



@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> Any:
    """The test database as migrations leave it, recorded so that reference data loaded once per
    process can be replayed into a later test that starts from the same point (tests/world.py)."""
    from world import note_pristine_state

    with django_db_blocker.unblock():
        note_pristine_state()


@pytest.fixture
def reference(db: Any) -> Any:
    """The framework library, the 43 forces, the 2007 programme with its published aggregates, and
    Bedfordshire's published 2007 grades and recommendation frameworks; returns the 2007 programme."""
    from world import load_reference_data

    from inspectorate.national.models import Programme

    load_reference_data()
    return Programme.objects.get(slug="2007")


# ---------------------------------------------------------------------------------------------
# The world: every fixture below builds on tests/world.py, the one factory of test data. Area
# conftests (tests/inspections, tests/monitoring, tests/reports, tests/core/report) add what only
# they use.


@pytest.fixture
def sign_in() -> Any:
    """Sign a browser in: ``sign_in(page, live_server_url, username, password)`` through the login form,
    or without the password (``sign_in(page, live_server_url, username)``) by a session cookie."""
    from world import sign_in

    return sign_in


@pytest.fixture
def password() -> str:
    """Every test user's password (for signing in through the login form)."""
    from world import PASSWORD

    return PASSWORD


@pytest.fixture
def media(settings: Any, tmp_path: Any) -> Any:
    """A media folder of the test's own, for tests that look at the files written."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db: Any) -> Any:
    """The workspace world of tests/world.py: two made-up forces, an inspection of each, a user per role."""
    from world import build_world

    return build_world()


@pytest.fixture
def forces(reference: Any) -> dict[str, Any]:
    """The reference data and two made-up forces, as the demo creates them, by short slug."""
    from world import made_up_forces

    fenshire, wealdmoor = made_up_forces(("Fenshire Constabulary", "fenshire"), ("Wealdmoor Police", "wealdmoor"))
    return {"fenshire": fenshire, "wealdmoor": wealdmoor}


@pytest.fixture
def make_user(db: Any) -> Any:
    """``make_user(username, role, force=None)``: a user with the test password and no names."""
    from world import make_user

    def make(username: str, role: str, force: Any = None) -> Any:
        return make_user(username, role, force=force, first_name="", last_name="", email="")

    return make


@pytest.fixture
def users(forces: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """A user per role beside the made-up forces; a liaison officer of each force."""
    from inspectorate.accounts.models import Role

    return {
        "moderator": make_user("mod", Role.MODERATOR),
        "inspector": make_user("insp", Role.INSPECTOR),
        "lead": make_user("lead", Role.LEAD_INSPECTOR),
        "admin_user": make_user("adm", Role.ADMIN),
        "liaison": make_user("liaison-f", Role.FORCE_LIAISON, forces["fenshire"]),
        "other_liaison": make_user("liaison-w", Role.FORCE_LIAISON, forces["wealdmoor"]),
    }


@pytest.fixture
def make_programme(reference: Any) -> Any:
    """``make_programme(slug, previous=None, year=2008)``: a made-up programme of the 2007 frameworks."""
    from world import make_programme

    def make(slug: str, *, previous: Any = None, year: int = 2008) -> Any:
        return make_programme(slug, year, previous=previous, frameworks=reference.frameworks.all())

    return make


@pytest.fixture
def published(forces: dict[str, Any], make_programme: Any) -> dict[str, Any]:
    """Published inspections of both made-up forces in a made-up programme, with recommendations."""
    from inspectorate.core.errors import SYSTEM
    from inspectorate.inspections.models import Inspection, Recommendation, State
    from inspectorate.recommendations.services import open_follow_ups

    programme = make_programme("test-published", year=2006)
    inspections = {}
    for slug, force in forces.items():
        inspection = Inspection.objects.create(force=force, programme=programme, state=State.PUBLISHED)
        for number, key in enumerate(["neighbourhood-policing", "performance-management", "domestic-violence"], 1):
            Recommendation.objects.create(
                inspection=inspection, number=number, framework=programme.frameworks.get(key=key),
                text=f"That the force does thing {number} ({slug}).",
            )
        # Publication opens the follow-ups; no page that reads them does.
        open_follow_ups(inspection=inspection, by=SYSTEM)
        inspections[slug] = inspection
    return inspections


def _assess(inspection: Any, framework: Any, values: dict[str, str], *, default: str = "met") -> None:
    """Record an assessment for every criterion of ``framework``: ``values`` by code, else ``default``."""
    from inspectorate.frameworks.models import Criterion
    from inspectorate.inspections.models import CriterionAssessment

    for criterion in Criterion.objects.filter(framework=framework):
        CriterionAssessment.objects.update_or_create(
            inspection=inspection, criterion=criterion,
            defaults={"value": values.get(criterion.code, default)},
        )


def _judge(inspection: Any, framework: Any, *, final: str, derived: str | None = None,
           decision: str = "rule", rationale: str = "", candidates: list[str] | None = None) -> Any:
    from inspectorate.inspections.models import Judgement

    return Judgement.objects.create(
        inspection=inspection, framework=framework, final_grade=final,
        derived_grade=final if derived is None and decision == "rule" else (derived or ""),
        derived_decision=decision, derived_candidates=candidates or [], rationale=rationale,
    )


@pytest.fixture
def assess(db: Any) -> Any:
    """``assess(inspection, framework, {code: value}, default="met")``, straight into the database
    (tests/inspections has its own ``assess``, through the service)."""
    return _assess


@pytest.fixture
def judge(db: Any) -> Any:
    """``judge(inspection, framework, final=..., ...)``: a judgement straight into the database."""
    return _judge
