"""What ``inspectorate verify-audit`` and ``inspectorate verify-reports`` share: how a check is reported.

Missing refusing triggers and the first broken record go to stderr; a sound check prints one line;
the exit status is 0 when the check is sound and 1 otherwise (SPEC section 11).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from .integrity import Check


class VerifyCommand(BaseCommand):
    """A command that runs one integrity check; a subclass says what it checks and how a sound one reads."""

    name: str  # the command as typed, for its messages
    thing: str  # what is counted, singular: "event", "version"
    sound_before: str  # how the records before a break are described: "are sound", "hold"

    def integrity_check(self) -> Check:
        raise NotImplementedError

    def sound_line(self, check: Check, counted: str) -> str:
        raise NotImplementedError

    def handle(self, *args: Any, **options: Any) -> None:
        check = self.integrity_check()
        for table in check.unprotected:
            self.stderr.write(f"{self.name}: the triggers that refuse UPDATE and DELETE on {table} are missing")
        if check.broken is not None:
            self.stderr.write(f"{self.name}: broken at {check.broken}")
            self.stderr.write(f"{self.name}: the {check.checked} {self.thing}(s) before it {self.sound_before}")
            raise SystemExit(1)
        counted = f"{check.checked} {self.thing}{'' if check.checked == 1 else 's'}"
        self.stdout.write(self.sound_line(check, counted))
        if not check.sound:
            raise SystemExit(1)
