"""Reading observation and group files for ``inspectorate load-observations`` (nothing is written here).

Observations: CSV ``force,indicator,period,value`` and optionally ``polarity``, as ``inspectorate
indicators`` prints them and ``inspectorate monitor`` reads them. Groups: CSV ``force,group``.
Every bad row is reported with its line number; forces must already be held (they are matched by
name, by slug, or by a name that adds "Police" or "Constabulary": "Bedfordshire" is Bedfordshire
Police), since an observation of an unknown force is a mistake, not a new force.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.text import slugify

from inspectorate.core.monitoring import periods
from inspectorate.core.monitoring.peers import GroupClash, GroupSet
from inspectorate.forces.models import Force

from .models import Indicator, Polarity
from .services import NewObservation

POLARITIES = {value for value, _ in Polarity.choices}
MAX_LISTED_ERRORS = 100


@dataclass
class ObservationFile:
    """What a file holds, ready to save, or the errors that stop it being saved."""

    observations: list[NewObservation] = field(default_factory=list)
    polarities: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


@dataclass
class GroupFile:
    groups: dict[str, list[Force]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


class ForceFinder:
    """Finds held forces by the names files give them."""

    def __init__(self) -> None:
        self.forces = list(Force.objects.all())
        self.by_name = {force.name.casefold(): force for force in self.forces}
        self.by_slug = {force.slug: force for force in self.forces}
        self.cache: dict[str, Force | None] = {}

    def find(self, text: str) -> Force | None:
        if text not in self.cache:
            self.cache[text] = self._find(text)
        return self.cache[text]

    def _find(self, text: str) -> Force | None:
        found = self.by_name.get(text.casefold()) or self.by_slug.get(text) or self.by_slug.get(slugify(text))
        if found:
            return found
        widened = [self.by_name.get(f"{text} {suffix}".casefold()) for suffix in ("Police", "Constabulary")]
        matches = [force for force in widened if force is not None]
        return matches[0] if len(matches) == 1 else None


def _rows(path: Path, required: tuple[str, ...], errors: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """Each row as a dict of the header's columns, with its line number; a bad file or row is an error."""
    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        errors.append(f"{path}: cannot be read ({error.strerror or error})")
        return
    with handle:
        reader = csv.reader(handle)
        try:
            header = [name.strip().lower() for name in next(reader, [])]
        except (csv.Error, UnicodeDecodeError) as error:
            errors.append(f"{path} line 1: not readable CSV ({error})")
            return
        missing = [name for name in required if name not in header]
        if missing:
            errors.append(f"{path} line 1: missing column(s) {', '.join(missing)}; expected {','.join(required)}")
            return
        line = 1
        try:
            for row in reader:
                line = reader.line_num
                if not row or row == [""]:
                    continue
                if len(row) != len(header):
                    errors.append(f"{path} line {line}: {len(row)} fields, the header has {len(header)}")
                    continue
                yield line, {name: text.strip() for name, text in zip(header, row, strict=True)}
        except (csv.Error, UnicodeDecodeError) as error:
            errors.append(f"{path} line {line + 1}: not readable CSV ({error})")


def read_observations(path: Path, finder: ForceFinder | None = None) -> ObservationFile:
    """Every observation in the file, checked row by row against itself and the database."""
    finder = finder or ForceFinder()
    result = ObservationFile()
    errors = result.errors
    held = {indicator.name: indicator for indicator in Indicator.objects.all()}
    frequencies: dict[str, tuple[str, int]] = {}
    seen: dict[tuple[int, str, str], int] = {}
    polarity_lines: dict[str, int] = {}
    for line, row in _rows(path, ("force", "indicator", "period", "value"), errors):
        where = f"{path} line {line}"
        force_name, indicator, period, text = row["force"], row["indicator"], row["period"], row["value"]
        if not (force_name and indicator and period):
            errors.append(f"{where}: force, indicator and period must not be empty")
            continue
        force = finder.find(force_name)
        if force is None:
            errors.append(f"{where}: unknown force {force_name!r}: no force of that name is held "
                          "(add it first; made-up forces are added by the demo)")
            continue
        frequency = periods.frequency_of(period)
        if frequency is None:
            errors.append(f"{where}: period {period!r} is neither a month (2023-03) nor a financial quarter "
                          "(2017/18 Q1)")
            continue
        expected = held[indicator].frequency if indicator in held else None
        first = frequencies.setdefault(indicator, (expected or frequency, line))
        if first[0] != frequency:
            source = "is held as" if expected else f"was {first[0]} on line {first[1]}:"
            errors.append(f"{where}: {indicator!r} {source} {first[0]}, but {period!r} is {frequency}")
            continue
        try:
            value = float(text)
        except ValueError:
            errors.append(f"{where}: value {text!r} is not a number")
            continue
        if not math.isfinite(value):
            errors.append(f"{where}: value {text!r} is not a finite number")
            continue
        polarity = row.get("polarity", "")
        if polarity:
            if polarity not in POLARITIES:
                errors.append(f"{where}: polarity {polarity!r} is not one of {', '.join(sorted(POLARITIES))}")
                continue
            known = held[indicator].polarity if indicator in held else result.polarities.get(indicator)
            if known and known != polarity:
                origin = "is held as" if indicator in held else f"was given on line {polarity_lines[indicator]} as"
                errors.append(f"{where}: {indicator!r} {origin} {known}, not {polarity}")
                continue
            result.polarities.setdefault(indicator, polarity)
            polarity_lines.setdefault(indicator, line)
        key = (force.pk, indicator, period)
        if key in seen:
            errors.append(f"{where}: a second value for {force.name} / {indicator} / {period} "
                          f"(the first is on line {seen[key]})")
            continue
        seen[key] = line
        result.observations.append(NewObservation(force.pk, indicator, period, value))
    return result


def read_groups(path: Path, finder: ForceFinder | None = None) -> GroupFile:
    """Most-similar-force groups: each group's held forces; a force in two groups is an error."""
    finder = finder or ForceFinder()
    result = GroupFile()
    placed = GroupSet()
    for line, row in _rows(path, ("force", "group"), result.errors):
        where = f"{path} line {line}"
        if not (row["force"] and row["group"]):
            result.errors.append(f"{where}: force and group must not be empty")
            continue
        force = finder.find(row["force"])
        if force is None:
            result.errors.append(f"{where}: unknown force {row['force']!r}: no force of that name is held")
            continue
        try:
            if not placed.place(force.pk, row["group"], line, name=force.name):
                continue
        except GroupClash as clash:
            result.errors.append(f"{where}: {clash}")
            continue
        result.groups.setdefault(row["group"], []).append(force)
    return result
