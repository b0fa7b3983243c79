"""Writing CSV that a spreadsheet opens safely: every CSV the project writes goes through ``writer``.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
as a formula (``=HYPERLINK(...)``, ``@SUM(...)``). Such a text cell is written with a leading
apostrophe, which spreadsheets show as text and do not run. A cell that is a plain number
(``-3``, ``+1.5``, ``-2e3``) is left as it is, so figures stay figures. Pure Python: the
monitoring core writes its CSV with it too.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in {"inf", "infinity", "nan"}


def neutralise(value: Any) -> Any:
    """``value`` as a spreadsheet may safely open it: text that would run as a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _is_number(value):
        return "'" + value
    return value


class SafeWriter:
    """``csv.writer`` whose every cell is neutralised first."""

    def __init__(self, handle: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(handle, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(handle: Any, **kwargs: Any) -> SafeWriter:
    """A CSV writer on ``handle`` (keyword arguments as ``csv.writer``'s) that neutralises formulas."""
    return SafeWriter(handle, **kwargs)
