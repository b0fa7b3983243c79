"""Every fact of SPEC section 10 comes out of the real 2007 report (skipped where it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.core.report.model import CATEGORIES, Report
from inspectorate.core.report.parser import parse_report

GRADES = {
    "neighbourhood-policing": "Poor",
    "performance-management": "Fair",
    "child-abuse": "Fair",
    "domestic-violence": "Poor",
    "public-protection": "Fair",
    "missing-persons": "Fair",
}
NATIONAL = {
    "neighbourhood-policing": (6, 14, 21, 2),
    "performance-management": (6, 29, 8, 0),
    "child-abuse": (3, 17, 21, 2),
    "domestic-violence": (1, 13, 27, 2),
    "public-protection": (2, 16, 23, 2),
    "missing-persons": (1, 21, 21, 0),
}
RECOMMENDATION_FRAMEWORKS = {
    **dict.fromkeys(range(1, 5), "neighbourhood-policing"),
    **dict.fromkeys(range(5, 8), "performance-management"),
    **dict.fromkeys(range(8, 12), "domestic-violence"),
    12: "public-protection",
}


@pytest.fixture
def report(seed_report: Path) -> Report:
    return parse_report(seed_report.read_text(encoding="utf-8"))


def _all_paragraphs(report: Report) -> list[str]:
    paragraphs = [p for section in report.frameworks for c in CATEGORIES for p in section.findings(c)]
    for part in (report.introduction, report.overview):
        assert part is not None
        paragraphs += [*part.paragraphs, *(p for s in part.sections for p in s.paragraphs)]
    return paragraphs


def test_cover(report: Report) -> None:
    assert report.force == "Bedfordshire Police"
    assert report.published == "2007-10"
    assert report.published_label == "October 2007"
    assert report.isbn == "978-1-84726-445-9"
    assert "Inspection Report" in report.title


def test_grades_in_sections_and_force_summary(report: Report) -> None:
    assert {s.key: s.grade for s in report.frameworks if s.grade} == GRADES
    assert {row.framework: row.grade for row in report.force_summary} == GRADES


def test_framework_keys_in_order(report: Report) -> None:
    assert [s.key for s in report.frameworks] == [
        "neighbourhood-policing", "performance-management", "pvp-overview", "child-abuse",
        "domestic-violence", "public-protection", "missing-persons",
    ]
    assert {s.key for s in report.frameworks if s.group == "protecting-vulnerable-people"} == {
        "pvp-overview", "child-abuse", "domestic-violence", "public-protection", "missing-persons",
    }


def test_national_counts_sum_to_43(report: Report) -> None:
    assert {row.framework: row.counts.in_order() for row in report.national_summary} == NATIONAL
    for section in report.frameworks:
        if section.key in NATIONAL:
            assert section.national_distribution is not None
            assert section.national_distribution.in_order() == NATIONAL[section.key]
            assert section.national_distribution.total == 43
    assert {row.group for row in report.national_summary[2:]} == {"Protecting vulnerable people"}


def test_pvp_overview_has_no_grade(report: Report) -> None:
    overview = report.framework("pvp-overview")
    assert overview.grade is None and overview.national_distribution is None
    assert overview.context_heading == "Contextual factors overview"
    assert len(overview.context) == 4
    assert overview.strengths and overview.work_in_progress and overview.areas_for_improvement


def test_twelve_recommendations_and_their_frameworks(report: Report) -> None:
    assert {rec.number: rec.framework for rec in report.recommendations} == RECOMMENDATION_FRAMEWORKS
    assert all(rec.text.startswith("That the force") for rec in report.recommendations)
    placed = {p.number: (s.key, p.category) for s in report.frameworks for p in s.recommendations}
    assert {n: key for n, (key, _) in placed.items()} == RECOMMENDATION_FRAMEWORKS
    # Raised in work in progress as well as in areas for improvement.
    assert placed[1] == ("neighbourhood-policing", "work_in_progress")
    assert placed[3] == ("neighbourhood-policing", "areas_for_improvement")
    assert placed[12] == ("public-protection", "work_in_progress")


def test_recommendation_sits_after_the_finding_that_raised_it(report: Report) -> None:
    dv = report.framework("domestic-violence")
    assert [(p.number, p.category, p.after) for p in dv.recommendations] == [
        (8, "work_in_progress", 5), (9, "areas_for_improvement", 3),
        (10, "areas_for_improvement", 6), (11, "areas_for_improvement", 7),
    ]
    assert "CMS2" in dv.work_in_progress[4]


def test_wording_where_raised_is_kept_when_the_list_differs(report: Report) -> None:
    third = report.recommendations[2]
    assert third.text_where_raised is not None and third.text != third.text_where_raised


def test_two_developing_practice_examples_after_performance_management(report: Report) -> None:
    examples = report.developing_practice
    assert [e.framework for e in examples] == ["performance-management"] * 2
    for example in examples:
        assert example.title and example.problem and example.solution and example.outcomes
        assert example.contact
    assert len(examples[0].outcomes) == 3  # a numbered list: one paragraph an item
    assert "Major Incident Team" in examples[1].solution


def test_glossary(report: Report) -> None:
    meanings = {entry.abbreviation: entry.meaning for entry in report.glossary}
    assert meanings["PNC"] == "Police National Computer"
    assert meanings["ACC"] == "assistant chief constable"
    assert meanings["HMI"] == "Her Majesty's Inspector"  # space-separated, after a dash row
    assert meanings["IS&T"] == "information systems and technology"
    assert len(report.glossary) == 48
    assert not any(set(entry.abbreviation) <= set("-") for entry in report.glossary)


def test_paragraphs_joined_across_page_footers(report: Report) -> None:
    paragraphs = _all_paragraphs(report)
    assert not any(p == "October 2007" or p[:1].islower() for p in paragraphs)
    context = " ".join(report.framework("neighbourhood-policing").context)
    assert "chief officer changes at that level" in context
    dv = report.framework("domestic-violence")
    assert any("from County DV to Luton" in p for p in dv.context)  # continues with a capital
    assert any("pre-booked" in p for p in dv.areas_for_improvement)  # hyphen across the footer


def test_reference_facts_of_section_10(report: Report) -> None:
    overview = report.overview
    assert overview is not None
    text = " ".join(p for s in overview.sections for p in s.paragraphs)
    assert "573,800" in text and "236,974" in text
    np_context = " ".join(report.framework("neighbourhood-policing").context)
    assert "ten inspector-led neighbourhood areas" in np_context and "36" in np_context and "150" in np_context
    visits = next(p for p in report.framework("public-protection").strengths if "very high risk" in p)
    assert all(f"{months} months" in visits for months in (3, 6, 9, 12))


def test_introduction_and_overview_sections(report: Report) -> None:
    assert report.introduction is not None and report.overview is not None
    assert [s.title for s in report.introduction.sections][:3] == [
        "Programmed frameworks", "Risk-based frameworks", "The grading process",
    ]
    assert len(report.overview.sections) == 4
