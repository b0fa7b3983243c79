"""The grading model file: one YAML file in `library/models/` describes how an inspectorate grades.

A grading model holds the scale (grade names best first, with their colours), what it grades, the
finding types and follow-up deadlines it uses, the thresholds a programme may change, and its
rules in a small declarative form that `inspectorate.core.grading.rules` compiles and evaluates.

Pure Python (pydantic and PyYAML): nothing here imports Django. The files are read and checked
the way framework files are (`inspectorate/core/frameworkfile.py`): every problem is one line
naming the file, the field and the reason, e.g.::

    library/models/peel-2025.yaml: rules.reach[1].grade: 'Grand' is not a grade of this model's scale (line 88)

`docs/grading-models.md` describes the format.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, model_validator

# The framework library's reader and its one-line errors, so both kinds of library file fail alike.
from inspectorate.core.libraryfile import (
    LibraryError,
    RuleBroken,
    check_key,
    one_line,
    read_library_file,
    whole_number,
)

__all__ = [
    "FLAGS",
    "MODELS_DIR",
    "STATES",
    "GradingModelSpec",
    "LibraryError",
    "load_model_file",
    "load_model_files",
]

MODELS_DIR = Path(__file__).resolve().parents[3] / "library" / "models"
STATES: tuple[str, ...] = ("met", "partly_met", "not_met", "not_assessed")
FLAGS: tuple[str, ...] = ("significant", "dominant")
GRADES_WHAT: tuple[str, ...] = ("framework", "core question", "key question")
# WCAG 2.2 success criterion 1.4.3: normal text needs a contrast ratio of at least 4.5:1.
MIN_CONTRAST = Fraction(9, 2)

_NAME_RE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_COLOUR_RE = re.compile(r"#[0-9a-fA-F]{6}")
_PLACEHOLDER_RE = re.compile(r"\{([^{}]*)\}")
PLACEHOLDERS = frozenset(
    {"count", "total", "ids", "threshold", "comparison", "grade", "state", "noun", "noun_1", "noun_n", "is"}
)


def _key(value: str) -> str:
    return check_key(value, example="peel-2025")



def _name(value: str) -> str:
    if not _NAME_RE.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid name: use lower-case letters, digits and underscores, e.g. 'good_most'"
        )
    return value


def _colour(value: str) -> str:
    if not _COLOUR_RE.fullmatch(value):
        raise ValueError(f"{value!r} is not a colour: write six hex digits after '#', e.g. '#1d70b8'")
    return value.lower()


def exact_number(value: object) -> Fraction:
    """A number as the file writes it, exactly: "1/3", "0.5", 0.5 (read as written, not as binary), 2.

    Raises ValueError with a reason a person editing the file can act on.
    """
    if isinstance(value, bool):
        raise ValueError(f"must be a number such as '1/3' or 0.5, not {value!r}")
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"must be a finite number, not {value!r}")
        return Fraction(repr(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                numerator, _, denominator = text.partition("/")
                return Fraction(int(numerator), int(denominator))
            number = Decimal(text)
            if number.is_finite():
                return Fraction(number)
        except (ValueError, ZeroDivisionError, InvalidOperation):
            pass
    raise ValueError(f"must be a number such as '1/3', '0.5' or 2, not {value!r}")


def _limit(value: object) -> Fraction | str:
    if isinstance(value, str) and _NAME_RE.fullmatch(value):
        return value  # a parameter's name, checked against the parameters later
    return exact_number(value)


Text = Annotated[str, AfterValidator(one_line)]
Key = Annotated[str, AfterValidator(_key)]
Name = Annotated[str, AfterValidator(_name)]
Colour = Annotated[str, AfterValidator(_colour)]
Version = Annotated[int, BeforeValidator(whole_number)]
Number = Annotated[Fraction, BeforeValidator(exact_number)]
Limit = Annotated[Fraction | str, BeforeValidator(_limit)]  # a number, or a parameter's name
State = Literal["met", "partly_met", "not_met", "not_assessed"]
CountPart = Literal["total", "met", "partly_met", "not_met", "not_assessed", "scored", "points", "maximum"]


def _template(value: str) -> str:
    for name in _PLACEHOLDER_RE.findall(value):
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
            raise ValueError(f"{{{name}}} is not a placeholder; use {known}")
    return one_line(value)


Template = Annotated[str, AfterValidator(_template)]


def _noun(value: list[str]) -> list[str]:
    if len(value) != 2:
        raise ValueError("give the singular and the plural, e.g. [criterion, criteria]")
    return value


Noun = Annotated[list[Text], AfterValidator(_noun)]  # singular, plural


class _Spec(BaseModel):
    """Strict: a field the file does not name, or a value of the wrong type, is an error."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, populate_by_name=True)


