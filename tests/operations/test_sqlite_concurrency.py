"""SQLite holds several writers: WAL, a busy timeout, and transactions that take the write lock at BEGIN.

Two connections each read and then write inside a transaction. With SQLite's default (deferred)
transactions the second to write cannot upgrade its read lock and fails at once with "database is
locked", whatever the busy timeout: the 500s several users saw. With the settings' IMMEDIATE
transactions the second waits for the first and both succeed.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db.backends.sqlite3.base import DatabaseWrapper


def _connection(path: Path, options: dict[str, Any]) -> DatabaseWrapper:
    base = dict(settings.DATABASES["default"])
    base.update({"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "OPTIONS": options,
                 "CONN_MAX_AGE": 0, "CONN_HEALTH_CHECKS": False, "AUTOCOMMIT": True, "ATOMIC_REQUESTS": False,
                 "TIME_ZONE": None, "TEST": {}})
    return DatabaseWrapper(base, alias=f"probe-{path.name}-{threading.get_ident()}")


def _sqlite_options() -> dict[str, Any]:
    return {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE",
            "timeout": 20}


def test_the_settings_configure_sqlite_for_several_writers() -> None:
    # The settings module applies these whenever the default database is SQLite.
    from inspectorate import settings as project_settings

    source = Path(project_settings.__file__).read_text()
    for option in ('"transaction_mode": "IMMEDIATE"', "PRAGMA journal_mode=WAL", '"timeout"'):
        assert option in source
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def _read_then_write(path: Path, options: dict[str, Any], start: threading.Barrier, errors: list[str]) -> None:
    db = _connection(path, options)
    try:
        with _atomic(db):
            cursor = db.cursor()
            cursor.execute("SELECT COUNT(*) FROM item")
            start.wait()
            time.sleep(0.2)
            cursor.execute("INSERT INTO item (n) VALUES (1)")
    except Exception as error:  # noqa: BLE001 - the failure is what is measured
        errors.append(str(error))
    finally:
        db.close()


class _atomic:
    """What ``transaction.atomic`` does on SQLite: BEGIN in the backend's transaction mode ... COMMIT."""

    def __init__(self, db: DatabaseWrapper) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.ensure_connection()
        self.db._start_transaction_under_autocommit()

    def __exit__(self, kind: Any, *rest: Any) -> None:
        self.db.cursor().execute("COMMIT" if kind is None else "ROLLBACK")


def _run(tmp_path: Path, options: dict[str, Any], barrier_parties: int) -> list[str]:
    path = tmp_path / f"probe-{len(options)}.sqlite3"
    setup = _connection(path, options)
    setup.cursor().execute("CREATE TABLE item (n integer)")
    setup.close()
    start, errors = threading.Barrier(barrier_parties, timeout=5), []
    threads = [threading.Thread(target=_read_then_write, args=(path, options, start, errors)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


def test_deferred_transactions_fail_and_immediate_ones_wait(tmp_path: Path, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():  # probe databases of its own, not the test database
        deferred = _run(tmp_path, {"timeout": 20}, barrier_parties=2)
        # With BEGIN IMMEDIATE the second writer waits at BEGIN, before reading: no barrier to meet.
        immediate = _run(tmp_path, _sqlite_options(), barrier_parties=1)
    assert any("locked" in e for e in deferred), deferred
    assert immediate == []
