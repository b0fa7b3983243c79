"""The rules of SPEC section 4, case by case, as a careful reader would write them.

A framework is written in a short notation: one token a criterion, `<level><flags>=<state>`,
level f/g/e (fair, good, excellent), flags s (significant) and d (dominant), state m/p/n/-
(met, partly_met, not_met, not_assessed) or nothing for no entry at all, and `*n` to repeat.
Ids are numbered per level: "fs=m fs=n g=m" is F1, F2 and G1.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction

import pytest

from inspectorate.core.grading import Criterion, GradingInputError, Outcome, Policy, derive_grade

_LEVELS = {"f": "fair", "g": "good", "e": "excellent"}
_STATES = {"m": "met", "p": "partly_met", "n": "not_met", "-": "not_assessed"}


def framework(spec: str) -> tuple[list[Criterion], dict[str, str]]:
    """Build criteria and assessments from the notation in this module's docstring."""
    criteria: list[Criterion] = []
    assessments: dict[str, str] = {}
    numbers: Counter[str] = Counter()
    for token in spec.split():
        token, _, repeat = token.partition("*")
        head, _, state = token.partition("=")
        for _ in range(int(repeat or 1)):
            numbers[head[0]] += 1
            identifier = f"{head[0].upper()}{numbers[head[0]]}"
            criteria.append(Criterion(identifier, _LEVELS[head[0]], "s" in head, "d" in head))  # type: ignore[arg-type]
            if state:
                assessments[identifier] = _STATES[state]
    return criteria, assessments


def grade(spec: str, *, beacon: bool = False, innovation: bool = False, **policy: object) -> Outcome:
    criteria, assessments = framework(spec)
    return derive_grade(
        criteria=criteria, assessments=assessments, beacon=beacon, innovation=innovation,
        policy=Policy(**policy),  # type: ignore[arg-type]
    )


BI = {"beacon": True, "innovation": True}

