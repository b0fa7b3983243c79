"""A report's PDF: its text is extracted with pypdf and parsed to the same grades, counts and
recommendations as the text it was made from."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from inspectorate.core.report.model import Report
from inspectorate.core.report.parser import parse_report
from inspectorate.core.report.pdf_text import PdfTextError, is_pdf, pdf_text, report_text
from inspectorate.core.report.text import render_text

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
FENSHIRE = REPORTS / "fenshire-constabulary-2008-03.txt"


def _simple_html(text: str, footer: str) -> str:
    """A plain HTML page for a rendered report (only for these tests; not the project's HTML)."""
    parts: list[str] = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if any("\t" in line for line in lines):
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in line.split("\t")) + "</tr>"
                for line in lines)
            parts.append(f"<table>{rows}</table>")
        else:
            parts.extend(f"<p>{html.escape(line)}</p>" for line in lines)
    style = (f"@page {{ size: A4; margin: 2cm; @bottom-center {{ content: '{footer}'; }} }}"
             "body { font: 10pt sans-serif } td { padding: 0 1em }")
    return f"<html><head><style>{style}</style></head><body>{''.join(parts)}</body></html>"


@pytest.fixture(scope="module")
def original() -> Report:
    return parse_report(FENSHIRE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pdf_bytes(original: Report) -> bytes:
    weasyprint = pytest.importorskip("weasyprint")
    document = _simple_html(render_text(original), original.published_label)
    data: bytes = weasyprint.HTML(string=document).write_pdf()
    return data


def _essentials(report: Report) -> dict[str, object]:
    document = report.to_json()
    return {
        "cover": (document["force"], document["published"], document["isbn"]),
        "grades": [(f["key"], f["grade"], f["national_distribution"]) for f in document["frameworks"]],
        "national": document["national_summary"],
        "force": document["force_summary"],
        "recommendations": document["recommendations"],
        "placements": [(f["key"], f["recommendations"]) for f in document["frameworks"]],
        "practice": [(p["title"], p["framework"]) for p in document["developing_practice"]],
        "glossary": document["glossary"],
    }


def test_pdf_is_recognised_by_its_header(pdf_bytes: bytes) -> None:
    assert is_pdf(pdf_bytes) and not is_pdf(FENSHIRE.read_bytes())


def test_pdf_text_parses_to_the_same_report(pdf_bytes: bytes, original: Report) -> None:
    text = pdf_text(pdf_bytes)
    assert "\f" in text  # pages are separated by form feeds
    assert text.count(original.published_label) > 3  # a running footer on every page
    from_pdf = parse_report(text)
    assert _essentials(from_pdf) == _essentials(original)
    assert from_pdf.framework("neighbourhood-policing").work_in_progress == (
        original.framework("neighbourhood-policing").work_in_progress)


def test_pdftotext_layout_output_parses_too(pdf_bytes: bytes, original: Report, tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(pdf_bytes)
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    text = result.stdout.decode("utf-8")
    assert _essentials(parse_report(text)) == _essentials(original)


def test_parse_report_command_reads_a_pdf(pdf_bytes: bytes, original: Report, tmp_path: Path) -> None:
    pdf = tmp_path / "fenshire.pdf"
    pdf.write_bytes(pdf_bytes)
    script = Path(sys.executable).parent / "inspectorate"
    if not script.exists():
        pytest.skip("the inspectorate console script is not installed in this environment")
    result = subprocess.run([str(script), "parse-report", str(pdf)], capture_output=True, text=True,
                            encoding="utf-8", timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["recommendations"] == original.to_json()["recommendations"]


def test_unreadable_and_empty_pdfs() -> None:
    with pytest.raises(PdfTextError, match="cannot be read"):
        pdf_text(b"%PDF-1.4\nnot a pdf at all")


def test_text_files_are_decoded() -> None:
    assert report_text("Inspection Report – ok".encode()) == "Inspection Report – ok"
    assert report_text("\ufeffInspection Report".encode()) == "Inspection Report"
    assert report_text("caf\xe9".encode("cp1252")) == "café"
