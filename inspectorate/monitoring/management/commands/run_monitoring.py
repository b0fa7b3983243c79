"""``inspectorate run-monitoring``: run the monitoring core over the observations held and store what it finds."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inspectorate.monitoring import services
from inspectorate.monitoring.models import Indicator
from inspectorate.monitoring.selectors import monitoring_shows_synthetic


class Command(BaseCommand):
    help = ("Run SPC and the peer comparison over the observations held; store new signals (a signal already "
            "held keeps its status) and recompute the risk register.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indicator", action="append", default=[], metavar="KEY",
                            help="only this indicator (its key); may be repeated")

    def handle(self, *args: Any, **options: Any) -> None:
        indicators = None
        if options["indicator"]:
            indicators = list(Indicator.objects.filter(key__in=options["indicator"]))
            unknown = sorted(set(options["indicator"]) - {indicator.key for indicator in indicators})
            if unknown:
                raise CommandError(f"unknown indicator key(s): {', '.join(unknown)}", returncode=2)
        started = time.perf_counter()
        summary = services.run_monitoring(indicators=indicators)
        if monitoring_shows_synthetic():
            self.stdout.write("Made-up demonstration data: the forces and figures are made up.")
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(f"Done in {time.perf_counter() - started:.1f} s.")
