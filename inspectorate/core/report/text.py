"""Render a Report as plain text in the published layout (SPEC section 5).

The output is what the parser reads: ``parse_report(render_text(report))`` gives the same
report back. Cells are tab-separated as in the published text; page footers are not
printed (the text has no pages).
"""

from __future__ import annotations

from collections.abc import Iterable

from inspectorate.core.report.keys import PVP_GROUP, framework_group, short_title
from inspectorate.core.report.lines import is_bullet
from inspectorate.core.report.model import (
    CATEGORY_HEADINGS,
    GRADES,
    PRINTED_CATEGORIES,
    Category,
    DevelopingPractice,
    FrameworkSection,
    Recommendation,
    Report,
    TextPart,
)

GLOSSARY_TITLE = "Appendix: Glossary of Terms and Abbreviations"
PVP_LIST_HEADING = "Protecting vulnerable people"

Block = list[str]


def render_text(report: Report) -> str:
    """The whole report as plain text, blocks of lines separated by blank lines."""
    blocks: list[Block] = []
    blocks.extend(_cover(report))
    blocks.extend(_contents(report))
    for part in (report.introduction, report.overview):
        if part is not None:
            blocks.extend(_text_part(part))
    blocks.extend(_findings(report))
    blocks.extend(_framework_sections(report))
    blocks.extend(_recommendation_list(report))
    blocks.extend(_glossary(report))
    return "\n\n".join("\n".join(block) for block in blocks) + "\n"


def _paragraphs(paragraphs: Iterable[str]) -> list[Block]:
    """One block a paragraph; a run of list items stays together, as published."""
    blocks: list[Block] = []
    previous_bullet = False
    for paragraph in paragraphs:
        bullet = is_bullet(paragraph)
        if bullet and previous_bullet:
            blocks[-1].append(paragraph)
        else:
            blocks.append([paragraph])
        previous_bullet = bullet
    return blocks


def _cover(report: Report) -> list[Block]:
    blocks: list[Block] = [[report.title], [report.force], [report.published_label]]
    if report.isbn:
        blocks.append([f"ISBN: {report.isbn}"])
    blocks.extend([line] for line in report.cover_lines)
    return blocks


def _contents(report: Report) -> list[Block]:
    blocks: list[Block] = []
    for part in (report.introduction, report.overview):
        if part is not None:
            blocks.append([part.title])
            if part.sections:
                blocks.append([section.title for section in part.sections])
    if report.national_summary or report.force_summary or report.frameworks:
        blocks.append(["Findings"])
    if report.national_summary:
        blocks.append(["National summary of judgements"])
    if report.force_summary:
        blocks.append(["Force summary of judgements"])
    blocks.extend([section.title] for section in report.frameworks)
    if report.recommendations:
        blocks.append(["Recommendations"])
    if report.glossary:
        blocks.append([GLOSSARY_TITLE])
    return [["Contents"], *blocks] if blocks else []


def _text_part(part: TextPart) -> list[Block]:
    blocks: list[Block] = [[part.title], *_paragraphs(part.paragraphs)]
    for section in part.sections:
        blocks.append([section.title])
        blocks.extend(_paragraphs(section.paragraphs))
    return blocks


def _findings(report: Report) -> list[Block]:
    blocks: list[Block] = []
    if report.national_summary or report.force_summary or report.frameworks:
        blocks.append(["Findings"])
    if report.national_summary:
        rows = ["\t" + "\t".join(GRADES)]
        group: str | None = None
        for row in report.national_summary:
            if row.group is not None and row.group != group:
                rows.append(row.group + "\t" * 4)
            group = row.group
            counts = row.counts
            rows.append("\t".join([row.title, *map(str, counts.in_order())]))
        blocks.extend([["National summary of judgements"], rows])
    if report.force_summary:
        rows = []
        group = None
        for force_row in report.force_summary:
            if force_row.group is not None and force_row.group != group:
                rows.append(f"{force_row.group}\tGrade")
            group = force_row.group
            rows.append(f"{force_row.title}\t{force_row.grade}")
        blocks.extend([["Force summary of judgements"], rows])
    return blocks


def _framework_sections(report: Report) -> list[Block]:
    blocks: list[Block] = []
    recommendations = {rec.number: rec for rec in report.recommendations}
    practice: dict[str, list[DevelopingPractice]] = {}
    for example in report.developing_practice:
        practice.setdefault(example.framework, []).append(example)
    printed: set[str] = set()
    for position, section in enumerate(report.frameworks):
        blocks.extend(_framework(section, recommendations))
        examples = [] if section.key in printed else practice.pop(section.key, [])
        if position == len(report.frameworks) - 1:
            examples += [example for rest in practice.values() for example in rest]
        printed.add(section.key)
        if examples:
            blocks.append(["Developing Practice"])
            for example in examples:
                blocks.extend(_developing_practice(example))
    return blocks


