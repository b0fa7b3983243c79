"""XmR (individuals and moving range) charts with the NHS "Making Data Count" rules.

Each force's series for an indicator gets its own chart. The first ``baseline_points``
points (12, or more if configured) are the baseline: the mean and the mean moving range
(MR-bar) come from them alone, and the limits are mean +/- 2.66 x MR-bar (sigma is
2.66 / 3 x MR-bar, so the limits sit at 3 sigma). The points after the baseline are the
monitoring window; only they raise signals. A series needs at least baseline + 1 points.
When a seasonal pattern is given (see ``seasonal``), the chart is drawn on the seasonally
adjusted values, each value divided by its season's factor.

Rules (each a pattern on one side, up or down):

- ``outside_limits``: a point strictly beyond a limit (a point on the limit is not beyond it);
- ``shift``: 7 consecutive points strictly on one side of the mean (a point on the mean breaks
  the run);
- ``trend``: 7 points each higher (or lower) than the one before, i.e. 6 increases with no
  decrease between them; a repeated value neither adds to nor breaks the trend (NHS England's
  guide to run and control charts);
- ``two_of_three``: three consecutive points all strictly on one side of the mean, at least two
  of them strictly beyond the 2-sigma line on that side (points beyond the limit count too),
  as the Making Data Count team reads the rule.

Rare counts get a floor under sigma. A baseline of zeros has a moving range of 0, and without
a floor a single later case would lie "beyond the limits". So:

- a count series (whole numbers, none negative) whose baseline mean is under 5 has sigma at
  least the Poisson sigma sqrt(mean), and never under one case (sqrt(max(mean, 1)));
- any series whose baseline moving range is 0 has sigma at least its resolution: 1 for whole
  numbers, otherwise the smallest positive difference between two of its values.

A pattern raises one signal, at the point where it is first complete in the monitoring window,
however long it lasts: a sustained shift is counted once, not at every later point. A pattern
that began in the baseline and carries on into the window is reported at the first window point
that takes part in it.

The scan is vectorised: series of equal length are stacked into one numpy array.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from inspectorate.core.monitoring.seasonal import SeasonalPattern, factors_for
from inspectorate.core.monitoring.series import SPC_RULES, Rule, Series, Signal, direction_of

MIN_BASELINE_POINTS = 12
LIMIT_FACTOR = 2.66
SIGMA_FACTOR = LIMIT_FACTOR / 3
# Comparisons allow for floating-point rounding: a value equal to a limit by hand is on it.
RELATIVE_TOLERANCE = 1e-9
# Count series whose baseline mean is under this are rare counts: their sigma is at least Poisson's.
RARE_COUNT_MEAN = 5.0

Side = Literal["up", "down"]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]
IntArray = NDArray[np.int64]


@dataclass(frozen=True)
class SpcConfig:
    """How charts are built: the baseline length and the run lengths of the rules."""

    baseline_points: int = MIN_BASELINE_POINTS
    shift_points: int = 7
    trend_points: int = 7

    def __post_init__(self) -> None:
        if self.baseline_points < MIN_BASELINE_POINTS:
            raise ValueError(f"the baseline needs at least {MIN_BASELINE_POINTS} points")
        if self.shift_points < 2 or self.trend_points < 3:
            raise ValueError("a shift needs 2 points or more and a trend 3 or more")


@dataclass(frozen=True)
class SpcChart:
    """One force's XmR chart for one indicator: what to store and what to draw.

    The mean and limits are in seasonally adjusted units: compare them with
    ``adjusted_values`` (each value divided by its ``seasonal_factors`` entry, 1.0 where the
    indicator is not adjusted), or draw them on the raw values with ``centre_line`` and
    ``limit_lines``. The limits are ``None`` when the series is shorter than the baseline;
    ``too_short`` series (no point after the baseline) raise no signals.
    """

    series: Series
    baseline_points: int
    mean: float | None
    moving_range_mean: float | None
    lower_limit: float | None
    upper_limit: float | None
    lower_two_sigma: float | None
    upper_two_sigma: float | None
    seasonal_factors: tuple[float, ...]
    signals: tuple[Signal, ...] = field(default=())
    sigma_floor: float = 0.0

    @property
    def too_short(self) -> bool:
        """True when no point follows the baseline, so the chart cannot raise signals."""
        return len(self.series.values) <= self.baseline_points

    @property
    def seasonally_adjusted(self) -> bool:
        """True when the chart is drawn on seasonally adjusted values."""
        return any(factor != 1.0 for factor in self.seasonal_factors)

    @property
    def adjusted_values(self) -> tuple[float, ...]:
        """The values the chart is drawn on: each divided by its season's factor."""
        return tuple(v / f for v, f in zip(self.series.values, self.seasonal_factors, strict=True))

    def centre_line(self) -> tuple[float, ...] | None:
        """The mean on the raw scale, point by point (it follows the seasons when adjusted)."""
        if self.mean is None:
            return None
        return tuple(self.mean * factor for factor in self.seasonal_factors)

    def limit_lines(self) -> tuple[tuple[float, ...], tuple[float, ...]] | None:
        """The lower and upper limits on the raw scale, point by point."""
        if self.lower_limit is None or self.upper_limit is None:
            return None
        lower, upper = self.lower_limit, self.upper_limit
        return (tuple(lower * f for f in self.seasonal_factors), tuple(upper * f for f in self.seasonal_factors))

    @property
    def sigma(self) -> float | None:
        """One sigma of the chart: 2.66 / 3 x MR-bar, never below the series' resolution."""
        if self.moving_range_mean is None:
            return None
        return max(SIGMA_FACTOR * self.moving_range_mean, self.sigma_floor)

    def marks(self) -> tuple[tuple[Rule, ...], ...]:
        """For each point, the rules of the signals it takes part in (to mark it on the chart)."""
        index = {period: i for i, period in enumerate(self.series.periods)}
        marks: list[list[Rule]] = [[] for _ in self.series.periods]
        for signal in self.signals:
            went_up = (signal.direction == "deterioration") == (self.series.polarity == "lower_is_better")
            start = index[signal.start_period]
            for i in range(start, index[signal.end_period] + 1):
                if signal.rule == "two_of_three" and not self._beyond_two_sigma(i, went_up):
                    continue
                if signal.rule == "trend" and i > start and self._repeats(i):
                    continue  # a repeated value is not part of the trend's moves
                if signal.rule not in marks[i]:
                    marks[i].append(signal.rule)
        return tuple(tuple(sorted(rules, key=SPC_RULES.index)) for rules in marks)

    def _repeats(self, i: int) -> bool:
        values = self.adjusted_values
        return abs(values[i] - values[i - 1]) <= RELATIVE_TOLERANCE * max(abs(values[i]), 1.0)

    def _beyond_two_sigma(self, i: int, above: bool) -> bool:
        value = self.series.values[i] / self.seasonal_factors[i]
        assert self.upper_two_sigma is not None and self.lower_two_sigma is not None
        return value > self.upper_two_sigma if above else value < self.lower_two_sigma


