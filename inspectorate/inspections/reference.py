"""Loading an inspection as published (its grades and recommendation frameworks) from reference data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction

from inspectorate.core.errors import SYSTEM
from inspectorate.forces.models import Division, Force
from inspectorate.national.models import Programme
from inspectorate.recommendations.services import open_follow_ups

from .models import Inspection, Judgement, Recommendation, State

PLACEHOLDER = "Recommendation {n} ({framework}): wording not held; import the published report to add it."
# What this module has written where a recommendation's wording is not held (this and earlier forms).
_PLACEHOLDERS = re.compile(
    r"^Recommendation \d+ (?:\([^)]*\): wording not held; import the published report to add it|"
    r"of the published report \(import the report to hold its wording\))\.$"
)


def placeholder(number: int, framework: Any) -> str:
    """The text of a recommendation whose wording is not held: its number and framework."""
    return PLACEHOLDER.format(n=number, framework=framework.display_title)


def is_placeholder(text: str) -> bool:
    """Whether a recommendation's text is only the placeholder for wording not held."""
    return _PLACEHOLDERS.match(text) is not None


@transaction.atomic
def load_published_inspection(*, path: Path) -> Inspection:
    """Record a published inspection's grades, recommendations' frameworks and the force's key figures.

    Idempotent: running it again changes nothing; wording already imported from the report is kept.
    """
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    force = Force.objects.get(name=data["force"])
    force.population = data.get("population")
    force.households = data.get("households")
    force.key_facts = data.get("key_facts", {})
    force.save()
    for division in data.get("divisions", []):
        Division.objects.update_or_create(force=force, name=division["name"],
                                          defaults={"code": division.get("code", "")})
    programme = Programme.objects.get(slug=str(data["programme"]))
    inspection, _ = Inspection.objects.get_or_create(
        force=force, programme=programme,
        defaults={"state": State.PUBLISHED, "isbn": data.get("isbn", "")},
    )
    for key, grade in data["grades"].items():
        framework = programme.frameworks.get(key=key)
        Judgement.objects.update_or_create(
            inspection=inspection, framework=framework, defaults={"final_grade": grade}
        )
    for number, key in data["recommendations"].items():
        framework = programme.frameworks.get(key=key)
        recommendation = Recommendation.objects.filter(inspection=inspection, number=int(number)).first()
        text = placeholder(int(number), framework)
        if recommendation is None:
            Recommendation.objects.create(
                inspection=inspection, number=int(number), framework=framework, text=text,
            )
        else:
            # A placeholder is brought up to date; never the wording imported from the report.
            held = text if is_placeholder(recommendation.text) else recommendation.text
            if (recommendation.framework_id, recommendation.text) != (framework.pk, held):
                recommendation.framework, recommendation.text = framework, held
                recommendation.save(update_fields=["framework", "text"])
    if inspection.state == State.PUBLISHED:
        open_follow_ups(inspection=inspection, by=SYSTEM)
    return inspection

