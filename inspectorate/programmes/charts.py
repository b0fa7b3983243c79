"""National distribution charts as small, accessible, hand-written SVG.

Every chart carries a title and a description that say in words what the bars show, and each
bar is labelled with its number, so colour is never the only carrier of meaning.
"""

from __future__ import annotations

from html import escape

from .selectors import GRADES, DistributionRow

# Series: (attribute on the row, legend label, fill, stroke dash) – published first.
_SERIES_STYLE = {
    "published": ("Published", "#505a5f", ""),
    "computed": ("Held", "#1d70b8", ""),
    "synthetic": ("Made-up forces (demonstration)", "#ffffff", "4 2"),
}
_WIDTH = 520
_LABEL_WIDTH = 80
_BAR_HEIGHT = 14
_BAR_GAP = 3
_GROUP_GAP = 12
_LEGEND_HEIGHT = 18


def _series(row: DistributionRow) -> list[tuple[str, str, dict[str, int]]]:
    """The series to draw: (key, legend label, counts)."""
    series = []
    if row.published is not None:
        series.append(("published", "Published", row.published))
    held = "final grades" if row.basis == "final" else "published grades"
    series.append(("computed", f"Held {held} ({row.forces_held} of {row.forces_total} forces)", row.computed))
    if row.synthetic_forces:
        series.append(("synthetic", _SERIES_STYLE["synthetic"][0], row.synthetic))
    return series


def describe(row: DistributionRow) -> str:
    """The chart in words: its text alternative."""
    parts = []
    for _key, label, counts in _series(row):
        numbers = ", ".join(f"{grade.capitalize()} {counts[grade]}" for grade in GRADES)
        parts.append(f"{label}: {numbers}.")
    return " ".join(parts)


def distribution_chart(row: DistributionRow, *, chart_id: str) -> str:
    """An SVG bar chart of one framework's national distribution; ``chart_id`` must be unique on the page."""
    series = _series(row)
    scale_max = max([1, *(counts[g] for _k, _l, counts in series for g in GRADES)])
    group_height = len(series) * (_BAR_HEIGHT + _BAR_GAP) + _GROUP_GAP
    legend_height = len(series) * _LEGEND_HEIGHT
    height = legend_height + len(GRADES) * group_height + 4
    plot_width = _WIDTH - _LABEL_WIDTH - 40
    title = f"{row.title}: national grade distribution"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="distribution-chart" viewBox="0 0 {_WIDTH} {height}" '
        f'width="{_WIDTH}" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="Arial, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(describe(row))}</desc>',
    ]
    for index, (key, label, _counts) in enumerate(series):
        _name, fill, dash = _SERIES_STYLE[key]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        top = 2 + index * _LEGEND_HEIGHT
        out.append(f'<rect x="0" y="{top}" width="12" height="12" fill="{fill}" stroke="#0b0c0c"{dash_attr}/>')
        out.append(f'<text x="18" y="{top + 11}">{escape(label)}</text>')
    y = legend_height + 4
    for grade in GRADES:
        out.append(f'<text x="0" y="{y + _BAR_HEIGHT - 2}" font-weight="bold">{grade.capitalize()}</text>')
        for key, _label, counts in series:
            _name, fill, dash = _SERIES_STYLE[key]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            width = round(plot_width * counts[grade] / scale_max, 1)
            out.append(
                f'<rect x="{_LABEL_WIDTH}" y="{y}" width="{width}" height="{_BAR_HEIGHT}" fill="{fill}" '
                f'stroke="#0b0c0c" stroke-width="0.5"{dash_attr}/>'
            )
            out.append(f'<text x="{_LABEL_WIDTH + width + 4}" y="{y + _BAR_HEIGHT - 3}">{counts[grade]}</text>')
            y += _BAR_HEIGHT + _BAR_GAP
        y += _GROUP_GAP
    out.append("</svg>")
    return "".join(out)