def chart(series: Series, config: SpcConfig | None = None, pattern: SeasonalPattern | None = None) -> SpcChart:
    """The XmR chart of one series, with its signals (seasonally adjusted by ``pattern`` if given)."""
    return scan([series], config, {series.indicator: pattern} if pattern else None)[0]


def scan(
    series: Sequence[Series],
    config: SpcConfig | None = None,
    patterns: Mapping[str, SeasonalPattern] | None = None,
) -> list[SpcChart]:
    """XmR charts of many series, in the order given; series of equal length are scanned at once.

    ``patterns`` maps an indicator to its seasonal pattern (``seasonal.estimate_patterns``);
    indicators without one are charted unadjusted.
    """
    config = config or SpcConfig()
    patterns = patterns or {}
    charts: list[SpcChart | None] = [None] * len(series)
    by_length: dict[int, list[int]] = {}
    for position, one in enumerate(series):
        by_length.setdefault(len(one.values), []).append(position)
    for length, positions in by_length.items():
        if length < config.baseline_points:
            for position in positions:
                charts[position] = SpcChart(series[position], config.baseline_points, mean=None,
                                            moving_range_mean=None, lower_limit=None, upper_limit=None,
                                            lower_two_sigma=None, upper_two_sigma=None,
                                            seasonal_factors=factors_for(series[position], None))
            continue
        batch = [series[position] for position in positions]
        for position, made in zip(positions, _scan_batch(batch, config, patterns), strict=True):
            charts[position] = made
    return [made for made in charts if made is not None]


