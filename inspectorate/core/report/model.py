"""The published inspection report as plain data (SPEC section 5).

Everything the parser reads and the renderers write lives here: frozen dataclasses with
tuples, so a parsed report can be compared, hashed and rendered back. ``Report.to_json``
gives exactly the document ``inspectorate parse-report`` prints (SPEC section 11).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from inspectorate.core.grades import GRADES as GRADES  # the grades are defined once, in core.grades
from inspectorate.core.grades import Grade as Grade

Category = Literal[
    "national_context", "context", "strengths", "work_in_progress", "areas_for_improvement",
    "causes_of_concern", "accelerated_causes_of_concern", "innovative_practice",
]
# The findings of a 2007 framework section, in the order the report prints them (SPEC section 5).
CATEGORIES: tuple[Category, ...] = (
    "national_context", "context", "strengths", "work_in_progress", "areas_for_improvement"
)
# The finding types of another grading model (PEEL's, library/models/peel-2025.yaml): a section
# holds them only when its programme grades by that model, and the JSON names them only then.
MODEL_CATEGORIES: tuple[Category, ...] = ("causes_of_concern", "accelerated_causes_of_concern", "innovative_practice")
# Every category in the order a section prints them; a 2007 section prints exactly CATEGORIES.
PRINTED_CATEGORIES: tuple[Category, ...] = (
    "national_context", "context", "strengths", "work_in_progress", "causes_of_concern",
    "accelerated_causes_of_concern", "areas_for_improvement", "innovative_practice",
)
CATEGORY_HEADINGS: dict[Category, str] = {
    "national_context": "National contextual factors",
    "context": "Contextual factors",
    "strengths": "Strengths",
    "work_in_progress": "Work in progress",
    "areas_for_improvement": "Areas for improvement",
    "causes_of_concern": "Causes of concern",
    "accelerated_causes_of_concern": "Accelerated causes of concern",
    "innovative_practice": "Innovative practice",
}

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)


def month_label(published: str) -> str:
    """Turn ``"2007-10"`` into the footer and cover form ``"October 2007"``."""
    year, month = published.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


@dataclass(frozen=True)
class GradeCounts:
    """How many forces received each grade (a national grade distribution)."""

    excellent: int
    good: int
    fair: int
    poor: int

    @property
    def total(self) -> int:
        """The number of forces counted."""
        return self.excellent + self.good + self.fair + self.poor

    def in_order(self) -> tuple[int, int, int, int]:
        """The counts best grade first: Excellent, Good, Fair, Poor."""
        return (self.excellent, self.good, self.fair, self.poor)

    def as_dict(self) -> dict[str, int]:
        """The counts keyed by lower-case grade, as the JSON prints them."""
        return {"excellent": self.excellent, "good": self.good, "fair": self.fair, "poor": self.poor}


@dataclass(frozen=True)
class TextSection:
    """A titled run of paragraphs (a subsection of the introduction or overview)."""

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class TextPart:
    """The introduction or the force overview: a heading, lead paragraphs, subsections."""

    title: str
    paragraphs: tuple[str, ...] = ()
    sections: tuple[TextSection, ...] = ()


@dataclass(frozen=True)
class NationalSummaryRow:
    """One graded framework in the national summary of judgements."""

    framework: str
    title: str
    group: str | None
    counts: GradeCounts


@dataclass(frozen=True)
class ForceSummaryRow:
    """One graded framework in the force summary of judgements."""

    framework: str
    title: str
    group: str | None
    grade: str  # a name on the programme's grading model's scale (HMIC 2007's: a Grade)


@dataclass(frozen=True)
class RecommendationPlacement:
    """Where a recommendation is printed in its framework section.

    ``after`` counts the paragraphs of ``category`` printed before it: 3 means the
    recommendation follows the third paragraph (the finding that raised it).
    """

    number: int
    category: Category
    after: int


@dataclass(frozen=True)
class FrameworkSection:
    """One framework's section of the report: grade, distribution and findings."""

    key: str
    title: str
    group: str | None = None
    grade: str | None = None  # a name on the programme's grading model's scale
    national_distribution: GradeCounts | None = None
    national_context: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    strengths: tuple[str, ...] = ()
    work_in_progress: tuple[str, ...] = ()
    areas_for_improvement: tuple[str, ...] = ()
    causes_of_concern: tuple[str, ...] = ()
    accelerated_causes_of_concern: tuple[str, ...] = ()
    innovative_practice: tuple[str, ...] = ()
    recommendations: tuple[RecommendationPlacement, ...] = ()
    context_heading: str = "Contextual factors"

    def findings(self, category: Category) -> tuple[str, ...]:
        """The paragraphs of one category of findings."""
        paragraphs: tuple[str, ...] = getattr(self, category)
        return paragraphs


