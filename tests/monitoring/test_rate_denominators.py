"""Rates with denominators in the app: an indicator that names a denominator is compared with peers
by the funnel around the national rate, using each force's population (or households)."""

from __future__ import annotations

import pytest

from inspectorate.core.monitoring.monitor import monitor
from inspectorate.forces.models import Force
from inspectorate.monitoring import selectors, services
from inspectorate.monitoring.models import Denominator, Indicator, Signal

pytestmark = pytest.mark.django_db
BURGLARY = "Burglary per 1,000 people"


@pytest.fixture
def with_populations(declining, make_dataset):
    populations = make_dataset().populations
    for force in Force.objects.filter(name__in=populations):
        force.population = populations[force.name]
        force.save(update_fields=["population"])
    Indicator.objects.filter(name=BURGLARY).update(denominator=Denominator.POPULATION, rate_per=1000)
    return populations


def test_series_carry_the_forces_populations_for_an_indicator_that_names_one(with_populations) -> None:
    series = selectors.series_from_database()
    burglary = [one for one in series if one.indicator == BURGLARY]
    assert burglary and all(one.denominators == (with_populations[one.force],) * len(one.values) for one in burglary)
    assert all(one.denominators is None for one in series if one.indicator != BURGLARY)


def test_the_peer_comparison_is_the_funnel_around_the_national_rate(with_populations) -> None:
    result = monitor(selectors.series_from_database(), selectors.peer_groups())
    burglary = [one for one in result.peer_comparisons if one.indicator == BURGLARY]
    assert burglary and all(one.denominator == with_populations[one.force] for one in burglary)
    latest = {one.force: one for one in selectors.series_from_database() if one.indicator == BURGLARY}
    counts = [one.values[-1] * one.denominators[-1] / 1000 for one in latest.values()]  # type: ignore[index]
    national = sum(counts) / sum(one.denominators[-1] for one in latest.values()) * 1000  # type: ignore[index]
    assert all(one.peer_mean == pytest.approx(national) for one in burglary)
    other = [one for one in result.peer_comparisons if one.indicator != BURGLARY]
    assert other and all(one.denominator is None for one in other)
    services.run_monitoring()
    for signal in Signal.objects.filter(indicator__name=BURGLARY, rule__startswith="peer_"):
        assert "national rate" in signal.detail


def test_a_force_without_its_population_leaves_the_comparison_as_before(with_populations) -> None:
    Force.objects.filter(name="Kestrelshire Constabulary").update(population=None)
    result = monitor(selectors.series_from_database(), selectors.peer_groups())
    assert all(one.denominator is None for one in result.peer_comparisons)
