"""Pure Python core: the grading rules of SPEC section 4 and their explanations.

Imports nothing from Django. The web application and `inspectorate grade` both call:

- `parse_grading_request(data)` to check a decoded request (raises `GradingInputError`);
- `derive_grade(criteria=..., assessments=..., beacon=..., innovation=..., policy=...)`
  for an `Outcome` with the grade, how it was decided, and the reasons.
"""

from __future__ import annotations

from inspectorate.grading.engine import derive_grade
from inspectorate.grading.model import (
    ASSESSMENTS,
    DEFAULT_POLICY,
    GRADES,
    LEVELS,
    Assessment,
    Criterion,
    Decided,
    Grade,
    GradingInputError,
    Level,
    Outcome,
    Policy,
)
from inspectorate.grading.request import GradingRequest, parse_grading_request, parse_policy

__all__ = [
    "ASSESSMENTS",
    "DEFAULT_POLICY",
    "GRADES",
    "LEVELS",
    "Assessment",
    "Criterion",
    "Decided",
    "Grade",
    "GradingInputError",
    "GradingRequest",
    "Level",
    "Outcome",
    "Policy",
    "derive_grade",
    "parse_grading_request",
    "parse_policy",
]
