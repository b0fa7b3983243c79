"""``inspectorate indicators FILE`` (SPEC section 11), no database needed.

Prints indicator CSV ``force,indicator,period,value`` on stdout. A police.uk file is counted by
DuckDB (``indicators.read_police_uk_fast``); one with any bad row, and a Home Office table, are
streamed through the csv module. Bad rows are listed on stderr with their line numbers and
skipped; a file that is missing, unreadable or in neither format exits 2 with one line on stderr.
On a terminal, the streaming reader shows a progress bar on stderr.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, NoReturn

from inspectorate.core import csvsafe
from inspectorate.core.monitoring.indicators import (
    OUTPUT_HEADER,
    BadRow,
    IndicatorTotals,
    NotAnIndicatorFile,
    detect_format,
    read_police_uk_fast,
    read_totals,
)

PROG = "inspectorate indicators"
# Beyond this many, bad rows are counted but not listed one by one.
LISTED_BAD_ROWS = 100


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{PROG}: {message}\n")


def main(argv: list[str]) -> int:
    """Run ``inspectorate indicators``; returns the exit code."""
    parser = _Parser(prog=PROG, description="Turn a Home Office or police.uk crime file into indicator rows.")
    parser.add_argument("file", type=Path, help="Home Office open-data table or police.uk street-level CSV")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    path: Path = args.file
    try:
        binary = path.open("rb")
    except OSError as error:
        print(f"{PROG}: {path}: cannot be read ({error.strerror or error})", file=sys.stderr)
        return 2
    with binary:
        police_uk = _header_format(binary) == "police_uk"
    if police_uk and (fast := read_police_uk_fast(str(path))) is not None:
        _write(fast, path)
        return 0
    binary = path.open("rb")
    listed = 0

    def report(bad: BadRow) -> None:
        nonlocal listed
        listed += 1
        if listed <= LISTED_BAD_ROWS:
            print(f"{PROG}: {path} line {bad.line}: {bad.reason}; skipped", file=sys.stderr)

    with binary, _progress(binary, path) as tick:
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", newline="")
        try:
            totals = read_totals(text, on_bad_row=report, on_progress=tick)
        except NotAnIndicatorFile as error:
            print(f"{PROG}: {path}: {error}", file=sys.stderr)
            return 2
        except (UnicodeDecodeError, csv.Error) as error:
            print(f"{PROG}: {path}: not readable CSV text ({error})", file=sys.stderr)
            return 2
    _write(totals, path)
    return 0


def _header_format(binary: BinaryIO) -> str | None:
    """The format the file's first line names, read as the streaming reader would read it, or None."""
    try:
        first = binary.readline(64 * 1024).decode("utf-8-sig")
        header = next(csv.reader([first]), None)
    except (UnicodeDecodeError, csv.Error):
        return None
    return detect_format(header) if header else None


def _write(totals: IndicatorTotals, path: Path) -> None:
    _summarise(totals, path)
    writer = csvsafe.writer(sys.stdout, lineterminator="\n")
    writer.writerow(OUTPUT_HEADER)
    writer.writerows(totals.rows())


def _summarise(totals: IndicatorTotals, path: Path) -> None:
    if totals.bad_rows > LISTED_BAD_ROWS:
        print(f"{PROG}: {path}: {totals.bad_rows - LISTED_BAD_ROWS} further bad rows not listed",
              file=sys.stderr)
    if totals.bad_rows:
        print(f"{PROG}: {path}: skipped {totals.bad_rows} bad row(s) of {totals.rows_read}", file=sys.stderr)


@contextmanager
def _progress(binary: BinaryIO, path: Path) -> Iterator[Callable[[], None] | None]:
    """A callback that advances a progress bar by bytes read, or None when stderr is not a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

    size = path.stat().st_size
    with Progress(
        "[progress.description]{task.description}", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    ) as bar:
        task = bar.add_task(f"Reading {path.name}", total=size)
        yield lambda: bar.update(task, completed=binary.tell())
        bar.update(task, completed=size)
