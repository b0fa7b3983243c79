"""A report's text parses to the same JSON however its PDF was extracted.

The fixtures under ``fixtures/reports/extracted`` are a made-up report rendered to a PDF with
running headers and footers ("Page n of m") and extracted with each tool (see
``extraction.py``, which regenerates them); the live tests do the same round trip with the
tools installed here, and with the real 2007 report where ``../shared`` is present (its
PDF and extractions stay in ``tmp_path``).

Two tools print no sign of a paragraph's end but the line's length: ``pdftotext`` without
``-layout`` and pypdf's plain ``extract_text``. Where a sentence ends exactly at the end of
a full line the text cannot tell whether the paragraph goes on. The made-up reports must
still come out exactly; for the real report those two styles' findings are compared as the
run of their text (paragraph boundaries aside), every paragraph that differs must be split
at a break ``--explain`` names as a guess, and the figures of identical paragraphs are
printed. ``pdftotext`` also drops the hyphen of a compound broken at a line end
("well-" / "arranged" comes out "wellarranged"); it is put back where the report or a
hyphenating word ("well", "self") tells, and named as a guess.
"""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import extraction
import pytest

from inspectorate.core.report.cli import main
from inspectorate.core.report.model import CATEGORIES
from inspectorate.core.report.parser import Guess, explain_report
from inspectorate.core.report.pdf_text import report_text

CLEAN = extraction.FIXTURES / f"{extraction.SOURCE}.txt"
# Styles whose paragraph ends are printed (blank lines, text boxes, long lines; "pdf" is the
# PDF itself, as parse-report reads it).
EXACT = ("pdftotext-layout", "pdfminer", "web", "pdf")
# Styles that print every visual line with no blank line between paragraphs.
WRAPPED = ("pdftotext", "pypdf")


def _runs(document: dict[str, Any], *, hyphens: bool = True) -> dict[str, Any]:
    """The document with each list of findings as one run of text (paragraph ends aside)."""
    result = dict(document)
    result["frameworks"] = [{**f, **{c: " ".join(f[c]) for c in CATEGORIES}} for f in document["frameworks"]]
    if not hyphens:
        result = json.loads(re.sub(r"(?<=[a-z])-(?=[a-z])", "", json.dumps(result)))
    return result


def _check(style: str, clean: dict[str, Any], text: str, header: str, *, wrapped_exact: bool = True) -> str:
    """Assert what must hold for every style; return the figures for the report.

    ``wrapped_exact=False`` allows the two styles without paragraph ends a paragraph split in
    two at a full line that ends a sentence, where --explain names the guess.
    """
    report, notes = explain_report(text)
    got = extraction.normal_json(report)
    assert [f["key"] for f in got["frameworks"]] == [f["key"] for f in clean["frameworks"]]  # none invented
    assert not any(header in p or "Page " in p and " of " in p and re.search(r"Page \d+ of \d+", p)
                   for p in extraction.paragraphs(got))
    assert [(f["key"], f["recommendations"]) for f in got["frameworks"]] == [
        (f["key"], f["recommendations"]) for f in clean["frameworks"]]
    assert got["recommendations"] == clean["recommendations"]
    for key in ("force", "published", "isbn", "national_summary", "force_summary"):
        assert got[key] == clean[key], key
    if style in EXACT or wrapped_exact:
        assert got == clean
    else:
        assert _runs(got, hyphens=style != "pdftotext") == _runs(clean, hyphens=style != "pdftotext")
        # Every paragraph the text could not tell apart is named by --explain as a guess.
        seams = [note.text.split(" / ", 1)[1].rstrip("…") for note in notes
                 if isinstance(note, Guess) and " / " in note.text]
        for paragraph in (Counter(extraction.paragraphs(clean)) - Counter(extraction.paragraphs(got))):
            assert any(seam in paragraph[1:] for seam in seams), paragraph
    same = sum((Counter(extraction.paragraphs(got)) & Counter(extraction.paragraphs(clean))).values())
    return f"{style}: {same} of {len(extraction.paragraphs(clean))} paragraphs identical"


@pytest.fixture(scope="module")
def clean() -> dict[str, Any]:
    return extraction.document(CLEAN.read_text(encoding="utf-8"))


@pytest.mark.parametrize("style", [style for style in (*EXACT, *WRAPPED) if style != "pdf"])
def test_committed_extraction_parses_to_the_clean_json(style: str, clean: dict[str, Any]) -> None:
    text = (extraction.EXTRACTED / f"{extraction.SOURCE}.{style}.txt").read_text(encoding="utf-8")
    print(_check(style, clean, text, extraction.running_header(clean["force"])))


def test_second_web_extraction_parses_to_its_clean_json() -> None:
    name = extraction.WEB_SOURCES[1]
    clean = extraction.document((extraction.FIXTURES / f"{name}.txt").read_text(encoding="utf-8"))
    text = (extraction.EXTRACTED / f"{name}.web.txt").read_text(encoding="utf-8")
    assert "RECOMMENDATION\n1\n" in text and "Contents Introduction" in text  # the awkward parts are there
    assert extraction.document(text) == clean


