"""How long rendering the real 2007 report takes as HTML and as PDF (target: PDF under 3 s).

Run: .venv/bin/python bench/publication_render.py. Uses ../shared/seed's report where it is
present, else the largest fixture report. The first PDF includes importing WeasyPrint and
loading its fonts (a command-line render pays that); the later ones are what a running web
server pays. Wall-clock time depends on what else the machine is doing, so the process's CPU
time is printed too.
"""

from __future__ import annotations

import io
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pypdf import PdfReader

from inspectorate.core.report.html import render_html
from inspectorate.core.report.parser import parse_report

REPO = Path(__file__).resolve().parent.parent
SEED = REPO.parent / "shared" / "seed" / "hmic-inspection-report-bedfordshire-2007.txt"
FIXTURES = REPO / "tests" / "fixtures" / "reports"
HTML_RUNS = 20
PDF_RUNS = 3
PDF_TARGET = 3.0


def source() -> Path:
    """The real report, or the largest fixture where ../shared is absent."""
    if SEED.exists():
        return SEED
    return max((p for p in FIXTURES.glob("*.txt") if not p.name.startswith("broken-")), key=lambda p: p.stat().st_size)


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    work()
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    path = source()
    report = parse_report(path.read_text(encoding="utf-8"))
    print(f"report: {path.name} ({path.stat().st_size:,} bytes, {len(report.frameworks)} frameworks)")

    html_times = [timed(lambda: render_html(report))[0] for _ in range(HTML_RUNS)]
    print(f"HTML render: median {statistics.median(html_times) * 1000:.1f} ms over {HTML_RUNS} runs "
          f"({len(render_html(report)):,} characters)")

    pdf: bytes = b""

    def render() -> None:
        nonlocal pdf
        from inspectorate.core.report.pdf import render_pdf

        pdf = render_pdf(report)

    cold_wall, cold_cpu = timed(render)
    warm = [timed(render) for _ in range(PDF_RUNS)]
    warm_wall = min(wall for wall, _ in warm)
    warm_cpu = min(cpu for _, cpu in warm)
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"PDF render, first (imports WeasyPrint): {cold_wall:.2f} s wall, {cold_cpu:.2f} s CPU")
    print(f"PDF render, warm (best of {PDF_RUNS}): {warm_wall:.2f} s wall, {warm_cpu:.2f} s CPU "
          f"({len(pdf):,} bytes, {pages} pages)")
    load = os.getloadavg()[0]
    verdict = "meets" if warm_cpu < PDF_TARGET else "misses"
    print(f"target: PDF under {PDF_TARGET:.0f} s — the warm render's {warm_cpu:.2f} s of CPU {verdict} it "
          f"(wall-clock time adds waiting: load average {load:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
