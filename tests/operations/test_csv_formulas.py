"""The one CSV writer: formula-looking text gets a leading apostrophe; numbers stay numbers."""

from __future__ import annotations

import csv
import io

import pytest

from inspectorate.core import csvsafe


@pytest.mark.parametrize("cell", ['=HYPERLINK("http://x","y")', "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "-inf"])
def test_formulas_are_neutralised(cell: str) -> None:
    assert csvsafe.neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["-3", "+1.5", "-2e3", "Fenshire", "", "a=b", 7, None])
def test_plain_values_are_kept(cell: object) -> None:
    assert csvsafe.neutralise(cell) == cell


def test_the_writer_writes_what_csv_reads_back() -> None:
    out = io.StringIO()
    csvsafe.writer(out, lineterminator="\n").writerows([["=1+1", "-4", "text, with comma"]])
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [["'=1+1", "-4", "text, with comma"]]


def test_no_module_writes_csv_without_it() -> None:
    from pathlib import Path

    root = Path(csvsafe.__file__).parent
    writers = [str(p.relative_to(root)) for p in root.rglob("*.py")
               if "csv.writer(" in p.read_text() and p.name != "csvsafe.py"]
    assert writers == []
