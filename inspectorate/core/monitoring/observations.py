"""Read the input of ``inspectorate monitor``: indicator observations and most-similar-force groups.

Observations: a CSV with the columns ``force,indicator,period,value`` and optionally
``polarity`` (``higher_is_better`` or ``lower_is_better``; other columns are ignored). An
indicator's polarity is the one its rows give; rows may leave it blank, and an indicator with
no polarity at all is ``lower_is_better`` (more crime is worse). Periods sort as text, so
``2017-03`` and ``2017/18 Q1`` both order correctly.

An optional ``denominator`` column gives what the row's ``value`` is counted out of (the force's
population or households for that period): a series whose every row gives one is compared with
its peers as a rate, by Spiegelhalter's funnel (``funnel``); a blank leaves the series without.

Groups: a CSV with the columns ``force,group``, one set of most-similar-force groups: a force
belongs to one group of the set (``peers.GroupSet``, the rule ``load-observations`` keeps too).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from inspectorate.core.monitoring.peers import GroupClash, GroupSet
from inspectorate.core.monitoring.series import DEFAULT_POLARITY, POLARITIES, Polarity, Series

if TYPE_CHECKING:
    import _csv

OBSERVATION_COLUMNS = ("force", "indicator", "period", "value")
GROUP_COLUMNS = ("force", "group")


class InputError(ValueError):
    """A file ``inspectorate monitor`` cannot use; the message names the file and line."""


def read_observations(path: Path) -> list[Series]:
    """Every force's series for every indicator in the file, sorted by force and indicator."""
    points: dict[tuple[str, str], dict[str, float]] = {}
    polarities: dict[str, Polarity] = {}
    index, rows = _table(path, OBSERVATION_COLUMNS)
    pick = itemgetter(*(index[name] for name in OBSERVATION_COLUMNS))
    polarity_at = index.get("polarity")
    denominator_at = index.get("denominator")
    denominators: dict[tuple[str, str], dict[str, float]] = {}
    for line, row in rows:
        force, indicator, period, value_text = (text.strip() for text in pick(row))
        if not (force and indicator and period):
            raise InputError(f"{path} line {line}: force, indicator and period must not be empty")
        value = _number(value_text, path, line)
        polarity = row[polarity_at].strip() if polarity_at is not None else ""
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
        if denominator_at is not None and (text := row[denominator_at].strip()):
            denominator = _number(text, path, line, what="denominator")
            if denominator <= 0:
                raise InputError(f"{path} line {line}: denominator {text!r} must be more than 0")
            denominators.setdefault((force, indicator), {})[period] = denominator
    result = []
    for (force, indicator), by_period in sorted(points.items()):
        periods = tuple(sorted(by_period))
        result.append(Series(
            force=force,
            indicator=indicator,
            polarity=polarities.get(indicator, DEFAULT_POLARITY),
            periods=periods,
            values=tuple(by_period[period] for period in periods),
            denominators=(tuple(given[period] for period in periods)
                          if len(given := denominators.get((force, indicator), {})) == len(periods) else None),
        ))
    return result


def read_groups(path: Path) -> dict[str, tuple[str, ...]]:
    """Most-similar-force groups: each group's name and its member forces (each force in one group)."""
    groups: dict[str, list[str]] = {}
    placed = GroupSet()
    index, rows = _table(path, GROUP_COLUMNS)
    for line, row in rows:
        force, group = row[index["force"]].strip(), row[index["group"]].strip()
        if not (force and group):
            raise InputError(f"{path} line {line}: force and group must not be empty")
        try:
            new = placed.place(force, group, line)
        except GroupClash as clash:
            raise InputError(f"{path} line {line}: {clash}") from None
        if new:
            groups.setdefault(group, []).append(force)
    return {name: tuple(sorted(members)) for name, members in sorted(groups.items())}


def _table(path: Path, required: tuple[str, ...]) -> tuple[dict[str, int], Iterator[tuple[int, list[str]]]]:
    """The position of each column, and the rows with their line numbers (blank lines skipped)."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror or error})") from error
    reader = csv.reader(handle)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
    except (csv.Error, UnicodeDecodeError) as error:
        handle.close()
        raise InputError(f"{path} line 1: not readable CSV ({error})") from error
    missing = [name for name in required if name not in header]
    if missing:
        handle.close()
        raise InputError(f"{path} line 1: missing column(s) {', '.join(missing)}")
    return {name: header.index(name) for name in header}, _body(path, handle, reader, len(header))


def _body(path: Path, handle: TextIO, reader: _csv.Reader, width: int) -> Iterator[tuple[int, list[str]]]:
    with handle:
        line = 1
        try:
            for row in reader:
                line = reader.line_num
                if len(row) != width:
                    if not row:
                        continue
                    raise InputError(f"{path} line {line}: {len(row)} fields, the header has {width}")
                yield line, row
        except (csv.Error, UnicodeDecodeError) as error:
            raise InputError(f"{path} line {line + 1}: not readable CSV ({error})") from error


def _number(text: str, path: Path, line: int, what: str = "value") -> float:
    try:
        value = float(text)
    except ValueError:
        raise InputError(f"{path} line {line}: {what} {text!r} is not a number") from None
    if not math.isfinite(value):
        raise InputError(f"{path} line {line}: {what} {text!r} is not a finite number")
    return value
