"""Helpers for the tamper tests of the append-only tables (the audit trail, the frozen reports)."""

from __future__ import annotations

import io
from typing import Any

from django.core.management import call_command
from django.db import connection

from inspectorate.audit.append_only import remove


def run_verify(command: str) -> tuple[int, str, str]:
    """Run a verify command (``verify_audit``, ``verify_reports``): its exit code, output and errors."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, stdout=out, stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, out.getvalue(), err.getvalue()


def tamper(table: str, sql: str, params: list[Any]) -> None:
    """Drop ``table``'s triggers, as someone with the table owner's rights could, and change it."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks may block the DDL
        remove(connection, table)
        cursor.execute(sql, params)
