"""The issue's "Done when": a decline injected into one force's series is found and that force ranks
first in the risk register; an improvement is never reported as a deterioration."""

from __future__ import annotations

import pytest

from inspectorate.core import charts
from inspectorate.core.monitoring.synthetic import Injection
from inspectorate.forces.models import Force
from inspectorate.monitoring import selectors, services
from inspectorate.monitoring.models import RiskEntry, Signal

pytestmark = pytest.mark.django_db

STEP = "2021-06"


def test_an_injected_decline_is_found_and_its_force_ranks_first(declining) -> None:
    summary = services.run_monitoring()
    found = Signal.objects.filter(force__name="Kestrelshire Constabulary", indicator__name="Burglary per 1,000 people",
                                  direction="deterioration", end_period="2022-03")  # still going on at the end
    assert {"shift", "outside_limits", "peer_outlier_998"} <= set(found.values_list("rule", flat=True))
    assert found.get(rule="outside_limits").start_period == STEP
    top = RiskEntry.objects.select_related("force").first()
    assert top is not None and top.force.name == "Kestrelshire Constabulary"
    second = RiskEntry.objects.all()[1]
    assert top.score > second.score
    # The monitoring core's own ranking agrees.
    assert summary.ranking[0].force == "Kestrelshire Constabulary"
    assert selectors.risk_register().rows[0].force.name == "Kestrelshire Constabulary"


@pytest.mark.parametrize("indicator", ["Burglary per 1,000 people", "Charge or summons rate (%)"])
def test_an_improvement_is_never_shown_as_a_deterioration(load, make_dataset, indicator) -> None:
    # Lower is better for burglary (the rate falls), higher is better for the charge rate (it rises).
    size, unit = (0.35, "relative") if "Burglary" in indicator else (3.0, "points")
    load(make_dataset(indicators=6, injections=[Injection("Fenshire Constabulary", indicator, STEP, "improvement",
                                                          size, unit)]))
    services.run_monitoring()
    after_step = Signal.objects.filter(force__name="Fenshire Constabulary", indicator__name=indicator,
                                       start_period__gte=STEP)
    assert after_step.exists()
    assert set(after_step.values_list("direction", flat=True)) == {"improvement"}
    # Nothing on the series from the step on adds to the force's risk.
    assert not Signal.objects.filter(force__name="Fenshire Constabulary", indicator__name=indicator,
                                     direction="deterioration", end_period__gte=STEP).exists()
    # On the force's chart every mark from the step on is an improvement.
    force_charts = selectors.charts_for_force(Force.objects.get(name="Fenshire Constabulary"), with_signals=True)
    chart = next(item.chart for item in force_charts.indicators if item.indicator.name == indicator)
    start = chart.series.periods.index(STEP)
    marks = charts.point_marks(chart)[start:]
    assert any(marks)
    assert {mark.direction for row in marks for mark in row} == {"improvement"}
    svg = next(item.spc_svg for item in force_charts.indicators if item.indicator.name == indicator)
    assert "mark-improvement" in svg
