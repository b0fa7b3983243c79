"""An inspection's lifecycle as a task list (GOV.UK's task list pattern): a selector.

Each stage, from the plan to the follow-up of the recommendations, gets one of four statuses worked
out from the inspection's real state (its lifecycle state, what it holds, the publication request
and approval), and a link to the page where the user may act on it, only when they may.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .approval import changes_since_approval
from .models import Inspection, State
from .selectors import frameworks_of

COMPLETED = "Completed"
IN_PROGRESS = "In progress"
NOT_STARTED = "Not yet started"
CANNOT_START = "Cannot start yet"
# The GOV.UK tag colour of each status.
TAG_CLASSES = {
    COMPLETED: "govuk-tag--green",
    IN_PROGRESS: "govuk-tag--light-blue",
    NOT_STARTED: "govuk-tag--blue",
    CANNOT_START: "govuk-tag--grey",
}
# The lifecycle in order, as State declares it.
ORDER = list(State)


@dataclass(frozen=True)
class Task:
    """One stage of the inspection: its name, a line on what it is, its status and where to act on it."""

    key: str
    name: str
    hint: str
    status: str
    href: str | None = None

    @property
    def tag_class(self) -> str:
        return TAG_CLASSES[self.status]

    @property
    def status_id(self) -> str:
        return f"task-{self.key}-status"


def _stage(inspection: Inspection) -> int:
    return ORDER.index(State(inspection.state))


def _by_stage(inspection: Inspection, start: str, done: str, *, started: bool = True) -> str:
    """Cannot start before `start`; completed from `done` on; between them in progress (or not yet
    started, when nothing has been done yet)."""
    stage = _stage(inspection)
    if stage < ORDER.index(State(start)):
        return CANNOT_START
    if stage >= ORDER.index(State(done)):
        return COMPLETED
    return IN_PROGRESS if started else NOT_STARTED


def _approval(inspection: Inspection) -> str:
    if inspection.state == State.PUBLISHED:
        return COMPLETED
    if inspection.state != State.FACTUAL_ACCURACY:
        return CANNOT_START
    if inspection.publication_requested_at is None:
        return NOT_STARTED
    return COMPLETED if changes_since_approval(inspection) == [] else IN_PROGRESS


def _publication(inspection: Inspection, approval: str) -> str:
    if inspection.state == State.PUBLISHED:
        return COMPLETED
    return NOT_STARTED if approval == COMPLETED else CANNOT_START


def _follow_up(inspection: Inspection) -> str:
    if inspection.state != State.PUBLISHED:
        return CANNOT_START
    from inspectorate.recommendations.models import FollowUp

    follow_ups = list(FollowUp.objects.filter(recommendation__inspection=inspection))
    if not follow_ups:
        return COMPLETED if not inspection.recommendations.exists() else NOT_STARTED
    if all(f.is_closed for f in follow_ups):
        return COMPLETED
    return IN_PROGRESS


def lifecycle_tasks(inspection: Inspection, user: Any) -> list[Task]:
    """The stages of `inspection` in order, each with its status and, where `user` may act on it, a link."""
    pk = inspection.pk
    overview = reverse("inspections:overview", kwargs={"pk": pk})
    publication = reverse("inspections:publication", kwargs={"pk": pk})
    frameworks = frameworks_of(inspection)
    graded = [f for f in frameworks if f.graded]

    def may(*perms: str) -> bool:
        return any(user.has_perm(perm, inspection) for perm in perms)

    has_evidence = inspection.evidence.exists()
    assessed = (inspection.assessments.exclude(value="not_assessed").exists()
                or inspection.judgements.exclude(final_grade="").exists())
    has_findings = inspection.findings.exists()
    approval = _approval(inspection)

    return [
        Task("plan", "Plan the inspection", "Assign the lead inspector and the team, then start fieldwork.",
             COMPLETED if _stage(inspection) > 0 else IN_PROGRESS,
             f"{overview}#next-step" if may("inspections.start_fieldwork") else None),
        Task("evidence", "Fieldwork evidence", "Record and verify the evidence of interviews, documents and "
             "reality checks.", _by_stage(inspection, State.FIELDWORK, State.DRAFTING, started=has_evidence),
             reverse("inspections:evidence", kwargs={"pk": pk}) if may("inspections.record_evidence") else None),
        Task("assessment", "Assessment", "Assess each criterion and give each framework its grade.",
             _by_stage(inspection, State.FIELDWORK, State.FACTUAL_ACCURACY, started=assessed),
             reverse("assessment:framework", kwargs={"pk": pk, "framework_key": graded[0].key})
             if graded and may("inspections.assess_criteria", "inspections.set_final_grade") else None),
        Task("moderation", "Moderation", "A moderator checks the grades against the national picture.",
             _by_stage(inspection, State.MODERATION, State.FACTUAL_ACCURACY),
             f"{overview}#next-step" if may("inspections.submit_for_moderation", "inspections.return_to_drafting",
                                             "inspections.send_draft_to_force") else None),
        Task("drafting", "Report drafting", "Write the findings and recommendations; the force checks the "
             "draft for factual accuracy.",
             _by_stage(inspection, State.FIELDWORK, State.PUBLISHED,
                       started=has_findings or _stage(inspection) >= ORDER.index(State.DRAFTING)),
             _drafting_link(inspection, frameworks[:1], may)),
        Task("approval", "Approval", "The lead inspector asks for publication and a moderator approves it.",
             approval, publication if may("inspections.request_publication", "inspections.approve_publication")
             else None),
        Task("publication", "Publication", "The report is published and frozen as a version.",
             _publication(inspection, approval),
             publication if may("inspections.publish", "inspections.publish_correction") else None),
        Task("follow-up", "Follow-up", "The force reports on each recommendation until it is closed.",
             _follow_up(inspection),
             f"{reverse('followup:list')}?force={inspection.force.slug}"
             if inspection.state == State.PUBLISHED and may("followup.change_status", "followup.respond") else None),
    ]


def _drafting_link(inspection: Inspection, first_framework: list[Any], may: Callable[..., bool]) -> str | None:
    pk = inspection.pk
    if inspection.state == State.FACTUAL_ACCURACY and may("inspections.resolve_comment"):
        return reverse("inspections:comments", kwargs={"pk": pk})
    if inspection.state == State.FACTUAL_ACCURACY and may("inspections.comment_on_draft"):
        return reverse("inspections:draft", kwargs={"pk": pk})
    if first_framework and may("inspections.change_report"):
        return reverse("inspections:findings", kwargs={"pk": pk, "framework_key": first_framework[0].key})
    return None
