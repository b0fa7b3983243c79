"""Importing a report file (its text or PDF): the one service ``inspectorate import-report`` and the
report-import job both call. Parses, imports in one transaction and, unless told not to, freezes the
published version through ``publish_report``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from inspectorate.access import Acting
from inspectorate.audit.services import record_event
from inspectorate.core.errors import SYSTEM, check_permission
from inspectorate.core.report.errors import ReportFormatError
from inspectorate.core.report.furniture import Guess, tally
from inspectorate.core.report.parser import explain_report
from inspectorate.core.report.pdf_text import PdfTextError, report_text
from inspectorate.recommendations.services import open_follow_ups

from .importer import ReportImportError, import_report
from .models import PublishedReport
from .services import publish_report


class ReportFileError(ValueError):
    """The file cannot be imported; the message names the file and says why in one line."""


@dataclass(frozen=True)
class ImportOutcome:
    source: str
    inspection: Any
    changes: int
    version: PublishedReport | None
    # What the parser dropped from the text as page furniture, and where, and the paragraph
    # breaks, joins and hyphens it guessed (one line each).
    warnings: tuple[str, ...] = ()
    guessed: int = 0  # how many of the warnings are guesses

    def lines(self) -> list[str]:
        out = []
        if self.version is not None:
            out.append(f"Frozen as published version {self.version.version} (SHA-256 {self.version.sha256})")
        if self.changes:
            out.append(f"Imported {self.source}: {self.inspection} ({self.changes} changes)")
        else:
            out.append(f"{self.source}: {self.inspection} is already as the report has it; nothing changed")
        return out

    def warning_counts(self) -> list[str]:
        """How many paragraph breaks, joins or hyphens were guessed and how many lines were
        dropped as page furniture; empty when there were none."""
        return tally(self.guessed, len(self.warnings) - self.guessed)

    def warning_lines(self) -> list[str]:
        """Each line dropped as page furniture and each paragraph break, join or hyphen guessed,
        with its line, then how many of each."""
        return [*self.warnings, *self.warning_counts()]


def import_report_file(*, data: bytes, source: str, freeze: bool = True, by: Acting | None = SYSTEM) -> ImportOutcome:
    """Import a published report from its file's bytes; ``source`` is the file's name, kept on the record.

    Raises ReportFileError (nothing written) when the file is not a report or cannot be imported, and
    NotPermitted unless ``by`` may import reports. The report was published elsewhere: its frozen version
    and follow-ups are the system's doing, and the import itself is recorded in the audit trail as
    ``by``'s.
    """
    check_permission(by, "jobs.import_report", None, "import a published report")
    try:
        report, dropped = explain_report(report_text(data))
        with transaction.atomic():
            summary = import_report(report=report, source=source, warnings=[note.describe() for note in dropped])
            inspection = summary.inspection
            version = None
            unfrozen = not inspection.published_versions.exists()
            if freeze and (unfrozen or summary.changed):
                note = "" if unfrozen else f"Imported again from {source}: the published record changed."
                version = publish_report(inspection=inspection, by=SYSTEM, change_note=note)
            else:
                open_follow_ups(inspection=inspection, by=SYSTEM)
            if summary.changed:
                record_event(actor=by, action="report.imported", obj=inspection, inspection=inspection,
                             summary=f"Published report imported from {source}"[:300],
                             after={"source": source, "changes": len(summary.changes)})
    except (ReportFormatError, PdfTextError, ReportImportError) as error:
        raise ReportFileError(f"{source}: {error}") from error
    return ImportOutcome(source, inspection, len(summary.changes), version, tuple(summary.warnings),
                         guessed=sum(1 for note in dropped if isinstance(note, Guess)))
