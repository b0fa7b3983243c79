"""Free text people type: how long it may be, and the one check every form, API schema and service uses.

A NUL character cannot be stored in PostgreSQL's text and is never meant: it is refused on every
database alike, with the same words. A text over its field's limit is refused with its length
and the limit. The limits are the ``max_length`` of the models' text fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

# A note beside an action (why a signal was dismissed, how a comment was resolved), an evidence
# summary, a change note.
NOTE_MAX_LENGTH = 5_000
# A paragraph of a report or its reasoning: a finding, a recommendation, a rationale, a force's response.
TEXT_MAX_LENGTH = 20_000

NUL = "\x00"


def text_problem(value: str, max_length: int) -> str | None:
    """What is wrong with ``value`` as free text of at most ``max_length`` characters, or None."""
    if NUL in value:
        return "The text contains a null character (\\x00), which cannot be stored: remove it and try again."
    if len(value) > max_length:
        return f"The text is {len(value):,} characters long; it may be at most {max_length:,}."
    return None


def check_free_text(value: str, max_length: int, *, what: str = "text") -> str:
    """``value`` if it will do; otherwise a ServiceError saying why (for services that read raw input)."""
    from inspectorate.inspections.errors import ServiceError

    problem = text_problem(value, max_length)
    if problem is not None:
        raise ServiceError(problem.replace("The text", f"The {what}", 1))
    return value


@deconstructible
class FreeTextValidator:
    """The Django validator form fields use."""

    code = "free_text"

    def __init__(self, max_length: int) -> None:
        self.max_length = max_length

    def __call__(self, value: Any) -> None:
        problem = text_problem(str(value), self.max_length)
        if problem is not None:
            raise ValidationError(problem, code=self.code)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, FreeTextValidator) and other.max_length == self.max_length

    def __hash__(self) -> int:
        return hash(self.max_length)


def nul_free(value: str) -> str:
    """For pydantic's AfterValidator in the API's schemas: refuse a NUL with the forms' words."""
    if NUL in value:
        raise ValueError(text_problem(value, len(value) + 1) or "")
    return value


class FreeTextField(forms.CharField):
    """A form field for typed text: a Textarea by default, its limit checked with a clear message."""

    def __init__(self, *, max_length: int = TEXT_MAX_LENGTH, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        # Checked by the one validator rather than CharField's max_length, whose message is less
        # clear, and its NUL check, whose words differ from the API's.
        self.free_text_max_length = max_length
        super().__init__(**kwargs)
        self.validators = [v for v in self.validators if not _is_nul_validator(v)]
        self.validators.append(FreeTextValidator(max_length))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        if not widget.is_hidden:
            attrs["maxlength"] = str(self.free_text_max_length)
        return attrs


def _is_nul_validator(validator: Any) -> bool:
    from django.core.validators import ProhibitNullCharactersValidator

    return isinstance(validator, ProhibitNullCharactersValidator)
