"""Reading the input of `inspectorate monitor`: observations and most-similar-force groups."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.core.monitoring.observations import InputError, read_groups, read_observations


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_series_are_grouped_sorted_by_period_and_take_the_indicator_polarity(tmp_path: Path) -> None:
    path = write(tmp_path, "\ufeffforce,indicator,period,value,polarity\r\n"
                           "Fenshire Constabulary,Satisfaction,2020-02,71.5,higher_is_better\r\n"
                           "Fenshire Constabulary,Satisfaction,2020-01,70,\r\n"
                           "Fenshire Constabulary,Burglary,2020-01, 12 ,\r\n")
    burglary, satisfaction = read_observations(path)
    assert (burglary.indicator, burglary.polarity, burglary.values) == ("Burglary", "lower_is_better", (12.0,))
    assert satisfaction.periods == ("2020-01", "2020-02")
    assert (satisfaction.polarity, satisfaction.values) == ("higher_is_better", (70.0, 71.5))


def test_without_a_polarity_column_everything_is_lower_is_better(tmp_path: Path) -> None:
    path = write(tmp_path, "force,indicator,period,value\nA,Burglary,2020-01,-3\n")
    [series] = read_observations(path)
    assert (series.polarity, series.values) == ("lower_is_better", (-3.0,))


@pytest.mark.parametrize(("text", "message"), [
    ("force,indicator,value\n", "line 1: missing column(s) period"),
    ("force,indicator,period,value\nA,B,2020-01,lots\n", "line 2: value 'lots' is not a number"),
    ("force,indicator,period,value\nA,B,2020-01,nan\n", "line 2: value 'nan' is not a finite number"),
    ("force,indicator,period,value\nA,B,2020-01\n", "line 2: 3 fields, the header has 4"),
    ("force,indicator,period,value\nA,B,2020-01,1\nA,B,2020-01,2\n", "line 3: a second value for A / B / 2020-01"),
    ("force,indicator,period,value\n,B,2020-01,1\n", "line 2: force, indicator and period must not be empty"),
    ("force,indicator,period,value,polarity\nA,B,2020-01,1,up\n", "line 2: polarity 'up' is not one of"),
    ("force,indicator,period,value,polarity\nA,B,2020-01,1,higher_is_better\nC,B,2020-01,1,lower_is_better\n",
     "line 3: 'B' is higher_is_better on an earlier line"),
])
def test_bad_input_is_refused_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_observations(write(tmp_path, text))


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be read"):
        read_observations(tmp_path / "absent.csv")


def test_groups(tmp_path: Path) -> None:
    path = write(tmp_path, "force,group\nB,North\nA,North\nC,Coastal\nA,North\n", "groups.csv")
    assert read_groups(path) == {"Coastal": ("C",), "North": ("A", "B")}


def test_a_force_in_two_groups_of_a_file_is_an_input_error(tmp_path: Path) -> None:
    path = write(tmp_path, "force,group\nB,North\nA,North\nA,Coastal\n", "groups.csv")
    with pytest.raises(InputError, match=r"line 4: A is already in group 'North' \(line 3\); a force belongs to one"):
        read_groups(path)


def test_groups_need_both_columns(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="missing column"):
        read_groups(write(tmp_path, "force,msf\nA,North\n", "groups.csv"))
