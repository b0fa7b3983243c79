"""``inspectorate load-observations FILE.csv [--groups FILE.csv]``: all or nothing, bad rows named by line."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from inspectorate.forces.models import Force
from inspectorate.monitoring.models import Indicator, Observation, PeerGroup

pytestmark = pytest.mark.django_db

ONE_ROW = "force,indicator,period,value\nFenshire Constabulary,Burglary,2023-01,1\n"
FORCES = ["Fenshire Constabulary", "Wealdmoor Police", "Marshby Constabulary", "Oakhollow Police"]


@pytest.fixture(autouse=True)
def made_up_forces(db) -> list[Force]:
    return [Force.objects.create(name=name, slug=name.lower().replace(" ", "-"), country="England",
                                 is_synthetic=True) for name in FORCES]


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_observations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loads_observations_as_inspectorate_indicators_prints_them(tmp_path: Path) -> None:
    path = _write(tmp_path, "obs.csv", "force,indicator,period,value\n"
                  "Fenshire Constabulary,Burglary,2023-01,10\n"
                  "Fenshire Constabulary,Burglary,2023-02,12\n"
                  "Wealdmoor,Burglary,2023-01,7\n"          # "Wealdmoor" is Wealdmoor Police
                  "fenshire-constabulary,Robbery,2017/18 Q1,-3\n")  # by slug; a negative adjustment kept
    out, err = _run(str(path))
    assert err == ""
    assert "Observations: 4 added, 0 changed, 0 unchanged." in out
    assert Observation.objects.count() == 4
    assert Observation.objects.get(force__name="Wealdmoor Police").value == 7
    burglary, robbery = Indicator.objects.get(name="Burglary"), Indicator.objects.get(name="Robbery")
    assert (burglary.key, burglary.polarity, burglary.frequency) == ("burglary", "lower_is_better", "monthly")
    assert robbery.frequency == "quarterly"
    # Loading again changes what differs and nothing else.
    path.write_text("force,indicator,period,value\nFenshire Constabulary,Burglary,2023-01,11\n"
                    "Fenshire Constabulary,Burglary,2023-02,12\n", encoding="utf-8")
    out, _ = _run(str(path))
    assert "0 added, 1 changed, 1 unchanged" in out
    assert Observation.objects.count() == 4


def test_bad_rows_are_reported_with_line_numbers_and_nothing_is_written(tmp_path: Path) -> None:
    path = _write(tmp_path, "bad.csv", "force,indicator,period,value,polarity\n"
                  "Fenshire Constabulary,Burglary,2023-01,10,lower_is_better\n"
                  "Nowhere Police,Burglary,2023-01,10,\n"
                  "Fenshire Constabulary,Burglary,2023-02,ten,\n"
                  "Fenshire Constabulary,Burglary,March 2023,4,\n"
                  "Fenshire Constabulary,Burglary,2023-01,11,\n"
                  "Fenshire Constabulary,Burglary,2023-04,4,higher_is_better\n"
                  "Fenshire Constabulary,Burglary,2023-05\n"
                  "Wealdmoor Police,Satisfaction,2023-01,80,sideways\n"
                  "Wealdmoor Police,Burglary,2023-06,inf,\n")
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("load_observations", str(path), stdout=StringIO(), stderr=err)
    assert raised.value.returncode == 2
    assert str(raised.value) == "8 bad row(s); nothing was written."
    lines = err.getvalue().splitlines()
    assert lines[0] == (f"{path} line 3: unknown force 'Nowhere Police': no force of that name is held "
                        "(add it first; made-up forces are added by the demo)")
    assert lines[1] == f"{path} line 4: value 'ten' is not a number"
    assert lines[2].startswith(f"{path} line 5: period 'March 2023' is neither a month")
    assert lines[3] == (f"{path} line 6: a second value for Fenshire Constabulary / Burglary / 2023-01 "
                        "(the first is on line 2)")
    assert lines[4] == f"{path} line 7: 'Burglary' was given on line 2 as lower_is_better, not higher_is_better"
    assert lines[5] == f"{path} line 8: 3 fields, the header has 5"
    assert lines[6].startswith(f"{path} line 9: polarity 'sideways' is not one of")
    assert lines[7] == f"{path} line 10: value 'inf' is not a finite number"
    assert Observation.objects.count() == 0
    assert Indicator.objects.count() == 0


def test_a_bad_groups_file_writes_no_observations_either(tmp_path: Path) -> None:
    observations = _write(tmp_path, "obs.csv", ONE_ROW)
    groups = _write(tmp_path, "groups.csv", "force,group\nFenshire Constabulary,A\nWealdmoor Police,A\n"
                    "Fenshire Constabulary,B\nAtlantis Police,A\n")
    err = StringIO()
    with pytest.raises(CommandError, match="2 bad row"):
        call_command("load_observations", str(observations), "--groups", str(groups), stdout=StringIO(), stderr=err)
    assert f"{groups} line 4: Fenshire Constabulary is already in group 'A' (line 2)" in err.getvalue()
    assert f"{groups} line 5: unknown force 'Atlantis Police'" in err.getvalue()
    assert Observation.objects.count() == 0 and PeerGroup.objects.count() == 0


def test_groups_load_with_the_observations_and_replace_their_set(tmp_path: Path) -> None:
    observations = _write(tmp_path, "obs.csv", ONE_ROW)
    groups = _write(tmp_path, "groups.csv", "force,group\n" + "".join(f"{name},North\n" for name in FORCES))
    out, _ = _run(str(observations), "--groups", str(groups))
    assert "Most similar forces: 1 groups in 'Most similar forces'." in out
    assert PeerGroup.objects.get().forces.count() == 4
    groups.write_text("force,group\nFenshire Constabulary,East\nWealdmoor Police,East\n", encoding="utf-8")
    _run(str(observations), "--groups", str(groups))
    assert list(PeerGroup.objects.values_list("name", flat=True)) == ["East"]


def test_an_unreadable_file_or_a_wrong_header_is_refused(tmp_path: Path) -> None:
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_observations", str(tmp_path / "missing.csv"), stdout=StringIO(), stderr=err)
    assert "missing.csv: cannot be read" in err.getvalue()
    wrong = _write(tmp_path, "wrong.csv", "Crime ID,Month\nx,2023-01\n")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_observations", str(wrong), stdout=StringIO(), stderr=err)
    assert f"{wrong} line 1: missing column(s) force, indicator, period, value" in err.getvalue()
