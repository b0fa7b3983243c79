"""Reading Home Office and police.uk crime files into indicator totals."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

from inspectorate.core.monitoring.indicators import (
    HOME_OFFICE_HEADER,
    POLICE_UK_HEADER,
    BadRow,
    NotAnIndicatorFile,
    detect_format,
    read_totals,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "monitoring"


def totals_of(text: str) -> tuple[dict[tuple[str, str, str], int], list[BadRow]]:
    bad: list[BadRow] = []
    result = read_totals(io.StringIO(text, newline=""), on_bad_row=bad.append)
    assert result.bad_rows == len(bad)
    return result.totals, bad


def test_formats_are_told_apart_by_the_header() -> None:
    assert detect_format(HOME_OFFICE_HEADER) == "home_office"
    assert detect_format(POLICE_UK_HEADER) == "police_uk"
    assert detect_format([f" {name.upper()} " for name in POLICE_UK_HEADER]) == "police_uk"
    assert detect_format(HOME_OFFICE_HEADER[:-1]) is None
    assert detect_format(["force", "indicator", "period", "value"]) is None


def test_home_office_sample() -> None:
    bad: list[BadRow] = []
    with (FIXTURES / "home_office_sample.csv").open(encoding="utf-8-sig", newline="") as handle:
        result = read_totals(handle, on_bad_row=bad.append)
    assert result.format == "home_office"
    assert list(result.rows()) == [
        ("Fenshire Constabulary", "All crime", "2017/18 Q1", 192),
        ("Fenshire Constabulary", "All crime", "2017/18 Q2", 162),
        ("Fenshire Constabulary", "Burglary", "2017/18 Q1", 165),
        ("Fenshire Constabulary", "Burglary", "2017/18 Q2", 110),
        ("Fenshire Constabulary", "Theft offences", "2017/18 Q1", 27),
        ("Fenshire Constabulary", "Theft offences", "2017/18 Q2", 52),
        ("Wealdmarsh Constabulary", "All crime", "2017/18 Q1", 92),
        ("Wealdmarsh Constabulary", "All crime", "2017/18 Q2", -2),
        ("Wealdmarsh Constabulary", "Burglary", "2017/18 Q1", 80),
        ("Wealdmarsh Constabulary", "Criminal damage and arson", "2017/18 Q1", 12),
        ("Wealdmarsh Constabulary", "Theft offences", "2017/18 Q2", -2),
    ]
    assert bad == [BadRow(10, "number of offences 'n/a' is not a whole number"), BadRow(11, "7 fields, expected 8")]
    assert (result.rows_read, result.bad_rows) == (11, 2)


def test_police_uk_sample() -> None:
    bad: list[BadRow] = []
    with (FIXTURES / "police_uk_sample.csv").open(encoding="utf-8-sig", newline="") as handle:
        result = read_totals(handle, on_bad_row=bad.append)
    assert result.format == "police_uk"
    assert result.totals == {
        ("Fenshire Constabulary", "All crime", "2017-03"): 3,
        ("Fenshire Constabulary", "All crime", "2017-04"): 1,
        ("Fenshire Constabulary", "Anti-social behaviour", "2017-03"): 1,
        ("Fenshire Constabulary", "Burglary", "2017-03"): 2,
        ("Fenshire Constabulary", "Vehicle crime", "2017-04"): 1,
        ("Wealdmarsh Constabulary", "All crime", "2017-03"): 1,
        ("Wealdmarsh Constabulary", "All crime", "2017-04"): 1,
        ("Wealdmarsh Constabulary", "Burglary", "2017-04"): 1,
        ("Wealdmarsh Constabulary", "Violence and sexual offences", "2017-03"): 1,
    }
    assert [row.line for row in bad] == [6, 9]


def test_quarters_and_years_are_checked() -> None:
    header = ",".join(HOME_OFFICE_HEADER)
    rows = ["2017/18,Q2,F,d,Burglary,s,1,5", "2017/19,1,F,d,Burglary,s,1,5", "2017/18,5,F,d,Burglary,s,1,5",
            "2017/18,1,,d,Burglary,s,1,5", "2017/18,1,F,d,Burglary,s,1,1.5", "2099/00,4,F,d,Burglary,s,1,+7"]
    totals, bad = totals_of("\n".join([header, *rows]) + "\n")
    assert totals == {("F", "Burglary", "2017/18 Q2"): 5, ("F", "All crime", "2017/18 Q2"): 5,
                      ("F", "Burglary", "2099/00 Q4"): 7, ("F", "All crime", "2099/00 Q4"): 7}
    assert [(row.line, row.reason) for row in bad] == [
        (3, "financial year '2017/19' is not like 2017/18"),
        (4, "financial quarter '5' is not 1 to 4"),
        (5, "empty force name or offence group"),
        (6, "number of offences '1.5' is not a whole number"),
    ]


def test_line_numbers_count_lines_inside_quoted_fields() -> None:
    header = ",".join(POLICE_UK_HEADER)
    good = ",2017-03,F,F,0,0,\"On or near\nTwo Lines\",E0,L,Burglary,,"
    totals, bad = totals_of(f"{header}\r\n{good}\r\n,2017-3,F,F,0,0,X,E0,L,Burglary,,\r\n\r\n")
    assert totals[("F", "Burglary", "2017-03")] == 1
    assert bad == [BadRow(4, "month '2017-3' is not like 2017-03")]


def test_neither_format_is_refused() -> None:
    for text in ("", "force,indicator,period,value\nA,B,C,1\n"):
        try:
            totals_of(text)
        except NotAnIndicatorFile:
            continue
        raise AssertionError(f"{text!r} was accepted")


def test_rows_are_read_in_one_pass_from_an_iterator() -> None:
    """A file is read as it streams by, once (bench/indicator_memory.py shows the memory stays flat)."""
    passes = []

    def lines(count: int) -> Iterator[str]:
        passes.append(count)
        yield ",".join(POLICE_UK_HEADER) + "\n"
        for n in range(count):
            yield f"id{n},2017-{n % 12 + 1:02d},Force {n % 5},Force {n % 5},0,0,On or near X,E0,L,Burglary,,\n"

    result = read_totals(lines(6_000))
    assert passes == [6_000]
    assert result.rows_read == 6_000
    assert len(result.totals) == 5 * 12 * 2  # burglary and all crime
    assert set(result.totals.values()) == {100}
