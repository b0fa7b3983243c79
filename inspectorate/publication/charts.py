"""A framework's national grade distribution as a small, accessible, hand-written SVG bar chart.

One bar a grade, best first, each labelled with its count; the force's own grade is drawn
with a heavy outline and labelled "This force", so colour never carries meaning alone. The
chart has ``role="img"``, a ``<title>`` and a ``<desc>`` that gives every number in words.

For the PDF the chart's words are drawn as glyph outlines (``outline_text=True``): the
numbers are already printed as text in the distribution table beside the chart, and text
inside the chart would come out of ``pdftotext`` in the middle of the report and stop the
report parser reading the PDF back. The outlines are made with fontTools (a WeasyPrint
dependency) from DejaVu Sans, so the output is the same on every run.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any

from inspectorate.publication.keys import slug
from inspectorate.publication.model import GRADES, GradeCounts

WIDTH = 320
PLOT_TOP = 40  # room above the tallest bar for its count and the "This force" label
BAR_AREA = 104
AXIS_Y = PLOT_TOP + BAR_AREA
SLOT = (WIDTH - 32) // len(GRADES)
BAR_WIDTH = 44
LABEL_SIZE = 12
MARK_SIZE = 11
FILL = "#5694ca"
FORCE_FILL = "#1d70b8"
INK = "#0b0c0c"
MUTED = "#505a5f"

_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"),)
_FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}


def distribution_svg(
    counts: GradeCounts,
    *,
    force_grade: str | None,
    title: str,
    synthetic: bool = False,
    chart_id: str | None = None,
    outline_text: bool = False,
) -> str:
    """An SVG bar chart of a national grade distribution with the force's own grade marked.

    ``force_grade`` is the force's grade ("Poor", ...) or None for no mark; ``title`` names
    the chart (its ``<title>``). ``synthetic`` says in the chart and its description that the
    figures are made up. ``chart_id`` (default: made from the title) prefixes the ids the
    ``aria-labelledby`` refers to, so it must be unique on a page. ``outline_text`` draws the
    chart's words as outlines rather than text (for the PDF, see the module docstring).
    """
    ident = chart_id or f"chart-{slug(title)}"
    values = dict(zip(GRADES, (counts.excellent, counts.good, counts.fair, counts.poor), strict=True))
    marked = force_grade.capitalize() if force_grade else None
    height = AXIS_Y + 24 + (16 if synthetic else 0)
    write = _Writer(outline_text)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="distribution-chart" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        f'font-family="DejaVu Sans, Arial, sans-serif">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(describe(counts, force_grade=marked, synthetic=synthetic))}</desc>',
        f'<line x1="8" y1="{AXIS_Y}" x2="{WIDTH - 8}" y2="{AXIS_Y}" stroke="{INK}" stroke-width="1"/>',
    ]
    tallest = max(1, *values.values())
    for index, grade in enumerate(GRADES):
        centre = 16 + SLOT * index + SLOT // 2
        bar = round(BAR_AREA * values[grade] / tallest)
        top = AXIS_Y - bar
        mine = grade == marked
        if bar:
            stroke = f' stroke="{INK}" stroke-width="3"' if mine else ""
            parts.append(
                f'<rect x="{centre - BAR_WIDTH // 2}" y="{top}" width="{BAR_WIDTH}" height="{bar}" '
                f'fill="{FORCE_FILL if mine else FILL}"{stroke}/>'
            )
        elif mine:  # a zero count still shows where the force stands
            parts.append(
                f'<line x1="{centre - BAR_WIDTH // 2}" y1="{AXIS_Y}" x2="{centre + BAR_WIDTH // 2}" '
                f'y2="{AXIS_Y}" stroke="{INK}" stroke-width="4"/>'
            )
        parts.append(write.label(str(values[grade]), centre, top - 6, LABEL_SIZE, bold=mine))
        if mine:
            parts.append(write.label("This force", centre, top - 6 - LABEL_SIZE - 4, MARK_SIZE, bold=True))
        parts.append(write.label(grade, centre, AXIS_Y + 17, LABEL_SIZE, bold=mine))
    if synthetic:
        parts.append(write.label("Made-up demonstration data", WIDTH // 2, height - 4, 10, colour=MUTED))
    parts.append("</svg>")
    return "".join(parts)


def describe(counts: GradeCounts, *, force_grade: str | None, synthetic: bool = False) -> str:
    """The chart in words (its ``<desc>``): every count, the total and the force's grade."""
    numbers = ", ".join(
        f"{grade} {count}" for grade, count in zip(GRADES, (counts.excellent, counts.good, counts.fair, counts.poor),
                                                  strict=True)
    )
    text = f"Number of forces at each grade: {numbers}; {counts.total} forces in all."
    if force_grade:
        text += f" This force's grade: {force_grade}."
    if synthetic:
        text += " Made-up demonstration data about made-up forces."
    return text


class _Writer:
    """Writes a centred label as SVG text, or as glyph outlines when ``outline`` is set."""

    def __init__(self, outline: bool) -> None:
        self.outline = outline and _font_path(bold=False) is not None

    def label(self, text: str, centre: float, baseline: float, size: int, *, bold: bool = False,
              colour: str = INK) -> str:
        if not self.outline:
            weight = ' font-weight="bold"' if bold else ""
            return (f'<text x="{centre}" y="{baseline}" font-size="{size}" text-anchor="middle" '
                    f'fill="{colour}"{weight}>{escape(text)}</text>')
        path, width = _outline(text, size, bold)
        return f'<path transform="translate({_number(centre - width / 2)} {baseline})" fill="{colour}" d="{path}"/>'


def _number(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _font_path(*, bold: bool) -> Path | None:
    """DejaVu Sans from Debian's fonts-dejavu-core, else the copy matplotlib ships."""
    name = _FONT_FILES[bold]
    directories = list(_FONT_DIRS)
    spec = importlib.util.find_spec("matplotlib")  # its location only: importing it is slow
    if spec is not None and spec.origin:
        directories.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf")
    return next((directory / name for directory in directories if (directory / name).is_file()), None)


@lru_cache(maxsize=4)
def _font(bold: bool) -> tuple[dict[int, str], Any, Any, float]:
    from fontTools.ttLib import TTFont

    path = _font_path(bold=bold) or _font_path(bold=False)
    font = TTFont(str(path), lazy=True)
    return font.getBestCmap(), font.getGlyphSet(), font["hmtx"], float(font["head"].unitsPerEm)


@lru_cache(maxsize=256)
def _outline(text: str, size: int, bold: bool) -> tuple[str, float]:
    """The SVG path of ``text`` set at ``size`` px on a baseline at y=0, and its advance width."""
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    cmap, glyphs, metrics, units = _font(bold)
    scale = size / units
    pen = SVGPathPen(glyphs, ntos=_number)
    x = 0.0
    for char in text:
        name = cmap.get(ord(char), ".notdef")
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, 0)))
        x += metrics[name][0] * scale
    return pen.getCommands(), x
