"""Render a Report as semantic, accessible HTML in the published layout (SPEC section 5).

One layout for every output: the web page embeds ``render_html(report, standalone=False)``
(the ``<article>``), ``render_html(report)`` is a self-contained printable page, and the
PDF is WeasyPrint's rendering of ``print_document(report)`` with the print rules of
``report.css``. The PDF's text is meant to be read back by the report parser (see
``docs/report-rendering.md``), so the print layout keeps to the published one: headings and
labels on lines of their own, "RECOMMENDATION n" after the finding that raised it, tables
whose cells come out of ``pdftotext -layout`` as one line a row, captions and other
screen-reader text hidden from print.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from importlib import resources

from inspectorate.core.charts import distribution_svg
from inspectorate.core.grades import grade_badge
from inspectorate.core.report.keys import PVP_GROUP, framework_group, short_title, slug
from inspectorate.core.report.model import (
    CATEGORY_HEADINGS,
    GRADES,
    PRINTED_CATEGORIES,
    RECONSTRUCTED,
    Category,
    DevelopingPractice,
    FrameworkSection,
    GradeCounts,
    Recommendation,
    Report,
    TextPart,
)
from inspectorate.core.report.text import GLOSSARY_TITLE, PVP_LIST_HEADING

# Printed under the title of every developing practice example (SPEC section 3).
PRACTICE_NOTICE = "Submitted by the force: not independently evaluated by the inspectorate."
SYNTHETIC_HEADING = "Made-up demonstration data"

_UNORDERED = re.compile(r"^(?P<marker>[-–•*▪◦·])\s+(?P<body>.*)$", re.DOTALL)
# A list keeps the marker its source wrote (so the PDF's text reads as the source did).
_MARKER_CLASSES = {"-": "list-hyphen", "–": "list-dash", "*": "list-star", "▪": "list-square", "◦": "list-circle"}
_NUMBERED = re.compile(r"^(?P<value>\d{1,2})\.\s+(?P<body>.*)$", re.DOTALL)
_LITERAL = re.compile(r"^(?:\d{1,2}\)|\([a-z0-9]{1,3}\))\s+")
# A word that holds a hyphen, dash or slash: WeasyPrint may break a line after it, and the
# parser cannot always tell "cross-" + "border" from "pre-" + "booked".
_INSIDE_WORD = re.compile(r"(?<=[^\W\d])[-‐–—/](?=[^\W\d])")  # between letters: figures keep plain hyphens
_UNBREAKABLE = {"-": "\u2011", "‐": "\u2011", "–": "\u2060–\u2060", "—": "\u2060—\u2060", "/": "\u2060/\u2060"}


def render_html(report: Report, *, standalone: bool = True, synthetic: bool = False) -> str:
    """The report as HTML: a whole printable page, or (``standalone=False``) its ``<article>``.

    ``synthetic`` adds a banner saying the report is made-up demonstration data about a
    made-up force (SPEC section 13), and says so in every chart.
    """
    renderer = _Renderer(report, synthetic=synthetic, for_print=False)
    return renderer.document() if standalone else renderer.article()


def print_document(report: Report, *, synthetic: bool = False) -> str:
    """The HTML the PDF is made from: ``render_html``'s page, set for print.

    Two things differ from the screen page, both for the text a PDF extraction gives back:
    the charts' words are glyph outlines (the table beside each chart holds its numbers as
    text), and words with a hyphen, dash or slash are never broken across lines.
    """
    return _Renderer(report, synthetic=synthetic, for_print=True).document()


def stylesheet() -> str:
    """The report's screen and print styles: the site's grade badges, then ``report.css`` (scoped to
    ``.inspection-report``)."""
    grades = resources.files("inspectorate").joinpath("static", "css", "grades.css").read_text(encoding="utf-8")
    own = resources.files("inspectorate.core.report").joinpath("report.css").read_text(encoding="utf-8")
    return f"{grades}\n{own}"


@dataclass(frozen=True)
class _Entry:
    """A contents entry: a heading's text and id, and the entries under it."""

    title: str
    anchor: str
    children: tuple[_Entry, ...] = ()


