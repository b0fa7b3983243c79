"""A monitoring run's charts as plain JSON data, to store and to draw again without re-running the monitor.

``chart_data`` and ``comparison_data`` turn a chart and a peer comparison into dictionaries of
strings, numbers and lists (JSON as it is); ``chart_from_data`` and ``comparison_from_data`` give
back equal objects. Pure Python: the web pages draw a force's charts from what the last run stored.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from .peers import PeerComparison
from .series import Series, Signal
from .spc import SpcChart


def _fields(value: Any) -> dict[str, Any]:
    """A dataclass's fields as a dictionary, one level deep (``asdict`` without its deep copy)."""
    return {one.name: getattr(value, one.name) for one in fields(value)}


def chart_data(chart: SpcChart) -> dict[str, Any]:
    """The chart (its series, limits, seasonal factors and signals) as JSON data: what ``asdict`` gives,
    built field by field, since the series and the signals are the only dataclasses it holds and
    ``asdict`` deep-copies every value of every series, which was most of the time a run took to store."""
    return {**_fields(chart), "series": _fields(chart.series),
            "signals": tuple(_fields(signal) for signal in chart.signals)}


def chart_from_data(data: dict[str, Any]) -> SpcChart:
    """The chart ``chart_data`` stored, equal to the one it was made from."""
    series = data["series"]
    return SpcChart(
        series=Series(series["force"], series["indicator"], series["polarity"], tuple(series["periods"]),
                      tuple(float(v) for v in series["values"])),
        baseline_points=data["baseline_points"],
        mean=data["mean"],
        moving_range_mean=data["moving_range_mean"],
        lower_limit=data["lower_limit"],
        upper_limit=data["upper_limit"],
        lower_two_sigma=data["lower_two_sigma"],
        upper_two_sigma=data["upper_two_sigma"],
        seasonal_factors=tuple(data["seasonal_factors"]),
        signals=tuple(Signal(**signal) for signal in data["signals"]),
        sigma_floor=data["sigma_floor"],
    )


def comparison_data(comparison: PeerComparison) -> dict[str, Any]:
    """The peer comparison as JSON data (its fields are plain values: no deep copy is needed)."""
    return _fields(comparison)


def comparison_from_data(data: dict[str, Any]) -> PeerComparison:
    """The peer comparison ``comparison_data`` stored, equal to the one it was made from."""
    return PeerComparison(**{**data, "peers": tuple(data["peers"])})
