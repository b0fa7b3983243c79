from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from inspectorate.forces.services import load_forces
from inspectorate.inspections.reference import load_published_inspection
from inspectorate.national.services import load_programme, load_published_aggregates

REFERENCE = settings.BASE_DIR / "reference"


class Command(BaseCommand):
    help = "Load reference data: the 43 forces, the 2007 programme, its published aggregates, Bedfordshire 2007."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_forces(path=REFERENCE / "forces.csv")
        self.stdout.write(f"Forces: {created} created")
        programme = load_programme(path=REFERENCE / "programme-2007.yaml")
        self.stdout.write(f"Programme: {programme}")
        count = load_published_aggregates(
            path=REFERENCE / "national-2007.csv",
            source="National summary of judgements, HMIC inspection reports, October 2007",
        )
        self.stdout.write(f"Published national aggregates: {count}")
        inspection = load_published_inspection(path=REFERENCE / "bedfordshire-2007.yaml")
        self.stdout.write(f"Published inspection: {inspection}")
