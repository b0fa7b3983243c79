"""The framework library's file format, and the checks a file must pass before it is loaded.

Pure Python (pydantic and PyYAML): nothing here imports Django, so the library can be validated
anywhere. One YAML file describes one framework (``library/child-abuse.yaml``);
``library/reference-frameworks.yaml`` lists the frameworks the programme only names (risk-based
and planned). Every problem is reported as a :class:`LibraryError` whose text is one line naming
the file, the field and the reason, e.g.::

    library/child-abuse.yaml: criteria[3].level: 'fabulous' is not one of fair, good, excellent (line 63)

Criterion and list positions count from 0, as in ``criteria[0]`` for the first criterion; the line
number, where it is known, settles any doubt.
"""

from __future__ import annotations

import hashlib
import json
import re
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, model_validator

from inspectorate.core.grading.engine import grading_models
from inspectorate.core.libraryfile import (
    LibraryError,
    Loc,
    RuleBroken,
    check_key,
    describe_value,
    format_loc,
    line_at,
    one_line,
    read_library_file,
    whole_number,
)

__all__ = [
    "KINDS",
    "LEVELS",
    "MIN_SIGNIFICANT_FAIR",
    "REFERENCE_FILE",
    "REFERENCE_KINDS",
    "CriterionSpec",
    "FrameworkSpec",
    "Library",
    "LibraryError",
    "ReferenceFrameworkSpec",
    "content_hash",
    "load_framework_file",
    "load_library",
    "load_reference_file",
]

LEVELS: tuple[str, ...] = ("fair", "good", "excellent")
KINDS: tuple[str, ...] = ("programmed", "risk-based", "planned")
REFERENCE_KINDS: tuple[str, ...] = ("risk-based", "planned")
# SPEC section 4: Fair needs every significant Fair criterion met; fewer than three would let one
# criterion carry the whole grade.
MIN_SIGNIFICANT_FAIR = 3
REFERENCE_FILE = "reference-frameworks.yaml"

Level = Literal["fair", "good", "excellent"]
# The grading model (library/models/) of the framework file being read: its levels are the ones a
# criterion may have. None is HMIC 2007, whose levels are LEVELS and whose flag rules apply.
_READING_MODEL: ContextVar[str | None] = ContextVar("_READING_MODEL", default=None)
Kind = Literal["programmed", "risk-based", "planned"]
ReferenceKind = Literal["risk-based", "planned"]

_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_BLANK_LINE_RE = re.compile(r"\n\s*\n")

# --- field types, each with a reason a person editing the file can act on -----------------------


def _paragraphs(value: str) -> str:
    paragraphs = [" ".join(p.split()) for p in _BLANK_LINE_RE.split(value) if p.strip()]
    if not paragraphs:
        raise ValueError("must not be empty")
    return "\n\n".join(paragraphs)


def _key(value: str) -> str:
    return check_key(value, example="child-abuse")



def _optional_key(value: object) -> object:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"must be a key such as 'protecting-vulnerable-people' or null, not {describe_value(value)}")
    return _key(value)


def _criterion_id(value: str) -> str:
    if not _ID_RE.fullmatch(value):
        raise ValueError(f"{value!r} is not a valid criterion id: use letters, digits, '.', '_' or '-', e.g. 'NP-F1'")
    return value


def _one_of(value: object, choices: tuple[str, ...]) -> object:
    if value not in choices:
        raise ValueError(f"{describe_value(value)} is not one of {', '.join(choices)}")
    return value


def _choice(choices: tuple[str, ...]) -> BeforeValidator:
    return BeforeValidator(lambda value: _one_of(value, choices))


Text = Annotated[str, AfterValidator(one_line)]
Paragraphs = Annotated[str, AfterValidator(_paragraphs)]
Key = Annotated[str, AfterValidator(_key)]
GroupKey = Annotated[str | None, BeforeValidator(_optional_key)]
CriterionId = Annotated[str, AfterValidator(_criterion_id)]
def _level(value: object) -> object:
    model = _READING_MODEL.get()
    levels = LEVELS
    if model is not None and model in (models := grading_models()):
        levels = tuple(models[model].spec.levels)
    return _one_of(value, levels)


def _model(value: str) -> str:
    models = grading_models()
    if value not in models:
        raise ValueError(f"{value!r} is not a grading model of library/models: {', '.join(sorted(models))}")
    return value


LevelField = Annotated[str, BeforeValidator(_level)]
ModelKey = Annotated[str, AfterValidator(_model)]
KindField = Annotated[Kind, _choice(KINDS)]
ReferenceKindField = Annotated[ReferenceKind, _choice(REFERENCE_KINDS)]
Version = Annotated[int, BeforeValidator(whole_number)]


