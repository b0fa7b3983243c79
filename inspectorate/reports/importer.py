"""Importing a published report into the database, all in one transaction.

The report's force, programme and frameworks must already be known (reference data and the
library): an import never invents them. Importing the same report again changes nothing; any
failure leaves the database as it was.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from inspectorate.core.report import model as pub
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.inspections.models import Finding, Inspection, Judgement, Recommendation, State
from inspectorate.national.models import Programme, PublishedAggregate
from inspectorate.practice.models import DevelopingPractice
from inspectorate.reports.models import GlossaryTerm

from .rendering import DATABASE_CATEGORIES


class ReportImportError(ValueError):
    """The report cannot be imported; the message says why in one line."""


@dataclass
class ImportSummary:
    inspection: Inspection
    changes: list[str] = field(default_factory=list)
    # What the parser dropped from the text as page furniture, and where, and the paragraph
    # breaks, joins and hyphens it guessed (one line each).
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changes)


@transaction.atomic
def import_report(*, report: pub.Report, source: str = "", warnings: list[str] | None = None) -> ImportSummary:
    """Load a parsed report: inspection, findings, recommendations, grades, practice, glossary, counts.

    ``warnings`` (what the parser dropped as page furniture, and what it guessed) are kept on the summary.
    """
    force = Force.objects.filter(name=report.force).first()
    if force is None:
        raise ReportImportError(f"force {report.force!r} is not known: add it to the reference data first")
    programme = _programme(report)
    frameworks = {f.key: f for f in programme.frameworks.all()}
    for section in report.frameworks:
        if section.key not in frameworks:
            raise ReportImportError(
                f"framework {section.key!r} ({section.title}) is not part of the {programme.title}"
            )
    inspection, created = Inspection.objects.get_or_create(
        force=force, programme=programme,
        defaults={"state": State.PUBLISHED, "imported": True, "source_file": source[:255]},
    )
    if not created and inspection.state != State.PUBLISHED:
        raise ReportImportError(
            f"the inspection of {force} in the {programme.title} is in progress "
            f"({inspection.get_state_display()}): a published report cannot be imported over it"
        )
    summary = ImportSummary(inspection=inspection, changes=["inspection created"] if created else [],
                            warnings=list(warnings or []))
    _update(inspection, summary, imported=True, isbn=report.isbn or "",
            overview=_sections(report.overview), source_file=inspection.source_file or source[:255])
    if not programme.introduction and report.introduction is not None:
        programme.introduction = _sections(report.introduction)
        programme.save(update_fields=["introduction"])
        summary.changes.append("programme introduction")
    _import_aggregates(report, programme, summary)
    findings = _import_findings(report, inspection, frameworks, summary)
    _import_judgements(report, inspection, frameworks, summary)
    _import_recommendations(report, inspection, frameworks, findings, summary)
    _import_practice(report, inspection, frameworks, summary)
    for entry in report.glossary:
        term, made = GlossaryTerm.objects.get_or_create(abbreviation=entry.abbreviation,
                                                        defaults={"meaning": entry.meaning})
        if made:
            summary.changes.append(f"glossary {entry.abbreviation}")
    return summary


def _programme(report: pub.Report) -> Programme:
    year, month = (int(part) for part in report.published.split("-"))
    programme = Programme.objects.filter(publication_month__year=year, publication_month__month=month).first()
    if programme is None:
        raise ReportImportError(
            f"no programme publishes its reports in {report.published_label}: create the programme first"
        )
    return programme


def _sections(part: pub.TextPart | None) -> list[dict[str, Any]]:
    if part is None:
        return []
    sections = [{"title": s.title, "paragraphs": list(s.paragraphs)} for s in part.sections]
    if part.paragraphs:
        sections.insert(0, {"title": part.title, "paragraphs": list(part.paragraphs)})
    return sections


def _update(obj: Any, summary: ImportSummary, **values: Any) -> None:
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        summary.changes.append(f"{obj._meta.model_name} {obj.pk}: {', '.join(changed)}")


def _import_aggregates(report: pub.Report, programme: Programme, summary: ImportSummary) -> None:
    for row in report.national_summary:
        counts = row.counts.as_dict()
        held = PublishedAggregate.objects.filter(programme=programme, framework_key=row.framework).first()
        if held is None:
            PublishedAggregate.objects.create(programme=programme, framework_key=row.framework,
                                              source=f"{report.force} report, {report.published_label}", **counts)
            summary.changes.append(f"national counts {row.framework}")
        elif held.counts != counts:
            raise ReportImportError(
                f"the report's national counts for {row.title} ({_counts(counts)}) differ from those "
                f"already held for the {programme.title} ({_counts(held.counts)})"
            )


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{grade} {n}" for grade, n in counts.items())


def _import_findings(
    report: pub.Report, inspection: Inspection, frameworks: dict[str, Framework], summary: ImportSummary
) -> dict[tuple[str, str, int], Finding]:
    """Findings in order under each framework and category; returns them by (key, category, position)."""
    kept: dict[tuple[str, str, int], Finding] = {}
    existing = {(f.framework.key, f.category, f.order): f
                for f in inspection.findings.select_related("framework")}
    for section in report.frameworks:
        framework = frameworks[section.key]
        for name, category in DATABASE_CATEGORIES.items():
            for position, text in enumerate(section.findings(name), start=1):
                finding = existing.pop((section.key, category, position), None)
                if finding is None:
                    finding = Finding.objects.create(inspection=inspection, framework=framework,
                                                     category=category, order=position, text=text)
                    summary.changes.append(f"finding {section.key} {category} {position}")
                elif finding.text != text:
                    finding.text = text
                    finding.revision += 1
                    finding.save(update_fields=["text", "revision", "updated_at"])
                    summary.changes.append(f"finding {section.key} {category} {position} text")
                kept[(section.key, name, position)] = finding
    for finding in existing.values():
        finding.delete()
        summary.changes.append(f"finding {finding.framework.key} {finding.category} {finding.order} removed")
    return kept


def _import_judgements(
    report: pub.Report, inspection: Inspection, frameworks: dict[str, Framework], summary: ImportSummary
) -> None:
    for section in report.frameworks:
        if section.grade is None:
            continue
        judgement, made = Judgement.objects.get_or_create(
            inspection=inspection, framework=frameworks[section.key], defaults={"final_grade": section.grade}
        )
        if made:
            summary.changes.append(f"grade {section.key}")
        else:
            _update(judgement, summary, final_grade=section.grade)


def _import_recommendations(
    report: pub.Report,
    inspection: Inspection,
    frameworks: dict[str, Framework],
    findings: dict[tuple[str, str, int], Finding],
    summary: ImportSummary,
) -> None:
    raised_after: dict[int, Finding] = {}
    for section in report.frameworks:
        for placement in section.recommendations:
            finding = findings.get((section.key, placement.category, placement.after))
            if finding is not None:
                raised_after[placement.number] = finding
    existing = {r.number: r for r in inspection.recommendations.all()}
    for rec in report.recommendations:
        values = {"framework": frameworks[rec.framework], "text": rec.text, "finding": raised_after.get(rec.number)}
        held = existing.pop(rec.number, None)
        if held is None:
            Recommendation.objects.create(inspection=inspection, number=rec.number, **values)
            summary.changes.append(f"recommendation {rec.number}")
        else:
            _update(held, summary, **values)
    for leftover in existing.values():
        leftover.delete()
        summary.changes.append(f"recommendation {leftover.number} removed")


def _import_practice(
    report: pub.Report, inspection: Inspection, frameworks: dict[str, Framework], summary: ImportSummary
) -> None:
    existing = {(p.framework.key, p.order): p for p in inspection.developing_practice.select_related("framework")}
    positions: dict[str, int] = {}
    for example in report.developing_practice:
        position = positions[example.framework] = positions.get(example.framework, 0) + 1
        values = {
            "title": example.title, "problem": "\n\n".join(example.problem),
            "solution": "\n\n".join(example.solution), "outcomes": "\n\n".join(example.outcomes),
            "contact": example.contact,
        }
        held = existing.pop((example.framework, position), None)
        if held is None:
            DevelopingPractice.objects.create(force=inspection.force, inspection=inspection,
                                              framework=frameworks[example.framework], order=position, **values)
            summary.changes.append(f"developing practice {example.title[:40]}")
        else:
            _update(held, summary, **values)
    for leftover in existing.values():
        leftover.delete()
        summary.changes.append(f"developing practice {leftover.title[:40]} removed")