@dataclass(frozen=True)
class _Limits:
    """Each row's mean, MR-bar and lines, as arrays for the scan and as floats for the charts."""

    mean: FloatArray
    moving_range_mean: FloatArray
    lower: FloatArray
    upper: FloatArray
    lower_two_sigma: FloatArray
    upper_two_sigma: FloatArray
    tolerance: FloatArray
    sigma_floor: FloatArray

    @classmethod
    def from_baseline(cls, values: FloatArray, baseline_points: int, raw: FloatArray) -> _Limits:
        baseline = values[:, :baseline_points]
        mean = baseline.mean(axis=1)
        mr = np.abs(np.diff(baseline, axis=1)).mean(axis=1)
        floor = sigma_floor(raw, baseline_points, mr)
        sigma = np.maximum(SIGMA_FACTOR * mr, floor)
        scale = np.maximum(np.maximum(np.abs(mean), mr), 1.0)
        return cls(mean, mr, mean - 3 * sigma, mean + 3 * sigma, mean - 2 * sigma, mean + 2 * sigma,
                   RELATIVE_TOLERANCE * scale, floor)

    def rows(self) -> list[_Lines]:
        columns = (self.mean, self.moving_range_mean, self.lower, self.upper, self.lower_two_sigma,
                   self.upper_two_sigma, self.sigma_floor)
        return [_Lines(*row) for row in zip(*(column.tolist() for column in columns), strict=True)]


def sigma_floor(raw: FloatArray, baseline_points: int, moving_range_mean: FloatArray) -> FloatArray:
    """Each row's floor under sigma (see the module docstring): Poisson for rare counts, the
    resolution where the baseline's moving range is 0, else 0."""
    counts = np.all((raw == np.round(raw)) & (raw >= 0), axis=1)
    baseline_mean = raw[:, :baseline_points].mean(axis=1)
    poisson = np.where(counts & (baseline_mean < RARE_COUNT_MEAN), np.sqrt(np.maximum(baseline_mean, 1.0)), 0.0)
    flat = np.where(moving_range_mean <= 0, resolution(raw), 0.0)
    return np.maximum(poisson, flat)


def resolution(raw: FloatArray) -> FloatArray:
    """Each row's resolution: 1 for whole-number counts, else the smallest positive difference
    between two of its values (0 for a constant row of non-whole numbers)."""
    whole = np.all(raw == np.round(raw), axis=1)
    ordered = np.sort(raw, axis=1)
    gaps = np.diff(ordered, axis=1)
    scale = np.maximum(np.abs(ordered).max(axis=1, initial=0.0), 1.0)[:, None]
    gaps = np.where(gaps > RELATIVE_TOLERANCE * scale, gaps, np.inf)
    smallest = gaps.min(axis=1, initial=np.inf)
    return np.where(whole, 1.0, np.where(np.isfinite(smallest), smallest, 0.0))


@dataclass(frozen=True)
class _Lines:
    mean: float
    moving_range_mean: float
    lower: float
    upper: float
    lower_two_sigma: float
    upper_two_sigma: float
    sigma_floor: float


@dataclass(frozen=True)
class _Episode:
    row: int
    rule: Rule
    side: Side
    start: int
    fired: int
    end: int


