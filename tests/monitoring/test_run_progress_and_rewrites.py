"""A monitoring run says how far it has got in forces, and rewrites only what a new period changed."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspectorate.monitoring import services
from inspectorate.monitoring.models import Indicator, Observation, Signal

pytestmark = pytest.mark.django_db


def test_progress_counts_forces_read_then_names_each_stage(declining) -> None:
    heard: list[dict] = []
    summary = services.run_monitoring(progress=lambda **report: heard.append(report))
    reading = [report for report in heard if report["stage"].startswith("reading observations")]
    assert [report["done"] for report in reading] == list(range(1, 44))
    assert reading[-1]["stage"] == "reading observations: 43 of 43 forces"
    assert all(report["total"] == 43 and report["unit"] == "forces" for report in heard)
    assert any(report["stage"].startswith("charting") for report in heard)
    assert heard[-1]["stage"] == "stored the signals of 43 of 43 forces"
    assert summary.times is not None and summary.times.statistics > 0 and summary.times.storing > 0


def test_a_rerun_without_new_data_rewrites_no_signal_row(declining) -> None:
    services.run_monitoring()
    seen = dict(Signal.objects.values_list("pk", "last_seen"))
    with CaptureQueriesContext(connection) as queries:
        again = services.run_monitoring()
    assert again.signals_new == again.signals_gone == 0
    signal_updates = [q["sql"] for q in queries.captured_queries
                      if q["sql"].startswith("UPDATE") and "performance_signal" in q["sql"]]
    assert len(signal_updates) == 1 and "CASE" not in signal_updates[0]  # only last_seen, in one statement
    assert all(last_seen > seen[pk] for pk, last_seen in Signal.objects.values_list("pk", "last_seen"))


def test_a_new_period_refreshes_what_it_changed(declining) -> None:
    services.run_monitoring()
    burglary = Indicator.objects.get(name="Burglary per 1,000 people")
    latest = max(Observation.objects.filter(indicator=burglary).values_list("period", flat=True))
    year, month = (int(part) for part in latest.split("-"))
    following = f"{year + month // 12}-{month % 12 + 1:02d}"
    held = Observation.objects.filter(indicator=burglary, period=latest, force__name="Kestrelshire Constabulary")
    rows = [Observation(indicator=burglary, force_id=o.force_id, period=following, value=o.value * 1.5) for o in held]
    Observation.objects.bulk_create(rows)
    services.run_monitoring()
    stretched = Signal.objects.filter(force__name="Kestrelshire Constabulary", indicator=burglary, is_current=True,
                                      end_period=following)
    assert stretched.exists()
