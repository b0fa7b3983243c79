"""Demo data: the Bedfordshire Police 2007 inspection's report.

Where the published report is present (``../shared/seed``) it is imported and frozen as published.
Where it is not (a user's clone), the report is reconstructed from the published facts the reference
data holds (grades, national counts, the framework of each recommendation) and frozen with a note
saying so: nothing about the force is invented, and its own wording is not included.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django.core.management import call_command

from inspectorate.core.errors import SYSTEM
from inspectorate.inspections.models import Inspection
from inspectorate.public import demo
from inspectorate.reports.services import publish_report

FACTS_ONLY_NOTE = (
    "Reconstructed from the published facts this copy holds (grades, national counts and the framework "
    "of each recommendation); the published report's own text is not held."
)


def load_demo(write: Callable[[str], None], *, seed_report: Path | None = None) -> None:
    seed_report = seed_report or demo.SEED_REPORT
    if seed_report.exists():
        write(f"Importing the published report {seed_report.name} ...")
        call_command("import_report", str(seed_report))
        return
    inspection = Inspection.objects.get(force__name="Bedfordshire Police", programme__slug="2007")
    if inspection.published_versions.exists():
        return
    write("The published 2007 report is not in this copy (../shared/seed): Bedfordshire Police's report "
          "is reconstructed from the published facts held, and says so.")
    publish_report(inspection=inspection, by=SYSTEM, change_note=FACTS_ONLY_NOTE)
