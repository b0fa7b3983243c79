from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture(scope="session", autouse=True)
def tasks_run_immediately() -> Any:
    """Background jobs run at once, inside the request that starts them, in every test but those of the
    job machinery itself (tests/jobs), which queue them in the database and run a worker."""
    from django.test import override_settings

    with override_settings(TASKS=IMMEDIATE_TASKS):
        yield


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



@pytest.fixture
def reference(db: Any) -> Any:
    """The framework library, the 43 forces, the 2007 programme with its published aggregates, and
    Bedfordshire's published 2007 grades and recommendation frameworks; returns the 2007 programme."""
    from django.core.management import call_command

    from inspectorate.programmes.models import Programme

    call_command("load_library", stdout=io.StringIO())
    call_command("load_reference", stdout=io.StringIO())
    return Programme.objects.get(slug="2007")


@pytest.fixture
def sign_in() -> Any:
    """Sign in through the login page in a browser: ``sign_in(page, live_server_url, username, password)``."""
    from django.urls import reverse

    def sign_in(page: Any, live_server: str, username: str, password: str) -> None:
        page.context.clear_cookies()
        page.goto(f"{live_server}{reverse('login')}")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()

    return sign_in
