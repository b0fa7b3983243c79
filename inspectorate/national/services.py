"""Loading a programme and its published national aggregates."""

from __future__ import annotations

import csv
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from inspectorate.core.grades import GRADE_KEYS
from inspectorate.frameworks.models import Framework

from .models import Programme, PublishedAggregate


def _share(value: Any) -> Fraction:
    """A threshold from the programme's file, exactly: "1/3", 0.5 (as written, not as the float nearest)."""
    return Fraction(str(value))


@transaction.atomic
def load_programme(*, path: Path) -> Programme:
    """Create or update a programme from its reference file (frameworks must be loaded first)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    policy = data.get("policy", {})
    programme, _ = Programme.objects.update_or_create(
        slug=str(data["slug"]),
        defaults={
            "title": data["title"],
            "assessment_start": _as_date(data["assessment_start"]),
            "assessment_end": _as_date(data["assessment_end"]),
            "publication_month": _as_date(data["publication_month"]),
            "introduction": data.get("introduction", []),
            "grading_model": str(data.get("grading_model", "hmic-2007")),
            "poor_share": _share(policy.get("poor_share", "1/3")),
            "good_most": _share(policy.get("good_most", 0.5)),
            "excellent_vast": _share(policy.get("excellent_vast", 0.8)),
        },
    )
    frameworks = [Framework.objects.get(key=key, is_current=True) for key in data.get("frameworks", [])]
    programme.frameworks.set(frameworks)
    return programme


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


@transaction.atomic
def load_published_aggregates(*, path: Path, source: str) -> int:
    """Load published national counts (programme,framework,excellent,good,fair,poor)."""
    count = 0
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            programme = Programme.objects.get(slug=row["programme"])
            PublishedAggregate.objects.update_or_create(
                programme=programme,
                framework_key=row["framework"],
                defaults={grade: int(row[grade]) for grade in GRADE_KEYS}
                | {"source": source},
            )
            count += 1
    return count
