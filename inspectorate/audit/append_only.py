"""Triggers that make a table append-only in the database itself: UPDATE and DELETE are refused
whatever issues them (the ORM, the admin, a raw SQL session), on SQLite and on PostgreSQL.

The audit trail's migration and the published reports' migration install them; dropping them
needs the table owner's rights, and ``inspectorate verify-audit`` / ``verify-reports`` show any
change made while they were gone.
"""

from __future__ import annotations

from typing import Any

# table -> what the refusal says
APPEND_ONLY_TABLES = {
    "audit_auditevent": "audit events are append-only",
    "reports_publishedreport": "published report versions are frozen; a correction is a new version",
}


def _create(vendor: str, table: str) -> list[str]:
    message = APPEND_ONLY_TABLES[table]
    if vendor == "sqlite":
        return [
            f"CREATE TRIGGER IF NOT EXISTS {table}_no_{operation} BEFORE {operation.upper()} ON {table} "
            f"BEGIN SELECT RAISE(ABORT, '{operation.upper()} refused on {table}: {message}'); END"
            for operation in ("update", "delete")
        ]
    if vendor == "postgresql":
        # SQLSTATE 23000 (integrity_constraint_violation), so both databases raise IntegrityError.
        return [
            f"CREATE OR REPLACE FUNCTION {table}_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN RAISE EXCEPTION '% refused on %: {message}', TG_OP, TG_TABLE_NAME "
            "USING ERRCODE = 'integrity_constraint_violation'; END $$",
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {table}_refuse_change()",
        ]
    return []


def _drop(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_{operation}" for operation in ("update", "delete")]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
                f"DROP FUNCTION IF EXISTS {table}_refuse_change()"]
    return []


def install(connection: Any, table: str) -> None:
    """Create the refusing triggers on ``table`` (nothing on a database that is neither SQLite nor PostgreSQL)."""
    with connection.cursor() as cursor:
        for statement in _create(connection.vendor, table):
            cursor.execute(statement)


def remove(connection: Any, table: str) -> None:
    """Drop them again (a migration's reverse, or a test that tampers on purpose)."""
    with connection.cursor() as cursor:
        for statement in _drop(connection.vendor, table):
            cursor.execute(statement)


def migration_operations(table: str) -> tuple[Any, Any]:
    """The forward and reverse functions for a ``RunPython`` that installs or removes them."""

    def forward(apps: Any, schema_editor: Any) -> None:
        install(schema_editor.connection, table)

    def reverse(apps: Any, schema_editor: Any) -> None:
        remove(schema_editor.connection, table)

    return forward, reverse
