"""Template tags for GOV.UK Frontend markup: service navigation items and form fields."""

from __future__ import annotations

import html
import re
from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe

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


# The GOV.UK class each kind of widget takes, and its error modifier.
_WIDGET_CLASSES = {
    "textarea": ("govuk-textarea", "govuk-textarea--error"),
    "select": ("govuk-select", "govuk-select--error"),
    "selectmultiple": ("govuk-select", "govuk-select--error"),
    "clearablefile": ("govuk-file-upload", "govuk-file-upload--error"),
    "file": ("govuk-file-upload", "govuk-file-upload--error"),
    "multiplefile": ("govuk-file-upload", "govuk-file-upload--error"),
}
_CHOICES = {"checkboxselectmultiple": "checkboxes", "radioselect": "radios"}


def field_ids(field: Any) -> dict[str, str]:
    """The ids of a field's hint and error message, and what its ``aria-describedby`` names."""
    base = field.auto_id or field.html_name
    hint_id = f"{base}-hint" if field.help_text else ""
    error_id = f"{base}-error" if field.errors else ""
    return {"hint_id": hint_id, "error_id": error_id,
            "describedby": " ".join(i for i in (hint_id, error_id) if i)}


def field_anchor(field: BoundField) -> str:
    """The id an error summary links to: the field's first input."""
    widget = field.field.widget
    base = field.auto_id or field.html_name
    if field.widget_type in _CHOICES:
        return f"{base}_0"
    return widget.id_for_label(base) or base


@register.inclusion_tag("includes/govuk_field.html")
def govuk_field(field: Any, label_class: str = "") -> dict[str, Any]:
    """One form field in GOV.UK markup: label (or legend), hint, inline error and the control, with
    ``aria-describedby`` naming the hint and error ids that this markup gives them."""
    ids = field_ids(field)
    kind = field.widget_type
    context: dict[str, Any] = {"field": field, "kind": kind, "label_class": label_class, **ids}
    if field.is_hidden:
        context["widget"] = field.as_widget()
        return context
    if kind in _CHOICES:
        context["choices"] = _CHOICES[kind]
        return context
    if kind == "checkbox":
        attrs = {"class": "govuk-checkboxes__input"}
        if ids["describedby"]:
            attrs["aria-describedby"] = ids["describedby"]
        context["widget"] = field.as_widget(attrs=attrs)
        return context
    if kind == "daymonthyear":
        context["widget"] = field.as_widget(attrs={"aria-invalid": "true"} if field.errors else {})
        return context
    css, error_css = _WIDGET_CLASSES.get(kind, ("govuk-input", "govuk-input--error"))
    attrs = {"class": " ".join(c for c in (css, error_css if field.errors else "",
                                           field.field.widget.attrs.get("class", "")) if c)}
    if ids["describedby"]:
        attrs["aria-describedby"] = ids["describedby"]
    context["widget"] = field.as_widget(attrs=attrs)
    return context


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*forms: Any) -> dict[str, Any]:
    """GOV.UK's error summary for one or more forms: each error links to its field's first input."""
    items: list[dict[str, str]] = []
    for form in forms:
        if not form or not form.errors:
            continue
        items += [{"text": str(e), "href": ""} for e in form.non_field_errors()]
        for field in form:
            items += [{"text": str(e), "href": f"#{field_anchor(field)}"} for e in field.errors]
        for name in form.errors:
            if name != "__all__" and name not in form.fields:
                items += [{"text": str(e), "href": ""} for e in form.errors[name]]
    return {"error_items": items}


@register.simple_tag
def page_numbers(page: Any) -> list[Any]:
    """The page numbers to offer around the current page, with the paginator's ellipsis between runs."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))


# One GOV.UK tag colour per lifecycle state.
_STATE_TAGS = {
    "planned": "govuk-tag--grey",
    "fieldwork": "govuk-tag--blue",
    "drafting": "govuk-tag--yellow",
    "moderation": "govuk-tag--purple",
    "factual_accuracy": "govuk-tag--orange",
    "published": "govuk-tag--green",
}


@register.filter
def state_tag_class(state: str) -> str:
    """The GOV.UK tag modifier of an inspection's lifecycle state (``govuk-tag--grey`` for one unknown)."""
    return _STATE_TAGS.get(str(state), "govuk-tag--grey")


# One GOV.UK tag colour per follow-up status of a recommendation (superseded: grey).
_FOLLOW_UP_TAGS = {
    "open": "govuk-tag--yellow",
    "in_progress": "govuk-tag--light-blue",
    "implemented": "govuk-tag--green",
    "discharged": "govuk-tag--turquoise",
}


@register.filter
def follow_up_tag_class(status: str) -> str:
    """The GOV.UK tag modifier of a recommendation's follow-up status (``govuk-tag--grey`` for any other)."""
    return _FOLLOW_UP_TAGS.get(str(status), "govuk-tag--grey")


_TABLE_LABELLEDBY = re.compile(r'<table\b[^>]*\baria-labelledby="([^"]+)"')
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)


def scroll_region_naming(table_html: str) -> tuple[str, str]:
    """How the region around a table is named: (attribute, value). The table's own ``aria-labelledby``,
    else its caption's text, else a plain "Table"."""
    labelledby = _TABLE_LABELLEDBY.search(table_html)
    if labelledby:
        return "aria-labelledby", labelledby.group(1)
    caption = _CAPTION.search(table_html)
    text = " ".join(strip_tags(caption.group(1)).split()) if caption else ""
    return "aria-label", html.unescape(text) or "Table"


class ScrollRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        return _scroll_region(self.nodelist.render(context))


@register.tag
def scroll_region(parser: template.base.Parser, token: template.base.Token) -> ScrollRegionNode:
    """``{% scroll_region %}<table>...</table>{% endscroll_region %}``: a wide table in a region of its own
    that scrolls sideways on a narrow screen, so that the page itself never does, without JavaScript.
    A keyboard reaches the region (``tabindex="0"``) and a screen reader hears it named as the table is
    (its ``aria-labelledby``, else its caption)."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("scroll_region takes no arguments: the table's caption names it")
    nodelist = parser.parse(("endscroll_region",))
    parser.delete_first_token()
    return ScrollRegionNode(nodelist)


_TABLE = re.compile(r"<table\b.*?</table>", re.S)


def _scroll_region(table_html: str) -> str:
    attribute, value = scroll_region_naming(table_html)
    return format_html('<div class="table-scroll" role="region" {}="{}" tabindex="0">{}</div>',
                       attribute, value, mark_safe(table_html))  # noqa: S308 - markup the caller trusts


@register.filter(is_safe=True)
def scroll_tables(markup: str) -> SafeString:
    """Every table of trusted markup (a frozen report's body) in a scrolling region, as ``scroll_region``
    does in a template: the frozen text is unchanged, only wrapped for a narrow screen."""
    return mark_safe(_TABLE.sub(lambda m: _scroll_region(m.group(0)), str(markup)))  # noqa: S308
