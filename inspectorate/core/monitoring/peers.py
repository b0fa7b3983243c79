"""Peer comparison: each force against its most-similar-force (MSF) group, by funnel-plot limits.

For each indicator, on its latest period (the latest period any force reports), each force's
value ``y`` is compared with ``m``, the mean of its peers' values for that period (the force
itself left out, so an outlier does not pull its own target). The limits are
``m +/- z x sqrt(phi x v)``, z = 1.96 (95%) and z = 3.09 (99.8%), where

- ``v`` is the variance a value would have by chance: for a count (every value of the
  indicator a whole number, none negative) the Poisson variance ``m``, so the limits narrow as
  the expected count grows, the funnel; for any other value (a rate, a percentage, whose
  denominator the input does not give) 1, so the limits are flat;
- ``phi`` is the over-dispersion, estimated once per indicator from every compared force
  (Spiegelhalter 2005): the mean of the squared z-scores ``(y - m) / sqrt(v)`` after
  winsorising them at their 10th and 90th percentiles, so outliers do not widen the limits
  they are judged by, and dividing by 0.679, the value that estimate takes for z-scores of
  variance 1 (so that ``phi`` is 1, not 0.68, when the forces differ only by chance). For
  counts ``phi`` is at least 1 (never narrower than Poisson).

Comparing levels needs comparable values: feed rates (per 1,000 people) or percentages for
the peer comparison to mean something; raw counts of forces of different sizes compare sizes.

A value strictly beyond the 99.8% limit raises ``peer_outlier_998``; one beyond the 95% limit
only ``peer_outlier_95``. A force with fewer than three peers reporting the period is not
compared. Direction follows the indicator's polarity. To draw the funnel, plot each force's
``value`` against ``peer_mean`` with ``limits(Z_95)`` and ``limits(Z_998)``.

**With denominators** (every force reporting the latest period has one: ``Series.denominators``)
the comparison is Spiegelhalter's funnel instead (``funnel``): each force's rate against the
national rate, with limits for its own denominator and the multiplicative over-dispersion
adjustment; ``value`` is the rate per 1,000 (or per the series' ``rate_per``), ``peer_mean``
the national rate, ``denominator`` the force's. The peers still choose who is compared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist

from inspectorate.core.monitoring.funnel import WINSOR_SHARE, funnel, winsorised_mean_square
from inspectorate.core.monitoring.funnel import Z_95 as Z_95  # the limits a comparison is drawn at, kept
from inspectorate.core.monitoring.funnel import Z_998 as Z_998  # importable from here for its callers
from inspectorate.core.monitoring.series import Polarity, Rule, Series, Signal, direction_of

MIN_PEERS = 3
# Rates computed from counts and denominators are reported per 1,000 (people, or households).
RATE_PER = 1000.0


def _winsorised_second_moment(share: float) -> float:
    """E[z^2] of a standard normal z winsorised at its ``share`` and ``1 - share`` quantiles."""
    normal = NormalDist()
    cut = normal.inv_cdf(1 - share)
    return (1 - 2 * share) - 2 * cut * normal.pdf(cut) + 2 * share * cut**2


WINSOR_CONSISTENCY = _winsorised_second_moment(WINSOR_SHARE)


@dataclass(frozen=True)
class PeerComparison:
    """One force's value for an indicator's latest period set against its MSF peers."""

    force: str
    indicator: str
    polarity: Polarity
    period: str
    value: float
    peers: tuple[str, ...]
    peer_mean: float
    standard_deviation: float
    count_based: bool
    dispersion: float
    # With denominators (``funnel``): the force's denominator; ``value`` is then its rate per
    # ``RATE_PER`` (or the series' own ``rate_per``) and ``peer_mean`` the national rate.
    denominator: float | None = None

    @property
    def z_score(self) -> float:
        """How many standard deviations the force's value lies from its peers' mean."""
        return (self.value - self.peer_mean) / self.standard_deviation

    def limits(self, z: float) -> tuple[float, float]:
        """The lower and upper funnel limit at ``z`` standard deviations (Z_95 or Z_998)."""
        return self.peer_mean - z * self.standard_deviation, self.peer_mean + z * self.standard_deviation

    def signal(self) -> Signal | None:
        """The peer signal this comparison raises, if the value lies beyond the 95% limits."""
        z = self.z_score
        if abs(z) <= Z_95:
            return None
        rule: Rule = "peer_outlier_998" if abs(z) > Z_998 else "peer_outlier_95"
        level = "99.8%" if rule == "peer_outlier_998" else "95%"
        return Signal(
            force=self.force,
            indicator=self.indicator,
            period=self.period,
            rule=rule,
            direction=direction_of(self.polarity, went_up=z > 0),
            value=self.value,
            start_period=self.period,
            end_period=self.period,
            points=1,
            periods_ago=0,
            detail=(f"{self.value:g} {'above' if z > 0 else 'below'} the {level} limit of its "
                    f"{len(self.peers)} peers (peer mean {self.peer_mean:.4g}, z = {z:.2f})"
                    if self.denominator is None else
                    f"rate {self.value:.4g} {'above' if z > 0 else 'below'} the {level} funnel limit around the "
                    f"national rate {self.peer_mean:.4g} for a denominator of {self.denominator:,.0f} "
                    f"(over-dispersion {self.dispersion:.2f}, z = {z:.2f})"),
        )


class GroupClash(ValueError):
    """A force placed in a second group of the same set of most-similar-force groups."""


class GroupSet:
    """One set of most-similar-force groups being read, row by row: within a set a force is in one group.

    A file of groups (``force,group``) is one set; the database holds several sets, so across
    sets a force may be in several groups, and its peers are then the members of all of them.
    """

    def __init__(self) -> None:
        self._placed: dict[object, tuple[str, int]] = {}

    def place(self, force: object, group: str, line: int, *, name: str | None = None) -> bool:
        """Put ``force`` in ``group`` (read on ``line``): True if new, False if it repeats an earlier row.

        Raises GroupClash, naming the earlier line, if the force is already in another group.
        ``force`` is any key that identifies a force; ``name`` is how a message calls it.
        """
        earlier = self._placed.setdefault(force, (group, line))
        if earlier == (group, line):
            return True
        if earlier[0] != group:
            raise GroupClash(f"{name or force} is already in group {earlier[0]!r} (line {earlier[1]}); "
                             "a force belongs to one group of a set")
        return False


def _compare_rates(indicator: str, members: list[Series], peers: Mapping[str, tuple[str, ...]], latest: str) -> list[
    PeerComparison
]:
    """Each force with peers against the national rate, by Spiegelhalter's funnel (``funnel``)."""
    counts = {one.force: one.latest_count() for one in members}
    per = members[0].rate_per or RATE_PER
    drawn = funnel({force: pair for force, pair in counts.items() if pair is not None}, per=per)
    if drawn is None:
        return []
    compared = []
    for force in sorted(counts):
        count, denominator = counts[force]  # type: ignore[misc]
        present = tuple(peer for peer in peers.get(force, ()) if peer in counts)
        if len(present) < MIN_PEERS:
            continue
        compared.append(PeerComparison(
            force=force, indicator=indicator, polarity=members[0].polarity, period=latest,
            value=count / denominator * per, peers=present, peer_mean=drawn.national_rate,
            standard_deviation=drawn.standard_error(denominator), count_based=False,
            dispersion=drawn.dispersion, denominator=denominator,
        ))
    return compared


