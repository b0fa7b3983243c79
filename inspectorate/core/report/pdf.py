"""Render a Report as PDF with WeasyPrint, and prepare a PDF's extracted text for the parser.

The PDF is WeasyPrint's rendering of ``html.print_document``: the same HTML as the web page
with the print rules of ``report.css`` (a cover, a contents page whose page numbers come from
``target-counter``, a running footer with the month and year and the page number, the
charts inline as SVG). Its text is laid out so that ``pdftotext -layout`` gives back a
report in the published layout; ``pdf_text_for_parsing`` removes the little the PDF adds
to that layout before ``parse_report`` reads it.
"""

from __future__ import annotations

import logging
import re
from collections import Counter

from inspectorate.core.report.html import PRACTICE_NOTICE, print_document
from inspectorate.core.report.model import Report

# A line printed at the top of at least this share of the pages is a running header.
RUNNING_HEADER_SHARE = 0.5
# Characters a PDF's text may hold for what the source wrote with plainer ones.
_PLAIN = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
    "\u2011": "-", "\u00ad": "", "\u2060": "",
})


def render_pdf(report: Report, *, synthetic: bool = False) -> bytes:
    """The report as a tagged PDF (A4): cover, contents with page numbers, footers, inline charts.

    ``synthetic`` prints a banner on every page saying the report is synthetic
    demonstration data about a made-up force. The PDF is tagged (headings, tables, lists,
    language) so that screen readers can navigate it as they can the HTML.
    """
    return pdf_of(print_document(report, synthetic=synthetic))


def pdf_of(document: str) -> bytes:
    """WeasyPrint's tagged PDF of a whole HTML document (``html.print_document``'s): the same
    document gives the same PDF."""
    from weasyprint import HTML  # imported here: it is slow to import and only the PDF needs it

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    pdf: bytes = HTML(string=document, base_url=None).write_pdf(pdf_tags=True)
    return pdf


def pdf_text_for_parsing(text: str) -> str:
    """Text extracted from a report's PDF (``pdftotext -layout``), ready for ``parse_report``.

    Pages stay separated by form feeds (the parser mends paragraphs cut by a page break and
    drops the "October 2007" footers itself). Removed here:

    - a running header: a line printed at the top of at least half the pages (here the
      synthetic-data banner), which would otherwise land inside a paragraph or a table;
    - the notice printed under each developing practice example, which the published
      layout does not have;
    - ligature characters and non-breaking or soft hyphens, spelt out as plain letters.
    """
    pages = text.translate(_PLAIN).split("\f")
    headers = _running_headers(pages)
    notice = " ".join(PRACTICE_NOTICE.split())
    kept_pages = []
    for page in pages:
        lines = page.split("\n")
        top = _first_content_line(lines)
        kept = [
            line for index, line in enumerate(lines)
            if not (index == top and _plain(line) in headers) and _plain(line) != notice
        ]
        kept_pages.append("\n".join(kept))
    return "\f".join(kept_pages)


def _plain(line: str) -> str:
    return " ".join(line.split())


def _first_content_line(lines: list[str]) -> int | None:
    return next((index for index, line in enumerate(lines) if line.strip()), None)


def _running_headers(pages: list[str]) -> set[str]:
    """Lines that open at least half of the (non-empty) pages, and at least two of them."""
    tops: Counter[str] = Counter()
    counted = 0
    for page in pages:
        lines = page.split("\n")
        top = _first_content_line(lines)
        if top is None:
            continue
        counted += 1
        tops[_plain(lines[top])] += 1
    threshold = max(2.0, counted * RUNNING_HEADER_SHARE)
    return {line for line, count in tops.items() if count >= threshold and not re.fullmatch(r"[\d\s]*", line)}
