"""Read a published inspection report (plain text, as extracted from its PDF) into a Report.

The layout is the one of SPEC section 5, as the 2007 reports print it: cover, contents,
introduction, force overview, findings (national and force summaries), one section per
framework, the closing list of recommendations and the glossary. ``docs/report-format.md``
describes it and the extraction artefacts this module copes with; ``lines.py`` removes the
page furniture first. The parser walks the lines once (linear time) and raises
``ReportFormatError`` naming the line where the text stops being a report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspectorate.core.grades import GRADE_KEYS
from inspectorate.core.report.errors import ReportFormatError, quoted
from inspectorate.core.report.furniture import Dropped, Guess
from inspectorate.core.report.keys import framework_group, framework_key
from inspectorate.core.report.lines import (
    MONTH_YEAR,
    RECOMMENDATION_WORD,
    Line,
    continues,
    ends_sentence,
    is_bullet,
    join_lines,
    join_words,
    prepare,
)
from inspectorate.core.report.model import (
    CATEGORIES,
    MONTHS,
    Category,
    DevelopingPractice,
    ForceSummaryRow,
    FrameworkSection,
    GlossaryEntry,
    Grade,
    GradeCounts,
    NationalSummaryRow,
    Recommendation,
    RecommendationPlacement,
    Report,
    TextPart,
    TextSection,
)
from inspectorate.core.report.tables import (
    DASH_ROW,
    GRADE_BY_WORD,
    parse_distribution,
    parse_force_summary,
    parse_national_summary,
)

__all__ = ["Dropped", "Guess", "ReportFormatError", "explain_report", "parse_report"]

# Headings are matched on the lower-case, whitespace-normalised line.
INTRO = re.compile(r"^introduction(?: to\b.{0,60})?$")
OVERVIEW = re.compile(r"^force overview(?: and context)?$")
FINDINGS = re.compile(r"^findings$")
NATIONAL_SUMMARY = re.compile(r"^national summary of judgements?$")
FORCE_SUMMARY = re.compile(r"^force summary of judgements?$")
RECOMMENDATIONS = re.compile(r"^recommendations$")
GLOSSARY = re.compile(r"^(?:appendix\b[^:]{0,20}:\s*)?glossary\b.{0,60}$")
GRADE_LINE = re.compile(rf"^grade\s*:?\s*(?:(?P<grade>{'|'.join(GRADE_KEYS)})\s*)?$")
DISTRIBUTION = re.compile(r"^national grade distribution$")
DEVELOPING_PRACTICE = re.compile(r"^developing practice$")
ISBN = re.compile(r"^isbn(?:-1[03])?\s*:?\s*(?P<isbn>[0-9][0-9Xx\- ]+)$", re.IGNORECASE)
MARKER = re.compile(
    r"^(?P<word>recommendation)\s+(?P<number>\d{1,3})(?P<sep>\s*[:.–—-])?\s*(?P<rest>.*)$", re.IGNORECASE
)
PRACTICE_LABEL = re.compile(
    r"^(?P<label>title|problem|solution|outcome\(s\)|outcomes?|force contact|contact)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
# A contents line this long holds every entry; dot leaders and page numbers are dropped from it.
ONE_LINE_CONTENTS = 120
CONTENTS_NOISE = re.compile(r"\.{2,}|(?<=\s)\d{1,3}(?=\s|$)")
PAGE_NUMBER = re.compile(r"(?:\s*\.{2,}\s*|\s+)\d{1,3}$")

CATEGORY_BY_HEADING: dict[str, Category] = {
    "national contextual factors": "national_context",
    "contextual factors": "context",
    "contextual factors overview": "context",
    "strengths": "strengths",
    "work in progress": "work_in_progress",
    "areas for improvement": "areas_for_improvement",
}
LABELS = {"outcome(s)": "outcomes", "outcome": "outcomes", "force contact": "contact"}
FINDINGS_HEADINGS = "a findings heading (National contextual factors, Contextual factors, Strengths, " \
    "Work in progress or Areas for improvement)"
GRADE_EXPECTED = 'a grade (Excellent, Good, Fair or Poor) after "GRADE"'
COVER_TITLE = 'the cover title "Inspection Report"'
GRADE_HEADER = sorted(GRADE_KEYS)


def parse_report(text: str) -> Report:
    """Parse the text of a published inspection report.

    Raises ``ReportFormatError`` (with the line number and what was expected there) when
    the text is not a report or is cut off inside a section. Sections a report does not
    have come back empty.
    """
    return _Parser(text).parse()


def explain_report(text: str) -> tuple[Report, list[Dropped | Guess]]:
    """Parse a report and say what was dropped from it as page furniture, and where, and
    which paragraph breaks, joins and hyphens were guesses (in the order of the lines).

    Raises ``ReportFormatError`` as ``parse_report`` does.
    """
    parser = _Parser(text)
    report = parser.parse()
    notes: list[Dropped | Guess] = [*parser.doc.dropped, *parser.doc.guesses]
    notes.sort(key=lambda note: note.line)
    return report, notes


def _layout_heading(plain: str) -> bool:
    """Whether a line is one of the layout's own headings or labels (never page furniture)."""
    key = " ".join(plain.lower().split()).rstrip(":").rstrip()
    if key == "contents" or key in CATEGORY_BY_HEADING or sorted(key.split()) == GRADE_HEADER:
        return True
    if any(pattern.match(key) for pattern in (INTRO, OVERVIEW, FINDINGS, NATIONAL_SUMMARY, FORCE_SUMMARY,
                                               RECOMMENDATIONS, GLOSSARY, GRADE_LINE, DISTRIBUTION,
                                               DEVELOPING_PRACTICE)):
        return True
    if _marker(plain) is not None or RECOMMENDATION_WORD.match(plain):
        return True
    return _practice_label(plain) is not None and plain[:4].isupper()


