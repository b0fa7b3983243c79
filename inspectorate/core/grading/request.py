"""Read a grading request (the JSON input of SPEC section 11) into the engine's values.

Every problem raises GradingInputError with one line naming it, so the command line and the
web application refuse bad input in the same words. Keys the rules do not use (a criterion's
text or theme, say) are allowed and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import NamedTuple

from inspectorate.core.grading.engine import grading_model
from inspectorate.core.grading.model import (
    ASSESSMENTS,
    DEFAULT_MODEL,
    DEFAULT_POLICY,
    Criterion,
    GradingInputError,
    Policy,
    as_threshold,
    shown,
    words_or,
)
from inspectorate.core.grading.rules import GradingModel


class GradingRequest(NamedTuple):
    """The arguments of `derive_grade`, checked: `derive_grade(**request._asdict())`."""

    criteria: tuple[Criterion, ...]
    assessments: dict[str, str]
    beacon: bool
    innovation: bool
    policy: Policy | dict[str, Fraction]
    model: str = DEFAULT_MODEL
    scores: dict[str, int] | None = None
    findings: dict[str, tuple[str, ...]] | None = None
    evidence: frozenset[str] = frozenset()


def parse_grading_request(data: object) -> GradingRequest:
    """Check a decoded grading request and return its parts; raise GradingInputError if bad.

    `beacon`, `innovation`, `assessments` and `policy` may be left out (false, none assessed,
    the default policy); a policy may give any of its thresholds. `model` names a grading model
    of `library/models/` (default "hmic-2007"); a scored model reads `scores` instead of
    `assessments`; `findings` lists findings ({"type", "id", "text"}) for a model whose
    findings decide; `evidence` lists other evidence keys recorded.
    """
    if not isinstance(data, Mapping):
        raise GradingInputError("the request must be a JSON object")
    key = data.get("model", DEFAULT_MODEL)
    if not isinstance(key, str):
        raise GradingInputError(f"'model' must be the key of a grading model, not {shown(key)}")
    model = grading_model(key)
    if "criteria" not in data:
        raise GradingInputError("missing 'criteria'")
    criteria = parse_criteria(data["criteria"], model)
    scores = None
    if model.scored:
        if "assessments" in data:
            raise GradingInputError(f"the {key} model is scored: give 'scores', not 'assessments'")
        scores = parse_scores(data.get("scores", {}), criteria, model)
    elif "scores" in data:
        raise GradingInputError(f"the {key} model is assessed, not scored: give 'assessments', not 'scores'")
    evidence_keys = [e.key for e in model.spec.evidence]
    beacon = _flag("'beacon'", data.get("beacon", False))
    innovation = _flag("'innovation'", data.get("innovation", False))
    for name, on in (("beacon", beacon), ("innovation", innovation)):
        if on and name not in evidence_keys:
            raise GradingInputError(f"'{name}' is not evidence the {key} model records")
    return GradingRequest(
        criteria=criteria,
        assessments={} if model.scored else parse_assessments(data.get("assessments", {}), criteria),
        beacon=beacon,
        innovation=innovation,
        policy=parse_policy(data.get("policy"), model),
        model=key,
        scores=scores,
        findings=parse_findings(data.get("findings", []), model),
        evidence=parse_evidence(data.get("evidence", []), model),
    )


def parse_criteria(value: object, model: GradingModel | None = None) -> tuple[Criterion, ...]:
    """Check a list of criterion objects ({"id", "level", "significant", "dominant"}).

    `level` may be left out when the model has only one level.
    """
    levels = tuple((model or grading_model()).spec.levels)
    if not isinstance(value, list):
        raise GradingInputError("'criteria' must be a list")
    if not value:
        raise GradingInputError("'criteria' is empty: there is nothing to grade")
    criteria: list[Criterion] = []
    seen: set[str] = set()
    for number, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise GradingInputError(f"criterion {number} is not an object")
        identifier = item.get("id")
        if not isinstance(identifier, str) or not identifier:
            raise GradingInputError(f"criterion {number} has no id (a non-empty string)")
        if identifier in seen:
            raise GradingInputError(f"duplicate criterion id {identifier!r}")
        seen.add(identifier)
        if "level" not in item and len(levels) > 1:
            raise GradingInputError(f"criterion {identifier!r} has no level ({words_or(levels)})")
        level = item.get("level", levels[0])
        if not isinstance(level, str) or level not in levels:
            raise GradingInputError(
                f"criterion {identifier!r} has unknown level {shown(level)} (expected {words_or(levels)})"
            )
        criteria.append(
            Criterion(
                id=identifier,
                level=level,
                significant=_flag(f"criterion {identifier!r}: 'significant'", item.get("significant", False)),
                dominant=_flag(f"criterion {identifier!r}: 'dominant'", item.get("dominant", False)),
            )
        )
    return tuple(criteria)


def parse_scores(value: object, criteria: tuple[Criterion, ...], model: GradingModel) -> dict[str, int]:
    """Check an {id: score} object: whole numbers in the model's range, for known criteria only."""
    if not isinstance(value, Mapping):
        raise GradingInputError("'scores' must be an object of criterion id to score")
    known = {criterion.id for criterion in criteria}
    scores: dict[str, int] = {}
    for identifier, score in value.items():
        if identifier not in known:
            raise GradingInputError(f"score of unknown criterion {identifier!r}")
        if isinstance(score, bool) or not isinstance(score, int) or not model.lowest <= score <= model.highest:
            raise GradingInputError(
                f"score {shown(score)} for {identifier!r} is not a whole number from {model.lowest} to {model.highest}"
            )
        scores[identifier] = score
    return scores