class PluralWording(_Spec):
    """A sentence in forms chosen by a count: `zero` (if given) for 0, `one` (if given) for 1, else `other`."""

    zero: Template | None = None
    one: Template | None = None
    other: Template | None = None

    @model_validator(mode="after")
    def _something(self) -> PluralWording:
        if self.zero is None and self.one is None and self.other is None:
            raise RuleBroken((), "give at least one of zero, one, other")
        return self


Wording = Template | PluralWording


def _contrast(first: str, second: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class GradeSpec(_Spec):
    """One grade of the scale: its name, its badge colour and the text colour written on it."""

    name: Text
    colour: Colour
    text_colour: Colour
    means: Text

    @model_validator(mode="after")
    def _readable(self) -> GradeSpec:
        ratio = _contrast(self.colour, self.text_colour)
        if ratio < MIN_CONTRAST:
            raise RuleBroken(
                ("text_colour",),
                f"{self.text_colour} on {self.colour} has a contrast of {ratio:.2f}:1; WCAG needs at least 4.5:1",
            )
        return self


class FindingSpec(_Spec):
    """A kind of finding the model's reports use, and whether it carries recommendations."""

    key: Name
    name: Text
    plural: Text
    recommendation: bool
    means: Text


class FollowUpSpec(_Spec):
    """A deadline the model sets after a report: who must do what, within how many days of what."""

    key: Name
    who: Text
    what: Text
    days: Version
    after: Text


class EvidenceSpec(_Spec):
    """A yes-or-no piece of evidence a request records (2007: beacon, innovation)."""

    key: Name
    means: Text


class ParameterSpec(_Spec):
    """A threshold the rules use by name; a programme may give its own value (its policy)."""

    value: Number
    means: Text


class ScoresSpec(_Spec):
    """The whole-number scores a scored model gives each item, lowest to highest."""

    lowest: Version
    highest: Version


class SetSpec(_Spec):
    """A named selection of the items graded: by level, by flag (any of them), or all of them."""

    level: list[Name] | None = None
    flags: list[Literal["significant", "dominant"]] | None = None
    noun: Noun


class ConditionSpec(_Spec):
    """One test the rules make. Exactly one of `every`, `count`, `share`, `evidence`, `findings`.

    - every: SET       every item of the set is in state `is` (or scored as `scored`)
    - count: SET       how many items of the set are `is`/`scored`, against `at_least`/`more_than`
    - share: SET       that count as a share of the set, against a share or a parameter's name
    - evidence: [..]   every evidence key listed is recorded
    - findings: [..]   how many findings of these kinds are recorded, against `at_least`/`more_than`
    """

    every: Name | None = None
    count: Name | None = None
    share: Name | None = None
    evidence: list[Name] | None = None
    findings: list[Name] | None = None
    is_: State | None = Field(default=None, alias="is")
    scored: list[int] | None = None
    at_least: Limit | None = None
    more_than: Limit | None = None
    held: Wording | None = None
    short: Wording | None = None

    @property
    def kind(self) -> str:
        """Which of the five tests this is."""
        return next(k for k in ("every", "count", "share", "evidence", "findings") if getattr(self, k) is not None)

    @model_validator(mode="after")
    def _one_test(self) -> ConditionSpec:
        kinds = [k for k in ("every", "count", "share", "evidence", "findings") if getattr(self, k) is not None]
        if len(kinds) != 1:
            raise RuleBroken((), "give exactly one of every, count, share, evidence, findings")
        kind = kinds[0]
        compared = [k for k in ("at_least", "more_than") if getattr(self, k) is not None]
        if kind in ("count", "share", "findings") and len(compared) != 1:
            raise RuleBroken((), f"a {kind} test needs exactly one of at_least, more_than")
        if kind in ("every", "evidence") and compared:
            raise RuleBroken((compared[0],), f"an {kind} test takes no {compared[0]}")
        if kind in ("every", "count", "share") and (self.is_ is None) == (self.scored is None):
            raise RuleBroken((), f"a {kind} test needs exactly one of is, scored")
        if kind in ("evidence", "findings") and (self.is_ is not None or self.scored is not None):
            raise RuleBroken(("is" if self.is_ is not None else "scored",), f"a {kind} test takes no is or scored")
        return self


class RuleSpec(_Spec):
    """A grade and the conditions that give it: `all` must hold, or `any` one of them."""

    grade: Text
    all: list[ConditionSpec] | None = None
    any: list[ConditionSpec] | None = None
    short: Text | None = None  # "not reached" in its own order: {1} is the first condition's shortfall

    @model_validator(mode="after")
    def _one_group(self) -> RuleSpec:
        if (self.all is None) == (self.any is None):
            raise RuleBroken((), "give exactly one of all, any")
        if not (self.all or self.any):
            raise RuleBroken(("all" if self.all is not None else "any",), "list at least one condition")
        if self.short is not None:
            count = len(self.conditions)
            for name in _PLACEHOLDER_RE.findall(self.short):
                if not (name.isdigit() and 1 <= int(name) <= count):
                    raise RuleBroken(("short",), f"{{{name}}} is not a condition: use {{1}} to {{{count}}}")
        return self

    @property
    def conditions(self) -> list[ConditionSpec]:
        """The rule's conditions, whichever group holds them."""
        return self.all if self.all is not None else (self.any or [])


class BandSpec(_Spec):
    """A grade given when the percentage score is at least `from` (exactly: 62.5 is below 63)."""

    grade: Text
    from_: Number = Field(alias="from")


class ScoreSpec(_Spec):
    """Grade a scored set by its total as a percentage of the most it could score, banded best first."""

    set: Name
    bands: list[BandSpec]


class LimitSpec(_Spec):
    """A limiter: while `when` holds, the grade can be no better than `at_best`."""

    at_best: Text
    when: ConditionSpec


class OtherwiseSpec(_Spec):
    """What happens when no rule holds: a grade, or a judgement between candidate grades."""

    grade: Text | None = None
    judgement: list[Text] | None = None

    @model_validator(mode="after")
    def _one(self) -> OtherwiseSpec:
        if (self.grade is None) == (self.judgement is None):
            raise RuleBroken((), "give exactly one of grade, judgement")
        if self.judgement is not None and len(self.judgement) < 2:
            raise RuleBroken(("judgement",), "a judgement needs at least two candidate grades")
        return self


class IncompleteSpec(_Spec):
    """No grade while any item of this set is not assessed (or not scored)."""

    set: Name


class RulesSpec(_Spec):
    """The rules, applied in this order: incomplete, force, score, reach, otherwise, then limit."""

    incomplete: IncompleteSpec | None = None
    force: list[RuleSpec] = []
    score: ScoreSpec | None = None
    reach: list[RuleSpec] = []
    otherwise: OtherwiseSpec | None = None
    limit: list[LimitSpec] = []


class GradingModelSpec(_Spec):
    """One grading model as its file describes it."""

    key: Key
    version: Version
    title: Text
    drafting_note: Text
    grades: Literal["framework", "core question", "key question"]
    items: Noun  # what one graded item is called
    scale: list[GradeSpec]
    levels: list[Name]
    assessed_by: Literal["states", "scores"]
    scores: ScoresSpec | None = None
    evidence: list[EvidenceSpec] = []
    findings: list[FindingSpec]
    follow_up: list[FollowUpSpec] = []
    parameters: dict[Name, ParameterSpec] = {}
    sets: dict[Name, SetSpec]
    counts: dict[Name, list[CountPart]] = {}
    rules: RulesSpec

    @model_validator(mode="after")
    def _references(self) -> GradingModelSpec:
        _check_model(self)
        return self

    @property
    def grade_names(self) -> tuple[str, ...]:
        """The scale's grade names, best first."""
        return tuple(grade.name for grade in self.scale)


def _names(names: Iterable[str]) -> str:
    return ", ".join(names) or "none"


def _unique(names: list[str], loc: tuple[str | int, ...], what: str) -> None:
    first: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in first:
            raise RuleBroken((*loc, i), f"{what} {name!r} is already given at {loc[-1]}[{first[name]}]")
        first[name] = i


def _check_model(spec: GradingModelSpec) -> None:
    """The checks that span fields: every name a rule uses is declared, and the rules can be applied."""
    if len(spec.scale) < 2:
        raise RuleBroken(("scale",), "a scale needs at least two grades")
    _unique([g.name for g in spec.scale], ("scale",), "grade")
    if not spec.levels:
        raise RuleBroken(("levels",), "list at least one level")
    _unique(spec.levels, ("levels",), "level")
    _unique([f.key for f in spec.findings], ("findings",), "finding")
    _unique([e.key for e in spec.evidence], ("evidence",), "evidence")
    if (spec.assessed_by == "scores") != (spec.scores is not None):
        raise RuleBroken(("scores",), "give scores (lowest, highest) exactly when assessed_by is scores")
    if spec.scores is not None and spec.scores.lowest >= spec.scores.highest:
        raise RuleBroken(("scores", "highest"), "must be more than lowest")
    for name, item in spec.sets.items():
        for i, level in enumerate(item.level or []):
            if level not in spec.levels:
                reason = f"{level!r} is not one of the levels: {_names(spec.levels)}"
                raise RuleBroken(("sets", name, "level", i), reason)
    for name, what in spec.counts.items():
        if name not in spec.sets:
            raise RuleBroken(("counts", name), f"{name!r} is not one of the sets: {', '.join(spec.sets)}")
        for i, part in enumerate(what):
            wrong = part in ("scored", "points", "maximum") if spec.assessed_by == "states" else part in STATES[:3]
            if wrong:
                reason = f"{part!r} is not a count of a model assessed by {spec.assessed_by}"
                raise RuleBroken(("counts", name, i), reason)
    rules = spec.rules
    loc: tuple[str | int, ...]
    if rules.incomplete is not None:
        _check_set(spec, rules.incomplete.set, ("rules", "incomplete", "set"))
    for group in ("force", "reach"):
        for i, rule in enumerate(getattr(rules, group)):
            loc = ("rules", group, i)
            _check_grade(spec, rule.grade, (*loc, "grade"))
            group_name = "all" if rule.all is not None else "any"
            for j, condition in enumerate(rule.conditions):
                _check_condition(spec, condition, (*loc, group_name, j))
    if rules.score is not None:
        if spec.assessed_by != "scores":
            raise RuleBroken(("rules", "score"), "only a model assessed by scores can grade by score")
        _check_set(spec, rules.score.set, ("rules", "score", "set"))
        bands = rules.score.bands
        if not bands:
            raise RuleBroken(("rules", "score", "bands"), "list at least one band")
        for i, band in enumerate(bands):
            _check_grade(spec, band.grade, ("rules", "score", "bands", i, "grade"))
            if not 0 <= band.from_ <= 100:
                raise RuleBroken(("rules", "score", "bands", i, "from"), "must be a percentage from 0 to 100")
            if i and band.from_ >= bands[i - 1].from_:
                raise RuleBroken(
                    ("rules", "score", "bands", i, "from"), "bands go best first, each from a lower percentage"
                )
    if rules.otherwise is not None:
        for i, name in enumerate(rules.otherwise.judgement or [rules.otherwise.grade or ""]):
            where: tuple[str | int, ...] = ("judgement", i) if rules.otherwise.judgement else ("grade",)
            _check_grade(spec, name, ("rules", "otherwise", *where))
    if not (rules.force or rules.reach or rules.score or rules.otherwise):
        raise RuleBroken(("rules",), "give at least one rule that grades: force, score, reach or otherwise")
    for i, limit in enumerate(rules.limit):
        _check_grade(spec, limit.at_best, ("rules", "limit", i, "at_best"))
        _check_condition(spec, limit.when, ("rules", "limit", i, "when"))


def _check_grade(spec: GradingModelSpec, name: str, loc: tuple[str | int, ...]) -> None:
    if name not in spec.grade_names:
        raise RuleBroken(loc, f"{name!r} is not a grade of this model's scale: {', '.join(spec.grade_names)}")


def _check_set(spec: GradingModelSpec, name: str, loc: tuple[str | int, ...]) -> None:
    if name not in spec.sets:
        raise RuleBroken(loc, f"{name!r} is not one of the sets: {', '.join(spec.sets)}")


def _check_condition(spec: GradingModelSpec, condition: ConditionSpec, loc: tuple[str | int, ...]) -> None:
    kind = condition.kind
    if kind in ("every", "count", "share"):
        _check_set(spec, getattr(condition, kind), (*loc, kind))
        if spec.assessed_by == "states" and condition.scored is not None:
            raise RuleBroken((*loc, "scored"), "a model assessed by states tests `is`, not `scored`")
        if spec.assessed_by == "scores" and condition.is_ is not None:
            raise RuleBroken((*loc, "is"), "a model assessed by scores tests `scored`, not `is`")
        if condition.scored is not None and spec.scores is not None:
            low, high = spec.scores.lowest, spec.scores.highest
            for i, score in enumerate(condition.scored):
                if isinstance(score, bool) or not low <= score <= high:
                    raise RuleBroken((*loc, "scored", i), f"must be a score from {low} to {high}, not {score!r}")
    if kind == "evidence":
        known = [e.key for e in spec.evidence]
        for i, name in enumerate(condition.evidence or []):
            if name not in known:
                raise RuleBroken((*loc, "evidence", i), f"{name!r} is not one of the evidence keys: {_names(known)}")
    if kind == "findings":
        known = [f.key for f in spec.findings]
        for i, name in enumerate(condition.findings or []):
            if name not in known:
                raise RuleBroken((*loc, "findings", i), f"{name!r} is not one of the finding keys: {', '.join(known)}")
    for compared in ("at_least", "more_than"):
        value = getattr(condition, compared)
        if isinstance(value, str):
            if value not in spec.parameters:
                reason = f"{value!r} is not one of the parameters: {_names(spec.parameters)}"
                raise RuleBroken((*loc, compared), reason)
            if kind != "share":
                raise RuleBroken((*loc, compared), "only a share test compares with a parameter")
            value = spec.parameters[value].value
        if value is not None and kind == "share" and not 0 <= value <= 1:
            raise RuleBroken((*loc, compared), "a share must be from 0 to 1")
        if value is not None and kind != "share" and (value.denominator != 1 or value < 0):
            raise RuleBroken((*loc, compared), "a count must be a whole number, 0 or more")


def load_model_file(path: Path | str) -> GradingModelSpec:
    """Read and validate one grading model file; raise LibraryError on the first problem."""
    spec, _ = read_library_file(Path(path), GradingModelSpec)
    if Path(path).stem != spec.key:
        raise LibraryError(path, "key", f"{spec.key!r} must match the file's name ({Path(path).stem}.yaml)")
    return spec


def load_model_files(directory: Path | str = MODELS_DIR) -> dict[str, GradingModelSpec]:
    """Read and validate every `*.yaml` grading model in `directory`, by key; all or nothing."""
    directory = Path(directory)
    if not directory.is_dir():
        raise LibraryError(directory, "", "is not a folder")
    return {spec.key: spec for spec in (load_model_file(p) for p in sorted(directory.glob("*.yaml")))}
