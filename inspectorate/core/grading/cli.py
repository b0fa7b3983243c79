"""`inspectorate grade FILE|-`: grade one framework's assessments, as SPEC section 11 fixes it.

Prints the outcome as JSON and exits 0; on bad input prints one line naming the problem on
stderr and exits 2. No database is needed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from decimal import Decimal
from typing import NoReturn

from inspectorate.core.grading.engine import derive_grade
from inspectorate.core.grading.model import GradingInputError
from inspectorate.core.grading.request import parse_grading_request

_INPUT = """\
input (JSON):
  HMIC 2007, the default model:
    {"criteria": [{"id", "level": "fair"|"good"|"excellent", "significant", "dominant"}],
     "assessments": {id: "met"|"partly_met"|"not_met"|"not_assessed"},
     "beacon": bool, "innovation": bool,
     "policy": {"poor_share", "good_most", "excellent_vast"}}   (all but criteria optional)
  another model of library/models/, named by "model":
    "model": "peel-2025"  criteria as above (level optional), "assessments" as above,
                          "findings": [{"type": "cause_of_concern", "id": "CC1", "text": "..."}]
                          (types: cause_of_concern, accelerated_cause_of_concern,
                          area_for_improvement, innovative_practice)
    "model": "cqc-2023"   {"criteria": [{"id": "S1"}, ...], "scores": {"S1": 1-4, ...}}
  "policy" names the model's own parameters. See docs/grading-models.md.
output: {"grade", "decided", "candidates", "missing", "reasons", "counts"}, plus "model"
  when a model other than the default graded.
"""


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        raise _UsageError(message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="inspectorate grade",
        description="Derive a grade from criterion assessments by a grading model (SPEC section 4 by default).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=_INPUT,
    )
    parser.add_argument("file", metavar="FILE", help="the grading request as JSON, or - for stdin")
    return parser


def main(argv: list[str]) -> int:
    """Run `inspectorate grade` with `argv` (the arguments after `grade`); return the exit code."""
    try:
        path = _parser().parse_args(argv).file
        request = parse_grading_request(_decode(_read(path)))
        outcome = derive_grade(**request._asdict())
    except (_UsageError, GradingInputError) as problem:
        print("grade: " + " ".join(str(problem).split()), file=sys.stderr)
        return 2
    try:
        sys.stdout.write(json.dumps(outcome.to_json(), indent=2) + "\n")
        sys.stdout.flush()
    except BrokenPipeError:  # the reader stopped early (| head): not worth a traceback
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _read(path: str) -> str:
    """The request's text, UTF-8 with or without a byte-order mark."""
    try:
        if path == "-":
            return sys.stdin.buffer.read().decode("utf-8-sig")
        with open(path, encoding="utf-8-sig") as file:
            return file.read()
    except FileNotFoundError:
        raise GradingInputError(f"no such file: {path}") from None
    except IsADirectoryError:
        raise GradingInputError(f"{path} is a directory, not a file") from None
    except UnicodeDecodeError:
        raise GradingInputError(f"{'standard input' if path == '-' else path} is not UTF-8 text") from None
    except OSError as error:
        raise GradingInputError(f"cannot read {path}: {error.strerror}") from None


def _decode(text: str) -> object:
    """Decode JSON, keeping decimals exact (a threshold of 0.7 is 7/10) and refusing NaN."""

    def refuse(constant: str) -> NoReturn:
        raise GradingInputError(f"invalid JSON: {constant} is not a number JSON allows")

    try:
        return json.loads(text, parse_float=Decimal, parse_constant=refuse)
    except GradingInputError:
        raise
    except json.JSONDecodeError as error:
        raise GradingInputError(f"invalid JSON at line {error.lineno} column {error.colno}: {error.msg}") from None
    except (ValueError, RecursionError) as error:  # an over-long integer, or nesting too deep
        raise GradingInputError(f"invalid JSON: {error}") from None
