from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from inspectorate.ids import parse_id
from inspectorate.inspections.models import Inspection
from inspectorate.reports.rendering import FORMATS, render_inspection


class Command(BaseCommand):
    help = "Render an inspection's report as text, HTML, PDF or JSON to standard output (or --output FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("inspection", help="the inspection's number, or 'force-slug/programme' e.g. "
                                               "bedfordshire-police/2007")
        parser.add_argument("--format", choices=FORMATS, default="text")
        parser.add_argument("--output", "-o", help="write to this file instead of standard output")

    def handle(self, *args: Any, **options: Any) -> None:
        inspection = self._inspection(options["inspection"])
        result = render_inspection(inspection, options["format"])
        if isinstance(result, dict):
            result = json.dumps(result, indent=2, ensure_ascii=False) + "\n"
        data = result if isinstance(result, bytes) else result.encode("utf-8")
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(data)
        else:
            sys.stdout.buffer.write(data)
            sys.stdout.flush()

    def _inspection(self, ref: str) -> Inspection:
        query = Inspection.objects.select_related("force", "programme")
        found: Inspection | None
        if ref.strip().isdigit():  # any digits, "²" too: parse_id refuses what is not an id
            number = parse_id(ref)
            found = query.filter(pk=number).first() if number is not None else None
        elif "/" in ref:
            force, programme = ref.split("/", 1)
            found = query.filter(force__slug=force, programme__slug=programme).first()
        else:
            found = None
        if found is None:
            self.stderr.write(f"render: no inspection {ref!r} (give its number, or force-slug/programme)")
            raise SystemExit(2)
        return found
