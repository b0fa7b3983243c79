"""The evidence of a sustained change on each series: a self-starting one-sided CUSUM.

The Making Data Count rules (``spc``) are prompts to look: on thousands of series they fire by
chance every month. The risk ranking needs something else, a statistic with a known false-alarm
rate that grows with both the size and the length of a change. That is this module's CUSUM.

For each series, in period order:

1. **Adjustment.** Values are divided by the indicator's national index for the period when at
   least ``national_min_forces`` forces report every period of the indicator (the median over
   forces of value / the force's mean level): this takes out the national seasonal swing and
   any national drift, so a change everywhere at once is not one force's decline. Otherwise the
   seasonal factors (``seasonal``) are used, or nothing.
2. **Self-starting standardisation** (Hawkins 1987). Each point after the first
   ``reference_points`` is compared with the reference: the mean and standard deviation of the
   earlier points of the current baseline, leaving out the points of a change still being
   followed (while either CUSUM is above 0). ``T = (x - mean) / (sd x sqrt(1 + 1/n))`` is
   Student's t with n - 1 degrees of freedom for a stable normal series, and is converted to a
   standard normal ``z`` (Wallace's approximation), so the z are independent N(0, 1) however
   short the reference: a 12-point baseline's uncertainty does not turn into false alarms.
   Floors under sd as in ``spc``: Poisson's sqrt(max(mean, 1)) for rare counts (whole numbers,
   reference mean under 5), the series' resolution when the reference is flat.
3. **CUSUM** on each side: ``C = max(0, C + z - k)`` with allowance k = 0.5 (tuned to shifts of
   one sigma and more). C is, in sigma units, the log-likelihood ratio of "the level moved by one
   sigma at the best change point" against "no change": it grows with the size and the length of
   a change. An **alarm** is raised when C reaches the alarm level h = 5. For N(0, 1) data the
   in-control average run length of one side is about 930 points (Siegmund's approximation),
   0.11% of series-months; ``bench/monitoring.py`` measures it on synthetic national data.
4. **Episodes.** A change is followed from the point where C left 0 (the estimated change
   point, its ``start_period``) until C returns to 0. One episode that reaches h is one signal
   (rule ``cusum``), reported at the point where C first reached h.
5. **Rebasing.** An alarm that has lasted ``confirm_points`` points (12) is a confirmed
   sustained shift: the episode ends there, and a new baseline starts at the change point (the
   episode's points become the new reference). A user's decision to rebase (``rebase_at``) also
   starts a new baseline, at the period given.

**Evidence** of a series is the strength of its deterioration alarm: the sum of the episode's
standardised values divided by the square root of their number (the mean shift in sigma x
sqrt(points)), while the alarm is open at the latest period, or, for a confirmed (rebased)
shift, until the series moves back (an alarm the other way on the new baseline) or a user
starts a new baseline. Otherwise 0: a stable series adds nothing almost all the time, and
``risk`` combines series so that a hundred of them cannot add up to a real decline.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from inspectorate.core.monitoring.seasonal import SeasonalPattern, factors_for
from inspectorate.core.monitoring.series import Series, Signal, direction_of
from inspectorate.core.monitoring.spc import RARE_COUNT_MEAN, resolution

FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]

ALLOWANCE = 0.75
ALARM_LEVEL = 3.5
REFERENCE_POINTS = 12
CONFIRM_POINTS = 12
NATIONAL_MIN_FORCES = 10


@dataclass(frozen=True)
class EvidenceConfig:
    """The CUSUM's allowance k and alarm level h (in sigma), the points of the first reference,
    how long an alarm lasts before the shift is confirmed and rebased, and how many forces an
    indicator needs for its national index."""

    allowance: float = ALLOWANCE
    alarm_level: float = ALARM_LEVEL
    reference_points: int = REFERENCE_POINTS
    confirm_points: int = CONFIRM_POINTS
    national_min_forces: int = NATIONAL_MIN_FORCES

    def __post_init__(self) -> None:
        if self.reference_points < 3:
            raise ValueError("the reference needs at least 3 points")
        if self.alarm_level <= 0 or self.allowance < 0:
            raise ValueError("the alarm level must be positive and the allowance not negative")


@dataclass(frozen=True)
class SeriesEvidence:
    """One series' CUSUM: its signals, its evidence now, and where new baselines began."""

    series: Series
    evidence: float
    cusum: tuple[float, ...]
    signals: tuple[Signal, ...] = field(default=())
    rebased_at: tuple[str, ...] = field(default=())


