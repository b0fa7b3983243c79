"""Template tags for GOV.UK Frontend markup: service navigation items and form fields."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag(takes_context=True)
def nav_item(context: template.Context, url: str, text: str, exact: bool = False) -> str:
    """One service-navigation item, marked current when the request's path is at or under ``url``."""
    request = context.get("request")
    path = getattr(request, "path", "")
    active = path == url if exact else bool(url) and path.startswith(url)
    if active:
        return format_html(
            '<li class="govuk-service-navigation__item govuk-service-navigation__item--active">'
            '<a class="govuk-service-navigation__link" href="{}" aria-current="page">'
            '<strong class="govuk-service-navigation__active-fallback">{}</strong></a></li>', url, text)
    return format_html('<li class="govuk-service-navigation__item">'
                       '<a class="govuk-service-navigation__link" href="{}">{}</a></li>', url, text)
