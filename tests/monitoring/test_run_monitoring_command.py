"""``inspectorate run-monitoring``: the same run as the page's button, reported in words."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inspectorate.monitoring.models import Signal

pytestmark = pytest.mark.django_db


def test_the_command_runs_monitoring_and_says_the_data_are_synthetic(declining) -> None:
    out = StringIO()
    call_command("run_monitoring", stdout=out)
    text = out.getvalue()
    assert text.startswith("Made-up demonstration data: the forces and figures are made up.\n")
    assert f"Signals found: {Signal.objects.count()} ({Signal.objects.count()} new; 0 no longer found)." in text
    assert "Highest risk scores from performance data: Kestrelshire Constabulary" in text
    out = StringIO()
    call_command("run_monitoring", "--indicator", "synthetic-burglary-rate", stdout=out)
    assert "(0 new; 0 no longer found)" in out.getvalue()


def test_an_unknown_indicator_is_refused(declining) -> None:
    with pytest.raises(CommandError, match="unknown indicator key"):
        call_command("run_monitoring", "--indicator", "no-such-thing", stdout=StringIO())
