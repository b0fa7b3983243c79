"""Where the report's PDF spends its time: our render against the WeasyPrint floor, and variants.

Run: .venv/bin/python bench/pdf_floor.py [--rounds N] [--only NAME,NAME] [--profile FILE]

Uses ../shared/seed's report where it is present, else the largest fixture report (as
``bench/publication_render.py`` does). In one process, after one warm-up render of each (so
importing WeasyPrint and loading the fonts are not counted), the documents below are rendered
in interleaved rounds and the medians of each are printed, as CPU seconds of this process
(the machine may be busy: wall-clock time adds waiting, and is printed beside it) and as a
ratio to the floor, with the number of text objects each PDF draws (a count of the work that
the machine's load does not blur):

- ``ours``: ``render_pdf`` as publication calls it (``print_document``, tagged);
- ``floor``: a minimal document with the same page count and the same fonts (one short
  paragraph a page in each face the report's PDF embeds), what any PDF of that many pages costs;
- ``text floor``: the report's own words as plain paragraphs in the same font and size, cut
  into as many pages: what laying out and drawing that much text costs before any of our
  structure or styles;
- variants of ours with one thing taken away, to locate the cost: the print stylesheet cut
  down rule group by rule group, the whole stylesheet, the charts, the tables, PDF tagging,
  bookmarks, the non-breaking characters the print text holds, and the fonts named as the
  generic ``sans-serif`` (ours are already system fonts: there is no ``@font-face``).

``--profile FILE`` writes a cProfile of one render of ``ours`` to FILE and prints the time of
WeasyPrint's phases (CSS cascade, layout, drawing, PDF writing, font subsetting, tagging).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from pypdf import PdfReader  # noqa: E402

from inspectorate.core.report.html import print_document  # noqa: E402
from inspectorate.core.report.model import Report  # noqa: E402
from inspectorate.core.report.parser import parse_report  # noqa: E402

SEED = REPO.parent / "shared" / "seed" / "hmic-inspection-report-bedfordshire-2007.txt"
FIXTURES = REPO / "tests" / "fixtures" / "reports"


def source() -> Path:
    """The real report, or the largest fixture where ../shared is absent."""
    if SEED.exists():
        return SEED
    return max((p for p in FIXTURES.glob("*.txt") if not p.name.startswith("broken-")), key=lambda p: p.stat().st_size)


@dataclass(frozen=True)
class Case:
    """One document to render: its HTML and whether the PDF is tagged."""

    name: str
    html: str
    tagged: bool = True


def render(case: Case) -> bytes:
    from weasyprint import HTML

    pdf: bytes = HTML(string=case.html, base_url=None).write_pdf(pdf_tags=case.tagged)
    return pdf


def pages_of(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def text_objects(pdf: bytes) -> int:
    """How many text objects (``BT`` ... ``ET``) the pages draw: one a text box WeasyPrint lays out.

    A count of the work, unlike the times untouched by what else the machine is doing."""
    return sum(len(re.findall(rb"(?<![\w<])BT(?![\w>])", page.get_contents().get_data()))
               for page in PdfReader(io.BytesIO(pdf)).pages if page.get_contents() is not None)


def fonts_of(pdf: bytes) -> list[str]:
    """The base names of the fonts a PDF embeds, without their subset prefix."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1].lstrip("/"))
    return sorted(names)


# -- the floors ------------------------------------------------------------------------------------

PAGE_CSS = "@page { size: A4; margin: 22mm 20mm 24mm; }"


def face_css(font: str) -> str:
    """CSS for a PDF font name such as ``DejaVuSans-BoldOblique``."""
    style = "italic" if "Oblique" in font or "Italic" in font else "normal"
    weight = "bold" if "Bold" in font else "normal"
    family = "DejaVu Sans Mono" if "Mono" in font else "DejaVu Serif" if "Serif" in font else "DejaVu Sans"
    return f'font-family: "{family}"; font-style: {style}; font-weight: {weight};'


def floor(pages: int, fonts: list[str]) -> str:
    """A minimal document: ``pages`` pages of one short paragraph each, in each of ``fonts``."""
    faces = "".join(f'<span style=\'{face_css(font)}\'>{escape(font)} </span>' for font in fonts)
    body = "".join(f'<p style="break-before: page">Page {n}: {faces}</p>\n' for n in range(1, pages + 1))
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Floor</title>'
            f'<style>{PAGE_CSS} body {{ font: 9.5pt "DejaVu Sans"; }} p:first-child {{ break-before: auto; }}'
            f"</style></head><body>{body}</body></html>")


