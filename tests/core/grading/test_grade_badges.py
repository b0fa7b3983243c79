"""Every grade of every grading model has a badge in grades.css, in the colours its model file gives."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspectorate.core.grades import grade_badge, grade_class
from inspectorate.core.grading import grading_models
from inspectorate.core.grading.modelfile import GradeSpec

CSS = Path(__file__).resolve().parents[3] / "inspectorate" / "static" / "css" / "grades.css"
DEFAULT_TEXT = "#fff"  # .grade's own colour


def rules() -> dict[str, dict[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for selector, body in re.findall(r"\.(grade-[a-z-]+)\s*\{([^}]*)\}", CSS.read_text(encoding="utf-8")):
        found[selector] = dict(
            (name.strip(), value.strip()) for name, value in (p.split(":", 1) for p in body.split(";") if ":" in p)
        )
    return found


GRADES = [(key, grade) for key, model in sorted(grading_models().items()) for grade in model.spec.scale]


@pytest.mark.parametrize(("key", "grade"), GRADES, ids=[f"{k} {g.name}" for k, g in GRADES])
def test_each_grade_is_drawn_in_its_models_colours(key: str, grade: GradeSpec) -> None:
    css = rules()[grade_class(grade.name)]
    assert css["background"] == grade.colour
    text = css.get("color", DEFAULT_TEXT)
    assert text == grade.text_colour or {text, grade.text_colour} <= {"#fff", "#ffffff"}


def test_a_grade_of_two_words_is_one_class() -> None:
    assert grade_badge("Requires improvement") == (
        '<span class="grade grade-requires-improvement">Requires improvement</span>'
    )
    assert grade_badge("Fair") == '<span class="grade grade-fair">Fair</span>'
    assert grade_badge(None) == '<span class="grade grade-none">Not graded</span>'
