"""``inspectorate load-observations FILE.csv [--groups FILE.csv]``: indicator observations into the database.

The file is CSV ``force,indicator,period,value[,polarity]`` as ``inspectorate indicators`` prints it;
``--groups`` is CSV ``force,group`` (most similar forces). Every bad row is reported with its line
number, and then nothing is written: the files load whole, in one transaction, or not at all.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from inspectorate.errors import ServiceError
from inspectorate.performance import services
from inspectorate.performance.importing import MAX_LISTED_ERRORS, ForceFinder, read_groups, read_observations


class Command(BaseCommand):
    help = "Load indicator observations (force,indicator,period,value[,polarity]) and optionally MSF groups."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="observations CSV")
        parser.add_argument("--groups", type=Path, help="most similar forces CSV: force,group")
        parser.add_argument("--groups-set", default="Most similar forces",
                            help="the name of the set of groups the file replaces (default: %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        finder = ForceFinder()
        observations = read_observations(options["file"], finder)
        groups = read_groups(options["groups"], finder) if options["groups"] else None
        errors = observations.errors + (groups.errors if groups else [])
        if errors:
            for line in errors[:MAX_LISTED_ERRORS]:
                self.stderr.write(line)
            if len(errors) > MAX_LISTED_ERRORS:
                self.stderr.write(f"... and {len(errors) - MAX_LISTED_ERRORS} more")
            raise CommandError(f"{len(errors)} bad row(s); nothing was written.", returncode=2)
        if not observations.observations:
            raise CommandError(f"{options['file']}: no observations; nothing was written.", returncode=2)
        try:
            with transaction.atomic():
                saved = services.save_observations(observations=observations.observations,
                                                   polarities=observations.polarities)
                group_count = services.save_peer_groups(msf_set=options["groups_set"], groups=groups.groups) \
                    if groups else None
        except ServiceError as error:
            raise CommandError(f"{'; '.join(error.messages)} Nothing was written.", returncode=2) from error
        self.stdout.write(f"Observations: {saved.created} added, {saved.updated} changed, {saved.unchanged} "
                          f"unchanged.")
        if saved.indicators_created:
            self.stdout.write(f"New indicators ({len(saved.indicators_created)}), lower is better unless the "
                              f"file said otherwise: {', '.join(saved.indicators_created)}.")
            self.stdout.write("Give them a unit and the risk-based framework they inform in the administration.")
        if group_count is not None:
            self.stdout.write(f"Most similar forces: {group_count} groups in {options['groups_set']!r}.")
        self.stdout.write("Run `inspectorate run-monitoring` to find signals in them.")
