"""``inspectorate load-observations FILE.csv [--groups FILE.csv]``: indicator observations into the database.

The file is CSV ``force,indicator,period,value[,polarity]`` as ``inspectorate indicators`` prints it;
``--groups`` is CSV ``force,group`` (most similar forces). Every bad row is reported with its line
number, and then nothing is written: the files load whole, in one transaction, or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.monitoring.loading import DEFAULT_GROUPS_SET, LoadRefused, load_observation_files


class Command(BaseCommand):
    help = "Load indicator observations (force,indicator,period,value[,polarity]) and optionally MSF groups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="observations CSV")
        parser.add_argument("--groups", type=Path, help="most similar forces CSV: force,group")
        parser.add_argument("--groups-set", default=DEFAULT_GROUPS_SET,
                            help="the name of the set of groups the file replaces (default: %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            outcome = load_observation_files(observations=options["file"], groups=options["groups"],
                                             groups_set=options["groups_set"])
        except LoadRefused as refused:
            for line in refused.lines:
                self.stderr.write(line)
            raise CommandError(refused.message, returncode=2) from refused
        for line in outcome.lines():
            self.stdout.write(line)
        self.stdout.write("Run `inspectorate run-monitoring` to find signals in them.")