@dataclass(frozen=True)
class DevelopingPractice:
    """A force-submitted example of developing practice, printed after its framework."""

    title: str
    problem: tuple[str, ...]
    solution: tuple[str, ...]
    outcomes: tuple[str, ...]
    contact: str
    framework: str


@dataclass(frozen=True)
class Recommendation:
    """A numbered recommendation.

    ``text`` is the wording of the closing list of recommendations (or, where the report
    has no such list, the wording where it was raised); ``text_where_raised`` is the
    wording printed after the finding, which a report may phrase slightly differently.
    """

    number: int
    framework: str
    text: str
    text_where_raised: str | None = None


@dataclass(frozen=True)
class GlossaryEntry:
    """An abbreviation and what it stands for."""

    abbreviation: str
    meaning: str


# How a report rebuilt from the published facts (its text not held) says that it is one.
RECONSTRUCTED = "reconstructed from the published facts"


@dataclass(frozen=True)
class Report:
    """A whole published inspection report.

    ``reconstructed`` marks a report rebuilt from the published facts (grades, national counts,
    the framework of each recommendation) because the report's own text is not held.
    """

    force: str
    published: str
    isbn: str | None = None
    title: str = "Inspection Report"
    cover_lines: tuple[str, ...] = ()
    introduction: TextPart | None = None
    overview: TextPart | None = None
    national_summary: tuple[NationalSummaryRow, ...] = ()
    force_summary: tuple[ForceSummaryRow, ...] = ()
    frameworks: tuple[FrameworkSection, ...] = ()
    developing_practice: tuple[DevelopingPractice, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    glossary: tuple[GlossaryEntry, ...] = ()
    reconstructed: bool = False

    @property
    def published_label(self) -> str:
        """The month and year as printed on the cover and in the footer."""
        return month_label(self.published)

    def framework(self, key: str) -> FrameworkSection:
        """The first framework section with this key (KeyError if there is none)."""
        for section in self.frameworks:
            if section.key == key:
                return section
        raise KeyError(key)

    def to_json(self) -> dict[str, Any]:
        """The report as SPEC section 11 fixes it for ``inspectorate parse-report`` (a reconstructed
        report adds ``"reconstructed": true``)."""
        data: dict[str, Any] = {
            "force": self.force,
            "published": self.published,
            "isbn": self.isbn,
            "national_summary": [
                {"framework": row.framework, **row.counts.as_dict()} for row in self.national_summary
            ],
            "force_summary": [{"framework": row.framework, "grade": row.grade} for row in self.force_summary],
            "frameworks": [_framework_json(section) for section in self.frameworks],
            "developing_practice": [
                {
                    "title": example.title,
                    "problem": "\n\n".join(example.problem),
                    "solution": "\n\n".join(example.solution),
                    "outcomes": "\n\n".join(example.outcomes),
                    "contact": example.contact,
                    "framework": example.framework,
                }
                for example in self.developing_practice
            ],
            "recommendations": [
                {"number": rec.number, "framework": rec.framework, "text": rec.text}
                for rec in self.recommendations
            ],
            "glossary": [
                {"abbreviation": entry.abbreviation, "meaning": entry.meaning} for entry in self.glossary
            ],
        }
        if self.reconstructed:
            data["reconstructed"] = True
        return data


def _framework_json(section: FrameworkSection) -> dict[str, Any]:
    distribution = section.national_distribution
    return {
        "key": section.key,
        "title": section.title,
        "grade": section.grade,
        "national_distribution": distribution.as_dict() if distribution is not None else None,
        **{category: list(section.findings(category)) for category in CATEGORIES},
        **{category: list(section.findings(category)) for category in MODEL_CATEGORIES if section.findings(category)},
        "recommendations": [placement.number for placement in section.recommendations],
    }
