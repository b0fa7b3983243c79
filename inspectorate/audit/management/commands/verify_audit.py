from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from inspectorate.audit.integrity import verify_audit_chain


class Command(BaseCommand):
    help = ("Check the audit trail's hash chain: every event's hash, every link to the event before, and the "
            "chain head. Exit 0 when sound; 1 naming the first broken record.")

    def handle(self, *args: Any, **options: Any) -> None:
        check = verify_audit_chain()
        for table in check.unprotected:
            self.stderr.write(f"verify-audit: the triggers that refuse UPDATE and DELETE on {table} are missing")
        if check.broken is not None:
            self.stderr.write(f"verify-audit: broken at {check.broken}")
            self.stderr.write(f"verify-audit: the {check.checked} event(s) before it are sound")
            raise SystemExit(1)
        events = f"{check.checked} event{'' if check.checked == 1 else 's'}"
        self.stdout.write(f"Audit trail sound: {events}, each hash and link verified; newest hash {check.newest}")
        if not check.sound:
            raise SystemExit(1)
