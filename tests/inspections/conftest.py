"""Test data for the judgement tests: a made-up force, its inspection, a team, and evidence.

The people come from tests/world.py (``make_user``, the one test password); the workspace tests here
use the ``world`` fixture of tests/conftest.py instead."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from world import KEYS, load_the_library, made_up_forces, make_programme, make_user

from inspectorate.accounts.models import Role, User
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.inspections.judgement.services import assess_criterion
from inspectorate.inspections.models import CriterionAssessment, EvidenceItem, Inspection, State
from inspectorate.national.models import Programme


def _user(username: str, role: str, **extra: Any) -> User:
    return make_user(username, role, email="", **extra)


def _person(name: str, username: str, role: str, doc: str | None = None) -> Any:
    """A fixture called ``name``: the user ``username`` in ``role``."""

    def person(db: Any) -> User:
        return _user(username, role)

    person.__doc__ = doc
    return pytest.fixture(person, name=name)


@pytest.fixture
def library(db: Any) -> None:
    load_the_library()


@pytest.fixture
def force(db: Any) -> Force:
    return made_up_forces(("Fenshire Constabulary", "fenshire-constabulary"))[0]


@pytest.fixture
def programme(library: None) -> Programme:
    return make_programme("2007", 2007, title="The 2007 programme", keys=KEYS)


lead = _person("lead", "lee_lead", Role.LEAD_INSPECTOR)
inspector = _person("inspector", "indira_inspector", Role.INSPECTOR)
colleague = _person("colleague", "cal_colleague", Role.INSPECTOR,
                    "A second inspector on the team, who verifies what the first collects.")
outsider = _person("outsider", "olu_outsider", Role.INSPECTOR, "An inspector who is not on this inspection's team.")
other_lead = _person("other_lead", "lena_otherlead", Role.LEAD_INSPECTOR,
                     "A lead inspector, but of other inspections: on this one's team only as an inspector.")
moderator = _person("moderator", "morgan_moderator", Role.MODERATOR)


@pytest.fixture
def liaison(force: Force) -> User:
    return _user("lindsay_liaison", Role.FORCE_LIAISON, force=force)


@pytest.fixture
def inspection(force: Force, programme: Programme, lead: User, inspector: User, colleague: User,
               other_lead: User) -> Inspection:
    inspection = Inspection.objects.create(force=force, programme=programme, state=State.DRAFTING, lead=lead)
    inspection.team.set([inspector, colleague, other_lead])
    return inspection


@pytest.fixture
def np(programme: Programme) -> Framework:
    """Neighbourhood Policing: NP-F1 (significant, dominant), NP-F2, NP-F4, NP-F6 significant; NP-G1..G6."""
    return programme.frameworks.get(key="neighbourhood-policing")


@pytest.fixture
def evidence(inspection: Inspection, inspector: User, colleague: User) -> Callable[..., EvidenceItem]:
    """Make an evidence item bearing on the given criteria (verified by a colleague unless told not to)."""

    def make(*codes: str, verified: bool = True, summary: str = "") -> EvidenceItem:
        item = EvidenceItem.objects.create(
            inspection=inspection, source_kind="interview", date=datetime.date(2007, 3, 14),
            summary=summary or f"Interview notes bearing on {', '.join(codes)}", collected_by=inspector,
        )
        item.criteria.set(inspection.programme.frameworks.get(key="neighbourhood-policing").criteria.filter(
            code__in=codes))
        if verified:
            item.verified_by, item.verified_at = colleague, timezone.now()
            item.save()
        return item

    return make


@pytest.fixture
def assess(inspection: Inspection, np: Framework, inspector: User,
           evidence: Callable[..., EvidenceItem]) -> Callable[..., CriterionAssessment]:
    """Assess an NP criterion through the service, citing fresh verified evidence unless given some."""

    def do(code: str, value: str, *, by: User | None = None, items: list[EvidenceItem] | None = None,
           rationale: str = "Seen in the fieldwork.") -> CriterionAssessment:
        criterion = np.criteria.get(code=code)
        current = CriterionAssessment.objects.filter(inspection=inspection, criterion=criterion).first()
        if items is None:
            items = [evidence(code)] if value != "not_assessed" else []
        return assess_criterion(
            inspection=inspection, criterion=criterion, value=value, rationale=rationale,
            evidence_ids=[i.pk for i in items], by=by or inspector, revision=current.revision if current else 0,
        )

    return do


@pytest.fixture
def fair_profile(assess: Callable[..., CriterionAssessment]) -> None:
    """Every significant Fair criterion met, every other criterion partly met: Fair by the rules."""
    for code in ("NP-F1", "NP-F2", "NP-F4", "NP-F6"):
        assess(code, "met")
    for code in ("NP-F3", "NP-F5", "NP-F7", "NP-G1", "NP-G2"):
        assess(code, "partly_met")
