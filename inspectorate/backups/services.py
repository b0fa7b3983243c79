"""Taking and restoring a consistent copy of the database and the evidence files.

A backup is a directory holding the database (``database.sqlite3``, taken with SQLite's online
backup API, or ``database.dump``, a ``pg_dump`` custom-format archive taken inside one exported
snapshot), the files under ``MEDIA_ROOT`` in ``media/``, and ``manifest.json``: every file's SHA-256
and size, and every table's row count as the copy holds it. The manifest is written last, so a
directory without one is an incomplete backup. Restoring checks everything against the manifest
before it touches anything, and refuses a database or evidence folder that already holds data
unless told to replace it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections

from inspectorate.inspections.errors import ServiceError

FORMAT = "inspectorate-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupSummary:
    directory: Path
    engine: str
    tables: int
    rows: int
    files: int
    bytes: int


def take_backup(directory: Path, *, using: str = "default", media_root: Path | None = None) -> BackupSummary:
    """Write a backup of database ``using`` and of ``media_root`` (default ``MEDIA_ROOT``) into
    ``directory``, which must be missing or empty. Raises ServiceError, leaving no manifest, if
    anything fails."""
    directory = Path(directory)
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise ServiceError(f"{directory} already exists and is not an empty directory: back up into a new one.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        directory.chmod(0o700)  # it holds password hashes, TOTP secrets and evidence: for its owner only
    except OSError as error:
        raise ServiceError(f"Cannot create {directory}: {error.strerror}.") from None
    engine = _engine(using)
    try:
        if engine == "sqlite":
            database_file = directory / SQLITE_FILE
            tables = _backup_sqlite(using, database_file)
        else:
            database_file = directory / POSTGRES_FILE
            tables = _backup_postgres(using, database_file)
        # The database first, then the files: a file added meanwhile is extra, never missing.
        files = _copy_tree(media_root, directory / MEDIA_DIR)
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database": {"file": database_file.name, **_describe(database_file)},
            "tables": tables,
            "files": files,
        }
        partial = directory / (MANIFEST + ".partial")
        partial.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        os.replace(partial, directory / MANIFEST)
    except (OSError, DatabaseError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ServiceError(f"Backup into {directory} failed: {reason}. It is incomplete "
                           "(it has no manifest) and cannot be restored.") from None
    return BackupSummary(directory, engine, len(tables), sum(tables.values()), len(files),
                         sum(f["size"] for f in files))


@dataclass(frozen=True)
class RestoreSummary:
    engine: str
    tables: int
    rows: int
    files: int


def restore_backup(directory: Path, *, using: str = "default", media_root: Path | None = None,
                   force: bool = False) -> RestoreSummary:
    """Restore the backup in ``directory`` into database ``using`` and ``media_root``.

    Refuses (ServiceError, changing nothing) a backup that is incomplete or damaged, of another
    database engine, or a database or evidence folder that already holds data unless ``force``.
    """
    directory = Path(directory)
    media_root = Path(media_root if media_root is not None else settings.MEDIA_ROOT)
    manifest = read_manifest(directory)
    verify_backup(directory, manifest)
    engine = _engine(using)
    if manifest["engine"] != engine:
        raise ServiceError(f"This backup is of a {_ENGINE_NAMES[manifest['engine']]} database; the database "
                           f"configured here is {_ENGINE_NAMES[engine]}. Restore it into the same kind.")
    try:
        held = _tables_held(using)
    except DatabaseError as error:
        raise ServiceError(f"Cannot open the database to restore into: {error}.") from None
    if not force:
        if held:
            raise ServiceError(f"The database already holds {len(held)} tables. Restore into an empty database, "
                               "or pass --force to replace everything in it.")
        if media_root.exists() and any(_walk(media_root)):
            raise ServiceError(f"The evidence folder {media_root} already holds files. Restore into an empty one, "
                               "or pass --force to replace it.")
    staging = media_root.parent / f".{media_root.name}.restoring-{uuid.uuid4().hex[:8]}"
    try:
        staging.mkdir(parents=True)
        _copy_tree(directory / MEDIA_DIR, staging)
        _check_files(staging, manifest["files"], "copied")
        database_file = directory / manifest["database"]["file"]
        if engine == "sqlite":
            _restore_sqlite(using, database_file)
        else:
            _restore_postgres(using, database_file)
        counts = _row_counts(using)
        differ = sorted(t for t, n in manifest["tables"].items() if counts.get(t) != n)
        if differ:
            raise ServiceError(f"The restored database does not match the manifest in {len(differ)} tables "
                               f"(first: {differ[0]}).")
        if media_root.exists():
            shutil.rmtree(media_root)
        os.replace(staging, media_root)
    except (OSError, DatabaseError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        raise ServiceError(f"Restore failed: {reason}.") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return RestoreSummary(engine, len(manifest["tables"]), sum(manifest["tables"].values()), len(manifest["files"]))


def read_manifest(directory: Path) -> dict[str, Any]:
    """The backup's manifest, checked for shape; ServiceError if it is missing or damaged."""
    path = Path(directory) / MANIFEST
    if not Path(directory).is_dir():
        raise ServiceError(f"{directory}: no such backup directory.")
    if not path.is_file():
        raise ServiceError(f"{directory} has no {MANIFEST}: it is not a complete backup (a backup writes its "
                           "manifest last).")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ServiceError(f"{MANIFEST} is damaged ({error}).") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ServiceError(f"{MANIFEST} is not an inspectorate backup manifest.")
    if manifest.get("version") != VERSION:
        raise ServiceError(f"{MANIFEST} is of backup format version {manifest.get('version')!r}; this version "
                           f"of inspectorate restores version {VERSION}.")
    try:
        assert manifest["engine"] in _ENGINE_NAMES
        assert isinstance(manifest["database"]["file"], str) and "/" not in manifest["database"]["file"]
        assert all(isinstance(t, str) and isinstance(n, int) for t, n in manifest["tables"].items())
        for entry in manifest["files"]:
            assert isinstance(entry["sha256"], str) and isinstance(entry["size"], int)
            _safe_relative(entry["path"])
    except (AssertionError, KeyError, TypeError, AttributeError, ValueError):
        raise ServiceError(f"{MANIFEST} is damaged: a field is missing or of the wrong kind.") from None
    return manifest


