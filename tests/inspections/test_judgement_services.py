"""The services of inspections/judgement/services.py: assessments, the derived grade, the final grade."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from inspectorate.audit.models import AuditEvent
from inspectorate.frameworks.models import Framework
from inspectorate.frameworks.services import load_library
from inspectorate.inspections.errors import ServiceError, StaleEdit
from inspectorate.inspections.judgement.pages import grade_panel
from inspectorate.inspections.judgement.selectors import counted_value, framework_for_page
from inspectorate.inspections.judgement.services import (
    assess_criterion,
    record_excellence_evidence,
    refresh_derived_grade,
    set_final_grade,
)
from inspectorate.inspections.models import CriterionAssessment, EvidenceItem, Inspection, Judgement, State

pytestmark = pytest.mark.django_db


def judgement_of(inspection: Inspection) -> Judgement:
    return Judgement.objects.get(inspection=inspection, framework__key="neighbourhood-policing")


def events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


# --- the verified-evidence rule ------------------------------------------------------------------


def test_met_resting_on_unverified_evidence_is_refused(inspection, np, inspector, evidence) -> None:
    unverified = evidence("NP-F1", verified=False, summary="Deployment spreadsheet, not yet checked")
    with pytest.raises(ServiceError, match="Only verified evidence may support met") as refused:
        assess_criterion(inspection=inspection, criterion=np.criteria.get(code="NP-F1"), value="met",
                         rationale="Coverage shown.", evidence_ids=[unverified.pk], by=inspector, revision=0)
    assert "Deployment spreadsheet" in refused.value.message
    assert not CriterionAssessment.objects.exists()
    assert not AuditEvent.objects.exists()


def test_met_without_any_evidence_is_refused(inspection, np, inspector) -> None:
    with pytest.raises(ServiceError, match="Met needs verified evidence"):
        assess_criterion(inspection=inspection, criterion=np.criteria.get(code="NP-F1"), value="met",
                         rationale="Coverage shown.", evidence_ids=[], by=inspector, revision=0)


def test_unverified_evidence_may_support_partly_met(assess, evidence) -> None:
    assessment = assess("NP-F3", "partly_met", items=[evidence("NP-F3", verified=False)])
    assert assessment.value == "partly_met"


def test_evidence_must_bear_on_the_criterion(assess, evidence) -> None:
    elsewhere = evidence("NP-F2", summary="Chief officer portfolio list")
    with pytest.raises(ServiceError, match="does not bear on NP-F1"):
        assess("NP-F1", "met", items=[elsewhere])


def test_evidence_from_another_inspection_is_refused(assess, inspection, programme, inspector, np) -> None:
    from inspectorate.forces.models import Force

    other = Inspection.objects.create(
        force=Force.objects.create(name="Wealdmoor Police", slug="wealdmoor", country="England", is_synthetic=True),
        programme=programme, state=State.DRAFTING,
    )
    foreign = EvidenceItem.objects.create(inspection=other, source_kind="document", date="2007-03-01",
                                          summary="Another force's plan", collected_by=inspector)
    foreign.criteria.set([np.criteria.get(code="NP-F1")])
    with pytest.raises(ServiceError, match="not in this inspection's evidence log"):
        assess("NP-F1", "partly_met", items=[foreign])


def test_a_rationale_is_required_for_met_partly_met_and_not_met(assess) -> None:
    for value in ("met", "partly_met", "not_met"):
        with pytest.raises(ServiceError, match="Give a rationale"):
            assess("NP-F2", value, rationale="   ")
    assert assess("NP-F2", "not_assessed", rationale="").value == "not_assessed"


def test_only_the_team_may_assess(assess, outsider, moderator) -> None:
    for person in (outsider, moderator):
        with pytest.raises(ServiceError, match="Only inspectors on this inspection's team"):
            assess("NP-F1", "met", by=person)


def test_a_met_whose_evidence_is_no_longer_verified_counts_as_partly_met(inspection, np, assess, fair_profile) -> None:
    assert judgement_of(inspection).derived_grade == "Fair"
    f2 = CriterionAssessment.objects.get(inspection=inspection, criterion__code="NP-F2")
    f2.evidence.update(verified_at=None, verified_by=None)  # e.g. a verification found wanting
    judgement = refresh_derived_grade(inspection=inspection, framework=np)
    assert judgement.derived_decision == "judgement_required"
    assert judgement.derived_counts["significant_partly_met"] == 1
    assert judgement.derived_counts["significant_met"] == 3
    f2.refresh_from_db()
    assert f2.value == "met"  # the record stays as the inspector wrote it; only the counting changes


def test_counted_value() -> None:
    verified, unverified = EvidenceItem(verified_at="2007-03-01T10:00Z"), EvidenceItem()
    assert counted_value("met", [verified]) == "met"
    assert counted_value("met", [unverified, verified]) == "met"
    assert counted_value("met", [unverified]) == "partly_met"
    assert counted_value("met", []) == "partly_met"
    assert counted_value("not_met", []) == "not_met"


# --- revisions and the audit trail ----------------------------------------------------------------


def test_an_ungraded_frameworks_criteria_are_assessed_without_a_grade(inspection, programme, inspector) -> None:
    overview = programme.frameworks.get(key="pvp-overview")
    criterion = overview.criteria.first()
    assess_criterion(inspection=inspection, criterion=criterion, value="not_met", rationale="No PVP strategy.",
                     evidence_ids=[], by=inspector, revision=0)
    assert CriterionAssessment.objects.get(criterion=criterion).value == "not_met"
    assert not Judgement.objects.filter(framework=overview).exists()


def test_a_stale_revision_is_refused_with_the_current_state(inspection, np, assess, inspector, colleague,
                                                            evidence) -> None:
    assess("NP-F1", "met", by=colleague)  # revision 1, saved while the inspector had the page open at 0
    item = evidence("NP-F1")
    with pytest.raises(StaleEdit, match="changed under you by Cal Colleague") as stale:
        assess_criterion(inspection=inspection, criterion=np.criteria.get(code="NP-F1"), value="not_met",
                         rationale="No records.", evidence_ids=[item.pk], by=inspector, revision=0)
    assert stale.value.current.value == "met"
    assert stale.value.current.revision == 1
    assert CriterionAssessment.objects.get(criterion__code="NP-F1").value == "met"


def test_each_assessment_is_audited_with_before_and_after(inspection, assess) -> None:
    first = assess("NP-F2", "partly_met")
    assess("NP-F2", "met")
    recorded = events("assessment.recorded")
    assert [e.summary for e in recorded] == ["NP-F2 assessed as partly met", "NP-F2 assessed as met"]
    assert recorded[0].before is None
    assert recorded[0].after["value"] == "partly_met"
    assert recorded[1].before["value"] == "partly_met" and recorded[1].before["revision"] == 1
    assert recorded[1].after["value"] == "met" and recorded[1].after["revision"] == 2
    assert recorded[1].inspection_id == inspection.pk and recorded[1].object_id == str(first.pk)


def test_saving_the_same_assessment_again_writes_nothing(assess) -> None:
    item_assessment = assess("NP-F3", "not_met", items=[])
    assess("NP-F3", "not_met", items=[])
    assert len(events("assessment.recorded")) == 1
    item_assessment.refresh_from_db()
    assert item_assessment.revision == 1


# --- the derived grade ----------------------------------------------------------------------------


def test_the_derived_grade_stores_its_reasons_policy_and_framework_version(inspection, np, fair_profile) -> None:
    judgement = judgement_of(inspection)
    assert (judgement.derived_grade, judgement.derived_decision) == ("Fair", "rule")
    assert judgement.derived_candidates == ["Fair"]
    assert judgement.derived_reasons[0] == "Fair: all 4 significant Fair criteria are met."
    assert judgement.derived_counts["significant_total"] == 4
    assert judgement.framework == np and judgement.framework.version == np.version
    assert judgement.policy == {"poor_share": "1/3", "good_most": "1/2", "excellent_vast": "4/5"}
    assert inspection.programme.grading_policy() == {
        "poor_share": Fraction(1, 3), "good_most": Fraction(1, 2), "excellent_vast": Fraction(4, 5)}
    derived = events("judgement.derived")[-1]
    assert derived.after["grade"] == "Fair" and derived.after["framework"] == f"neighbourhood-policing v{np.version}"


def test_one_significant_fair_criterion_not_met_asks_for_judgement(inspection, assess, fair_profile) -> None:
    assess("NP-F2", "not_met")
    judgement = judgement_of(inspection)
    assert judgement.derived_decision == "judgement_required"
    assert judgement.derived_grade == ""
    assert judgement.derived_candidates == ["Fair", "Poor"]
    assert judgement.derived_reasons[0].startswith("Judgement required: the rules cannot decide between Fair and Poor")


def test_poor_by_the_share_rule_names_the_programmes_third_exactly(inspection, assess, fair_profile) -> None:
    assess("NP-F2", "not_met")
    assess("NP-F4", "not_met")
    judgement = judgement_of(inspection)
    assert judgement.derived_grade == "Poor"
    assert judgement.derived_reasons[0] == (
        "Poor: 2 of 4 significant Fair criteria are not met (NP-F2, NP-F4), at least the Poor share of 1/3.")


def test_a_significant_criterion_not_assessed_leaves_the_grade_incomplete(inspection, assess) -> None:
    assess("NP-F1", "met")
    judgement = judgement_of(inspection)
    assert judgement.derived_decision == "incomplete"
    assert judgement.derived_missing == ["NP-F2", "NP-F4", "NP-F6"]


def test_a_policy_change_makes_the_stored_grade_out_of_date_until_derived_again(inspection, np, assess,
                                                                                 fair_profile, lead) -> None:
    assess("NP-F2", "not_met")  # 1 of 4 significant not met: judgement required under 1/3
    programme = inspection.programme
    programme.poor_share = Fraction(1, 4)
    programme.save()
    assert grade_panel(inspection, np).out_of_date
    judgement = judgement_of(inspection)
    with pytest.raises(ServiceError, match="out of date"):
        set_final_grade(judgement=judgement, grade="Poor", rationale="Weak.", by=lead, revision=judgement.revision)
    judgement = refresh_derived_grade(inspection=inspection, framework=np, by=lead)
    assert judgement.derived_grade == "Poor"
    assert judgement.policy["poor_share"] == "1/4"
    assert not grade_panel(inspection, np).out_of_date


def test_a_framework_version_not_the_programmes_is_refused(inspection, np, tmp_path: Path) -> None:
    new_np = _new_version_of_np(tmp_path)
    with pytest.raises(ServiceError, match="not the version this inspection is graded against"):
        refresh_derived_grade(inspection=inspection, framework=new_np)


def test_evidence_for_excellent_must_be_verified_and_both_kinds_recorded(inspection, np, assess, evidence,
                                                                           inspector) -> None:
    for code in ("NP-F1", "NP-F2", "NP-F3", "NP-F4", "NP-F5", "NP-F6", "NP-F7",
                 "NP-G1", "NP-G2", "NP-G3", "NP-G4", "NP-G5"):
        assess(code, "met")
    assert judgement_of(inspection).derived_grade == "Good"  # 5 of 6 Good met, no beacon or innovation
    beacon, innovation = evidence("NP-G1", summary="Two forces adopted its model"), evidence("NP-G2")
    unverified = evidence("NP-G3", verified=False)
    with pytest.raises(ServiceError, match="Only verified evidence may count towards Excellent"):
        record_excellence_evidence(inspection=inspection, framework=np, beacon_ids=[beacon.pk],
                                   innovation_ids=[unverified.pk], by=inspector)
    judgement = record_excellence_evidence(inspection=inspection, framework=np, beacon_ids=[beacon.pk],
                                           innovation_ids=[], by=inspector)
    assert judgement.derived_grade == "Good"
    judgement = record_excellence_evidence(inspection=inspection, framework=np, beacon_ids=[beacon.pk],
                                           innovation_ids=[innovation.pk], by=inspector)
    assert judgement.derived_grade == "Excellent"
    recorded = events("judgement.excellence_evidence_recorded")[-1]
    assert recorded.before == {"beacon": [beacon.pk], "innovation": []}
    assert recorded.after == {"beacon": [beacon.pk], "innovation": [innovation.pk]}


# --- the final grade ------------------------------------------------------------------------------


def test_the_lead_confirms_the_derived_grade_without_a_rationale(inspection, lead, fair_profile) -> None:
    judgement = judgement_of(inspection)
    judgement = set_final_grade(judgement=judgement, grade="Fair", rationale="", by=lead, revision=judgement.revision)
    assert judgement.final_grade == "Fair" and not judgement.is_override
    event = events("judgement.final_grade_set")[-1]
    assert event.before["final_grade"] == "" and event.after["final_grade"] == "Fair"
    assert event.summary == "Neighbourhood Policing: final grade Fair, as the rules derived it"


def test_an_override_without_a_rationale_is_refused(inspection, lead, fair_profile) -> None:
    judgement = judgement_of(inspection)
    with pytest.raises(ServiceError, match="The final grade Good differs from the rule-derived grade Fair: write why"):
        set_final_grade(judgement=judgement, grade="Good", rationale="  ", by=lead, revision=judgement.revision)
    assert judgement_of(inspection).final_grade == ""
    judgement = set_final_grade(judgement=judgement, grade="Good", rationale="Strong partnership evidence.",
                                by=lead, revision=judgement.revision)
    assert judgement.is_override and judgement.rationale == "Strong partnership evidence."
    event = events("judgement.final_grade_set")[-1]
    assert event.after["rationale"] == "Strong partnership evidence."
    assert "overriding the rule-derived Fair" in event.summary


def test_any_choice_where_judgement_is_required_needs_a_rationale(inspection, lead, assess, fair_profile) -> None:
    assess("NP-F2", "not_met")
    judgement = judgement_of(inspection)
    for grade in ("Fair", "Poor"):
        with pytest.raises(ServiceError, match=f"cannot decide between Fair and Poor .*write why you chose {grade}"):
            set_final_grade(judgement=judgement, grade=grade, rationale="", by=lead, revision=judgement.revision)
    judgement = set_final_grade(judgement=judgement, grade="Fair", rationale="The gap is closing; plan in place.",
                                by=lead, revision=judgement.revision)
    assert judgement.final_grade == "Fair"


def test_an_incomplete_derivation_cannot_be_finalised(inspection, lead, assess) -> None:
    assess("NP-F1", "met")
    judgement = judgement_of(inspection)
    with pytest.raises(ServiceError, match="assess NP-F2, NP-F4, NP-F6 first"):
        set_final_grade(judgement=judgement, grade="Fair", rationale="Anything.", by=lead, revision=judgement.revision)


def test_only_the_inspections_lead_sets_the_final_grade(inspection, inspector, other_lead, fair_profile) -> None:
    judgement = judgement_of(inspection)
    for person in (inspector, other_lead):
        with pytest.raises(ServiceError, match="Only the lead inspector of this inspection"):
            set_final_grade(judgement=judgement, grade="Fair", rationale="", by=person, revision=judgement.revision)


def test_a_stale_judgement_revision_is_refused(inspection, lead, assess, fair_profile) -> None:
    opened = judgement_of(inspection).revision
    assess("NP-F2", "not_met")  # the verdict moves while the lead is deciding
    with pytest.raises(StaleEdit, match="changed under you"):
        set_final_grade(judgement=judgement_of(inspection), grade="Fair", rationale="x", by=lead, revision=opened)


def test_a_final_grade_is_withdrawn_when_the_verdict_it_answered_changes(inspection, lead, assess,
                                                                          fair_profile) -> None:
    judgement = judgement_of(inspection)
    set_final_grade(judgement=judgement, grade="Fair", rationale="", by=lead, revision=judgement.revision)
    assess("NP-G3", "met")  # counts change, the verdict (Fair by rule) does not: the final grade stands
    assert judgement_of(inspection).final_grade == "Fair"
    assess("NP-F2", "not_met")
    judgement = judgement_of(inspection)
    assert judgement.final_grade == "" and judgement.decided_by is None
    withdrawn = events("judgement.final_grade_withdrawn")[-1]
    assert withdrawn.before["final_grade"] == "Fair" and withdrawn.after["final_grade"] == ""


# --- published judgements are frozen -------------------------------------------------------------


def _new_version_of_np(tmp_path: Path) -> Framework:
    library = tmp_path / "library"
    shutil.copytree(Path(settings.BASE_DIR) / "library", library)
    path = library / "neighbourhood-policing.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "Every neighbourhood in the force area has a named team",
        "Every neighbourhood in the force area has a named, stable team"), encoding="utf-8")
    load_library(directory=library)
    return Framework.objects.get(key="neighbourhood-policing", is_current=True)


def test_a_published_judgement_is_never_rewritten(inspection, np, lead, assess, fair_profile,
                                                  tmp_path: Path) -> None:
    judgement = judgement_of(inspection)
    set_final_grade(judgement=judgement, grade="Fair", rationale="", by=lead, revision=judgement.revision)
    Inspection.objects.filter(pk=inspection.pk).update(state=State.PUBLISHED)
    inspection.refresh_from_db()
    frozen = judgement_of(inspection)
    # Later: the programme's policy changes and the library gets a new version of the framework.
    programme = inspection.programme
    programme.poor_share = Fraction(1, 5)
    programme.save()
    new_np = _new_version_of_np(tmp_path)
    programme.frameworks.remove(np)
    programme.frameworks.add(new_np)

    with pytest.raises(ServiceError, match="published"):
        refresh_derived_grade(inspection=inspection, framework=new_np, by=lead)
    with pytest.raises(ServiceError, match="published"):
        refresh_derived_grade(inspection=inspection, framework=np, by=lead)
    with pytest.raises(ServiceError, match="published"):
        set_final_grade(judgement=frozen, grade="Good", rationale="Reconsidered.", by=lead, revision=frozen.revision)
    with pytest.raises(ServiceError, match="published"):
        assess("NP-F2", "not_met")

    after = judgement_of(inspection)
    fields: Callable[[Judgement], Any] = lambda j: (  # noqa: E731
        j.framework_id, j.policy, j.derived_grade, j.derived_reasons, j.final_grade, j.revision)
    assert fields(after) == fields(frozen)
    assert after.framework == np and after.policy["poor_share"] == "1/3"
    # The page shows the version it was graded against, frozen, not the programme's new one.
    assert framework_for_page(inspection, "neighbourhood-policing") == np
    panel = grade_panel(inspection, np)
    assert panel.frozen and not panel.out_of_date and panel.outcome is not None and panel.outcome.grade == "Fair"


def test_grades_do_not_change_at_the_factual_accuracy_check(inspection, np, lead, fair_profile) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(state=State.FACTUAL_ACCURACY)
    inspection.refresh_from_db()
    with pytest.raises(ServiceError, match="only during fieldwork, drafting or moderation"):
        refresh_derived_grade(inspection=inspection, framework=np, by=lead)


# --- exact thresholds, worded once ---------------------------------------------------------------


def test_a_programme_keeps_any_threshold_exactly(inspection, np, assess, fair_profile, lead) -> None:
    programme = inspection.programme
    programme.poor_share = "2/7"
    programme.save()
    programme.refresh_from_db()
    assert programme.poor_share == Fraction(2, 7)
    judgement = refresh_derived_grade(inspection=inspection, framework=np, by=lead)
    assert judgement.policy["poor_share"] == "2/7"
    assert "Poor when at least 2/7 of the significant Fair criteria" in grade_panel(inspection, np).policy_words


def test_the_grade_panel_words_the_thresholds_as_the_rules_reasons_do(inspection, np, assess, fair_profile) -> None:
    assess("NP-F2", "not_met")
    assess("NP-F4", "not_met")
    panel = grade_panel(inspection, np)
    assert panel.outcome is not None and panel.outcome.grade == "Poor"
    assert "the Poor share of 1/3" in panel.outcome.reasons[0]
    assert panel.policy_words == ("Poor when at least 1/3 of the significant Fair criteria are not met; "
                                  "Good when more than 50% of the Good criteria are met; "
                                  "Excellent when at least 80% are met")
