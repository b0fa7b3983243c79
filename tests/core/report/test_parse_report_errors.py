"""A file that is not a report, or is cut off inside a section, fails naming the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.core.report.errors import ReportFormatError
from inspectorate.core.report.parser import parse_report
from inspectorate.core.report.text import render_text

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
FENSHIRE = (REPORTS / "fenshire-constabulary-2008-03.txt").read_text(encoding="utf-8")
LINES = FENSHIRE.split("\n")


def _line_of(text: str, start: int = 0) -> int:
    """The 1-based number of the first line equal to ``text`` (from line ``start``)."""
    return LINES.index(text, start) + 1


def _up_to(line_number: int) -> str:
    """The Fenshire report cut off after the given line."""
    return "\n".join(LINES[:line_number]) + "\n"


def _error(text: str) -> ReportFormatError:
    with pytest.raises(ReportFormatError) as caught:
        parse_report(text)
    error = caught.value
    assert "\n" not in str(error) and str(error).startswith(f"line {error.line}: expected ")
    return error


@pytest.mark.parametrize(("name", "line", "expected"), [
    ("broken-not-a-report.txt", 1, 'the cover title "Inspection Report"'),
    ("broken-truncated-in-strengths.txt", 25, "the rest of the paragraph"),
    ("broken-grade-without-distribution.txt", 12, '"National grade distribution" after the GRADE line'),
    ("broken-truncated-practice.txt", 31, "OUTCOME(S): in the developing practice example"),
])
def test_broken_fixture_files(name: str, line: int, expected: str) -> None:
    error = _error((REPORTS / name).read_text(encoding="utf-8"))
    assert error.line == line
    assert error.expected.startswith(expected)


def test_grade_without_distribution_names_what_it_found() -> None:
    error = _error((REPORTS / "broken-grade-without-distribution.txt").read_text(encoding="utf-8"))
    assert str(error) == (
        'line 12: expected "National grade distribution" after the GRADE line, '
        'found "National contextual factors"'
    )


def test_empty_file() -> None:
    assert _error("").line == 1
    assert _error("\n\n   \n").line == 1


def test_cover_without_a_date() -> None:
    error = _error("Inspection Report\n\nFenshire Constabulary\n\nSpring 2008\n\nContents\n")
    assert error.line == 5 and "month and year of publication" in error.expected


def test_cover_alone_is_cut_off() -> None:
    error = _error(_up_to(_line_of("EVERY FORCE, PERSON AND FIGURE IN IT IS MADE UP")))
    assert "after the cover" in error.expected


def test_cut_off_inside_the_contents() -> None:
    error = _error(_up_to(_line_of("Findings")))
    assert error.line == _line_of("Contents")
    assert "begin after its contents" in error.expected


def test_cut_off_after_the_grade_heading() -> None:
    grade_line = _line_of("GRADE")
    error = _error(_up_to(grade_line))
    assert error.line == grade_line and "a grade (Excellent, Good, Fair or Poor)" in error.expected


def test_grade_that_is_not_a_grade() -> None:
    grade_line = _line_of("GRADE")
    broken = FENSHIRE.replace("GRADE\n\nGOOD\n", "GRADE\n\nRATHER GOOD\n", 1)
    error = _error(broken)
    assert error.line == grade_line + 2 and error.found == '"RATHER GOOD"'


def test_malformed_distribution() -> None:
    broken = FENSHIRE.replace("5\t17\t19\t2\n\nNational contextual", "5\t17\tnineteen\t2\n\nNational contextual", 1)
    error = _error(broken)
    assert error.line == _line_of("5\t17\t19\t2") and "four counts" in error.expected


def test_cut_off_inside_the_distribution() -> None:
    error = _error(_up_to(_line_of("Excellent\tGood\tFair\tPoor")))
    assert error.line == _line_of("Excellent\tGood\tFair\tPoor") and error.found == "the end of the file"


def test_cut_off_after_a_findings_heading() -> None:
    error = _error(_up_to(_line_of("Strengths")))
    assert error.line == _line_of("Strengths") and error.expected == 'the findings under "Strengths"'


def test_cut_off_after_a_recommendation_number() -> None:
    marker = _line_of("RECOMMENDATION 2")
    error = _error(_up_to(marker))
    assert error.line == marker and error.expected == "the text of recommendation 2"


def test_cut_off_after_the_national_summary_and_the_force_summary() -> None:
    assert "after the national summary" in _error(_up_to(_line_of("Missing persons\t2\t18\t22\t1"))).expected
    assert "after the force summary" in _error(_up_to(_line_of("Missing persons\tFair"))).expected


def test_cut_off_inside_the_closing_list_of_recommendations() -> None:
    cut = _line_of("Recommendation 5")
    error = _error(_up_to(cut + 2))
    assert error.expected == "recommendation 6 in the closing list of recommendations"


def test_cut_off_inside_a_glossary_entry() -> None:
    error = _error(FENSHIRE.rstrip("\n") + "\nPNC\n")
    assert error.line == len(LINES) and 'the meaning of "PNC"' in error.expected


def test_findings_before_any_heading() -> None:
    broken = FENSHIRE.replace("National contextual factors\n\nNeighbourhood Policing asks",
                              "Neighbourhood Policing asks", 1)
    error = _error(broken)
    assert "a findings heading" in error.expected
    assert error.found is not None and error.found.startswith('"Neighbourhood Policing asks')


def test_recommendation_before_any_findings_heading() -> None:
    broken = FENSHIRE.replace("National contextual factors\n\nGood performance",
                              "RECOMMENDATION 9\n\nThat the force does something.\n\nGood performance", 1)
    assert "before the recommendation" in _error(broken).expected


def test_developing_practice_without_an_example() -> None:
    broken = FENSHIRE.replace("TITLE: Market-day surgeries in rural villages", "Market-day surgeries", 1)
    error = _error(broken)
    assert error.expected == '"TITLE:" after "Developing Practice"'


def test_stray_text_between_sections() -> None:
    broken = FENSHIRE.replace("Missing persons\tFair\n", "Missing persons\tFair\n\nSome words between sections.\n")
    error = _error(broken)
    assert error.line == _line_of("Missing persons\tFair") + 2
    assert "the next section's heading" in error.expected


def test_sections_missing_from_a_report_are_empty() -> None:
    without_glossary = FENSHIRE[: FENSHIRE.index("Appendix: Glossary of Terms and Abbreviations\n\nB")]
    report = parse_report(without_glossary)
    assert report.glossary == () and len(report.recommendations) == 7
    without_list = FENSHIRE[: FENSHIRE.index("Recommendations\n\nNeighbourhood Policing\n\nRecommendation 1")]
    report = parse_report(without_list)
    assert [r.number for r in report.recommendations] == list(range(1, 8))
    assert all(r.text == r.text_where_raised for r in report.recommendations)
    minimal = "Inspection Report\n\nFenshire Constabulary\n\nMarch 2008\n\nGlossary\n\nBCU\tbasic command unit\n"
    report = parse_report(minimal)
    assert report.frameworks == () and report.introduction is None and report.isbn is None
    assert report.to_json()["national_summary"] == [] and len(report.glossary) == 1


@pytest.mark.parametrize("name", ["fenshire-constabulary-2008-03.txt", "wealdmoor-police-2007-11.txt",
                                  "carrick-vale-constabulary-2008-06.txt"])
def test_every_cut_either_parses_and_round_trips_or_names_a_line(name: str) -> None:
    text = (REPORTS / name).read_bytes().decode("utf-8")
    lines = text.split("\n")
    outcomes = {"parsed": 0, "refused": 0}
    for cut in range(1, len(lines), 3):
        try:
            report = parse_report("\n".join(lines[:cut]))
        except ReportFormatError as error:
            assert 1 <= error.line <= cut
            outcomes["refused"] += 1
            continue
        assert parse_report(render_text(report)) == report
        outcomes["parsed"] += 1
    assert outcomes["refused"] > outcomes["parsed"] > 0
