"""Every chart of the system as hand-written, deterministic, accessible SVG, in one palette.

Three kinds, each with a ``<title>`` and a ``<desc>`` that say in words what it shows, and with
numbers or shapes beside the colours, so colour never carries meaning alone:

- **SPC charts and peer funnel plots** (the monitoring pages). A legend sits inside the picture,
  and a text line says when the data are synthetic; the page puts a table of the same figures
  beside it. Signals are marked by rule with distinct shapes: a diamond for a point beyond a
  limit, a square for a shift, a triangle for a trend, a ring for two of three beyond 2 sigma.
  Deteriorations are drawn in red and solid, improvements in green and dashed. Every mark
  carries the classes ``mark mark-<rule> mark-<direction>`` and ``data-rule``, and a ``<title>``
  naming the period, the value and the rule.
- **A framework's national grade distribution in a report** (``distribution_svg``): one bar a
  grade, best first, each labelled with its count; the force's own grade is drawn with a heavy
  outline and labelled "This force". For the PDF the chart's words are drawn as glyph outlines
  (``outline_text=True``): the numbers are already printed as text in the distribution table
  beside the chart, and text inside the chart would come out of ``pdftotext`` in the middle of
  the report and stop the report parser reading the PDF back. The outlines are made with
  fontTools from DejaVu Sans, so the output is the same on every run.
- **The national distributions page** (``grouped_distribution_svg``): for each grade, one bar a
  series (published, held, made-up forces), each labelled with its count.

Pure Python: nothing here imports Django.
"""

from __future__ import annotations

import math
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from inspectorate.core.grades import GRADE_KEYS, GRADES
from inspectorate.core.monitoring import periods
from inspectorate.core.monitoring.peers import Z_95, Z_998, PeerComparison
from inspectorate.core.monitoring.series import RULE_LABELS, SPC_RULES
from inspectorate.core.monitoring.spc import SpcChart
from inspectorate.core.report.keys import slug
from inspectorate.core.report.model import GradeCounts

# The palette: every colour a chart uses (GOV.UK colours; each meets WCAG AA contrast on white).
INK = "#0b0c0c"  # text, axes, outlines
MUTED = "#505a5f"  # secondary text; the published series
DATA = "#1d70b8"  # the data: a series' line, the force's own bar, the held series
DATA_PALE = "#5694ca"  # the other bars of a distribution
GRID = "#dfe1e2"
BAND = "#f3f2f1"  # the baseline band behind an SPC chart
LANE = "#f8f8f8"  # the rule lanes under an SPC chart
WHITE = "#ffffff"
DETERIORATION = "#d4351c"
IMPROVEMENT = "#00703c"

SYNTHETIC_NOTE = "Made-up demonstration data: the forces and figures are made up."


# SPC charts and funnel plots ------------------------------------------------------------------------

DIRECTION_STYLE = {  # stroke colour, fill for solid shapes, dash
    "deterioration": (DETERIORATION, DETERIORATION, ""),
    "improvement": (IMPROVEMENT, WHITE, "3 2"),
}

_WIDTH = 760
_LEFT, _RIGHT, _TOP = 118, 20, 26
_PLOT_BOTTOM = 236


@dataclass(frozen=True)
class PointMark:
    """One rule a point takes part in, and the direction of that rule's signal."""

    rule: str
    direction: str


def _text(value: str) -> str:
    """Text for an element's content (quotes need no escaping there)."""
    return escape(value, quote=False)


def _f(value: float) -> str:
    """A coordinate, rounded so the SVG is deterministic and small."""
    text = f"{value:.1f}"
    return "0.0" if text == "-0.0" else text


def number(value: float | None) -> str:
    """A figure for people: four significant digits, no exponent for everyday sizes."""
    if value is None:
        return ""
    if value == 0:
        return "0"
    magnitude = math.floor(math.log10(abs(value)))
    decimals = max(0, 3 - magnitude)
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".") if decimals else f"{value:,.0f}"


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``low`` to ``high``."""
    if high <= low:
        high = low + 1.0
    raw = (high - low) / count
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step) * step
    ticks = []
    tick = first
    while tick <= high + step * 1e-9:
        ticks.append(round(tick, 12))
        tick += step
    return ticks


class _Scale:
    def __init__(self, domain: tuple[float, float], span: tuple[float, float]) -> None:
        self.low, self.high = domain
        if self.high - self.low <= 0:
            pad = abs(self.low) * 0.05 or 1.0
            self.low, self.high = self.low - pad, self.high + pad
        self.start, self.end = span

    def __call__(self, value: float) -> float:
        return self.start + (value - self.low) / (self.high - self.low) * (self.end - self.start)


def _padded(values: Sequence[float], share: float = 0.06) -> tuple[float, float]:
    low, high = min(values), max(values)
    pad = (high - low) * share or abs(high) * 0.05 or 1.0
    return low - pad, high + pad


def point_marks(chart: SpcChart) -> list[list[PointMark]]:
    """For each point of the chart, the rules it takes part in with their signal's direction."""
    index = {period: i for i, period in enumerate(chart.series.periods)}
    by_rule = chart.marks()
    marks: list[list[PointMark]] = [[] for _ in chart.series.periods]
    for signal in chart.signals:
        for i in range(index[signal.start_period], index[signal.end_period] + 1):
            if signal.rule in by_rule[i] and all(m.rule != signal.rule for m in marks[i]):
                marks[i].append(PointMark(signal.rule, signal.direction))
    for row in marks:
        row.sort(key=lambda mark: SPC_RULES.index(mark.rule))
    return marks