def text_floor(html: str, pages: int) -> str:
    """The words of ``html`` as plain paragraphs in the report's font and size, cut into ``pages`` pages."""
    body = re.sub(r"(?s)<head>.*?</head>|<svg.*?</svg>", "", html)
    blocks = [" ".join(re.sub(r"<[^>]+>", " ", block).split())
              for block in re.split(r"</(?:p|li|h[1-6]|tr|dt|dd|caption|div)>", body)]
    blocks = [block for block in blocks if block]
    size = sum(len(block) for block in blocks) / pages
    out, filled, page = [], 0.0, 1
    for block in blocks:
        if filled >= size * page and page < pages:
            out.append('<p style="break-before: page">')
            page += 1
        else:
            out.append("<p>")
        out.append(f"{block}</p>\n")
        filled += len(block)
    return (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Text floor</title>'
            f'<style>{PAGE_CSS} body {{ font: 9.5pt/1.4 "DejaVu Sans"; }} p {{ margin: 0 0 9pt; }}</style>'
            f'</head><body>{"".join(out)}</body></html>')


# -- the variants ----------------------------------------------------------------------------------

def styles(html: str, change: Callable[[str], str]) -> str:
    """``html`` with its stylesheet changed."""
    head, rest = html.split("<style>\n", 1)
    css, tail = rest.split("</style>", 1)
    return f"{head}<style>\n{change(css)}</style>{tail}"


def print_block(css: str) -> tuple[str, str, str]:
    """The stylesheet before ``@media print {``, the print block's rules, and what follows it."""
    start = css.index("@media print {")
    depth, index = 0, start
    while True:
        char = css[index]
        depth += char == "{"
        depth -= char == "}"
        index += 1
        if char == "}" and depth == 0:
            break
    return css[:start], css[start + len("@media print {"):index - 1], css[index:]


def without_print_rules(css: str) -> str:
    before, _, after = print_block(css)
    return before + after


def only_page_rules(css: str) -> str:
    """No screen styles, and of the print block only its ``@page`` rules (size, margins, footers)."""
    _, block, _ = print_block(css)
    page = re.search(r"(?s)@page \{.*?\n  \}\n  @page :first \{.*?\}\s*\}", block)
    return "@media print {\n" + (page.group(0) if page else "") + "\n}\n"


def without(pattern: str) -> Callable[[str], str]:
    """Take every declaration matching ``pattern`` out of the stylesheet."""
    return lambda css: re.sub(pattern, "", css)


# The contents' rule: a dot leader (a text box a copy of its string) and the page number.
CONTENTS = re.compile(r'content: leader\("(?P<dots>\.+)"\) " " target-counter\(attr\(href\), page\);')
CONTENTS_RULE = 'content: leader("{dots}") " " target-counter(attr(href), page);'


GLOSSARY_ROWS = re.compile(r"(?m)^  \.inspection-report \.glossary-entry[^\n]*\n")


def before(css: str) -> str:
    """The print rules as they were: a one-dot contents leader, and the glossary's rows as flex rows."""
    return GLOSSARY_ROWS.sub("", CONTENTS.sub(CONTENTS_RULE.format(dots="."), css))


def variants(html: str) -> list[Case]:
    def css(name: str, change: Callable[[str], str]) -> Case:
        return Case(name, styles(html, change))

    return [
        Case("no tagging", html, tagged=False),
        css("no bookmarks", lambda c: c + "\nh1, h2, h3, h4, h5, h6 { bookmark-level: none; }\n"),
        Case("no charts", re.sub(r'(?s)<figure class="distribution-chart">.*?</figure>', "", html)),
        Case("no tables", re.sub(r"(?s)<table\b.*?</table>", "", html)),
        css("no stylesheet", lambda c: ""),
        css("only @page rules", only_page_rules),
        css("no print rules", without_print_rules),
        css("no break rules", without(r"break-(?:inside|after|before):\s*avoid;?")),
        css("as before issue 12", before),
        css("no contents leaders", lambda c: CONTENTS.sub("", c)),
        css("contents: only leaders", lambda c: CONTENTS.sub(r'content: leader("\g<dots>");', c)),
        css("contents: only numbers", lambda c: CONTENTS.sub('content: " " target-counter(attr(href), page);', c)),
        css("contents: 1-dot leader", lambda c: CONTENTS.sub(CONTENTS_RULE.format(dots="."), c)),
        css("contents: 2-dot leader", lambda c: CONTENTS.sub(CONTENTS_RULE.format(dots=".."), c)),
        css("no page footer", without(r'content: string\(published\)[^;]*;')),
        css("no font-variant", without(r"font-variant-[a-z]+:\s*[a-z-]+;?")),
        css("no flex", lambda c: c.replace("display: flex;", "")),
        css("no text-transform", without(r"text-transform:\s*uppercase;?")),
        css("fonts as sans-serif", lambda c: re.sub(r'font-family:[^;]*;', "font-family: sans-serif;", c)),
        Case("no joiners in text", html.replace("\u2060", "").replace("\u2011", "-")),
    ]


