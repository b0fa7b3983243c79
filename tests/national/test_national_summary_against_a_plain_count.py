"""The national summary's counts are those of a plain count in Python over the judgements, whatever they are:
any force (real or made up), state, framework (in the programme or not), grade (in any case, outside the
scale, or none) and programme."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from django.db import transaction
from hypothesis import given, settings
from hypothesis import strategies as st
from world import make_programme

from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, Judgement, State
from inspectorate.national import grading
from inspectorate.national.models import Programme
from inspectorate.national.selectors import national_summary

pytestmark = pytest.mark.django_db

FORCES = ["Kent Police", "Cheshire Constabulary", "Cumbria Constabulary", "Fenshire Constabulary", "Wealdmoor Police"]
STATES = [State.PUBLISHED, State.MODERATION, State.FIELDWORK]
GRADES = ["Excellent", "good", "FAIR", "Poor", "poor", "Outstanding", "Requires improvement", ""]
KEYS = ["neighbourhood-policing", "performance-management", "child-abuse", "domestic-violence", "missing-persons"]

inspections = st.dictionaries(
    keys=st.tuples(st.sampled_from(FORCES), st.integers(0, 1)),  # (force, which programme)
    values=st.tuples(st.sampled_from(STATES), st.dictionaries(st.sampled_from(KEYS), st.sampled_from(GRADES))),
    max_size=6,
)


def _plain_count(programme: Programme, *, final_grades: bool) -> Counter[tuple[str, str, bool]]:
    """(framework key, grade key, made up or not) -> judgements, counted one by one in Python."""
    graded = {f.pk for f in programme.frameworks.filter(graded=True)}
    scale = {name.lower(): grading.grade_key(name) for name in grading.grade_names(programme)}
    counts: Counter[tuple[str, str, bool]] = Counter()
    for judgement in Judgement.objects.select_related("inspection__force", "framework"):
        inspection = judgement.inspection
        if (inspection.programme_id != programme.pk or judgement.framework_id not in graded
                or (not final_grades and inspection.state != State.PUBLISHED)):
            continue
        grade = scale.get(judgement.final_grade.lower())
        if grade is not None:
            counts[judgement.framework.key, grade, inspection.force.is_synthetic] += 1
    return counts


def _summary_count(rows: list[Any]) -> Counter[tuple[str, str, bool]]:
    counts: Counter[tuple[str, str, bool]] = Counter()
    for row in rows:
        assert row.forces_held == sum(row.computed.values())
        for synthetic, held in ((False, row.computed), (True, row.synthetic)):
            counts.update({(row.framework_key, grade, synthetic): n for grade, n in held.items() if n})
    return counts


def test_the_summary_counts_what_a_plain_count_does(reference: Programme, forces: dict[str, Force]) -> None:
    other = make_programme("other-2009", 2009, keys=["neighbourhood-policing", "child-abuse"])
    programmes = [reference, other]
    by_name = {force.name: force for force in Force.objects.filter(name__in=FORCES)}
    frameworks = {framework.key: framework for framework in reference.frameworks.filter(key__in=KEYS)}
    real_forces = Force.objects.filter(is_synthetic=False).count()

    @settings(max_examples=25)
    @given(inspections)
    def check(drawn: dict[tuple[str, int], tuple[str, dict[str, str]]]) -> None:
        with transaction.atomic():
            for (force, which), (state, grades) in drawn.items():
                inspection = Inspection.objects.create(force=by_name[force], programme=programmes[which], state=state)
                Judgement.objects.bulk_create(
                    Judgement(inspection=inspection, framework=frameworks[key], final_grade=grade)
                    for key, grade in grades.items())
            for programme in programmes:
                for final_grades in (False, True):
                    rows = national_summary(programme, final_grades=final_grades)
                    assert [row.framework_key for row in rows] == list(
                        programme.frameworks.filter(graded=True).order_by("order", "pk").values_list("key", flat=True))
                    assert _summary_count(rows) == _plain_count(programme, final_grades=final_grades)
                    assert all(row.forces_total == real_forces for row in rows)
            transaction.set_rollback(True)

    check()
