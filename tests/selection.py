"""Which tests each run of the suite takes, and in what order (a pytest plugin, loaded by tests/conftest.py).

CI runs the suite twice, on SQLite and on PostgreSQL (`make test` with CI=true). A test that never
touches a database cannot behave differently on PostgreSQL, so the PostgreSQL run leaves it to the
SQLite run: it keeps only the tests that use a database, that is, a test

- marked ``django_db``, or asking (directly or through its fixtures: pytest's ``item.fixturenames``
  holds the whole closure) for ``db``, ``transactional_db``, ``live_server`` or one of
  pytest-django's database fixtures; or
- marked ``database``: it reaches the database another way, a subprocess given ``DATABASE_URL``
  (``make serve``, two servers and a worker, the backup commands, the console script).

One test that uses the database is also left to the SQLite run: the every-page accessibility test
in a real browser (``EVERY_PAGE_IN_A_BROWSER``). What it checks (axe-core, sideways scrolling, ids
and labels at two widths) is the markup and the stylesheets, which the backend does not change;
on PostgreSQL the access matrix and the read-only test already fetch every page, as every role, in
every state, and check what each one shows.

The run prints one line saying how many tests it left to the SQLite run and why.
``--every-test`` turns the selection off (the whole suite on PostgreSQL, as before).

The other way, one test is on PostgreSQL whatever the run's database: the two-server test (marked
``postgresql``) starts a cluster of its own when the run is on SQLite. CI runs the two side by side
and gives the SQLite run ``--leave-to-postgresql``, so that test runs once, on the PostgreSQL run's
server; a plain `make test` (SQLite only) still runs it.

Order: Django's, which pytest-django keeps (tests in a transaction before those that commit and
flush), with the tests that use no database first; within each of those three, the known-slow
modules (a real browser, a server in a subprocess, the access matrix...) go first, so that with
several xdist workers none is left running one long test at the end while the others are idle.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

# pytest-django's fixtures that give a test the database. Not django_db_blocker: every test has it,
# through pytest-django's own autouse fixtures, to refuse database access where none was asked for.
DATABASE_FIXTURES = frozenset({
    "db", "transactional_db", "live_server", "django_db_setup", "_django_db_helper",
    "django_db_reset_sequences", "django_db_serialized_rollback",
})

EVERY_PAGE_IN_A_BROWSER = "tests/accounts/test_every_page_browser.py"

# The slowest modules, slowest first (seconds per module on one worker, measured; a module keeps its
# tests together, so a module-scoped fixture is still built once per worker).
SLOW_MODULES = (
    "tests/accounts/test_every_page_browser.py",
    "tests/accounts/test_access_matrix.py",
    "tests/accounts/test_reads_write_nothing.py",
    "tests/operations/test_make_serve.py",
    "tests/core/report/test_extraction_styles.py",
    "tests/jobs/test_two_servers.py",
    "tests/api/test_api_schemathesis.py",
    "tests/inspections/test_journey_browser.py",
    "tests/backups/test_backup_restore.py",
    "tests/national/test_browser_national.py",
    "tests/inspections/test_peel_browser.py",
    "tests/frameworks/test_load_library.py",
    "tests/core/monitoring/test_mdc_cross_check.py",
    "tests/core/report/test_pdf_round_trip.py",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--every-test", action="store_true",
                     help="run every test on PostgreSQL too, not only those that use a database")
    parser.addoption("--leave-to-postgresql", action="store_true",
                     help="on SQLite, leave the tests marked postgresql (on PostgreSQL whatever the run's "
                          "database) to a PostgreSQL run beside this one (CI)")


def on_postgresql() -> bool:
    """Whether this run is the suite on PostgreSQL (scripts/with-postgres.sh sets DATABASE_URL)."""
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def uses_database(item: pytest.Item) -> bool:
    """Whether a test touches a database: a ``django_db`` or ``database`` mark, or a database fixture."""
    if item.get_closest_marker("django_db") or item.get_closest_marker("database"):
        return True
    return not DATABASE_FIXTURES.isdisjoint(getattr(item, "fixturenames", ()))


def _module(item: pytest.Item) -> str:
    return item.nodeid.split("::", 1)[0]


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if on_postgresql() and not config.getoption("every_test"):
        kept, no_database, browser = [], [], []
        for item in items:
            if not uses_database(item):
                no_database.append(item)
            elif _module(item) == EVERY_PAGE_IN_A_BROWSER:
                browser.append(item)
            else:
                kept.append(item)
        if no_database or browser:
            config.hook.pytest_deselected(items=no_database + browser)
            items[:] = kept
        config.stash[_LEFT] = (
            f"PostgreSQL run: {len(no_database) + len(browser)} of {len(items) + len(no_database) + len(browser)} "
            f"tests left to the SQLite run ({len(no_database)} use no database, so cannot differ on PostgreSQL; "
            f"{len(browser)} every-page accessibility in a browser, markup the backend does not change); "
            f"{len(kept)} run here (tests/selection.py; --every-test runs them all)"
        )
    elif not on_postgresql() and config.getoption("leave_to_postgresql"):
        elsewhere = [item for item in items if item.get_closest_marker("postgresql")]
        if elsewhere:
            config.hook.pytest_deselected(items=elsewhere)
            items[:] = [item for item in items if not item.get_closest_marker("postgresql")]
        config.stash[_LEFT] = (
            f"SQLite run: {len(elsewhere)} tests left to the PostgreSQL run beside it (marked postgresql: "
            f"on PostgreSQL whatever the run's database; tests/selection.py)"
        )
    if _LEFT in config.stash and hasattr(config, "workeroutput"):
        config.workeroutput["selection"] = config.stash[_LEFT]
    rank = {module: n for n, module in enumerate(SLOW_MODULES)}
    items.sort(key=lambda item: (_phase(item), rank.get(_module(item), len(rank))))


def _phase(item: pytest.Item) -> int:
    """Django's order, which pytest-django keeps: tests in a transaction before those that commit (their
    flush empties the tables), with the tests that use no database, which may go anywhere, first."""
    fixtures = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    commits = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
                               or (marker.args and marker.args[0])))
    if commits or "transactional_db" in fixtures or "live_server" in fixtures:
        return 2
    return 1 if marker or "db" in fixtures else 0


_LEFT = pytest.StashKey[str]()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """Under xdist the workers collect; the controller prints what the first of them reported."""
    line = getattr(node, "workeroutput", {}).get("selection")
    if line:
        node.config.stash[_LEFT] = line


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """A run of a folder whose every test the selection left to the other run ran nothing, as it should:
    not pytest's "no tests ran" failure."""
    if exitstatus == pytest.ExitCode.NO_TESTS_COLLECTED and _LEFT in session.config.stash:
        session.exitstatus = pytest.ExitCode.OK


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    if not hasattr(config, "workeroutput") and _LEFT in config.stash:
        terminalreporter.write_line(config.stash[_LEFT])
