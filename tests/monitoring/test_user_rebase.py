"""A person's decision to start a new baseline for a force's indicator: recorded with a reason,
audited, refused to those who may not make it, honoured by every monitoring run and shown on the
indicator's chart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inspectorate.accounts.models import Role
from inspectorate.audit.models import AuditEvent
from inspectorate.core.errors import NotPermitted, ServiceError
from inspectorate.forces.models import Force
from inspectorate.monitoring import services
from inspectorate.monitoring.models import REBASE_REASON_MAX_LENGTH, Indicator, MonitoringRun, Rebase, RiskEntry, Signal

pytestmark = pytest.mark.django_db
DECLINING_FORCE = "Kestrelshire Constabulary"  # as the fixtures inject it (conftest.py)
BURGLARY = "Burglary per 1,000 people"
STEP = "2021-06"
REASON = "Burglary recording moved to the new crime system in June 2021; the step is a recording change."


@pytest.fixture
def decline(declining, people):
    services.run_monitoring()
    force = Force.objects.get(name=DECLINING_FORCE)
    indicator = Indicator.objects.get(name=BURGLARY)
    return force, indicator


def _cusum(force, indicator):
    return Signal.objects.filter(force=force, indicator=indicator, rule="cusum", direction="deterioration",
                                 is_current=True)


def _evidence(force, indicator) -> float:
    return RiskEntry.objects.get(force=force, framework=indicator.framework).signal_evidence


def test_a_new_baseline_at_the_step_takes_the_decline_out_of_the_risk_register(decline, people) -> None:
    force, indicator = decline
    before = _evidence(force, indicator)
    assert before > 0
    assert any(signal.evidence > 0 for signal in _cusum(force, indicator))
    rebase = services.rebase_series(force=force, indicator=indicator, period=STEP, reason=f"  {REASON}  ",
                                    by=people[Role.LEAD_INSPECTOR])
    assert (rebase.period, rebase.reason, rebase.by) == (STEP, REASON, people[Role.LEAD_INSPECTOR])
    assert all(signal.evidence == 0 for signal in _cusum(force, indicator))
    assert _evidence(force, indicator) < before
    event = AuditEvent.objects.get(action="monitoring.series_rebased")
    assert event.actor == people[Role.LEAD_INSPECTOR]
    assert REASON in str(event.after)
    # a later national run honours it too
    services.run_monitoring()
    assert all(signal.evidence == 0 for signal in _cusum(force, indicator))


def test_a_run_over_every_indicator_has_no_scope_and_the_run_after_a_decision_names_its_indicator(
        decline, people) -> None:
    force, indicator = decline
    assert MonitoringRun.objects.latest("at", "id").scope == ""
    services.rebase_series(force=force, indicator=indicator, period=STEP, reason=REASON,
                           by=people[Role.LEAD_INSPECTOR])
    assert MonitoringRun.objects.latest("at", "id").scope == BURGLARY


def test_the_baseline_is_for_that_force_only(decline, people) -> None:
    force, indicator = decline
    other = Force.objects.exclude(pk=force.pk).filter(observations__indicator=indicator).first()
    services.rebase_series(force=other, indicator=indicator, period=STEP, reason=REASON, by=people[Role.MODERATOR])
    assert any(signal.evidence > 0 for signal in _cusum(force, indicator))


def test_an_inspector_may_not_start_a_new_baseline(decline, people) -> None:
    force, indicator = decline
    with pytest.raises(NotPermitted, match="start a new baseline"):
        services.rebase_series(force=force, indicator=indicator, period=STEP, reason=REASON,
                               by=people[Role.INSPECTOR])
    assert not Rebase.objects.exists()
    assert not AuditEvent.objects.filter(action="monitoring.series_rebased").exists()


@pytest.mark.parametrize(("period", "reason", "field", "message"), [
    (STEP, "   ", "reason", "Say why"),
    (STEP, "x" * (REBASE_REASON_MAX_LENGTH + 1), "reason", "at most 1,000"),
    (STEP, "A reason \x00", "reason", "null character"),
    ("2031-01", REASON, "period", "no Burglary per 1,000 people figure for January 2031"),
    ("second", REASON, "period", "set the first baseline"),
])
def test_a_bad_decision_is_refused_with_a_clear_reason_and_nothing_written(decline, people, period, reason, field,
                                                                         message) -> None:
    force, indicator = decline
    if period == "second":  # the series' second period: inside the first baseline
        period = sorted(indicator.observations.filter(force=force).values_list("period", flat=True))[1]
    with pytest.raises(ServiceError) as refused:
        services.rebase_series(force=force, indicator=indicator, period=period, reason=reason,
                               by=people[Role.MODERATOR])
    assert message in " ".join(refused.value.message_dict[field])
    assert not Rebase.objects.exists()


def test_the_same_baseline_twice_is_refused(decline, people) -> None:
    force, indicator = decline
    services.rebase_series(force=force, indicator=indicator, period=STEP, reason=REASON, by=people[Role.MODERATOR])
    with pytest.raises(ServiceError, match="already starts at June 2021"):
        services.rebase_series(force=force, indicator=indicator, period=STEP, reason=REASON,
                               by=people[Role.MODERATOR])
    assert Rebase.objects.count() == 1


def test_the_form_records_it_and_the_chart_shows_it(client, decline, people) -> None:
    force, indicator = decline
    url = reverse("performance:rebase", args=[force.slug, indicator.key])
    client.force_login(people[Role.LEAD_INSPECTOR])
    page = client.get(reverse("performance:force", args=[force.slug])).content.decode()
    assert url in page
    assert "New baseline" not in page
    blank = client.post(url, {"period": STEP, "reason": ""})
    assert blank.status_code == 400
    text = blank.content.decode()
    assert "There is a problem" in text and "Say why a new baseline starts here." in text
    assert 'aria-invalid="true"' in text
    assert "<title>Error: New baseline:" in text
    unchosen = client.post(url, {"period": "", "reason": REASON}).content.decode()
    assert "Choose the first period of the new baseline." in unchosen
    early = client.post(url, {"period": min(indicator.observations.values_list("period", flat=True)),
                              "reason": REASON})
    assert early.status_code == 400 and "set the first baseline" in early.content.decode()
    assert not Rebase.objects.exists()
    done = client.post(url, {"period": STEP, "reason": REASON})
    assert done.status_code == 302
    assert done["Location"].endswith(f"#indicator-{indicator.key}")
    page = client.get(done["Location"]).content.decode()
    assert "a new baseline starts in June 2021" in page
    assert 'class="new-baseline"' in page and "New baseline from June 2021" in page
    assert REASON in page
    assert f"series of {BURGLARY} only" in page  # the run after the decision covered that indicator alone


def test_the_form_is_refused_to_an_inspector(client, decline, people) -> None:
    force, indicator = decline
    client.force_login(people[Role.INSPECTOR])
    url = reverse("performance:rebase", args=[force.slug, indicator.key])
    assert client.get(url).status_code == 403
    assert client.post(url, {"period": STEP, "reason": REASON}).status_code == 403
    assert url not in client.get(reverse("performance:force", args=[force.slug])).content.decode()
    assert not Rebase.objects.exists()
