"""Render a report's clean text to a PDF with page furniture, and extract it as real tools do.

Only for the tests (and for regenerating the extraction fixtures with
``python -m tests.core.report.extraction``): the PDF is a plain page per block of the clean
text, with the furniture the published PDFs carry — a running header naming the force on
every page after the cover, and a footer with the month of publication and "Page n of m".
Each extractor returns the text as that tool prints it: pdftotext (default and ``-layout``),
pdfminer.six and pypdf.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from inspectorate.core.report.lines import LIST_LINE_LIMIT, is_bullet, join_words, list_like
from inspectorate.core.report.model import CATEGORIES, Report
from inspectorate.core.report.parser import _layout_heading, parse_report

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
EXTRACTED = FIXTURES / "extracted"
# The clean texts the extraction fixtures are made from (made-up forces only).
SOURCE = "fenshire-constabulary-2008-03"
# Wealdmoor's text also makes the web style.
WEB_SOURCES = (SOURCE, "wealdmoor-police-2007-11")
# Every made-up clean report, for the live round trips (Carrick Vale's is hard-wrapped already).
MADE_UP = (*WEB_SOURCES, "carrick-vale-constabulary-2008-06")
# A row of a table set out with spaces: cells two or more spaces apart.
TABLE_ROW = re.compile(r"\S {2,}\S")
STYLES = (*("pdftotext", "pdftotext-layout", "pdfminer", "pypdf"), "web")


def normal(value: Any) -> Any:
    """A JSON value with every string's whitespace normalised (how extractions are compared)."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [normal(item) for item in value]
    if isinstance(value, dict):
        return {key: normal(item) for key, item in value.items()}
    return value


def normal_json(report: Report) -> dict[str, Any]:
    """A parsed report's JSON, as ``parse-report`` prints it, with every string's whitespace normalised."""
    result: dict[str, Any] = normal(json.loads(json.dumps(report.to_json())))
    return result


def document(text: str) -> dict[str, Any]:
    """The report text's JSON with every string's whitespace normalised."""
    return normal_json(parse_report(text))


def paragraphs(document: dict[str, Any]) -> list[str]:
    """Every paragraph of every framework's findings in a report's JSON, in order."""
    return [p for f in document["frameworks"] for c in CATEGORIES for p in f[c]]


def running_header(force: str) -> str:
    """The running header of the published PDFs: the force, then "HMIC Inspection Report"."""
    return f"{force} – HMIC Inspection Report"


def furnished_html(text: str) -> str:
    """A report's clean text as an HTML page with a running header and footer on every page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    report = parse_report(text)
    vocabulary = set(re.findall(r"[a-z]+(?:[-'][a-z]+)*", text.lower()))
    parts: list[str] = []
    for block in _without_footers(text, report.published_label):
        lines = [line for line in block.split("\n") if line.strip()]
        if any("\t" in line for line in lines):
            # A compact table: cells two spaces apart. (pdftotext without -layout reads a table
            # whose columns stand far apart column by column, which no parser can put back.)
            parts.extend(f"<p class='row'>{html.escape('  '.join(c.strip() for c in line.split(chr(9))))}</p>"
                         for line in lines)
        else:
            parts.extend(_items(lines, vocabulary))
    header = running_header(report.force).replace("'", "\\'")
    style = (
        "@page { size: A4; margin: 2.2cm 2cm;"
        f" @top-center {{ content: '{header}'; font: 9pt sans-serif }}"
        f" @bottom-left {{ content: '{report.published_label}'; font: 9pt sans-serif }}"
        " @bottom-right { content: 'Page ' counter(page) ' of ' counter(pages); font: 9pt sans-serif } }"
        " @page :first { @top-center { content: none } }"
        " body { font: 10pt/1.3 sans-serif } p { margin: 0 0 1em } .row { white-space: pre; margin: 0 }"
    )
    return f"<html lang='en-GB'><head><style>{style}</style></head><body>{''.join(parts)}</body></html>"


def _items(lines: list[str], vocabulary: set[str]) -> list[str]:
    """A block's paragraphs as HTML: a list block (short lines, each starting with a capital)
    one item a line; a table set out with spaces one row a line; otherwise a paragraph
    hard-wrapped in the clean text joined again. A bullet, a heading ("RECOMMENDATION 1")
    and the line after one start an item of their own."""
    plains = [line.strip() for line in lines]
    if len(plains) >= 2 and all(list_like(plain) for plain in plains):
        return [f"<p>{html.escape(plain)}</p>" for plain in plains]
    items: list[str] = []
    joinable = False
    for line, plain in zip(lines, plains, strict=True):
        heading = _layout_heading(plain)
        if TABLE_ROW.search(plain):
            items.append(f"<p class='row'>{html.escape(line.rstrip())}</p>")
            joinable = False
            continue
        if items and joinable and not heading and not is_bullet(plain):
            items[-1] = join_words(items[-1], plain, lambda: vocabulary)
        else:
            items.append(plain)
        joinable = not heading and len(plain) >= LIST_LINE_LIMIT
    return [item if item.startswith("<p class='row'>") else f"<p>{html.escape(item)}</p>" for item in items]


def _without_footers(text: str, month: str) -> list[str]:
    """The clean text's blocks without the footers it prints (the PDF prints its own), a
    paragraph cut by one put back together."""
    blocks: list[str] = []
    cut = False
    vocabulary = set(re.findall(r"[a-z]+(?:[-'][a-z]+)*", text.lower()))
    for number, block in enumerate(re.split(r"\n\s*\n", text.strip("\n"))):
        plain = " ".join(block.split())
        if number > 3 and re.fullmatch(rf"{month}(?:\s+\d+)?", plain):
            cut = bool(blocks) and not re.search(r"[.:;?!”’\"')]$", blocks[-1].strip())
            continue
        if cut:
            blocks[-1] = join_words(blocks[-1].rstrip(), block.strip(), lambda: vocabulary)
        else:
            blocks.append(block)
        cut = False
    return blocks


def render_pdf(text: str) -> bytes:
    """The clean text as a PDF (WeasyPrint), with running headers and footers."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    data: bytes = HTML(string=furnished_html(text)).write_pdf()
    return data


