"""Reading a library file (a framework, a grading model): YAML checked by a pydantic model, every
problem one line naming the file, the field and the reason.

Shared by ``core/frameworkfile.py`` and ``core/grading/modelfile.py``. Pure Python (pydantic and PyYAML):
nothing here imports Django. Positions count from 0, as in ``criteria[0]``; the line number,
where it is known, settles any doubt.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

Loc = tuple[str | int, ...]
Model = TypeVar("Model", bound=BaseModel)
# A key of the library (a framework's, a grading model's): lower-case words joined by single hyphens.
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class LibraryError(Exception):
    """A library file that cannot be loaded: which file, which field, and why, as one line of text.

    ``field`` is a path into the file such as ``criteria[3].level`` (empty when the problem is the
    file as a whole); ``line`` and ``column`` are 1-based and ``None`` when not known.
    """

    def __init__(
        self,
        path: Path | str,
        field: str,
        reason: str,
        *,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.path = Path(path)
        self.field = field
        self.reason = reason
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: {self.field}: " if self.field else f"{self.path}: "
        if self.line is None:
            at = ""
        elif self.column is None:
            at = f" (line {self.line})"
        else:
            at = f" (line {self.line}, column {self.column})"
        return " ".join(f"{where}{self.reason}{at}".split())


class RuleBroken(ValueError):
    """A rule that spans fields, raised inside a model validator; carries the field it concerns."""

    def __init__(self, loc: Loc, reason: str) -> None:
        super().__init__(reason)
        self.loc = loc


def describe_value(value: object) -> str:
    """A value as a message names it: "a mapping", "a list", "nothing", or its repr."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def read_library_file(path: Path, model: type[Model]) -> tuple[Model, yaml.Node]:
    """The file checked by ``model``, and its YAML tree (for line numbers); raises LibraryError."""
    tree, data = _parse_yaml(path)
    if not isinstance(data, dict):
        raise LibraryError(path, "", f"must be a mapping of fields (name: value), not {describe_value(data)}", line=1)
    try:
        return model.model_validate(data), tree
    except ValidationError as exc:
        raise _library_error(path, model, tree, exc.errors()) from None


def _parse_yaml(path: Path) -> tuple[yaml.Node, object]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise LibraryError(path, "", f"cannot be read: {exc}") from None
    loader = yaml.SafeLoader(text)
    try:
        tree = loader.get_single_node()
        if tree is None:
            raise LibraryError(path, "", "is empty")
        _refuse_repeated_keys(path, tree, ())
        return tree, loader.construct_document(tree)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "cannot be parsed"
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (None, None)
        raise LibraryError(path, "", f"is not valid YAML: {problem}", line=line, column=column) from None
    except yaml.YAMLError as exc:
        raise LibraryError(path, "", f"is not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _refuse_repeated_keys(path: Path, node: yaml.Node, loc: Loc) -> None:
    """PyYAML keeps the last of two equal keys without a word; a library file must not rely on that."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            name = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
            if name is not None and name in seen:
                raise LibraryError(
                    path,
                    format_loc((*loc, name)),
                    f"is given twice (lines {seen[name]} and {key_node.start_mark.line + 1}); give it once",
                )
            if name is not None:
                seen[name] = key_node.start_mark.line + 1
            _refuse_repeated_keys(path, value_node, (*loc, name if name is not None else "?"))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _refuse_repeated_keys(path, item, (*loc, i))


def _library_error(path: Path, model: type[BaseModel], tree: yaml.Node, errors: Sequence[ErrorDetails]) -> LibraryError:
    """The first problem in the file (by line), as a LibraryError."""
    found = []
    for error in errors:
        loc: Loc = tuple(error["loc"])
        cause = error.get("ctx", {}).get("error")
        if isinstance(cause, RuleBroken):
            loc = (*loc, *cause.loc)
        found.append((loc, _reason(error, model, loc), line_at(tree, loc)))
    loc, reason, line = min(found, key=lambda item: item[2] if item[2] is not None else 1 << 30)
    return LibraryError(path, format_loc(loc), reason, line=line)


def _reason(error: ErrorDetails, model: type[BaseModel], loc: Loc) -> str:
    kind = error["type"]
    value = error.get("input")
    if kind == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        return _unknown_field_reason(model, loc)
    if kind == "string_type":
        return f"must be text, not {describe_value(value)}"
    if kind == "bool_type":
        return f"must be true or false, not {describe_value(value)}"
    if kind == "list_type":
        return f"must be a list, not {describe_value(value)}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"must be a mapping of fields (name: value), not {describe_value(value)}"
    return str(error["msg"])


def _unknown_field_reason(model: type[BaseModel], loc: Loc) -> str:
    owner = _model_at(model, loc[:-1])
    if owner is None:
        return "is not a field this file may have"
    known = list(owner.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"the fields are {', '.join(known)}"
    return f"is not a known field; {hint}"


def _model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model that validates the mapping found at ``loc`` (so an unknown field can name its siblings)."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)) or part not in current.model_fields:
            return None
        current = current.model_fields[part].annotation
        if get_origin(current) is list:
            current = get_args(current)[0]
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def format_loc(loc: Loc) -> str:
    """A field's path as a message writes it: ``criteria[3].level``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def line_at(tree: yaml.Node, loc: Loc) -> int | None:
    """The 1-based line of the deepest node of ``loc`` the file has (its parent, if the field is missing)."""
    node = tree
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            match = next((v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None)
            if match is None:
                break
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
            node = node.value[part]
        else:
            break
    return node.start_mark.line + 1


# --- field rules both formats use ---------------------------------------------------------------


def one_line(value: str) -> str:
    """Text as one line: runs of white space become one space; empty text is refused (ValueError)."""
    text = " ".join(value.split())
    if not text:
        raise ValueError("must not be empty")
    return text


def check_key(value: str, *, example: str) -> str:
    """A library key, or ValueError naming the rule with ``example`` as a key that keeps it."""
    if not KEY_PATTERN.fullmatch(value):
        raise ValueError(
            f"{value!r} is not a valid key: use lower-case letters, digits and single hyphens, e.g. {example!r}"
        )
    return value


def whole_number(value: object) -> object:
    """A whole number of 1 or more (a version), or ValueError; true and false are not numbers."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"must be a whole number such as 1, not {describe_value(value)}")
    if value < 1:
        raise ValueError(f"must be 1 or more, not {value}")
    return value
