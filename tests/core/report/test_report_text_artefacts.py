"""What PDF extraction leaves in a report's text, one artefact at a time (SPEC section 9)."""

from __future__ import annotations

import pytest

from inspectorate.core.report.keys import framework_group, framework_key, short_title
from inspectorate.core.report.lines import continues, join_words, prepare
from inspectorate.core.report.parser import parse_report

HEAD = "Inspection Report\n\nFenshire Constabulary\n\nMarch 2008\n\n"
SECTION = "Neighbourhood Policing\n\nGRADE\tGOOD\n\nNational grade distribution\n\nExcellent\tGood\tFair\tPoor\n" \
    "5\t17\t19\t2\n\n"


def _strengths(body: str) -> tuple[str, ...]:
    return parse_report(HEAD + SECTION + "Strengths\n\n" + body).framework("neighbourhood-policing").strengths


def test_crlf_cr_and_trailing_spaces() -> None:
    text = (HEAD + SECTION + "Strengths   \n\nOne finding.  \n\nTwo findings.\t \n").replace("\n", "\r\n")
    assert parse_report(text).framework("neighbourhood-policing").strengths == ("One finding.", "Two findings.")
    assert parse_report(text.replace("\r\n", "\r")).framework("neighbourhood-policing").strengths == (
        "One finding.", "Two findings.")


@pytest.mark.parametrize("footer", ["March 2008", "MARCH 2008", "   March 2008   ", "March 2008   12",
                                    "12 March 2008", "Page 12 | March 2008", "\fMarch 2008", "March 2008\f"])
def test_footer_forms_are_removed(footer: str) -> None:
    body = f"The board meets every month and the\n\n{footer}\n\nchair reports to the authority.\n"
    assert _strengths(body) == ("The board meets every month and the chair reports to the authority.",)


def test_footer_between_paragraphs_joins_nothing() -> None:
    body = "The board meets every month.\n\nMarch 2008\n\nThe chair reports to the authority.\n"
    assert _strengths(body) == ("The board meets every month.", "The chair reports to the authority.")


def test_footer_inside_a_block_and_a_page_break_without_footer() -> None:
    assert _strengths("The board meets every month and the\nMarch 2008\nchair reports.\n") == (
        "The board meets every month and the chair reports.",)
    assert _strengths("The board meets every month and the\n\fchair reports.\n") == (
        "The board meets every month and the chair reports.",)


def test_only_the_cover_date_is_not_a_footer() -> None:
    report = parse_report(HEAD + SECTION + "Strengths\n\nMarch 2008\n\nThe board meets.\n")
    assert report.published == "2008-03"
    assert report.framework("neighbourhood-policing").strengths == ("The board meets.",)


def test_a_different_month_is_text_not_a_footer() -> None:
    assert _strengths("Work began in\nApril 2008\nas planned.\n") == ("Work began in April 2008 as planned.",)
    assert _strengths("Work began in\nMarch 2008\nas planned.\n") == ("Work began in as planned.",)


def test_wrapped_lines_and_list_items() -> None:
    body = "The board meets every month and the chair\nreports to the authority.\n- first item;\n- second" \
        "\n  item wrapped.\n"
    assert _strengths(body) == ("The board meets every month and the chair reports to the authority.",
                                "- first item;", "- second item wrapped.")


def test_a_block_of_short_capitalised_lines_is_a_list() -> None:
    assert _strengths("Planned areas\nSerious crime\nMajor crime\n\nAll three.\n") == (
        "Planned areas", "Serious crime", "Major crime", "All three.")


def test_grade_on_separate_lines_and_dash_rows() -> None:
    text = HEAD + SECTION.replace("GRADE\tGOOD", "GRADE\n\n-------\n\nGood\n-------") + "Strengths\n\nFine.\n"
    assert parse_report(text).framework("neighbourhood-policing").grade == "Good"


def test_distribution_split_over_lines() -> None:
    text = SECTION.replace("Excellent\tGood\tFair\tPoor\n5\t17\t19\t2", "Excellent\nGood\nFair\nPoor\n\n5\n17\n19\n2")
    distribution = parse_report(HEAD + text + "Strengths\n\nFine.\n").framework(
        "neighbourhood-policing").national_distribution
    assert distribution is not None and distribution.in_order() == (5, 17, 19, 2)