@dataclass
class _Anchors:
    """Unique, readable ids for the headings of one document."""

    used: set[str] = field(default_factory=set)

    def make(self, *parts: str) -> str:
        base = "-".join(slug(part) for part in parts if part) or "section"
        anchor, number = base, 2
        while anchor in self.used:
            anchor, number = f"{base}-{number}", number + 1
        self.used.add(anchor)
        return anchor


class _Renderer:
    """Renders one report; the ids are fixed first so the contents can link to them."""

    def __init__(self, report: Report, *, synthetic: bool, for_print: bool) -> None:
        self.report = report
        self.synthetic = synthetic
        self.for_print = for_print
        self.recommendations = {rec.number: rec for rec in report.recommendations}
        self.anchors = _Anchors({"report-title", "report-contents", "main"})
        self.part_ids = {
            name: self.anchors.make(name)
            for name, present in (
                ("introduction", report.introduction is not None),
                ("overview", report.overview is not None),
                ("findings", bool(report.national_summary or report.force_summary or report.frameworks)),
                ("national-summary", bool(report.national_summary)),
                ("force-summary", bool(report.force_summary)),
                ("recommendations", bool(report.recommendations)),
                ("glossary", bool(report.glossary)),
            )
            if present
        }
        self.subsection_ids = {
            (part_name, index): self.anchors.make(part_name, section.title)
            for part_name, part in (("introduction", report.introduction), ("overview", report.overview))
            if part is not None
            for index, section in enumerate(part.sections)
        }
        self.framework_ids = [self.anchors.make("framework", section.key) for section in report.frameworks]

    # -- text -------------------------------------------------------------------------------
    def text(self, value: str) -> str:
        """Escaped text; in print, words with hyphens, dashes or slashes are kept whole on their line.

        A hyphen inside a word becomes a non-breaking hyphen and a dash or slash is held by word
        joiners, so no line ends inside such a word (the text read back from the PDF then has the
        word as printed). Characters, not nowrap spans: WeasyPrint can break a paragraph's first
        line early before a nowrap span.
        """
        if not self.for_print:
            return escape(value)
        return escape(_INSIDE_WORD.sub(lambda match: _UNBREAKABLE[match.group(0)], value))

    def open_section(self, level: int, anchor: str, title: str, classes: str = "") -> str:
        """A section labelled by its heading: the one pattern every part of the report uses."""
        class_attribute = f' class="{classes}"' if classes else ""
        return (f'<section{class_attribute} aria-labelledby="{anchor}">\n'
                f'<h{level} id="{anchor}">{self.text(title)}</h{level}>\n')

    # -- the page -----------------------------------------------------------------------------
    def document(self) -> str:
        report = self.report
        title = f"{report.title}: {report.force}, {report.published_label}"
        if self.synthetic:
            title += f" ({SYNTHETIC_HEADING.lower()})"
        skip_to = next(iter(self.body_entries()), None)
        skip = f'<a class="skip-link" href="#{skip_to.anchor}">Skip to the report</a>\n' if skip_to else ""
        return (
            '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>\n{stylesheet()}</style>\n</head>\n"
            f'<body class="report-page">\n{skip}<main id="main">\n{self.article()}</main>\n</body>\n</html>\n'
        )

    def article(self) -> str:
        classes = "inspection-report synthetic" if self.synthetic else "inspection-report"
        parts = [f'<article class="{classes}" lang="en-GB" aria-labelledby="report-title">\n']
        if self.synthetic:
            parts.append(self.synthetic_banner())
        parts.append(self.cover())
        if self.report.reconstructed:
            parts.append(self.reconstruction_note())
        parts.append(self.contents())
        for name, part in (("introduction", self.report.introduction), ("overview", self.report.overview)):
            if part is not None:
                parts.append(self.text_part(name, part))
        parts.append(self.findings())
        parts.append(self.recommendation_list())
        parts.append(self.glossary())
        parts.append("</article>\n")
        return "".join(parts)

    def synthetic_banner(self) -> str:
        force = self.text(self.report.force)
        return (
            '<div class="synthetic-banner" role="note">\n'
            f"<p><strong>{SYNTHETIC_HEADING}:</strong> {force} is a made-up force.</p>\n"
            '<p class="screen-only">Every grade, finding, figure and recommendation in this report was '
            "invented to demonstrate the system; it describes no real police force.</p>\n</div>\n"
        )

    def reconstruction_note(self) -> str:
        """Says, on screen and on paper, that the report was rebuilt from the published facts."""
        return (
            '<div class="reconstruction-note" role="note">\n'
            f"<p><strong>This report is {RECONSTRUCTED}.</strong> The published report's own text is "
            "not held: its grades, the national counts and the framework of each recommendation are, "
            f"as published in {escape(self.report.published_label)}. Import the published report "
            "to add its findings and the wording of its recommendations.</p>\n</div>\n"
        )

    def cover(self) -> str:
        report = self.report
        lines = [f"ISBN: {report.isbn}"] if report.isbn else []
        lines.extend(report.cover_lines)
        if not any("copyright" in line.lower() for line in lines):
            lines.append(f"© Crown copyright {report.published[:4]}")
        imprint = "".join(f"<p>{self.text(line)}</p>\n" for line in lines)
        # On screen the banner above says it; on paper the banner runs in the page margins.
        notice = (
            f'<p class="cover-synthetic print-only"><strong>{SYNTHETIC_HEADING}.</strong> '
            f"{self.text(report.force)} is a made-up force; this is not a real inspection report.</p>\n"
            if self.synthetic else ""
        )
        return (
            '<header class="report-cover">\n'
            f'<h1 id="report-title"><span class="report-title">{self.text(report.title)}</span> '
            f'<span class="report-force">{self.text(report.force)}</span></h1>\n'
            f'<p class="report-published"><time datetime="{escape(report.published)}">'
            f"{escape(report.published_label)}</time></p>\n{notice}"
            f'<div class="report-imprint">\n{imprint}</div>\n</header>\n'
        )

    # -- contents -----------------------------------------------------------------------------
    def body_entries(self) -> list[_Entry]:
        """The contents: each part of the report with the sections under it."""
        report = self.report
        entries: list[_Entry] = []
        for name, part in (("introduction", report.introduction), ("overview", report.overview)):
            if part is not None:
                children = tuple(
                    _Entry(section.title, self.subsection_ids[(name, index)])
                    for index, section in enumerate(part.sections)
                )
                entries.append(_Entry(part.title, self.part_ids[name], children))
        if "findings" in self.part_ids:
            summaries = [
                _Entry(title, self.part_ids[name])
                for name, title in (("national-summary", "National summary of judgements"),
                                    ("force-summary", "Force summary of judgements"))
                if name in self.part_ids
            ]
            frameworks = [
                _Entry(section.title, anchor)
                for section, anchor in zip(report.frameworks, self.framework_ids, strict=True)
            ]
            entries.append(_Entry("Findings", self.part_ids["findings"], (*summaries, *frameworks)))
        if "recommendations" in self.part_ids:
            entries.append(_Entry("Recommendations", self.part_ids["recommendations"]))
        if "glossary" in self.part_ids:
            entries.append(_Entry(GLOSSARY_TITLE, self.part_ids["glossary"]))
        return entries

    def contents(self) -> str:
        entries = self.body_entries()
        if not entries:
            return ""
        return (
            '<nav class="report-contents" aria-labelledby="report-contents">\n<h2 id="report-contents">Contents</h2>\n'
            f"{self.contents_list(entries)}</nav>\n"
        )

    def contents_list(self, entries: Sequence[_Entry]) -> str:
        items = []
        for entry in entries:
            nested = self.contents_list(entry.children) if entry.children else ""
            items.append(f'<li><a href="#{entry.anchor}">{self.text(entry.title)}</a>{nested}</li>\n')
        return f'<ol class="contents-list">\n{"".join(items)}</ol>\n'

    # -- introduction and overview -------------------------------------------------------------
    def text_part(self, name: str, part: TextPart) -> str:
        anchor = self.part_ids[name]
        out = [self.open_section(2, anchor, part.title, "report-part"), self.blocks(part.paragraphs)]
        for index, section in enumerate(part.sections):
            sub = self.subsection_ids[(name, index)]
            out.append(self.open_section(3, sub, section.title))
            out.append(self.blocks(section.paragraphs))
            out.append("</section>\n")
        out.append("</section>\n")
        return "".join(out)

    # -- paragraphs, lists and recommendations where raised ---------------------------------------
    def blocks(self, paragraphs: Sequence[str], after: dict[int, list[int]] | None = None) -> str:
        """Paragraphs in order, runs of list items as lists, recommendations where ``after`` puts them."""
        out: list[str] = []
        open_list: str | None = None

        def close() -> None:
            nonlocal open_list
            if open_list is not None:
                out.append(f"</{open_list.split()[0]}>\n")
                open_list = None

        for index in range(len(paragraphs) + 1):
            for number in (after or {}).get(index, []):
                close()
                out.append(self.raised_recommendation(number))
            if index == len(paragraphs):
                break
            kind, item = self.list_item(paragraphs[index])
            if kind != open_list:
                close()
                if kind is not None:
                    out.append(f"<{kind}>\n")
                    open_list = kind
            out.append(item)
        close()
        return "".join(out)

    def list_item(self, paragraph: str) -> tuple[str | None, str]:
        """Which list a paragraph belongs to (None: none) and its HTML."""
        unordered = _UNORDERED.match(paragraph)
        if unordered:
            marker = _MARKER_CLASSES.get(unordered.group("marker"))
            kind = f'ul class="{marker}"' if marker else "ul"
            return kind, f"<li>{self.text(unordered.group('body'))}</li>\n"
        numbered = _NUMBERED.match(paragraph)
        if numbered:
            value = int(numbered.group("value"))
            return "ol", f'<li value="{value}">{self.text(numbered.group("body"))}</li>\n'
        if _LITERAL.match(paragraph):
            return 'ul class="marked-list"', f"<li>{self.text(paragraph)}</li>\n"
        return None, f"<p>{self.text(paragraph)}</p>\n"

    def raised_recommendation(self, number: int) -> str:
        rec = self.recommendations.get(number)
        text = (rec.text_where_raised or rec.text) if rec else ""
        return (
            f'<div class="recommendation" id="recommendation-{number}-raised">\n'
            f'<p class="recommendation-label">Recommendation {number}</p>\n'
            f'<p class="recommendation-text">{self.text(text)}</p>\n</div>\n'
        )

    # -- findings: the summaries and each framework ---------------------------------------------
    def findings(self) -> str:
        if "findings" not in self.part_ids:
            return ""
        anchor = self.part_ids["findings"]
        out = [self.open_section(2, anchor, "Findings", "report-part findings")]
        if self.report.national_summary:
            out.append(self.national_summary())
        if self.report.force_summary:
            out.append(self.force_summary())
        out.extend(self.framework_sections())
        out.append("</section>\n")
        return "".join(out)

    def national_summary(self) -> str:
        anchor = self.part_ids["national-summary"]
        head = "".join(f'<th scope="col">{grade}</th>' for grade in GRADES)
        groups = _grouped((row.title, row.group, _counts_cells(row.counts)) for row in self.report.national_summary)
        return (
            f'{self.open_section(3, anchor, "National summary of judgements", "summary")}'
            '<table class="summary-table national-summary">\n'
            "<caption>Number of forces awarded each grade, by framework</caption>\n"
            f'<thead><tr><th scope="col"><span class="visually-hidden">Framework</span></th>{head}</tr></thead>\n'
            f"{self.table_groups(groups, columns=5)}</table>\n</section>\n"
        )

    def force_summary(self) -> str:
        anchor = self.part_ids["force-summary"]
        groups = _grouped((row.title, row.group, f"<td>{grade_badge(row.grade)}</td>")
                          for row in self.report.force_summary)
        return (
            f'{self.open_section(3, anchor, "Force summary of judgements", "summary")}'
            '<table class="summary-table force-summary">\n'
            f"<caption>Grades awarded to {self.text(self.report.force)}, by framework</caption>\n"
            '<thead><tr><th scope="col"><span class="visually-hidden">Framework</span></th>'
            '<th scope="col">Grade</th></tr></thead>\n'
            f"{self.table_groups(groups, columns=2)}</table>\n</section>\n"
        )

    def table_groups(self, groups: list[tuple[str | None, list[tuple[str, str]]]], *, columns: int) -> str:
        out = []
        for group, rows in groups:
            out.append("<tbody>\n")
            if group is not None:
                out.append(f'<tr class="group-row"><th scope="rowgroup" colspan="{columns}">'
                           f"{self.text(group)}</th></tr>\n")
            row_class = ' class="in-group"' if group is not None else ""
            for title, cells in rows:
                out.append(f'<tr{row_class}><th scope="row">{self.text(title)}</th>{cells}</tr>\n')
            out.append("</tbody>\n")
        return "".join(out)

    def framework_sections(self) -> list[str]:
        """Each framework's section, with its developing practice examples after it."""
        practice: dict[str, list[DevelopingPractice]] = {}
        for example in self.report.developing_practice:
            practice.setdefault(example.framework, []).append(example)
        out = []
        last = len(self.report.frameworks) - 1
        for position, (section, anchor) in enumerate(zip(self.report.frameworks, self.framework_ids, strict=True)):
            examples = practice.pop(section.key, [])
            if position == last:  # examples of a framework the report has no section for
                examples += [example for rest in practice.values() for example in rest]
            out.append(self.framework(section, anchor, examples))
        return out

    def framework(self, section: FrameworkSection, anchor: str, examples: list[DevelopingPractice]) -> str:
        out = [self.open_section(3, anchor, section.title, "framework")]
        if section.grade is not None:
            out.append(f'<p class="grade-line"><span class="grade-label">Grade</span> '
                       f"{grade_badge(section.grade)}</p>\n")
        if section.national_distribution is not None:
            out.append(self.distribution(section, anchor, section.national_distribution))
        for category in PRINTED_CATEGORIES:
            out.append(self.category(section, anchor, category))
        if examples:
            out.append(self.developing_practice(anchor, examples))
        out.append("</section>\n")
        return "".join(out)

    def distribution(self, section: FrameworkSection, anchor: str, counts: GradeCounts) -> str:
        heading = f"{anchor}-distribution"
        chart = distribution_svg(
            counts, force_grade=section.grade, title=f"{section.title}: national grade distribution",
            synthetic=self.synthetic, chart_id=f"{anchor}-chart", outline_text=self.for_print,
        )
        head = "".join(f'<th scope="col">{grade}</th>' for grade in GRADES)
        return (
            f'{self.open_section(4, heading, "National grade distribution", "distribution")}'
            '<div class="distribution-body">\n'
            f'<table class="distribution-table">\n<caption>Number of forces at each grade ({counts.total} '
            f"forces)</caption>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody><tr>{_counts_cells(counts)}</tr></tbody>\n</table>\n"
            f'<figure class="distribution-chart">{chart}</figure>\n</div>\n</section>\n'
        )

    def category(self, section: FrameworkSection, anchor: str, category: Category) -> str:
        paragraphs = section.findings(category)
        after: dict[int, list[int]] = {}
        for placement in section.recommendations:
            if placement.category == category:
                after.setdefault(min(placement.after, len(paragraphs)), []).append(placement.number)
        if not paragraphs and not after:
            return ""
        heading = section.context_heading if category == "context" else CATEGORY_HEADINGS[category]
        ident = f"{anchor}-{category.replace('_', '-')}"
        classes = f"finding-category {category.replace('_', '-')}"
        return f"{self.open_section(4, ident, heading, classes)}{self.blocks(paragraphs, after)}</section>\n"

    def developing_practice(self, anchor: str, examples: list[DevelopingPractice]) -> str:
        heading = f"{anchor}-practice"
        out = [self.open_section(4, heading, "Developing practice", "developing-practice")]
        for number, example in enumerate(examples, start=1):
            title = f"{heading}-{number}"
            out.append(
                f'<article class="practice-example" aria-labelledby="{title}">\n'
                f'<h5 id="{title}"><span class="practice-label">Title:</span> '
                f'<span class="practice-title">{self.text(example.title)}</span></h5>\n'
                f'<p class="practice-notice">{PRACTICE_NOTICE}</p>\n'
            )
            for label, paragraphs in (("Problem:", example.problem), ("Solution:", example.solution),
                                      ("Outcome(s):", example.outcomes)):
                out.append(f'<h6 class="practice-label">{label}</h6>\n{self.blocks(paragraphs)}')
            out.append(f'<h6 class="practice-label">Force contact:</h6>\n'
                       f'<p class="practice-contact">{self.text(example.contact)}</p>\n</article>\n')
        out.append("</section>\n")
        return "".join(out)

    # -- the closing list of recommendations ------------------------------------------------------
    def recommendation_list(self) -> str:
        if "recommendations" not in self.part_ids:
            return ""
        anchor = self.part_ids["recommendations"]
        out = [self.open_section(2, anchor, "Recommendations", "report-part recommendations")]
        for group, components in self.recommendation_groups():
            if group is not None:
                ident = f"{anchor}-{slug(group)}"
                out.append(self.open_section(3, ident, group))
            for component, recs in components:
                if component is not None:
                    ident = f"{anchor}-{slug(component)}"
                    out.append(self.open_section(4, ident, component))
                out.append(self.recommendation_items(recs))
                if component is not None:
                    out.append("</section>\n")
            if group is not None:
                out.append("</section>\n")
        out.append("</section>\n")
        return "".join(out)

    def recommendation_groups(self) -> list[tuple[str | None, list[tuple[str | None, list[Recommendation]]]]]:
        """The recommendations in order, grouped by framework; the PVP components under one group."""
        groups: list[tuple[str | None, list[tuple[str | None, list[Recommendation]]]]] = []
        for rec in self.report.recommendations:
            pvp = self.is_pvp(rec.framework)
            group = PVP_LIST_HEADING if pvp else self.list_title(rec.framework)
            component = self.list_title(rec.framework) if pvp and rec.framework != "pvp-overview" else None
            if not groups or groups[-1][0] != group:
                groups.append((group, []))
            components = groups[-1][1]
            if not components or components[-1][0] != component:
                components.append((component, []))
            components[-1][1].append(rec)
        return groups

    def recommendation_items(self, recs: Iterable[Recommendation]) -> str:
        items = "".join(
            f'<li id="recommendation-{rec.number}"><p class="recommendation-label">Recommendation {rec.number}</p>\n'
            f'<p class="recommendation-text">{self.text(rec.text)}</p></li>\n'
            for rec in recs
        )
        return f'<ul class="recommendation-list">\n{items}</ul>\n'

    def is_pvp(self, key: str) -> bool:
        title = next((section.title for section in self.report.frameworks if section.key == key), key)
        return key == "pvp-overview" or framework_group(title) == PVP_GROUP

    def list_title(self, key: str) -> str | None:
        """A framework's name in the closing list: the summaries' short name, else its title's."""
        if not key:
            return None
        for rows in (self.report.national_summary, self.report.force_summary):
            for row in rows:
                if row.framework == key:
                    return row.title
        title = next((section.title for section in self.report.frameworks if section.key == key), None)
        return short_title(title) if title else key.replace("-", " ").capitalize()

    # -- glossary -----------------------------------------------------------------------------
    def glossary(self) -> str:
        if "glossary" not in self.part_ids:
            return ""
        anchor = self.part_ids["glossary"]
        out = [self.open_section(2, anchor, GLOSSARY_TITLE, "report-part glossary")]
        letter: str | None = None
        open_group = False
        for entry in self.report.glossary:
            initial = entry.abbreviation[:1].upper()
            if (initial.isascii() and initial.isalpha() and initial != letter) or not open_group:
                if open_group:
                    out.append("</dl>\n</section>\n")
                heading = initial if initial.isascii() and initial.isalpha() else None
                letter = heading
                opening = (self.open_section(3, self.anchors.make("glossary", heading), heading, "glossary-letter")
                           if heading else '<section class="glossary-letter">\n')
                out.append(f'{opening}<dl class="glossary-list">\n')
                open_group = True
            out.append(f'<div class="glossary-entry"><dt>{self.text(entry.abbreviation)}</dt>'
                       f"<dd>{self.text(entry.meaning)}</dd></div>\n")
        if open_group:
            out.append("</dl>\n</section>\n")
        out.append("</section>\n")
        return "".join(out)


def _counts_cells(counts: GradeCounts) -> str:
    return "".join(f"<td>{count}</td>" for count in (counts.excellent, counts.good, counts.fair, counts.poor))


def _grouped(rows: Iterable[tuple[str, str | None, str]]) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """Table rows in order under their group rows: only a group named apart from its row gets one."""
    groups: list[tuple[str | None, list[tuple[str, str]]]] = []
    for title, group, cells in rows:
        label = group if group and " ".join(group.split()).lower() != " ".join(title.split()).lower() else None
        if label is None and framework_group(title) == PVP_GROUP:
            label = PVP_LIST_HEADING
        if not groups or groups[-1][0] != label:
            groups.append((label, []))
        groups[-1][1].append((title, cells))
    return groups