def _scan_batch(batch: list[Series], config: SpcConfig, patterns: Mapping[str, SeasonalPattern]) -> list[SpcChart]:
    factors = [factors_for(one, patterns.get(one.indicator)) for one in batch]
    raw = np.array([one.values for one in batch], dtype=np.float64)
    values = raw / np.array(factors, dtype=np.float64)
    limits = _Limits.from_baseline(values, config.baseline_points, raw)
    lines = limits.rows()
    signals: list[list[Signal]] = [[] for _ in batch]
    if values.shape[1] > config.baseline_points:
        for episode in _episodes(values, limits, config):
            row = episode.row
            signals[row].append(_signal(batch[row], episode, lines[row], float(values[row, episode.fired])))
    charts = []
    for row, one in enumerate(batch):
        line = lines[row]
        charts.append(SpcChart(
            series=one,
            baseline_points=config.baseline_points,
            mean=line.mean,
            moving_range_mean=line.moving_range_mean,
            lower_limit=line.lower,
            upper_limit=line.upper,
            lower_two_sigma=line.lower_two_sigma,
            upper_two_sigma=line.upper_two_sigma,
            seasonal_factors=factors[row],
            signals=tuple(sorted(signals[row], key=lambda s: (s.period, s.rule))),
            sigma_floor=line.sigma_floor,
        ))
    return charts


def _episodes(values: FloatArray, limits: _Limits, config: SpcConfig) -> Iterator[_Episode]:
    tolerance = limits.tolerance[:, None]
    b = config.baseline_points
    above_mean = values > (limits.mean + limits.tolerance)[:, None]
    below_mean = values < (limits.mean - limits.tolerance)[:, None]
    beyond_up = values > limits.upper[:, None] + tolerance
    beyond_down = values < limits.lower[:, None] - tolerance
    rises = np.zeros_like(above_mean)
    rises[:, 1:] = values[:, 1:] > values[:, :-1] + tolerance
    falls = np.zeros_like(above_mean)
    falls[:, 1:] = values[:, 1:] < values[:, :-1] - tolerance
    near_up = values > limits.upper_two_sigma[:, None] + tolerance
    near_down = values < limits.lower_two_sigma[:, None] - tolerance
    sides: tuple[tuple[Side, BoolArray, BoolArray, BoolArray, BoolArray], ...] = (
        ("up", beyond_up, above_mean, rises, near_up),
        ("down", beyond_down, below_mean, falls, near_down),
    )
    for side, beyond, same_side, moves, near in sides:
        yield from _runs(beyond, 1, b, "outside_limits", side)
        yield from _runs(same_side, config.shift_points, b, "shift", side)
        against = falls if side == "up" else rises
        yield from _trends(moves, against, config.trend_points - 1, b, side)
        yield from _two_of_three(near, same_side, b, side)


def _run_lengths(condition: BoolArray) -> IntArray:
    """The length of the run of True ending at each point (0 where False), along each row."""
    index = np.arange(condition.shape[1])
    last_false = np.maximum.accumulate(np.where(condition, -1, index), axis=1)
    return index - last_false


def _runs(
    condition: BoolArray, needed: int, baseline: int, rule: Rule, side: Side, takes_part: BoolArray | None = None
) -> Iterator[_Episode]:
    """Runs of at least ``needed`` True points, each reported once, at its first point in the window.

    With ``takes_part``, only a point that takes part in the pattern may report it.
    """
    backward = _run_lengths(condition)
    forward = _run_lengths(condition[:, ::-1])[:, ::-1]
    index = np.arange(condition.shape[1])
    eligible = (backward >= needed) & (index >= baseline)
    if takes_part is not None:
        eligible &= takes_part
    # the first eligible point of each run: eligible, and no eligible point since the run began
    so_far = np.cumsum(eligible, axis=1)
    before = index - backward  # the point before the run began; -1 when it began the row
    so_far_before = np.where(before >= 0, np.take_along_axis(so_far, np.maximum(before, 0), axis=1), 0)
    fired = eligible & (so_far - so_far_before == 1)
    rows, columns = np.nonzero(fired)
    starts = (columns - backward[rows, columns] + 1).tolist()
    ends = (columns + forward[rows, columns] - 1).tolist()
    for r, c, start, end in zip(rows.tolist(), columns.tolist(), starts, ends, strict=True):
        yield _Episode(r, rule, side, start, c, end)