def test_glossary_lines() -> None:
    text = HEAD + "Glossary\n\nA\n\nACC\tassistant chief constable\n------\t------\n\nB\n\nBCU basic command unit\n" \
        "BME    black and minority ethnic\nHM Treasury\tthe finance ministry\nCDRP  crime and disorder\n" \
        "      reduction partnership\n"
    assert [(e.abbreviation, e.meaning) for e in parse_report(text).glossary] == [
        ("ACC", "assistant chief constable"), ("BCU", "basic command unit"),
        ("BME", "black and minority ethnic"), ("HM Treasury", "the finance ministry"),
        ("CDRP", "crime and disorder reduction partnership"),
    ]


@pytest.mark.parametrize(("left", "right", "joined"), [
    ("neighbour-", "hoods and", "neighbourhoods and"),  # the report spells it so elsewhere
    ("multi-", "agency work", "multi-agency work"),  # so is this
    ("pre-", "booked visits", "pre-booked visits"),  # a common prefix
    ("regional organ-", "isation of", "regional organisation of"),  # a suffix, never a word
    ("dip-", "sampling of", "dip-sampling of"),  # nothing tells: the hyphen stays
    ("post-", "April", "post-April"),  # a capital after the hyphen
    ("the", "rest", "the rest"),
])
def test_hyphenated_words(left: str, right: str, joined: str) -> None:
    words = {"neighbourhoods", "multi-agency"}
    assert join_words(left, right, lambda: words) == joined


def test_when_a_paragraph_goes_on_after_a_page_break() -> None:
    assert continues("the board meets every", "month.")
    assert continues("a long line of prose that stops at the foot of the page without a stop", "Luton next")
    assert not continues("a long line of prose that ends at the foot of the page with a stop.", "The next")
    assert not continues("Category 1 – registered offenders", "Category 2 – others")
    assert not continues("- an unfinished list item of a good length that runs on and on here", "- next")
    assert continues("the pre-", "Booked")


def test_prepare_marks_blocks_and_breaks() -> None:
    doc = prepare("Inspection Report\n\nFenshire\n\nMarch 2008\n\none\ntwo\n\nMarch 2008\n\nthree\n")
    assert [(line.plain, line.new_block, line.after_break) for line in doc.lines] == [
        ("Inspection Report", True, False), ("Fenshire", True, False), ("March 2008", True, False),
        ("one", True, False), ("two", False, False), ("three", True, True),
    ]
    assert doc.cover_date == "March 2008" and doc.line_count == 12


@pytest.mark.parametrize(("title", "key", "group"), [
    ("Neighbourhood Policing", "neighbourhood-policing", None),
    ("Performance Management", "performance-management", None),
    ("Protecting Vulnerable People – Overview", "pvp-overview", "protecting-vulnerable-people"),
    ("Protecting vulnerable people", "pvp-overview", "protecting-vulnerable-people"),
    ("Protecting Vulnerable People – Child Abuse", "child-abuse", "protecting-vulnerable-people"),
    ("Protecting Vulnerable People - Domestic Violence", "domestic-violence", "protecting-vulnerable-people"),
    ("PROTECTING VULNERABLE PEOPLE: PUBLIC PROTECTION", "public-protection", "protecting-vulnerable-people"),
    ("Missing persons", "missing-persons", "protecting-vulnerable-people"),
    ("Protecting Vulnerable People – Adult Abuse", "adult-abuse", "protecting-vulnerable-people"),
    ("Volume Crime Investigation", "volume-crime-investigation", None),
    ("Training, development & learning", "training-development-learning", None),
])
def test_framework_keys(title: str, key: str, group: str | None) -> None:
    assert framework_key(title) == key
    assert framework_group(title) == group


def test_short_titles_map_back_to_the_same_key() -> None:
    for title in ("Protecting Vulnerable People – Missing Persons", "Neighbourhood Policing"):
        assert framework_key(short_title(title)) == framework_key(title)
