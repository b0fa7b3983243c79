"""`inspectorate grade FILE|-` as SPEC section 11 fixes it: JSON out, exit 0; bad input, exit 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from inspectorate.cli import main

INSPECTORATE = Path(sys.executable).parent / "inspectorate"

REQUEST: dict[str, Any] = {
    "criteria": [
        {"id": "NP-F1", "level": "fair", "significant": True, "dominant": False},
        {"id": "NP-F2", "level": "fair", "significant": True, "dominant": True},
        {"id": "NP-F3", "level": "fair", "significant": False, "dominant": False},
        {"id": "NP-G1", "level": "good", "significant": False, "dominant": False, "text": "ignored"},
        {"id": "NP-G2", "level": "good", "significant": False, "dominant": False},
    ],
    "assessments": {"NP-F1": "met", "NP-F2": "met", "NP-F3": "met", "NP-G1": "met", "NP-G2": "partly_met"},
    "beacon": False,
    "innovation": False,
}


def run(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes) -> tuple[int, str, str]:
    path = tmp_path / "request.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code = main(["grade", str(path)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_a_request_is_graded_to_the_section_11_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(tmp_path, capsys, json.dumps(REQUEST))
    assert (code, err) == (0, "")
    document = json.loads(out)
    assert {key: document[key] for key in ("grade", "decided", "candidates", "missing")} == {
        "grade": "Fair", "decided": "rule", "candidates": ["Fair"], "missing": [],
    }
    assert document["reasons"] == [
        "Fair: all 2 significant Fair criteria are met.",
        "Good not reached: 1 of 2 Good criteria met, needs more than 50%.",
    ]
    assert document["counts"]["good_met"] == 1 and document["counts"]["significant_total"] == 2


def with_raw_policy(policy: str) -> str:
    """The request with a policy written as JSON text, so numbers keep their exact digits."""
    return json.dumps(REQUEST)[:-1] + f', "policy": {policy}}}'


def test_a_policy_override_is_read_exactly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path, capsys, with_raw_policy('{"good_most": 0.49999999999999999999}'))
    assert code == 0 and json.loads(out)["grade"] == "Good"  # 1 of 2 is more than 0.4999...
    code, out, _ = run(tmp_path, capsys, with_raw_policy('{"good_most": 0.5}'))
    assert code == 0 and json.loads(out)["grade"] == "Fair"  # and not more than 0.5


def test_missing_and_flagged_criteria_make_the_outcome_incomplete(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = {**REQUEST, "assessments": {"NP-F1": "met", "NP-F3": "not_met"}}
    code, out, _ = run(tmp_path, capsys, json.dumps(request))
    document = json.loads(out)
    assert code == 0
    assert (document["grade"], document["decided"], document["missing"]) == (None, "incomplete", ["NP-F2"])


def test_standard_input_is_read_for_a_dash() -> None:
    request = {**REQUEST, "assessments": {**REQUEST["assessments"], "NP-F1": "not_met"}}
    result = subprocess.run(
        [str(INSPECTORATE), "grade", "-"], input=json.dumps(request), capture_output=True, text=True, check=False,
    )
    assert (result.returncode, result.stderr) == (0, "")
    document = json.loads(result.stdout)
    assert (document["grade"], document["decided"], document["candidates"]) == ("Poor", "rule", ["Poor"])


def with_criterion(**changes: object) -> str:
    criteria = [dict(REQUEST["criteria"][0], **changes), *REQUEST["criteria"][1:]]
    return json.dumps({**REQUEST, "criteria": criteria})


def with_policy(policy: object) -> str:
    return json.dumps({**REQUEST, "policy": policy})


BAD_INPUT = [
    ("{", "invalid JSON at line 1 column 2"),
    ("", "invalid JSON at line 1 column 1"),
    ("[]", "the request must be a JSON object"),
    ('{"assessments": {}}', "missing 'criteria'"),
    ('{"criteria": {}}', "'criteria' must be a list"),
    ('{"criteria": []}', "'criteria' is empty"),
    ('{"criteria": ["NP-F1"]}', "criterion 1 is not an object"),
    ('{"criteria": [{"level": "fair"}]}', "criterion 1 has no id"),
    ('{"criteria": [{"id": 7, "level": "fair"}]}', "criterion 1 has no id"),
    (with_criterion(level="great"), "criterion 'NP-F1' has unknown level 'great'"),
    ('{"criteria": [{"id": "A"}]}', "criterion 'A' has no level"),
    (with_criterion(id="NP-F2"), "duplicate criterion id 'NP-F2'"),
    (with_criterion(significant="yes"), "criterion 'NP-F1': 'significant' must be true or false, not 'yes'"),
    (with_criterion(dominant=1), "criterion 'NP-F1': 'dominant' must be true or false, not 1"),
    (json.dumps({**REQUEST, "beacon": "true"}), "'beacon' must be true or false"),
    (json.dumps({**REQUEST, "innovation": None}), "'innovation' must be true or false"),
    (json.dumps({**REQUEST, "assessments": ["met"]}), "'assessments' must be an object"),
    (json.dumps({**REQUEST, "assessments": {"NP-F1": "yes"}}), "unknown assessment 'yes' for criterion 'NP-F1'"),
    (json.dumps({**REQUEST, "assessments": {"NP-F1": None}}), "unknown assessment None for criterion 'NP-F1'"),
    (json.dumps({**REQUEST, "assessments": {"X9": "met"}}), "assessment of unknown criterion 'X9'"),
    (with_policy([0.5]), "'policy' must be an object"),
    (with_policy({"poor": 0.5}), "unknown policy key 'poor'"),
    (with_policy({"poor_share": "1/3"}), "policy 'poor_share' must be a number from 0 to 1, not '1/3'"),
    (with_policy({"good_most": 1.5}), "policy 'good_most' must be a number from 0 to 1, not 1.5"),
    (with_policy({"excellent_vast": -0.1}), "policy 'excellent_vast' must be a number from 0 to 1, not -0.1"),
    (with_policy({"excellent_vast": True}), "policy 'excellent_vast' must be a number from 0 to 1, not True"),
    (with_policy({"good_most": 2}), "policy 'good_most' must be a number from 0 to 1, not 2"),
    (with_raw_policy('{"good_most": 1e400}'), "must be a number from 0 to 1, not 1E+400"),
    ('{"criteria": [], "policy": {"good_most": NaN}}', "invalid JSON: NaN is not a number JSON allows"),
    ('{"criteria": [], "beacon": Infinity}', "invalid JSON: Infinity is not a number"),
    ('{"criteria": ' + "9" * 5000 + "}", "invalid JSON: Exceeds the limit"),
    ("[" * 200_000 + "]" * 200_000, "invalid JSON"),
    (b'{"criteria": "\xff"}', "is not UTF-8 text"),
]


@pytest.mark.parametrize(("content", "message"), BAD_INPUT, ids=[message for _, message in BAD_INPUT])
def test_bad_input_exits_2_with_one_line_naming_the_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | bytes, message: str
) -> None:
    code, out, err = run(tmp_path, capsys, content)
    assert (code, out) == (2, "")
    assert err.startswith("grade: ") and err.endswith("\n") and err.count("\n") == 1
    assert message in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["grade", "/nonexistent/request.json"], "grade: no such file: /nonexistent/request.json"),
        (["grade", "/"], "grade: / is a directory, not a file"),
        (["grade"], "grade: the following arguments are required: FILE"),
        (["grade", "a.json", "b.json"], "grade: unrecognized arguments: b.json"),
    ],
)
def test_a_missing_file_or_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", message + "\n")


def test_a_byte_order_mark_is_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(tmp_path, capsys, b"\xef\xbb\xbf" + json.dumps(REQUEST).encode())
    assert code == 0 and json.loads(out)["grade"] == "Fair"


def test_standard_input_that_is_not_utf8_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'{"criteria": "\xff"}')))
    assert main(["grade", "-"]) == 2
    assert capsys.readouterr().err == "grade: standard input is not UTF-8 text\n"
