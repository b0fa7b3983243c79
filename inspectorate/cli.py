"""The `inspectorate` console script.

Commands that need no database (SPEC section 11) run straight from the pure cores;
every other command is a Django management command (``load-library`` runs
``load_library``), so ``inspectorate migrate`` and ``inspectorate runserver`` work too.
"""

from __future__ import annotations

import errno
import importlib
import os
import sys

# command name -> "module:function"; each function takes argv (without the command name)
# and returns the process exit code.
DATABASE_FREE_COMMANDS = {
    "grade": "inspectorate.core.grading.cli:main",
    "parse-report": "inspectorate.core.report.cli:main",
    "indicators": "inspectorate.core.monitoring.indicators_cli:main",
    "monitor": "inspectorate.core.monitoring.cli:main",
}


# A reader that went away (``inspectorate parse-report FILE | head``): stop quietly, with the
# status of a program stopped by SIGPIPE.
BROKEN_PIPE_STATUS = 141
# Output that could not be written (a full disk): one line, and this status.
WRITE_FAILED_STATUS = 1
_WRITE_FAILURES = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        try:
            status = _run(args)
        finally:
            sys.stdout.flush()  # a failed write shows itself here, not in a traceback at exit
        return status
    except BrokenPipeError:
        _discard_stdout()
        return BROKEN_PIPE_STATUS
    except OSError as error:
        if error.errno not in _WRITE_FAILURES:
            raise
        _discard_stdout()
        reason = os.strerror(error.errno).lower()
        where = f" {error.filename}" if error.filename else ""
        print(f"inspectorate: could not write{where}: {reason}", file=sys.stderr)
        return WRITE_FAILED_STATUS


def _run(args: list[str]) -> int:
    if args and args[0] in DATABASE_FREE_COMMANDS:
        module_name, function_name = DATABASE_FREE_COMMANDS[args[0]].split(":")
        command = getattr(importlib.import_module(module_name), function_name)
        return int(command(args[1:]))
    return _run_django_command(args)


def _discard_stdout() -> None:
    """Point standard output at /dev/null, so the interpreter's last flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # no real file descriptor (output captured in-process)
        pass


def _run_django_command(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    try:
        execute_from_command_line(["inspectorate", *args])
    except ImproperlyConfigured as error:  # e.g. production mode without a real SECRET_KEY
        print(f"inspectorate: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
