"""Signals are rows people act on (the healthchecks Flip pattern): a rerun never duplicates one,
and what people decided about it stays decided."""

from __future__ import annotations

import pytest

from inspectorate.audit.models import AuditEvent
from inspectorate.core.errors import ServiceError
from inspectorate.monitoring import services
from inspectorate.monitoring.models import MonitoringRun, Observation, Signal, SignalStatus

pytestmark = pytest.mark.django_db


def test_a_rerun_creates_no_duplicate_signals(declining, people) -> None:
    first = services.run_monitoring(by=people["moderator"])
    assert first.signals_new == first.signals_found > 0
    count = Signal.objects.count()
    second = services.run_monitoring()
    assert second.signals_new == 0
    assert second.signals_found == first.signals_found
    assert Signal.objects.count() == count
    assert MonitoringRun.objects.count() == 2
    assert AuditEvent.objects.filter(action="monitoring.run").count() == 2


def test_a_dismissed_signal_stays_dismissed_when_the_pattern_is_found_again(declining, people) -> None:
    services.run_monitoring()
    signal = Signal.objects.filter(force__name="Kestrelshire Constabulary", rule="shift",
                                   direction="deterioration").first()
    assert signal is not None
    services.review_signal(signal=signal, by=people["inspector"])
    services.dismiss_signal(signal=signal, by=people["inspector"], note="A recording change, not a real rise.")
    services.run_monitoring()
    services.run_monitoring()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.DISMISSED
    assert signal.note == "A recording change, not a real rise."
    assert signal.acted_by == people["inspector"]
    assert signal.processed is not None
    assert signal.is_current
    assert Signal.objects.filter(force=signal.force, indicator=signal.indicator, rule="shift",
                                 start_period=signal.start_period).count() == 1


def test_new_then_reviewed_then_dismissed_or_escalated_with_an_audit_trail(declining, people) -> None:
    services.run_monitoring()
    one, two = Signal.objects.filter(status=SignalStatus.NEW)[:2]
    with pytest.raises(ServiceError, match="only a reviewed signal"):
        services.escalate_signal(signal=one, by=people["inspector"])
    services.review_signal(signal=one, by=people["inspector"], note="Looked at the chart.")
    with pytest.raises(ServiceError, match="only a new signal"):
        services.review_signal(signal=one, by=people["inspector"])
    services.escalate_signal(signal=one, by=people["moderator"], note="Ask the force for its plan.")
    one.refresh_from_db()
    assert (one.status, one.acted_by, one.note) == (SignalStatus.ESCALATED, people["moderator"],
                                                     "Ask the force for its plan.")
    with pytest.raises(ServiceError):
        services.dismiss_signal(signal=one, by=people["moderator"], note="Too late.")
    services.review_signal(signal=two, by=people["inspector"])
    with pytest.raises(ServiceError):
        services.dismiss_signal(signal=two, by=people["inspector"], note="  ")
    events = AuditEvent.objects.filter(object_type="performance.Signal", object_id=str(one.pk)).order_by("id")
    assert [e.action for e in events] == ["monitoring.signal_reviewed", "monitoring.signal_escalated"]
    assert events[1].before == {"status": "reviewed", "note": "Looked at the chart."}
    assert events[1].actor == people["moderator"]


def test_a_pattern_no_longer_found_is_kept_but_no_longer_current(declining) -> None:
    services.run_monitoring()
    signal = Signal.objects.filter(force__name="Kestrelshire Constabulary", rule="shift",
                                   direction="deterioration").first()
    assert signal is not None
    # A correction to the data: the decline was a data error and the values go back to the baseline's.
    step_on = Observation.objects.filter(force=signal.force, indicator=signal.indicator,
                                         period__gte=signal.start_period)
    baseline = list(Observation.objects.filter(force=signal.force, indicator=signal.indicator)
                    .order_by("period").values_list("value", flat=True)[:12])
    for n, observation in enumerate(step_on.order_by("period")):
        observation.value = baseline[n % 12]
        observation.save()
    summary = services.run_monitoring()
    signal.refresh_from_db()
    assert not signal.is_current
    assert summary.signals_gone >= 1
