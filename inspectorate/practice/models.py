"""Developing practice: examples forces submitted, shared but not independently evaluated."""

from __future__ import annotations

from django.db import models

from inspectorate.freetext import TEXT_MAX_LENGTH


class DevelopingPractice(models.Model):
    force = models.ForeignKey("forces.Force", on_delete=models.PROTECT, related_name="developing_practice")
    inspection = models.ForeignKey(
        "inspections.Inspection", null=True, blank=True, on_delete=models.CASCADE,
        related_name="developing_practice",
    )
    framework = models.ForeignKey(
        "frameworks.Framework", on_delete=models.PROTECT, related_name="developing_practice",
        help_text="The framework the example follows in the report.",
    )
    order = models.PositiveIntegerField(default=0)
    title = models.CharField(max_length=300)
    problem = models.TextField(max_length=TEXT_MAX_LENGTH)
    solution = models.TextField(max_length=TEXT_MAX_LENGTH)
    outcomes = models.TextField(max_length=TEXT_MAX_LENGTH)
    contact = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["force", "framework__order", "order"]
        verbose_name = "developing practice example"
        verbose_name_plural = "developing practice examples"

    def __str__(self) -> str:
        return self.title

    # The inspectorate shares these as submitted; it has not evaluated them (SPEC section 3).
    not_independently_evaluated = True