def t_to_z(t: FloatArray, degrees: FloatArray) -> FloatArray:
    """Student's t with ``degrees`` of freedom to the standard normal value of the same tail
    probability (Wallace 1959; within 0.01 of exact for 10 degrees of freedom and more)."""
    nu = np.maximum(degrees, 1.0)
    result: FloatArray = np.sign(t) * np.sqrt(nu * np.log1p(t * t / nu)) * (8 * nu + 1) / (8 * nu + 3)
    return result


def national_index(series: Sequence[Series], min_forces: int = NATIONAL_MIN_FORCES) -> dict[str, dict[str, float]]:
    """Each indicator's national index by period: the median over forces of value / the force's mean.

    Only indicators that at least ``min_forces`` forces report for every period, with a positive
    index throughout, get one.
    """
    by_indicator: dict[str, list[Series]] = {}
    for one in series:
        by_indicator.setdefault(one.indicator, []).append(one)
    indices: dict[str, dict[str, float]] = {}
    for indicator, members in by_indicator.items():
        periods = sorted({period for one in members for period in one.periods})
        if len(periods) == 0 or len(members) < min_forces:
            continue
        if all(one.periods == members[0].periods for one in members):  # the usual case: one matrix
            values = np.array([one.values for one in members], dtype=np.float64)
            means = values.mean(axis=1)
            ratios = np.where((means > 0)[:, None], values / np.where(means > 0, means, 1.0)[:, None], np.nan)
        else:
            where = {period: i for i, period in enumerate(periods)}
            ratios = np.full((len(members), len(periods)), np.nan)
            for row, one in enumerate(members):
                series_values = np.asarray(one.values, dtype=np.float64)
                mean = series_values.mean() if len(series_values) else 0.0
                if mean > 0:
                    ratios[row, [where[period] for period in one.periods]] = series_values / mean
        if np.sum(~np.isnan(ratios), axis=0).min() < min_forces:
            continue
        index = np.nanmedian(ratios, axis=0)
        if not np.all(np.isfinite(index)) or index.min() <= 0:
            continue
        indices[indicator] = dict(zip(periods, index.tolist(), strict=True))
    return indices


def assess(
    series: Sequence[Series],
    config: EvidenceConfig | None = None,
    patterns: Mapping[str, SeasonalPattern] | None = None,
    *,
    national: Mapping[str, Mapping[str, float]] | None = None,
    rebase_at: Mapping[tuple[str, str], Sequence[str]] | None = None,
) -> list[SeriesEvidence]:
    """The CUSUM evidence of every series, in the order given (series of equal length at once).

    ``national`` is the indicators' national index (``national_index``; computed when not given),
    ``patterns`` the seasonal patterns used for indicators without one, ``rebase_at`` maps
    (force, indicator) to periods at which a user started a new baseline.
    """
    config = config or EvidenceConfig()
    patterns = patterns or {}
    national = national_index(series, config.national_min_forces) if national is None else national
    rebase_at = rebase_at or {}
    made: list[SeriesEvidence | None] = [None] * len(series)
    by_length: dict[int, list[int]] = {}
    for position, one in enumerate(series):
        by_length.setdefault(len(one.values), []).append(position)
    for length, positions in by_length.items():
        batch = [series[position] for position in positions]
        if length <= config.reference_points:
            for position, one in zip(positions, batch, strict=True):
                made[position] = SeriesEvidence(one, 0.0, (0.0,) * length)
            continue
        for position, result in zip(positions, _assess_batch(batch, config, patterns, national, rebase_at),
                                    strict=True):
            made[position] = result
    return [result for result in made if result is not None]


