"""Periods as files write them: months (``2023-03``) and financial quarters (``2017/18 Q1``).

Both sort correctly as text, which is how the monitoring core orders them. These helpers tell the
two apart and write them for people: "March 2023", "April to June 2017".
"""

from __future__ import annotations

import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})/(\d{2}) Q([1-4])$")


def frequency_of(period: str) -> str | None:
    """``"monthly"``, ``"quarterly"`` (financial year), or None for anything else."""
    if _MONTH.match(period):
        return "monthly"
    match = _QUARTER.match(period)
    if match and (int(match.group(1)) + 1) % 100 == int(match.group(2)):
        return "quarterly"
    return None


def _quarter_months(period: str) -> tuple[int, int, int] | None:
    """(first month, last month, calendar year of the first month) of a financial quarter."""
    match = _QUARTER.match(period)
    if not match:
        return None
    year, quarter = int(match.group(1)), int(match.group(3))
    first = 4 + 3 * (quarter - 1)
    if first > 12:
        return first - 12, first - 10, year + 1
    return first, first + 2, year


def label(period: str) -> str:
    """The period in words: "March 2023"; "April to June 2017" for a financial quarter."""
    match = _MONTH.match(period)
    if match:
        return f"{MONTHS[int(match.group(2)) - 1]} {match.group(1)}"
    quarter = _quarter_months(period)
    if quarter:
        first, last, year = quarter
        return f"{MONTHS[first - 1]} to {MONTHS[last - 1]} {year}"
    return period


def short_label(period: str) -> str:
    """A short axis label: "Mar 2023"; "2017/18 Q1" as it is."""
    match = _MONTH.match(period)
    if match:
        return f"{MONTHS[int(match.group(2)) - 1][:3]} {match.group(1)}"
    return period


def span(start: str, end: str) -> str:
    """From one period to another in words ("June 2022 to March 2024"; one period alone if equal)."""
    return label(start) if start == end else f"{label(start)} to {label(end)}"
