"""SPEC section 4 read literally: Poor's rules first, then the best grade whose rule holds.

In order:
1. a criterion flagged significant or dominant that is `not_assessed` -> incomplete, no grade;
2. Poor: a dominant criterion `not_met`, or `not_met` significant Fair criteria at least
   `poor_share` of all significant Fair criteria;
3. Excellent: every Fair criterion `met`, `met` Good criteria at least `excellent_vast` of the
   Good criteria, and beacon and innovation evidence both recorded;
4. Good: every Fair criterion `met`, `met` Good criteria more than `good_most` of them;
5. Fair: every significant Fair criterion `met`;
6. otherwise the rules cannot choose between Fair and Poor -> judgement_required.
`partly_met` never meets a rule and never counts towards Poor's share.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from inspectorate.grading import reasons
from inspectorate.grading.model import DEFAULT_POLICY, Criterion, Grade, Outcome, Policy
from inspectorate.grading.tally import MET, NOT_MET, tally_assessments


def derive_grade(
    *,
    criteria: Sequence[Criterion],
    assessments: Mapping[str, str],
    beacon: bool = False,
    innovation: bool = False,
    policy: Policy = DEFAULT_POLICY,
) -> Outcome:
    """Derive one framework's grade from its criterion assessments by the rules of SPEC section 4.

    `assessments` maps criterion id to "met", "partly_met", "not_met" or "not_assessed"; a
    criterion with no entry is not assessed, and an entry for an id not in `criteria` is
    ignored here (`parse_grading_request` refuses it). `beacon` and `innovation` say whether
    beacon evidence and innovation evidence are recorded. Raises GradingInputError on an
    assessment value outside the four.
    """
    tally = tally_assessments(criteria, assessments)
    counts = tally.counts()
    if tally.missing:
        return Outcome(None, "incomplete", (), tuple(tally.missing), reasons.incomplete(tally), counts)

    significant, significant_total = tally.significant, counts["significant_total"]
    share_fires = policy.poor_share_reached(significant[NOT_MET], significant_total)
    if tally.dominant_not_met or share_fires:
        return _decided("Poor", reasons.poor(tally, policy, share_fires), counts)

    good_met, good_total = tally.good[MET], counts["good_total"]
    every_fair_met = not tally.fair_short
    if every_fair_met and beacon and innovation and policy.excellent_vast_reached(good_met, good_total):
        return _decided("Excellent", reasons.excellent(tally, policy), counts)
    if every_fair_met and policy.good_most_exceeded(good_met, good_total):
        return _decided("Good", reasons.good(tally, policy, beacon, innovation), counts)
    if significant[MET] == significant_total:
        return _decided("Fair", reasons.fair(tally, policy), counts)
    return Outcome(
        None, "judgement_required", ("Fair", "Poor"), (), reasons.judgement_required(tally, policy), counts
    )


def _decided(grade: Grade, why: tuple[str, ...], counts: dict[str, int]) -> Outcome:
    return Outcome(grade, "rule", (grade,), (), why, counts)
