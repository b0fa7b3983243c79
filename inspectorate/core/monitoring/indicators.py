"""Turn published crime files into indicator rows ``force,indicator,period,value``.

Two formats, told apart by their header:

- a Home Office police recorded crime open-data table: one row per force, financial quarter
  and offence with a ``Number of Offences`` (which may be a negative adjustment, or padded
  with spaces); the indicator is the ``Offence Group``, the period ``2017/18 Q1``;
- a police.uk street-level crime file: one row per crime; the force is ``Reported by`` (the
  force that recorded the crime), the indicator the ``Crime type``, the period the ``Month``
  (``2017-03``) and the value the number of rows.

Each force also gets ``All crime``, the total over its indicators, for every period. Files
are streamed: rows are added into totals keyed by force, indicator and period and never held.
Bad rows (a wrong number of fields, a count that is not a whole number, a malformed period,
an empty force or indicator) are reported through a callback and skipped.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from inspectorate.core.monitoring import periods

Format = Literal["home_office", "police_uk"]

HOME_OFFICE_HEADER = (
    "Financial Year", "Financial Quarter", "Force Name", "Offence Description", "Offence Group",
    "Offence Subgroup", "Offence Code", "Number of Offences",
)
POLICE_UK_HEADER = (
    "Crime ID", "Month", "Reported by", "Falls within", "Longitude", "Latitude", "Location",
    "LSOA code", "LSOA name", "Crime type", "Last outcome category", "Context",
)
ALL_CRIME = "All crime"
OUTPUT_HEADER = ("force", "indicator", "period", "value")
PROGRESS_EVERY_ROWS = 10_000

_COUNT = re.compile(r"[+-]?\d+")
_QUARTER_COLUMN = re.compile(r"[Qq]?([1-4])")  # the quarter column alone: "1" or "Q1"

Key = tuple[str, str, str]


class NotAnIndicatorFile(ValueError):
    """The file is neither a Home Office open-data table nor a police.uk street-level file."""


@dataclass(frozen=True)
class BadRow:
    """A row that was skipped, with its line number in the file and why."""

    line: int
    reason: str


@dataclass
class IndicatorTotals:
    """The totals read from one file, and how many rows were read and skipped."""

    format: Format
    totals: dict[Key, int] = field(default_factory=dict)
    rows_read: int = 0
    bad_rows: int = 0

    def rows(self) -> Iterator[tuple[str, str, str, int]]:
        """``(force, indicator, period, value)`` sorted by force, indicator and period."""
        for (force, indicator, period), value in sorted(self.totals.items()):
            yield force, indicator, period, value


def detect_format(header: Iterable[str]) -> Format | None:
    """Which format a header row belongs to (case and surrounding spaces ignored), if either."""
    names = tuple(name.strip().lower() for name in header)
    if names == tuple(name.lower() for name in HOME_OFFICE_HEADER):
        return "home_office"
    if names == tuple(name.lower() for name in POLICE_UK_HEADER):
        return "police_uk"
    return None


def read_totals(
    handle: Iterable[str],
    *,
    on_bad_row: Callable[[BadRow], None] | None = None,
    on_progress: Callable[[], None] | None = None,
) -> IndicatorTotals:
    """Stream the lines of a file (opened with ``newline=""``) into indicator totals.

    Raises ``NotAnIndicatorFile`` when the header is neither format. ``on_progress`` is called
    every ``PROGRESS_EVERY_ROWS`` rows; ``on_bad_row`` for each row skipped.
    """
    reader = csv.reader(handle)
    header = next(reader, None)
    if header is None:
        raise NotAnIndicatorFile("the file is empty")
    found = detect_format(header)
    if found is None:
        raise NotAnIndicatorFile("the header is neither a Home Office open-data table nor a police.uk "
                                 "street-level crime file")
    result = IndicatorTotals(found)
    parse = _home_office_row if found == "home_office" else _police_uk_row
    width = len(header)
    totals = result.totals
    for row in reader:
        if not row:
            continue
        result.rows_read += 1
        if on_progress is not None and result.rows_read % PROGRESS_EVERY_ROWS == 0:
            on_progress()
        parsed = parse(row) if len(row) == width else f"{len(row)} fields, expected {width}"
        if isinstance(parsed, str):
            result.bad_rows += 1
            if on_bad_row is not None:
                on_bad_row(BadRow(reader.line_num, parsed))
            continue
        force, indicator, period, count = parsed
        for key in ((force, indicator, period), (force, ALL_CRIME, period)):
            totals[key] = totals.get(key, 0) + count
    return result


def _home_office_row(row: list[str]) -> tuple[str, str, str, int] | str:
    year, quarter, force, group, count = (row[i].strip() for i in (0, 1, 2, 4, 7))
    if not periods.is_financial_year(year):
        return f"financial year {year!r} is not like 2017/18"
    quarter_match = _QUARTER_COLUMN.fullmatch(quarter)
    if not quarter_match:
        return f"financial quarter {quarter!r} is not 1 to 4"
    if not force or not group:
        return "empty force name or offence group"
    if not _COUNT.fullmatch(count):
        return f"number of offences {count!r} is not a whole number"
    return force, group, f"{year} Q{quarter_match[1]}", int(count)


def _police_uk_row(row: list[str]) -> tuple[str, str, str, int] | str:
    month, force, crime_type = row[1].strip(), row[2].strip(), row[9].strip()
    if not periods.month_of(month):
        return f"month {month!r} is not like 2017-03"
    if not force or not crime_type:
        return "empty reporting force or crime type"
    return force, crime_type, month, 1


def read_police_uk_fast(path: str, *, memory_limit: str = "512MB") -> IndicatorTotals | None:
    """The totals of a police.uk street-level file counted by DuckDB, or None to use ``read_totals``.

    DuckDB reads the file in parallel and in bounded memory (``memory_limit``; it spills to disk
    beyond it) and counts rows by reporting force, crime type and month. It gives the same totals
    as ``read_totals`` for a clean file. When any row would be a bad row (a wrong number of fields,
    which DuckDB's ``store_rejects`` catches, or a malformed month or empty force or crime type,
    seen in the counted groups), or DuckDB cannot read the file at all, this returns None and the
    caller streams the file through ``read_totals``, which reports each bad row by its line.
    """
    import duckdb

    columns = ", ".join(f"'{name}': 'VARCHAR'" for name in POLICE_UK_HEADER)
    query = (
        "SELECT trim(\"Reported by\"), trim(\"Crime type\"), trim(\"Month\"), count(*) "
        f"FROM read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', columns = {{{columns}}}, "
        "strict_mode = true, store_rejects = true, null_padding = false, auto_detect = false) GROUP BY ALL"
    )
    try:
        with duckdb.connect(config={"memory_limit": memory_limit}) as connection:
            groups = connection.execute(query, [path]).fetchall()
            rejected = connection.execute("SELECT count(*) FROM reject_errors").fetchone()
    except duckdb.Error:
        return None
    if rejected is None or rejected[0]:
        return None
    result = IndicatorTotals("police_uk")
    totals = result.totals
    for force, crime_type, month, count in groups:
        if not force or not crime_type or month is None or not periods.MONTH.fullmatch(month):
            return None
        result.rows_read += count
        for key in ((force, crime_type, month), (force, ALL_CRIME, month)):
            totals[key] = totals.get(key, 0) + count
    return result
