"""Measure how well each extraction of a report's PDF parses: the figures issue 14 asks for.

Each clean report text (the made-up fixture reports, and the real 2007 report where
../shared is present) is rendered to a PDF with running headers and footers (WeasyPrint),
extracted as each tool prints it (``pdftotext``, ``pdftotext -layout``, pdfminer.six, pypdf's
plain ``extract_text``, the one-line-contents web style, and the PDF read directly as
``parse-report`` reads it), and parsed. For every style the script prints how many of the
clean text's paragraphs come out identical, how many recommendations stand in their
framework's list, and whether the frameworks are the same; with ``-v`` it prints every
paragraph that differs, classified (two paragraphs run together, one split in two, or the
words themselves differ). Exits 1 when an extraction does not parse to the clean JSON; for
the two styles without paragraph ends (``pdftotext``, pypdf's plain text) of any report but
the made-up ones, it is enough that the frameworks, the recommendations and everything but
the findings' paragraph breaks are the same (a full line that ends a sentence does not show
whether its paragraph goes on: see docs/report-format.md).

    .venv/bin/python bench/report_extractions.py [-v] [CLEAN_TEXT...]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "core" / "report"))
sys.path.insert(0, str(REPO))

import extraction  # noqa: E402  (the tests' renderer and extractors)

from inspectorate.core.report.errors import ReportFormatError  # noqa: E402
from inspectorate.core.report.pdf_text import report_text  # noqa: E402

SEED = REPO.parent / "shared" / "seed" / "hmic-inspection-report-bedfordshire-2007.txt"
SOURCES = ("fenshire-constabulary-2008-03", "wealdmoor-police-2007-11", "carrick-vale-constabulary-2008-06")


def placed(doc: dict[str, Any], clean: dict[str, Any]) -> int:
    """How many of the clean text's recommendations stand in the same framework's list."""
    got = {f["key"]: set(map(json.dumps, f["recommendations"])) for f in doc["frameworks"]}
    return sum(json.dumps(r) in got.get(f["key"], set()) for f in clean["frameworks"] for r in f["recommendations"])


def classify(missing: str, got: list[str]) -> str:
    """Why a clean paragraph is not among the extraction's: run into another, split, or changed."""
    for paragraph in got:
        if missing in paragraph and missing != paragraph:
            return "run together with a neighbour"
    pieces = [p for p in got if p in missing and len(p) < len(missing)]
    if pieces and sum(len(p) for p in pieces) >= len(missing) - len(pieces) - 1:
        return "split in two"
    return "words differ"


WRAPPED = ("pdftotext", "pypdf")


def measure(name: str, text: str, verbose: bool, *, made_up: bool) -> list[tuple[str, str, str, str, bool, bool]]:
    """The figures of each extraction of one clean text."""
    clean = extraction.document(text)
    clean_paragraphs = extraction.paragraphs(clean)
    total_recs = sum(len(f["recommendations"]) for f in clean["frameworks"])
    pdf = extraction.render_pdf(text)
    styles: dict[str, Any] = {style: (lambda extract=extract: extract(pdf))
                              for style, extract in extraction.EXTRACTORS.items()}
    if re.search(r"(?im)^\s*contents\s*$", text):  # the web style is of a report with contents
        styles["web"] = lambda: extraction.one_line_contents(text)
    styles["pdf (parse-report)"] = lambda: report_text(pdf)
    rows = []
    for style, extract in styles.items():
        try:
            body = extract()
        except Exception as error:  # a tool that cannot read the PDF (a font it trips over)
            rows.append((name, style, f"tool failed ({type(error).__name__})", "", False, False))
            continue
        try:
            got = extraction.document(body)
        except ReportFormatError as error:
            rows.append((name, style, f"fails: {error}"[:60], "", False, False))
            continue
        same = sum((Counter(extraction.paragraphs(got)) & Counter(clean_paragraphs)).values())
        frameworks = "same" if [f["key"] for f in got["frameworks"]] == [f["key"] for f in clean["frameworks"]] \
            else "differ"
        recs = placed(got, clean)
        near = frameworks == "same" and recs == total_recs \
            and all(got[key] == clean[key] for key in clean if key != "frameworks")
        passes = got == clean or (near and style in WRAPPED and not made_up)
        rows.append((name, style, f"{same}/{len(clean_paragraphs)}",
                     f"{recs}/{total_recs}, {frameworks}", got == clean, passes))
        if verbose and got != clean:
            got_paragraphs = extraction.paragraphs(got)
            extra = Counter(got_paragraphs) - Counter(clean_paragraphs)
            for missing in (Counter(clean_paragraphs) - Counter(got_paragraphs)).elements():
                print(f"  {name} {style}: {classify(missing, list(extra))}: {missing[:150]!r}")
            for key in clean:
                if key != "frameworks" and got.get(key) != clean[key]:
                    print(f"  {name} {style}: {key} differs")
    return rows


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    named = [Path(arg) for arg in argv if arg != "-v"]
    sources = named or [extraction.FIXTURES / f"{name}.txt" for name in SOURCES] + ([SEED] if SEED.exists() else [])
    rows = []
    for path in sources:
        made_up = path.parent == extraction.FIXTURES
        rows.extend(measure(path.stem[:24], path.read_text(encoding="utf-8"), verbose, made_up=made_up))
    print(f"{'report':26}{'style':20}{'paragraphs equal':18}{'recommendations placed, frameworks':36}JSON equal")
    for name, style, paras, recs, equal, _ in rows:
        print(f"{name:26}{style:20}{paras:18}{recs:36}{'yes' if equal else 'no'}")
    return 0 if all(row[5] for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