def _pdftotext(pdf: bytes, *options: str) -> str:
    if shutil.which("pdftotext") is None:
        raise LookupError("poppler's pdftotext is not installed")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(["pdftotext", *options, str(path), "-"], capture_output=True, check=True)
    return result.stdout.decode("utf-8")


def pdftotext_default(pdf: bytes) -> str:
    """``pdftotext FILE -``: one visual line a line, pages ended by form feeds."""
    return _pdftotext(pdf)


def pdftotext_layout(pdf: bytes) -> str:
    """``pdftotext -layout FILE -``: the page's layout kept with spaces."""
    return _pdftotext(pdf, "-layout")


def pdfminer_text(pdf: bytes) -> str:
    """pdfminer.six's ``extract_text``: text boxes separated by blank lines, pages by form feeds."""
    from pdfminer.high_level import extract_text

    return str(extract_text(io.BytesIO(pdf)))


def pypdf_text(pdf: bytes) -> str:
    """pypdf's plain ``extract_text`` of each page, pages joined by newlines (no form feeds)."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


EXTRACTORS: dict[str, Callable[[bytes], str]] = {
    "pdftotext": pdftotext_default,
    "pdftotext-layout": pdftotext_layout,
    "pdfminer": pdfminer_text,
    "pypdf": pypdf_text,
}


def one_line_contents(text: str) -> str:
    """The clean text as a document-text web service gives it: the contents on one line, the
    running header after every page footer and glued to the end of the cover, each
    "RECOMMENDATION n" broken after the word, and no page breaks."""
    lines = text.replace("\r\n", "\n").split("\n")
    start = next(i for i, line in enumerate(lines) if line.strip().lower() == "contents")
    first_heading = next(i for i in range(start + 1, len(lines)) if lines[i].strip())
    def bare(line: str) -> str:  # an entry without its dot leaders and page number
        return re.sub(r"(?:\s*\.{2,}\s*|\s+)\d{1,3}$", "", line.strip())

    first = bare(lines[first_heading])
    end = next(i for i in range(first_heading + 1, len(lines)) if lines[i].strip() == first)
    entries = [line.strip() for line in lines[start + 1:end] if line.strip()]
    report = parse_report(text)
    header = running_header(report.force)
    cover = [line for line in lines[:start] if line.strip()]
    cover[-1] = f"{cover[-1]} {header}"
    body = [f"{line}\n{header}" if line.strip() == report.published_label else line for line in lines[end:]]
    # The service breaks "RECOMMENDATION 5" after the word.
    body = [re.sub(r"^(RECOMMENDATION)\s+(\d+)\s*$", r"\1\n\2", line) for line in body]
    return "\n\n".join(cover) + "\n\nContents " + " ".join(entries) + "\n\n" + "\n".join(body)


def write_fixtures() -> None:
    """Regenerate the committed extraction fixtures from the clean fixture texts."""
    EXTRACTED.mkdir(exist_ok=True)
    text = (FIXTURES / f"{SOURCE}.txt").read_text(encoding="utf-8")
    pdf = render_pdf(text)
    for style, extract in EXTRACTORS.items():
        (EXTRACTED / f"{SOURCE}.{style}.txt").write_text(extract(pdf), encoding="utf-8")
    for name in WEB_SOURCES:
        text = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
        (EXTRACTED / f"{name}.web.txt").write_text(one_line_contents(text), encoding="utf-8")


if __name__ == "__main__":
    write_fixtures()
    sys.exit(0)
