"""distribution_svg: an accessible bar chart of a national distribution, the force's grade marked."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable

import pytest
from render_samples import Element

from inspectorate.core import charts
from inspectorate.core.charts import distribution_svg
from inspectorate.core.report.model import GradeCounts

Parse = Callable[[str], Element]
COUNTS = GradeCounts(excellent=6, good=14, fair=21, poor=2)


def _chart(html_tree: Parse, **options: object) -> Element:
    arguments: dict[str, object] = {"force_grade": "Poor", "title": "Neighbourhood Policing", **options}
    svg = distribution_svg(COUNTS, **arguments)  # type: ignore[arg-type]
    return next(html_tree(svg).iter("svg"))


def test_chart_is_an_image_labelled_by_its_title_and_description(html_tree: Parse) -> None:
    svg = _chart(html_tree)
    assert svg.attrs["role"] == "img"
    title, desc = next(svg.iter("title")), next(svg.iter("desc"))
    assert svg.attrs["aria-labelledby"] == f"{title.attrs['id']} {desc.attrs['id']}"
    assert title.text() == "Neighbourhood Policing"


def test_description_gives_every_count_the_total_and_the_force_grade(html_tree: Parse) -> None:
    desc = next(_chart(html_tree).iter("desc")).text()
    assert "Excellent 6, Good 14, Fair 21, Poor 2" in desc
    assert "43 forces in all" in desc and "This force's grade: Poor." in desc


def test_the_force_grade_bar_is_outlined_and_labelled(html_tree: Parse) -> None:
    svg = _chart(html_tree, force_grade="Fair")
    bars = list(svg.iter("rect"))
    outlined = [bar for bar in bars if "stroke" in bar.attrs]
    assert len(bars) == 4 and len(outlined) == 1
    bar = outlined[0]
    centre = float(bar.attrs["x"]) + float(bar.attrs["width"]) / 2
    labels = {text.text(): text for text in svg.iter("text")}
    assert float(labels["This force"].attrs["x"]) == centre == float(labels["Fair"].attrs["x"])
    assert labels["Fair"].attrs.get("font-weight") == "bold"
    heights = {float(bar.attrs["height"]) for bar in bars}
    assert float(bar.attrs["height"]) == max(heights)  # 21 is the largest count


def test_no_mark_without_a_force_grade(html_tree: Parse) -> None:
    svg = _chart(html_tree, force_grade=None)
    assert "This force" not in svg.text()
    assert not [bar for bar in svg.iter("rect") if "stroke" in bar.attrs]
    assert "This force's grade" not in next(svg.iter("desc")).text()


def test_a_zero_count_grade_is_still_marked(html_tree: Parse) -> None:
    svg = next(html_tree(distribution_svg(GradeCounts(6, 29, 8, 0), force_grade="Poor", title="PM")).iter("svg"))
    assert len(list(svg.iter("rect"))) == 3
    assert [line for line in svg.iter("line") if line.attrs.get("stroke-width") == "4"]
    assert "This force" in svg.text()


def test_synthetic_charts_say_so(html_tree: Parse) -> None:
    svg = _chart(html_tree, synthetic=True)
    assert "Made-up demonstration data" in svg.text()
    assert "Made-up demonstration data" in next(svg.iter("desc")).text()


def test_outlined_text_has_no_text_elements_and_is_deterministic(html_tree: Parse) -> None:
    first = distribution_svg(COUNTS, force_grade="Poor", title="NP", outline_text=True)
    assert first == distribution_svg(COUNTS, force_grade="Poor", title="NP", outline_text=True)
    svg = next(html_tree(first).iter("svg"))
    assert not list(svg.iter("text"))
    assert len(list(svg.iter("path"))) == 9  # four counts, four grades, "This force"
    assert next(svg.iter("desc")).text().startswith("Number of forces at each grade")


def test_ids_come_from_the_chart_id_or_the_title() -> None:
    assert 'id="np-chart-title"' in distribution_svg(COUNTS, force_grade=None, title="x", chart_id="np-chart")
    made = distribution_svg(COUNTS, force_grade=None, title="Protecting Vulnerable People – Child Abuse")
    assert re.search(r'id="chart-protecting-vulnerable-people-child-abuse-desc"', made)


def test_the_font_is_found_through_fontconfig_where_debian_path_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("fc-match") is None:
        pytest.skip("fontconfig's fc-match is not installed")
    monkeypatch.setattr(charts, "_FONT_DIRS", ())
    charts._font_path.cache_clear()
    try:
        bold, regular = charts._font_path(bold=True), charts._font_path(bold=False)
    finally:
        charts._font_path.cache_clear()
    if regular is None:
        pytest.skip("fontconfig knows no DejaVu Sans here")
    assert regular.name == "DejaVuSans.ttf" and regular.is_file()
    assert bold is not None and bold.name == "DejaVuSans-Bold.ttf"
