"""render_pdf: a cover, a contents page with page numbers, footers with the month and year."""

from __future__ import annotations

import io
import re
from collections.abc import Callable

import pytest
from render_samples import build_sample_report

from inspectorate.core.report.pdf import render_pdf

Extract = Callable[[bytes], str]


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(build_sample_report())


@pytest.fixture(scope="module")
def synthetic_pdf() -> bytes:
    return render_pdf(build_sample_report(), synthetic=True)


def _pages(text: str) -> list[list[str]]:
    """Each page's non-blank lines, whitespace normalised."""
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [[" ".join(line.split()) for line in page.splitlines() if line.strip()] for page in pages]


def test_the_pdf_is_a_pdf(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF-")
    assert b"%%EOF" in pdf[-32:]


def test_the_pdf_is_tagged_for_screen_readers(pdf: bytes) -> None:
    from pypdf import PdfReader

    catalogue = PdfReader(io.BytesIO(pdf)).root_object
    mark_info = catalogue["/MarkInfo"].get_object()
    assert isinstance(mark_info, dict) and bool(mark_info["/Marked"])
    assert str(catalogue["/Lang"]) == "en-GB" and "/StructTreeRoot" in catalogue


def test_cover_page_holds_title_force_and_date_and_no_footer(pdf: bytes, pdftotext: Extract) -> None:
    cover = _pages(pdftotext(pdf))[0]
    assert cover[:3] == ["Inspection Report", "Harrowmere Constabulary", "May 2008"]
    assert "ISBN: 978-0-00-000000-0" in cover and "© Crown copyright 2008" in cover
    assert not any("Page" in line for line in cover)


def test_contents_page_numbers_point_at_the_headings(pdf: bytes, pdftotext: Extract) -> None:
    pages = _pages(pdftotext(pdf))
    assert pages[1][0] == "Contents"
    entries = [re.fullmatch(r"(?P<title>.+?) ?\.{2,} ?(?P<page>\d+)", line) for line in pages[1][1:-1]]
    assert all(entries), pages[1]
    found = {match.group("title"): int(match.group("page")) for match in entries if match}
    assert len(found) == 13
    for title, page in found.items():
        assert title in pages[page - 1], f"{title!r} is not on page {page}"
    assert found["Neighbourhood Policing"] < found["Performance Management"] < found["Recommendations"]


def test_every_page_after_the_cover_has_the_month_year_footer(pdf: bytes, pdftotext: Extract) -> None:
    pages = _pages(pdftotext(pdf))
    assert len(pages) >= 8
    for number, lines in enumerate(pages[1:], start=2):
        assert lines[-1] == f"May 2008 · Page {number} of {len(pages)}"


def test_each_framework_starts_a_page_with_its_grade(pdf: bytes, pdftotext: Extract) -> None:
    pages = _pages(pdftotext(pdf))
    starts = {lines[0]: lines[1:3] for lines in pages}
    assert starts["Neighbourhood Policing"] == ["GRADE GOOD", "National grade distribution"]
    assert starts["Protecting Vulnerable People – Child Abuse"][0] == "GRADE POOR"
    assert starts["Protecting Vulnerable People – Overview"] == ["Contextual factors",
                                                                 "A public protection unit was formed in 2007."]


def test_charts_are_drawn_but_their_words_are_not_extracted(pdf: bytes, pdftotext: Extract) -> None:
    text = pdftotext(pdf)
    assert "This force" not in text
    distribution = text.split("National grade distribution", 1)[1].split("National contextual factors", 1)[0]
    assert [" ".join(line.split()) for line in distribution.splitlines() if line.strip()] == [
        "Excellent Good Fair Poor", "5 15 20 3"]


def test_synthetic_pdf_says_so_on_every_page(synthetic_pdf: bytes, pdftotext: Extract) -> None:
    pages = _pages(pdftotext(synthetic_pdf))
    banner = "Made-up demonstration data: Harrowmere Constabulary is a made-up force."
    assert all(lines[0] == banner for lines in pages)
    assert "this is not a real inspection report." in " ".join(pages[0])