# (notation, beacon/innovation, expected grade or decided, why)
CASES = [
    # incomplete: checked first, whatever else holds
    ("fs=- fs=m g=m", {}, "incomplete", "significant Fair criterion not assessed"),
    ("fs fs=m g=m", {}, "incomplete", "no entry counts as not assessed"),
    ("fd=- f=m g=m", {}, "incomplete", "dominant Fair criterion not assessed"),
    ("fs=m gd=- g=m", {}, "incomplete", "dominant Good criterion not assessed"),
    ("fs=m ed", BI, "incomplete", "dominant Excellent criterion with no entry"),
    ("fs=m gs=- g=m", {}, "incomplete", "any criterion flagged significant counts, whatever its level"),
    ("fsd=n fs=-", {}, "incomplete", "incomplete is checked before Poor"),
    ("f=- fs=m g=m", {}, "Fair", "an unflagged criterion not assessed does not block grading"),
    ("fs=m f=m g=m*4 g=-", BI, "Excellent", "an unflagged Good criterion not assessed only fails to be met"),
    # Poor: a failed dominant criterion
    ("fsd=n fs=m*5 g=m*5", BI, "Poor", "dominant Fair criterion not met, share well below"),
    ("fs=m*3 f=m gd=n g=m*4", BI, "Poor", "dominant Good criterion not met"),
    ("fs=m ed=n g=m", BI, "Poor", "dominant Excellent criterion not met"),
    ("fd=n", {}, "Poor", "a dominant criterion need not be significant"),
    ("fs=m*3 gd=p g=m*4", {}, "Good", "a dominant criterion partly met does not fail"),
    ("fsd=p fs=m*3", {}, "judgement_required", "dominant and significant, partly met: not Poor, not Fair"),
    # Poor: the share of significant Fair criteria not met
    ("fs=n fs=m fs=m", {}, "Poor", "1 of 3 is exactly the default share of 1/3"),
    ("fs=n fs=m*3", {}, "judgement_required", "1 of 4 is below 1/3"),
    ("fs=n fs=p fs=p", {}, "Poor", "partly met criteria still count in the whole"),
    ("fs=p*3", {}, "judgement_required", "partly met never counts towards Poor's share"),
    ("fs=m f=n f=n g=m g=m", {}, "Fair", "unflagged Fair criteria not met do not count towards Poor"),
    ("fs=m fs=m gs=n g=m", {}, "Fair", "a significant flag on a Good criterion does not count for Poor"),
    ("f=n*3 g=m", {}, "Fair", "no significant Fair criteria: Poor's share cannot fire"),
    # Fair
    ("fs=m*4 g=m*3 g=n*5", {}, "Fair", "all significant Fair met, Good short"),
    ("fs=m f=p g=m*5", BI, "Fair", "an unflagged Fair criterion partly met keeps Good away"),
    ("fs=m f=n g=m*5", BI, "Fair", "an unflagged Fair criterion not met keeps Good away"),
    ("fs=m f=- g=m*5", BI, "Fair", "an unflagged Fair criterion not assessed keeps Good away"),
    ("fs=m f=m", BI, "Fair", "no Good criteria: neither Good nor Excellent can hold"),
    ("f=m g=m*2", {}, "Good", "no significant criteria, every Fair met"),
    # Good
    ("fs=m f=m g=m*2 g=n", {}, "Good", "2 of 3 Good met"),
    ("fs=m g=m*3 g=n", BI, "Good", "75% is below the vast majority"),
    ("fs=m g=m*5", {"beacon": True}, "Good", "no innovation evidence"),
    ("fs=m g=m*5", {"innovation": True}, "Good", "no beacon evidence"),
    ("g=m g=p", BI, "Fair", "partly met Good criteria are not met"),
    # Excellent
    ("fs=m f=m g=m*4 g=n", BI, "Excellent", "4 of 5 Good met is exactly 80%"),
    ("fs=m f=m g=m*4 g=p", BI, "Excellent", "the fifth only partly met"),
    ("fs=m g=m e=n e=p", BI, "Excellent", "Excellent-level criteria are not part of any rule"),
    ("g=m", BI, "Excellent", "a framework of one Good criterion"),
    # judgement required
    ("fs=n fs=m*3 g=m*5", BI, "judgement_required", "significant Fair not met, Poor's share not reached"),
    ("fs=p fs=m g=m", {}, "judgement_required", "a significant Fair criterion only partly met"),
]


@pytest.mark.parametrize(("spec", "flags", "expected", "why"), CASES, ids=[case[3] for case in CASES])
def test_rule_table(spec: str, flags: dict[str, bool], expected: str, why: str) -> None:
    outcome = grade(spec, **flags)
    if expected in ("incomplete", "judgement_required"):
        assert (outcome.grade, outcome.decided) == (None, expected)
    else:
        assert (outcome.grade, outcome.decided, outcome.candidates) == (expected, "rule", (expected,))
        assert outcome.missing == ()


