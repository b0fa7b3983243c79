"""Framework titles as a report prints them, and the framework keys the system uses.

A report names the same framework several ways ("Protecting Vulnerable People – Child
Abuse" over its section, "Child abuse" in the summary tables and the closing list of
recommendations); all of them map to one key (SPEC section 2).
"""

from __future__ import annotations

import re

PVP_GROUP = "protecting-vulnerable-people"
PVP_TITLE = "Protecting Vulnerable People"

KNOWN_KEYS: dict[str, str] = {
    "neighbourhood policing": "neighbourhood-policing",
    "performance management": "performance-management",
    "overview": "pvp-overview",
    "child abuse": "child-abuse",
    "domestic violence": "domestic-violence",
    "public protection": "public-protection",
    "missing persons": "missing-persons",
}

_PVP_PREFIX = re.compile(r"^(?:protecting vulnerable people|pvp)\s*(?:[–—:-]\s*|\s+)(?P<part>.+)$")
_PVP_ALONE = re.compile(r"^(?:protecting vulnerable people|pvp)$")
_TITLE_DASH = re.compile(r"\s+[–—-]\s+")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def _normal(title: str) -> str:
    return " ".join(title.replace("\u2019", "'").split()).lower()


def slug(text: str) -> str:
    """A lower-case, hyphenated key made from any title."""
    return _NON_WORD.sub("-", _normal(text)).strip("-") or "framework"


def _component(title: str) -> str | None:
    """The PVP component named in a title, or None when it is not a PVP title."""
    normal = _normal(title)
    if _PVP_ALONE.match(normal):
        return "overview"
    match = _PVP_PREFIX.match(normal)
    return match.group("part").strip() if match else None


def framework_key(title: str) -> str:
    """The framework key for a title in any of the forms a report prints.

    >>> framework_key("Protecting Vulnerable People – Child Abuse")
    'child-abuse'
    >>> framework_key("Performance management")
    'performance-management'
    """
    component = _component(title)
    normal = component if component is not None else _normal(title)
    return KNOWN_KEYS.get(normal) or slug(normal)


def framework_group(title: str) -> str | None:
    """The group a framework belongs to: the PVP components (and overview) group together."""
    key = framework_key(title)
    if _component(title) is not None or key in ("pvp-overview", "child-abuse", "domestic-violence",
                                                "public-protection", "missing-persons"):
        return PVP_GROUP
    return None


def group_title(group: str, titles: list[str]) -> str:
    """The name a report prints for a group of frameworks in its summary tables.

    The part of the group's framework titles before their dash, where they share one; the
    known PVP group by its name; otherwise the group's key in words. Never the raw key.

    >>> group_title("protecting-vulnerable-people", ["Protecting Vulnerable People – Overview",
    ...                                              "Protecting Vulnerable People – Child Abuse"])
    'Protecting Vulnerable People'
    >>> group_title("roads-policing", [])
    'Roads policing'
    """
    heads = {_TITLE_DASH.split(title, maxsplit=1)[0].strip() for title in titles if _TITLE_DASH.search(title)}
    if len(heads) == 1:
        return heads.pop()
    if group == PVP_GROUP:
        return PVP_TITLE
    return group.replace("-", " ").capitalize()


def short_title(title: str) -> str:
    """The name used in the closing list of recommendations: the PVP component alone.

    >>> short_title("Protecting Vulnerable People – Domestic Violence")
    'Domestic Violence'
    """
    match = re.match(r"^\s*protecting vulnerable people\s*[–—:-]\s*(.+)$", title, re.IGNORECASE)
    return match.group(1).strip() if match else title
