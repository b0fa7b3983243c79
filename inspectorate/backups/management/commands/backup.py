from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspectorate.backups.services import take_backup
from inspectorate.inspections.errors import ServiceError


class Command(BaseCommand):
    help = ("Write a consistent copy of the database and the evidence files into DIR (new or empty), "
            "with a manifest of every file's SHA-256 and every table's row count.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="where to write the backup (missing or empty)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = take_backup(Path(options["directory"]))
        except ServiceError as error:
            self.stderr.write(f"backup: {error.message}")
            raise SystemExit(2) from None
        self.stdout.write(f"Backed up the {summary.engine} database ({summary.tables} tables, {summary.rows} rows) "
                          f"and {summary.files} evidence files ({summary.bytes} bytes) into {summary.directory}")