def peers_by_force(groups: Mapping[str, Sequence[str]]) -> dict[str, tuple[str, ...]]:
    """Each force's peers: the other members of every group it belongs to."""
    peers: dict[str, set[str]] = {}
    for members in groups.values():
        for force in members:
            peers.setdefault(force, set()).update(other for other in members if other != force)
    return {force: tuple(sorted(others)) for force, others in sorted(peers.items())}


def compare_with_peers(series: Sequence[Series], groups: Mapping[str, Sequence[str]]) -> list[PeerComparison]:
    """Every force's comparison with its peers, for each indicator's latest period."""
    peers = peers_by_force(groups)
    by_indicator: dict[str, list[Series]] = {}
    for one in series:
        if one.periods:
            by_indicator.setdefault(one.indicator, []).append(one)
    comparisons: list[PeerComparison] = []
    for indicator, members in sorted(by_indicator.items()):
        comparisons += _compare_indicator(indicator, members, peers)
    return comparisons


def _compare_indicator(indicator: str, members: list[Series], peers: Mapping[str, tuple[str, ...]]) -> list[
    PeerComparison
]:
    latest = max(one.periods[-1] for one in members)
    current = [one for one in members if one.periods[-1] == latest]
    if current and all(one.latest_count() is not None for one in current):
        return _compare_rates(indicator, current, peers, latest)
    values = {one.force: one.values[-1] for one in members if one.periods[-1] == latest}
    count_based = all(value >= 0 and value == int(value) for one in members for value in one.values)
    compared = []
    for force in sorted(values):
        present = tuple(peer for peer in peers.get(force, ()) if peer in values)
        if len(present) < MIN_PEERS:
            continue
        mean = math.fsum(values[peer] for peer in present) / len(present)
        if count_based and mean <= 0:
            continue
        compared.append((force, present, mean, mean if count_based else 1.0))
    if not compared:
        return []
    dispersion = winsorised_mean_square([(values[force] - mean) / math.sqrt(v)
                                         for force, _, mean, v in compared]) / WINSOR_CONSISTENCY
    if count_based:
        dispersion = max(dispersion, 1.0)
    if dispersion <= 0:
        return []
    return [
        PeerComparison(
            force=force,
            indicator=indicator,
            polarity=members[0].polarity,
            period=latest,
            value=values[force],
            peers=present,
            peer_mean=mean,
            standard_deviation=math.sqrt(dispersion * v),
            count_based=count_based,
            dispersion=dispersion,
        )
        for force, present, mean, v in compared
    ]
