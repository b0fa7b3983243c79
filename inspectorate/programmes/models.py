"""A programme is a year's inspection work: its period, grading policy and frameworks."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

_share = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))]


class Programme(models.Model):
    """An inspection programme, e.g. the 2007 programme (reports published October 2007)."""

    slug = models.SlugField(max_length=40, unique=True)
    title = models.CharField(max_length=200)
    assessment_start = models.DateField(help_text="First month of the assessment period.")
    assessment_end = models.DateField(help_text="Last month of the assessment period.")
    publication_month = models.DateField(help_text="The month reports are published (day ignored).")
    introduction = models.JSONField(
        default=list, blank=True, help_text="The standard introduction: a list of {title, paragraphs}."
    )
    # Grading policy (SPEC section 4); exact fractions are kept as decimals with 6 places.
    poor_share = models.DecimalField(max_digits=7, decimal_places=6, default=Decimal("0.333333"),
                                     validators=_share)
    good_most = models.DecimalField(max_digits=7, decimal_places=6, default=Decimal("0.5"), validators=_share)
    excellent_vast = models.DecimalField(max_digits=7, decimal_places=6, default=Decimal("0.8"),
                                         validators=_share)
    frameworks = models.ManyToManyField("frameworks.Framework", blank=True, related_name="programmes")
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The programme before this one, for comparing distributions."
    )

    class Meta:
        ordering = ["-publication_month"]

    def __str__(self) -> str:
        return self.title

    def grading_policy(self) -> dict[str, float]:
        """The thresholds as the grading engine takes them (1/3 stays exactly a third)."""
        poor = 1 / 3 if self.poor_share == Decimal("0.333333") else float(self.poor_share)
        return {"poor_share": poor, "good_most": float(self.good_most),
                "excellent_vast": float(self.excellent_vast)}


class PublishedAggregate(models.Model):
    """A national grade distribution as published, where each force's grade is not held."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="published_aggregates")
    framework_key = models.SlugField(max_length=80)
    excellent = models.PositiveIntegerField()
    good = models.PositiveIntegerField()
    fair = models.PositiveIntegerField()
    poor = models.PositiveIntegerField()
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "framework_key"], name="unique_aggregate"),
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.framework_key}"

    @property
    def counts(self) -> dict[str, int]:
        return {"excellent": self.excellent, "good": self.good, "fair": self.fair, "poor": self.poor}

    @property
    def total(self) -> int:
        return self.excellent + self.good + self.fair + self.poor
