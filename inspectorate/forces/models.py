"""Police forces and their divisions (basic command units)."""

from __future__ import annotations

from django.db import models


class Force(models.Model):
    """A police force. Real forces come from the reference list; made-up demo forces are flagged."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    country = models.CharField(max_length=20, choices=[("England", "England"), ("Wales", "Wales")])
    is_synthetic = models.BooleanField(
        default=False, help_text="A made-up force for demonstration and testing (SPEC section 13)."
    )
    population = models.PositiveIntegerField(null=True, blank=True)
    households = models.PositiveIntegerField(null=True, blank=True)
    key_facts = models.JSONField(
        default=dict, blank=True, help_text="Published figures about the force, each with its source."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Division(models.Model):
    """A basic command unit (BCU) or division of a force."""

    force = models.ForeignKey(Force, on_delete=models.CASCADE, related_name="divisions")
    name = models.CharField(max_length=120)
    code = models.CharField(max_length=20, blank=True, help_text="The force's own letter, e.g. 'J division'.")

    class Meta:
        ordering = ["force", "name"]
        constraints = [models.UniqueConstraint(fields=["force", "name"], name="unique_division_per_force")]

    def __str__(self) -> str:
        return f"{self.name} ({self.force})"