def _shape(rule: str, x: float, y: float, *, attributes: str, fill: str, tip: str, size: float = 1.0) -> str:
    """A rule's marker centred on (x, y): a filled diamond, or a hollow square, triangle or ring."""
    title = f"<title>{_text(tip)}</title>"
    if rule == "outside_limits":
        r = 8 * size
        d = f"M{_f(x)} {_f(y - r)} L{_f(x + r)} {_f(y)} L{_f(x)} {_f(y + r)} L{_f(x - r)} {_f(y)} Z"
        return f'<path {attributes} fill="{fill}" d="{d}">{title}</path>'
    if rule == "shift":
        r = 7 * size
        return (f'<rect {attributes} fill="none" x="{_f(x - r)}" y="{_f(y - r)}" width="{_f(2 * r)}" '
                f'height="{_f(2 * r)}">{title}</rect>')
    if rule == "trend":
        r = 9 * size
        d = f"M{_f(x)} {_f(y - r)} L{_f(x + r)} {_f(y + 0.7 * r)} L{_f(x - r)} {_f(y + 0.7 * r)} Z"
        return f'<path {attributes} fill="none" d="{d}">{title}</path>'
    return f'<circle {attributes} fill="none" cx="{_f(x)}" cy="{_f(y)}" r="{_f(8 * size)}">{title}</circle>'


def _mark(rule: str, direction: str, x: float, y: float, tip: str, size: float = 1.0) -> str:
    """A signal's marker on a point, coloured and dashed by direction."""
    stroke, fill, dash = DIRECTION_STYLE[direction]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    attributes = (f'class="mark mark-{rule} mark-{direction}" data-rule="{rule}" data-direction="{direction}" '
                  f'stroke="{stroke}" stroke-width="2"{dash_attr}')
    return _shape(rule, x, y, attributes=attributes, fill=fill, tip=tip, size=size)


def _legend_shape(rule: str, x: float, y: float, size: float = 1.0) -> str:
    """A rule's marker for the legend, in neutral ink."""
    attributes = f'class="legend-mark legend-{rule}" data-legend-rule="{rule}" stroke="{INK}" stroke-width="1.5"'
    return _shape(rule, x, y, attributes=attributes, fill=INK, tip=RULE_LABELS[rule], size=size)


def _polyline(xs: Sequence[float], ys: Sequence[float], *, css: str, stroke: str, width: float = 1.5,
              dash: str = "") -> str:
    points = " ".join(f"{_f(x)},{_f(y)}" for x, y in zip(xs, ys, strict=True))
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (f'<polyline class="{css}" fill="none" stroke="{stroke}" stroke-width="{width}"{dash_attr} '
            f'points="{points}"/>')


def _svg_open(css: str, chart_id: str, height: int, title: str, desc: str, label: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="{css}" id="{chart_id}" viewBox="0 0 {_WIDTH} {height}" '
        f'width="{_WIDTH}" height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'data-chart="{escape(label)}" font-family="Arial, Helvetica, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{_text(title)}</title>',
        f'<desc id="{chart_id}-desc">{_text(desc)}</desc>',
        f'<rect x="0" y="0" width="{_WIDTH}" height="{height}" fill="{WHITE}"/>',
    ]


def _svg_close(out: list[str], height: int, synthetic: bool) -> str:
    """End the picture, with the line that says the data are synthetic when they are."""
    if synthetic:
        out.append(f'<text class="synthetic-note" x="{_LEFT}" y="{height - 8}" fill="{INK}" font-weight="bold">'
                   f"{_text(SYNTHETIC_NOTE)}</text>")
    out.append("</svg>")
    return "\n".join(out)


