from __future__ import annotations

from inspectorate.audit.integrity import Check, verify_published_versions
from inspectorate.audit.verify import VerifyCommand


class Command(VerifyCommand):
    help = ("Re-hash every stored published version and compare it with the SHA-256 stored and the one the audit "
            "trail recorded at publication. Exit 0 when all hold; 1 naming the first that does not.")
    name, thing, sound_before = "verify-reports", "version", "hold"

    def integrity_check(self) -> Check:
        return verify_published_versions()

    def sound_line(self, check: Check, counted: str) -> str:
        return (f"Published versions sound: {counted} re-hashed, each matching its stored SHA-256 and "
                "the audit trail's record of its publication")
