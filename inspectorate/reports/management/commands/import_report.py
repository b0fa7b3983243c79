from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from inspectorate.reports.imports import ReportFileError, import_report_file


class Command(BaseCommand):
    help = "Import a published report (its text or PDF) into the database, in one transaction."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the report's text, or its PDF")
        parser.add_argument("--no-freeze", action="store_true",
                            help="do not store a frozen published version (HTML, PDF, text, JSON)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            outcome = import_report_file(data=path.read_bytes(), source=path.name, freeze=not options["no_freeze"])
        except FileNotFoundError:
            self._fail(f"{path}: no such file")
        except IsADirectoryError:
            self._fail(f"{path}: is a directory, not a report")
        except ReportFileError as error:
            self._fail(str(error))
        for line in outcome.warning_lines():
            self.stderr.write(f"import-report: {path.name}: {line}")
        for line in outcome.lines():
            self.stdout.write(line)

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(f"import-report: {message}")
        raise SystemExit(2)
