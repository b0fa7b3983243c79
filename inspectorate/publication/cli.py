"""``inspectorate parse-report FILE``: print a published report as JSON (SPEC section 11).

FILE is the report's text or its PDF (recognised by its ``%PDF-`` header). Exit 0 with
the JSON on stdout; exit 2 with one line on stderr when the file is missing, is not a
report, or is cut off inside a section. No database is needed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from inspectorate.publication.errors import ReportFormatError
from inspectorate.publication.parser import parse_report
from inspectorate.publication.pdf_text import PdfTextError, report_text

PROG = "parse-report"
USAGE = f"usage: inspectorate {PROG} FILE  (a report's text or PDF; prints it as JSON)"
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
    if len(argv) != 1:
        return _fail(USAGE)
    path = Path(argv[0])
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return _fail(f"{path}: no such file")
    except IsADirectoryError:
        return _fail(f"{path}: is a directory, not a report")
    except OSError as error:
        return _fail(f"{path}: cannot be read ({error.strerror or error})")
    try:
        report = parse_report(report_text(data))
    except ReportFormatError as error:
        return _fail(str(error))
    except PdfTextError as error:
        return _fail(f"{path}: {error}")
    except Exception as error:  # a fault of ours; still one line and exit 2, never a traceback
        return _fail(f"{path}: could not be read as a report (internal error {type(error).__name__}: {error})")
    out = _utf8(sys.stdout)
    out.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
    out.flush()
    return 0
