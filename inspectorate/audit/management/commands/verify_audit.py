from __future__ import annotations

from inspectorate.audit.integrity import Check, verify_audit_chain
from inspectorate.audit.verify import VerifyCommand


class Command(VerifyCommand):
    help = ("Check the audit trail's hash chain: every event's hash, every link to the event before, and the "
            "chain head. Exit 0 when sound; 1 naming the first broken record.")
    name, thing, sound_before = "verify-audit", "event", "are sound"

    def integrity_check(self) -> Check:
        return verify_audit_chain()

    def sound_line(self, check: Check, counted: str) -> str:
        return f"Audit trail sound: {counted}, each hash and link verified; newest hash {check.newest}"
