"""Following a published recommendation up until the inspectorate discharges it (SPEC section 7).

History is append-only: a change of status or target date is a ``FollowUpChange`` row, and a
force's answer is a ``ForceResponse`` row with its evidence files; services write them and the
audit trail together, and nothing edits or deletes them.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from inspectorate.freetext import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH


class Status(models.TextChoices):
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    IMPLEMENTED = "implemented", "Implemented"
    DISCHARGED = "discharged", "Discharged"
    SUPERSEDED = "superseded", "Superseded"


# The inspectorate has closed these: no further responses, never overdue.
CLOSED_STATUSES = frozenset({Status.DISCHARGED, Status.SUPERSEDED})
# Still awaiting the force: these can be overdue once the target date has passed.
ACTIVE_STATUSES = frozenset({Status.OPEN, Status.IN_PROGRESS})
# What a force may say of its own progress when it responds; discharging is the inspectorate's.
FORCE_CLAIMABLE_STATUSES = (Status.IN_PROGRESS, Status.IMPLEMENTED)


class FollowUp(models.Model):
    """The follow-up of one recommendation of a published report."""

    recommendation = models.OneToOneField(
        "inspections.Recommendation", on_delete=models.CASCADE, related_name="follow_up"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    target_date = models.DateField(null=True, blank=True, help_text="When the force should have acted.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["recommendation__inspection__programme", "recommendation__inspection__force__name",
                    "recommendation__number"]
        verbose_name = "recommendation follow-up"

    def __str__(self) -> str:
        return f"{self.recommendation.inspection.force}: recommendation {self.recommendation.number}"

    @property
    def inspection(self) -> Any:
        """The inspection the recommendation came from (the role predicates look for it)."""
        return self.recommendation.inspection

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES


class FollowUpChange(models.Model):
    """One change of a follow-up's status or target date, as it happened."""

    class Field(models.TextChoices):
        STATUS = "status", "Status"
        TARGET_DATE = "target_date", "Target date"

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20, choices=Field.choices)
    before = models.CharField(max_length=20, blank=True)
    after = models.CharField(max_length=20, blank=True)
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    response = models.ForeignKey(
        "ForceResponse", null=True, blank=True, on_delete=models.CASCADE, related_name="changes",
        help_text="The force response that reported this status, if any.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["follow_up", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_field_display()}: {self.before or '–'} -> {self.after or '–'}"


class ForceResponse(models.Model):
    """A force's answer to a recommendation: what it has done, on what date, with what evidence."""

    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="responses")
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    responded_on = models.DateField(help_text="The date of the force's response.")
    claimed_status = models.CharField(
        max_length=20, blank=True, choices=[(s.value, s.label) for s in FORCE_CLAIMABLE_STATUSES],
        help_text="The progress the force reports, if it reports a change.",
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["follow_up", "responded_on", "id"]

    def __str__(self) -> str:
        return f"Response of {self.responded_on:%d %B %Y} to {self.follow_up}"


class ResponseEvidence(models.Model):
    """A file a force sent with a response, checked for type and size before it was stored."""

    response = models.ForeignKey(ForceResponse, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="followup/%Y/%m/")
    name = models.CharField(max_length=255, help_text="The file's name as the force sent it.")
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["response", "id"]
        verbose_name_plural = "response evidence"

    def __str__(self) -> str:
        return self.name

    @property
    def follow_up(self) -> FollowUp:
        return self.response.follow_up

    @property
    def inspection(self) -> Any:
        return self.response.follow_up.recommendation.inspection
