"""Properties the rules must keep on any framework: monotone, order-free, explained, as written."""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from inspectorate.core.grading import LEVELS, Criterion, Outcome, Policy, derive_grade

# Worst to best; judgement_required sits between its two candidates, Poor and Fair.
RANK = {"Poor": 0, "judgement_required": 1, "Fair": 2, "Good": 3, "Excellent": 4}
TOWARDS_MET = ("not_met", "partly_met", "met")


@st.composite
def frameworks(draw: st.DrawFn) -> dict[str, Any]:
    """Keyword arguments for derive_grade: 1-30 criteria, any flags, any assessments, any policy."""
    count = draw(st.integers(min_value=1, max_value=30))
    rarely = st.integers(0, 7).map(lambda roll: roll == 0)  # dominant, or significant above Fair
    criteria = []
    for number in range(count):
        level = draw(st.sampled_from(LEVELS))
        significant = draw(st.booleans() if level == "fair" else rarely)
        criteria.append(Criterion(f"C{number}", level, significant, draw(rarely)))
    # Each framework leans one way, so that every outcome turns up often enough.
    leaning = draw(st.sampled_from([
        ("met",) * 30 + ("partly_met", "not_met", "not_assessed"),
        ("met",) * 4 + ("partly_met", "not_met"),
        ("met", "partly_met", "not_met", "not_assessed"),
    ]))
    assessments = {c.id: draw(st.sampled_from(leaning)) for c in criteria if draw(st.integers(0, 49))}
    thresholds = st.fractions(min_value=0, max_value=1, max_denominator=12)
    return {
        "criteria": criteria,
        "assessments": assessments,
        "beacon": draw(st.booleans()),
        "innovation": draw(st.booleans()),
        "policy": Policy(draw(thresholds), draw(thresholds), draw(thresholds)),
    }


def rank(outcome: Outcome) -> int:
    return RANK[outcome.grade or outcome.decided]


def reference_grade(framework: dict[str, Any]) -> str:
    """SPEC section 4 written out again as plainly as possible, with Fractions, to check against."""
    criteria: list[Criterion] = framework["criteria"]
    policy: Policy = framework["policy"]

    def state(criterion: Criterion) -> str:
        return str(framework["assessments"].get(criterion.id, "not_assessed"))

    if any((c.significant or c.dominant) and state(c) == "not_assessed" for c in criteria):
        return "incomplete"
    significant = [c for c in criteria if c.level == "fair" and c.significant]
    fair = [c for c in criteria if c.level == "fair"]
    good = [c for c in criteria if c.level == "good"]
    not_met_share = Fraction(sum(state(c) == "not_met" for c in significant), len(significant or [0]))
    if any(c.dominant and state(c) == "not_met" for c in criteria) or (
        significant and not_met_share >= policy.poor_share
    ):
        return "Poor"
    every_fair_met = all(state(c) == "met" for c in fair)
    good_share = Fraction(sum(state(c) == "met" for c in good), len(good)) if good else None
    if good_share is not None and every_fair_met:
        if good_share >= policy.excellent_vast and framework["beacon"] and framework["innovation"]:
            return "Excellent"
        if good_share > policy.good_most:
            return "Good"
    if all(state(c) == "met" for c in significant):
        return "Fair"
    return "judgement_required"


@given(frameworks())
def test_the_engine_agrees_with_a_plain_reading_of_the_rules(framework: dict[str, Any]) -> None:
    outcome = derive_grade(**framework)
    assert (outcome.grade or outcome.decided) == reference_grade(framework)


@given(frameworks(), st.data())
def test_turning_one_assessment_towards_met_never_lowers_the_grade(
    framework: dict[str, Any], data: st.DataObject
) -> None:
    assessments = framework["assessments"]
    improvable = sorted(key for key, value in assessments.items() if value in ("not_met", "partly_met"))
    if not improvable:
        return
    chosen = data.draw(st.sampled_from(improvable))
    better = data.draw(st.sampled_from(TOWARDS_MET[TOWARDS_MET.index(assessments[chosen]) + 1 :]))
    before = derive_grade(**framework)
    after = derive_grade(**{**framework, "assessments": {**assessments, chosen: better}})
    assert (before.decided == "incomplete") == (after.decided == "incomplete")
    if before.decided != "incomplete":
        assert rank(after) >= rank(before)


@given(frameworks(), st.randoms(use_true_random=False))
def test_the_outcome_is_deterministic_and_independent_of_criterion_order(
    framework: dict[str, Any], random: Any
) -> None:
    first, again = derive_grade(**framework), derive_grade(**framework)
    assert first == again
    shuffled = list(framework["criteria"])
    random.shuffle(shuffled)
    other = derive_grade(**{**framework, "criteria": shuffled})
    assert (other.grade, other.decided, other.candidates) == (first.grade, first.decided, first.candidates)
    assert other.counts == first.counts
    assert sorted(other.missing) == sorted(first.missing)
    assert len(other.reasons) == len(first.reasons)


@given(frameworks())
def test_the_reasons_name_the_deciding_rule(framework: dict[str, Any]) -> None:
    outcome = derive_grade(**framework)
    opening = {"incomplete": "Incomplete:", "judgement_required": "Judgement required:"}
    assert outcome.reasons[0].startswith(opening.get(outcome.decided, f"{outcome.grade}:"))
    assert all(reason.endswith(".") and "\n" not in reason for reason in outcome.reasons)


@given(frameworks())
def test_the_outcome_is_well_formed(framework: dict[str, Any]) -> None:
    outcome = derive_grade(**framework)
    if outcome.decided == "rule":
        assert outcome.grade is not None and outcome.candidates == (outcome.grade,) and not outcome.missing
    elif outcome.decided == "judgement_required":
        assert outcome.grade is None and outcome.candidates == ("Fair", "Poor") and not outcome.missing
    else:
        assert outcome.grade is None and outcome.candidates == () and outcome.missing
    document = json.loads(json.dumps(outcome.to_json()))
    assert set(document) == {"grade", "decided", "candidates", "missing", "reasons", "counts"}
    assert all(isinstance(value, int) for value in document["counts"].values())
