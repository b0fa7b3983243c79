"""``{{ grade|grade_badge }}``: the grade badge of ``inspectorate.core.grades``, the report's too."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from inspectorate.core.grades import grade_badge as badge

register = template.Library()


@register.filter
def grade_badge(grade: str | None) -> SafeString:
    return mark_safe(badge(grade))  # noqa: S308 - the core escapes the grade's word
