"""The proposed programme: ranked from the risk register; a moderator's acceptance plans an inspection."""

from __future__ import annotations

import pytest

from inspectorate.audit.models import AuditEvent
from inspectorate.core.errors import ServiceError
from inspectorate.core.monitoring.synthetic import Injection
from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, State
from inspectorate.monitoring import services
from inspectorate.monitoring.models import ProposalStatus, ProposedInspection, RiskEntry

pytestmark = pytest.mark.django_db

BURGLARY = "Burglary per 1,000 people"
STEP = "2021-06"


# Smaller burglary declines at seven more forces, so the register has more than five forces with
# evidence of a sustained deterioration (chance alone gives almost none).
MORE_DECLINES = ["Ambervale Police", "Brackenmoor Constabulary", "Caldermere Police", "Dunholt Constabulary",
                 "Eastwold Police", "Fallowdene Constabulary", "Glenharrow Police"]


@pytest.fixture
def proposed(load, make_dataset, programme, people) -> list[ProposedInspection]:
    others = [Injection(force, BURGLARY, STEP, "deterioration", 0.12 + 0.01 * n, "relative")
              for n, force in enumerate(MORE_DECLINES)]
    declining = Injection("Kestrelshire Constabulary", BURGLARY, STEP, "deterioration", 0.3, "relative")
    load(make_dataset(injections=[declining, *others]))
    services.run_monitoring()
    return services.propose_programme(programme=programme, top=5, by=people["moderator"])


def test_proposals_follow_the_register_by_rank(proposed, programme) -> None:
    assert [p.rank for p in proposed] == [1, 2, 3, 4, 5]
    assert proposed[0].force.name == "Kestrelshire Constabulary"
    scores = [p.score for p in proposed]
    assert scores == sorted(scores, reverse=True)
    assert all(p.status == ProposalStatus.PROPOSED and p.rationale for p in proposed)
    top = RiskEntry.objects.first()
    assert (proposed[0].score, proposed[0].rationale) == (top.score, top.rationale)
    assert AuditEvent.objects.filter(action="monitoring.programme_proposed").count() == 1


def test_a_programme_graded_by_another_model_is_offered_no_2007_framework(proposed, programme, people) -> None:
    peel = type(programme).objects.create(slug="peel-proposals", title="PEEL proposals (made up)",
                                          assessment_start=programme.assessment_start,
                                          assessment_end=programme.assessment_end,
                                          publication_month=programme.publication_month, grading_model="peel-2025")
    assert services.propose_programme(programme=peel, top=5, by=people["moderator"]) == []
    assert not ProposedInspection.objects.filter(programme=peel).exists()


def test_accepting_a_proposal_plans_an_inspection_and_writes_the_audit_trail(proposed, programme, people) -> None:
    proposal = proposed[0]
    inspection = services.accept_proposal(proposal=proposal, by=people["moderator"])
    assert inspection.state == State.PLANNED
    assert (inspection.force, inspection.programme) == (proposal.force, programme)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert proposal.accepted_by == people["moderator"]
    assert proposal.decided_at is not None and proposal.inspection == inspection
    events = AuditEvent.objects.filter(inspection=inspection).order_by("id")
    assert [e.action for e in events] == ["inspection.planned", "monitoring.proposal_accepted"]
    assert all(e.actor == people["moderator"] for e in events)
    assert "Volume crime reduction" in events[0].summary
    with pytest.raises(ServiceError, match="already been accepted"):
        services.accept_proposal(proposal=proposal, by=people["moderator"])
    assert Inspection.objects.filter(force=proposal.force, programme=programme).count() == 1


def test_a_second_proposal_for_the_force_joins_its_planned_inspection(proposed, programme, people, frameworks) -> None:
    first = proposed[0]
    other = ProposedInspection.objects.create(
        programme=programme, force=first.force, framework=frameworks["contact-management"], rank=99, score=1.0,
        rationale="test", proposed_at=first.proposed_at)
    inspection = services.accept_proposal(proposal=first, by=people["moderator"])
    assert services.accept_proposal(proposal=other, by=people["moderator"]) == inspection
    assert Inspection.objects.filter(force=first.force, programme=programme).count() == 1


def test_a_force_already_being_inspected_is_not_proposed_and_cannot_be_planned_again(
        declining, programme, people) -> None:
    services.run_monitoring()
    force = Force.objects.get(name="Kestrelshire Constabulary")
    Inspection.objects.create(force=force, programme=programme, state=State.FIELDWORK)
    made = services.propose_programme(programme=programme, top=5)
    assert force not in [p.force for p in made]
    entry = RiskEntry.objects.filter(force=force).first()
    stale = ProposedInspection.objects.create(programme=programme, force=force, framework=entry.framework, rank=9,
                                              score=entry.score, rationale="x", proposed_at=made[0].proposed_at)
    with pytest.raises(ServiceError, match="already being inspected"):
        services.accept_proposal(proposal=stale, by=people["moderator"])
    stale.refresh_from_db()
    assert stale.status == ProposalStatus.PROPOSED


def test_declined_and_accepted_proposals_stay_and_are_not_proposed_again(proposed, programme, people) -> None:
    services.accept_proposal(proposal=proposed[0], by=people["moderator"])
    services.decline_proposal(proposal=proposed[1], by=people["moderator"], note="Inspected last year.")
    again = services.propose_programme(programme=programme, top=5)
    kept = {(p.force_id, p.framework_id) for p in proposed[:2]}
    assert not kept & {(p.force_id, p.framework_id) for p in again}
    assert ProposedInspection.objects.filter(programme=programme, status=ProposalStatus.PROPOSED).count() == 5
    declined = ProposedInspection.objects.get(pk=proposed[1].pk)
    assert (declined.status, declined.decision_note, declined.declined_by) == (
        ProposalStatus.DECLINED, "Inspected last year.", people["moderator"])
    assert AuditEvent.objects.filter(action="monitoring.proposal_declined").count() == 1
