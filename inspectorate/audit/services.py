"""The one way to write the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    summary: str,
    inspection: Any = None,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Append one event to the audit trail. Call it inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        inspection=inspection,
        action=action,
        object_type=obj._meta.label,
        object_id=str(obj.pk),
        summary=summary[:300],
        before=before,
        after=after,
    )
