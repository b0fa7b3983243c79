"""Periods as files write them: months (``2023-03``) and financial quarters (``2017/18 Q1``).

The one place their patterns are written. Both sort correctly as text, which is how the monitoring
core orders them. These helpers tell the two apart, give a period's season, and write periods for
people: "March 2023", "April to June 2017".
"""

from __future__ import annotations

import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
# Matched whole (``fullmatch``). A financial year is two consecutive years: 2017/18, 1999/00.
MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")
FINANCIAL_YEAR = re.compile(r"(\d{4})/(\d{2})")
FINANCIAL_QUARTER = re.compile(r"(\d{4})/(\d{2}) Q([1-4])")


def _consecutive(first: str, second: str) -> bool:
    return (int(first) + 1) % 100 == int(second)


def is_financial_year(text: str) -> bool:
    """True for a financial year written as ``2017/18`` (the second year follows the first)."""
    match = FINANCIAL_YEAR.fullmatch(text)
    return bool(match and _consecutive(match[1], match[2]))


def quarter_of(period: str) -> int | None:
    """The quarter (1 to 4) of a financial quarter such as ``2017/18 Q1``, or None for anything else."""
    match = FINANCIAL_QUARTER.fullmatch(period)
    if match and _consecutive(match[1], match[2]):
        return int(match[3])
    return None


def month_of(period: str) -> int | None:
    """The month (1 to 12) of a month such as ``2023-03``, or None for anything else."""
    match = MONTH.fullmatch(period)
    return int(match[2]) if match else None


def frequency_of(period: str) -> str | None:
    """``"monthly"``, ``"quarterly"`` (financial year), or None for anything else."""
    if month_of(period):
        return "monthly"
    if quarter_of(period):
        return "quarterly"
    return None


def _quarter_months(period: str) -> tuple[int, int, int] | None:
    """(first month, last month, calendar year of the first month) of a financial quarter."""
    quarter = quarter_of(period)
    if quarter is None:
        return None
    year = int(period[:4])
    first = 4 + 3 * (quarter - 1)
    if first > 12:
        return first - 12, first - 10, year + 1
    return first, first + 2, year


def label(period: str) -> str:
    """The period in words: "March 2023"; "April to June 2017" for a financial quarter."""
    month = month_of(period)
    if month:
        return f"{MONTHS[month - 1]} {period[:4]}"
    quarter = _quarter_months(period)
    if quarter:
        first, last, year = quarter
        return f"{MONTHS[first - 1]} to {MONTHS[last - 1]} {year}"
    return period


def short_label(period: str) -> str:
    """A short axis label: "Mar 2023"; "2017/18 Q1" as it is."""
    month = month_of(period)
    if month:
        return f"{MONTHS[month - 1][:3]} {period[:4]}"
    return period


def span(start: str, end: str) -> str:
    """From one period to another in words ("June 2022 to March 2024"; one period alone if equal)."""
    return label(start) if start == end else f"{label(start)} to {label(end)}"
