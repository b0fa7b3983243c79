"""A programme is a year's inspection work: its period, grading policy and frameworks."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

_share = [MinValueValidator(Fraction(0)), MaxValueValidator(Fraction(1))]


def validate_grading_model(value: str) -> None:
    """A programme's grading model must be the key of a model file in library/models/."""
    from inspectorate.core.grading import grading_models

    keys = sorted(grading_models())
    if value not in keys:
        raise ValidationError(
            f"“{value}” is not a grading model: choose one of {', '.join(keys)} (library/models/).", code="invalid")


class FractionField(models.Field):  # type: ignore[type-arg]
    """An exact share from 0 to 1, stored as its text ("1/3", "1/2", "4/5"), read back as a Fraction."""

    description = "An exact fraction, such as 1/3"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)

    def get_internal_type(self) -> str:
        return "CharField"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Fraction | None:
        return None if value is None else Fraction(value)

    def to_python(self, value: Any) -> Fraction | None:
        if value is None or isinstance(value, Fraction):
            return value
        try:
            return Fraction(value)  # Fraction itself allows spaces around text such as " 1/3 "
        except (TypeError, ValueError, ZeroDivisionError):
            raise ValidationError(f"“{value}” is not a fraction: write it as 1/3 or 0.5.", code="invalid") from None

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(value)
        return None if value is None else str(value)

    def value_to_string(self, obj: Any) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else str(Fraction(value))

    def formfield(self, form_class: type[forms.Field] | None = None,
                  choices_form_class: type[forms.ChoiceField] | None = None, **kwargs: Any) -> forms.Field | None:
        return super().formfield(form_class=form_class or forms.CharField, choices_form_class=choices_form_class,
                                 **kwargs)


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
    grading_model = models.CharField(
        max_length=40, default="hmic-2007", validators=[validate_grading_model],
        help_text="The grading model (library/models/) its frameworks are graded by: its scale, finding types "
                  "and follow-up deadlines.",
    )
    # Grading policy of HMIC 2007 (SPEC section 4): exact fractions.
    poor_share = FractionField(default=Fraction(1, 3), validators=_share)
    good_most = FractionField(default=Fraction(1, 2), validators=_share)
    excellent_vast = FractionField(default=Fraction(4, 5), validators=_share)
    frameworks = models.ManyToManyField("frameworks.Framework", blank=True, related_name="programmes")
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="The programme before this one, for comparing distributions."
    )

    class Meta:
        ordering = ["-publication_month"]

    def __str__(self) -> str:
        return self.title

    def grading_policy(self) -> dict[str, Fraction]:
        """The thresholds, exactly, as the grading engine takes them."""
        return {"poor_share": Fraction(self.poor_share), "good_most": Fraction(self.good_most),
                "excellent_vast": Fraction(self.excellent_vast)}


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
