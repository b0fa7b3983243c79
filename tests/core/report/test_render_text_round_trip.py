"""parse -> render_text -> parse gives the same report, and the text keeps the published layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.core.report.model import (
    DevelopingPractice,
    FrameworkSection,
    GlossaryEntry,
    GradeCounts,
    Recommendation,
    RecommendationPlacement,
    Report,
)
from inspectorate.core.report.parser import parse_report
from inspectorate.core.report.text import render_text

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
FIXTURES = sorted(p for p in REPORTS.glob("*.txt") if not p.name.startswith("broken-"))


def _parse(path: Path) -> Report:
    return parse_report(path.read_bytes().decode("utf-8"))


@pytest.mark.parametrize("path", FIXTURES, ids=[p.stem for p in FIXTURES])
def test_round_trip_of_each_fixture(path: Path) -> None:
    report = _parse(path)
    again = parse_report(render_text(report))
    assert again.to_json() == report.to_json()
    assert again == report  # the whole model, introduction and placements included


def test_round_trip_of_the_real_report(seed_report: Path) -> None:
    report = _parse(seed_report)
    again = parse_report(render_text(report))
    assert again.to_json() == report.to_json()
    assert again == report


def test_rendering_is_stable(seed_report: Path) -> None:
    text = render_text(_parse(seed_report))
    assert render_text(parse_report(text)) == text


def test_there_are_three_fixtures_at_least() -> None:
    assert len(FIXTURES) >= 3


@pytest.fixture(scope="module")
def fenshire_text() -> str:
    return render_text(_parse(REPORTS / "fenshire-constabulary-2008-03.txt"))


def test_cover_contents_and_no_footers(fenshire_text: str) -> None:
    blocks = fenshire_text.split("\n\n")
    assert blocks[:4] == ["Inspection Report", "Fenshire Constabulary", "March 2008", "ISBN: 978-1-90000-101-3"]
    assert blocks.index("Contents") < blocks.index("Introduction to the Inspections")
    assert "Programmed frameworks\nThe grading process\nDeveloping practice" in blocks
    assert fenshire_text.count("March 2008") == 1


def test_tables_are_tab_separated(fenshire_text: str) -> None:
    assert "\tExcellent\tGood\tFair\tPoor\nNeighbourhood Policing\t\t\t\t\nNeighbourhood Policing\t5\t17\t19\t2\n" in (
        fenshire_text)
    assert "Protecting vulnerable people\tGrade\nChild abuse\tGood\n" in fenshire_text
    assert "Performance Management\n\nGRADE\tEXCELLENT\n-------\t------\n\nNational grade distribution\n\n" \
        "Excellent\tGood\tFair\tPoor\n4\t26\t12\t1\n" in fenshire_text


def test_recommendation_follows_the_finding_that_raised_it(fenshire_text: str) -> None:
    blocks = fenshire_text.split("\n\n")
    marker = blocks.index("RECOMMENDATION 1")
    assert blocks[marker - 1].endswith("to protect neighbourhoods from such abstractions.")
    assert blocks[marker - 2] == "Work in progress"
    assert blocks[marker + 1].startswith("That the force sets and monitors")
    assert blocks[marker + 2] == "Areas for improvement"


def test_developing_practice_follows_its_framework(fenshire_text: str) -> None:
    practice = fenshire_text.index("Developing Practice\n\nTITLE: Market-day surgeries")
    assert fenshire_text.index("RECOMMENDATION 2") < practice < fenshire_text.index("Performance Management\n\nGRADE")
    assert "OUTCOME(S):\n\n1. Case conferences now start from one agreed account of events.\n2. An independent" \
        in fenshire_text


def test_closing_list_grouped_by_framework_and_pvp_component(fenshire_text: str) -> None:
    closing = fenshire_text[fenshire_text.index("Recommendations\n\nNeighbourhood Policing"):]
    headings = [block for block in closing.split("\n\n")[:20] if not block.startswith(("Recommendation", "That"))]
    assert headings == ["Neighbourhood Policing", "Performance Management", "Protecting vulnerable people",
                        "Domestic Violence", "Public Protection", "Missing Persons"]


def test_glossary_grouped_by_initial_letter(fenshire_text: str) -> None:
    glossary = fenshire_text[fenshire_text.rindex("Appendix: Glossary"):]
    assert glossary.split("\n\n")[1:] == [
        "B", "BCU\tbasic command unit", "C", "CAIU\tchild abuse investigation unit",
        "L", "LSCB\tlocal safeguarding children board", "M",
        "MAPPA\tmulti-agency public protection arrangements\nMARAC\tmulti-agency risk assessment conference",
        "P", "PCSO\tpolice community support officer\nPPU\tpublic protection unit\n",
    ]


def test_a_report_built_in_code_round_trips() -> None:
    report = Report(
        force="Fenshire Constabulary",
        published="2008-03",
        frameworks=(
            FrameworkSection(
                key="volume-crime-investigation", title="Volume Crime Investigation", grade="Good",
                national_distribution=GradeCounts(1, 2, 3, 4),
                strengths=("Detections rose.",),
                areas_for_improvement=("Files were late.",),
                recommendations=(RecommendationPlacement(1, "areas_for_improvement", 0),),
            ),
            FrameworkSection(key="pvp-overview", title="Protecting Vulnerable People – Overview",
                             group="protecting-vulnerable-people", context=("A new unit.",),
                             context_heading="Contextual factors overview"),
        ),
        developing_practice=(
            DevelopingPractice("Faster files", ("Late files.",), ("A checklist.",), ("On time.",), "",
                               "volume-crime-investigation"),
        ),
        recommendations=(
            Recommendation(1, "volume-crime-investigation", "That the force sends files on time.",
                           "That the force sends files on time."),
            Recommendation(2, "pvp-overview", "That the force reviews the unit."),
        ),
        glossary=(GlossaryEntry("CPS", "Crown Prosecution Service"), GlossaryEntry("3G", "a phone network")),
    )
    text = render_text(report)
    assert "Areas for improvement\n\nRECOMMENDATION 1\n\nThat the force sends files on time.\n\nFiles were" in text
    again = parse_report(text)
    assert again.to_json() == report.to_json()
    assert again.recommendations[1].framework == "pvp-overview"
