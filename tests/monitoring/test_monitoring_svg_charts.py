"""The SVG charts: deterministic, described in words, signals marked by rule with distinct shapes."""

from __future__ import annotations

import re

from inspectorate.core import charts
from inspectorate.core.monitoring import periods
from inspectorate.core.monitoring.peers import compare_with_peers
from inspectorate.core.monitoring.series import Series
from inspectorate.core.monitoring.spc import chart

MONTHS = tuple(f"{2019 + (3 + i) // 12}-{(3 + i) % 12 + 1:02d}" for i in range(30))
# A stable baseline, then a step up from month 19 (lower is better: a deterioration).
VALUES = tuple([10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9] + [10, 11, 9, 10, 11, 10] + [14] * 12)


def _chart(polarity: str = "lower_is_better"):
    return chart(Series("Fenshire Constabulary", "Burglary", polarity, MONTHS, VALUES))  # type: ignore[arg-type]


def test_the_spc_chart_is_deterministic_and_described_in_words() -> None:
    one = charts.spc_chart_svg(_chart(), chart_id="spc-burglary", force="Fenshire Constabulary", unit="offences")
    assert one == charts.spc_chart_svg(_chart(), chart_id="spc-burglary", force="Fenshire Constabulary",
                                       unit="offences")
    assert 'role="img" aria-labelledby="spc-burglary-title spc-burglary-desc"' in one
    assert '<title id="spc-burglary-title">SPC chart: Burglary, Fenshire Constabulary</title>' in one
    desc = re.search(r'<desc id="spc-burglary-desc">([^<]*)</desc>', one).group(1)
    assert desc.startswith("Fenshire Constabulary, Burglary: 30 points from April 2019 to September 2021. "
                           "Baseline April 2019 to March 2020: mean 10.17, control limits")
    assert "Shift: 7 points on one side of the mean (deterioration), October 2020 to September 2021" in desc
    assert charts.SYNTHETIC_NOTE not in one


def test_signals_are_marked_by_rule_in_lanes_with_distinct_shapes_and_a_legend() -> None:
    svg = charts.spc_chart_svg(_chart(), chart_id="c", force="F", synthetic=True)
    shift_marks = re.findall(r'<rect class="mark mark-shift mark-deterioration" data-rule="shift"', svg)
    assert len(shift_marks) == 12  # every point of the step
    assert re.search(r'<path class="mark mark-outside_limits mark-deterioration"', svg)  # a diamond
    assert svg.count('class="point signal-point signal-point-deterioration"') == 12
    for rule, label in charts.LANE_LABELS.items():
        assert f'data-legend-rule="{rule}"' in svg and f">{label}</text>" in svg
    assert "Red, solid: part of a deterioration" in svg and "Control limits (3 sigma)" in svg
    assert '<text class="synthetic-note" x="118" y="' in svg and charts.SYNTHETIC_NOTE in svg


def test_the_same_step_on_a_higher_is_better_indicator_is_marked_as_an_improvement() -> None:
    svg = charts.spc_chart_svg(_chart("higher_is_better"), chart_id="c", force="F")
    assert "mark-deterioration" not in svg.replace('class="legend', "")
    assert 'class="mark mark-shift mark-improvement"' in svg
    assert 'stroke-dasharray="3 2"' in svg


def test_without_signals_the_chart_has_no_marks() -> None:
    svg = charts.spc_chart_svg(_chart(), chart_id="c", force="F", with_signals=False)
    assert 'class="mark ' not in svg and "signal-lanes" not in svg
    assert 'class="limit upper"' in svg and 'class="two-sigma lower"' in svg and 'class="mean"' in svg


def test_the_funnel_plot_highlights_the_force_among_its_peers() -> None:
    forces = ["Fenshire Constabulary", *(f"Made-up force {n}" for n in range(1, 10))]
    values = [9.0, 5.0, 5.2, 4.9, 5.1, 5.05, 4.95, 5.15, 4.85, 5.0]
    series = [Series(f, "Rate", "lower_is_better", ("2024-03",), (v,)) for f, v in zip(forces, values, strict=True)]
    comparisons = {c.force: c for c in compare_with_peers(series, {"Group": tuple(forces)})}
    own = comparisons["Fenshire Constabulary"]
    svg = charts.funnel_plot_svg(own, [comparisons[f] for f in forces[1:]], chart_id="f", synthetic=True)
    assert svg.count('class="peer"') == 9
    assert 'class="this-force mark mark-peer_outlier_998 mark-deterioration" data-rule="peer_outlier_998"' in svg
    assert 'class="limit-95 upper"' in svg and 'class="limit-998 lower"' in svg and 'class="group-mean"' in svg
    desc = re.search(r'<desc id="f-desc">([^<]*)</desc>', svg).group(1)
    assert desc.startswith("Rate, March 2024: Fenshire Constabulary 9 against the mean of its 9 most similar forces")
    assert "Beyond peers' 99.8% limit (deterioration)." in desc


def test_periods_and_figures_read_as_people_write_them() -> None:
    assert periods.label("2007-10") == "October 2007"
    assert periods.label("2017/18 Q1") == "April to June 2017"
    assert periods.label("2017/18 Q4") == "January to March 2018"
    assert periods.span("2022-06", "2024-03") == "June 2022 to March 2024"
    assert periods.frequency_of("2017/18 Q2") == "quarterly" and periods.frequency_of("2017/19 Q2") is None
    assert periods.frequency_of("2023-13") is None
    assert charts.number(0.45678) == "0.4568" and charts.number(12345.6) == "12,346" and charts.number(7.0) == "7"