class _Spec(BaseModel):
    """Strict: a field the file does not name, or a value of the wrong type, is an error."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


# --- the models ------------------------------------------------------------------------------------


class CriterionSpec(_Spec):
    """One specific grading criterion: what an inspector checks, at which level, under which theme.

    ``significant`` marks a Fair criterion that must be met for Fair; ``dominant`` marks the
    criterion whose failure alone makes the grade Poor (it must itself be significant and Fair).
    """

    id: CriterionId
    level: LevelField
    theme: Text
    significant: bool
    dominant: bool
    text: Text

    @model_validator(mode="after")
    def _flags_fit_level(self) -> CriterionSpec:
        if self.significant and self.level != "fair":
            raise RuleBroken(
                ("significant",), f"only a Fair criterion can be significant, and {self.id} is {self.level}"
            )
        if self.dominant and not (self.significant and self.level == "fair"):
            raise RuleBroken(
                ("dominant",), f"a dominant criterion must be a significant Fair criterion, and {self.id} is not"
            )
        return self


class FrameworkSpec(_Spec):
    """One framework as its library file describes it: identity, context, themes and criteria.

    `model` names the grading model that grades it (a PEEL core question: `peel-2025`); without
    it the framework is graded by HMIC 2007 and its criteria are fair, good or excellent.
    """

    key: Key
    title: Text
    short_title: Text
    group: GroupKey = None
    kind: KindField
    graded: bool
    model: ModelKey | None = None
    version: Version
    drafting_note: Text
    national_context: Paragraphs
    themes: list[Text]
    criteria: list[CriterionSpec] = []

    @model_validator(mode="wrap")
    @classmethod
    def _in_its_model(cls, data: object, handler: Any) -> FrameworkSpec:
        """Validate the criteria against the levels of the model the file names."""
        model = data.get("model") if isinstance(data, dict) else None
        token = _READING_MODEL.set(model if isinstance(model, str) else None)
        try:
            spec: FrameworkSpec = handler(data)
        finally:
            _READING_MODEL.reset(token)
        return spec

    @model_validator(mode="after")
    def _rules(self) -> FrameworkSpec:
        _check_themes(self.themes)
        _check_criteria(self.criteria, self.themes)
        if self.model is not None:
            _check_unflagged(self.criteria, f"the {self.model} model does not weigh criteria as {{flag}}; "
                             "set it to false")
        elif self.graded:
            _check_graded(self.criteria)
        else:
            _check_unflagged(self.criteria, "an ungraded framework has no grade, so no criterion can be {flag}")
        return self

    def national_context_paragraphs(self) -> list[str]:
        """The national contextual factors as a list of paragraphs, whitespace normalised."""
        return self.national_context.split("\n\n")

    @property
    def dominant_criterion(self) -> CriterionSpec | None:
        """The criterion whose failure alone makes the grade Poor (always one for a graded framework)."""
        return next((c for c in self.criteria if c.dominant), None)

    @property
    def significant_criteria(self) -> list[CriterionSpec]:
        """The Fair criteria that must all be met for Fair."""
        return [c for c in self.criteria if c.significant]

    def criteria_at(self, level: Level) -> list[CriterionSpec]:
        """The criteria of one level, in file order."""
        return [c for c in self.criteria if c.level == level]


class ReferenceFrameworkSpec(_Spec):
    """A framework the programme names but does not grade: risk-based (monitored) or planned."""

    key: Key
    title: Text
    kind: ReferenceKindField
    note: Text | None = None


class _ReferenceFile(_Spec):
    references: list[ReferenceFrameworkSpec]

    @model_validator(mode="after")
    def _unique_keys(self) -> _ReferenceFile:
        first: dict[str, int] = {}
        for i, ref in enumerate(self.references):
            if ref.key in first:
                raise RuleBroken(
                    ("references", i, "key"), f"{ref.key!r} is already used by references[{first[ref.key]}]"
                )
            first[ref.key] = i
        return self


def _check_themes(themes: list[str]) -> None:
    if not themes:
        raise RuleBroken(("themes",), "list at least one theme")
    first: dict[str, int] = {}
    for i, theme in enumerate(themes):
        if theme in first:
            raise RuleBroken(("themes", i), f"{theme!r} is already listed as themes[{first[theme]}]")
        first[theme] = i


def _check_criteria(criteria: list[CriterionSpec], themes: list[str]) -> None:
    first: dict[str, int] = {}
    for i, criterion in enumerate(criteria):
        if criterion.id in first:
            raise RuleBroken(
                ("criteria", i, "id"), f"{criterion.id!r} is already used by criteria[{first[criterion.id]}]"
            )
        first[criterion.id] = i
        if criterion.theme not in themes:
            raise RuleBroken(
                ("criteria", i, "theme"),
                f"{criterion.theme!r} is not one of this framework's themes: {'; '.join(themes)}",
            )


def _check_graded(criteria: list[CriterionSpec]) -> None:
    dominant = [c.id for c in criteria if c.dominant]
    if len(dominant) != 1:
        found = f"found {len(dominant)}" + (f" ({', '.join(dominant)})" if dominant else "")
        raise RuleBroken(("criteria",), f"a graded framework needs exactly one dominant criterion; {found}")
    significant = [c.id for c in criteria if c.significant]
    if len(significant) < MIN_SIGNIFICANT_FAIR:
        raise RuleBroken(
            ("criteria",),
            f"a graded framework needs at least {MIN_SIGNIFICANT_FAIR} significant Fair criteria; "
            f"found {len(significant)}" + (f" ({', '.join(significant)})" if significant else ""),
        )


def _check_unflagged(criteria: list[CriterionSpec], reason: str) -> None:
    """Refuse a significant or dominant criterion where nothing weighs them; ``reason`` names the
    flag as ``{flag}``."""
    for i, criterion in enumerate(criteria):
        for flag in ("significant", "dominant"):
            if getattr(criterion, flag):
                raise RuleBroken(("criteria", i, flag), reason.format(flag=flag))


# --- reading files ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Library:
    """Every framework file of a library folder and the reference entries, all validated."""

    directory: Path
    frameworks: tuple[FrameworkSpec, ...]
    references: tuple[ReferenceFrameworkSpec, ...]
    paths: dict[str, Path] = field(default_factory=dict)  # framework or reference key -> its file

    def framework(self, key: str) -> FrameworkSpec:
        """The framework with this key; ``KeyError`` if the library has none."""
        for spec in self.frameworks:
            if spec.key == key:
                return spec
        raise KeyError(key)




def load_framework_file(path: Path | str) -> FrameworkSpec:
    """Read and validate one framework file; raise :class:`LibraryError` on the first problem."""
    spec, _ = read_library_file(Path(path), FrameworkSpec)
    return spec


def load_reference_file(path: Path | str) -> tuple[ReferenceFrameworkSpec, ...]:
    """Read and validate the reference entries (risk-based and planned frameworks) of one file."""
    spec, _ = read_library_file(Path(path), _ReferenceFile)
    return tuple(spec.references)


def load_library(directory: Path | str) -> Library:
    """Read and validate every ``*.yaml`` file in ``directory``; all or nothing.

    Framework files are read in name order, then ``reference-frameworks.yaml``. Keys must be unique
    across every file. The first broken file raises :class:`LibraryError`, so a caller never sees
    part of a library.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise LibraryError(directory, "", "is not a folder")
    files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("."))
    for path in files:
        if path.suffix == ".yml":
            raise LibraryError(path, "", "library files must end in .yaml; rename it")
    framework_files = [p for p in files if p.suffix == ".yaml" and p.name != REFERENCE_FILE]
    if not framework_files:
        raise LibraryError(directory, "", "holds no framework files (*.yaml)")

    paths: dict[str, Path] = {}
    frameworks: list[FrameworkSpec] = []
    for path in framework_files:
        spec, tree = read_library_file(path, FrameworkSpec)
        _claim_key(paths, spec.key, path, ("key",), tree)
        frameworks.append(spec)

    references: tuple[ReferenceFrameworkSpec, ...] = ()
    reference_path = directory / REFERENCE_FILE
    if reference_path.is_file():
        reference_file, tree = read_library_file(reference_path, _ReferenceFile)
        for i, ref in enumerate(reference_file.references):
            _claim_key(paths, ref.key, reference_path, ("references", i, "key"), tree)
        references = tuple(reference_file.references)
    return Library(directory=directory, frameworks=tuple(frameworks), references=references, paths=paths)


def content_hash(spec: FrameworkSpec | ReferenceFrameworkSpec) -> str:
    """SHA-256 of the spec's content as canonical JSON.

    Two files that differ only in comments, key order, quoting or line wrapping hash the same;
    any change of content (a criterion's text, a flag, the version) gives a new hash, which is how
    the loader knows a file needs a new framework version.
    """
    dumped = spec.model_dump(mode="json")
    if dumped.get("model", "") is None:
        del dumped["model"]  # a 2007 framework hashes as it did before frameworks named their model
    canonical = json.dumps(dumped, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _claim_key(paths: dict[str, Path], key: str, path: Path, loc: Loc, tree: yaml.Node) -> None:
    if key in paths:
        raise LibraryError(
            path, format_loc(loc), f"{key!r} is already the key of {paths[key]}", line=line_at(tree, loc)
        )
    paths[key] = path
