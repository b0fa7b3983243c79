"""Count one request's assessments (or scores) per set of the grading model, in one pass.

The rules in `rules` and the sentences in `reasons` read only the tally. This is the hot loop of
the benchmark, so it avoids allocating per criterion: each criterion's sets are looked up once
by its level and flags, and ids are kept only for values other than the best.

A value is a position: for a model assessed by states, met 0, partly_met 1, not_met 2,
not_assessed 3; for a scored model, the scores lowest to highest, then not assessed last.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inspectorate.core.grading.model import Criterion, GradingInputError, shown

# Positions in a state model's value list.
MET, PARTLY_MET, NOT_MET, NOT_ASSESSED = 0, 1, 2, 3
STATE_INDEX: Mapping[object, int] = {
    "met": MET, "partly_met": PARTLY_MET, "not_met": NOT_MET, "not_assessed": NOT_ASSESSED,
}

# level -> [significant][dominant] -> the offsets (set index * width) of the sets a criterion so
# marked belongs to: one look-up a criterion, no arithmetic beyond adding its value.
Membership = Mapping[str, tuple[tuple[tuple[int, ...], tuple[int, ...]], tuple[tuple[int, ...], tuple[int, ...]]]]


@dataclass(slots=True)
class Tally:
    """Counts per set and value, with the criteria a reason may name.

    `counts[set * width + value]` is how many criteria of the set have that value, `totals[set]`
    how many the set holds. `rest` lists (value, id, offsets of its sets) in criterion order for
    every criterion not met (every criterion, for a scored model), so a reason can name them.
    """

    width: int
    counts: list[int]
    totals: list[int]
    rest: list[tuple[int, str, tuple[int, ...]]]
    criteria: Sequence[Criterion]
    values: Mapping[str, object]
    complete: bool  # True when `rest` holds every criterion (a scored model)

    def count(self, index: int, selection: tuple[int, ...]) -> int:
        """How many criteria of the set have one of the selected values."""
        start = index * self.width
        counts = self.counts
        return sum(counts[start + value] for value in selection)

    def ids(self, index: int, selection: tuple[int, ...], membership: Membership) -> list[str]:
        """The ids of the set's criteria with one of the selected values, in criterion order."""
        offset = index * self.width
        if self.complete or 0 not in selection:
            return [identifier for value, identifier, sets in self.rest if value in selection and offset in sets]
        found = []  # met is not kept during the count: look again (only a reason needs it)
        for criterion in self.criteria:
            if offset in membership[criterion.level][criterion.significant][criterion.dominant]:
                if STATE_INDEX[self.values.get(criterion.id, "not_assessed")] in selection:
                    found.append(criterion.id)
        return found


def _totals(counts: list[int], width: int) -> list[int]:
    return [sum(counts[start : start + width]) for start in range(0, len(counts), width)]


def tally_states(
    criteria: Sequence[Criterion], assessments: Mapping[str, str], membership: Membership, sets: int
) -> Tally:
    """Count `assessments` against `criteria`; a criterion with no entry is not assessed.

    Raises GradingInputError on an assessment value outside SPEC section 3's four, or a
    criterion whose level the model does not have.
    """
    counts = [0] * (sets * 4)
    rest: list[tuple[int, str, tuple[int, ...]]] = []
    get = assessments.get
    index = STATE_INDEX
    for criterion in criteria:
        value = get(criterion.id, "not_assessed")
        try:
            state = index[value]
        except (KeyError, TypeError):
            raise GradingInputError(
                f"unknown assessment {shown(value)} for criterion {criterion.id!r}"
                " (expected met, partly_met, not_met or not_assessed)"
            ) from None
        try:
            offsets = membership[criterion.level][criterion.significant][criterion.dominant]
        except KeyError:
            raise GradingInputError(f"criterion {criterion.id!r} has a level this model does not have") from None
        for offset in offsets:
            counts[offset + state] += 1
        if state:
            rest.append((state, criterion.id, offsets))
    return Tally(4, counts, _totals(counts, 4), rest, criteria, assessments, False)


def tally_scores(
    criteria: Sequence[Criterion],
    scores: Mapping[str, object],
    membership: Membership,
    sets: int,
    lowest: int,
    highest: int,
) -> Tally:
    """Count `scores` (whole numbers lowest..highest) against `criteria`; no entry is not scored.

    Every criterion is kept in `rest` (value 0 is the lowest score, not the best), so reasons
    can name the items behind any score.
    """
    width = highest - lowest + 2
    unscored = width - 1
    counts = [0] * (sets * width)
    rest: list[tuple[int, str, tuple[int, ...]]] = []
    for criterion in criteria:
        score = scores.get(criterion.id)
        if score is None:
            value = unscored
        elif isinstance(score, int) and not isinstance(score, bool) and lowest <= score <= highest:
            value = score - lowest
        else:
            raise GradingInputError(
                f"score {shown(score)} for {criterion.id!r} is not a whole number from {lowest} to {highest}"
            )
        try:
            offsets = membership[criterion.level][criterion.significant][criterion.dominant]
        except KeyError:
            raise GradingInputError(f"criterion {criterion.id!r} has a level this model does not have") from None
        for offset in offsets:
            counts[offset + value] += 1
        rest.append((value, criterion.id, offsets))
    return Tally(width, counts, _totals(counts, width), rest, criteria, scores, True)
