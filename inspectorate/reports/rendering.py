"""An inspection's report, built from the database as the pure publication model, in every format.

One layout engine for all outputs: the database becomes one ``publication.model.Report`` here,
and the pure renderers (text, HTML, PDF) and ``Report.to_json`` do the rest.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Literal

from inspectorate.core.report import model as pub
from inspectorate.core.report.glossary import build_glossary
from inspectorate.core.report.keys import group_title
from inspectorate.inspections.models import Category, Finding, Inspection, State
from inspectorate.national import grading
from inspectorate.national.selectors import national_summary
from inspectorate.reports.models import GlossaryTerm

Format = Literal["text", "html", "pdf", "json"]
FORMATS: tuple[Format, ...] = ("text", "html", "pdf", "json")

# Finding categories in the database and in the publication model, in report order.
CATEGORY_NAMES: dict[str, pub.Category] = {
    Category.NATIONAL_CONTEXT: "national_context",
    Category.CONTEXT: "context",
    Category.STRENGTH: "strengths",
    Category.WORK_IN_PROGRESS: "work_in_progress",
    Category.AREA_FOR_IMPROVEMENT: "areas_for_improvement",
    Category.CAUSE_OF_CONCERN: "causes_of_concern",
    Category.ACCELERATED_CAUSE_OF_CONCERN: "accelerated_causes_of_concern",
    Category.INNOVATIVE_PRACTICE: "innovative_practice",
}
DATABASE_CATEGORIES: dict[pub.Category, str] = {name: value for value, name in CATEGORY_NAMES.items()}


def render_inspection(inspection: Inspection, fmt: Format) -> Any:
    """The inspection's report as text (str), HTML (str), PDF (bytes) or JSON (dict)."""
    return render_report(report_for(inspection), fmt, synthetic=inspection.force.is_synthetic)


def render_report(report: pub.Report, fmt: Format, *, synthetic: bool) -> Any:
    """One built report model as text (str), HTML (str), PDF (bytes) or JSON (dict)."""
    if fmt == "json":
        return report.to_json()
    if fmt == "text":
        from inspectorate.core.report.text import render_text

        return render_text(report)
    if fmt == "html":
        from inspectorate.core.report.html import render_html

        return render_html(report, standalone=True, synthetic=synthetic)
    if fmt == "pdf":
        from inspectorate.core.report.pdf import render_pdf

        return render_pdf(report, synthetic=synthetic)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")


def report_for(inspection: Inspection) -> pub.Report:
    """Build the publication model of an inspection's report from the database."""
    programme = inspection.programme
    synthetic = inspection.force.is_synthetic
    # The report's national distribution is 2007's table of four grades: another model's report
    # prints its grade without one.
    distribution = {
        row.framework_key: counts
        for row in (national_summary(programme) if grading.is_default_model(programme) else [])
        if (counts := row.report_counts(synthetic=synthetic)) is not None
    }
    judgements = {j.framework.key: j.final_grade or None for j in inspection.judgements.select_related("framework")}
    frameworks = list(programme.frameworks.order_by("order", "key"))
    findings: dict[int, dict[str, list[Finding]]] = defaultdict(lambda: defaultdict(list))
    for finding in inspection.findings.select_related("framework").order_by("framework__order", "order", "id"):
        findings[finding.framework_id][finding.category].append(finding)
    recommendations = list(inspection.recommendations.select_related("framework", "finding").order_by("number"))

    sections = []
    for framework in frameworks:
        by_category = findings.get(framework.pk, {})
        paragraphs: dict[pub.Category, tuple[str, ...]] = {
            name: tuple(f.text for f in by_category.get(value, [])) for value, name in CATEGORY_NAMES.items()
        }
        if not paragraphs["national_context"] and framework.national_context:
            paragraphs["national_context"] = tuple(p for p in framework.national_context.split("\n\n") if p.strip())
        placements = _placements(framework.key, by_category, recommendations)
        counts = distribution.get(framework.key) if framework.graded else None
        sections.append(
            pub.FrameworkSection(
                key=framework.key,
                title=framework.title,
                group=framework.group or None,
                grade=judgements.get(framework.key) if framework.graded else None,
                national_distribution=pub.GradeCounts(**counts) if counts else None,
                recommendations=placements,
                # Its keys are the section's paragraph fields (pub.Category names them all); mypy cannot
                # tell a literal-keyed dict's keys apart from its other fields.
                **paragraphs,  # type: ignore[arg-type]
            )
        )
    graded = [f for f in frameworks if f.graded]
    # The summary tables name a group of frameworks by its title, never by its key.
    groups = {f.group: group_title(f.group, [g.title for g in frameworks if g.group == f.group])
              for f in frameworks if f.group}
    report = pub.Report(
        force=inspection.force.name,
        published=f"{programme.publication_month:%Y-%m}",
        isbn=inspection.isbn or None,
        introduction=_text_part("Introduction to the inspections", programme.introduction),
        overview=_text_part("Force overview and context", inspection.overview),
        national_summary=tuple(
            pub.NationalSummaryRow(
                framework=f.key, title=f.display_title, group=groups.get(f.group),
                counts=pub.GradeCounts(**distribution[f.key]),
            )
            for f in graded if f.key in distribution
        ),
        force_summary=tuple(
            pub.ForceSummaryRow(framework=f.key, title=f.display_title, group=groups.get(f.group),
                                grade=grade)
            for f in graded if (grade := judgements.get(f.key))
        ),
        frameworks=tuple(sections),
        developing_practice=tuple(
            pub.DevelopingPractice(
                title=example.title,
                problem=_paragraphs(example.problem),
                solution=_paragraphs(example.solution),
                outcomes=_paragraphs(example.outcomes),
                contact=example.contact,
                framework=example.framework.key,
            )
            for example in inspection.developing_practice.select_related("framework").order_by(
                "framework__order", "order", "id")
        ),
        recommendations=tuple(
            pub.Recommendation(number=r.number, framework=r.framework.key, text=r.text) for r in recommendations
        ),
        reconstructed=is_reconstructed(inspection),
    )
    return _with_glossary(report)


