from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from inspectorate.errors import SYSTEM
from inspectorate.followup.services import open_follow_ups
from inspectorate.publication.errors import ReportFormatError
from inspectorate.publication.parser import parse_report
from inspectorate.publication.pdf_text import PdfTextError, report_text
from inspectorate.reports.importer import ReportImportError, import_report
from inspectorate.reports.services import publish_report


class Command(BaseCommand):
    help = "Import a published report (its text or PDF) into the database, in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the report's text, or its PDF")
        parser.add_argument("--no-freeze", action="store_true",
                            help="do not store a frozen published version (HTML, PDF, text, JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            report = parse_report(report_text(path.read_bytes()))
            with transaction.atomic():
                summary = import_report(report=report, source=path.name)
                inspection = summary.inspection
                unfrozen = not inspection.published_versions.exists()
                if not options["no_freeze"] and (unfrozen or summary.changed):
                    note = "" if unfrozen else f"Imported again from {path.name}: the published record changed."
                    # The command acts for the system: the report was published elsewhere.
                    version = publish_report(inspection=inspection, by=SYSTEM, change_note=note)
                    self.stdout.write(f"Frozen as published version {version.version} (SHA-256 {version.sha256})")
                else:
                    open_follow_ups(inspection=inspection, by=SYSTEM)
        except FileNotFoundError:
            self._fail(f"{path}: no such file")
        except IsADirectoryError:
            self._fail(f"{path}: is a directory, not a report")
        except (ReportFormatError, PdfTextError, ReportImportError) as error:
            self._fail(f"{path.name}: {error}")
        if summary.changed:
            self.stdout.write(f"Imported {path.name}: {inspection} ({len(summary.changes)} changes)")
        else:
            self.stdout.write(f"{path.name}: {inspection} is already as the report has it; nothing changed")

    def _fail(self, message: str) -> None:
        self.stderr.write(f"import-report: {message}")
        raise SystemExit(2)
