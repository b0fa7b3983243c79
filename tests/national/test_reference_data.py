"""The reference data: 43 forces, the 2007 programme, published aggregates, Bedfordshire 2007."""

from __future__ import annotations

import io
from fractions import Fraction

import pytest
from django.core.management import call_command

from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, State
from inspectorate.national.models import Programme, PublishedAggregate

pytestmark = pytest.mark.django_db

BEDFORDSHIRE_GRADES = {
    "neighbourhood-policing": "Poor",
    "performance-management": "Fair",
    "child-abuse": "Fair",
    "domestic-violence": "Poor",
    "public-protection": "Fair",
    "missing-persons": "Fair",
}


def test_the_43_forces_of_england_and_wales(reference: None) -> None:
    forces = Force.objects.filter(is_synthetic=False)
    assert forces.count() == 43
    assert forces.filter(country="Wales").count() == 4
    assert forces.filter(name="Bedfordshire Police").exists()


def test_the_2007_programme(reference: None) -> None:
    programme = Programme.objects.get(slug="2007")
    assert f"{programme.assessment_start:%B %Y}" == "April 2006"
    assert f"{programme.assessment_end:%B %Y}" == "July 2007"
    assert f"{programme.publication_month:%B %Y}" == "October 2007"
    assert programme.grading_policy() == {
        "poor_share": Fraction(1, 3), "good_most": Fraction(1, 2), "excellent_vast": Fraction(4, 5)}
    assert list(programme.frameworks.filter(graded=True).order_by("order").values_list("key", flat=True)) == [
        "neighbourhood-policing", "performance-management", "child-abuse",
        "domestic-violence", "public-protection", "missing-persons",
    ]


def test_published_aggregates_each_sum_to_43(reference: None) -> None:
    aggregates = {a.framework_key: a for a in PublishedAggregate.objects.filter(programme__slug="2007")}
    assert len(aggregates) == 6
    assert all(a.total == 43 for a in aggregates.values())
    assert aggregates["neighbourhood-policing"].counts == {"excellent": 6, "good": 14, "fair": 21, "poor": 2}
    assert aggregates["missing-persons"].counts == {"excellent": 1, "good": 21, "fair": 21, "poor": 0}


def test_bedfordshire_2007_as_published(reference: None) -> None:
    inspection = Inspection.objects.get(force__name="Bedfordshire Police", programme__slug="2007")
    assert inspection.state == State.PUBLISHED
    grades = {j.framework.key: j.final_grade for j in inspection.judgements.select_related("framework")}
    assert grades == BEDFORDSHIRE_GRADES
    frameworks = dict(inspection.recommendations.values_list("number", "framework__key"))
    assert frameworks == {
        **dict.fromkeys(range(1, 5), "neighbourhood-policing"),
        **dict.fromkeys(range(5, 8), "performance-management"),
        **dict.fromkeys(range(8, 12), "domestic-violence"),
        12: "public-protection",
    }
    force = inspection.force
    assert (force.population, force.households) == (573800, 236974)
    assert force.key_facts["safer_neighbourhood_teams"] == 36
    assert sorted(force.divisions.values_list("code", flat=True)) == ["C division", "J division"]


def test_loading_reference_data_twice_changes_nothing(reference: None) -> None:
    before = (Force.objects.count(), Inspection.objects.count(), PublishedAggregate.objects.count())
    call_command("load_library", stdout=io.StringIO())
    call_command("load_reference", stdout=io.StringIO())
    assert (Force.objects.count(), Inspection.objects.count(), PublishedAggregate.objects.count()) == before
