"""What a programme's grading model (library/models/) means to the web application.

A programme names its model (`Programme.grading_model`, HMIC 2007 unless told). The model gives
the scale a judgement's grade is chosen from, the finding types a report's sections are made of
(and which of them carry recommendations), and the follow-up deadlines after publication.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from inspectorate.core.grading import DEFAULT_MODEL, GradingModel, grading_model, grading_models
from inspectorate.core.grading.modelfile import ConditionSpec, FindingSpec, FollowUpSpec, GradeSpec

from .models import Programme

# The finding categories stored on a Finding that HMIC 2007's file names otherwise.
_CATEGORY_OF: Mapping[str, str] = {"national_contextual_factor": "national_context", "contextual_factor": "context"}


def category_of(finding_key: str) -> str:
    """The `Finding.category` that stores a finding of this model type."""
    return _CATEGORY_OF.get(finding_key, finding_key)


@dataclass(frozen=True)
class FindingType:
    """One finding type of a model as the pages use it: the stored category, its names, whether it recommends."""

    category: str
    key: str
    name: str
    plural: str
    recommendation: bool
    means: str


def model_of(programme: Programme) -> GradingModel:
    """The programme's grading model, read from its library file."""
    return grading_model(programme.grading_model or DEFAULT_MODEL)


def is_default_model(programme: Programme) -> bool:
    """True for a programme graded by HMIC 2007, which keeps every page exactly as it was."""
    return (programme.grading_model or DEFAULT_MODEL) == DEFAULT_MODEL


def scale(programme: Programme) -> tuple[GradeSpec, ...]:
    """The programme's grades, best first, with their colours and what each means."""
    return tuple(model_of(programme).spec.scale)


def grade_names(programme: Programme) -> tuple[str, ...]:
    """The programme's grade names, best first."""
    return model_of(programme).grades


def grade_key(name: str) -> str:
    """A grade as counts are keyed: "excellent", "requires_improvement"."""
    return "_".join(name.lower().split())


def grade_keys(programme: Programme) -> tuple[str, ...]:
    """The programme's grades as counts are keyed, best first (2007: excellent, good, fair, poor)."""
    return tuple(grade_key(name) for name in grade_names(programme))


def every_grade_key() -> tuple[str, ...]:
    """The grade keys of every shipped grading model, HMIC 2007's first, each once (open data's columns)."""
    keys: list[str] = [grade_key(name) for name in grading_model(DEFAULT_MODEL).grades]
    for model in grading_models().values():
        keys += [key for key in (grade_key(name) for name in model.grades) if key not in keys]
    return tuple(keys)


def finding_types(programme: Programme) -> tuple[FindingType, ...]:
    """The programme's finding types, in the model's order."""
    return tuple(_finding_type(f) for f in model_of(programme).spec.findings)


def _finding_type(spec: FindingSpec) -> FindingType:
    return FindingType(category_of(spec.key), spec.key, spec.name, spec.plural, spec.recommendation, spec.means)


def recommending_categories(programme: Programme) -> frozenset[str]:
    """The stored categories of the finding types that carry recommendations.

    HMIC 2007 keeps what the application has always allowed (an area for improvement and work in
    progress, SPEC section 3); another model says in its file which of its types carry them.
    """
    if is_default_model(programme):
        return frozenset({"area_for_improvement", "work_in_progress"})
    return frozenset(t.category for t in finding_types(programme) if t.recommendation)


def findings_decide(programme: Programme) -> bool:
    """True when the model's rules count findings (PEEL: a cause of concern means Inadequate)."""
    return any(cond.findings for cond in _conditions(model_of(programme)))


def _conditions(model: GradingModel) -> list[ConditionSpec]:
    rules = model.spec.rules
    found: list[ConditionSpec] = [c for rule in (*rules.force, *rules.reach) for c in rule.conditions]
    return found + [limit.when for limit in rules.limit]


def policy(programme: Programme) -> dict[str, Fraction]:
    """The thresholds the programme grades by: 2007's policy fields, or the model's own parameters."""
    if is_default_model(programme):
        return programme.grading_policy()
    return dict(model_of(programme).parameters)


def response_deadline(programme: Programme) -> FollowUpSpec | None:
    """The first deadline the model sets after a report (PEEL: a response within 56 days), or None (HMIC 2007)."""
    deadlines = model_of(programme).spec.follow_up
    return deadlines[0] if deadlines else None


def deadline_rule(deadline: FollowUpSpec) -> str:
    """The deadline in words: "the police and crime commissioner is to publish a response ... within 56 days of ..."."""
    return f"the {deadline.who} is to {deadline.what} within {deadline.days} days of {deadline.after}"
