"""Moderation: overrides and decisions, the inconsistency finder, and last programme's distributions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Criterion, Framework
from inspectorate.inspections.models import Inspection, State
from inspectorate.moderation.selectors import decisions, inconsistencies
from inspectorate.national.models import Programme
from inspectorate.national.selectors import compare_with_previous

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme(make_programme: Callable[..., Programme], reference: Programme) -> Programme:
    return make_programme("test-2008", previous=reference)


@pytest.fixture
def inspections(programme: Programme, forces: dict[str, Force]) -> dict[str, Inspection]:
    return {
        slug: Inspection.objects.create(force=force, programme=programme, state=State.MODERATION)
        for slug, force in forces.items()
    }


def _np(programme: Programme) -> Framework:
    return programme.frameworks.get(key="neighbourhood-policing")


def test_decisions_list_overrides_and_judgement_required_with_rationale(
    programme: Programme, inspections: dict[str, Inspection], judge: Callable[..., Any], reference: Programme
) -> None:
    np, dv, pm = (programme.frameworks.get(key=k) for k in
                  ["neighbourhood-policing", "domestic-violence", "performance-management"])
    judge(inspections["fenshire"], np, final="Good", derived="Fair", rationale="Model in place by end of fieldwork.")
    judge(inspections["wealdmoor"], dv, final="Poor", derived="", decision="judgement_required",
          candidates=["Fair", "Poor"], rationale="A third of records lacked risk assessments.")
    judge(inspections["wealdmoor"], np, final="Fair")  # as derived: not listed
    judge(inspections["fenshire"], pm, final="Excellent", derived="Good")  # override without rationale
    found = decisions(programme)
    assert [(d.judgement.inspection.force.slug, d.judgement.framework.key, d.kind) for d in found] == [
        ("fenshire", "neighbourhood-policing", "override"),
        ("fenshire", "performance-management", "override"),
        ("wealdmoor", "domestic-violence", "judgement_required"),
    ]
    assert [d.problem for d in found] == ["", "No rationale recorded.", ""]
    # Bedfordshire's imported grades have no rule-derived grade: never listed as overrides.
    assert decisions(reference) == []


def test_judgement_required_outside_the_candidates_is_flagged(
    programme: Programme, inspections: dict[str, Inspection], judge: Callable[..., Any]
) -> None:
    judge(inspections["fenshire"], _np(programme), final="Good", derived="", decision="judgement_required",
          candidates=["Fair", "Poor"], rationale="Because.")
    assert decisions(programme)[0].problem == "The final grade is not one of the candidates (Fair or Poor)."


def test_a_force_graded_better_than_one_that_dominates_it_is_found(
    programme: Programme, inspections: dict[str, Inspection], judge: Callable[..., Any], assess: Callable[..., Any]
) -> None:
    np = _np(programme)
    assess(inspections["fenshire"], np, {"NP-G1": "partly_met", "NP-F3": "partly_met"}, default="met")
    assess(inspections["wealdmoor"], np, {}, default="met")  # at least as good everywhere
    judge(inspections["fenshire"], np, final="Good")
    judge(inspections["wealdmoor"], np, final="Fair")
    found = inconsistencies(programme)
    assert len(found) == 1
    item = found[0]
    assert item.better.inspection.force.slug == "fenshire"
    assert item.dominating.inspection.force.slug == "wealdmoor"
    assert item.stronger_on == ["NP-F3", "NP-G1"]


def test_consistent_and_incomparable_pairs_are_not_found(
    programme: Programme, inspections: dict[str, Inspection], judge: Callable[..., Any], assess: Callable[..., Any]
) -> None:
    np, pm = _np(programme), programme.frameworks.get(key="performance-management")
    # NP: the better-graded force is also better assessed: consistent.
    assess(inspections["fenshire"], np, {}, default="met")
    assess(inspections["wealdmoor"], np, {"NP-G2": "not_met"}, default="met")
    judge(inspections["fenshire"], np, final="Good")
    judge(inspections["wealdmoor"], np, final="Fair")
    # PM: one criterion not assessed for the worse-graded force: the pair cannot be compared.
    assess(inspections["fenshire"], pm, {"PM-G1": "not_met"}, default="met")
    assess(inspections["wealdmoor"], pm, {"PM-G6": "not_assessed"}, default="met")
    judge(inspections["fenshire"], pm, final="Good")
    judge(inspections["wealdmoor"], pm, final="Fair")
    assert inconsistencies(programme) == []


def test_identical_profiles_with_different_grades_are_found(
    programme: Programme, inspections: dict[str, Inspection], judge: Callable[..., Any], assess: Callable[..., Any]
) -> None:
    np = _np(programme)
    for inspection in inspections.values():
        assess(inspection, np, {"NP-E1": "not_met"}, default="met")
    judge(inspections["fenshire"], np, final="Excellent")
    judge(inspections["wealdmoor"], np, final="Good")
    (item,) = inconsistencies(programme)
    assert item.identical and item.better.final_grade == "Excellent"


def test_different_framework_versions_are_not_compared(
    programme: Programme, inspections: dict[str, Inspection], judge: Callable[..., Any], assess: Callable[..., Any]
) -> None:
    np = _np(programme)
    newer = Framework.objects.create(key=np.key, version=np.version + 1, title=np.title, kind=np.kind)
    for criterion in Criterion.objects.filter(framework=np):
        Criterion.objects.create(framework=newer, code=criterion.code, level=criterion.level, text=criterion.text,
                                 significant=criterion.significant, dominant=criterion.dominant,
                                 order=criterion.order)
    assess(inspections["fenshire"], np, {"NP-G1": "not_met"}, default="met")
    assess(inspections["wealdmoor"], newer, {}, default="met")
    judge(inspections["fenshire"], np, final="Good")
    judge(inspections["wealdmoor"], newer, final="Fair")
    assert inconsistencies(programme) == []


def test_distribution_against_previous_programme(
    programme: Programme, reference: Programme, judge: Callable[..., Any]
) -> None:
    np = _np(programme)
    for name, grade in [("Kent Police", "Good"), ("Essex Police", "Good"), ("Surrey Police", "Poor"),
                        ("Sussex Police", "Fair")]:
        inspection = Inspection.objects.create(force=Force.objects.get(name=name), programme=programme,
                                               state=State.MODERATION)
        judge(inspection, np, final=grade)
    row = next(r for r in compare_with_previous(programme) if r.framework_key == "neighbourhood-policing")
    assert row.previous is not None
    assert row.previous.counts == {"excellent": 6, "good": 14, "fair": 21, "poor": 2}
    assert row.previous.label == "2007 inspection programme: published"
    held = row.current[0]
    assert held.counts == {"excellent": 0, "good": 2, "fair": 1, "poor": 1}
    assert held.label == "2008 test programme: final grades held for 4 of 43 forces"
    # Shares: Good 50% against 14/43 = 33%; Excellent 0% against 6/43 = 14%.
    assert row.shift == {"excellent": -14, "good": 17, "fair": -24, "poor": 20}


def test_no_previous_programme_means_nothing_to_compare(reference: Programme, client: Client,
                                                        users: dict[str, Any]) -> None:
    assert all(row.previous is None and row.shift is None for row in compare_with_previous(reference))
    client.force_login(users["moderator"])
    assert "No previous programme is recorded" in client.get("/moderation/2007/comparison/").content.decode()


@pytest.mark.parametrize("path", ["", "inconsistencies/", "comparison/"])
def test_moderation_is_for_moderators_only(
    path: str, programme: Programme, users: dict[str, Any], client: Client
) -> None:
    url = f"/moderation/{programme.slug}/{path}"
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for name in ["inspector", "lead", "liaison", "admin_user"]:
        client.force_login(users[name])
        assert client.get(url).status_code == 403, name
    client.force_login(users["moderator"])
    response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_moderation_pages_show_rationale_and_inconsistency(
    programme: Programme, inspections: dict[str, Inspection], judge: Callable[..., Any], assess: Callable[..., Any],
    users: dict[str, Any], client: Client,
) -> None:
    np = _np(programme)
    assess(inspections["fenshire"], np, {"NP-G1": "partly_met"}, default="met")
    assess(inspections["wealdmoor"], np, {}, default="met")
    judge(inspections["fenshire"], np, final="Good", derived="Fair", rationale="The new model was in place.")
    judge(inspections["wealdmoor"], np, final="Fair")
    client.force_login(users["moderator"])
    html = client.get(f"/moderation/{programme.slug}/").content.decode()
    assert "The new model was in place." in html and "Override of the rule-derived grade" in html
    assert "made-up force" in html
    html = client.get(f"/moderation/{programme.slug}/inconsistencies/").content.decode()
    assert "1 inconsistency found" in html and "NP-G1" in html
