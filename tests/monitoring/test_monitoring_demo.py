"""``make demo``'s monitoring part: the synthetic dataset of made-up forces, loaded once, run, proposed."""

from __future__ import annotations

import pytest

from inspectorate.core.monitoring import synthetic
from inspectorate.forces.models import Force
from inspectorate.monitoring import demo
from inspectorate.monitoring.models import (
    Indicator,
    MonitoringRun,
    Observation,
    PeerGroup,
    ProposedInspection,
    RiskEntry,
    Signal,
)

pytestmark = pytest.mark.django_db


def test_the_demo_loads_made_up_forces_only_and_a_second_run_changes_nothing(frameworks, programme) -> None:
    lines: list[str] = []
    demo.load_demo(lines.append)
    assert Force.objects.filter(is_synthetic=False).count() == 0
    assert Force.objects.filter(is_synthetic=True).count() == 43
    assert Indicator.objects.filter(is_synthetic=True, framework__kind="risk-based").count() == 8
    assert Observation.objects.count() == 43 * 8 * 60
    assert PeerGroup.objects.filter(is_synthetic=True).count() == 7
    assert Signal.objects.count() > 0 and RiskEntry.objects.count() == 43 * 5
    assert ProposedInspection.objects.filter(programme=programme).count() == demo.PROPOSALS
    assert all(line.startswith("Monitoring demo: ") for line in lines)
    assert any("MADE-UP" in line for line in lines)
    counts = (Observation.objects.count(), Signal.objects.count(), RiskEntry.objects.count(),
              ProposedInspection.objects.count(), MonitoringRun.objects.count())
    again: list[str] = []
    demo.load_demo(again.append)
    assert "already loaded; nothing changed" in again[-1]
    assert counts == (Observation.objects.count(), Signal.objects.count(), RiskEntry.objects.count(),
                      ProposedInspection.objects.count(), MonitoringRun.objects.count())


def test_the_demo_never_writes_onto_a_real_force(db) -> None:
    Force.objects.create(name=synthetic.FORCES[3], slug="real-one", country="England", is_synthetic=False)
    with pytest.raises(ValueError, match="Refusing to load made-up data onto real forces"):
        demo.ensure_synthetic_forces(synthetic.FORCES)
    assert Force.objects.count() == 1


def test_the_demo_monitors_the_years_of_the_demo_programmes() -> None:
    from datetime import date

    from inspectorate.inspections import demo as inspections_demo

    periods = synthetic.generate(demo.SEED, first=demo.FIRST_MONTH).series[0].periods
    first = date(int(periods[0][:4]), int(periods[0][5:]), 1)
    last = date(int(periods[-1][:4]), int(periods[-1][5:]), 1)
    # The 2007 programme assessed April 2006 to July 2007; the demo's own runs to July 2009.
    assert first <= date(2006, 4, 1) and date(2007, 7, 1) <= last <= inspections_demo.PROGRAMME["assessment_end"]
    # The values do not depend on the window: only the periods move.
    default = synthetic.generate(demo.SEED)
    assert default.series[0].values == synthetic.generate(demo.SEED, first=demo.FIRST_MONTH).series[0].values
