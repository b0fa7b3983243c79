"""The audit trail's hash chain, in plain Python: each event's SHA-256 covers its own fields and the
hash of the event before it, so altering, removing or reordering any event breaks every later link.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

# The predecessor of the first event.
GENESIS = "0" * 64


def normal_json(value: Any) -> Any:
    """The value as a JSON column gives it back (tuples become lists, keys become strings), so the
    hash taken before saving matches the one recomputed from the stored row."""
    return None if value is None else json.loads(json.dumps(value, ensure_ascii=False))


def moment(at: datetime.datetime) -> str:
    """A timestamp as it is hashed: UTC, to the microsecond."""
    return at.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def event_hash(
    *,
    previous: str,
    at: datetime.datetime,
    actor_id: Any,
    inspection_id: Any,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    before: Any,
    after: Any,
) -> str:
    """SHA-256 (hex) of an event's canonical serialisation: sorted keys, no spaces, UTF-8, with the
    previous event's hash as one of the fields."""
    fields = {
        "previous": previous, "at": moment(at), "actor": actor_id, "inspection": inspection_id,
        "action": action, "object_type": object_type, "object_id": object_id, "summary": summary,
        "before": normal_json(before), "after": normal_json(after),
    }
    canonical = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