# (notation, policy overrides, expected): each threshold at, just below and just above its boundary
BOUNDARIES = [
    ("fs=n fs=m*2", {}, "Poor"),  # 1/3 = 1/3
    ("fs=n fs=m*3", {}, "judgement_required"),  # 1/4 < 1/3
    ("fs=n*2 fs=m*4", {}, "Poor"),  # 2/6 = 1/3
    ("fs=n*2 fs=m*5", {}, "judgement_required"),  # 2/7 < 1/3
    ("fs=n*3 fs=m*4", {}, "Poor"),  # 3/7 > 1/3
    ("fs=n*3 fs=m*6", {}, "Poor"),  # 3/9 = 1/3
    ("fs=n*2 fs=m*7", {}, "judgement_required"),  # 2/9 < 1/3
    ("fs=m g=m*2 g=n*2", {}, "Fair"),  # 2/4 = 50%, not more
    ("fs=m g=m*3 g=n", {}, "Good"),  # 3/4 > 50%
    ("fs=m g=m*5 g=n*5", {}, "Fair"),  # 50%
    ("fs=m g=m*6 g=n*4", {}, "Good"),  # 60%
    ("fs=m g=m*4 g=n*5", {}, "Fair"),  # 44%
    ("fs=m g=m*5 g=n*4", {}, "Good"),  # 56%
    ("fs=m g=m*8 g=n*2", BI, "Excellent"),  # 80% = 80%
    ("fs=m g=m*7 g=n*3", BI, "Good"),  # 70% < 80%
    ("fs=m g=m*9 g=n", BI, "Excellent"),  # 90% > 80%
    ("fs=m g=m*3 g=n*2", BI, "Good"),  # 60%
    ("fs=m g=m*5 g=n", BI, "Excellent"),  # 83%
    # policy overrides
    ("fs=n*2 fs=m*2", {"poor_share": Fraction(1, 2)}, "Poor"),  # 50% = 50%
    ("fs=n fs=m*2", {"poor_share": Fraction(1, 2)}, "judgement_required"),  # 33% < 50%
    ("fs=n fs=m*3", {"poor_share": 0.25}, "Poor"),  # a float compares exactly
    ("fs=n fs=m*2", {"poor_share": 0.3333333333333333}, "Poor"),  # a float just under 1/3
    ("fs=n fs=m*3", {"poor_share": 1}, "judgement_required"),
    ("fs=n", {"poor_share": 1}, "Poor"),  # every significant Fair criterion not met
    ("fs=m g=m*7 g=n*3", {"good_most": 0.7}, "Fair"),  # 70% is not more than 0.7
    ("fs=m g=m*7 g=n*3", {"good_most": Decimal("0.69")}, "Good"),
    ("fs=m g=m*8 g=n*2", {"good_most": 0.7}, "Good"),
    ("fs=m g=m g=n*4", {"good_most": 0}, "Good"),  # any Good met is more than none
    ("fs=m g=n*5", {"good_most": 0}, "Fair"),
    ("fs=m g=m*5", {"good_most": 1}, "Fair"),  # nothing is more than all
    ("fs=m g=m*5", {"good_most": 1, "beacon": True, "innovation": True}, "Excellent"),
    ("fs=m g=m*3 g=n*2", {"excellent_vast": 0.6, "beacon": True, "innovation": True}, "Excellent"),
    ("fs=m g=m*4 g=n", {"excellent_vast": 1, "beacon": True, "innovation": True}, "Good"),
    ("fs=m g=m*5", {"excellent_vast": 1, "beacon": True, "innovation": True}, "Excellent"),
]


@pytest.mark.parametrize(("spec", "options", "expected"), BOUNDARIES)
def test_thresholds_at_and_either_side_of_their_boundaries(
    spec: str, options: dict[str, object], expected: str
) -> None:
    options = dict(options)
    flags = {key: bool(options.pop(key)) for key in ("beacon", "innovation") if key in options}
    outcome = grade(spec, **flags, **options)
    assert (outcome.grade or outcome.decided) == expected


def test_incomplete_lists_what_is_missing_in_criterion_order() -> None:
    outcome = grade("fs=m gd=- fs fs=n f=- fsd=-")
    assert outcome.to_json() == {
        "grade": None,
        "decided": "incomplete",
        "candidates": [],
        "missing": ["G1", "F2", "F5"],
        "reasons": [
            "Incomplete: no grade can be derived while 3 significant or dominant criteria are not"
            " assessed: G1, F2, F5."
        ],
        "counts": outcome.counts,
    }
    assert outcome.counts["missing"] == 3


def test_judgement_required_offers_both_candidates_and_says_why() -> None:
    outcome = grade("fs=n fs=p fs=m*3 g=m")
    assert (outcome.grade, outcome.decided, outcome.candidates) == (None, "judgement_required", ("Fair", "Poor"))
    assert outcome.reasons == (
        "Judgement required: the rules cannot decide between Fair and Poor; a lead inspector must choose"
        " and write why.",
        "Fair not reached: 1 of 5 significant Fair criteria is not met (F1) and 1 is only partly met (F2).",
        "Poor not reached: 1 of 5 significant Fair criteria is not met, below the Poor share of 1/3, and"
        " there are no dominant criteria.",
    )


