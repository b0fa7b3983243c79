from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspectorate.publication.errors import ReportFormatError
from inspectorate.publication.parser import parse_report
from inspectorate.publication.pdf_text import PdfTextError, report_text
from inspectorate.reports.importer import ReportImportError, import_report


class Command(BaseCommand):
    help = "Import a published report (its text or PDF) into the database, in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the report's text, or its PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            report = parse_report(report_text(path.read_bytes()))
            summary = import_report(report=report, source=path.name)
        except FileNotFoundError:
            self._fail(f"{path}: no such file")
        except IsADirectoryError:
            self._fail(f"{path}: is a directory, not a report")
        except (ReportFormatError, PdfTextError, ReportImportError) as error:
            self._fail(f"{path.name}: {error}")
        inspection = summary.inspection
        if summary.changed:
            self.stdout.write(f"Imported {path.name}: {inspection} ({len(summary.changes)} changes)")
        else:
            self.stdout.write(f"{path.name}: {inspection} is already as the report has it; nothing changed")

    def _fail(self, message: str) -> None:
        self.stderr.write(f"import-report: {message}")
        raise SystemExit(2)
