"""``inspectorate parse-report FILE``: JSON on stdout and exit 0, or one line on stderr and exit 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspectorate.core.report.cli import main
from inspectorate.core.report.parser import parse_report

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
WEALDMOOR = REPORTS / "wealdmoor-police-2007-11.txt"
CONSOLE_SCRIPT = Path(sys.executable).parent / "inspectorate"


def test_prints_the_report_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(WEALDMOOR)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out) == parse_report(WEALDMOOR.read_bytes().decode("utf-8")).to_json()
    assert out.startswith('{\n  "force": "Wealdmoor Police",\n  "published": "2007-11",')  # indent 2
    assert "Sergeant Priya Venn – 01632 960431" in out  # ensure_ascii=False


def test_json_has_exactly_the_keys_of_spec_section_11(capsys: pytest.CaptureFixture[str]) -> None:
    main([str(REPORTS / "fenshire-constabulary-2008-03.txt")])
    document = json.loads(capsys.readouterr().out)
    assert list(document) == ["force", "published", "isbn", "national_summary", "force_summary", "frameworks",
                              "developing_practice", "recommendations", "glossary"]
    assert set(document["national_summary"][0]) == {"framework", "excellent", "good", "fair", "poor"}
    assert set(document["force_summary"][0]) == {"framework", "grade"}
    assert set(document["frameworks"][0]) == {
        "key", "title", "grade", "national_distribution", "national_context", "context", "strengths",
        "work_in_progress", "areas_for_improvement", "recommendations"}
    assert set(document["frameworks"][0]["national_distribution"]) == {"excellent", "good", "fair", "poor"}
    assert document["frameworks"][2]["national_distribution"] is None  # the PVP overview
    assert set(document["developing_practice"][0]) == {"title", "problem", "solution", "outcomes", "contact",
                                                       "framework"}
    assert set(document["recommendations"][0]) == {"number", "framework", "text"}
    assert set(document["glossary"][0]) == {"abbreviation", "meaning"}
    assert document["frameworks"][0]["recommendations"] == [1, 2]
    assert document["developing_practice"][1]["outcomes"] == (
        "1. Case conferences now start from one agreed account of events.\n\n"
        "2. An independent review found that decisions were taken on average two days sooner.")


@pytest.mark.parametrize(("argv", "message"), [
    ([str(REPORTS / "broken-not-a-report.txt")], 'parse-report: line 1: expected the cover title "Inspection Report"'),
    ([str(REPORTS / "broken-grade-without-distribution.txt")],
     'parse-report: line 12: expected "National grade distribution" after the GRADE line'),
    ([str(REPORTS / "no-such-report.txt")], "no-such-report.txt: no such file"),
    ([str(REPORTS)], "is a directory, not a report"),
    ([], "usage: inspectorate parse-report FILE"),
    (["a.txt", "b.txt"], "usage: inspectorate parse-report FILE"),
])
def test_bad_input_exits_2_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("parse-report: ")
    assert message in err


def test_undecodable_bytes_are_not_a_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    binary = tmp_path / "image.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    assert main([str(binary)]) == 2
    assert capsys.readouterr().err.startswith("parse-report: line 1: expected the cover title")


def test_a_broken_pdf_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_bytes(b"%PDF-1.7\n%this is not really a PDF\n")
    assert main([str(fake)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "report.pdf: " in err and "Traceback" not in err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "parse-report FILE" in capsys.readouterr().out


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    if not CONSOLE_SCRIPT.exists():
        pytest.skip("the inspectorate console script is not installed in this environment")
    return subprocess.run([str(CONSOLE_SCRIPT), "parse-report", *args], capture_output=True, text=True,
                          encoding="utf-8", timeout=60, check=False)


def test_console_script_prints_json() -> None:
    result = _run(str(WEALDMOOR))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["force"] == "Wealdmoor Police"
    assert [r["number"] for r in document["recommendations"]] == list(range(1, 10))


def test_console_script_fails_with_one_line_and_no_traceback() -> None:
    result = _run(str(REPORTS / "broken-truncated-practice.txt"))
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (
        'parse-report: line 31: expected OUTCOME(S): in the developing practice example '
        '"Residents\' scorecard for neighbourhood teams", found the end of the file\n')


def test_console_script_on_the_real_report(seed_report: Path) -> None:
    result = _run(str(seed_report))
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["published"] == "2007-10" and len(document["recommendations"]) == 12
