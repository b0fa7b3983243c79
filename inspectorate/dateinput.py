"""GOV.UK's date input: a date typed as day, month and year in three boxes, checked on the server.

A browser's own date control sends an empty value for text it cannot read, so a mistyped date
looked like "no date" and cleared the one saved. Three plain boxes send exactly what was typed,
and the field refuses anything that is not a real date with a message saying what is wrong.
A single ISO value under the field's own name (``target_date=2027-03-31``) is read too, for
scripts and tests that post a date in one piece.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

PARTS = ("day", "month", "year")


class DayMonthYearInput(forms.Widget):
    """Three inputs named ``NAME-day``, ``NAME-month`` and ``NAME-year`` in one fieldset."""

    template_name = "includes/date_input_widget.html"
    use_fieldset = True

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if name in data:
            return data.get(name)
        return {part: data.get(f"{name}-{part}", "") for part in PARTS}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data and not any(f"{name}-{part}" in data for part in PARTS)

    def id_for_label(self, id_: str) -> str:
        return f"{id_}-day" if id_ else ""

    def parts(self, value: Any) -> dict[str, str]:
        """The three boxes' contents for ``value`` (a date, an ISO string, or what was typed)."""
        if isinstance(value, dt.date):
            return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}
        if isinstance(value, dict):
            return {part: str(value.get(part, "") or "") for part in PARTS}
        if isinstance(value, str) and value:
            try:
                return self.parts(dt.date.fromisoformat(value.strip()))
            except ValueError:
                return {"day": "", "month": "", "year": ""}
        return {"day": "", "month": "", "year": ""}

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        parts = self.parts(value)
        id_ = widget["attrs"].get("id", f"id_{name}")
        invalid = widget["attrs"].get("aria-invalid") == "true"
        widget["parts"] = [
            {"name": f"{name}-{part}", "id": f"{id_}-{part}", "label": part.capitalize(),
             "value": parts[part], "width": 4 if part == "year" else 2, "invalid": invalid}
            for part in PARTS
        ]
        return context


class DayMonthYearField(forms.Field):
    """A date from GOV.UK's three-box date input; empty (all three boxes blank) is None."""

    widget = DayMonthYearInput

    def __init__(self, *, earliest_year: int = 1900, latest_year: int = 2100, **kwargs: Any) -> None:
        self.earliest_year = earliest_year
        self.latest_year = latest_year
        super().__init__(**kwargs)

    def _what(self) -> str:
        return str(self.label or "The date")

    def to_python(self, value: Any) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.date):
            return value
        what = self._what()
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                raise ValidationError(f"{what} must be a real date, for example 31 3 2027.", code="invalid") from None
        parts = {part: str(value.get(part, "") or "").strip() for part in PARTS}
        if not any(parts.values()):
            return None
        missing = [part for part in PARTS if not parts[part]]
        if missing:
            raise ValidationError(f"{what} must include a {' and a '.join(missing)}.", code="incomplete")
        if not all(parts[part].isdigit() for part in PARTS):
            raise ValidationError(f"{what} must be a real date, in numbers, for example 31 3 2027.", code="invalid")
        day, month, year = (int(parts[part]) for part in PARTS)
        if len(parts["year"]) != 4:
            raise ValidationError(f"The year of {what.lower()} must have four digits, for example 2027.",
                                  code="invalid")
        try:
            date = dt.date(year, month, day)
        except ValueError:
            raise ValidationError(f"{what} must be a real date, for example 31 3 2027.", code="invalid") from None
        if not self.earliest_year <= date.year <= self.latest_year:
            raise ValidationError(f"{what} must be between {self.earliest_year} and {self.latest_year}.",
                                  code="invalid")
        return date
