"""The one way to write the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.utils import timezone

from inspectorate.access import Acting, person

from .chain import GENESIS, event_hash, normal_json
from .models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from inspectorate.inspections.models import Inspection

HEAD = 1  # the chain head's one row


def hash_of(event: AuditEvent) -> str:
    """The hash an event should carry, recomputed from its stored fields."""
    return event_hash(
        previous=event.previous_hash, at=event.at, actor_id=event.actor_id, inspection_id=event.inspection_id,
        action=event.action, object_type=event.object_type, object_id=event.object_id, summary=event.summary,
        before=event.before, after=event.after,
    )


def record_event(
    *,
    actor: Acting | None,
    action: str,
    obj: models.Model,
    summary: str,
    inspection: Inspection | None = None,
    before: Any = None,
    after: Any = None,
) -> AuditEvent:
    """Append one event to the audit trail. Call it inside the service's transaction.

    The chain head is locked until that transaction ends, so concurrent appends queue and each
    event's predecessor is the newest committed one.
    """
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(
            pk=HEAD, defaults={"last_hash": GENESIS, "length": 0})
        event = AuditEvent(
            at=timezone.now(),
            actor=person(actor),
            inspection=inspection,
            action=action,
            object_type=obj._meta.label,
            object_id=str(obj.pk),
            summary=summary[:300],
            before=normal_json(before),
            after=normal_json(after),
            previous_hash=head.last_hash,
        )
        event.hash = hash_of(event)
        event.save()
        head.last_hash, head.length = event.hash, head.length + 1
        head.save(update_fields=["last_hash", "length"])
    return event
