"""pdf_text_for_parsing: what a PDF adds to the published layout is taken out again."""

from __future__ import annotations

from inspectorate.core.report.html import PRACTICE_NOTICE
from inspectorate.core.report.pdf import pdf_text_for_parsing

BANNER = "Made-up demonstration data: Harrowmere Constabulary is a made-up force."


def test_a_running_header_is_dropped_from_the_top_of_each_page() -> None:
    pages = [f"      {BANNER}\n\n\nHeading {n}\n\nText {n}.\n\n    May 2008 · Page {n} of 3\n" for n in (1, 2, 3)]
    prepared = pdf_text_for_parsing("\f".join(pages))
    assert BANNER not in prepared
    assert prepared.count("\f") == 2 and prepared.count("May 2008 · Page") == 3
    assert "Heading 2" in prepared and "Text 3." in prepared


def test_a_line_that_opens_only_some_pages_stays() -> None:
    text = "Introduction\n\nA.\f Introduction\n\nB.\fFindings\n\nC.\fGlossary\n\nD.\fEnd\n"
    assert pdf_text_for_parsing(text) == text


def test_the_same_words_lower_on_a_page_stay() -> None:
    text = f"{BANNER}\nOne.\n{BANNER}\f{BANNER}\nTwo.\f{BANNER}\nThree."
    assert pdf_text_for_parsing(text) == f"One.\n{BANNER}\fTwo.\fThree."


def test_the_developing_practice_notice_is_dropped() -> None:
    text = f"TITLE:\nStreet surgeries\n\n   {PRACTICE_NOTICE}\n\nPROBLEM:\nNo one came.\n"
    assert pdf_text_for_parsing(text) == "TITLE:\nStreet surgeries\n\n\nPROBLEM:\nNo one came.\n"


def test_ligatures_and_special_hyphens_are_spelt_out() -> None:
    assert pdf_text_for_parsing("ef\ufb01cient \ufb02ow non\u2011crime multi\u00adagency") == (
        "efficient flow non-crime multiagency")
