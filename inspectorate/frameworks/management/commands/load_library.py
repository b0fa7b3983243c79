from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspectorate.core.frameworkfile import LibraryError
from inspectorate.frameworks.services import LIBRARY_DIR, load_library


class Command(BaseCommand):
    help = "Load the framework library files (idempotent; a changed file becomes a new version)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", nargs="?", default=str(LIBRARY_DIR), help="library folder")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = load_library(directory=Path(options["directory"]))
        except LibraryError as error:
            # One line naming the file, the field and the reason; nothing was loaded.
            self.stderr.write(f"load-library: {error}")
            raise SystemExit(2) from None
        for line in summary.lines():
            self.stdout.write(line)
