from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inspectorate.audit.integrity import verify_published_versions


class Command(BaseCommand):
    help = ("Re-hash every stored published version and compare it with the SHA-256 stored and the one the audit "
            "trail recorded at publication. Exit 0 when all hold; 1 naming the first that does not.")

    def handle(self, *args: Any, **options: Any) -> None:
        check = verify_published_versions()
        for table in check.unprotected:
            self.stderr.write(f"verify-reports: the triggers that refuse UPDATE and DELETE on {table} are missing")
        if check.broken is not None:
            self.stderr.write(f"verify-reports: broken at {check.broken}")
            self.stderr.write(f"verify-reports: the {check.checked} version(s) before it hold")
            raise SystemExit(1)
        versions = f"{check.checked} version{'' if check.checked == 1 else 's'}"
        self.stdout.write(f"Published versions sound: {versions} re-hashed, each matching its stored SHA-256 and "
                          "the audit trail's record of its publication")
        if not check.sound:
            raise SystemExit(1)
