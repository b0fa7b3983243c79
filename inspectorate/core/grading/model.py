"""The words of SPEC section 4 as values: criteria, the grading policy, and the outcome.

Pure Python: nothing here imports Django, so the web application, the command line and the
benchmark all grade with the same objects.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal

Level = Literal["fair", "good", "excellent"]
Assessment = Literal["met", "partly_met", "not_met", "not_assessed"]
Decided = Literal["rule", "judgement_required", "incomplete"]
DEFAULT_MODEL: Final = "hmic-2007"  # the model a request that names none is graded by

LEVELS: Final[tuple[Level, ...]] = ("fair", "good", "excellent")
ASSESSMENTS: Final[tuple[Assessment, ...]] = ("met", "partly_met", "not_met", "not_assessed")
POLICY_KEYS: Final = ("poor_share", "good_most", "excellent_vast")

# A threshold as a caller may give it; the policy keeps it as an exact Fraction.
Threshold = Fraction | Decimal | float | int


class GradingInputError(ValueError):
    """A grading request that cannot be graded; the message is one line naming the problem."""


@dataclass(frozen=True, slots=True)
class Criterion:
    """One item a grading model grades (a criterion, a characteristic, a quality statement): its level and flags.

    The level must be one of some shipped grading model's levels; the model that grades it checks
    it is one of its own.
    """

    id: str
    level: str
    significant: bool = False
    dominant: bool = False

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise GradingInputError(f"criterion id must be a non-empty string, not {shown(self.id)}")
        from inspectorate.core.grading.engine import known_levels  # the models are read on first use

        levels = known_levels()
        if not isinstance(self.level, str) or self.level not in levels:
            raise GradingInputError(
                f"criterion {self.id!r} has unknown level {shown(self.level)} (expected {words_or(levels)})"
            )
        for flag in ("significant", "dominant"):
            if not isinstance(getattr(self, flag), bool):
                raise GradingInputError(f"criterion {self.id!r}: {flag!r} must be true or false")


def words_or(names: tuple[str, ...]) -> str:
    """"fair, good or excellent"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def shown(value: object) -> str:
    """Show a value from a request in a one-line message: numbers plainly, anything else quoted."""
    if isinstance(value, (int, float, Decimal, Fraction)) and not isinstance(value, bool):
        text = str(value)
    else:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def as_threshold(name: str, value: object) -> Fraction:
    """Return `value` as an exact Fraction in 0..1, or raise GradingInputError naming `name`.

    A float is read as the shortest decimal that prints it (0.7 is 7/10, not the binary
    number just below it), so a threshold compares exactly as the person who wrote it meant.
    """
    number: Fraction | None = None
    if isinstance(value, Fraction):
        number = value
    elif isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = Fraction(value)
    elif isinstance(value, float) and math.isfinite(value):
        number = Fraction(repr(value))
    elif isinstance(value, Decimal) and value.is_finite():
        number = Fraction(value)
    if number is None or not 0 <= number <= 1:
        raise GradingInputError(f"policy {name!r} must be a number from 0 to 1, not {shown(value)}")
    return number


@dataclass(frozen=True, slots=True)
class Policy:
    """A programme's grading thresholds (SPEC section 4), held as exact fractions.

    poor_share: Poor when not-met significant Fair criteria are at least this share of them.
    good_most: Good needs met Good criteria to be more than this share of them.
    excellent_vast: Excellent needs met Good criteria to be at least this share of them.
    """

    poor_share: Fraction = Fraction(1, 3)
    good_most: Fraction = Fraction(1, 2)
    excellent_vast: Fraction = Fraction(4, 5)

    def __post_init__(self) -> None:
        for name in POLICY_KEYS:
            object.__setattr__(self, name, as_threshold(name, getattr(self, name)))


DEFAULT_POLICY: Final = Policy()


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a grading model's rules make of one request, with the reasons and counts behind it.

    `decided` is "rule" when a rule gave the grade, "judgement_required" when the rules cannot
    choose between the `candidates`, and "incomplete" when `missing` criteria must be assessed
    first. `reasons` start with the rule that decided.
    """

    grade: str | None
    decided: Decided
    candidates: tuple[str, ...]
    missing: tuple[str, ...]
    reasons: tuple[str, ...]
    counts: Mapping[str, int]
    model: str = DEFAULT_MODEL

    def to_json(self) -> dict[str, object]:
        """Return the outcome as the dict `inspectorate grade` prints (SPEC section 11).

        An outcome of another model than the default also names its model (`"model"`).
        """
        document: dict[str, object] = {
            "grade": self.grade,
            "decided": self.decided,
            "candidates": list(self.candidates),
            "missing": list(self.missing),
            "reasons": list(self.reasons),
            "counts": dict(self.counts),
        }
        if self.model != DEFAULT_MODEL:
            document["model"] = self.model
        return document