def is_reconstructed(inspection: Inspection) -> bool:
    """Whether the inspection's report can only be rebuilt from the published facts: it is published,
    and neither its findings nor its overview are held (the report's text was never imported)."""
    return inspection.state == State.PUBLISHED and not inspection.overview and not inspection.findings.exists()


def _placements(
    key: str, by_category: dict[str, list[Finding]], recommendations: list[Any]
) -> tuple[pub.RecommendationPlacement, ...]:
    """Each recommendation is printed after the finding that raised it (or last, if none is known)."""
    placements = []
    for recommendation in recommendations:
        if recommendation.framework.key != key:
            continue
        finding = recommendation.finding
        if finding is not None and finding.category in CATEGORY_NAMES:
            siblings = by_category.get(finding.category, [])
            after = next((i + 1 for i, f in enumerate(siblings) if f.pk == finding.pk), len(siblings))
            category = CATEGORY_NAMES[finding.category]
            placements.append(pub.RecommendationPlacement(recommendation.number, category, after))
        else:
            count = len(by_category.get(Category.AREA_FOR_IMPROVEMENT, []))
            placements.append(pub.RecommendationPlacement(recommendation.number, "areas_for_improvement", count))
    return tuple(placements)


def _text_part(title: str, sections: list[dict[str, Any]] | None) -> pub.TextPart | None:
    """A part of the report from stored sections; a first section titled as the part is its lead text."""
    if not sections:
        return None
    lead: tuple[str, ...] = ()
    if sections[0]["title"].casefold() == title.casefold():
        title = sections[0]["title"]
        lead, sections = tuple(sections[0].get("paragraphs", [])), sections[1:]
    return pub.TextPart(
        title=title,
        paragraphs=lead,
        sections=tuple(
            pub.TextSection(title=s["title"], paragraphs=tuple(s.get("paragraphs", []))) for s in sections
        ),
    )


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split("\n\n") if p.strip())


def _with_glossary(report: pub.Report) -> pub.Report:
    """The glossary holds every abbreviation the report uses that the glossary knows."""
    known = dict(GlossaryTerm.objects.values_list("abbreviation", "meaning"))
    entries, _warnings = build_glossary(report, known)
    return pub.Report(**{**report.__dict__, "glossary": entries})


def glossary_warnings(inspection: Inspection) -> tuple[str, ...]:
    """Abbreviations the report uses that have no glossary entry: a list for the author."""
    known = dict(GlossaryTerm.objects.values_list("abbreviation", "meaning"))
    return build_glossary(report_for(inspection), known)[1]


def pending_correction(inspection: Inspection) -> list[str]:
    """What the live report says differently from its latest published version: a correction not yet
    published (for staff; the public read the published version)."""
    from inspectorate.core.report.changes import report_changes

    latest = inspection.published_versions.order_by("-version").values_list("json", flat=True).first()
    if latest is None:
        return []
    return report_changes(latest, report_for(inspection).to_json())
