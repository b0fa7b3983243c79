"""The risk register: likelihood from signals and past grades, impact from the framework's harm weight."""

from __future__ import annotations

import pytest

from inspectorate.core.monitoring import risk as core_risk
from inspectorate.forces.models import Force
from inspectorate.inspections.models import Inspection, Judgement, State
from inspectorate.monitoring import services
from inspectorate.monitoring.models import RiskEntry, Signal, SignalStatus

pytestmark = pytest.mark.django_db


def _entry(force_name: str, key: str = "volume-crime-reduction") -> RiskEntry:
    return RiskEntry.objects.get(force__name=force_name, framework__key=key)


def _graded(force: Force, framework, programme, grade: str) -> None:
    inspection = Inspection.objects.create(force=force, programme=programme, state=State.PUBLISHED)
    Judgement.objects.create(inspection=inspection, framework=framework, final_grade=grade, derived_grade=grade)


def test_one_entry_per_force_and_framework_its_indicators_inform(declining, frameworks) -> None:
    services.run_monitoring()
    # Both indicators of the small dataset (all crime, burglary) inform volume crime reduction.
    assert RiskEntry.objects.count() == 43
    assert set(RiskEntry.objects.values_list("framework__key", flat=True)) == {"volume-crime-reduction"}
    for entry in RiskEntry.objects.all():
        assert entry.impact == 3
        assert entry.score == pytest.approx(round(entry.likelihood * entry.impact, 2))
        assert entry.likelihood >= 1.0
        assert entry.rationale.endswith("(harm weight of Volume crime reduction).")


def test_no_evidence_is_likelihood_one_and_evidence_raises_it(declining) -> None:
    services.run_monitoring()
    quiet = RiskEntry.objects.filter(signal_evidence=0).first()
    assert quiet is not None and quiet.likelihood == 1.0 and quiet.signal_count == 0
    top = _entry("Kestrelshire Constabulary")
    assert top.signal_evidence > 3
    assert top.likelihood == pytest.approx(round(core_risk.likelihood(top.signal_evidence), 2))
    assert "Burglary per 1,000 people: a sustained deterioration since" in top.rationale


def test_the_harm_weight_is_the_impact(declining, frameworks) -> None:
    services.run_monitoring()
    before = _entry("Kestrelshire Constabulary")
    frameworks["volume-crime-reduction"].harm_weight = 5
    frameworks["volume-crime-reduction"].save()
    services.recompute_risk_register()
    after = _entry("Kestrelshire Constabulary")
    assert after.impact == 5
    assert after.score == pytest.approx(round(before.likelihood * 5, 2))


def test_a_past_poor_grade_raises_the_likelihood_and_excellent_lowers_it(declining, frameworks, programme) -> None:
    services.run_monitoring()
    poor, excellent = (Force.objects.get(name="Fenshire Constabulary"), Force.objects.get(name="Ambervale Police"))
    before = {force.name: _entry(force.name).likelihood for force in (poor, excellent)}
    framework = frameworks["volume-crime-reduction"]
    _graded(poor, framework, programme, "Poor")
    _graded(excellent, framework, programme, "Excellent")
    services.recompute_risk_register()
    raised, lowered = _entry(poor.name), _entry(excellent.name)
    assert raised.likelihood == pytest.approx(round(before[poor.name] * 1.25, 2), abs=0.011)
    assert lowered.likelihood == pytest.approx(round(before[excellent.name] * 0.8, 2), abs=0.011)
    assert raised.past_grade == "Poor" and raised.past_grade_source == programme.title
    assert "Past grade Poor" in raised.rationale and "raises" in raised.rationale
    assert "Past grade Excellent" in lowered.rationale and "lowers" in lowered.rationale


def test_an_unpublished_grade_does_not_count(declining, frameworks, programme) -> None:
    services.run_monitoring()
    force = Force.objects.get(name="Fenshire Constabulary")
    before = _entry(force.name).likelihood
    inspection = Inspection.objects.create(force=force, programme=programme, state=State.MODERATION)
    Judgement.objects.create(inspection=inspection, framework=frameworks["volume-crime-reduction"],
                             final_grade="Poor", derived_grade="Poor")
    services.recompute_risk_register()
    assert _entry(force.name).likelihood == before
    assert _entry(force.name).past_grade == ""


def test_dismissed_signals_no_longer_count(declining, people) -> None:
    services.run_monitoring()
    before = _entry("Kestrelshire Constabulary")
    for signal in Signal.objects.filter(force__name="Kestrelshire Constabulary", direction="deterioration"):
        services.review_signal(signal=signal, by=people["inspector"])
        services.dismiss_signal(signal=signal, by=people["inspector"], note="Checked: a data error.")
    after = _entry("Kestrelshire Constabulary")
    assert after.signal_evidence == 0 < before.signal_evidence
    assert after.likelihood == 1.0
    assert Signal.objects.filter(force__name="Kestrelshire Constabulary",
                                 status=SignalStatus.DISMISSED).count() >= 1
