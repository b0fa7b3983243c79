"""Template filters for monitoring pages: periods in words and figures for people."""

from __future__ import annotations

from django import template

from inspectorate.core import charts
from inspectorate.core.monitoring import periods

register = template.Library()


@register.filter
def period(value: str) -> str:
    """``2023-03`` as "March 2023"."""
    return periods.label(str(value))


@register.simple_tag
def period_span(start: str, end: str) -> str:
    """"June 2022 to March 2024"."""
    return periods.span(str(start), str(end))


@register.filter
def figure(value: float | None) -> str:
    """A value with four significant digits."""
    return charts.number(value)
