"""The `inspectorate` console script.

Commands that need no database (SPEC section 11) run straight from the pure cores;
every other command is a Django management command (``load-library`` runs
``load_library``), so ``inspectorate migrate`` and ``inspectorate runserver`` work too.
"""

from __future__ import annotations

import importlib
import os
import sys

# command name -> "module:function"; each function takes argv (without the command name)
# and returns the process exit code.
DATABASE_FREE_COMMANDS = {
    "grade": "inspectorate.grading.cli:main",
    "parse-report": "inspectorate.publication.cli:main",
    "indicators": "inspectorate.monitoring.indicators_cli:main",
    "monitor": "inspectorate.monitoring.cli:main",
}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in DATABASE_FREE_COMMANDS:
        module_name, function_name = DATABASE_FREE_COMMANDS[args[0]].split(":")
        command = getattr(importlib.import_module(module_name), function_name)
        return int(command(args[1:]))
    return _run_django_command(args)


def _run_django_command(args: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings")
    from django.core.management import execute_from_command_line

    if args and not args[0].startswith("-"):
        args[0] = args[0].replace("-", "_")
    execute_from_command_line(["inspectorate", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