def parse_findings(value: object, model: GradingModel) -> dict[str, tuple[str, ...]]:
    """Check a list of findings ({"type", "id", "text"}) against the model's finding types.

    Returns finding type -> the findings as the reasons name them: the id, with the text after it
    where one is given.
    """
    if not isinstance(value, list):
        raise GradingInputError("'findings' must be a list of {\"type\", \"id\", \"text\"} objects")
    types = [finding.key for finding in model.spec.findings]
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for number, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            raise GradingInputError(f"finding {number} is not an object")
        kind, identifier, text = item.get("type"), item.get("id"), item.get("text")
        if kind not in types:
            raise GradingInputError(
                f"finding {number} has unknown type {shown(kind)} (the {model.key} model's types: {', '.join(types)})"
            )
        if not isinstance(identifier, str) or not identifier.strip():
            raise GradingInputError(f"finding {number} has no id (a non-empty string)")
        if identifier in seen:
            raise GradingInputError(f"duplicate finding id {identifier!r}")
        seen.add(identifier)
        if text is not None and not isinstance(text, str):
            raise GradingInputError(f"finding {identifier!r}: 'text' must be a string")
        words = " ".join((text or "").split()).rstrip(".")
        shown_as = f"{identifier} ({words})" if words else identifier
        found.setdefault(str(kind), []).append(shown_as)
    return {kind: tuple(names) for kind, names in found.items()}


def parse_evidence(value: object, model: GradingModel) -> frozenset[str]:
    """Check a list of the model's evidence keys recorded."""
    keys = [e.key for e in model.spec.evidence]
    if not isinstance(value, list) or any(name not in keys for name in value):
        raise GradingInputError(
            f"'evidence' must be a list of the {model.key} model's evidence keys: {', '.join(keys) or 'none'}"
        )
    return frozenset(value)


def parse_assessments(value: object, criteria: tuple[Criterion, ...]) -> dict[str, str]:
    """Check an {id: assessment} object against the criteria it assesses."""
    if not isinstance(value, Mapping):
        raise GradingInputError("'assessments' must be an object of criterion id to assessment")
    known = {criterion.id for criterion in criteria}
    assessments: dict[str, str] = {}
    for identifier, assessment in value.items():
        if identifier not in known:
            raise GradingInputError(f"assessment of unknown criterion {identifier!r}")
        if assessment not in ASSESSMENTS:
            raise GradingInputError(
                f"unknown assessment {shown(assessment)} for criterion {identifier!r}"
                " (expected met, partly_met, not_met or not_assessed)"
            )
        assessments[identifier] = assessment
    return assessments


def parse_policy(value: object, model: GradingModel | None = None) -> Policy | dict[str, Fraction]:
    """Check a policy object; thresholds left out keep their defaults, null means the default policy.

    For HMIC 2007 (the default model) the result is a `Policy`; for another model, the
    parameters it names, as exact fractions.
    """
    model = model or grading_model()
    default = model.key == DEFAULT_MODEL
    if value is None:
        return DEFAULT_POLICY if default else {}
    if not isinstance(value, Mapping):
        raise GradingInputError("'policy' must be an object")
    names = tuple(model.parameters)
    for key in value:
        if key not in names:
            raise GradingInputError(f"unknown policy key {key!r} (expected {words_or(names) if names else 'none'})")
    thresholds = {key: as_threshold(key, value[key]) for key in names if key in value}
    return Policy(**thresholds) if default else thresholds


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise GradingInputError(f"{name} must be true or false, not {shown(value)}")
    return value