def _heading_key(line: Line) -> str:
    return line.key.rstrip(":").rstrip()


def _marker(plain: str) -> tuple[int, str] | None:
    """A "RECOMMENDATION n" line: its number and any text printed on the same line."""
    match = MARKER.match(plain)
    if match is None:
        return None
    rest = match.group("rest")
    if rest and not (match.group("sep") or match.group("word").isupper()):
        return None  # a sentence that starts "Recommendation 3 of ..."
    return int(match.group("number")), rest


def _practice_label(plain: str) -> tuple[str, str] | None:
    match = PRACTICE_LABEL.match(plain)
    if match is None:
        return None
    label = match.group("label").lower()
    return LABELS.get(label, label), match.group("rest").strip()


def _entry_forms(key: str) -> set[str]:
    """A contents entry as printed, and without a trailing page number."""
    return {key, PAGE_NUMBER.sub("", key)}


def _entries_length(key: str) -> int:
    """The length of a contents line without its dot leaders and page numbers."""
    return len(" ".join(CONTENTS_NOISE.sub(" ", key).split()))


def _looks_like_heading(text: str) -> bool:
    return len(text) <= 80 and not ends_sentence(text) and not is_bullet(text) and "\t" not in text


@dataclass
class _Paragraph:
    text: str
    line: int
    last_line: int
    after_break: bool