def _framework(section: FrameworkSection, recommendations: dict[int, Recommendation]) -> list[Block]:
    blocks: list[Block] = [[section.title]]
    if section.grade is not None:
        blocks.append([f"GRADE\t{section.grade.upper()}", "-------\t------"])
    counts = section.national_distribution
    if counts is not None:
        blocks.append(["National grade distribution"])
        blocks.append(["\t".join(GRADES), "\t".join(map(str, counts.in_order()))])
    for category in PRINTED_CATEGORIES:
        paragraphs = section.findings(category)
        placed = [p for p in section.recommendations if p.category == category]
        if not paragraphs and not placed:
            continue
        blocks.append([section.context_heading if category == "context" else CATEGORY_HEADINGS[category]])
        blocks.extend(_findings_with_recommendations(category, paragraphs, section, recommendations))
    return blocks


def _findings_with_recommendations(
    category: Category,
    paragraphs: tuple[str, ...],
    section: FrameworkSection,
    recommendations: dict[int, Recommendation],
) -> list[Block]:
    """The paragraphs of one category, each recommendation after the finding that raised it."""
    after: dict[int, list[int]] = {}
    for placement in section.recommendations:
        if placement.category == category:
            after.setdefault(min(placement.after, len(paragraphs)), []).append(placement.number)
    blocks: list[Block] = []
    for index in range(len(paragraphs) + 1):
        for number in after.get(index, []):
            rec = recommendations.get(number)
            text = (rec.text_where_raised or rec.text) if rec else ""
            blocks.extend([[f"RECOMMENDATION {number}"], [text]])
        if index < len(paragraphs):
            blocks.extend(_paragraphs([paragraphs[index]]))
    return _merge_list_runs(blocks)


def _merge_list_runs(blocks: list[Block]) -> list[Block]:
    merged: list[Block] = []
    for block in blocks:
        if merged and is_bullet(block[0]) and is_bullet(merged[-1][-1]) and len(block) == 1:
            merged[-1].append(block[0])
        else:
            merged.append(block)
    return merged


def _developing_practice(example: DevelopingPractice) -> list[Block]:
    blocks: list[Block] = [[f"TITLE: {example.title}"]]
    for label, paragraphs in (("PROBLEM:", example.problem), ("SOLUTION:", example.solution),
                              ("OUTCOME(S):", example.outcomes)):
        blocks.append([label])
        blocks.extend(_paragraphs(paragraphs))
    blocks.append([f"FORCE CONTACT: {example.contact}".rstrip()])
    return blocks


def _list_heading(report: Report, key: str) -> list[str]:
    """The heading(s) a framework's recommendations sit under in the closing list."""
    title = next((section.title for section in report.frameworks if section.key == key), None)
    if title is None:
        title = next((row.title for row in report.national_summary if row.framework == key), None)
    if title is None:
        title = key.replace("-", " ").capitalize()
    if key == "pvp-overview":
        return [PVP_LIST_HEADING]
    return [short_title(title)]


def _recommendation_list(report: Report) -> list[Block]:
    if not report.recommendations:
        return []
    blocks: list[Block] = [["Recommendations"]]
    current = ""
    in_pvp = False
    for rec in report.recommendations:
        if rec.framework != current:
            title = next((s.title for s in report.frameworks if s.key == rec.framework), rec.framework)
            pvp = framework_group(title) == PVP_GROUP or rec.framework == "pvp-overview"
            if pvp and not in_pvp and rec.framework != "pvp-overview":
                blocks.append([PVP_LIST_HEADING])
            if rec.framework:
                blocks.append(_list_heading(report, rec.framework))
            in_pvp = pvp
            current = rec.framework
        blocks.extend([[f"Recommendation {rec.number}"], [rec.text]])
    return blocks


def _glossary(report: Report) -> list[Block]:
    if not report.glossary:
        return []
    blocks: list[Block] = [[GLOSSARY_TITLE]]
    letter = ""
    rows: Block | None = None
    for entry in report.glossary:
        initial = entry.abbreviation[:1].upper()
        if initial.isascii() and initial.isalpha() and initial != letter:
            letter = initial
            blocks.append([letter])
            rows = None
        if rows is None:
            rows = []
            blocks.append(rows)
        rows.append(f"{entry.abbreviation}\t{entry.meaning}")
    return blocks
