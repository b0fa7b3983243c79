"""Demo data: the Bedfordshire Police 2007 inspection, imported from its published report where present."""

from __future__ import annotations

from collections.abc import Callable

from django.core.management import call_command

from inspectorate.public.demo import SEED_REPORT


def load_demo(write: Callable[[str], None]) -> None:
    if not SEED_REPORT.exists():
        write("The published 2007 report is not in this clone (../shared/seed): Bedfordshire Police "
              "shows its published grades and recommendation frameworks only.")
        return
    write(f"Importing the published report {SEED_REPORT.name} ...")
    call_command("import_report", str(SEED_REPORT))
