"""The national summary of a programme graded by PEEL counts its five grades; 2007's keeps its four."""

from __future__ import annotations

import pytest
from django.test import Client
from world import World, build_peel_world

from inspectorate.core.charts import describe_grouped, grouped_distribution_svg
from inspectorate.inspections.models import Judgement, State
from inspectorate.national.selectors import national_summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def peel() -> World:
    world = build_peel_world(State.PUBLISHED)
    framework = world.programme.frameworks.get(key="peel-protecting-vulnerable-people")
    Judgement.objects.create(inspection=world.a, framework=framework, final_grade="Requires improvement",
                             derived_grade="Requires improvement", derived_decision="rule")
    Judgement.objects.create(inspection=world.b, framework=framework, final_grade="Inadequate",
                             derived_grade="Inadequate", derived_decision="rule")
    return world


def test_the_counts_are_keyed_by_the_models_grades(peel: World) -> None:
    row = next(r for r in national_summary(peel.programme) if r.framework_key == "peel-protecting-vulnerable-people")
    assert row.grades == ("outstanding", "good", "adequate", "requires_improvement", "inadequate")
    assert row.synthetic == {"outstanding": 0, "good": 0, "adequate": 0, "requires_improvement": 1, "inadequate": 1}
    assert row.published is None and row.report_counts(synthetic=True) == row.synthetic


def test_the_page_heads_its_columns_with_the_models_scale(peel: World) -> None:
    page = Client().get(f"/national/{peel.programme.slug}/").content.decode()
    for name in ("Outstanding", "Adequate", "Requires improvement", "Inadequate"):
        assert f'<th scope="col" class="num">{name}</th>' in page
    assert '<th scope="col" class="num">Fair</th>' not in page
    assert "Requires improvement 1, Inadequate 1" in page  # the chart's words, for the made-up forces


def test_the_chart_draws_each_grade_of_the_scale() -> None:
    grades = ("outstanding", "good", "adequate", "requires_improvement", "inadequate")
    series = [("computed", "Held", dict(zip(grades, (0, 1, 2, 3, 4), strict=True)))]
    svg = grouped_distribution_svg(series, title="Test", chart_id="c", grades=grades)
    assert ">Requires improvement</text>" in svg and svg.count('font-weight="bold"') == 5
    assert describe_grouped(series, grades) == (
        "Held: Outstanding 0, Good 1, Adequate 2, Requires improvement 3, Inadequate 4.")