def verify_backup(directory: Path, manifest: dict[str, Any]) -> None:
    """Check the database copy and every file against the manifest's sizes and SHA-256."""
    directory = Path(directory)
    database = manifest["database"]
    _check_files(directory, [{"path": database["file"], "sha256": database["sha256"], "size": database["size"]}],
                 "in the backup")
    _check_files(directory / MEDIA_DIR, manifest["files"], "in the backup")


def _check_files(root: Path, entries: list[dict[str, Any]], where: str) -> None:
    missing, damaged = [], []
    for entry in entries:
        path = root / _safe_relative(entry["path"])
        if not path.is_file():
            missing.append(entry["path"])
        elif path.stat().st_size != entry["size"] or _sha256(path) != entry["sha256"]:
            damaged.append(entry["path"])
    if missing:
        raise ServiceError(f"The backup is incomplete: {len(missing)} files listed in the manifest are missing "
                           f"{where} (first: {missing[0]}).")
    if damaged:
        raise ServiceError(f"The backup is damaged: {len(damaged)} files do not match their SHA-256 in the "
                           f"manifest (first: {damaged[0]}).")


_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in _ENGINE_NAMES:
        raise ServiceError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return str(vendor)


def _safe_relative(name: str) -> Path:
    path = Path(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(name)
    return path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _describe(path: Path) -> dict[str, Any]:
    return {"sha256": _sha256(path), "size": path.stat().st_size}


def _walk(root: Path) -> Iterator[Path]:
    for folder, _dirs, names in os.walk(root):
        for name in names:
            yield Path(folder) / name


def _copy_tree(source: Path, target: Path) -> list[dict[str, Any]]:
    """Copy every regular file under ``source`` into ``target``, hashing as it goes."""
    target.mkdir(parents=True, exist_ok=True)
    entries: list[dict[str, Any]] = []
    if not source.is_dir():
        return entries
    for path in sorted(_walk(source)):
        if path.is_symlink() or not path.is_file():
            continue
        relative = path.relative_to(source)
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        with path.open("rb") as reader, destination.open("wb") as writer:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                size += len(chunk)
        shutil.copystat(path, destination)
        entries.append({"path": relative.as_posix(), "sha256": digest.hexdigest(), "size": size})
    return entries


# SQLite ------------------------------------------------------------------------------------------

def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                      "ORDER BY name").fetchall()
    return [str(r[0]) for r in rows]


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    return {t: int(db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]) for t in _sqlite_tables(db)}


