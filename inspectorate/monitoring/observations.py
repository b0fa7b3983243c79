"""Read the input of ``inspectorate monitor``: indicator observations and most-similar-force groups.

Observations: a CSV with the columns ``force,indicator,period,value`` and optionally
``polarity`` (``higher_is_better`` or ``lower_is_better``; other columns are ignored). An
indicator's polarity is the one its rows give; rows may leave it blank, and an indicator with
no polarity at all is ``lower_is_better`` (more crime is worse). Periods sort as text, so
``2017-03`` and ``2017/18 Q1`` both order correctly.

Groups: a CSV with the columns ``force,group``; a force may belong to several groups, and
its peers are the other members of all of them.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from pathlib import Path

from inspectorate.monitoring.series import DEFAULT_POLARITY, POLARITIES, Polarity, Series

OBSERVATION_COLUMNS = ("force", "indicator", "period", "value")
GROUP_COLUMNS = ("force", "group")


class InputError(ValueError):
    """A file ``inspectorate monitor`` cannot use; the message names the file and line."""


def read_observations(path: Path) -> list[Series]:
    """Every force's series for every indicator in the file, sorted by force and indicator."""
    points: dict[tuple[str, str], dict[str, float]] = {}
    polarities: dict[str, Polarity] = {}
    for line, row in _rows(path, OBSERVATION_COLUMNS, optional=("polarity",)):
        force, indicator, period = row["force"], row["indicator"], row["period"]
        if not (force and indicator and period):
            raise InputError(f"{path} line {line}: force, indicator and period must not be empty")
        value = _number(row["value"], path, line)
        polarity = row.get("polarity", "")
        if polarity:
            if polarity not in POLARITIES:
                raise InputError(f"{path} line {line}: polarity {polarity!r} is not one of {', '.join(POLARITIES)}")
            known = polarities.setdefault(indicator, polarity)
            if known != polarity:
                raise InputError(f"{path} line {line}: {indicator!r} is {known} on an earlier line")
        series = points.setdefault((force, indicator), {})
        if period in series:
            raise InputError(f"{path} line {line}: a second value for {force} / {indicator} / {period}")
        series[period] = value
    result = []
    for (force, indicator), by_period in sorted(points.items()):
        periods = tuple(sorted(by_period))
        result.append(Series(
            force=force,
            indicator=indicator,
            polarity=polarities.get(indicator, DEFAULT_POLARITY),
            periods=periods,
            values=tuple(by_period[period] for period in periods),
        ))
    return result


def read_groups(path: Path) -> dict[str, tuple[str, ...]]:
    """Most-similar-force groups: each group's name and its member forces."""
    groups: dict[str, list[str]] = {}
    for line, row in _rows(path, GROUP_COLUMNS):
        if not (row["force"] and row["group"]):
            raise InputError(f"{path} line {line}: force and group must not be empty")
        members = groups.setdefault(row["group"], [])
        if row["force"] not in members:
            members.append(row["force"])
    return {name: tuple(sorted(members)) for name, members in sorted(groups.items())}


def _rows(path: Path, required: tuple[str, ...], optional: tuple[str, ...] = ()) -> Iterator[
    tuple[int, dict[str, str]]
]:
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from error
    with handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip().lower() for name in next(reader, [])]
            missing = [name for name in required if name not in header]
            if missing:
                raise InputError(f"{path} line 1: missing column(s) {', '.join(missing)}")
            wanted = {name: header.index(name) for name in (*required, *optional) if name in header}
            for row in reader:
                if not row:
                    continue
                if len(row) != len(header):
                    raise InputError(f"{path} line {reader.line_num}: {len(row)} fields, the header has "
                                     f"{len(header)}")
                yield reader.line_num, {name: row[i].strip() for name, i in wanted.items()}
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(f"{path} line {reader.line_num + 1}: not readable CSV ({error})") from error


def _number(text: str, path: Path, line: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{path} line {line}: value {text!r} is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{path} line {line}: value {text!r} is not a finite number")
    return value
