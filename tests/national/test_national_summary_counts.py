"""The national summary: computed from held grades, beside the published 2007 counts, mismatches flagged."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from inspectorate.core.charts import grouped_distribution_svg
from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, Judgement, State
from inspectorate.national.selectors import national_summary

pytestmark = pytest.mark.django_db


def _row(rows: list[Any], key: str) -> Any:
    return next(r for r in rows if r.framework_key == key)


def test_2007_published_counts_sit_beside_bedfordshire_alone(reference: Any) -> None:
    rows = national_summary(reference)
    assert [r.framework_key for r in rows] == [
        "neighbourhood-policing", "performance-management", "child-abuse", "domestic-violence",
        "public-protection", "missing-persons",
    ]
    np = _row(rows, "neighbourhood-policing")
    assert np.published == {"excellent": 6, "good": 14, "fair": 21, "poor": 2}
    assert np.computed == {"excellent": 0, "good": 0, "fair": 0, "poor": 1}  # Bedfordshire: Poor
    assert np.forces_held == 1 and np.forces_total == 43
    assert np.coverage == "grades held for 1 of 43 forces"
    assert np.mismatches == []
    assert all(sum(r.published.values()) == 43 for r in rows)


def test_a_held_count_above_the_published_one_is_a_mismatch(reference: Any) -> None:
    # Domestic violence: 2 forces published as Poor; hold three Poor grades.
    framework = reference.frameworks.get(key="domestic-violence")
    for name in ["Cheshire Constabulary", "Cumbria Constabulary"]:
        inspection = Inspection.objects.create(force=Force.objects.get(name=name), programme=reference,
                                               state=State.PUBLISHED)
        Judgement.objects.create(inspection=inspection, framework=framework, final_grade="Poor")
    row = _row(national_summary(reference), "domestic-violence")
    assert row.computed["poor"] == 3
    assert row.mismatches == ["Poor: 3 held against 2 published"]


def test_once_every_force_is_held_any_difference_is_a_mismatch(reference: Any) -> None:
    framework = reference.frameworks.get(key="missing-persons")  # published 1, 21, 21, 0
    bedfordshire = Force.objects.get(name="Bedfordshire Police")
    for force in Force.objects.exclude(pk=bedfordshire.pk):
        inspection = Inspection.objects.create(force=force, programme=reference, state=State.PUBLISHED)
        Judgement.objects.create(inspection=inspection, framework=framework, final_grade="Good")
    row = _row(national_summary(reference), "missing-persons")
    assert row.complete
    assert row.computed == {"excellent": 0, "good": 42, "fair": 1, "poor": 0}
    assert "Excellent: 0 held against 1 published" in row.mismatches
    assert "Fair: 1 held against 21 published" in row.mismatches


def test_unpublished_grades_count_only_for_moderators(reference: Any) -> None:
    framework = reference.frameworks.get(key="child-abuse")
    inspection = Inspection.objects.create(force=Force.objects.get(name="Kent Police"), programme=reference,
                                           state=State.MODERATION)
    Judgement.objects.create(inspection=inspection, framework=framework, final_grade="Excellent")
    assert _row(national_summary(reference), "child-abuse").computed["excellent"] == 0
    final = _row(national_summary(reference, final_grades=True), "child-abuse")
    assert final.computed["excellent"] == 1 and final.basis == "final"


def test_made_up_forces_are_counted_apart(reference: Any, forces: dict[str, Force]) -> None:
    framework = reference.frameworks.get(key="neighbourhood-policing")
    inspection = Inspection.objects.create(force=forces["fenshire"], programme=reference, state=State.PUBLISHED)
    Judgement.objects.create(inspection=inspection, framework=framework, final_grade="Poor")
    row = _row(national_summary(reference), "neighbourhood-policing")
    assert row.computed["poor"] == 1  # Bedfordshire only
    assert row.synthetic == {"excellent": 0, "good": 0, "fair": 0, "poor": 1}
    assert row.forces_total == 43


def test_page_shows_both_counts_coverage_and_charts(reference: Any, client: Client) -> None:
    response = client.get("/national/2007/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert "grades held for 1 of 43 forces" in html
    assert "Published" in html and "Computed from published grades held" in html
    # Neighbourhood Policing: 6 14 21 2 published, 0 0 0 1 held, 1 of 43
    row = re.search(r'<th scope="row">Neighbourhood Policing</th>(.*?)</tr>', html, re.S)
    assert row is not None
    cells = re.findall(r'<td class="num">([^<]*)</td>', row.group(1))
    assert cells == ["6", "14", "21", "2", "0", "0", "0", "1", "1 of 43"]
    assert "Consistent so far" in row.group(1)
    assert html.count('role="img"') == 6
    assert "No mismatch" in html


def test_page_flags_a_mismatch_in_words(reference: Any, client: Client) -> None:
    framework = reference.frameworks.get(key="performance-management")  # published Poor: 0
    inspection = Inspection.objects.create(force=Force.objects.get(name="Kent Police"), programme=reference,
                                           state=State.PUBLISHED)
    Judgement.objects.create(inspection=inspection, framework=framework, final_grade="Poor")
    html = client.get("/national/2007/").content.decode()
    assert "1 framework with a mismatch" in html
    assert "Mismatch:</strong> Poor: 1 held against 0 published" in html


def test_chart_has_a_text_alternative(reference: Any) -> None:
    row = national_summary(reference)[0]
    svg = grouped_distribution_svg(row.chart_series(), title=row.chart_title, chart_id="c1")
    assert 'aria-labelledby="c1-title c1-desc"' in svg
    assert "<title id=\"c1-title\">Neighbourhood Policing: national grade distribution</title>" in svg
    assert "Published: Excellent 6, Good 14, Fair 21, Poor 2." in svg
    assert "Held published grades (1 of 43 forces): Excellent 0, Good 0, Fair 0, Poor 1." in svg


def test_final_grades_view_is_for_moderators_only(reference: Any, users: dict[str, Any], client: Client) -> None:
    assert client.get("/national/2007/?grades=final").status_code == 302
    for name in ["liaison", "inspector", "lead"]:
        client.force_login(users[name])
        assert client.get("/national/2007/?grades=final").status_code == 403, name
    client.force_login(users["moderator"])
    response = client.get("/national/2007/?grades=final")
    assert response.status_code == 200
    assert "including inspections not yet published" in response.content.decode()


def test_programme_list_and_unknown_programme(reference: Any, client: Client) -> None:
    assert "2007 inspection programme" in client.get("/national/").content.decode()
    assert client.get("/national/1999/").status_code == 404
