"""The findings editor: add, edit, reorder, delete; recommendations numbered 1..n through the report."""

from __future__ import annotations

import pytest
from django.urls import reverse
from world import World

from inspectorate.inspections import services
from inspectorate.inspections.errors import ServiceError
from inspectorate.inspections.models import Category, Finding, Recommendation, State


def _numbers(world: World) -> list[tuple[int, str]]:
    return [(r.number, r.text) for r in Recommendation.objects.filter(inspection=world.a).order_by("number")]


def _framework(world: World, key: str):  # type: ignore[no-untyped-def]
    return world.programme.frameworks.get(key=key)


def test_recommendations_follow_framework_order_then_finding_order(world: World) -> None:
    extra = world.extra[world.a.pk]
    # Domestic violence comes after Neighbourhood Policing in the report, whatever order they are raised in.
    services.raise_recommendation(finding=extra["dv_afi"], text="That the force clears the backlog.", by=world.lead)
    second_np = services.add_finding(inspection=world.a, framework=_framework(world, "neighbourhood-policing"),
                                     category=Category.AREA_FOR_IMPROVEMENT, text="Analysts are scarce.",
                                     by=world.inspector)
    services.raise_recommendation(finding=second_np, text="That the force recruits analysts.", by=world.inspector)
    wip = services.add_finding(inspection=world.a, framework=_framework(world, "neighbourhood-policing"),
                               category=Category.WORK_IN_PROGRESS, text="A new IT system is coming.",
                               by=world.inspector)
    services.raise_recommendation(finding=wip, text="That the force evaluates the new system.", by=world.lead)
    assert _numbers(world) == [
        (1, "That the force evaluates the new system."),      # NP, work in progress comes before areas for improvement
        (2, "That the force makes joint problem solving routine."),
        (3, "That the force recruits analysts."),
        (4, "That the force clears the backlog."),           # DV
    ]
    services.move_finding(finding=second_np, direction="up", by=world.inspector)
    assert [n for n, _ in _numbers(world)] == [1, 2, 3, 4]
    assert _numbers(world)[1][1] == "That the force recruits analysts."
    rec = Recommendation.objects.get(inspection=world.a, number=2)
    services.delete_recommendation(recommendation=rec, by=world.lead)
    assert _numbers(world) == [
        (1, "That the force evaluates the new system."),
        (2, "That the force makes joint problem solving routine."),
        (3, "That the force clears the backlog."),
    ]


def test_numbers_are_fixed_at_publication(world: World) -> None:
    world.set_state(State.PUBLISHED)
    Recommendation.objects.filter(inspection=world.a).update(number=7)
    assert services.renumber_recommendations(inspection=world.a, by=world.lead) is False
    assert [n for n, _ in _numbers(world)] == [7]


def test_a_recommendation_comes_from_an_area_for_improvement_or_work_in_progress(world: World) -> None:
    extra = world.extra[world.a.pk]
    with pytest.raises(ServiceError, match="raised from an area for improvement or from work in progress"):
        services.raise_recommendation(finding=extra["strength"], text="That the force keeps it up.", by=world.lead)
    with pytest.raises(ServiceError, match="A recommendation starts “That the force …”."):
        services.raise_recommendation(finding=extra["afi"], text="The force should do better.", by=world.lead)


def test_a_finding_with_a_recommendation_cannot_be_deleted(world: World) -> None:
    with pytest.raises(ServiceError, match="This finding raised recommendation 1: delete the recommendation first."):
        services.delete_finding(finding=world.extra[world.a.pk]["afi"], by=world.lead)


def test_reorder_and_delete_on_the_web_with_htmx(world: World) -> None:
    client = world.client_for("inspector")
    np = _framework(world, "neighbourhood-policing")
    for text in ("Second strength.", "Third strength."):
        response = client.post(reverse("inspections:findings", args=[world.a.pk, np.key]),
                               {"new-category": Category.STRENGTH, "new-text": text})
        assert response.status_code == 302
    third = Finding.objects.get(text="Third strength.")
    response = client.post(reverse("inspections:move_finding", args=[world.a.pk, third.pk, "up"]),
                           HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'id="findings-panel"' in response.content.decode()
    order = list(Finding.objects.filter(inspection=world.a, framework=np, category=Category.STRENGTH)
                 .order_by("order").values_list("text", flat=True))
    assert order == ["Neighbourhood teams are known to their communities.", "Third strength.", "Second strength."]
    response = client.post(reverse("inspections:delete_finding", args=[world.a.pk, third.pk]))
    assert response.status_code == 302
    assert list(Finding.objects.filter(inspection=world.a, framework=np, category=Category.STRENGTH)
                .order_by("order").values_list("order", flat=True)) == [1, 2]


def test_a_finding_needs_text(world: World) -> None:
    response = world.client_for("inspector").post(
        reverse("inspections:findings", args=[world.a.pk, "neighbourhood-policing"]),
        {"new-category": Category.STRENGTH, "new-text": "  "})
    assert response.status_code == 400
    assert "Enter the text of the finding." in response.content.decode()


def test_a_recommendation_is_raised_on_the_web(world: World) -> None:
    afi = world.extra[world.a.pk]["afi"]
    client = world.client_for("lead")
    response = client.post(reverse("inspections:raise_recommendation", args=[world.a.pk, afi.pk]),
                           {"text": "Joint problem solving should happen."})
    assert response.status_code == 400
    assert "A recommendation starts “That the force …”." in response.content.decode()
    response = client.post(reverse("inspections:raise_recommendation", args=[world.a.pk, afi.pk]),
                           {"text": "That the force trains its partners."}, follow=True)
    assert "Recommendation 2 raised." in response.content.decode()


@pytest.mark.parametrize("text", ["That the force ", "That the force", "  That the force …  ", "That the force."])
def test_the_prefilled_opening_alone_is_refused_as_empty(world: World, text: str) -> None:
    afi = world.extra[world.a.pk]["afi"]
    before = _numbers(world)
    response = world.client_for("lead").post(
        reverse("inspections:raise_recommendation", args=[world.a.pk, afi.pk]), {"text": text})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter what the force should do, after “That the force”." in html
    assert "<title>Error: " in html and 'href="#id_text"' in html
    assert _numbers(world) == before
