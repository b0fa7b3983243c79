"""The report's tables: the national and force summaries and a national grade distribution.

The published text separates cells with tabs; text extracted by other tools may use
spaces instead, so a row is recognised by its shape (a name then four counts, or a name
then a grade) rather than by its separators. Each function takes the prepared lines and
the index of the first row, and returns what it read with the index after the table.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from inspectorate.core.grades import GRADE_KEYS
from inspectorate.core.report.errors import ReportFormatError, quoted
from inspectorate.core.report.keys import framework_key
from inspectorate.core.report.lines import Line
from inspectorate.core.report.model import ForceSummaryRow, Grade, GradeCounts, NationalSummaryRow

GRADE_WORDS = GRADE_KEYS
GRADE_BY_WORD: dict[str, Grade] = {"excellent": "Excellent", "good": "Good", "fair": "Fair", "poor": "Poor"}
NATIONAL_ROW = re.compile(r"^(?P<name>\S.*?)\s+(?P<a>\d+)\s+(?P<b>\d+)\s+(?P<c>\d+)\s+(?P<d>\d+)$")
FORCE_ROW = re.compile(rf"^(?P<name>\S.*?)\s+(?P<grade>{'|'.join(GRADE_KEYS)}|grade)$", re.IGNORECASE)
DASH_ROW = re.compile(r"^[\s\-–—_=]*[-–—_=]{3,}[\s\-–—_=]*$")


def _end(lines: list[Line]) -> int:
    return lines[-1].number if lines else 1


def _fail(lines: list[Line], index: int, expected: str) -> ReportFormatError:
    if index >= len(lines):
        return ReportFormatError(_end(lines), expected, "the end of the file")
    return ReportFormatError(lines[index].number, expected, quoted(lines[index].plain))


def _tab_group(line: Line) -> str | None:
    """A group row printed as a name followed by empty tab-separated cells."""
    if "\t" not in line.text:
        return None
    cells = [cell.strip() for cell in line.text.split("\t")]
    if cells[0] and not any(cells[1:]):
        return " ".join(cells[0].split())
    return None


def _group_name(lines: list[Line], index: int, is_row: Callable[[Line], object]) -> str | None:
    """A group row: a name followed by empty cells, or a bare name just above a row."""
    line = lines[index]
    if "\t" in line.text:
        return _tab_group(line)
    if index + 1 < len(lines) and is_row(lines[index + 1]):
        return line.plain
    return None


def _national_row(line: Line) -> re.Match[str] | None:
    return NATIONAL_ROW.match(line.plain)


def _header_order(line: Line) -> list[str] | None:
    words = line.key.split()
    return words if len(words) == 4 and set(words) == set(GRADE_WORDS) else None


def _force_row(line: Line) -> re.Match[str] | None:
    match = FORCE_ROW.match(line.plain)
    return match if match and match.group("name").lower() != "grade" else None


def parse_national_summary(lines: list[Line], start: int) -> tuple[list[NationalSummaryRow], int]:
    """Rows of the national summary of judgements: framework, group, counts at each grade."""
    order = list(GRADE_WORDS)
    group: str | None = None
    rows: list[NationalSummaryRow] = []
    index = start
    while index < len(lines):
        line = lines[index]
        header = _header_order(line)
        match = _national_row(line)
        if header is not None:
            order = header
        elif match is not None:
            counts = dict(zip(order, (int(match.group(name)) for name in "abcd"), strict=True))
            name = match.group("name")
            rows.append(NationalSummaryRow(framework_key(name), name, group, GradeCounts(**counts)))
        elif DASH_ROW.match(line.text):
            pass
        elif (name := _group_name(lines, index, _national_row)) is not None:
            group = name
        else:
            break
        index += 1
    if not rows:
        raise _fail(lines, index, "the rows of the national summary (a framework, then its four counts)")
    return rows, index


def parse_force_summary(lines: list[Line], start: int) -> tuple[list[ForceSummaryRow], int]:
    """Rows of the force summary of judgements: framework, group and this force's grade."""
    group: str | None = None
    rows: list[ForceSummaryRow] = []
    index = start
    while index < len(lines):
        line = lines[index]
        match = _force_row(line)
        if match is not None:
            name, grade = match.group("name"), match.group("grade").lower()
            if grade == "grade":
                group = name
            else:
                rows.append(ForceSummaryRow(framework_key(name), name, group, GRADE_BY_WORD[grade]))
        elif DASH_ROW.match(line.text):
            pass
        elif (name := _group_name(lines, index, _force_row)) is not None:
            group = name
        else:
            break
        index += 1
    if not rows:
        raise _fail(lines, index, "the rows of the force summary (a framework, then its grade)")
    return rows, index


def parse_distribution(lines: list[Line], start: int) -> tuple[GradeCounts, int]:
    """A national grade distribution: the grade names, then one count under each."""
    expected = "the national grade distribution (Excellent, Good, Fair and Poor, then four counts)"
    order: list[str] = []
    counts: list[int] = []
    index = start
    while len(counts) < 4:
        if index >= len(lines):
            raise _fail(lines, index, expected)
        line = lines[index]
        if not DASH_ROW.match(line.text):
            for token in line.key.split():
                if token in GRADE_WORDS and not counts and token not in order:
                    order.append(token)
                elif token.isdigit() and len(counts) < 4:
                    counts.append(int(token))
                else:
                    raise _fail(lines, index, expected)
        index += 1
    if order and len(order) != 4:
        raise _fail(lines, start, expected)
    values = dict(zip(order or GRADE_WORDS, counts, strict=True))
    return GradeCounts(**values), index
