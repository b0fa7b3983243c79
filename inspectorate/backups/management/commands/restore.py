from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspectorate.backups.services import restore_backup
from inspectorate.inspections.errors import ServiceError


class Command(BaseCommand):
    help = ("Restore a backup written by `inspectorate backup`: checks every file against the manifest first, "
            "and refuses a database or evidence folder that already holds data unless --force.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", metavar="DIR", help="a directory written by `inspectorate backup`")
        parser.add_argument("--force", action="store_true",
                            help="replace everything in a database and evidence folder that already hold data")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = restore_backup(Path(options["directory"]), force=options["force"])
        except ServiceError as error:
            self.stderr.write(f"restore: {error.message}")
            raise SystemExit(2) from None
        self.stdout.write(f"Restored the {summary.engine} database ({summary.tables} tables, {summary.rows} rows) "
                          f"and {summary.files} evidence files")
