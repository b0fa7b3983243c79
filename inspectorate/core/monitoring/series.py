"""The words of monitoring: a force's series for one indicator, and a signal raised on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Polarity = Literal["higher_is_better", "lower_is_better"]
Direction = Literal["deterioration", "improvement"]
Rule = Literal["outside_limits", "shift", "trend", "two_of_three", "peer_outlier_95", "peer_outlier_998", "cusum"]

POLARITIES: tuple[Polarity, ...] = ("higher_is_better", "lower_is_better")
# Crime counts are the commonest indicator, and more crime is worse.
DEFAULT_POLARITY: Polarity = "lower_is_better"
SPC_RULES: tuple[Rule, ...] = ("outside_limits", "shift", "trend", "two_of_three")
PEER_RULES: tuple[Rule, ...] = ("peer_outlier_95", "peer_outlier_998")
# Each rule in words, as pages, charts and the register name it.
RULE_LABELS: dict[str, str] = {
    "outside_limits": "Point beyond a control limit",
    "shift": "Shift: 7 points on one side of the mean",
    "trend": "Trend: 7 points each higher or each lower",
    "two_of_three": "Two of three points beyond 2 sigma",
    "peer_outlier_95": "Beyond peers' 95% limit",
    "peer_outlier_998": "Beyond peers' 99.8% limit",
    "cusum": "Sustained change: CUSUM beyond its alarm level",
}
# The evidence of a sustained change (``evidence``): the only rule the risk score counts.
EVIDENCE_RULE: Rule = "cusum"


@dataclass(frozen=True)
class Series:
    """One force's observations of one indicator, in period order (periods sort as text)."""

    force: str
    indicator: str
    polarity: Polarity
    periods: tuple[str, ...]
    values: tuple[float, ...]
    # Optional: the denominator of each value (the force's population or households), for the
    # rate funnel of the peer comparison (``funnel``). With ``rate_per`` 0 each value is a count
    # out of its denominator; otherwise each value is already a rate per ``rate_per`` of it.
    denominators: tuple[float, ...] | None = None
    rate_per: float = 0.0

    def __post_init__(self) -> None:
        if len(self.periods) != len(self.values):
            raise ValueError("a series needs one value per period")
        if self.denominators is not None and len(self.denominators) != len(self.values):
            raise ValueError("a series needs one denominator per period")
        if list(self.periods) != sorted(self.periods):
            raise ValueError("a series' periods must be in text order")

    def latest_count(self) -> tuple[float, float] | None:
        """The latest period's count and denominator, when the series has denominators."""
        if not self.denominators or not self.values:
            return None
        value, denominator = self.values[-1], self.denominators[-1]
        return (value if not self.rate_per else value * denominator / self.rate_per), denominator


@dataclass(frozen=True)
class Signal:
    """A rule that fired on a force's indicator.

    ``period`` is the point at which the rule's pattern was first complete (the 7th point
    of a shift, the point beyond a limit, the latest period for a peer comparison);
    ``start_period`` and ``end_period`` are the first and last points of the pattern (a
    sustained shift is one signal, however long) and ``points`` the number of points from
    the one to the other. ``periods_ago`` counts the periods from
    ``end_period`` to the series' latest period (0: the pattern is still going on); the risk
    score counts only a pattern still going on (0). ``evidence`` is what a ``cusum`` signal still
    going on adds to the risk score (``evidence``, ``risk``); 0 for every other signal.
    """

    force: str
    indicator: str
    period: str
    rule: Rule
    direction: Direction
    value: float
    start_period: str
    end_period: str
    points: int
    periods_ago: int
    detail: str
    evidence: float = 0.0

    def as_dict(self) -> dict[str, object]:
        """The signal as the JSON object of ``inspectorate monitor`` (SPEC section 11)."""
        return {
            "force": self.force,
            "indicator": self.indicator,
            "period": self.period,
            "rule": self.rule,
            "direction": self.direction,
            "value": self.value,
            "start_period": self.start_period,
            "end_period": self.end_period,
            "points": self.points,
            "periods_ago": self.periods_ago,
            "detail": self.detail,
            "evidence": self.evidence,
        }


def direction_of(polarity: Polarity, *, went_up: bool) -> Direction:
    """Whether a move up (``went_up``) or down is a deterioration for this polarity."""
    if polarity == "lower_is_better":
        return "deterioration" if went_up else "improvement"
    return "improvement" if went_up else "deterioration"
