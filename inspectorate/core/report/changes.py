"""What changed between two states of a report, as a list of sentences a person reads.

Two shapes are compared. ``content_changes`` compares snapshots of the publishable content
(what a moderator approved, what the force last saw): findings, recommendations and developing
practice carry their database ids there, so an edited paragraph is told from a deleted one and a
new one. ``report_changes`` compares two published versions' JSON (``Report.to_json``), which
carry no ids: paragraphs are matched by their words.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import Any

from .model import PRINTED_CATEGORIES


def _by_key(items: Iterable[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {item[key]: item for item in items}


def _grade_change(title: str, old: Any, new: Any) -> str | None:
    if old == new:
        return None
    if not old:
        return f"Grade of {title} set to {new}"
    if not new:
        return f"Grade of {title} removed (was {old})"
    return f"Grade of {title} changed from {old} to {new}"


def content_changes(old: dict[str, Any], new: dict[str, Any], *, grades: bool = True) -> list[str]:
    """Every difference between two content snapshots, in report order.

    ``grades=False`` leaves out grades and their rationales (for readers who may not see them).
    """
    changes: list[str] = []
    if old.get("overview") != new.get("overview"):
        changes.append("The force overview and context changed")
    old_frameworks = _by_key(old.get("frameworks", []), "key")
    for framework in new.get("frameworks", []):
        title = framework["title"]
        before = old_frameworks.get(framework["key"], {"findings": []})
        if grades:
            grade = _grade_change(title, before.get("grade"), framework.get("grade"))
            changes += [grade] if grade else []
            if before.get("rationale", "") != framework.get("rationale", ""):
                changes.append(f"Rationale for the grade of {title} changed")
        if before.get("national_context", "") != framework.get("national_context", ""):
            changes.append(f"National context of {title} changed")
        changes += _finding_changes(title, before["findings"], framework["findings"])
    new_keys = {f["key"] for f in new.get("frameworks", [])}
    for key, framework in old_frameworks.items():
        if key not in new_keys and framework["findings"]:
            changes.append(f"{framework['title']} and its {len(framework['findings'])} finding(s) removed")
    changes += _recommendation_changes(old.get("recommendations", []), new.get("recommendations", []))
    changes += _practice_changes(old.get("developing_practice", []), new.get("developing_practice", []))
    return changes


def _finding_changes(title: str, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    changes = []
    old_by_id = {f["id"]: (n, f) for n, f in enumerate(old, start=1)}
    new_ids = {f["id"] for f in new}
    for number, finding in enumerate(new, start=1):
        previous = old_by_id.get(finding["id"])
        if previous is None:
            changes.append(f"Finding {number} of {title} added")
        elif (previous[1]["text"], previous[1]["category"]) != (finding["text"], finding["category"]):
            changes.append(f"Finding {number} of {title} changed")
    for number, finding in enumerate(old, start=1):
        if finding["id"] not in new_ids:
            changes.append(f"Finding {number} of {title} deleted")
    kept_old = [f["id"] for f in old if f["id"] in new_ids]
    kept_new = [f["id"] for f in new if f["id"] in old_by_id]
    if kept_old != kept_new:
        changes.append(f"Findings of {title} reordered")
    return changes


def _recommendation_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    changes = []
    old_by_id = _by_key(old, "id")
    new_ids = {r["id"] for r in new}
    for rec in new:
        previous = old_by_id.get(rec["id"])
        if previous is None:
            changes.append(f"Recommendation {rec['number']} added")
            continue
        if previous["number"] != rec["number"]:
            changes.append(f"Recommendation {previous['number']} renumbered as {rec['number']}")
        if previous["text"] != rec["text"]:
            changes.append(f"Recommendation {rec['number']} changed")
        elif previous.get("finding") != rec.get("finding"):
            changes.append(f"Recommendation {rec['number']} now follows a different finding")
    changes += [f"Recommendation {r['number']} deleted" for r in old if r["id"] not in new_ids]
    return changes


def _practice_changes(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    changes = []
    old_by_id = _by_key(old, "id")
    new_ids = {p["id"] for p in new}
    for example in new:
        previous = old_by_id.get(example["id"])
        if previous is None:
            changes.append(f"Developing practice “{example['title']}” added")
        elif previous != example:
            changes.append(f"Developing practice “{example['title']}” changed")
    changes += [f"Developing practice “{p['title']}” deleted" for p in old if p["id"] not in new_ids]
    return changes


def report_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every difference between two published versions' JSON, in report order.

    Paragraphs carry no ids in a published version, so they are matched by their words: a
    paragraph replaced in place is "changed", one with no counterpart "added" or "deleted".
    """
    changes: list[str] = []
    old_frameworks = _by_key(old.get("frameworks", []), "key")
    for framework in new.get("frameworks", []):
        title = framework.get("title", framework["key"])
        before = old_frameworks.get(framework["key"], {})
        grade = _grade_change(title, before.get("grade"), framework.get("grade"))
        changes += [grade] if grade else []
        if before.get("national_distribution") != framework.get("national_distribution") and before:
            changes.append(f"National distribution of grades for {title} changed")
        changes += _paragraph_changes(title, _paragraphs(before), _paragraphs(framework))
    new_keys = {f["key"] for f in new.get("frameworks", [])}
    changes += [f"{f.get('title', key)} removed" for key, f in old_frameworks.items() if key not in new_keys]
    old_recs = _by_key(old.get("recommendations", []), "number")
    new_recs = _by_key(new.get("recommendations", []), "number")
    for number in sorted(set(old_recs) | set(new_recs)):
        if number not in old_recs:
            changes.append(f"Recommendation {number} added")
        elif number not in new_recs:
            changes.append(f"Recommendation {number} deleted")
        elif old_recs[number].get("text") != new_recs[number].get("text"):
            changes.append(f"Recommendation {number} changed")
    old_practice = _by_key(old.get("developing_practice", []), "title")
    new_practice = _by_key(new.get("developing_practice", []), "title")
    for name, example in new_practice.items():
        if name not in old_practice:
            changes.append(f"Developing practice “{name}” added")
        elif old_practice[name] != example:
            changes.append(f"Developing practice “{name}” changed")
    changes += [f"Developing practice “{name}” deleted" for name in old_practice if name not in new_practice]
    return changes


def _paragraphs(framework: dict[str, Any]) -> list[str]:
    return [text for category in PRINTED_CATEGORIES for text in framework.get(category, [])]


def _paragraph_changes(title: str, old: list[str], new: list[str]) -> list[str]:
    changes = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1) if tag == "replace" else 0
        changes += [f"Finding {j1 + k + 1} of {title} changed" for k in range(paired)]
        changes += [f"Finding {j + 1} of {title} added" for j in range(j1 + paired, j2)]
        changes += [f"Finding {i + 1} of {title} deleted" for i in range(i1 + paired, i2)]
    return changes
