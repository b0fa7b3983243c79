"""Fixtures for monitoring in the application: risk-based frameworks, people, and small SYNTHETIC datasets.

The datasets come from ``inspectorate.core.monitoring.synthetic`` (made-up forces only), kept small
(a few indicators, three years) so that each test loads and runs them in well under a second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
import world

from inspectorate.accounts.models import Role, User
from inspectorate.core.monitoring import synthetic
from inspectorate.core.monitoring.synthetic import Injection
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.monitoring import demo
from inspectorate.national.models import Programme

RISK_BASED = {
    "volume-crime-reduction": "Volume crime reduction",
    "reducing-anti-social-behaviour": "Reducing anti-social behaviour",
    "volume-crime-investigation": "Volume crime investigation",
    "fairness-and-equality-in-service-delivery": "Fairness and equality in service delivery",
    "contact-management": "Contact management",
}
DECLINING_FORCE = "Kestrelshire Constabulary"
BURGLARY = "Burglary per 1,000 people"
STEP = "2021-06"


@pytest.fixture
def frameworks(db: Any) -> dict[str, Framework]:
    """The risk-based frameworks the synthetic indicators inform (as the library defines them)."""
    return {key: Framework.objects.create(key=key, title=title, kind="risk-based", graded=False, order=n)
            for n, (key, title) in enumerate(RISK_BASED.items(), start=20)}


@pytest.fixture
def make_user(db: Any) -> Callable[..., User]:
    """``make_user(username, role, force=None)``: tests/world.py's, named "Inspector Test" and so on."""
    def make(username: str, role: str, force: Force | None = None) -> User:
        return world.make_user(username, role, force=force, first_name=username.capitalize(), last_name="Test",
                               email="")

    return make


@pytest.fixture
def people(make_user: Callable[..., User]) -> dict[str, User]:
    return {role: make_user(role, role) for role in
            (Role.INSPECTOR, Role.LEAD_INSPECTOR, Role.MODERATOR, Role.ADMIN)}


@pytest.fixture
def programme(db: Any) -> Programme:
    return Programme.objects.create(slug="test-risk-2025", title="2025 test programme (made-up)",
                                    assessment_start=date(2024, 4, 1), assessment_end=date(2025, 3, 1),
                                    publication_month=date(2025, 10, 1))


def small_dataset(*, indicators: int = 2, injections: list[Injection] | None = None,
                  seed: int = 11) -> synthetic.SyntheticDataset:
    """43 made-up forces, ``indicators`` indicators, 36 months, with only the given injections."""
    return synthetic.generate(seed, months=36, indicators=indicators, injections=injections or [])


def declining_burglary() -> Injection:
    return Injection(DECLINING_FORCE, BURGLARY, STEP, "deterioration", 0.3, "relative")


@pytest.fixture
def load(frameworks: dict[str, Framework]) -> Callable[..., dict[str, Force]]:
    """Load a synthetic dataset into the database (forces, indicators, observations, groups)."""
    def load_it(dataset: synthetic.SyntheticDataset) -> dict[str, Force]:
        return demo.load_dataset(dataset, msf_set="Test most similar forces")

    return load_it


@pytest.fixture
def declining(load: Callable[..., dict[str, Force]]) -> dict[str, Force]:
    """Two indicators; one force's burglary rate steps up 30% from June 2021."""
    return load(small_dataset(injections=[declining_burglary()]))


@pytest.fixture
def make_dataset() -> Callable[..., synthetic.SyntheticDataset]:
    return small_dataset
