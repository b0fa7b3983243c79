"""What will be published, as one snapshot with a digest: what a moderator approves, what the force saw.

A moderator's approval binds to the digest of the publishable content at that moment: the
findings, recommendations, grades and their rationales, developing practice, the force overview
and context, and each framework's national context. Any change afterwards voids the approval
(publishing is refused until a moderator approves again), and the publication page lists what
changed. The force's factual-accuracy view lists what changed since the force last saw the draft,
which is recorded when the draft is sent to the force and each time its liaison officer comments.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from inspectorate.core.report.changes import content_changes

from .models import Inspection
from .selectors import findings_in_report_order, frameworks_of


def publishable_content(inspection: Inspection) -> dict[str, Any]:
    """The content that publishing would freeze, read from the database now."""
    judgements = {j.framework_id: j for j in inspection.judgements.all()}
    findings: dict[int, list[dict[str, Any]]] = {}
    for finding in findings_in_report_order(inspection):
        findings.setdefault(finding.framework_id, []).append(
            {"id": finding.pk, "category": finding.category, "text": finding.text})
    frameworks = []
    for framework in frameworks_of(inspection):
        judgement = judgements.get(framework.pk)
        frameworks.append({
            "key": framework.key, "title": framework.display_title,
            "grade": (judgement.final_grade or None) if judgement and framework.graded else None,
            "rationale": judgement.rationale if judgement and framework.graded else "",
            "national_context": framework.national_context,
            "findings": findings.get(framework.pk, []),
        })
    return {
        "overview": inspection.overview or [],
        "frameworks": frameworks,
        "recommendations": [
            {"id": r.pk, "number": r.number, "framework": r.framework.key, "finding": r.finding_id, "text": r.text}
            for r in inspection.recommendations.select_related("framework").order_by("number")
        ],
        "developing_practice": [
            {"id": p.pk, "title": p.title, "framework": p.framework.key, "problem": p.problem,
             "solution": p.solution, "outcomes": p.outcomes, "contact": p.contact}
            for p in inspection.developing_practice.select_related("framework").order_by("framework__order", "order",
                                                                                            "id")
        ],
    }


def content_digest(content: dict[str, Any]) -> str:
    """SHA-256 of the snapshot as canonical JSON (sorted keys, no spaces, UTF-8)."""
    payload = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def changes_since_approval(inspection: Inspection) -> list[str] | None:
    """What changed since a moderator approved publication; None if publication is not approved.

    An approval recorded without a snapshot (before approvals were bound to content) cannot say
    what it approved, so it counts as void.
    """
    if inspection.publication_approved_at is None:
        return None
    approved = inspection.publication_approved_content
    if not approved or not inspection.publication_approved_digest:
        return ["The approval does not record what was approved"]
    current = publishable_content(inspection)
    if content_digest(current) == inspection.publication_approved_digest:
        return []
    return content_changes(approved, current) or ["The publishable content changed"]


def changes_since_force_saw(inspection: Inspection, *, grades: bool) -> list[str] | None:
    """What changed since the force last saw the draft; None if it has not been sent to the force."""
    if inspection.force_seen_content is None:
        return None
    return content_changes(inspection.force_seen_content, publishable_content(inspection), grades=grades)