def test_poor_names_the_dominant_criterion_and_the_share() -> None:
    assert grade("fs=m fsd=n fs=m fs=m").reasons == ("Poor: dominant criterion F2 is not met.",)
    both = grade("fsd=n fs=n fs=m gd=n")
    assert both.reasons == (
        "Poor: dominant criteria F1, G1 are not met.",
        "Poor: 2 of 3 significant Fair criteria are not met (F1, F2), at least the Poor share of 1/3.",
    )
    assert both.counts["dominant_not_met"] == 2


def test_fair_reasons_give_the_counts_behind_them() -> None:
    outcome = grade("fs=m*4 g=m*3 g=n*5")
    assert outcome.reasons == (
        "Fair: all 4 significant Fair criteria are met.",
        "Good not reached: 3 of 8 Good criteria met, needs more than 50%.",
    )
    assert {key: outcome.counts[key] for key in ("significant_total", "significant_met", "good_total", "good_met")} == {
        "significant_total": 4, "significant_met": 4, "good_total": 8, "good_met": 3,
    }


def test_without_good_criteria_the_reasons_say_good_cannot_hold() -> None:
    outcome = grade("fs=m f=m", beacon=True, innovation=True)
    assert outcome.reasons[1] == (
        "Good not reached: the framework has no Good criteria, so neither Good nor Excellent can hold."
    )


def test_good_reasons_say_what_excellent_still_needs() -> None:
    outcome = grade("fs=m f=p g=m*5")
    assert outcome.reasons[1] == "Good not reached: 1 of 2 Fair criteria met, needs all (not met in full: F2)."
    good = grade("fs=m g=m*3 g=n")
    assert good.reasons == (
        "Good: every Fair criterion is met (1 of 1) and 3 of 4 Good criteria are met, more than 50%.",
        "Excellent not reached: 3 of 4 Good criteria met, needs at least 80%; no beacon evidence recorded;"
        " no innovation evidence recorded.",
    )


def test_excellent_reasons_name_every_condition() -> None:
    assert grade("fs=m g=m*4 g=n", beacon=True, innovation=True).reasons == (
        "Excellent: every Fair criterion is met (1 of 1), 4 of 5 Good criteria are met, at least 80%, and"
        " beacon and innovation evidence are both recorded.",
    )


def test_counts_are_named_integers() -> None:
    counts = grade("fs=m fs=p fs=n f=- gd=m g=p e=m").counts
    assert counts["fair_total"] == 4 and counts["fair_met"] == 1 and counts["fair_not_assessed"] == 1
    assert counts["significant_partly_met"] == 1 and counts["significant_not_met"] == 1
    assert counts["good_total"] == 2 and counts["good_partly_met"] == 1 and counts["dominant_total"] == 1
    assert counts["criteria_total"] == 7 and counts["excellent_met"] == 1
    assert all(isinstance(value, int) for value in counts.values())


def test_an_unknown_assessment_value_is_refused() -> None:
    criteria, _ = framework("fs")
    with pytest.raises(GradingInputError, match="unknown assessment 'yes' for criterion 'F1'"):
        derive_grade(criteria=criteria, assessments={"F1": "yes"})


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"id": "", "level": "fair"}, "non-empty string"),
        ({"id": "A", "level": "great"}, "unknown level 'great'"),
        ({"id": "A", "level": "fair", "significant": 1}, "'significant' must be true or false"),
    ],
)
def test_a_malformed_criterion_is_refused(arguments: dict[str, object], message: str) -> None:
    with pytest.raises(GradingInputError, match=message):
        Criterion(**arguments)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [-0.1, 1.01, float("nan"), True, "0.5", None])
def test_a_threshold_outside_0_to_1_is_refused(value: object) -> None:
    with pytest.raises(GradingInputError, match="'good_most' must be a number from 0 to 1"):
        Policy(good_most=value)  # type: ignore[arg-type]


def test_policy_defaults_are_exact_fractions() -> None:
    assert Policy() == Policy(Fraction(1, 3), Fraction(1, 2), Fraction(4, 5))
    assert Policy(good_most=0.7).good_most == Fraction(7, 10)  # type: ignore[arg-type]
