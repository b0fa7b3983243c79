"""The PDF round trip: parse -> render_pdf -> pdftotext -> parse gives the same report back.

Required (issue 4): the same grades, national counts and recommendations (numbers,
frameworks, text). The layout does better than that, and the last tests hold it to it:
the whole ``parse-report`` JSON comes back unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from render_samples import REPORTS

from inspectorate.core.report.model import Report
from inspectorate.core.report.parser import parse_report
from inspectorate.core.report.pdf import pdf_text_for_parsing, render_pdf

Extract = Callable[[bytes], str]
FIXTURES = sorted(path for path in REPORTS.glob("*.txt") if not path.name.startswith("broken-"))


@cache
def _pdf(path: Path, synthetic: bool) -> tuple[Report, bytes]:
    report = parse_report(path.read_bytes().decode("utf-8"))
    return report, render_pdf(report, synthetic=synthetic)


def _round_trip(path: Path, pdftotext: Extract, *, synthetic: bool) -> tuple[Report, Report]:
    report, pdf = _pdf(path, synthetic)
    return report, parse_report(pdf_text_for_parsing(pdftotext(pdf)))


def _grades(report: Report) -> list[tuple[str, str | None, dict[str, int] | None]]:
    return [(section.key, section.grade,
             section.national_distribution.as_dict() if section.national_distribution else None)
            for section in report.frameworks]


def _essentials(report: Report) -> dict[str, object]:
    return {
        "grades": _grades(report),
        "force summary": [(row.framework, row.grade) for row in report.force_summary],
        "national counts": [(row.framework, row.counts) for row in report.national_summary],
        "recommendations": [(rec.number, rec.framework, rec.text, rec.text_where_raised)
                            for rec in report.recommendations],
    }


def test_there_are_fixtures_to_round_trip() -> None:
    assert len(FIXTURES) >= 3


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_fixture_grades_counts_and_recommendations_survive_the_pdf(path: Path, pdftotext: Extract) -> None:
    original, again = _round_trip(path, pdftotext, synthetic=True)
    assert original.recommendations and any(section.national_distribution for section in original.frameworks)
    assert _essentials(again) == _essentials(original)


def test_real_report_grades_counts_and_recommendations_survive_the_pdf(
    seed_report: Path, pdftotext: Extract
) -> None:
    original, again = _round_trip(seed_report, pdftotext, synthetic=False)
    assert [grade for _, grade, _ in _grades(again)] == [None if key == "pvp-overview" else grade
                                                        for key, grade, _ in _grades(original)]
    assert [rec.number for rec in again.recommendations] == list(range(1, 13))
    assert _essentials(again) == _essentials(original)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda path: path.stem)
def test_fixture_comes_back_whole(path: Path, pdftotext: Extract) -> None:
    original, again = _round_trip(path, pdftotext, synthetic=True)
    assert again.to_json() == original.to_json()


def test_real_report_comes_back_whole(seed_report: Path, pdftotext: Extract) -> None:
    original, again = _round_trip(seed_report, pdftotext, synthetic=False)
    assert again.to_json() == original.to_json()


def test_pypdf_extraction_reads_back_too(pdftotext: Extract) -> None:
    """The extraction ``inspectorate parse-report`` uses for a PDF, with the same preparation."""
    from inspectorate.core.report.pdf_text import pdf_text

    original, pdf = _pdf(FIXTURES[0], True)
    assert _essentials(parse_report(pdf_text_for_parsing(pdf_text(pdf)))) == _essentials(original)


def test_no_paragraph_line_is_cut_after_its_first_word(seed_report: Path, pdftotext: Extract) -> None:
    """WeasyPrint once ended a paragraph's first line after "In" when a nowrap span followed later in
    the paragraph; hyphenated words are now held together by characters, and no line breaks early."""
    report = parse_report(seed_report.read_text(encoding="utf-8"))
    text = pdf_text_for_parsing(pdftotext(render_pdf(report)))
    lines = text.splitlines()
    cut = [
        f"{line.strip()!r} then {following.strip()[:30]!r}"
        for line, following in zip(lines, lines[1:], strict=False)
        if line.strip() == "In" and following.strip()[:1].islower()
    ]
    assert not cut
    assert "In identifying learning needs" in text
