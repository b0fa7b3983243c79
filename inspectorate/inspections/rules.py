"""Who may do what to an inspection: the one place (SPEC section 1). Views only ask `has_perm`.

Every permission is object-level: the object is the inspection, or something of it (an evidence
item, a finding, a comment). The role predicates come from `inspectorate.accounts.predicates`;
the states come from `lifecycle`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules

from inspectorate.accounts.predicates import (
    inspection_of,
    is_admin,
    is_in_factual_accuracy_check,
    is_inspectorate_staff,
    is_lead_of_inspection,
    is_liaison_for_force,
    is_moderator,
    is_on_inspection_team,
    is_published,
)

from .lifecycle import ASSESSMENT_STATES, DRAFTING_STATES, EVIDENCE_STATES, TRANSITIONS

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from inspectorate.accounts.models import User


def _state_in(states: frozenset[str], name: str) -> rules.Predicate:
    @rules.predicate(name=name)
    def predicate(user: User | AnonymousUser, obj: Any) -> bool:
        inspection = inspection_of(obj)
        return inspection is not None and inspection.state in states

    return predicate


def _state_is(state: str) -> rules.Predicate:
    return _state_in(frozenset({state}), f"is_{state}")


in_evidence_state = _state_in(EVIDENCE_STATES, "in_evidence_state")
in_assessment_state = _state_in(ASSESSMENT_STATES, "in_assessment_state")
in_drafting_state = _state_in(DRAFTING_STATES, "in_drafting_state")


@rules.predicate
def collected_it(user: User | AnonymousUser, obj: Any) -> bool:
    """The user collected this evidence item (and so may not verify it)."""
    return getattr(obj, "collected_by_id", None) == getattr(user, "pk", None)


# Reading. The workspace shows grades; only the inspection's team and national oversight see it.
sees_workspace = is_on_inspection_team | is_moderator | is_admin
rules.add_perm("inspections.view_inspection", sees_workspace)
rules.add_perm("inspections.view_grades", sees_workspace)
# The draft: the workspace's readers, and the force's liaison officer during the check (no grades).
rules.add_perm("inspections.view_draft", sees_workspace | (is_liaison_for_force & is_in_factual_accuracy_check))
rules.add_perm("inspections.view_board", is_inspectorate_staff)
rules.add_perm("inspections.view_my_inspections", rules.is_authenticated)

# Writing evidence, assessments and the report's text: the inspection's team.
rules.add_perm("inspections.record_evidence", is_on_inspection_team & in_evidence_state)
rules.add_perm("inspections.verify_evidence", is_on_inspection_team & in_evidence_state & ~collected_it)
rules.add_perm("inspections.assess_criteria", is_on_inspection_team & in_assessment_state)
# A framework's final grade: the lead inspector of this inspection, while grades may change
# (never once published). Reading the assessment page is `view_grades`; force liaison officers
# and the public hold neither, so they never see a grade before publication.
rules.add_perm("inspections.set_final_grade", is_lead_of_inspection & in_assessment_state)
# Adding, moving and deleting findings and recommendations: until publication.
rules.add_perm("inspections.change_report", is_on_inspection_team & in_drafting_state)
# Editing their words: also after publication, by the lead inspector, for a correction (the
# public keep reading the frozen version until the correction is published).
rules.add_perm("inspections.edit_report_text",
               (is_on_inspection_team & in_drafting_state) | (is_lead_of_inspection & is_published))

# The factual-accuracy check.
rules.add_perm("inspections.comment_on_draft", is_liaison_for_force & is_in_factual_accuracy_check)
rules.add_perm("inspections.resolve_comment", is_on_inspection_team & is_in_factual_accuracy_check)

# The lifecycle: who may take each step, in the state it starts from.
_WHO = {
    "inspections.start_fieldwork": is_lead_of_inspection,
    "inspections.start_drafting": is_lead_of_inspection,
    "inspections.submit_for_moderation": is_lead_of_inspection,
    "inspections.return_to_drafting": is_lead_of_inspection | is_moderator,
    "inspections.send_draft_to_force": is_lead_of_inspection,
    "inspections.publish": is_lead_of_inspection,
}
for transition in TRANSITIONS.values():
    rules.add_perm(transition.perm, _WHO[transition.perm] & _state_is(transition.source))
rules.add_perm("inspections.request_publication", is_lead_of_inspection & is_in_factual_accuracy_check)
rules.add_perm("inspections.approve_publication", is_moderator & is_in_factual_accuracy_check)
rules.add_perm("inspections.publish_correction", is_lead_of_inspection & is_published)
rules.add_perm("inspections.view_publication", sees_workspace)
rules.add_perm("inspections.view_audit_trail", sees_workspace)
