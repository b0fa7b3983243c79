"""Reference data about forces."""

from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from .models import Force


@transaction.atomic
def load_forces(*, path: Path) -> int:
    """Load the reference list of forces (name, country); returns how many were created."""
    created = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            _, was_created = Force.objects.update_or_create(
                name=row["name"].strip(),
                defaults={"slug": slugify(row["name"]), "country": row["country"].strip()},
            )
            created += was_created
    return created