# -- timing and profile ---------------------------------------------------------------------------

def timed(case: Case) -> tuple[float, float, bytes]:
    wall, cpu = time.perf_counter(), time.process_time()
    pdf = render(case)
    return time.perf_counter() - wall, time.process_time() - cpu, pdf


PHASES = (  # (phase, the WeasyPrint function whose cumulative time it is)
    ("parse HTML and CSS, cascade (computed styles)", "document.py", "_build_layout_context"),
    ("build the box tree", "formatting_structure/build.py", "build_formatting_structure"),
    ("layout (pages, lines, tables)", "layout/__init__.py", "layout_document"),
    ("  of which: text line breaking (Pango)", "text/line_break.py", "split_first_line"),
    ("  of which: margin boxes (footers, running header)", "layout/page.py", "make_margin_boxes"),
    ("drawing pages (text, borders, SVG)", "document.py", "paint"),
    ("  of which: text", "draw/text.py", "draw_text"),
    ("  of which: SVG charts", "svg/__init__.py", "draw"),
    ("PDF tagging (structure tree)", "pdf/tags.py", "add_tags"),
    ("font subsetting", "pdf/fonts.py", "subset"),
    ("writing the PDF (serialising, zlib)", "pydyf/__init__.py", "write"),
    ("  of which: zlib compression", "~", "<method 'compress' of 'zlib.Compress' objects>"),
)


def profile(case: Case, path: Path) -> None:
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.runcall(render, case)
    total = time.perf_counter() - start
    profiler.dump_stats(str(path))
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    print(f"\nprofile of one render of {case.name!r} (cProfile, {total:.2f} s under the profiler; {path}):")
    for phase, filename, function in PHASES:
        seconds = sum(cumulative for (file, _, name), (_, _, _, cumulative, _) in stats.items()
                      if name == function and file.endswith(filename))
        print(f"  {phase:52} {seconds:6.2f} s  {seconds / total:5.1%}")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--only", help="comma-separated case names (ours and the floors always run)")
    parser.add_argument("--profile", type=Path)
    args = parser.parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]  # progress shows as it comes
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)

    path = source()
    report: Report = parse_report(path.read_text(encoding="utf-8"))
    html = print_document(report)
    ours = Case("ours", html)
    first = render(ours)  # warm-up: imports WeasyPrint and loads the fonts
    pages, fonts = pages_of(first), fonts_of(first)
    print(f"report: {path.name}: {pages} pages, fonts {', '.join(fonts)}, {len(first):,} bytes")
    cases = [ours, Case("floor", floor(pages, fonts)), Case("text floor", text_floor(html, pages))]
    wanted = set(args.only.split(",")) if args.only else None
    cases += [case for case in variants(html) if wanted is None or case.name in wanted]

    if args.profile:
        profile(ours, args.profile)

    results: dict[str, list[tuple[float, float]]] = {case.name: [] for case in cases}
    page_counts, boxes = {"ours": pages}, {"ours": text_objects(first)}
    for case in cases[1:]:
        pdf = render(case)  # warm-up, and its page count
        page_counts[case.name], boxes[case.name] = pages_of(pdf), text_objects(pdf)
    for _ in range(args.rounds):
        for case in cases:
            wall, cpu, _pdf = timed(case)
            results[case.name].append((wall, cpu))

    def median_cpu(name: str) -> float:
        return statistics.median(cpu for _, cpu in results[name])

    base, text_base, own = median_cpu("floor"), median_cpu("text floor"), median_cpu("ours")
    print(f"\nmedians of {args.rounds} interleaved rounds (CPU seconds of this process; wall-clock beside)")
    print(f"{'document':24}{'pages':>6}{'texts':>7}{'CPU s':>8}{'wall s':>8}{'x floor':>9}{'x text floor':>14}"
          f"{'saves':>8}")
    for case in cases:
        cpu = median_cpu(case.name)
        wall = statistics.median(w for w, _ in results[case.name])
        saves = "" if case.name in ("ours", "floor", "text floor") else f"{(own - cpu) / own:.0%}"
        print(f"{case.name:24}{page_counts[case.name]:>6}{boxes[case.name]:>7}{cpu:>8.2f}{wall:>8.2f}{cpu / base:>9.2f}"
              f"{cpu / text_base:>14.2f}{saves:>8}")
    print(f"\nours: {own / base:.2f}x the floor, {own / text_base:.2f}x the text floor "
          f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