def _factors(one: Series, patterns: Mapping[str, SeasonalPattern], national: Mapping[str, Mapping[str, float]],
             cache: dict[tuple[str, tuple[str, ...]], tuple[float, ...]]) -> tuple[float, ...]:
    key = (one.indicator, one.periods)
    if key not in cache:
        index = national.get(one.indicator)
        if index is not None and all(period in index for period in one.periods):
            cache[key] = tuple(index[period] for period in one.periods)
        else:
            cache[key] = factors_for(one, patterns.get(one.indicator))
    return cache[key]


@dataclass
class _Episode:
    side: int  # +1 up, -1 down
    start: int
    fired: int
    end: int = -1
    peak: float = 0.0
    cusum: float = 0.0
    reference_mean: float = 0.0
    reference_sd: float = 0.0
    rebased: bool = False
    base: int = 0


def _assess_batch(batch: list[Series], config: EvidenceConfig, patterns: Mapping[str, SeasonalPattern],
                  national: Mapping[str, Mapping[str, float]],
                  rebase_at: Mapping[tuple[str, str], Sequence[str]]) -> list[SeriesEvidence]:
    raw = np.array([one.values for one in batch], dtype=np.float64)
    cache: dict[tuple[str, tuple[str, ...]], tuple[float, ...]] = {}
    values = raw / np.array([_factors(one, patterns, national, cache) for one in batch], dtype=np.float64)
    rows, length = values.shape
    b, k, h = config.reference_points, config.allowance, config.alarm_level
    unit = resolution(raw)  # 1 for counts, else one case of a rate: the smallest step between values
    countable = np.all(raw >= 0, axis=1) & (unit > 0)
    base_start = np.zeros(rows, dtype=np.int64)
    user_rebase = np.zeros((rows, length), dtype=bool)
    for row, one in enumerate(batch):
        for period in rebase_at.get((one.force, one.indicator), ()):
            if period in one.periods:
                user_rebase[row, one.periods.index(period)] = True

    reference = values[:, :b]
    n = np.full(rows, float(b))
    s1 = reference.sum(axis=1)
    s2 = (reference * reference).sum(axis=1)
    # While an alarm is open its points, from its change point on, are held out of the reference.
    held_from = np.full(rows, -1)
    up, down = np.zeros(rows), np.zeros(rows)
    cusum = np.zeros((2, rows, length))
    scores = np.zeros((rows, length))
    open_episode: list[dict[int, _Episode]] = [{}, {}]  # side 0 up, 1 down: row -> episode
    start = np.full((2, rows), -1)
    episodes: list[list[_Episode]] = [[] for _ in range(rows)]
    rebased: list[list[int]] = [[] for _ in range(rows)]

    def reset(row: int, first: int, last: int) -> None:
        """A new baseline for ``row``: the points ``first`` to ``last``."""
        segment = values[row, first:last + 1]
        n[row], s1[row], s2[row] = len(segment), segment.sum(), (segment * segment).sum()
        base_start[row] = first
        held_from[row] = -1
        up[row] = down[row] = 0.0
        start[:, row] = -1

    for t in range(b, length):
        for row in np.flatnonzero(user_rebase[:, t]).tolist():  # a user's new baseline begins at t
            for side in (0, 1):
                episode = open_episode[side].pop(row, None)
                if episode is not None:
                    episode.end = t - 1
                    episodes[row].append(episode)
            reset(row, t, t - 1)
            rebased[row].append(t)
        x = values[:, t]
        safe_n = np.maximum(n, 1.0)
        mean = s1 / safe_n
        variance = np.maximum(s2 - s1 * s1 / safe_n, 0.0) / np.maximum(n - 1, 1.0)
        sd = np.sqrt(variance)
        sd = np.maximum(sd, _floor(mean, sd, unit, countable))
        usable = (n >= 3) & (sd > 0)
        t_stat = np.where(usable, (x - mean) / np.where(usable, sd, 1.0) / np.sqrt(1 + 1 / safe_n), 0.0)
        z = t_to_z(t_stat, n - 1)
        scores[:, t] = z
        was_up, was_down = up > 0, down > 0
        up = np.where(usable, np.maximum(0.0, up + z - k), 0.0)
        down = np.where(usable, np.maximum(0.0, down - z - k), 0.0)
        for side, now, was in ((0, up, was_up), (1, down, was_down)):
            start[side, (now > 0) & ~was] = t
            for row in np.flatnonzero(now >= h).tolist():
                episode = open_episode[side].get(row)
                if episode is None:
                    first = int(start[side, row])
                    episode = _Episode(1 if side == 0 else -1, first, t, base=int(base_start[row]),
                                       reference_mean=float(mean[row]), reference_sd=float(sd[row]))
                    open_episode[side][row] = episode
                    # take the change's earlier points back out of the reference
                    since = first if held_from[row] < 0 else min(first, int(held_from[row]))
                    until = t if held_from[row] < 0 else int(held_from[row])
                    segment = values[row, since:until]
                    n[row] -= len(segment)
                    s1[row] -= segment.sum()
                    s2[row] -= (segment * segment).sum()
                    held_from[row] = since
                episode.peak = max(episode.peak, float(now[row]))
            for row in list(open_episode[side]):
                episode = open_episode[side][row]
                if now[row] <= 0:
                    episode.end = t - 1
                    episodes[row].append(open_episode[side].pop(row))
                else:
                    episode.cusum = float(now[row])
            cusum[side, :, t] = now
        confirmed: list[int] = []
        for side in (0, 1):  # a confirmed shift: the alarm has lasted confirm_points points
            for row, episode in list(open_episode[side].items()):
                if t - episode.fired + 1 < config.confirm_points:
                    continue
                episode.end, episode.rebased = t, True
                episodes[row].append(open_episode[side].pop(row))
                other = open_episode[1 - side].pop(row, None)
                if other is not None:
                    other.end = t
                    episodes[row].append(other)
                reset(row, episode.start, t)
                rebased[row].append(episode.start)
                confirmed.append(row)
        holding = held_from >= 0
        for row in np.flatnonzero(holding).tolist():
            if row not in open_episode[0] and row not in open_episode[1]:  # the change is over
                segment = values[row, int(held_from[row]):t + 1]
                n[row] += len(segment)
                s1[row] += segment.sum()
                s2[row] += (segment * segment).sum()
                held_from[row] = -1
        add = ~holding
        add[confirmed] = False  # their new baseline already ends at t
        n[add] += 1
        s1[add] += x[add]
        s2[add] += x[add] * x[add]
    for side in (0, 1):
        for row, episode in open_episode[side].items():
            episode.end = length - 1
            episodes[row].append(episode)

    results = []
    deteriorating_up = np.array([direction_of(one.polarity, went_up=True) == "deterioration" for one in batch])
    traces = np.round(np.where(deteriorating_up[:, None], cusum[0], cusum[1]), 3).tolist()
    for row, one in enumerate(batch):
        signals = []
        evidence = 0.0
        user_rebases = [t for t in rebased[row] if user_rebase[row, t]]
        ordered = sorted(episodes[row], key=lambda e: (e.fired, e.side))
        for position, episode in enumerate(ordered):
            counting = _still_counts(episode, ordered[position + 1:], user_rebases, length)
            last = length - 1 if counting and episode.rebased else episode.end
            strength, sigmas = _strength(values[row, episode.base:episode.start], values[row, episode.start:last + 1],
                                         float(unit[row]), bool(countable[row]), episode.side)
            signal = _signal(one, episode, values[row], raw[row], config, strength, sigmas)
            if signal.direction == "deterioration" and counting and strength > 0:
                signal = Signal(**{**signal.as_dict(), "evidence": round(strength, 3)})  # type: ignore[arg-type]
                evidence = max(evidence, strength)
            signals.append(signal)
        results.append(SeriesEvidence(
            series=one,
            evidence=round(evidence, 3),
            cusum=tuple(traces[row]),
            signals=tuple(signals),
            rebased_at=tuple(one.periods[i] for i in sorted(set(rebased[row]))),
        ))
    return results


