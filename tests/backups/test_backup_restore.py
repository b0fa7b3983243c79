"""`inspectorate backup DIR` and `inspectorate restore DIR`: a round trip into a fresh database compares
every table's rows and every evidence file's SHA-256; damaged, incomplete and unwanted restores are refused.

On SQLite the source is the test database; on PostgreSQL (the suite run through scripts/with-postgres.sh,
as `make test` does with CI=true) the source is the test database and the fresh one a new database on
the same server. The command-line restores run as separate processes against the fresh database.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from inspectorate.accounts.models import Role, User
from inspectorate.backups.services import restore_backup, take_backup
from inspectorate.inspections.errors import ServiceError

REPO = Path(__file__).resolve().parents[2]
CLI = str(Path(sys.executable).parent / "inspectorate")


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _hashes(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): _sha256(p) for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def source(transactional_db: Any, settings: Any, tmp_path: Path) -> Path:
    """A database with the reference data, a user and an audit trail, and evidence files on disk."""
    call_command("load_library", stdout=io.StringIO())
    call_command("load_reference", stdout=io.StringIO())
    User.objects.create_user("indira_inspector", password="x-long-passphrase-1", role=Role.INSPECTOR)
    media = tmp_path / "media"
    (media / "evidence" / "2007" / "10").mkdir(parents=True)
    (media / "evidence" / "2007" / "10" / "interview-notes.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(5000))
    (media / "followup" / "2008" / "01").mkdir(parents=True)
    (media / "followup" / "2008" / "01" / "action plan £.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    settings.MEDIA_ROOT = media
    return media


def _table_rows(cursor: Any, tables: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    rows = {}
    for table in tables:
        # On PostgreSQL each row as its text form, so that both sides decode values (JSON, dates) alike.
        cursor.execute(f'SELECT * FROM "{table}"' if connection.vendor == "sqlite" else
                       f'SELECT t::text FROM "{table}" AS t')
        rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


def _source_rows() -> dict[str, list[tuple[Any, ...]]]:
    with connection.cursor() as cursor:
        return _table_rows(cursor, sorted(connection.introspection.table_names()))


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A new, empty database of the same engine: its DATABASE_URL, and a function returning a DB-API connection."""
    if connection.vendor == "sqlite":
        path = tmp_path / "fresh.sqlite3"
        # With Django's type converters (registered module-wide), so values compare as the source's do.
        yield f"sqlite:///{path}", lambda: sqlite3.connect(path, detect_types=sqlite3.PARSE_DECLTYPES)
        return
    import psycopg

    params = connection.settings_dict
    name = f"restore_{uuid.uuid4().hex[:10]}"
    admin = dict(host=params["HOST"], port=params["PORT"], user=params["USER"], password=params["PASSWORD"] or None,
                 dbname=params["NAME"], autocommit=True)
    with psycopg.connect(**admin) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    password = f":{params['PASSWORD']}" if params["PASSWORD"] else ""
    url = f"postgres://{params['USER']}{password}@{params['HOST']}:{params['PORT']}/{name}"
    try:
        yield url, lambda: psycopg.connect(**{**admin, "dbname": name})
    finally:
        with psycopg.connect(**admin) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(*args: str, url: str, media: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(media)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([CLI, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)


def test_round_trip_into_a_fresh_database(source: Path, fresh_database: tuple[str, Any], tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    summary = take_backup(backup)
    manifest = json.loads((backup / "manifest.json").read_text())
    assert summary.files == 2 and manifest["engine"] == connection.vendor
    assert manifest["tables"]["forces_force"] == 43 and manifest["tables"]["accounts_user"] == 1
    assert {f["path"] for f in manifest["files"]} == set(_hashes(source))

    url, connect = fresh_database
    restored_media = tmp_path / "restored-media"
    result = _run("restore", str(backup), url=url, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert "Restored the" in result.stdout

    expected = _source_rows()
    with connect() as fresh:
        cursor = fresh.cursor()
        if connection.vendor == "sqlite":
            names = [r[0] for r in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
        else:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            names = [r[0] for r in cursor.fetchall()]
        assert sorted(names) == sorted(expected)
        actual = _table_rows(cursor, sorted(names))
    for table, rows in expected.items():
        assert actual[table] == rows, f"{table} differs after the restore"
    assert sum(len(r) for r in expected.values()) > 400  # the reference data, not an empty copy
    assert _hashes(restored_media) == _hashes(source)

    # The restored database backs up again to the same rows and files, through the command.
    again = tmp_path / "again"
    result = _run("backup", str(again), url=url, media=restored_media)
    assert result.returncode == 0, result.stderr
    second = json.loads((again / "manifest.json").read_text())
    assert second["tables"] == manifest["tables"] and second["files"] == manifest["files"]

    # A second restore over the now non-empty database is refused, and changes nothing ...
    result = _run("restore", str(backup), url=url, media=restored_media)
    assert result.returncode == 2
    assert "already holds" in result.stderr and "--force" in result.stderr and "Traceback" not in result.stderr
    # ... unless forced.
    (restored_media / "stray.txt").write_text("not in the backup")
    result = _run("restore", "--force", str(backup), url=url, media=restored_media)
    assert result.returncode == 0, result.stderr
    assert _hashes(restored_media) == _hashes(source)


def test_damaged_or_incomplete_backups_are_refused(source: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    take_backup(backup)
    target = tmp_path / "target-media"

    evidence = backup / "media" / "evidence" / "2007" / "10" / "interview-notes.pdf"
    original = evidence.read_bytes()
    evidence.write_bytes(original[:-1] + bytes([original[-1] ^ 1]))
    with pytest.raises(ServiceError, match=r"damaged: 1 files do not match their SHA-256.*interview-notes\.pdf"):
        restore_backup(backup, media_root=target, force=True)
    evidence.unlink()
    with pytest.raises(ServiceError, match=r"incomplete: 1 files .* missing .*interview-notes\.pdf"):
        restore_backup(backup, media_root=target, force=True)
    evidence.write_bytes(original)

    database = next(p for p in backup.iterdir() if p.name.startswith("database."))
    database.write_bytes(database.read_bytes()[:-100])
    with pytest.raises(ServiceError, match=f"do not match.*{database.name}"):
        restore_backup(backup, media_root=target, force=True)

    manifest = backup / "manifest.json"
    manifest.write_text(manifest.read_text()[:-20])
    with pytest.raises(ServiceError, match="manifest.json is damaged"):
        restore_backup(backup, media_root=target, force=True)
    manifest.unlink()
    with pytest.raises(ServiceError, match="not a complete backup"):
        restore_backup(backup, media_root=target, force=True)
    assert not target.exists()  # nothing was written anywhere
    assert User.objects.filter(username="indira_inspector").exists()


def test_restore_refuses_a_database_that_holds_data(source: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    take_backup(backup)
    with pytest.raises(ServiceError, match="already holds .* tables.*--force"):
        restore_backup(backup, media_root=tmp_path / "elsewhere")


def test_backup_refuses_a_directory_in_use(source: Path, tmp_path: Path) -> None:
    used = tmp_path / "used"
    used.mkdir()
    (used / "something").write_text("x")
    with pytest.raises(ServiceError, match="not an empty directory"):
        take_backup(used)


def test_the_commands_give_one_clear_line(tmp_path: Path) -> None:
    result = _run("restore", str(tmp_path / "nowhere"), url=f"sqlite:///{tmp_path / 'x.sqlite3'}", media=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"restore: {tmp_path / 'nowhere'}: no such backup directory."


def test_a_database_that_cannot_be_opened_gets_one_line(source: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup"
    take_backup(backup)
    # Into the same kind of database as the backup's, one that cannot be opened.
    if connection.vendor == "postgresql":
        url = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/no_such_database"
    else:
        url = f"sqlite:///{tmp_path / 'no-such-folder' / 'x.sqlite3'}"
    result = _run("restore", str(backup), url=url, media=tmp_path / "m")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.startswith("restore: Cannot open the database to restore into")


def test_round_trip_on_a_throwaway_postgresql(throwaway_postgres: str, tmp_path: Path) -> None:
    """On PostgreSQL even when the suite runs on SQLite: every step through the command line."""
    if connection.vendor == "postgresql":
        pytest.skip("the suite is on PostgreSQL: test_round_trip_into_a_fresh_database covers it")
    import psycopg

    with psycopg.connect(f"{throwaway_postgres}/postgres", autocommit=True) as c:
        c.execute("CREATE DATABASE source")
        c.execute("CREATE DATABASE fresh")
    source, fresh = f"{throwaway_postgres}/source", f"{throwaway_postgres}/fresh"
    media = tmp_path / "media"
    (media / "evidence" / "2007" / "10").mkdir(parents=True)
    (media / "evidence" / "2007" / "10" / "notes.pdf").write_bytes(b"%PDF-1.4\n" + os.urandom(3000))
    for step in (["migrate", "--noinput"], ["load-library"], ["load-reference"], ["backup", str(tmp_path / "b")]):
        result = _run(*step, url=source, media=media)
        assert result.returncode == 0, result.stderr
    restored = tmp_path / "restored"
    result = _run("restore", str(tmp_path / "b"), url=fresh, media=restored)
    assert result.returncode == 0, result.stderr

    def rows(url: str) -> dict[str, list[str]]:
        with psycopg.connect(url) as c:
            tables = [r[0] for r in c.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return {t: sorted(r[0] for r in c.execute(f'SELECT t::text FROM "{t}" AS t')) for t in tables}

    before, after = rows(source), rows(fresh)
    assert before == after and len(before["forces_force"]) == 43
    assert _hashes(restored) == _hashes(media)
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["engine"] == "postgresql"
    assert manifest["tables"] == {t: len(r) for t, r in before.items()}
