"""The append-only audit trail: who did what, when, with the before and after.

Each event carries a SHA-256 chained to the event before it (``audit.chain``), and the database
itself refuses UPDATE and DELETE on the table (triggers from migration ``audit/0004``).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from .chain import GENESIS


class AuditEvent(models.Model):
    # Set by record_event before the event is hashed (not auto_now_add, which would set it after).
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # PROTECT, not SET_NULL: nulling the column would be an UPDATE, which the table refuses; a user or
    # an inspection named in the trail is kept (deactivate a user instead).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.PROTECT, related_name="audit_events"
    )
    action = models.CharField(max_length=60, help_text="e.g. evidence.verified, judgement.final_grade_set")
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False,
                                     help_text="The hash of the event before this one (zeros for the first).")
    hash = models.CharField(max_length=64, editable=False,
                            help_text="SHA-256 over this event's fields and the previous hash.")

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            # Two events can never claim the same predecessor, even if appends were not serialised.
            models.UniqueConstraint(fields=["previous_hash"], name="one_successor_per_audit_event"),
            models.UniqueConstraint(fields=["hash"], name="unique_audit_event_hash"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d %B %Y %H:%M} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Append-only: an event, once written, is never changed.
        if self.pk is not None:
            raise ValueError("Audit events are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise ValueError("Audit events are append-only and cannot be deleted.")


class AuditChainHead(models.Model):
    """One row: the hash of the newest event and how many events the chain holds.

    ``record_event`` locks this row while it appends, so appends happen one at a time and each
    event's predecessor is the head it read; a removed newest event shows as a head that no longer
    matches the trail.
    """

    last_hash = models.CharField(max_length=64, default=GENESIS)
    length = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = "audit chain head"

    def __str__(self) -> str:
        return f"{self.length} events, newest {self.last_hash[:12]}"
