"""Count one framework's assessments the way SPEC section 4's rules need them counted.

One pass over the criteria; the rules in `engine` and the sentences in `reasons` read only the
tally. This is the hot loop of the benchmark, so it avoids allocating per criterion.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from inspectorate.grading.model import Criterion, GradingInputError, shown

# Positions in a [met, partly_met, not_met, not_assessed] count list.
MET, PARTLY_MET, NOT_MET, NOT_ASSESSED = 0, 1, 2, 3
_STATE = {"met": MET, "partly_met": PARTLY_MET, "not_met": NOT_MET, "not_assessed": NOT_ASSESSED}


@dataclass(slots=True)
class Tally:
    """Counts per level and for the significant Fair criteria, plus the ids the reasons name.

    `significant` counts only Fair-level criteria flagged significant: SPEC section 4 uses
    the flag for Fair and Poor only. `missing` lists every criterion flagged significant or
    dominant (at any level) that is not assessed.
    """

    fair: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    good: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    excellent: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    significant: list[int] = field(default_factory=lambda: [0, 0, 0, 0])
    dominant_total: int = 0
    dominant_not_met: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    significant_not_met: list[str] = field(default_factory=list)
    significant_partly_met: list[str] = field(default_factory=list)
    fair_short: list[str] = field(default_factory=list)  # Fair criteria not `met`, any reason

    def counts(self) -> dict[str, int]:
        """Return the named counts an Outcome carries."""
        fair, good, excellent, sig = self.fair, self.good, self.excellent, self.significant
        return {
            "criteria_total": sum(fair) + sum(good) + sum(excellent),
            "fair_total": sum(fair),
            "fair_met": fair[MET],
            "fair_partly_met": fair[PARTLY_MET],
            "fair_not_met": fair[NOT_MET],
            "fair_not_assessed": fair[NOT_ASSESSED],
            "significant_total": sum(sig),
            "significant_met": sig[MET],
            "significant_partly_met": sig[PARTLY_MET],
            "significant_not_met": sig[NOT_MET],
            "significant_not_assessed": sig[NOT_ASSESSED],
            "good_total": sum(good),
            "good_met": good[MET],
            "good_partly_met": good[PARTLY_MET],
            "good_not_met": good[NOT_MET],
            "good_not_assessed": good[NOT_ASSESSED],
            "excellent_total": sum(excellent),
            "excellent_met": excellent[MET],
            "dominant_total": self.dominant_total,
            "dominant_not_met": len(self.dominant_not_met),
            "missing": len(self.missing),
        }


def tally_assessments(criteria: Sequence[Criterion], assessments: Mapping[str, str]) -> Tally:
    """Count `assessments` against `criteria`; a criterion with no entry is not assessed.

    Raises GradingInputError on an assessment value outside SPEC section 3's four.
    """
    tally = Tally()
    by_level = {"fair": tally.fair, "good": tally.good, "excellent": tally.excellent}
    significant = tally.significant
    get = assessments.get
    for criterion in criteria:
        value = get(criterion.id, "not_assessed")
        try:
            state = _STATE[value]
        except (KeyError, TypeError):
            raise GradingInputError(
                f"unknown assessment {shown(value)} for criterion {criterion.id!r}"
                " (expected met, partly_met, not_met or not_assessed)"
            ) from None
        by_level[criterion.level][state] += 1
        if state == MET:
            if criterion.significant and criterion.level == "fair":
                significant[MET] += 1
            if criterion.dominant:
                tally.dominant_total += 1
            continue
        if criterion.level == "fair":
            tally.fair_short.append(criterion.id)
            if criterion.significant:
                significant[state] += 1
                if state == NOT_MET:
                    tally.significant_not_met.append(criterion.id)
                elif state == PARTLY_MET:
                    tally.significant_partly_met.append(criterion.id)
        if criterion.dominant:
            tally.dominant_total += 1
            if state == NOT_MET:
                tally.dominant_not_met.append(criterion.id)
        if state == NOT_ASSESSED and (criterion.significant or criterion.dominant):
            tally.missing.append(criterion.id)
    return tally
