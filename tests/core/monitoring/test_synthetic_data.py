"""The synthetic dataset: made-up forces only, flagged synthetic, reproducible, with ground truth."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from inspectorate.core.monitoring.synthetic import EARLIEST_START, FORCES, generate, main, month_periods

# The 43 territorial forces of England and Wales, and others, by a distinctive word in their names.
REAL_FORCE_WORDS = [
    "Avon", "Somerset", "Bedfordshire", "Cambridgeshire", "Cheshire", "London", "Cleveland", "Cumbria",
    "Derbyshire", "Devon", "Cornwall", "Dorset", "Durham", "Dyfed", "Powys", "Essex", "Gloucestershire",
    "Manchester", "Gwent", "Hampshire", "Hertfordshire", "Humberside", "Kent", "Lancashire", "Leicestershire",
    "Lincolnshire", "Merseyside", "Metropolitan", "Norfolk", "North Wales", "Yorkshire", "Northamptonshire",
    "Northumbria", "Nottinghamshire", "South Wales", "Staffordshire", "Suffolk", "Surrey", "Sussex", "Thames",
    "Warwickshire", "Mercia", "Midlands", "Wiltshire", "Transport", "Scotland", "Northern Ireland",
]


def test_forty_three_made_up_forces() -> None:
    assert len(FORCES) == len(set(FORCES)) == 43
    assert "Fenshire Constabulary" in FORCES
    for force in FORCES:
        assert not [word for word in REAL_FORCE_WORDS if word.lower() in force.lower()], force


def test_five_years_monthly_with_polarity_groups_and_a_synthetic_flag() -> None:
    data = generate(7)
    assert data.metadata["synthetic"] is True
    assert len(data.series) == 43 * 8
    assert {one.periods for one in data.series} == {month_periods(60)}
    assert {one.polarity for one in data.series} == {"higher_is_better", "lower_is_better"}
    assert all(name.startswith("Made-up MSF group") for name in data.groups)
    assert sorted(force for members in data.groups.values() for force in members) == sorted(FORCES)
    assert all(6 <= len(members) <= 7 for members in data.groups.values())


def test_injections_start_in_the_monitoring_window() -> None:
    data = generate(7)
    assert [i.direction for i in data.injections].count("deterioration") == 12
    assert [i.direction for i in data.injections].count("improvement") == 8
    window = month_periods(60)[EARLIEST_START:48]
    assert all(injection.start_period in window for injection in data.injections)


def test_a_seed_always_gives_the_same_data() -> None:
    assert generate(3) == generate(3)
    assert generate(3).series != generate(4).series


def test_the_command_writes_data_groups_and_truth(tmp_path: Path) -> None:
    out = tmp_path / "demo.csv"
    assert main(["--out", str(out), "--seed", "5"]) == 0
    with out.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 43 * 8 * 60
    assert set(rows[0]) == {"force", "indicator", "period", "value", "polarity"}
    groups = (tmp_path / "demo-groups.csv").read_text()
    assert groups.startswith("force,group\n") and "Made-up MSF group 1" in groups
    truth = json.loads((tmp_path / "demo-truth.json").read_text())
    assert truth["synthetic"] is True and "MADE-UP" in truth["note"]
    assert len(truth["injections"]) == 20
