"""People who sign in, and the role each holds (SPEC section 1)."""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    FORCE_LIAISON = "force_liaison", "Force liaison officer"
    INSPECTOR = "inspector", "Inspector"
    LEAD_INSPECTOR = "lead_inspector", "Lead inspector"
    MODERATOR = "moderator", "Moderator"
    ADMIN = "admin", "Administrator"


class User(AbstractUser):
    """A member of inspectorate staff or a force liaison officer; the public never signs in."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.INSPECTOR)
    force = models.ForeignKey(
        "forces.Force",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="liaison_officers",
        help_text="The one force a force liaison officer acts for.",
    )

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        """The permission rules hold for everyone: an administrator (a Django superuser, so as to
        manage users and reference data) may not thereby verify evidence, grade, or comment as a
        force. Django's model permissions keep their usual meaning in the admin."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    @property
    def is_inspectorate_staff(self) -> bool:
        return self.role in {Role.INSPECTOR, Role.LEAD_INSPECTOR, Role.MODERATOR, Role.ADMIN}

    def __str__(self) -> str:
        return self.get_full_name() or self.username