class _Parser:
    """One pass over the prepared lines; ``self.i`` is the cursor."""

    def __init__(self, text: str) -> None:
        self.doc = prepare(text, _layout_heading)
        self.lines = self.doc.lines
        self.n = len(self.lines)
        self.i = 0
        self.subheadings: dict[str, set[str]] = {"introduction": set(), "overview": set()}
        self.framework_titles: set[str] = set()
        self.has_contents = False
        # The list the last paragraph went to: a paragraph after a page break may continue it.
        self.last_target: list[str] | None = None
        self.tail: tuple[list[str], int, int] | None = None
        self.title = ""
        self.force = ""
        self.published = ""
        self.isbn: str | None = None
        self.cover_lines: list[str] = []
        self.introduction: TextPart | None = None
        self.overview: TextPart | None = None
        self.national: list[NationalSummaryRow] = []
        self.force_rows: list[ForceSummaryRow] = []
        self.frameworks: list[FrameworkSection] = []
        self.practice: list[DevelopingPractice] = []
        self.raised: dict[int, tuple[str, list[str]]] = {}
        self.listed: dict[int, tuple[str, list[str]]] = {}
        self.glossary_rows: list[tuple[str, str]] = []

    # -- cursor helpers -------------------------------------------------------------------
    def _eof(self) -> bool:
        return self.i >= self.n

    def _line(self) -> Line:
        return self.lines[self.i]

    def _heading(self) -> None:
        self.i += 1
        self.last_target = None

    def _end_error(self, expected: str) -> ReportFormatError:
        last = self.lines[-1].number if self.lines else 1
        return ReportFormatError(last, expected, "the end of the file")

    def _error_here(self, expected: str) -> ReportFormatError:
        if self._eof():
            return self._end_error(expected)
        line = self._line()
        return ReportFormatError(line.number, expected, quoted(line.plain))

    def _skip_dash_rows(self) -> None:
        while not self._eof() and DASH_ROW.match(self._line().text):
            self.i += 1

    # -- what a line is -------------------------------------------------------------------
    def _is_part_heading(self, key: str) -> bool:
        return bool(
            INTRO.match(key) or OVERVIEW.match(key) or FINDINGS.match(key) or NATIONAL_SUMMARY.match(key)
            or FORCE_SUMMARY.match(key) or RECOMMENDATIONS.match(key) or GLOSSARY.match(key)
        )

    def _is_framework_title(self, index: int, *, by_contents: bool = True) -> bool:
        """A framework's title: listed as one in the contents, or followed by its GRADE line,
        its distribution or its first findings heading (national or local context).

        Inside the introduction and overview only the second test applies, as their lists
        may name a framework ("Neighbourhood Policing") on a line of its own.
        """
        line = self.lines[index]
        if not line.new_block or not _looks_like_heading(line.text):
            return False
        if by_contents and line.key in self.framework_titles:
            return True
        if index + 1 >= self.n:
            return False
        follower = _heading_key(self.lines[index + 1])
        return bool(GRADE_LINE.match(follower) or DISTRIBUTION.match(follower)
                    or CATEGORY_BY_HEADING.get(follower) in ("national_context", "context"))

    def _is_major(self, index: int, *, by_contents: bool = True) -> bool:
        return self._is_part_heading(_heading_key(self.lines[index])) or self._is_framework_title(
            index, by_contents=by_contents)

    def _is_structural(self, line: Line) -> bool:
        """Whether a line is a heading or label (so it cannot continue a paragraph)."""
        key = _heading_key(line)
        if key in CATEGORY_BY_HEADING or key in self.framework_titles or self._is_part_heading(key):
            return True
        if GRADE_LINE.match(key) or DISTRIBUTION.match(key) or DEVELOPING_PRACTICE.match(key):
            return True
        if _marker(line.plain) is not None:
            return True
        return _practice_label(line.plain) is not None and line.plain[:4].isupper()

    # -- paragraphs -----------------------------------------------------------------------
    def _read_paragraph(self) -> _Paragraph:
        first = self._line()
        parts = [first.plain]
        last = first
        self.i += 1
        if first.block not in self.doc.list_blocks:
            while not self._eof():
                line = self._line()
                if line.new_block or is_bullet(line.plain) or self._is_structural(line):
                    break
                parts.append(line.plain)
                last = line
                self.i += 1
        return _Paragraph(join_lines(parts, self.doc.words), first.number, last.number, first.after_break)

    def _rest_of(self, line: Line, text: str) -> _Paragraph:
        """Text printed after a label ("TITLE: ..."), with the lines that continue it."""
        parts = [text]
        last = line
        while not self._eof():
            following = self._line()
            if following.new_block or is_bullet(following.plain) or self._is_structural(following):
                break
            if _practice_label(following.plain) is not None:
                break
            parts.append(following.plain)
            last = following
            self.i += 1
        return _Paragraph(join_lines(parts, self.doc.words), line.number, last.number, False)

    @staticmethod
    def _continues(previous: str, paragraph: _Paragraph) -> bool:
        """Whether a paragraph is the rest of the previous one, cut by a page break.

        Where the page footer was lost in extraction only a blank line is left, so a
        lower-case start after an unfinished sentence is a continuation too.
        """
        if paragraph.after_break:
            return continues(previous, paragraph.text)
        return paragraph.text[:1].islower() and not ends_sentence(previous) and not is_bullet(paragraph.text)

    def _add(self, target: list[str], paragraph: _Paragraph, *, track_tail: bool = True) -> None:
        previous = self.last_target
        if previous and self._continues(previous[-1], paragraph):
            previous[-1] = join_words(previous[-1], paragraph.text, self.doc.words)
            holder = previous
        else:
            target.append(paragraph.text)
            self.last_target = holder = target
        self.tail = (holder, len(holder) - 1, paragraph.last_line) if track_tail else None

    # -- the report -----------------------------------------------------------------------
    def parse(self) -> Report:
        self._cover()
        self._contents()
        self._body()
        self._check_not_cut_off()
        return Report(
            force=self.force,
            published=self.published,
            isbn=self.isbn,
            title=self.title,
            cover_lines=tuple(self.cover_lines),
            introduction=self.introduction,
            overview=self.overview,
            national_summary=tuple(self.national),
            force_summary=tuple(self.force_rows),
            frameworks=tuple(self.frameworks),
            developing_practice=tuple(self.practice),
            recommendations=self._recommendations(),
            glossary=tuple(GlossaryEntry(abbreviation, meaning) for abbreviation, meaning in self.glossary_rows),
        )

    def _check_not_cut_off(self) -> None:
        if self.tail is None or not self.lines:
            return
        holder, index, last_line = self.tail
        text = holder[index]
        if last_line == self.lines[-1].number and not ends_sentence(text) and not is_bullet(text):
            raise ReportFormatError(
                last_line, "the rest of the paragraph (the file ends in the middle of a sentence)",
                quoted("…" + text[-40:]),
            )

    def _cover(self) -> None:
        if not self.lines:
            raise ReportFormatError(1, COVER_TITLE, "an empty file")
        for index in range(min(5, self.n)):
            if "inspection report" in self.lines[index].key:
                self.title = self.lines[index].plain
                self.cover_lines.extend(line.plain for line in self.lines[:index])
                self.i = index + 1
                break
        else:
            raise ReportFormatError(self.lines[0].number, COVER_TITLE, quoted(self.lines[0].plain))
        if self._eof() or MONTH_YEAR.fullmatch(self._line().plain):
            raise self._error_here("the force's name after the cover title")
        self.force = self._line().plain
        self.i += 1
        date = MONTH_YEAR.fullmatch(self._line().plain) if not self._eof() else None
        if date is None:
            raise self._error_here('the month and year of publication (e.g. "October 2007") after the force\'s name')
        month = MONTHS.index(date.group("month").capitalize()) + 1
        self.published = f"{date.group('year')}-{month:02d}"
        self.i += 1
        while not self._eof() and not self._starts_body():
            line = self._line()
            isbn = ISBN.match(line.plain)
            if isbn:
                self.isbn = isbn.group("isbn").strip()
            else:
                self.cover_lines.append(line.plain)
            if len(self.cover_lines) > 8:
                raise ReportFormatError(line.number, '"Contents" or the introduction after the cover',
                                        quoted(line.plain))
            self.i += 1
        if self._eof():
            raise self._end_error('"Contents" or the first section of the report after the cover')

    def _starts_body(self) -> bool:
        key = _heading_key(self._line())
        one_line = key.startswith("contents ") and _entries_length(key) > ONE_LINE_CONTENTS
        return key == "contents" or one_line or self._is_part_heading(key) or self._is_framework_title(self.i)

    def _contents(self) -> None:
        if self._eof():
            return
        key = _heading_key(self._line())
        if key.startswith("contents ") and _entries_length(key) > ONE_LINE_CONTENTS:
            self._heading()
            self._one_line_contents(key[len("contents "):])
            return
        if key != "contents":
            return
        start = self._line()
        self._heading()
        if not self._eof() and _entries_length(self._line().key) > ONE_LINE_CONTENTS:
            self._heading()
            self._one_line_contents(self.lines[self.i - 1].key)
            return
        entries: list[str] = []
        first: set[str] | None = None
        while not self._eof():
            key = _heading_key(self._line())
            if first is not None and (key in first or PAGE_NUMBER.sub("", key) in first):
                break
            if first is None:
                first = _entry_forms(key)
            entries.append(PAGE_NUMBER.sub("", key))
            self.i += 1
        else:
            raise ReportFormatError(start.number, "the report to begin after its contents",
                                    "the end of the file (the first entry never appears again)")
        self.has_contents = True
        self._sort_contents(entries)

    def _one_line_contents(self, contents: str) -> None:
        """Contents printed on one line (as a web text service extracts them): the entries are
        the later headings found in it, in the order the contents give them."""
        padded = " " + " ".join(CONTENTS_NOISE.sub(" ", contents).split()) + " "
        entries: list[str] = []
        position = 0
        for line in self.lines[self.i:]:
            if not line.new_block or not _looks_like_heading(line.plain):
                continue
            key = _heading_key(line)
            found = padded.find(f" {key} ", position)
            if found >= 0:
                entries.append(key)
                position = found + len(key) + 1
        self.has_contents = True
        self._sort_contents(entries)

    def _sort_contents(self, entries: list[str]) -> None:
        """Which entries title subsections of the introduction and overview, and frameworks."""
        region: str | None = None
        for entry in entries:
            if INTRO.match(entry):
                region = "introduction"
            elif OVERVIEW.match(entry):
                region = "overview"
            elif FINDINGS.match(entry) or NATIONAL_SUMMARY.match(entry) or FORCE_SUMMARY.match(entry):
                region = "frameworks"
            elif RECOMMENDATIONS.match(entry) or GLOSSARY.match(entry):
                region = None
            elif region == "frameworks":
                self.framework_titles.add(entry)
            elif region is not None:
                self.subheadings[region].add(entry)

    def _body(self) -> None:
        while not self._eof():
            key = _heading_key(self._line())
            if INTRO.match(key) and self.introduction is None and not self.frameworks:
                self.introduction = self._text_part("introduction")
            elif OVERVIEW.match(key) and self.overview is None and not self.frameworks:
                self.overview = self._text_part("overview")
            elif FINDINGS.match(key):
                self._heading()
            elif NATIONAL_SUMMARY.match(key):
                self._heading()
                national, self.i = parse_national_summary(self.lines, self.i)
                self.national.extend(national)
                self._not_last("the force summary or the framework sections after the national summary")
            elif FORCE_SUMMARY.match(key):
                self._heading()
                force_rows, self.i = parse_force_summary(self.lines, self.i)
                self.force_rows.extend(force_rows)
                self._not_last("the framework sections after the force summary")
            elif RECOMMENDATIONS.match(key):
                self._recommendation_list()
            elif GLOSSARY.match(key):
                self._glossary()
            elif self._is_framework_title(self.i):
                self._framework()
            else:
                raise self._error_here(
                    "the next section's heading (a framework's title, \"Recommendations\" or the glossary)"
                )

    def _not_last(self, expected: str) -> None:
        """A report never ends with a summary table: one that does was cut off."""
        if self._eof():
            raise self._end_error(expected)

    def _is_subheading(self, region: str) -> bool:
        line = self._line()
        single = self.i + 1 >= self.n or self.lines[self.i + 1].new_block
        if not (line.new_block and single):
            return False
        if self.has_contents:
            return line.key in self.subheadings[region]
        return _looks_like_heading(line.plain) and line.plain[:1].isupper() and len(line.plain) <= 60

    def _text_part(self, region: str) -> TextPart:
        heading = self._line()
        self._heading()
        lead: list[str] = []
        sections: list[tuple[str, list[str]]] = []
        target = lead
        pending: Line | None = heading
        while not self._eof() and not self._is_major(self.i, by_contents=False):
            if self._is_subheading(region):
                pending = self._line()
                sections.append((pending.plain, []))
                target = sections[-1][1]
                self._heading()
                continue
            self._add(target, self._read_paragraph())
            pending = None
        if pending is not None and self._eof():
            raise self._end_error(f"the text under {quoted(pending.plain)}")
        return TextPart(heading.plain, tuple(lead), tuple(TextSection(t, tuple(p)) for t, p in sections))

    # -- a framework section --------------------------------------------------------------
    def _framework(self) -> None:
        title = self._line()
        self._heading()
        key = framework_key(title.plain)
        grade: Grade | None = None
        distribution: GradeCounts | None = None
        if not self._eof() and GRADE_LINE.match(_heading_key(self._line())):
            grade = self._grade()
            self._skip_dash_rows()
            if self._eof() or not DISTRIBUTION.match(_heading_key(self._line())):
                raise self._error_here('"National grade distribution" after the GRADE line')
        if not self._eof() and DISTRIBUTION.match(_heading_key(self._line())):
            self._heading()
            distribution, self.i = parse_distribution(self.lines, self.i)
        findings: dict[Category, list[str]] = {category: [] for category in CATEGORIES}
        placements: list[RecommendationPlacement] = []
        category: Category | None = None
        context_heading = "Contextual factors"
        pending: Line | None = title
        while not self._eof():
            line = self._line()
            heading = CATEGORY_BY_HEADING.get(_heading_key(line))
            if heading is not None:
                category = heading
                if heading == "context":
                    context_heading = line.plain.rstrip(":").rstrip()
                pending = line
                self._heading()
                continue
            marker = _marker(line.plain)
            if marker is not None:
                if category is None:
                    raise ReportFormatError(line.number, f"{FINDINGS_HEADINGS} before the recommendation",
                                            quoted(line.plain))
                placements.append(RecommendationPlacement(marker[0], category, len(findings[category])))
                self.raised[marker[0]] = (key, self._recommendation_text(marker))
                pending = None
                continue
            if DEVELOPING_PRACTICE.match(_heading_key(line)) or _practice_label(line.plain) is not None:
                self._developing_practice(key)
                category = None
                pending = None
                continue
            if self._is_major(self.i):
                break
            if GRADE_LINE.match(_heading_key(line)) or DISTRIBUTION.match(_heading_key(line)):
                raise self._error_here(f"a framework's title before {quoted(line.plain)}")
            if DASH_ROW.match(line.text):
                self.i += 1
                continue
            if category is None:
                raise self._error_here(FINDINGS_HEADINGS)
            self._add(findings[category], self._read_paragraph())
            pending = None
        if pending is not None and self._eof():
            raise self._end_error(f"the findings under {quoted(pending.plain)}")
        self.frameworks.append(FrameworkSection(
            key=key,
            title=title.plain,
            group=framework_group(title.plain),
            grade=grade,
            national_distribution=distribution,
            national_context=tuple(findings["national_context"]),
            context=tuple(findings["context"]),
            strengths=tuple(findings["strengths"]),
            work_in_progress=tuple(findings["work_in_progress"]),
            areas_for_improvement=tuple(findings["areas_for_improvement"]),
            recommendations=tuple(sorted(placements, key=lambda p: (CATEGORIES.index(p.category), p.after))),
            context_heading=context_heading,
        ))

    def _grade(self) -> Grade:
        match = GRADE_LINE.match(_heading_key(self._line()))
        self._heading()
        if match is not None and match.group("grade"):
            return GRADE_BY_WORD[match.group("grade")]
        self._skip_dash_rows()
        if self._eof() or _heading_key(self._line()) not in GRADE_BY_WORD:
            raise self._error_here(GRADE_EXPECTED)
        grade = GRADE_BY_WORD[_heading_key(self._line())]
        self.i += 1
        return grade

    def _recommendation_text(self, marker: tuple[int, str]) -> list[str]:
        """Consume a "RECOMMENDATION n" line and its text; the text is in the returned list."""
        number, rest = marker
        self._heading()
        holder: list[str] = []
        if rest:
            self._add(holder, self._rest_of(self.lines[self.i - 1], rest))
            return holder
        expected = f"the text of recommendation {number}"
        if self._eof() or self._is_structural(self._line()) or self._is_major(self.i):
            raise self._error_here(expected)
        self._add(holder, self._read_paragraph())
        return holder

    # -- developing practice --------------------------------------------------------------
    def _developing_practice(self, framework: str) -> None:
        start = self._line()
        if DEVELOPING_PRACTICE.match(_heading_key(start)):
            self._heading()
        count = 0
        while not self._eof() and (_practice_label(self._line().plain) or ("", ""))[0] == "title":
            self.practice.append(self._example(framework))
            count += 1
        if count == 0:
            raise self._error_here(f'"TITLE:" after {quoted(start.plain)}')

    def _example(self, framework: str) -> DevelopingPractice:
        line = self._line()
        label = _practice_label(line.plain)
        self._heading()
        title = self._rest_of(line, label[1]).text if label and label[1] else ""
        if not title:
            if self._eof() or _practice_label(self._line().plain) is not None:
                raise self._error_here("the title of the developing practice example after \"TITLE:\"")
            title = self._read_paragraph().text
        problem = self._practice_field("problem", "PROBLEM:", title)
        solution = self._practice_field("solution", "SOLUTION:", title)
        outcomes = self._practice_field("outcomes", "OUTCOME(S):", title)
        contact = self._practice_field("contact", "FORCE CONTACT:", title)
        return DevelopingPractice(title, tuple(problem), tuple(solution), tuple(outcomes), " ".join(contact),
                                  framework)

    def _practice_field(self, label: str, shown: str, title: str) -> list[str]:
        expected = f"{shown} in the developing practice example {quoted(title)}"
        found = None if self._eof() else _practice_label(self._line().plain)
        if found is None or found[0] != label:
            raise self._error_here(expected)
        line = self._line()
        self._heading()
        paragraphs: list[str] = []
        if found[1]:
            self._add(paragraphs, self._rest_of(line, found[1]), track_tail=label != "contact")
        if label == "contact":
            # The contact may sit on the next line; an example may also print none.
            if not paragraphs and not self._eof() and not self._ends_field():
                paragraphs.append(self._read_paragraph().text)
            self.tail = None
            return paragraphs
        while not self._eof() and not self._ends_field():
            self._add(paragraphs, self._read_paragraph())
        return paragraphs

    def _ends_field(self) -> bool:
        line = self._line()
        return _practice_label(line.plain) is not None or self._is_structural(line) or self._is_major(self.i)

    # -- the closing list of recommendations ------------------------------------------------
    def _recommendation_list(self) -> None:
        heading = self._line()
        self._heading()
        group = ""
        pending: Line | None = heading
        while not self._eof():
            line = self._line()
            if self._is_part_heading(_heading_key(line)):
                break
            marker = _marker(line.plain)
            if marker is not None:
                if not group and marker[0] not in self.raised:
                    raise ReportFormatError(line.number, f"the name of a framework before {quoted(line.plain)}")
                self.listed.setdefault(marker[0], (group, self._recommendation_text(marker)))
                pending = None
                continue
            if DASH_ROW.match(line.text):
                self.i += 1
                continue
            paragraph = self._read_paragraph()
            if self.last_target and self._continues(self.last_target[-1], paragraph):
                self._add(self.last_target, paragraph)
            elif _looks_like_heading(paragraph.text):
                group = framework_key(paragraph.text)
                pending = line
                self.last_target = None
            else:
                raise ReportFormatError(paragraph.line, '"Recommendation n" or the name of a framework',
                                        quoted(paragraph.text))
        if pending is not None and self._eof():
            raise self._end_error(f"a recommendation after {quoted(pending.plain)}")
        missing = sorted(set(self.raised) - set(self.listed))
        if missing and self._eof():  # the list stops short of what the sections raised: cut off
            raise self._end_error(f"recommendation {missing[0]} in the closing list of recommendations")

    def _recommendations(self) -> tuple[Recommendation, ...]:
        result: list[Recommendation] = []
        for number in sorted(set(self.raised) | set(self.listed)):
            raised = self.raised.get(number)
            listed = self.listed.get(number)
            text_where_raised = raised[1][0] if raised else None
            text = listed[1][0] if listed else text_where_raised
            framework = raised[0] if raised else (listed[0] if listed else "")
            result.append(Recommendation(number, framework, text or "", text_where_raised))
        return tuple(result)

    # -- glossary -------------------------------------------------------------------------
    def _glossary(self) -> None:
        heading = self._line()
        self._heading()
        rows_before = len(self.glossary_rows)
        while not self._eof():
            line = self._line()
            if DASH_ROW.match(line.text) or re.fullmatch(r"[A-Z]", line.plain):
                self.i += 1
                continue
            if self._is_part_heading(_heading_key(line)) and not self.glossary_rows[rows_before:]:
                break
            self._glossary_line(line)
            self.i += 1
        if len(self.glossary_rows) == rows_before:
            raise self._error_here(f"glossary entries after {quoted(heading.plain)}")
        self.tail = None

    def _glossary_line(self, line: Line) -> None:
        if "\t" in line.text:
            cells = [cell.strip() for cell in line.text.split("\t") if cell.strip()]
            abbreviation, meaning = cells[0], " ".join(cells[1:])
        else:
            first = line.plain.split(" ", 1)[0]
            if self.glossary_rows and not any(ch.isupper() or ch.isdigit() for ch in first):
                abbreviation, meaning = self.glossary_rows.pop()
                self.glossary_rows.append((abbreviation, f"{meaning} {line.plain}"))
                return
            parts = re.split(r"\s{2,}", line.text.strip(), maxsplit=1)
            if len(parts) < 2:
                parts = line.plain.split(" ", 1)
            abbreviation, meaning = parts[0].strip(), " ".join(parts[1].split()) if len(parts) > 1 else ""
        following = self.lines[self.i + 1] if self.i + 1 < self.n else None
        if not meaning and following is not None and following.plain[:1].islower():
            # A tool that reads the table column by column prints the meaning on the next line.
            self.i += 1
            meaning = following.plain
        if not meaning:
            raise ReportFormatError(line.number, f"the meaning of {quoted(abbreviation)} in the glossary "
                                    "(an abbreviation, then a tab or spaces, then its meaning)")
        self.glossary_rows.append((abbreviation, meaning))