def _trends(moves: BoolArray, against: BoolArray, needed: int, baseline: int, side: Side) -> Iterator[_Episode]:
    """Trends: ``needed`` moves one way with none the other way between them (repeats are ignored).

    A trend is reported once, at the move that completes it (or, when it began in the baseline,
    at its first move in the window); it runs from the point before its first move to its last.
    """
    n = moves.shape[1]
    index = np.arange(n)
    # the latest move the other way at or before each point (-1: none): it opens a segment
    opened = np.maximum.accumulate(np.where(against, index, -1), axis=1)
    done = np.cumsum(moves, axis=1)
    done_before = np.where(opened >= 0, np.take_along_axis(done, np.maximum(opened, 0), axis=1), 0)
    eligible = moves & (done - done_before >= needed) & (index >= baseline)
    so_far = np.cumsum(eligible, axis=1)
    so_far_before = np.where(opened >= 0, np.take_along_axis(so_far, np.maximum(opened, 0), axis=1), 0)
    fired = eligible & (so_far - so_far_before == 1)
    # the first move after each point, and the last move before the segment's next move the other way
    next_move = np.minimum.accumulate(np.where(moves, index, n)[:, ::-1], axis=1)[:, ::-1]
    last_move = np.maximum.accumulate(np.where(moves, index, -1), axis=1)
    next_against = np.minimum.accumulate(np.where(against, index, n)[:, ::-1], axis=1)[:, ::-1]
    for r, c in zip(*(part.tolist() for part in np.nonzero(fired)), strict=True):
        first_move = int(next_move[r, int(opened[r, c]) + 1])
        following = int(next_against[r, c + 1]) if c + 1 < n else n
        yield _Episode(r, "trend", side, first_move - 1, c, int(last_move[r, following - 1]))


def _two_of_three(near: BoolArray, same_side: BoolArray, baseline: int, side: Side) -> Iterator[_Episode]:
    """Three points in a row on one side of the mean, two or more of them beyond 2 sigma on that side.

    At least one of the points beyond 2 sigma must lie in the monitoring window.
    """
    index = np.arange(near.shape[1])
    in_window = near & (index >= baseline)
    count = near.astype(np.int64)
    count[:, 1:] += near[:, :-1]
    count[:, 2:] += near[:, :-2]
    windowed = in_window.astype(np.int64)
    windowed[:, 1:] += in_window[:, :-1]
    windowed[:, 2:] += in_window[:, :-2]
    three = same_side.copy()
    three[:, 1:] &= same_side[:, :-1]
    three[:, 2:] &= same_side[:, :-2]
    three[:, :2] = False
    complete = three & (count >= 2) & (windowed >= 1)
    for episode in _runs(complete, 1, baseline, "two_of_three", side):
        row = near[episode.row]
        first = next(i for i in (episode.start - 2, episode.start - 1, episode.start) if row[i])
        last = next(i for i in (episode.end, episode.end - 1, episode.end - 2) if row[i])
        yield _Episode(episode.row, "two_of_three", side, first, episode.fired, last)


def _signal(series: Series, episode: _Episode, lines: _Lines, charted: float) -> Signal:
    fired = episode.fired
    value = series.values[fired]
    detail = _detail(episode, lines, charted)
    return Signal(
        force=series.force,
        indicator=series.indicator,
        period=series.periods[fired],
        rule=episode.rule,
        direction=direction_of(series.polarity, went_up=episode.side == "up"),
        value=value,
        start_period=series.periods[episode.start],
        end_period=series.periods[episode.end],
        points=episode.end - episode.start + 1,
        periods_ago=len(series.values) - 1 - episode.end,
        detail=detail if charted == value else f"{detail} (seasonally adjusted)",
    )


def _detail(episode: _Episode, lines: _Lines, charted: float) -> str:
    above = episode.side == "up"
    points = episode.end - episode.start + 1
    if episode.rule == "outside_limits":
        limit = lines.upper if above else lines.lower
        return f"{charted:.4g} {'above the upper' if above else 'below the lower'} limit {limit:.4g}"
    if episode.rule == "shift":
        return f"{points} points in a row {'above' if above else 'below'} the mean {lines.mean:.4g}"
    if episode.rule == "trend":
        return f"{points} points in a row each {'higher' if above else 'lower'} than the one before"
    two_sigma = lines.upper_two_sigma if above else lines.lower_two_sigma
    return (f"three points in a row {'above' if above else 'below'} the mean, two of them "
            f"{'above' if above else 'below'} 2 sigma ({two_sigma:.4g})")
