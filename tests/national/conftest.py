"""Fixtures for the national picture: reference data, demo users and made-up published inspections."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from inspectorate.accounts.models import Role, User
from inspectorate.errors import SYSTEM
from inspectorate.followup.services import open_follow_ups
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Criterion, Framework
from inspectorate.inspections.models import CriterionAssessment, Inspection, Judgement, Recommendation, State
from inspectorate.programmes.models import Programme


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any, tmp_path: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


class _Null:
    def write(self, *args: Any) -> None:
        pass

    def flush(self) -> None:
        pass


@pytest.fixture
def forces(reference: Programme) -> dict[str, Force]:
    """Two made-up forces, as the demo creates them."""
    made_up = {}
    for name, slug in [("Fenshire Constabulary", "fenshire"), ("Wealdmoor Police", "wealdmoor")]:
        made_up[slug] = Force.objects.create(name=name, slug=slug, country="England", is_synthetic=True)
    return made_up


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    def make(username: str, role: str, force: Force | None = None) -> User:
        user = User.objects.create_user(username=username, password="pw-national-test", role=role, force=force)
        return user

    return make


@pytest.fixture
def users(forces: dict[str, Force], make_user: Callable[..., User]) -> dict[str, User]:
    return {
        "moderator": make_user("mod", Role.MODERATOR),
        "inspector": make_user("insp", Role.INSPECTOR),
        "lead": make_user("lead", Role.LEAD_INSPECTOR),
        "admin_user": make_user("adm", Role.ADMIN),
        "liaison": make_user("liaison-f", Role.FORCE_LIAISON, forces["fenshire"]),
        "other_liaison": make_user("liaison-w", Role.FORCE_LIAISON, forces["wealdmoor"]),
    }


@pytest.fixture
def make_programme(reference: Programme) -> Callable[..., Programme]:
    def make(slug: str, *, previous: Programme | None = None, year: int = 2008) -> Programme:
        programme = Programme.objects.create(
            slug=slug, title=f"{year} test programme", assessment_start=date(year - 1, 4, 1),
            assessment_end=date(year, 7, 1), publication_month=date(year, 10, 1), previous=previous,
        )
        programme.frameworks.set(reference.frameworks.all())
        return programme

    return make


@pytest.fixture
def published(forces: dict[str, Force], make_programme: Callable[..., Programme]) -> dict[str, Inspection]:
    """Published inspections of both made-up forces in a made-up programme, with recommendations."""
    programme = make_programme("test-published", year=2006)
    inspections = {}
    for slug, force in forces.items():
        inspection = Inspection.objects.create(force=force, programme=programme, state=State.PUBLISHED)
        for number, key in enumerate(["neighbourhood-policing", "performance-management", "domestic-violence"], 1):
            Recommendation.objects.create(
                inspection=inspection, number=number, framework=programme.frameworks.get(key=key),
                text=f"That the force does thing {number} ({slug}).",
            )
        # Publication opens the follow-ups; no page that reads them does.
        open_follow_ups(inspection=inspection, by=SYSTEM)
        inspections[slug] = inspection
    return inspections


def _assess(inspection: Inspection, framework: Framework, values: dict[str, str], *, default: str = "met") -> None:
    """Record an assessment for every criterion of ``framework``: ``values`` by code, else ``default``."""
    for criterion in Criterion.objects.filter(framework=framework):
        CriterionAssessment.objects.update_or_create(
            inspection=inspection, criterion=criterion,
            defaults={"value": values.get(criterion.code, default)},
        )


def _judge(inspection: Inspection, framework: Framework, *, final: str, derived: str | None = None,
           decision: str = "rule", rationale: str = "", candidates: list[str] | None = None) -> Judgement:
    return Judgement.objects.create(
        inspection=inspection, framework=framework, final_grade=final,
        derived_grade=final if derived is None and decision == "rule" else (derived or ""),
        derived_decision=decision, derived_candidates=candidates or [], rationale=rationale,
    )


@pytest.fixture
def assess(db: Any) -> Callable[..., None]:
    return _assess


@pytest.fixture
def judge(db: Any) -> Callable[..., Judgement]:
    return _judge
