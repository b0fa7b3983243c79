"""Pure Python core: the grading rules of SPEC section 4 and their explanations.

Imports nothing from Django. The web application and `inspectorate grade` both call:

- `parse_grading_request(data)` to check a decoded request (raises `GradingInputError`);
- `derive_grade(criteria=..., assessments=..., beacon=..., innovation=..., policy=...)`
  for an `Outcome` with the grade, how it was decided, and the reasons; `model=` names another
  grading model of `library/models/` than HMIC 2007 (`grading_model(key)`, docs/grading-models.md).
"""

from __future__ import annotations

from inspectorate.core.grades import GRADES, Grade
from inspectorate.core.grading.engine import derive_grade, grading_model, grading_models
from inspectorate.core.grading.model import (
    ASSESSMENTS,
    DEFAULT_MODEL,
    DEFAULT_POLICY,
    LEVELS,
    Assessment,
    Criterion,
    Decided,
    GradingInputError,
    Level,
    Outcome,
    Policy,
)
from inspectorate.core.grading.modelfile import LibraryError, load_model_file
from inspectorate.core.grading.request import GradingRequest, parse_grading_request, parse_policy
from inspectorate.core.grading.rules import GradingModel

__all__ = [
    "ASSESSMENTS",
    "DEFAULT_MODEL",
    "DEFAULT_POLICY",
    "GRADES",
    "LEVELS",
    "Assessment",
    "Criterion",
    "Decided",
    "Grade",
    "GradingModel",
    "GradingInputError",
    "GradingRequest",
    "Level",
    "LibraryError",
    "Outcome",
    "Policy",
    "derive_grade",
    "grading_model",
    "grading_models",
    "load_model_file",
    "parse_grading_request",
    "parse_policy",
]
