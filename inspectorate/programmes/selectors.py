"""Reading national distributions: the one place they are computed (SPEC section 6)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from inspectorate.forces.models import Force
from inspectorate.inspections.models import Judgement, State

from .models import Programme, PublishedAggregate

GRADES = ("excellent", "good", "fair", "poor")


@dataclass(frozen=True)
class DistributionRow:
    """One graded framework's national distribution: as published and as computed from held grades."""

    framework_key: str
    title: str
    group: str
    published: dict[str, int] | None
    computed: dict[str, int]
    forces_held: int
    forces_total: int
    mismatches: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.forces_held == self.forces_total


def national_summary(programme: Programme, *, final_grades: bool = False) -> list[DistributionRow]:
    """Each graded framework's distribution across the programme's forces.

    Published grades (of published inspections) for the public; with ``final_grades`` the final
    grades of every inspection, for moderators. Where a published aggregate is held, held grades
    are checked against it: a held count above the published one is a mismatch, and once every
    force's grade is held any difference is.
    """
    judgements = Judgement.objects.filter(inspection__programme=programme).exclude(final_grade="")
    if not final_grades:
        judgements = judgements.filter(inspection__state=State.PUBLISHED)
    counts: dict[str, Counter[str]] = {}
    for key, grade in judgements.values_list("framework__key", "final_grade"):
        counts.setdefault(key, Counter())[grade.lower()] += 1
    aggregates = {a.framework_key: a.counts for a in PublishedAggregate.objects.filter(programme=programme)}
    forces_total = Force.objects.filter(is_synthetic=False).count()
    rows = []
    for framework in programme.frameworks.filter(graded=True).order_by("order"):
        computed = {grade: counts.get(framework.key, Counter())[grade] for grade in GRADES}
        held = sum(computed.values())
        published = aggregates.get(framework.key)
        rows.append(
            DistributionRow(
                framework_key=framework.key,
                title=framework.display_title,
                group=framework.group,
                published=published,
                computed=computed,
                forces_held=held,
                forces_total=forces_total,
                mismatches=_mismatches(published, computed, complete=held == forces_total),
            )
        )
    return rows


def _mismatches(published: dict[str, int] | None, computed: dict[str, int], *, complete: bool) -> list[str]:
    if published is None:
        return []
    problems = []
    for grade in GRADES:
        if computed[grade] > published[grade] or (complete and computed[grade] != published[grade]):
            problems.append(
                f"{grade.capitalize()}: {computed[grade]} held against {published[grade]} published"
            )
    return problems
