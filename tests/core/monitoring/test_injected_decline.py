"""End to end on synthetic data: an injected decline is found and its force ranks first."""

from __future__ import annotations

from inspectorate.core.monitoring.monitor import monitor
from inspectorate.core.monitoring.synthetic import Injection, generate

DECLINE = Injection("Kestrelshire Constabulary", "Burglary per 1,000 people", "2022-04", "deterioration", 0.3,
                    "relative")
IMPROVEMENT = Injection("Ravenshire Police", "Victim satisfaction (%)", "2022-01", "improvement", 6.0, "points")


def test_an_injected_decline_is_found_and_its_force_ranks_first() -> None:
    data = generate(2007, injections=[DECLINE, IMPROVEMENT])
    result = monitor(data.series, data.groups)
    found = [s for s in result.signals if (s.force, s.indicator) == (DECLINE.force, DECLINE.indicator)
             and s.period >= DECLINE.start_period]
    assert {s.direction for s in found} == {"deterioration"}
    assert {"shift", "outside_limits"} <= {s.rule for s in found}
    assert result.ranking[0].force == DECLINE.force
    assert result.ranking[0].contributions[0][0].indicator == DECLINE.indicator


def test_an_injected_improvement_is_never_reported_as_a_deterioration() -> None:
    data = generate(2007, injections=[DECLINE, IMPROVEMENT])
    result = monitor(data.series, data.groups)
    after = [s for s in result.signals if (s.force, s.indicator) == (IMPROVEMENT.force, IMPROVEMENT.indicator)
             and s.period >= IMPROVEMENT.start_period]
    assert after and {s.direction for s in after} == {"improvement"}


def test_charts_carry_what_a_page_draws() -> None:
    data = generate(2007, injections=[DECLINE])
    result = monitor(data.series, data.groups)
    [chart] = [c for c in result.charts if (c.series.force, c.series.indicator) == (DECLINE.force, DECLINE.indicator)]
    assert chart.seasonally_adjusted and not chart.too_short
    lines = chart.limit_lines()
    assert lines is not None and len(lines[0]) == len(lines[1]) == 60
    marks = chart.marks()
    assert any("shift" in rules for rules in marks[36:])
    assert all(rules == () for rules in marks[:12])
    assert result.seasonal_patterns.keys() == {one.indicator for one in data.series}
