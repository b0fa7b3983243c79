"""The published record: glossary terms and frozen versions of published reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from inspectorate.freetext import NOTE_MAX_LENGTH


class GlossaryTerm(models.Model):
    abbreviation = models.CharField(max_length=40, unique=True)
    meaning = models.CharField(max_length=300)

    class Meta:
        ordering = ["abbreviation"]

    def __str__(self) -> str:
        return f"{self.abbreviation}: {self.meaning}"


class PublishedReport(models.Model):
    """A frozen published version of an inspection report; never edited after it is written."""

    inspection = models.ForeignKey(
        "inspections.Inspection", on_delete=models.PROTECT, related_name="published_versions"
    )
    version = models.PositiveIntegerField()
    published_at = models.DateTimeField(auto_now_add=True)
    # PROTECT: the table refuses UPDATE (migration reports/0002), so the column cannot be nulled.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    html = models.TextField()
    text = models.TextField(blank=True)
    json = models.JSONField()
    pdf = models.BinaryField(blank=True, default=b"")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the HTML, JSON and PDF together.")
    # Not stored: the versions page lists what each version changed from the one before.
    changes: list[str]

    class Meta:
        ordering = ["inspection", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "version"], name="unique_report_version"),
        ]

    def __str__(self) -> str:
        return f"{self.inspection} v{self.version}"
