"""Frameworks of grading criteria, versioned: a version an inspection was graded against never changes."""

from __future__ import annotations

from django.db import models

from inspectorate.freetext import TEXT_MAX_LENGTH


class FrameworkKind(models.TextChoices):
    PROGRAMMED = "programmed", "Programmed"
    RISK_BASED = "risk-based", "Risk-based"
    PLANNED = "planned", "Planned"


class Level(models.TextChoices):
    """The levels of the shipped grading models: HMIC 2007's three, a PEEL characteristic of good,
    a CQC quality statement (library/models/; the framework file's model says which it may use)."""

    FAIR = "fair", "Fair"
    GOOD = "good", "Good"
    EXCELLENT = "excellent", "Excellent"
    CHARACTERISTIC = "characteristic", "Characteristic of good"
    STATEMENT = "statement", "Quality statement"


class Framework(models.Model):
    """One version of one area of policing with its specific grading criteria."""

    key = models.SlugField(max_length=80)
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    short_title = models.CharField(max_length=120, blank=True)
    group = models.SlugField(max_length=80, blank=True)
    kind = models.CharField(max_length=20, choices=FrameworkKind.choices)
    graded = models.BooleanField(default=True)
    grading_model = models.CharField(
        max_length=40, default="hmic-2007", help_text="The grading model (library/models/) that grades it."
    )
    order = models.PositiveIntegerField(default=0, help_text="Position in the report.")
    national_context = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    themes = models.JSONField(default=list, blank=True)
    drafting_note = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    harm_weight = models.PositiveSmallIntegerField(
        default=3, help_text="Impact of failure in this area, 1 (low) to 5 (high), for risk assessment."
    )
    content_hash = models.CharField(max_length=64, blank=True)
    is_current = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "key", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="unique_framework_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def display_title(self) -> str:
        return self.short_title or self.title


class Criterion(models.Model):
    """A specific grading criterion of one framework version."""

    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=40, help_text="The criterion's id in the library file, e.g. NP-F1.")
    level = models.CharField(max_length=20, choices=Level.choices)
    text = models.TextField(max_length=TEXT_MAX_LENGTH)
    theme = models.CharField(max_length=200, blank=True)
    significant = models.BooleanField(default=False)
    dominant = models.BooleanField(default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order"]
        verbose_name_plural = "criteria"
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="unique_criterion_code")]

    def __str__(self) -> str:
        return f"{self.code}: {self.text[:60]}"

    @property
    def level_label(self) -> str:
        """How a page names the criterion's level: "Fair criterion" (2007), "Characteristic of good" (PEEL)."""
        label = str(self.get_level_display())
        return f"{label} criterion" if self.level in (Level.FAIR, Level.GOOD, Level.EXCELLENT) else label