def _y_axis(out: list[str], scale: _Scale, ticks: Sequence[float], unit: str) -> None:
    for tick in ticks:
        y = scale(tick)
        out.append(f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{_f(y)}" y2="{_f(y)}" stroke="{GRID}"/>')
        out.append(f'<text x="{_LEFT - 6}" y="{_f(y + 4)}" text-anchor="end" fill="{INK}">{number(tick)}</text>')
    if unit:
        out.append(f'<text x="{_LEFT}" y="{_TOP - 10}" text-anchor="start" fill="{MUTED}">{_text(unit)}</text>')


def _line_legend(out: list[str], x: float, y: float, label: str, stroke: str, dash: str = "",
                 width: float = 1.5) -> None:
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    out.append(f'<line x1="{_f(x)}" x2="{_f(x + 26)}" y1="{_f(y)}" y2="{_f(y)}" stroke="{stroke}" '
               f'stroke-width="{width}"{dash_attr}/>')
    out.append(f'<text x="{_f(x + 32)}" y="{_f(y + 4)}" fill="{INK}">{_text(label)}</text>')


def spc_description(chart: SpcChart, *, force: str, unit: str, with_signals: bool, synthetic: bool) -> str:
    """The SPC chart in words: its span, mean and limits, and each signal by rule."""
    series = chart.series
    parts = [f"{force}, {series.indicator}: {len(series.values)} points from "
             f"{periods.span(series.periods[0], series.periods[-1])}."]
    if chart.mean is not None and chart.lower_limit is not None and chart.upper_limit is not None:
        baseline_end = series.periods[min(chart.baseline_points, len(series.periods)) - 1]
        adjusted = " (seasonally adjusted; the lines follow the seasons on the chart)" if (
            chart.seasonally_adjusted) else ""
        parts.append(f"Baseline {periods.span(series.periods[0], baseline_end)}: mean {number(chart.mean)}, "
                     f"control limits {number(chart.lower_limit)} to {number(chart.upper_limit)}"
                     f"{adjusted}{' ' + unit if unit and not adjusted else ''}.")
    else:
        parts.append("Too few points for control limits.")
    if with_signals:
        if chart.signals:
            described = [f"{RULE_LABELS[s.rule]} ({s.direction}), {periods.span(s.start_period, s.end_period)}"
                         for s in chart.signals]
            parts.append(f"Signals: {'; '.join(described)}.")
        else:
            parts.append("No signals.")
    if synthetic:
        parts.append(SYNTHETIC_NOTE)
    return " ".join(parts)


LANE_LABELS = {
    "outside_limits": "Beyond a limit",
    "shift": "Shift",
    "trend": "Trend",
    "two_of_three": "2 of 3 beyond 2σ",
}
_LANE_HEIGHT = 17


def spc_chart_svg(chart: SpcChart, *, chart_id: str, force: str, unit: str = "", with_signals: bool = True,
                  synthetic: bool = False, new_baselines: Sequence[str] = ()) -> str:
    """An XmR chart of one force's series: points, mean, control limits, 2-sigma lines, and signals by rule.

    ``new_baselines`` are the periods at which a person started a new baseline (``Rebase``): each
    is drawn as a vertical line labelled "New baseline" and said in the chart's description.

    Points that take part in a signal are drawn larger, red for a deterioration and green for an
    improvement; under the chart one lane per rule marks, with the rule's shape, each point that
    takes part in that rule's signal, aligned with the point above it.
    """
    series = chart.series
    count = len(series.values)
    lanes_top = _PLOT_BOTTOM + 32
    legend_top = lanes_top + (len(SPC_RULES) * _LANE_HEIGHT + 22 if with_signals else 8)
    height = legend_top + (44 if with_signals else 20) + (22 if synthetic else 0)
    title = f"SPC chart: {series.indicator}, {force}"
    description = spc_description(chart, force=force, unit=unit, with_signals=with_signals, synthetic=synthetic)
    chosen = [period for period in new_baselines if period in series.periods]
    if chosen:
        description += " New baseline chosen from " + ", ".join(periods.label(p) for p in chosen) + "."
    out = _svg_open("spc-chart", chart_id, height, title, description, series.indicator)
    centre = chart.centre_line()
    limits = chart.limit_lines()
    sigma = chart.sigma
    two_sigma: tuple[list[float], list[float]] | None = None
    if chart.mean is not None and sigma is not None:
        factors = chart.seasonal_factors
        two_sigma = ([(chart.mean - 2 * sigma) * f for f in factors], [(chart.mean + 2 * sigma) * f for f in factors])
    extent = list(series.values)
    for lines in (limits or ()), (two_sigma or ()):
        for line in lines:
            extent += list(line)
    yscale = _Scale(_padded(extent or [0.0, 1.0]), (_PLOT_BOTTOM, _TOP))
    step = (_WIDTH - _LEFT - _RIGHT) / max(count, 1)
    xs = [_LEFT + (i + 0.5) * step for i in range(count)]
    _y_axis(out, yscale, nice_ticks(yscale.low, yscale.high), unit)
    if count > chart.baseline_points and chart.mean is not None:
        width = chart.baseline_points * step
        out.append(f'<rect class="baseline" x="{_LEFT}" y="{_TOP}" width="{_f(width)}" '
                   f'height="{_PLOT_BOTTOM - _TOP}" fill="{BAND}"/>')
        out.append(f'<text x="{_f(_LEFT + width / 2)}" y="{_TOP + 14}" text-anchor="middle" fill="{MUTED}">'
                   f"Baseline</text>")
    out.append(f'<line x1="{_LEFT}" x2="{_LEFT}" y1="{_TOP}" y2="{_PLOT_BOTTOM}" stroke="{INK}"/>')
    out.append(f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{_PLOT_BOTTOM}" y2="{_PLOT_BOTTOM}" stroke="{INK}"/>')
    _x_axis(out, xs, series.periods)
    if two_sigma:
        for css, line in (("two-sigma lower", two_sigma[0]), ("two-sigma upper", two_sigma[1])):
            out.append(_polyline(xs, [yscale(v) for v in line], css=css, stroke=MUTED, width=1, dash="2 3"))
    if limits:
        for css, line in (("limit lower", limits[0]), ("limit upper", limits[1])):
            out.append(_polyline(xs, [yscale(v) for v in line], css=css, stroke=INK, width=1.5, dash="7 4"))
    if centre:
        out.append(_polyline(xs, [yscale(v) for v in centre], css="mean", stroke=INK, width=1.5))
    for period in chosen:
        x = _LEFT + series.periods.index(period) * step
        out.append(f'<g class="new-baseline"><line x1="{_f(x)}" x2="{_f(x)}" y1="{_TOP}" y2="{_PLOT_BOTTOM}" '
                   f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="1 3"/><text x="{_f(x + 3)}" y="{_TOP + 28}" '
                   f'fill="{INK}">New baseline</text><title>New baseline from '
                   f"{_text(periods.label(period))}</title></g>")
    ys = [yscale(v) for v in series.values]
    out.append(_polyline(xs, ys, css="observed", stroke=DATA, width=1.5))
    marks = point_marks(chart) if with_signals else [[] for _ in xs]
    for i, (x, y) in enumerate(zip(xs, ys, strict=True)):
        tip = f"{periods.label(series.periods[i])}: {number(series.values[i])}"
        directions = {mark.direction for mark in marks[i]}
        if not directions:
            out.append(f'<circle class="point" cx="{_f(x)}" cy="{_f(y)}" r="2.5" fill="{DATA}"><title>{_text(tip)}'
                       f"</title></circle>")
            continue
        direction = "deterioration" if "deterioration" in directions else "improvement"
        stroke, fill, dash = DIRECTION_STYLE[direction]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        rules = ", ".join(RULE_LABELS[mark.rule] for mark in marks[i])
        out.append(f'<circle class="point signal-point signal-point-{direction}" cx="{_f(x)}" cy="{_f(y)}" r="4.5" '
                   f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash_attr}><title>{_text(tip)}: {_text(rules)} '
                   f"({direction})</title></circle>")
    if with_signals:
        out.append('<g class="signal-lanes">')
        out.append(f'<text x="{_LEFT - 6}" y="{lanes_top - 6}" text-anchor="end" font-weight="bold" fill="{INK}">'
                   f"Signals by rule</text>")
        for lane, rule in enumerate(SPC_RULES):
            middle = lanes_top + lane * _LANE_HEIGHT + _LANE_HEIGHT / 2
            out.append(f'<rect class="lane lane-{rule}" x="{_LEFT}" y="{_f(middle - _LANE_HEIGHT / 2 + 1)}" '
                       f'width="{_WIDTH - _LEFT - _RIGHT}" height="{_LANE_HEIGHT - 2}" fill="{LANE}"/>')
            out.append(_legend_shape(rule, _LEFT - 12, middle, size=0.55))
            out.append(f'<text x="{_LEFT - 22}" y="{_f(middle + 4)}" text-anchor="end" fill="{INK}">'
                       f"{_text(LANE_LABELS[rule])}</text>")
            for i, row in enumerate(marks):
                for mark in row:
                    if mark.rule == rule:
                        tip = (f"{periods.label(series.periods[i])}: {number(series.values[i])}, "
                               f"{RULE_LABELS[rule]} ({mark.direction})")
                        out.append(_mark(rule, mark.direction, xs[i], middle, tip, size=0.55))
        out.append("</g>")
    out.append('<g class="legend">')
    for offset, label, stroke, dash, width in (
        (0, "Observed value", DATA, "", 1.5), (135, "Mean", INK, "", 1.5),
        (225, "Control limits (3 sigma)", INK, "7 4", 1.5), (425, "2 sigma", MUTED, "2 3", 1.0),
    ):
        _line_legend(out, _LEFT + offset, legend_top, label, stroke, dash, width)
    if with_signals:
        legend_row = legend_top + 22
        for n, direction in enumerate(("deterioration", "improvement")):
            stroke, fill, dash = DIRECTION_STYLE[direction]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            x = _LEFT + 6 + n * 240
            out.append(f'<circle cx="{x}" cy="{legend_row}" r="4.5" fill="{fill}" stroke="{stroke}" stroke-width="2"'
                       f"{dash_attr}/>")
            words = "Red, solid: part of a deterioration" if direction == "deterioration" else (
                "Green, dashed: part of an improvement")
            out.append(f'<text x="{x + 12}" y="{legend_row + 4}" fill="{INK}">{words}</text>')
    out.append("</g>")
    return _svg_close(out, height, synthetic)


def _x_axis(out: list[str], xs: Sequence[float], labels: Sequence[str]) -> None:
    """About eight period labels; on monthly data, January of each year (or every other year)."""
    count = len(xs)
    every, offset = max(1, math.ceil(count / 8)), 0
    if count >= 24 and periods.frequency_of(labels[0]) == "monthly":
        every = 12 if count <= 96 else 24
        offset = next((i for i, p in enumerate(labels) if p.endswith("-01")), 0) % every
    for i in range(offset, count, every):
        out.append(f'<line x1="{_f(xs[i])}" x2="{_f(xs[i])}" y1="{_PLOT_BOTTOM}" y2="{_PLOT_BOTTOM + 5}" '
                   f'stroke="{INK}"/>')
        out.append(f'<text x="{_f(xs[i])}" y="{_PLOT_BOTTOM + 18}" text-anchor="middle" fill="{INK}">'
                   f"{_text(periods.short_label(labels[i]))}</text>")


def funnel_description(own: PeerComparison, *, with_signals: bool, synthetic: bool) -> str:
    """The funnel plot in words: the force against its peers' mean and limits."""
    low95, high95 = own.limits(Z_95)
    low998, high998 = own.limits(Z_998)
    parts = [f"{own.indicator}, {periods.label(own.period)}: {own.force} {number(own.value)} against the mean "
             f"of its {len(own.peers)} most similar forces, {number(own.peer_mean)}; 95% limits {number(low95)} to "
             f"{number(high95)}, 99.8% limits {number(low998)} to {number(high998)}."]
    if with_signals:
        signal = own.signal()
        parts.append("Within the 95% limits." if signal is None else
                     f"{RULE_LABELS[signal.rule]} ({signal.direction}).")
    if synthetic:
        parts.append(SYNTHETIC_NOTE)
    return " ".join(parts)


def funnel_plot_svg(own: PeerComparison, peers: Sequence[PeerComparison], *, chart_id: str, unit: str = "",
                    with_signals: bool = True, synthetic: bool = False) -> str:
    """The force and its peers, each value against the mean of its own peers, within 95% and 99.8% limits.

    The diagonal is the peers' mean (the expected value); the limits around it narrow as the mean
    grows for counts (a funnel) and run parallel to it for rates and percentages (see
    docs/monitoring.md, "Peer comparison").
    """
    height = 350 if synthetic else 330
    title = f"Peer funnel plot: {own.indicator}, {own.force} and its most similar forces, {periods.label(own.period)}"
    out = _svg_open("funnel-plot", chart_id, height, title,
                    funnel_description(own, with_signals=with_signals, synthetic=synthetic), own.indicator)
    everyone = [*peers, own]
    xs = [one.peer_mean for one in everyone]
    x_low, x_high = _padded(xs, 0.25)
    if x_high - x_low < abs(own.peer_mean) * 0.1:
        x_low, x_high = own.peer_mean * 0.95, own.peer_mean * 1.05
    samples = [x_low + (x_high - x_low) * k / 40 for k in range(41)]

    def spread(mean: float) -> float:
        variance = max(mean, 0.0) if own.count_based else 1.0
        return math.sqrt(own.dispersion * variance)

    bands = {z: ([m - z * spread(m) for m in samples], [m + z * spread(m) for m in samples]) for z in (Z_95, Z_998)}
    extent = [one.value for one in everyone] + [v for low, high in bands.values() for v in (*low, *high)]
    yscale = _Scale(_padded(extent), (_PLOT_BOTTOM, _TOP))
    xscale = _Scale((x_low, x_high), (_LEFT, _WIDTH - _RIGHT))
    _y_axis(out, yscale, nice_ticks(yscale.low, yscale.high), unit)
    out.append(f'<line x1="{_LEFT}" x2="{_LEFT}" y1="{_TOP}" y2="{_PLOT_BOTTOM}" stroke="{INK}"/>')
    out.append(f'<line x1="{_LEFT}" x2="{_WIDTH - _RIGHT}" y1="{_PLOT_BOTTOM}" y2="{_PLOT_BOTTOM}" stroke="{INK}"/>')
    for tick in nice_ticks(x_low, x_high, 6):
        x = xscale(tick)
        out.append(f'<line x1="{_f(x)}" x2="{_f(x)}" y1="{_PLOT_BOTTOM}" y2="{_PLOT_BOTTOM + 5}" stroke="{INK}"/>')
        out.append(f'<text x="{_f(x)}" y="{_PLOT_BOTTOM + 18}" text-anchor="middle" fill="{INK}">{number(tick)}'
                   f"</text>")
    out.append(f'<text x="{_f((_LEFT + _WIDTH - _RIGHT) / 2)}" y="{_PLOT_BOTTOM + 36}" text-anchor="middle" '
               f'fill="{MUTED}">Mean of each force\'s most similar forces (expected value)</text>')
    sx = [xscale(m) for m in samples]
    out.append(f'<g class="funnel-lines" clip-path="url(#{chart_id}-clip)">')
    out.append(f'<clipPath id="{chart_id}-clip"><rect x="{_LEFT}" y="{_TOP}" width="{_WIDTH - _LEFT - _RIGHT}" '
               f'height="{_PLOT_BOTTOM - _TOP}"/></clipPath>')
    for z, css, dash in ((Z_998, "limit-998", "2 3"), (Z_95, "limit-95", "7 4")):
        low, high = bands[z]
        out.append(_polyline(sx, [yscale(v) for v in low], css=f"{css} lower", stroke=INK, width=1.2, dash=dash))
        out.append(_polyline(sx, [yscale(v) for v in high], css=f"{css} upper", stroke=INK, width=1.2, dash=dash))
    out.append(_polyline(sx, [yscale(m) for m in samples], css="group-mean", stroke=INK, width=1.5))
    out.append("</g>")
    for one in sorted(peers, key=lambda c: c.force):
        tip = f"{one.force}: {number(one.value)} (its peers' mean {number(one.peer_mean)})"
        out.append(f'<circle class="peer" cx="{_f(xscale(one.peer_mean))}" cy="{_f(yscale(one.value))}" r="4.5" '
                   f'fill="{MUTED}" fill-opacity="0.75"><title>{_text(tip)}</title></circle>')
    signal = own.signal() if with_signals else None
    colour = DATA if signal is None else DIRECTION_STYLE[signal.direction][0]
    css = "this-force" if signal is None else f"this-force mark mark-{signal.rule} mark-{signal.direction}"
    rule_attr = "" if signal is None else f' data-rule="{signal.rule}"'
    x, y = xscale(own.peer_mean), yscale(own.value)
    tip = f"{own.force}: {number(own.value)} (peers' mean {number(own.peer_mean)})"
    out.append(f'<circle class="{css}"{rule_attr} cx="{_f(x)}" cy="{_f(y)}" r="8" fill="{colour}" stroke="{INK}" '
               f'stroke-width="2"><title>{_text(tip)}</title></circle>')
    anchor = "end" if x > _WIDTH * 0.6 else "start"
    dx = -12 if anchor == "end" else 12
    out.append(f'<text class="this-force-label" x="{_f(x + dx)}" y="{_f(y - 10)}" text-anchor="{anchor}" '
               f'font-weight="bold" fill="{INK}">{_text(own.force)}</text>')
    row = _PLOT_BOTTOM + 60
    out.append('<g class="legend">')
    out.append(f'<circle cx="{_LEFT + 6}" cy="{row}" r="7" fill="{colour}" stroke="{INK}" stroke-width="2"/>')
    out.append(f'<text x="{_LEFT + 18}" y="{row + 4}" fill="{INK}">{_text(own.force)}</text>')
    out.append(f'<circle cx="{_LEFT + 306}" cy="{row}" r="4.5" fill="{MUTED}"/>')
    out.append(f'<text x="{_LEFT + 316}" y="{row + 4}" fill="{INK}">Its most similar forces</text>')
    _line_legend(out, _LEFT, row + 22, "Peers' mean (expected)", INK)
    _line_legend(out, _LEFT + 200, row + 22, "95% limits", INK, "7 4", 1.2)
    _line_legend(out, _LEFT + 330, row + 22, "99.8% limits", INK, "2 3", 1.2)
    out.append("</g>")
    return _svg_close(out, height, synthetic)

# A framework's national grade distribution in a report ----------------------------------------------

_DIST_WIDTH = 320
_DIST_PLOT_TOP = 40  # room above the tallest bar for its count and the "This force" label
_DIST_BAR_AREA = 104
_DIST_AXIS_Y = _DIST_PLOT_TOP + _DIST_BAR_AREA
_DIST_SLOT = (_DIST_WIDTH - 32) // len(GRADES)
_DIST_BAR_WIDTH = 44
_DIST_LABEL_SIZE = 12
_DIST_MARK_SIZE = 11

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
_FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


def distribution_svg(
    counts: GradeCounts,
    *,
    force_grade: str | None,
    title: str,
    synthetic: bool = False,
    chart_id: str | None = None,
    outline_text: bool = False,
) -> str:
    """An SVG bar chart of a national grade distribution with the force's own grade marked.

    ``force_grade`` is the force's grade ("Poor", ...) or None for no mark; ``title`` names
    the chart (its ``<title>``). ``synthetic`` says in the chart and its description that the
    figures are made up. ``chart_id`` (default: made from the title) prefixes the ids the
    ``aria-labelledby`` refers to, so it must be unique on a page. ``outline_text`` draws the
    chart's words as outlines rather than text (for the PDF, see the module docstring).
    """
    ident = chart_id or f"chart-{slug(title)}"
    values = dict(zip(GRADES, (counts.excellent, counts.good, counts.fair, counts.poor), strict=True))
    marked = force_grade.capitalize() if force_grade else None
    height = _DIST_AXIS_Y + 24 + (16 if synthetic else 0)
    write = _Writer(outline_text)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="distribution-chart" viewBox="0 0 {_DIST_WIDTH} {height}" '
        f'width="{_DIST_WIDTH}" height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="DejaVu Sans, Arial, sans-serif">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(describe_distribution(counts, force_grade=marked, synthetic=synthetic))}'
        "</desc>",
        f'<line x1="8" y1="{_DIST_AXIS_Y}" x2="{_DIST_WIDTH - 8}" y2="{_DIST_AXIS_Y}" stroke="{INK}" '
        'stroke-width="1"/>',
    ]
    tallest = max(1, *values.values())
    for index, grade in enumerate(GRADES):
        centre = 16 + _DIST_SLOT * index + _DIST_SLOT // 2
        bar = round(_DIST_BAR_AREA * values[grade] / tallest)
        top = _DIST_AXIS_Y - bar
        mine = grade == marked
        if bar:
            stroke = f' stroke="{INK}" stroke-width="3"' if mine else ""
            parts.append(
                f'<rect x="{centre - _DIST_BAR_WIDTH // 2}" y="{top}" width="{_DIST_BAR_WIDTH}" height="{bar}" '
                f'fill="{DATA if mine else DATA_PALE}"{stroke}/>'
            )
        elif mine:  # a zero count still shows where the force stands
            parts.append(
                f'<line x1="{centre - _DIST_BAR_WIDTH // 2}" y1="{_DIST_AXIS_Y}" x2="{centre + _DIST_BAR_WIDTH // 2}" '
                f'y2="{_DIST_AXIS_Y}" stroke="{INK}" stroke-width="4"/>'
            )
        parts.append(write.label(str(values[grade]), centre, top - 6, _DIST_LABEL_SIZE, bold=mine))
        if mine:
            parts.append(write.label("This force", centre, top - 6 - _DIST_LABEL_SIZE - 4, _DIST_MARK_SIZE, bold=True))
        parts.append(write.label(grade, centre, _DIST_AXIS_Y + 17, _DIST_LABEL_SIZE, bold=mine))
    if synthetic:
        parts.append(write.label("Made-up demonstration data", _DIST_WIDTH // 2, height - 4, 10, colour=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def describe_distribution(counts: GradeCounts, *, force_grade: str | None, synthetic: bool = False) -> str:
    """The chart in words (its ``<desc>``): every count, the total and the force's grade."""
    numbers = ", ".join(
        f"{grade} {count}" for grade, count in zip(GRADES, (counts.excellent, counts.good, counts.fair, counts.poor),
                                                  strict=True)
    )
    text = f"Number of forces at each grade: {numbers}; {counts.total} forces in all."
    if force_grade:
        text += f" This force's grade: {force_grade}."
    if synthetic:
        text += " Made-up demonstration data about made-up forces."
    return text


class _Writer:
    """Writes a centred label as SVG text, or as glyph outlines when ``outline`` is set."""

    def __init__(self, outline: bool) -> None:
        self.outline = outline and _font_path(bold=False) is not None

    def label(self, text: str, centre: float, baseline: float, size: int, *, bold: bool = False,
              colour: str = INK) -> str:
        if not self.outline:
            weight = ' font-weight="bold"' if bold else ""
            return (f'<text x="{centre}" y="{baseline}" font-size="{size}" text-anchor="middle" '
                    f'fill="{colour}"{weight}>{escape(text)}</text>')
        path, width = _outline(text, size, bold)
        return f'<path transform="translate({_coordinate(centre - width / 2)} {baseline})" fill="{colour}" d="{path}"/>'


def _coordinate(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@lru_cache(maxsize=2)
def _font_path(*, bold: bool) -> Path | None:
    """DejaVu Sans from Debian's fonts-dejavu-core, else wherever fontconfig (which WeasyPrint's
    Pango uses too) has it; None where neither has it, and the chart's words stay text."""
    name = _FONT_FILES[bold]
    for directory in _FONT_DIRS:
        if (directory / name).is_file():
            return directory / name
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return None
    pattern = "DejaVu Sans:bold" if bold else "DejaVu Sans"
    try:
        found = subprocess.run([fc_match, "--format=%{file}", pattern], capture_output=True, text=True,
                               timeout=10, check=False).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    # fc-match always answers with some font: only DejaVu Sans itself draws the same outlines.
    return Path(found) if found and Path(found).name == name and Path(found).is_file() else None


@lru_cache(maxsize=4)
def _font(bold: bool) -> tuple[dict[int, str], Any, Any, float]:
    from fontTools.ttLib import TTFont

    path = _font_path(bold=bold) or _font_path(bold=False)
    font = TTFont(str(path), lazy=True)
    return font.getBestCmap(), font.getGlyphSet(), font["hmtx"], float(font["head"].unitsPerEm)


@lru_cache(maxsize=256)
def _outline(text: str, size: int, bold: bool) -> tuple[str, float]:
    """The SVG path of ``text`` set at ``size`` px on a baseline at y=0, and its advance width."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    cmap, glyphs, metrics, units = _font(bold)
    scale = size / units
    pen = SVGPathPen(glyphs, ntos=_coordinate)
    x = 0.0
    for char in text:
        name = cmap.get(ord(char), ".notdef")
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, 0)))
        x += metrics[name][0] * scale
    return pen.getCommands(), x


# The national distributions page ------------------------------------------------------------------

# A series of the grouped chart: its style ("published", "computed" or "synthetic"), its legend
# label, and its count for each grade key ("excellent", ...).
BarSeries = tuple[str, str, Mapping[str, int]]
SERIES_STYLE = {  # fill, stroke dash
    "published": (MUTED, ""),
    "computed": (DATA, ""),
    "synthetic": (WHITE, "4 2"),
}
_BARS_WIDTH = 520
_BARS_LABEL_WIDTH = 80
_BAR_HEIGHT = 14
_BAR_GAP = 3
_GROUP_GAP = 12
_LEGEND_HEIGHT = 18


def _grade_label(key: str) -> str:
    """ "requires_improvement" -> "Requires improvement"."""
    return key.replace("_", " ").capitalize()


def describe_grouped(series: Sequence[BarSeries], grades: Sequence[str] = GRADE_KEYS) -> str:
    """The grouped chart in words: its text alternative. `grades`: the grade keys, best first (2007's unless told)."""
    parts = []
    for _key, label, counts in series:
        numbers = ", ".join(f"{_grade_label(grade)} {counts[grade]}" for grade in grades)
        parts.append(f"{label}: {numbers}.")
    return " ".join(parts)


def grouped_distribution_svg(
    series: Sequence[BarSeries], *, title: str, chart_id: str, grades: Sequence[str] = GRADE_KEYS
) -> str:
    """A bar chart of a national distribution, one bar a series for each grade; ``chart_id`` must be unique.

    `grades` are the grade keys of the programme's grading model, best first (2007's unless told).
    """
    scale_max = max([1, *(counts[g] for _k, _l, counts in series for g in grades)])
    group_height = len(series) * (_BAR_HEIGHT + _BAR_GAP) + _GROUP_GAP
    legend_height = len(series) * _LEGEND_HEIGHT
    height = legend_height + len(grades) * group_height + 4
    label_width = max(_BARS_LABEL_WIDTH, 7 * max(len(g) for g in grades))  # "Requires improvement" is long
    plot_width = _BARS_WIDTH - label_width - 40
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="distribution-chart" viewBox="0 0 {_BARS_WIDTH} {height}" '
        f'width="{_BARS_WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe_grouped(series, grades))}</desc>',
    ]
    for index, (key, label, _counts) in enumerate(series):
        fill, dash = SERIES_STYLE[key]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        top = 2 + index * _LEGEND_HEIGHT
        out.append(f'<rect x="0" y="{top}" width="12" height="12" fill="{fill}" stroke="{INK}"{dash_attr}/>')
        out.append(f'<text x="18" y="{top + 11}">{escape(label)}</text>')
    y = legend_height + 4
    for grade in grades:
        out.append(f'<text x="0" y="{y + _BAR_HEIGHT - 2}" font-weight="bold">{_grade_label(grade)}</text>')
        for key, _label, counts in series:
            fill, dash = SERIES_STYLE[key]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            width = round(plot_width * counts[grade] / scale_max, 1)
            out.append(
                f'<rect x="{label_width}" y="{y}" width="{width}" height="{_BAR_HEIGHT}" fill="{fill}" '
                f'stroke="{INK}" stroke-width="0.5"{dash_attr}/>'
            )
            out.append(f'<text x="{label_width + width + 4}" y="{y + _BAR_HEIGHT - 3}">{counts[grade]}</text>')
            y += _BAR_HEIGHT + _BAR_GAP
        y += _GROUP_GAP
    out.append("</svg>")
    return "".join(out)
