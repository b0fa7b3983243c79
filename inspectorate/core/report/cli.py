"""``inspectorate parse-report FILE [--explain]``: print a published report as JSON (SPEC section 11).

FILE is the report's text or its PDF (recognised by its ``%PDF-`` header). Exit 0 with
the JSON on stdout; exit 2 with one line on stderr when the file is missing, is not a
report, or is cut off inside a section. No database is needed.

``--explain`` also says on stderr, one line each, what was dropped as page furniture (running
headers and footers, page numbers) and where, and each paragraph break, join or hyphen of
hard-wrapped text that was a guess; stdout is the same JSON either way.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from inspectorate.core.report.errors import ReportFormatError
from inspectorate.core.report.furniture import tally
from inspectorate.core.report.parser import Guess, explain_report
from inspectorate.core.report.pdf_text import PdfTextError, report_text

PROG = "parse-report"
USAGE = (f"usage: inspectorate {PROG} FILE [--explain]  (a report's text or PDF; prints it as JSON; "
         "--explain says on stderr what was dropped as page furniture and what was guessed)")
BAD_FILE = 2


def _utf8(stream: TextIO) -> TextIO:
    """The stream, switched to UTF-8 where the locale would choke on "–" or "’"."""
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
    reconfigure = getattr(stream, "reconfigure", None)
    if encoding != "utf8" and reconfigure is not None:
        reconfigure(encoding="utf-8", errors="backslashreplace")
    return stream


def _fail(message: str) -> int:
    _utf8(sys.stderr).write(f"{PROG}: {message}\n")
    return BAD_FILE


def main(argv: list[str]) -> int:
    """Run the command on ``argv`` (the arguments after ``parse-report``); return the exit code."""
    if argv in (["-h"], ["--help"]):
        _utf8(sys.stdout).write(USAGE + "\n")
        return 0
    explain = "--explain" in argv
    files = [arg for arg in argv if arg != "--explain"]
    if len(files) != 1 or files[0].startswith("--"):
        return _fail(USAGE)
    path = Path(files[0])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _fail(f"{path}: no such file")
    except IsADirectoryError:
        return _fail(f"{path}: is a directory, not a report")
    except OSError as error:
        return _fail(f"{path}: cannot be read ({error.strerror or error})")
    try:
        report, dropped = explain_report(report_text(data))
    except ReportFormatError as error:
        return _fail(str(error))
    except PdfTextError as error:
        return _fail(f"{path}: {error}")
    except Exception as error:  # a fault of ours; still one line and exit 2, never a traceback
        return _fail(f"{path}: could not be read as a report (internal error {type(error).__name__}: {error})")
    if explain:
        err = _utf8(sys.stderr)
        for note in dropped:
            err.write(f"{PROG}: {path.name}: {note.describe()}\n")
        guessed = sum(1 for note in dropped if isinstance(note, Guess))
        for line in tally(guessed, len(dropped) - guessed, dropped_always=True):
            err.write(f"{PROG}: {path.name}: {line}\n")
    out = _utf8(sys.stdout)
    out.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
    out.flush()
    return 0
