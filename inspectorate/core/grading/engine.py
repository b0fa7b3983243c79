"""Grade by a grading model from `library/models/`: HMIC 2007 unless another is named.

`derive_grade` keeps the call the web application and `inspectorate grade` have always made
(criteria, assessments, beacon, innovation, policy) and adds `model` (a key such as "cqc-2023"),
`scores` for a scored model, `findings` for a model whose findings decide (PEEL's causes of
concern), and `evidence` for a model's own yes-or-no evidence.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from fractions import Fraction
from functools import cache

from inspectorate.core.grading.model import (
    DEFAULT_MODEL,
    DEFAULT_POLICY,
    POLICY_KEYS,
    Criterion,
    GradingInputError,
    Outcome,
    Policy,
    words_or,
)
from inspectorate.core.grading.modelfile import MODELS_DIR, LibraryError, load_model_files
from inspectorate.core.grading.rules import GradingModel, Request

_NOTHING: Mapping[str, Sequence[str]] = {}
_FLAGGED = {  # (beacon, innovation) -> the evidence recorded, made once
    (beacon, innovation): frozenset(name for name, on in (("beacon", beacon), ("innovation", innovation)) if on)
    for beacon in (False, True)
    for innovation in (False, True)
}


@cache
def grading_models() -> Mapping[str, GradingModel]:
    """Every grading model in `library/models/`, by key, read and compiled once.

    Raises LibraryError (one line: file, field, reason) if any file is broken.
    """
    return {key: GradingModel(spec) for key, spec in load_model_files(MODELS_DIR).items()}


def grading_model(key: str = DEFAULT_MODEL) -> GradingModel:
    """The grading model with this key; GradingInputError naming the keys there are if none has it."""
    models = grading_models()
    try:
        return models[key]
    except (KeyError, TypeError):
        raise GradingInputError(f"unknown grading model {key!r} (expected {words_or(tuple(models))})") from None


@cache
def known_levels() -> tuple[str, ...]:
    """Every level some shipped model grades, in the order the models give them."""
    levels: list[str] = []
    try:
        models = grading_models()
    except LibraryError as error:
        raise GradingInputError(str(error)) from None
    for model in models.values():
        levels += [level for level in model.spec.levels if level not in levels]
    return tuple(levels)


def derive_grade(
    *,
    criteria: Sequence[Criterion],
    assessments: Mapping[str, str] | None = None,
    beacon: bool = False,
    innovation: bool = False,
    policy: Policy | Mapping[str, Fraction] = DEFAULT_POLICY,
    model: str | GradingModel = DEFAULT_MODEL,
    scores: Mapping[str, int] | None = None,
    findings: Mapping[str, Sequence[str]] | None = None,
    evidence: Iterable[str] = (),
) -> Outcome:
    """Derive a grade for one framework (or core question, or key question) by a grading model's rules.

    `assessments` maps criterion id to "met", "partly_met", "not_met" or "not_assessed"; a
    criterion with no entry is not assessed, and an entry for an id not in `criteria` is ignored
    here (`parse_grading_request` refuses it). A scored model reads `scores` (id to a whole
    number) instead. `beacon` and `innovation` say whether that evidence is recorded (2007);
    `evidence` names any other evidence keys recorded; `findings` maps a finding type to the ids
    of the findings of that type. `policy` gives thresholds: a `Policy` sets the 2007 thresholds
    of a model that has them, a mapping sets the named parameters of the model.

    Raises GradingInputError on an assessment or score the model cannot read, or a policy
    naming a parameter the model does not have.
    """
    graded_by = model if isinstance(model, GradingModel) else grading_model(model)
    recorded = _FLAGGED[beacon, innovation]
    if evidence:
        recorded = recorded | frozenset(evidence)
    request = Request(recorded, findings or _NOTHING, _parameters(graded_by, policy))
    values = scores if graded_by.scored else assessments
    return graded_by.grade(criteria, values or {}, request)


def _parameters(model: GradingModel, policy: Policy | Mapping[str, Fraction]) -> Mapping[str, Fraction]:
    if policy is DEFAULT_POLICY:
        return model.default_policy  # the common case, made once
    if isinstance(policy, Policy):
        return {name: getattr(policy, name) for name in POLICY_KEYS if name in model.parameters}
    for name in policy:
        if name not in model.parameters:
            raise GradingInputError(f"the {model.key} model has no parameter {name!r}")
    return policy
