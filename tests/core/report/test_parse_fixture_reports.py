"""Each hand-written fixture report (made-up forces) parses to its expected content."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.core.report.model import CATEGORIES, Report
from inspectorate.core.report.parser import parse_report

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
FENSHIRE = REPORTS / "fenshire-constabulary-2008-03.txt"
WEALDMOOR = REPORTS / "wealdmoor-police-2007-11.txt"
CARRICK = REPORTS / "carrick-vale-constabulary-2008-06.txt"
PVP_KEYS = ["child-abuse", "domestic-violence", "public-protection", "missing-persons"]
ALL_KEYS = ["neighbourhood-policing", "performance-management", "pvp-overview", *PVP_KEYS]


def _parse(path: Path) -> Report:
    return parse_report(path.read_bytes().decode("utf-8"))


@pytest.fixture(scope="module")
def fenshire() -> Report:
    return _parse(FENSHIRE)


@pytest.fixture(scope="module")
def wealdmoor() -> Report:
    return _parse(WEALDMOOR)


@pytest.fixture(scope="module")
def carrick() -> Report:
    return _parse(CARRICK)


def _paragraphs(report: Report) -> list[str]:
    found = [p for s in report.frameworks for c in CATEGORIES for p in s.findings(c)]
    for part in (report.introduction, report.overview):
        if part is not None:
            found += [*part.paragraphs, *(p for s in part.sections for p in s.paragraphs)]
    for example in report.developing_practice:
        found += [*example.problem, *example.solution, *example.outcomes]
    return found


def _grades(report: Report) -> dict[str, str | None]:
    return {section.key: section.grade for section in report.frameworks}


def _placed(report: Report) -> dict[int, tuple[str, str, int]]:
    return {p.number: (s.key, p.category, p.after) for s in report.frameworks for p in s.recommendations}


@pytest.mark.parametrize("path", [FENSHIRE, WEALDMOOR, CARRICK])
def test_no_page_furniture_is_left_in_any_paragraph(path: Path) -> None:
    report = _parse(path)
    for paragraph in _paragraphs(report):
        assert report.published_label not in paragraph
        assert "\r" not in paragraph and "\f" not in paragraph and "\n" not in paragraph
        assert paragraph == " ".join(paragraph.split())
        assert not paragraph[:1].islower(), paragraph


# -- Fenshire: LF line ends, footers inside paragraphs, varying heading case ------------------
def test_fenshire_cover_and_grades(fenshire: Report) -> None:
    assert (fenshire.force, fenshire.published, fenshire.isbn) == (
        "Fenshire Constabulary", "2008-03", "978-1-90000-101-3")
    assert [s.key for s in fenshire.frameworks] == ALL_KEYS
    assert _grades(fenshire) == {
        "neighbourhood-policing": "Good", "performance-management": "Excellent", "pvp-overview": None,
        "child-abuse": "Good", "domestic-violence": "Fair", "public-protection": "Good",
        "missing-persons": "Fair",
    }
    assert {row.framework: row.grade for row in fenshire.force_summary} == {
        k: v for k, v in _grades(fenshire).items() if v}


def test_fenshire_national_summary(fenshire: Report) -> None:
    counts = {row.framework: row.counts.in_order() for row in fenshire.national_summary}
    assert counts["performance-management"] == (4, 26, 12, 1)
    assert counts["domestic-violence"] == (1, 15, 24, 3)
    assert all(row.counts.total == 43 for row in fenshire.national_summary)
    for section in fenshire.frameworks:
        if section.national_distribution is not None:
            assert section.national_distribution.in_order() == counts[section.key]


def test_fenshire_grade_on_separate_lines_and_heading_case(fenshire: Report) -> None:
    np_section = fenshire.framework("neighbourhood-policing")
    assert np_section.grade == "Good"
    assert len(np_section.work_in_progress) == 1  # "Work In Progress"
    assert len(np_section.areas_for_improvement) == 1  # "Areas For Improvement"
    assert fenshire.framework("pvp-overview").context_heading == "Contextual factors overview"


def test_fenshire_footers_inside_paragraphs(fenshire: Report) -> None:
    np_section = fenshire.framework("neighbourhood-policing")
    # "neighbour-" / footer / "hoods": the report spells "neighbourhoods" elsewhere.
    assert np_section.work_in_progress[0].endswith("to protect neighbourhoods from such abstractions.")
    # "multi-" / footer / "agency": the report spells "multi-agency" elsewhere.
    assert "support the multi-agency arrangements are meant" in (
        fenshire.framework("domestic-violence").areas_for_improvement[0])
    # A long line cut by the footer goes on with a capital letter.
    strengths = fenshire.framework("performance-management").strengths
    assert len(strengths) == 3
    assert "the design of its reports with Wealdmoor Police and three other forces" in strengths[1]
    # A footer between two paragraphs joins nothing.
    assert fenshire.overview is not None
    assert len(fenshire.overview.sections[0].paragraphs) == 2


def test_fenshire_recommendations_raised_in_wip_and_afi(fenshire: Report) -> None:
    assert _placed(fenshire) == {
        1: ("neighbourhood-policing", "work_in_progress", 1),
        2: ("neighbourhood-policing", "areas_for_improvement", 1),
        3: ("performance-management", "areas_for_improvement", 1),
        4: ("domestic-violence", "work_in_progress", 1),
        5: ("domestic-violence", "areas_for_improvement", 1),
        6: ("public-protection", "areas_for_improvement", 1),
        7: ("missing-persons", "areas_for_improvement", 1),
    }
    assert [r.framework for r in fenshire.recommendations] == [
        "neighbourhood-policing", "neighbourhood-policing", "performance-management",
        "domestic-violence", "domestic-violence", "public-protection", "missing-persons",
    ]


def test_fenshire_developing_practice_after_two_frameworks(fenshire: Report) -> None:
    first, second = fenshire.developing_practice
    assert (first.framework, first.title) == ("neighbourhood-policing", "Market-day surgeries in rural villages")
    assert first.contact == "Inspector Dana Whitlow – 01632 960114"
    assert second.framework == "child-abuse"
    assert len(second.outcomes) == 2 and second.outcomes[1].startswith("2. ")


def test_fenshire_glossary_with_tabs_spaces_and_dash_rows(fenshire: Report) -> None:
    assert [(e.abbreviation, e.meaning) for e in fenshire.glossary] == [
        ("BCU", "basic command unit"),
        ("CAIU", "child abuse investigation unit"),
        ("LSCB", "local safeguarding children board"),
        ("MAPPA", "multi-agency public protection arrangements"),
        ("MARAC", "multi-agency risk assessment conference"),
        ("PCSO", "police community support officer"),
        ("PPU", "public protection unit"),
    ]


def test_fenshire_introduction_and_overview(fenshire: Report) -> None:
    assert fenshire.introduction is not None and fenshire.overview is not None
    assert [s.title for s in fenshire.introduction.sections] == [
        "Programmed frameworks", "The grading process", "Developing practice"]
    priorities = fenshire.overview.sections[1].paragraphs
    assert priorities[1:] == (
        "- keeping neighbourhoods safe and confident;",
        "- protecting people at risk of serious harm; and",
        "- getting the basics right for every caller.",
    )
    assert fenshire.cover_lines[0] == "FICTIONAL REPORT FOR TESTING"


# -- Wealdmoor: CRLF, form feeds, trailing spaces, numbered contents ----------------------------
def test_wealdmoor_has_the_artefacts_it_tests() -> None:
    raw = WEALDMOOR.read_bytes()
    assert raw.count(b"\r\n") > 300 and b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.count(b"\f") >= 3
    assert b"   \r\n" in raw


def test_wealdmoor_cover_and_grades(wealdmoor: Report) -> None:
    assert (wealdmoor.force, wealdmoor.published, wealdmoor.isbn) == (
        "Wealdmoor Police", "2007-11", "978-1-90000-102-0")
    assert _grades(wealdmoor) == {
        "neighbourhood-policing": "Fair", "performance-management": "Good", "pvp-overview": None,
        "child-abuse": "Fair", "domestic-violence": "Poor", "public-protection": "Poor",
        "missing-persons": "Good",
    }
    assert [s.title for s in wealdmoor.frameworks][0] == "Neighbourhood Policing"


def test_wealdmoor_contents_with_page_numbers_still_name_the_subsections(wealdmoor: Report) -> None:
    assert wealdmoor.introduction is not None and wealdmoor.overview is not None
    assert wealdmoor.introduction.sections == ()
    assert [s.title for s in wealdmoor.overview.sections] == ["The force area", "Developments since 2006"]


def test_wealdmoor_page_breaks(wealdmoor: Report) -> None:
    assert wealdmoor.overview is not None
    area, developments = wealdmoor.overview.sections
    assert len(area.paragraphs) == 2  # a form feed and footer between two paragraphs
    # The footer was lost here: only a blank line, then the sentence goes on in lower case.
    assert len(developments.paragraphs) == 1 and "but it has also meant that" in developments.paragraphs[0]
    # "14  November 2007" then a form feed: a footer with a page number.
    assert len(wealdmoor.framework("public-protection").areas_for_improvement) == 2
    assert len(wealdmoor.framework("performance-management").work_in_progress) == 1


def test_wealdmoor_recommendation_text_under_its_number(wealdmoor: Report) -> None:
    np_section = wealdmoor.framework("neighbourhood-policing")
    assert len(np_section.areas_for_improvement) == 2
    assert _placed(wealdmoor)[1] == ("neighbourhood-policing", "areas_for_improvement", 1)
    assert _placed(wealdmoor)[2] == ("neighbourhood-policing", "areas_for_improvement", 2)
    assert wealdmoor.recommendations[0].text.startswith("That the force tells partners")


def test_wealdmoor_recommendation_on_the_pvp_overview(wealdmoor: Report) -> None:
    assert _placed(wealdmoor)[4] == ("pvp-overview", "areas_for_improvement", 1)  # "AREAS FOR IMPROVEMENT"
    assert {r.number: r.framework for r in wealdmoor.recommendations} == {
        1: "neighbourhood-policing", 2: "neighbourhood-policing", 3: "performance-management",
        4: "pvp-overview", 5: "child-abuse", 6: "domestic-violence", 7: "domestic-violence",
        8: "public-protection", 9: "public-protection",
    }


def test_wealdmoor_developing_practice_after_pvp_components(wealdmoor: Report) -> None:
    assert [(e.framework, e.contact) for e in wealdmoor.developing_practice] == [
        ("domestic-violence", "Sergeant Priya Venn – 01632 960431"),
        ("missing-persons", "Mr Tomas Reyes – 01632 960518"),
    ]


def test_wealdmoor_glossary_ends_before_the_last_footer(wealdmoor: Report) -> None:
    assert [e.abbreviation for e in wealdmoor.glossary] == ["ACC", "BCU", "MARAC"]


# -- Carrick Vale: wrapped lines, space-aligned tables, no contents or national summary ------
def test_carrick_missing_sections_are_empty(carrick: Report) -> None:
    assert carrick.national_summary == ()
    assert carrick.cover_lines[0] == "CARRICK VALE CONSTABULARY"  # printed above the title
    assert carrick.isbn == "978-1-90000-103-7"  # "ISBN" without a colon


def test_carrick_subsections_found_without_contents(carrick: Report) -> None:
    assert carrick.introduction is not None and carrick.overview is not None
    assert [s.title for s in carrick.introduction.sections] == ["Programmed frameworks", "Developing practice"]
    assert [s.title for s in carrick.overview.sections] == ["The force area", "Priorities"]


def test_carrick_tables_set_out_with_spaces(carrick: Report) -> None:
    assert [(row.framework, row.grade) for row in carrick.force_summary] == [
        ("neighbourhood-policing", "Excellent"), ("performance-management", "Good"),
        ("child-abuse", "Excellent"), ("domestic-violence", "Good"),
        ("public-protection", "Fair"), ("missing-persons", "Poor"),
    ]
    assert carrick.force_summary[2].group == "Protecting vulnerable people"
    distribution = carrick.framework("missing-persons").national_distribution
    assert distribution is not None and distribution.in_order() == (1, 19, 21, 2)


def test_carrick_wrapped_lines_and_hyphenation(carrick: Report) -> None:
    assert carrick.introduction is not None
    lead = carrick.introduction.paragraphs[0]
    assert lead.startswith("This report is fiction") and lead.endswith("every figure below are invented.")
    np_section = carrick.framework("neighbourhood-policing")
    assert "better safeguarding of the people" in np_section.strengths[2]  # spelt so elsewhere
    assert "regional organisation of its" in carrick.framework("performance-management").areas_for_improvement[0]
    assert "Better co-ordination of visits" in carrick.framework("public-protection").areas_for_improvement[0]
    # Footers with page numbers, cut paragraphs going on in lower case and with a capital.
    assert "and the force has taught four other forces" in np_section.strengths[1]
    missing = carrick.framework("missing-persons").areas_for_improvement
    assert len(missing) == 2 and "children's homes in Carrick Bridge and Dunmere" in missing[1]


def test_carrick_recommendations(carrick: Report) -> None:
    assert _placed(carrick) == {
        1: ("performance-management", "areas_for_improvement", 1),  # "RECOMMENDATION 1: That ..."
        2: ("public-protection", "work_in_progress", 1),
        3: ("public-protection", "areas_for_improvement", 1),
        4: ("missing-persons", "areas_for_improvement", 1),
        5: ("missing-persons", "areas_for_improvement", 2),
    }
    first, _, third, *_ = carrick.recommendations
    assert first.text.startswith("That the force links") and first.text.endswith("until both are replaced.")
    assert third.text_where_raised is not None and "makes sure two officers" in third.text_where_raised
    assert "ensures that two officers" in third.text  # the closing list's wording
    assert carrick.framework("neighbourhood-policing").recommendations == ()


def test_carrick_developing_practice_and_glossary(carrick: Report) -> None:
    (example,) = carrick.developing_practice
    assert example.framework == "performance-management"
    assert example.title == "Residents' scorecard for neighbourhood teams"
    meanings = {e.abbreviation: e.meaning for e in carrick.glossary}
    assert meanings["CDRP"] == "crime and disorder reduction partnership"  # wrapped meaning
    assert len(meanings) == 5
