"""Checking the records the public and the auditors rely on: the audit trail's hash chain and the
stored published versions. Each check stops at the first broken record and says what is wrong."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection

from .append_only import APPEND_ONLY_TABLES
from .chain import GENESIS
from .models import AuditChainHead, AuditEvent
from .services import HEAD, hash_of


@dataclass(frozen=True)
class Broken:
    """The first record that fails a check: which one, when it was written, and what is wrong."""

    record: str
    at: Any
    problem: str

    def __str__(self) -> str:
        when = f"{self.at:%d %B %Y %H:%M:%S} UTC" if self.at is not None else "no time recorded"
        return f"{self.record} ({when}): {self.problem}"


@dataclass(frozen=True)
class Check:
    checked: int
    newest: str  # the newest hash (the audit chain's head), or "" where there is none
    broken: Broken | None
    unprotected: list[str]  # tables whose refusing triggers are missing

    @property
    def sound(self) -> bool:
        return self.broken is None and not self.unprotected


def triggers_missing(tables: list[str] | None = None) -> list[str]:
    """The append-only tables whose refusing triggers are not in the database (SQLite, PostgreSQL)."""
    tables = list(APPEND_ONLY_TABLES) if tables is None else tables
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_update'")
            protected = {row[0] for row in cursor.fetchall()}
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_no_delete'")
            protected &= {row[0] for row in cursor.fetchall()}
        elif connection.vendor == "postgresql":
            cursor.execute("SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                           "WHERE t.tgname = c.relname || '_append_only' AND t.tgenabled <> 'D'")
            protected = {row[0] for row in cursor.fetchall()}
        else:
            return []
    return [table for table in tables if table not in protected]


def verify_audit_chain() -> Check:
    """Recompute every event's hash in the order they were written and follow the links back."""
    previous, checked = GENESIS, 0
    unprotected = triggers_missing(["audit_auditevent"])
    for event in AuditEvent.objects.order_by("id").iterator():
        where = f"audit event {event.pk} ({event.action})"
        if hash_of(event) != event.hash:
            return Check(checked, previous, Broken(where, event.at, "its fields no longer match its hash: "
                                                              "it was altered after it was written"), unprotected)
        if event.previous_hash != previous:
            return Check(checked, previous, Broken(where, event.at, "it does not follow the event before it: "
                                                              "an event was removed, inserted or reordered"),
                         unprotected)
        previous, checked = event.hash, checked + 1
    head = AuditChainHead.objects.filter(pk=HEAD).first()
    if head is None and checked:
        return Check(checked, previous, Broken("the chain head", None, "it is missing"), unprotected)
    if head is not None and (head.last_hash != previous or head.length != checked):
        problem = (f"it records {head.length} events ending in {head.last_hash[:16]}…, but the trail holds {checked} "
                   f"ending in {previous[:16]}…: events were removed from the end, or added without record_event")
        return Check(checked, previous, Broken("the chain head", None, problem), unprotected)
    return Check(checked, previous, None, unprotected)


def verify_published_versions() -> Check:
    """Re-hash every stored published version, and check it against the SHA-256 the audit trail
    recorded when it was published (so a version rewritten with a fresh hash, or one inserted
    without being published, is found too)."""
    from inspectorate.reports.models import PublishedReport
    from inspectorate.reports.services import stored_digest_holds

    # Whatever event recorded a publication, it recorded the version's SHA-256 in its "after".
    recorded = {after["sha256"] for after in AuditEvent.objects.filter(after__has_key="sha256").values_list(
        "after", flat=True) if isinstance(after, dict)}
    checked = 0
    unprotected = triggers_missing(["reports_publishedreport"])
    for report in PublishedReport.objects.select_related("inspection__force", "inspection__programme").order_by("id"):
        where = f"published report {report.pk} ({report.inspection}, version {report.version})"
        if not stored_digest_holds(report):
            return Check(checked, "", Broken(where, report.published_at, "its HTML, PDF, text and JSON no longer "
                                                                        "match its stored SHA-256"), unprotected)
        if report.sha256 not in recorded:
            problem = ("no audit event records its publication with this SHA-256: it was rewritten or inserted "
                       "outside the publication service")
            return Check(checked, "", Broken(where, report.published_at, problem), unprotected)
        checked += 1
    return Check(checked, "", None, unprotected)