def _still_counts(episode: _Episode, later: list[_Episode], user_rebases: list[int], length: int) -> bool:
    """An alarm counts while it is open at the latest period; a confirmed (rebased) shift counts
    until the series moves back (a later alarm the other way) or a user starts a new baseline."""
    if not episode.rebased:
        return episode.end == length - 1
    if any(other.side != episode.side for other in later):
        return False
    return not any(t > episode.start for t in user_rebases)


def _floor(mean: FloatArray, sd: FloatArray, unit: FloatArray, countable: BoolArray) -> FloatArray:
    """The floor under sd: Poisson's for rare counts (in units of the series' resolution: a mean
    under 5 units), and one unit where the spread is 0."""
    safe = np.where(unit > 0, unit, 1.0)
    rare = countable & (mean / safe < RARE_COUNT_MEAN)
    poisson = np.where(rare, safe * np.sqrt(np.maximum(mean / safe, 1.0)), 0.0)
    return np.maximum(poisson, np.where(sd <= 0, unit, 0.0))


def _strength(before: FloatArray, during: FloatArray, unit: float, countable: bool, side: int) -> tuple[float, float]:
    """The strength of a change: the two-sample statistic of its points against the baseline's points
    before it, (mean during - mean before) / (sd x sqrt(1/m + 1/n)), as a standard normal value
    (the sd pooled within the two parts, with the floors of ``_floor``); and the shift in sd."""
    n, m = len(before), len(during)
    if n < 2 or m < 1:
        return 0.0, 0.0
    mean_before, mean_during = float(before.mean()), float(during.mean())
    spread = float(((before - mean_before) ** 2).sum() + ((during - mean_during) ** 2).sum())
    sd = math.sqrt(spread / max(n + m - 2, 1))
    sd = max(sd, float(_floor(np.array([mean_before]), np.array([sd]), np.array([unit]), np.array([countable]))[0]))
    if sd <= 0:
        return 0.0, 0.0
    shift = side * (mean_during - mean_before) / sd
    t = np.array([shift / math.sqrt(1 / m + 1 / n)])
    return float(t_to_z(t, np.array([float(n + m - 2)]))[0]), shift


def _signal(one: Series, episode: _Episode, adjusted: FloatArray, raw: FloatArray, config: EvidenceConfig,
            strength: float, sigmas: float) -> Signal:
    went_up = episode.side > 0
    points = episode.end - episode.start + 1
    level = float(adjusted[episode.start:episode.end + 1].mean())
    detail = (f"sustained {'rise' if went_up else 'fall'}: {points} points averaging {level:.4g} against "
              f"{episode.reference_mean:.4g} before ({sigmas:.1f} sigma; strength {strength:.1f}); CUSUM "
              f"{episode.cusum:.1f}, alarm level {config.alarm_level:g}")
    if episode.rebased:
        detail += "; confirmed, so a new baseline starts at its first point"
    return Signal(
        force=one.force,
        indicator=one.indicator,
        period=one.periods[episode.fired],
        rule="cusum",
        direction=direction_of(one.polarity, went_up=went_up),
        value=float(raw[episode.fired]),
        start_period=one.periods[episode.start],
        end_period=one.periods[episode.end],
        points=points,
        periods_ago=len(one.periods) - 1 - episode.end,
        detail=detail,
    )
