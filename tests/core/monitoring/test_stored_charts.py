"""A monitoring run's charts survive being stored as JSON: the pages draw exactly what the run found."""

from __future__ import annotations

import json

from inspectorate.core.monitoring.monitor import monitor
from inspectorate.core.monitoring.series import Series
from inspectorate.core.monitoring.stored import chart_data, chart_from_data, comparison_data, comparison_from_data

PERIODS = tuple(f"20{20 + m // 12}-{m % 12 + 1:02d}" for m in range(30))


def _series(force: str, step: float) -> Series:
    values = tuple(10.0 + (m % 3) * 0.2 + (step if m >= 20 else 0.0) for m in range(30))
    return Series(force, "Burglary", "lower_is_better", PERIODS, values)


def test_charts_and_peer_comparisons_come_back_equal_from_json() -> None:
    forces = ["Fenshire Constabulary", "Wealdmoor Police", "Kestrelshire Constabulary", "Ashmere Police"]
    result = monitor([_series(force, 4.0 if n == 0 else 0.0) for n, force in enumerate(forces)],
                     {"group": tuple(forces)})
    assert result.charts and result.peer_comparisons
    assert any(chart.signals for chart in result.charts)
    for chart in result.charts:
        assert chart_from_data(json.loads(json.dumps(chart_data(chart)))) == chart
    for comparison in result.peer_comparisons:
        assert comparison_from_data(json.loads(json.dumps(comparison_data(comparison)))) == comparison
