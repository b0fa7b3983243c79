"""Shared material for the HTML, chart, glossary and PDF rendering tests (fixtures: conftest.py).

``build_sample_report`` is built by hand (a made-up force) so these tests do not depend on the
parser; the round-trip tests use the parser's fixtures and the real report. A module of its
own, with a name no other test folder uses, so that tests can import from it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from inspectorate.core.report.model import (
    DevelopingPractice,
    ForceSummaryRow,
    FrameworkSection,
    GlossaryEntry,
    GradeCounts,
    NationalSummaryRow,
    Recommendation,
    RecommendationPlacement,
    Report,
    TextPart,
    TextSection,
)

REPORTS = Path(__file__).resolve().parents[2] / "fixtures" / "reports"
PVP = "protecting-vulnerable-people"
VOID = {"meta", "br", "hr", "img", "input", "link", "wbr"}


@dataclass
class Element:
    """A parsed HTML element: enough of a DOM for structural assertions."""

    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)
    parent: Element | None = None

    def iter(self, tag: str | None = None) -> Iterator[Element]:
        """This element and every element below it, in document order."""
        if tag is None or self.tag == tag:
            yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter(tag)

    def text(self) -> str:
        """The element's text, whitespace normalised."""
        parts: list[str] = []
        for child in self.children:
            parts.append(child if isinstance(child, str) else f" {child.text()} ")
        return " ".join("".join(parts).split())

    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.current = self.root

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {name: value or "" for name, value in attrs}, parent=self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Element(tag, {name: value or "" for name, value in attrs}, parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        node: Element | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"unmatched </{tag}>"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse_html(markup: str) -> Element:
    """Parse markup into an ``Element`` tree (asserting every end tag matches)."""
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


def _counts(excellent: int, good: int, fair: int, poor: int) -> GradeCounts:
    return GradeCounts(excellent, good, fair, poor)


def build_sample_report() -> Report:
    """A small report about a made-up force, with every part the layout has."""
    np_counts, pm_counts, ca_counts = _counts(5, 15, 20, 3), _counts(7, 26, 10, 0), _counts(2, 18, 21, 2)
    return Report(
        force="Harrowmere Constabulary",
        published="2008-05",
        isbn="978-0-00-000000-0",
        title="Inspection Report",
        introduction=TextPart(
            "Introduction to the inspections",
            ("The inspectorate looked at three areas of policing in Harrowmere.",),
            (TextSection("How grades are given", ("Four grades are used: Excellent, Good, Fair and Poor.",)),),
        ),
        overview=TextPart(
            "Force Overview and Context",
            (),
            (TextSection("Geography", ("Harrowmere is a rural county with two towns & a port.",)),),
        ),
        national_summary=(
            NationalSummaryRow("neighbourhood-policing", "Neighbourhood Policing", None, np_counts),
            NationalSummaryRow("performance-management", "Performance management", None, pm_counts),
            NationalSummaryRow("child-abuse", "Child abuse", "Protecting vulnerable people", ca_counts),
        ),
        force_summary=(
            ForceSummaryRow("neighbourhood-policing", "Neighbourhood Policing", None, "Good"),
            ForceSummaryRow("performance-management", "Performance management", None, "Fair"),
            ForceSummaryRow("child-abuse", "Child abuse", "Protecting vulnerable people", "Poor"),
        ),
        frameworks=(
            FrameworkSection(
                key="neighbourhood-policing", title="Neighbourhood Policing", grade="Good",
                national_distribution=np_counts,
                national_context=("Every area was to have a neighbourhood team by 2008.",),
                context=("The force has 24 neighbourhood teams.",),
                strengths=("Teams hold monthly PACT meetings with residents.",
                           "- PCSOs patrol every ward;", "- each team has a named sergeant."),
                work_in_progress=("A new engagement plan is being written.",
                                  "The plan has not yet been costed.",
                                  "Training for PCSOs starts in the autumn."),
                areas_for_improvement=("Neighbourhood profiles are out of date.",),
                recommendations=(RecommendationPlacement(1, "work_in_progress", 2),
                                 RecommendationPlacement(2, "areas_for_improvement", 1)),
            ),
            FrameworkSection(
                key="performance-management", title="Performance Management", grade="Fair",
                national_distribution=pm_counts,
                strengths=("Chief officers chair a monthly performance meeting.",),
                areas_for_improvement=("Supervisors rarely see their teams' figures <in time>.",),
            ),
            FrameworkSection(
                key="pvp-overview", title="Protecting Vulnerable People – Overview", group=PVP,
                context=("A public protection unit was formed in 2007.",),
            ),
            FrameworkSection(
                key="child-abuse", title="Protecting Vulnerable People – Child Abuse", group=PVP, grade="Poor",
                national_distribution=ca_counts,
                areas_for_improvement=("Referrals are not checked against the IS&T case system.",),
                recommendations=(RecommendationPlacement(3, "areas_for_improvement", 1),),
            ),
        ),
        developing_practice=(
            DevelopingPractice(
                title="Street surgeries in market towns",
                problem=("Residents could not reach their team.",),
                solution=("Teams hold a surgery in each market square every week.",),
                outcomes=("1. Attendance rose.", "2. Complaints fell."),
                contact="Inspector Ada Quill – 01000 000000",
                framework="neighbourhood-policing",
            ),
        ),
        recommendations=(
            Recommendation(1, "neighbourhood-policing", "That the force costs its engagement plan."),
            Recommendation(2, "neighbourhood-policing", "That the force updates its neighbourhood profiles."),
            Recommendation(3, "child-abuse", "That the force checks every referral against its case system."),
        ),
        glossary=(
            GlossaryEntry("IS&T", "information systems and technology"),
            GlossaryEntry("PACT", "police and communities together"),
            GlossaryEntry("PCSO", "police community support officer"),
        ),
    )
