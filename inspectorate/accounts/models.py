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


class ApiToken(models.Model):
    """A token a scripted client sends as ``Authorization: Bearer ...``; it acts as its user, with that
    user's role and permissions. Only its SHA-256 is kept: the token itself is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What the token is for, e.g. the script that uses it.")
    prefix = models.CharField(max_length=12, help_text="The token's first characters, to tell tokens apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
