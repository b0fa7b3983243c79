"""Read a grading request (the JSON input of SPEC section 11) into the engine's values.

Every problem raises GradingInputError with one line naming it, so the command line and the
web application refuse bad input in the same words. Keys the rules do not use (a criterion's
text or theme, say) are allowed and ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple, cast

from inspectorate.grading.model import (
    ASSESSMENTS,
    DEFAULT_POLICY,
    POLICY_KEYS,
    Criterion,
    GradingInputError,
    Level,
    Policy,
    as_threshold,
    shown,
)


class GradingRequest(NamedTuple):
    """The arguments of `derive_grade`, checked: `derive_grade(**request._asdict())`."""

    criteria: tuple[Criterion, ...]
    assessments: dict[str, str]
    beacon: bool
    innovation: bool
    policy: Policy


def parse_grading_request(data: object) -> GradingRequest:
    """Check a decoded grading request and return its parts; raise GradingInputError if bad.

    `beacon`, `innovation`, `assessments` and `policy` may be left out (false, none assessed,
    the default policy); a policy may give any of its three thresholds.
    """
    if not isinstance(data, Mapping):
        raise GradingInputError("the request must be a JSON object")
    if "criteria" not in data:
        raise GradingInputError("missing 'criteria'")
    criteria = parse_criteria(data["criteria"])
    return GradingRequest(
        criteria=criteria,
        assessments=parse_assessments(data.get("assessments", {}), criteria),
        beacon=_flag("'beacon'", data.get("beacon", False)),
        innovation=_flag("'innovation'", data.get("innovation", False)),
        policy=parse_policy(data.get("policy")),
    )


def parse_criteria(value: object) -> tuple[Criterion, ...]:
    """Check a list of criterion objects ({"id", "level", "significant", "dominant"})."""
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
        if "level" not in item:
            raise GradingInputError(f"criterion {identifier!r} has no level (fair, good or excellent)")
        criteria.append(
            Criterion(
                id=identifier,
                level=cast(Level, item["level"]),  # Criterion checks it
                significant=_flag(f"criterion {identifier!r}: 'significant'", item.get("significant", False)),
                dominant=_flag(f"criterion {identifier!r}: 'dominant'", item.get("dominant", False)),
            )
        )
    return tuple(criteria)


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


def parse_policy(value: object) -> Policy:
    """Check a policy object; thresholds left out keep their defaults, null means the default policy."""
    if value is None:
        return DEFAULT_POLICY
    if not isinstance(value, Mapping):
        raise GradingInputError("'policy' must be an object")
    for key in value:
        if key not in POLICY_KEYS:
            raise GradingInputError(
                f"unknown policy key {key!r} (expected poor_share, good_most or excellent_vast)"
            )
    thresholds = {key: as_threshold(key, value[key]) for key in POLICY_KEYS if key in value}
    return Policy(**thresholds)


def _flag(name: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise GradingInputError(f"{name} must be true or false, not {shown(value)}")
    return value
