"""Funnel plots for rates with denominators (Spiegelhalter 2005), for the peer comparison.

Spiegelhalter, D. J. (2005), "Funnel plots for comparing institutional performance",
*Statistics in Medicine* 24, 1185-1202. For each force ``i`` with count ``y_i`` (offences,
say) out of a denominator ``n_i`` (its population or households):

1. The **target** is the national rate ``theta = sum(y) / sum(n)`` over every force given, not
   just the peers: a force is judged against what the country achieves at its size.
2. Under the null hypothesis the force's rate ``y_i / n_i`` has the Poisson variance
   ``theta / n_i`` (the normal approximation of Spiegelhalter's section 3), so the limits
   ``theta +/- z x sqrt(theta / n_i)`` narrow as the denominator grows: the funnel.
3. **Over-dispersion** (section 4.3, the multiplicative model): the z-scores
   ``z_i = (y_i / n_i - theta) / sqrt(theta / n_i)`` are winsorised at their 10th and 90th
   percentiles (so the outliers being looked for do not widen the limits), and
   ``phi = mean(z_winsorised ** 2)``. When ``phi`` is above 1 the limits widen to
   ``theta +/- z x sqrt(phi x theta / n_i)``; it is never taken below 1, so the limits are never
   narrower than Poisson's.

Rates are reported ``per`` units of denominator (``per=1000``: per 1,000 people); the limits
are in the same units. Everything here is plain Python: no database.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

WINSOR_SHARE = 0.10
Z_95 = 1.959963984540054
Z_998 = 3.090232306167813


@dataclass(frozen=True)
class Funnel:
    """The funnel of one indicator in one period: the national rate and the over-dispersion."""

    target: float  # the national rate per one unit of denominator
    dispersion: float  # phi, at least 1
    estimated_dispersion: float  # phi as estimated, before the floor of 1
    per: float = 1.0

    @property
    def national_rate(self) -> float:
        """The national rate, per ``per`` units of denominator."""
        return self.target * self.per

    def standard_error(self, denominator: float) -> float:
        """The standard error of a rate (per ``per``) at ``denominator``: sqrt(phi x theta / n) x per."""
        if denominator <= 0:
            raise ValueError("a denominator must be positive")
        return math.sqrt(self.dispersion * self.target / denominator) * self.per

    def limits(self, denominator: float, z: float) -> tuple[float, float]:
        """The lower and upper limit at ``z`` (Z_95 or Z_998) for a force of this denominator, per ``per``.

        The lower limit is not taken below 0: a rate cannot be negative.
        """
        spread = z * self.standard_error(denominator)
        return max(self.national_rate - spread, 0.0), self.national_rate + spread

    def z_score(self, count: float, denominator: float) -> float:
        """How many (over-dispersed) standard errors the force's rate lies from the national rate."""
        return (count / denominator * self.per - self.national_rate) / self.standard_error(denominator)


def winsorised_mean_square(z_scores: Sequence[float]) -> float:
    """The mean of the squared z-scores after winsorising them at their ``WINSOR_SHARE`` and
    ``1 - WINSOR_SHARE`` percentiles: the over-dispersion estimate before any scaling or floor."""
    z = np.array(z_scores, dtype=float)
    low, high = np.percentile(z, [100 * WINSOR_SHARE, 100 * (1 - WINSOR_SHARE)])
    return float(np.mean(np.clip(z, low, high) ** 2))


def funnel(counts: Mapping[str, tuple[float, float]], *, per: float = 1.0) -> Funnel | None:
    """The funnel of the forces' ``(count, denominator)`` pairs, or None if it cannot be drawn.

    It cannot be drawn with fewer than two forces, a denominator that is not positive, a negative
    count, or no events at all (a national rate of 0 has no Poisson spread).
    """
    pairs = list(counts.values())
    if len(pairs) < 2 or any(n <= 0 or y < 0 for y, n in pairs):
        return None
    total_count = math.fsum(y for y, _ in pairs)
    total_denominator = math.fsum(n for _, n in pairs)
    target = total_count / total_denominator
    if target <= 0:
        return None
    estimated = winsorised_mean_square([(y / n - target) / math.sqrt(target / n) for y, n in pairs])
    return Funnel(target=target, dispersion=max(estimated, 1.0), estimated_dispersion=estimated, per=per)