def test_the_fixture_styles_carry_the_furniture_they_claim() -> None:
    texts = {style: (extraction.EXTRACTED / f"{extraction.SOURCE}.{style}.txt").read_text(encoding="utf-8")
             for style in (*EXACT, *WRAPPED) if style != "pdf"}
    header = extraction.running_header("Fenshire Constabulary")
    for style, text in texts.items():
        assert text.count(header) >= 5, style
    assert "\f" not in texts["pypdf"] and "\f" in texts["pdftotext"]
    assert "inspection reports. It\nfollows the layout" in texts["pdftotext"]  # hard-wrapped, no blank lines
    assert f"FOR TESTING {header}" not in texts["pdftotext"]
    assert re.search(r"EVERY FORCE, PERSON AND FIGURE IN IT IS MADE UP " + re.escape(header), texts["web"])


def test_explain_names_what_was_dropped_and_keeps_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    path = extraction.EXTRACTED / f"{extraction.SOURCE}.pdftotext.txt"
    assert main([str(path)]) == 0
    plain_out, plain_err = capsys.readouterr()
    assert main([str(path), "--explain"]) == 0
    out, err = capsys.readouterr()
    assert out == plain_out and plain_err == ""
    lines = err.splitlines()
    headers = [line for line in lines if "Fenshire Constabulary – HMIC Inspection Report" in line]
    assert len(headers) >= 8 and all(re.match(r"parse-report: \S+: line \d+: dropped ", line) for line in headers)
    assert any(re.search(r'dropped "Page 3 of \d+" as the page footer', line) for line in lines)
    assert lines[-1].endswith("dropped as page furniture")


def test_glued_header_is_cut_off_and_reported() -> None:
    text = (extraction.EXTRACTED / f"{extraction.SOURCE}.web.txt").read_text(encoding="utf-8")
    report, dropped = explain_report(text)
    glued = [note for note in dropped if note.reason.endswith("glued to the line")]
    assert [note.text for note in glued] == ["Fenshire Constabulary – HMIC Inspection Report"]
    assert report.cover_lines[-1] == "EVERY FORCE, PERSON AND FIGURE IN IT IS MADE UP"


def test_headings_tolerate_dashes_and_spacing(clean: dict[str, Any]) -> None:
    text = CLEAN.read_text(encoding="utf-8")
    varied = text.replace("Protecting Vulnerable People – Child Abuse\n\nGRADE",
                          "PROTECTING  VULNERABLE PEOPLE - CHILD ABUSE\n\nGRADE")
    varied = varied.replace("\nStrengths\n", "\nSTRENGTHS :\n".replace(" :", ":"))
    assert varied != text
    assert extraction.document(varied)["frameworks"][3]["strengths"] == clean["frameworks"][3]["strengths"]
    assert [f["key"] for f in extraction.document(varied)["frameworks"]] == [f["key"] for f in clean["frameworks"]]


def _live(text: str, tmp_path: Path) -> dict[str, str]:
    pytest.importorskip("weasyprint")
    pytest.importorskip("pdfminer")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    pdf = extraction.render_pdf(text)
    (tmp_path / "report.pdf").write_bytes(pdf)
    extracted = {style: extract(pdf) for style, extract in extraction.EXTRACTORS.items()}
    extracted["pdf"] = report_text(pdf)
    for style, body in extracted.items():
        (tmp_path / f"report.{style}.txt").write_text(body, encoding="utf-8")
    return extracted


@pytest.mark.parametrize("name", extraction.MADE_UP)
def test_live_round_trip_of_the_made_up_reports(name: str, tmp_path: Path) -> None:
    text = (extraction.FIXTURES / f"{name}.txt").read_text(encoding="utf-8")
    clean = extraction.document(text)
    extracted = _live(text, tmp_path)
    header = extraction.running_header(clean["force"])
    figures = [_check(style, clean, text, header) for style, text in extracted.items()]
    print("; ".join(figures))


def test_every_extraction_of_the_real_report_parses_to_its_clean_json(seed_report: Path, tmp_path: Path) -> None:
    text = seed_report.read_text(encoding="utf-8")
    clean = extraction.document(text)
    extracted = _live(text, tmp_path)
    extracted["web"] = extraction.one_line_contents(text)
    header = extraction.running_header(clean["force"])
    figures = [_check(style, clean, body, header, wrapped_exact=False) for style, body in extracted.items()]
    print("; ".join(figures))


def test_a_hyphen_dropped_by_pdftotext_is_put_back_as_the_report_spells_the_word() -> None:
    from inspectorate.core.report.lines import prepare

    line = "The force has arranged to work with partners on a multi-agency basis across Fenshire."
    start = "Officers told inspectors that the new arrangements for meetings across the county were"
    assert abs(len(start) - len(line)) < 3
    # pdftotext joins a line ending in a hyphen to the next one, dropping the hyphen.
    joined = f"{start} multiagency and well received by the partners who attend them each month."
    once = f"{start} wellarranged by the inspector in Eldham, who had asked for them in the spring."
    kept = f"{start} county meetings, held in Fenmouth, and were well received by the partners there."
    lines = [item.plain for item in prepare("\n".join([line] * 80 + [joined, once, kept])).lines]
    assert lines[80].endswith("were multi-agency and well received by the partners who attend them each month.")
    assert "were well-arranged by the inspector" in lines[81]  # a compound of the report's own words
    assert lines[82] == kept  # the word at the edge is printed elsewhere as it is: left alone
