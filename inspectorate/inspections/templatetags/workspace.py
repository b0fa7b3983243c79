"""Template filters of the workspace."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


def _short(value: Any, limit: int = 160) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list):
        text = ", ".join(str(v) for v in value) or "none"
    elif isinstance(value, dict):
        text = "; ".join(f"{k}: {_short(v, 40)}" for k, v in value.items())
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@register.filter
def audit_pairs(value: Any) -> list[tuple[str, str]]:
    """An audit event's before or after, as (field, value) pairs short enough to read in a table."""
    if isinstance(value, dict):
        return [(str(key).replace("_", " "), _short(item)) for key, item in value.items()]
    return [("", _short(value))]
