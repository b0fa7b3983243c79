"""Grading models as library files: CQC's bands and limiters, PEEL's cause-of-concern rule, and broken files."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path

import pytest

from inspectorate.cli import main
from inspectorate.core.grading import (
    Criterion,
    GradingInputError,
    LibraryError,
    derive_grade,
    grading_models,
    load_model_file,
)
from inspectorate.core.grading.modelfile import exact_number

MODELS = Path(__file__).resolve().parents[3] / "library" / "models"


def statements(*scores: int) -> tuple[list[Criterion], dict[str, int]]:
    criteria = [Criterion(f"S{n}", "statement") for n in range(1, len(scores) + 1)]
    return criteria, {c.id: score for c, score in zip(criteria, scores, strict=True)}


def cqc(*scores: int) -> tuple[str | None, tuple[str, ...]]:
    criteria, marks = statements(*scores)
    outcome = derive_grade(criteria=criteria, scores=marks, model="cqc-2023")
    return outcome.grade, outcome.reasons


# (scores, exact percentage, rating): both sides of every band edge, without limiters at play
# (no statement scored 1 or 2 unless the case says so).
BANDS = [
    ((3,) * 7 + (4,), "78.125%", "Good"),
    ((4,) * 7 + (3,), "96.875%", "Outstanding"),
    ((4,) * 22 + (3,) * 3, "97%", "Outstanding"),
    # the Outstanding edge, 88%: 22 of 25 statements at 4 and 3 at 3 is 97; 88% exactly is 88 of 100
    ((4,) * 13 + (3,) * 12, "88%", "Outstanding"),
    ((4,) * 12 + (3,) * 13, "87%", "Good"),
    ((4,) * 3 + (3,) * 5, "84.375%", "Good"),
    # the Good edge, 63%: scores of 2 keep it below Outstanding anyway
    ((3,) * 13 + (2,) * 12, "63%", "Good"),
    ((3,) * 12 + (2,) * 13, "62%", "Requires improvement"),
    ((3,) * 4 + (2,) * 4, "62.5%", "Requires improvement"),  # 62.5% is below 63%: no rounding
    ((3,) * 5 + (2,) * 3, "65.625%", "Good"),
    # the Requires improvement edge, 39%
    ((2,) * 14 + (1,) * 11, "39%", "Requires improvement"),
    ((2,) * 13 + (1,) * 12, "38%", "Inadequate"),
    ((2,) * 4 + (1,) * 4, "37.5%", "Inadequate"),
    ((2,) * 5 + (1,) * 3, "40.625%", "Requires improvement"),
    ((1,) * 8, "25%", "Inadequate"),
]


@pytest.mark.parametrize(("scores", "percentage", "rating"), BANDS, ids=[f"{p} {r}" for _, p, r in BANDS])
def test_cqc_bands_at_every_edge(scores: tuple[int, ...], percentage: str, rating: str) -> None:
    grade, reasons = cqc(*scores)
    assert grade == rating
    assert f"({percentage})" in " ".join(reasons)


def test_the_percentage_is_exact_not_rounded() -> None:
    grade, reasons = cqc(3, 3, 3, 3, 2, 2, 2, 2)
    assert reasons == (
        "Requires improvement: the 8 quality statements score 20 of a possible 32 (62.5%),"
        " in the Requires improvement band from 39%.",
        "Good not reached: 62.5% is below 63%.",
    )


def test_a_statement_scored_2_stops_outstanding_and_says_so() -> None:
    grade, reasons = cqc(4, 4, 4, 4, 4, 4, 4, 2)  # 30 of 32, 93.75%, in the Outstanding band
    assert grade == "Good"
    assert reasons[0] == "Good: limited from Outstanding: quality statement S8 is scored 1 or 2."
    assert reasons[1].startswith("Without the limit: Outstanding: the 8 quality statements score 30 of a possible 32")


def test_a_statement_scored_1_limits_to_requires_improvement() -> None:
    grade, reasons = cqc(4, 4, 4, 4, 4, 4, 4, 1)
    assert grade == "Requires improvement"
    assert reasons[0] == "Requires improvement: limited from Outstanding: quality statement S8 is scored 1."


def test_a_limiter_never_raises_a_grade() -> None:
    assert cqc(1, 1, 1, 2)[0] == "Inadequate"
    assert cqc(4, 4, 2, 2)[0] == "Good"  # 75%: Good, and the limiter (at best Good) changes nothing


def test_an_unscored_statement_makes_the_rating_incomplete() -> None:
    criteria, marks = statements(4, 4, 4)
    del marks["S2"]
    outcome = derive_grade(criteria=criteria, scores=marks, model="cqc-2023")
    assert (outcome.grade, outcome.decided, outcome.missing) == (None, "incomplete", ("S2",))
    assert outcome.reasons == ("Incomplete: no grade can be derived while 1 quality statement is not scored: S2.",)


def peel(
    states: str, findings: dict[str, tuple[str, ...]] | None = None
) -> tuple[str | None, tuple[str, ...]]:
    """`states` one letter a characteristic of good: m met, p partly met, n not met."""
    names = {"m": "met", "p": "partly_met", "n": "not_met"}
    criteria = [Criterion(f"1.{n}", "characteristic") for n in range(1, len(states) + 1)]
    assessments = {c.id: names[s] for c, s in zip(criteria, states, strict=True)}
    outcome = derive_grade(criteria=criteria, assessments=assessments, findings=findings, model="peel-2025")
    return outcome.grade, outcome.reasons


def test_peel_a_cause_of_concern_means_inadequate_whatever_else_holds() -> None:
    grade, reasons = peel("mmmmm", {"cause_of_concern": ("CC1 (calls for service answered late)",)})
    assert grade == "Inadequate"
    assert reasons == ("Inadequate: 1 cause of concern: CC1 (calls for service answered late).",)


def test_peel_an_accelerated_cause_of_concern_is_named_as_such() -> None:
    grade, reasons = peel("mmn", {"accelerated_cause_of_concern": ("ACC1",), "cause_of_concern": ("CC1", "CC2")})
    assert grade == "Inadequate"
    assert reasons == (
        "Inadequate: 1 accelerated cause of concern: ACC1.",
        "Inadequate: 2 causes of concern: CC1, CC2.",
    )


PEEL = [
    ("mmmmm", {"innovative_practice": ("IP1",)}, "Outstanding"),
    ("mmmmm", {}, "Good"),  # every characteristic shown but nothing beyond
    ("mmmmn", {}, "Good"),  # 4 of 5 is 80%, substantially all
    ("mmmnn", {}, "Adequate"),  # 60%
    ("mmnnp", {}, "Requires improvement"),  # 40%, below half
    ("mmpp", {}, "Adequate"),  # 2 of 4 is exactly half
    ("mmmmm", {"innovative_practice": ("IP1",), "area_for_improvement": ("AFI1",)}, "Good"),
]


@pytest.mark.parametrize(("states", "findings", "expected"), PEEL)
def test_peel_grades_from_characteristics_of_good(
    states: str, findings: dict[str, tuple[str, ...]], expected: str
) -> None:
    assert peel(states, findings)[0] == expected


def test_peel_requires_improvement_says_what_adequate_needs() -> None:
    assert peel("mnnnn")[1] == (
        "Requires improvement: no rule for a better grade holds.",
        "Adequate not reached: 1 of 5 characteristics of good shown, needs at least 50%.",
    )


def test_peel_an_area_for_improvement_stops_outstanding() -> None:
    grade, reasons = peel("mmm", {"innovative_practice": ("IP1",), "area_for_improvement": ("AFI1",)})
    assert grade == "Good"
    assert reasons[0] == "Good: limited from Outstanding: 1 area for improvement: AFI1."


def test_the_shipped_models_carry_their_finding_types_and_deadlines() -> None:
    models = grading_models()
    assert {"hmic-2007", "peel-2025", "cqc-2023"} <= set(models)
    peel_model = models["peel-2025"].spec
    assert peel_model.grade_names == ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
    assert [f.key for f in peel_model.findings] == [
        "cause_of_concern", "accelerated_cause_of_concern", "area_for_improvement", "innovative_practice",
    ]
    recommending = [f.key for f in peel_model.findings if f.recommendation]
    assert recommending == ["cause_of_concern", "accelerated_cause_of_concern"]
    assert [(f.who, f.days) for f in peel_model.follow_up] == [("police and crime commissioner", 56)]
    hmic = models["hmic-2007"].spec
    assert hmic.grade_names == ("Excellent", "Good", "Fair", "Poor")
    assert [f.key for f in hmic.findings] == [
        "national_contextual_factor", "contextual_factor", "strength", "work_in_progress", "area_for_improvement",
    ]
    assert hmic.parameters["poor_share"].value == Fraction(1, 3)


@pytest.mark.parametrize(
    ("text", "value"), [("1/3", Fraction(1, 3)), ("0.5", Fraction(1, 2)), (0.7, Fraction(7, 10)), (2, 2)]
)
def test_numbers_in_a_model_file_are_exact(text: object, value: Fraction) -> None:
    assert exact_number(text) == value


BROKEN = [
    (
        "grade: Good\n", "rules.reach[1].grade: 'Grand' is not a grade of this model's scale",
        "- grade: Good", "- grade: Grand",
    ),
    (
        "colour", "scale[2].text_colour: #ffffff on #b58800 has a contrast of",
        'text_colour: "#0b0c0c"', 'text_colour: "#ffffff"',
    ),
    (
        "set", "rules.force[0].any[0].count: 'dominants' is not one of the sets",
        "count: dominant,", "count: dominants,",
    ),
    (
        "param", "rules.reach[1].all[1].more_than: 'good_mots' is not one of the parameters",
        "more_than: good_most", "more_than: good_mots",
    ),
    (
        "typo", "rules.force[0].any[1].held_: is not a field this file may have",
        "          held:", "          held_:",
    ),
    (
        "share", "rules.force[0].any[1].at_least: must be a number such as",
        "at_least: poor_share", "at_least: 1/0",
    ),
]


@pytest.mark.parametrize(("name", "message", "old", "new"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_model_file_names_the_file_the_field_and_the_reason(
    tmp_path: Path, name: str, message: str, old: str, new: str
) -> None:
    path = tmp_path / "hmic-2007.yaml"
    shutil.copy(MODELS / "hmic-2007.yaml", path)
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(LibraryError) as caught:
        load_model_file(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value) and "(line " in str(caught.value)


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], request: object) -> tuple[int, str, str]:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    code = main(["grade", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_inspectorate_grade_takes_scores_for_cqc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = {"model": "cqc-2023", "criteria": [{"id": f"S{n}"} for n in range(1, 5)],
               "scores": {"S1": 4, "S2": 4, "S3": 4, "S4": 2}}
    code, out, err = run(tmp_path, capsys, request)
    document = json.loads(out)
    assert (code, err) == (0, "")
    assert (document["grade"], document["model"]) == ("Good", "cqc-2023")
    assert document["counts"]["statements_points"] == 14 and document["counts"]["statements_maximum"] == 16


def test_inspectorate_grade_takes_findings_for_peel(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    request = {"model": "peel-2025", "criteria": [{"id": "1.1"}, {"id": "1.2"}],
               "assessments": {"1.1": "met", "1.2": "met"},
               "findings": [{"type": "cause_of_concern", "id": "CC1", "text": "Victims wait too long."}]}
    code, out, _ = run(tmp_path, capsys, request)
    document = json.loads(out)
    assert code == 0 and document["grade"] == "Inadequate"
    assert document["reasons"] == ["Inadequate: 1 cause of concern: CC1 (Victims wait too long)."]


CQC = {"model": "cqc-2023", "criteria": [{"id": "S1"}]}
PEEL_REQUEST = {"model": "peel-2025", "criteria": [{"id": "1.1"}]}
BAD = [
    ({"model": "ofsted", "criteria": [{"id": "A"}]}, "unknown grading model 'ofsted' (expected"),
    ({"model": 7, "criteria": [{"id": "A"}]}, "'model' must be the key of a grading model, not 7"),
    (CQC | {"scores": {"S1": 5}}, "score 5 for 'S1' is not a whole number from 1 to 4"),
    (CQC | {"scores": {"S1": True}}, "score True for 'S1'"),
    (CQC | {"assessments": {}}, "the cqc-2023 model is scored: give 'scores'"),
    (CQC | {"scores": {"S9": 1}}, "score of unknown criterion 'S9'"),
    (CQC | {"criteria": [{"id": "S1", "level": "fair"}]}, "unknown level 'fair' (expected statement)"),
    ({"criteria": [{"id": "A", "level": "fair"}], "scores": {"A": 1}}, "the hmic-2007 model is assessed, not scored"),
    (PEEL_REQUEST | {"findings": [{"type": "strength", "id": "S"}]}, "finding 1 has unknown type 'strength'"),
    (PEEL_REQUEST | {"findings": [{"type": "cause_of_concern"}]}, "finding 1 has no id"),
    (PEEL_REQUEST | {"beacon": True}, "'beacon' is not evidence the peel-2025 model records"),
    (PEEL_REQUEST | {"policy": {"poor_share": 0.5}}, "policy key 'poor_share' (expected substantially_all or some)"),
]


@pytest.mark.parametrize(("request_", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_model_requests_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], request_: object, message: str
) -> None:
    code, out, err = run(tmp_path, capsys, request_)
    assert (code, out) == (2, "")
    assert err.startswith("grade: ") and err.count("\n") == 1 and message in err


def test_a_peel_policy_changes_its_thresholds() -> None:
    criteria = [Criterion(f"1.{n}", "characteristic") for n in range(1, 6)]
    assessments = {c.id: "met" for c in criteria[:3]} | {c.id: "not_met" for c in criteria[3:]}
    assert derive_grade(criteria=criteria, assessments=assessments, model="peel-2025").grade == "Adequate"
    stricter = {"some": Fraction(2, 3)}
    assert derive_grade(criteria=criteria, assessments=assessments, model="peel-2025", policy=stricter).grade == (
        "Requires improvement"
    )
    with pytest.raises(GradingInputError, match="has no parameter 'poor_share'"):
        derive_grade(criteria=criteria, assessments=assessments, model="peel-2025", policy={"poor_share": Fraction(1)})


# (scores, exact percentage, band, rating): the limiters at the band edges they bite on. A statement
# scored 2 stops Outstanding; a statement scored 1 keeps the rating at Requires improvement at best.
LIMITED = [
    ((4,) * 14 + (3,) * 10 + (2,), "88%", "Outstanding", "Good"),
    ((4,) * 13 + (3,) * 11 + (2,), "87%", "Good", "Good"),
    ((4,) * 15 + (3,) * 9 + (1,), "88%", "Outstanding", "Requires improvement"),
    ((3,) * 14 + (2,) * 10 + (1,), "63%", "Good", "Requires improvement"),
    ((3,) * 13 + (2,) * 11 + (1,), "62%", "Requires improvement", "Requires improvement"),
    ((2,) * 13 + (1,) * 12, "38%", "Inadequate", "Inadequate"),
]


@pytest.mark.parametrize(("scores", "percentage", "band", "rating"), LIMITED,
                         ids=[f"{p} {b} to {r}" for _, p, b, r in LIMITED])
def test_cqc_limiters_at_the_band_edges(scores: tuple[int, ...], percentage: str, band: str, rating: str) -> None:
    grade, reasons = cqc(*scores)
    assert grade == rating
    text = " ".join(reasons)
    assert f"({percentage}), in the {band} band" in text
    if band != rating:
        assert reasons[0].startswith(f"{rating}: limited from {band}: quality statement S25 is scored")
        assert reasons[1].startswith(f"Without the limit: {band}:")
    else:
        assert "limited from" not in text
