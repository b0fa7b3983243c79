"""The four grades of HMIC 2007, best first, and the one way a grade is shown on a page or in a report.

The badge's colours are in ``inspectorate/static/css/grades.css``, the one stylesheet for grades:
the site links it and the report's stylesheet includes it, so both show a grade alike. It holds a
class for every grade of every grading model in ``library/models/`` (PEEL's and CQC's too), in
the colours the model file gives (``tests/core/grading/test_grade_badges.py`` checks they agree).
"""

from __future__ import annotations

from html import escape
from typing import Final, Literal

Grade = Literal["Excellent", "Good", "Fair", "Poor"]
GRADES: Final[tuple[Grade, ...]] = ("Excellent", "Good", "Fair", "Poor")
# The same grades as keys (counts by grade, CSS classes, table headings as the parser reads them).
GRADE_KEYS: Final[tuple[str, ...]] = tuple(grade.lower() for grade in GRADES)
NOT_GRADED: Final = "Not graded"


def grade_class(grade: str) -> str:
    """The CSS class of a grade's badge: "grade-good", "grade-requires-improvement"."""
    return "grade-" + "-".join(grade.lower().split())


def grade_badge(grade: str | None) -> str:
    """The badge of a grade, as HTML: its word, styled by grade (never colour alone); none: "Not graded"."""
    if not grade:
        return f'<span class="grade grade-none">{NOT_GRADED}</span>'
    return f'<span class="grade {escape(grade_class(grade))}">{escape(grade)}</span>'
