"""The inspection's lifecycle as a task list: each stage's status from the inspection's real state, and its link."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from world import World

from inspectorate.inspections.lifecycle import approve_publication, request_publication
from inspectorate.inspections.models import CriterionAssessment, State
from inspectorate.inspections.task_list import lifecycle_tasks

C, IP, NS, CS = "Completed", "In progress", "Not yet started", "Cannot start yet"
KEYS = ["plan", "evidence", "assessment", "moderation", "drafting", "approval", "publication", "follow-up"]


def statuses(world: World, user: str = "lead") -> list[str]:
    world.a.refresh_from_db()
    tasks = lifecycle_tasks(world.a, world.users[user])
    assert [t.key for t in tasks] == KEYS
    return [t.status for t in tasks]


@pytest.mark.parametrize(("state", "graded", "expected"), [
    (State.PLANNED, False, [IP, CS, CS, CS, CS, CS, CS, CS]),
    # The world holds evidence and findings but no assessment yet.
    (State.FIELDWORK, False, [C, IP, NS, CS, IP, CS, CS, CS]),
    (State.DRAFTING, False, [C, C, NS, CS, IP, CS, CS, CS]),
    (State.DRAFTING, True, [C, C, IP, CS, IP, CS, CS, CS]),
    (State.MODERATION, True, [C, C, IP, IP, IP, CS, CS, CS]),
    (State.FACTUAL_ACCURACY, True, [C, C, C, C, IP, NS, CS, CS]),
])
def test_each_stage_reads_its_status_from_the_lifecycle_state(world: World, state: str, graded: bool,
                                                              expected: list[str]) -> None:
    world.set_state(state)
    if graded:
        world.grade_everything(world.a)
    assert statuses(world) == expected


def test_fieldwork_evidence_and_assessment_start_with_the_first_record(world: World) -> None:
    world.set_state(State.FIELDWORK)
    world.a.evidence.all().delete()
    world.a.findings.all().delete()
    assert statuses(world)[1:5] == [NS, NS, CS, NS]
    criterion = world.a.programme.frameworks.get(key="neighbourhood-policing").criteria.first()
    CriterionAssessment.objects.create(inspection=world.a, criterion=criterion, value="met")
    assert statuses(world)[2] == IP


def test_approval_follows_the_request_the_approval_and_later_changes(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY)
    world.grade_everything(world.a)
    request_publication(inspection=world.a, by=world.users["lead"])
    assert statuses(world)[5:7] == [IP, CS]
    approve_publication(inspection=world.a, by=world.users["moderator"])
    assert statuses(world)[5:7] == [C, NS]
    # A change to the draft voids the approval: approval is in progress again, publication cannot start.
    rec = world.extra[world.a.pk]["rec"]
    rec.text = "That the force makes joint problem solving routine across every district."
    rec.save()
    assert statuses(world)[5:7] == [IP, CS]


def test_once_published_only_the_follow_up_remains_until_every_recommendation_is_closed(world: World) -> None:
    from inspectorate.core.errors import SYSTEM
    from inspectorate.recommendations.models import FollowUp
    from inspectorate.recommendations.services import open_follow_ups

    world.set_state(State.PUBLISHED)
    assert statuses(world) == [C] * 7 + [NS]
    open_follow_ups(inspection=world.a, by=SYSTEM)
    assert statuses(world) == [C] * 7 + [IP]
    # Implemented is not closed: the inspectorate still has to discharge it.
    FollowUp.objects.filter(recommendation__inspection=world.a).update(status="implemented")
    assert statuses(world)[7] == IP
    FollowUp.objects.filter(recommendation__inspection=world.a).update(status="discharged")
    assert statuses(world) == [C] * 8


def test_a_stage_links_to_its_page_only_for_who_may_act_on_it(world: World) -> None:
    world.set_state(State.DRAFTING)
    lead = {t.key: t.href for t in lifecycle_tasks(world.a, world.users["lead"])}
    assert lead["evidence"] == reverse("inspections:evidence", args=[world.a.pk])
    assert lead["assessment"].startswith(reverse("inspections:overview", args=[world.a.pk]) + "assessment/")
    assert lead["drafting"] == reverse("inspections:findings", args=[world.a.pk, "neighbourhood-policing"])
    assert lead["moderation"] == reverse("inspections:overview", args=[world.a.pk]) + "#next-step"
    assert lead["plan"] is None and lead["approval"] is None and lead["publication"] is None
    # A moderator reads the workspace but acts on none of these stages while the team drafts.
    assert all(t.href is None for t in lifecycle_tasks(world.a, world.users["moderator"]))
    world.set_state(State.FACTUAL_ACCURACY)
    moderator = {t.key: t.href for t in lifecycle_tasks(world.a, world.users["moderator"])}
    assert moderator["approval"] == reverse("inspections:publication", args=[world.a.pk])


def test_the_overview_shows_the_task_list_with_tags_and_described_links(world: World) -> None:
    world.set_state(State.MODERATION)
    html = world.client_for("lead").get(reverse("inspections:overview", args=[world.a.pk])).content.decode()
    items = re.findall(r'<li class="govuk-task-list__item[^"]*">(.*?)</li>', html, flags=re.S)
    assert len(items) == 8
    assert re.search(r'govuk-tag--light-blue">In progress</strong>', items[3])  # moderation
    link = re.search(r'<a class="govuk-link govuk-task-list__link" href="[^"]+" aria-describedby="([^"]+)">'
                     r'Moderation</a>', items[3])
    assert link is not None
    for described in link.group(1).split():
        assert f'id="{described}"' in html
    assert 'govuk-tag--grey">Cannot start yet</strong>' in items[7]