def _backup_sqlite(using: str, target: Path) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # The online backup API copies a consistent snapshot while others go on writing.
        connection.connection.backup(destination)
        destination.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
        check = destination.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise ServiceError(f"The copied database failed SQLite's integrity check: {check}.")
        return _sqlite_counts(destination)
    finally:
        destination.close()


def _restore_sqlite(using: str, source: Path) -> None:
    backup = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        check = backup.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise ServiceError(f"The backup's database failed SQLite's integrity check: {check}.")
        connection = connections[using]
        connection.ensure_connection()
        backup.backup(connection.connection)
    except sqlite3.DatabaseError as error:
        raise ServiceError(f"The backup's database cannot be read: {error}.") from None
    finally:
        backup.close()


# PostgreSQL --------------------------------------------------------------------------------------

def _pg_environment(using: str) -> dict[str, str]:
    params = connections[using].settings_dict
    env = dict(os.environ)
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                      ("NAME", "PGDATABASE")):
        if params.get(key):
            env[name] = str(params[key])
    return env


def _run_pg_tool(arguments: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(arguments, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ServiceError(f"{arguments[0]} is not installed: install the PostgreSQL client tools "
                           "(Debian's postgresql-client).") from None
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no message"])[-1]
        raise ServiceError(f"{arguments[0]} failed: {last}")


def _backup_postgres(using: str, target: Path) -> dict[str, int]:
    connection = connections[using]
    env = _pg_environment(using)
    # One connection holds a read-only snapshot open; the row counts and pg_dump both read it.
    with connection.cursor() as probe:
        probe.execute("SELECT 1")
    holder = connection.copy()
    try:
        holder.set_autocommit(True)
        with holder.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            _run_pg_tool(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}",
                          f"--file={target}"], env)
            cursor.execute("COMMIT")
    finally:
        holder.close()
    return counts


def _pg_tables(cursor: Any) -> list[str]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    return [str(r[0]) for r in cursor.fetchall()]


def _pg_counts(cursor: Any) -> dict[str, int]:
    counts = {}
    for table in _pg_tables(cursor):
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        counts[table] = int(cursor.fetchone()[0])
    return counts


def _restore_postgres(using: str, source: Path) -> None:
    connection = connections[using]
    with connection.cursor() as cursor:
        if _pg_tables(cursor):
            # --force: start from an empty schema, so no table of a later version is left behind.
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    connection.close()
    _run_pg_tool(["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                  f"--dbname={_pg_environment(using).get('PGDATABASE', 'postgres')}", str(source)],
                 _pg_environment(using))


# Both --------------------------------------------------------------------------------------------

def _tables_held(using: str) -> list[str]:
    return list(connections[using].introspection.table_names())


def _row_counts(using: str) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return _sqlite_counts(connection.connection)
    with connection.cursor() as cursor:
        return _pg_counts(cursor)
