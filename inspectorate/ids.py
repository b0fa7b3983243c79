"""Ids read from forms, URLs and commands: ASCII digits within the range every database holds.

``str.isdigit`` is true of "²" and other digits ``int`` will not read, and a number such as 2^63
overflows SQLite's integers: either gave a server error. Everything that reads an id from
outside goes through ``parse_id``; a malformed one is a 400 with a clear message.
"""

from __future__ import annotations

import re

from django.http import HttpResponse, HttpResponseBadRequest

# The largest id the API documents and the databases hold in every id column (PostgreSQL's integer).
MAX_ID = 2**31 - 1
_ASCII_DIGITS = re.compile(r"[0-9]{1,10}")


def parse_id(value: str) -> int | None:
    """The id ``value`` spells (1 to MAX_ID, ASCII digits), or None."""
    text = value.strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None


class MalformedId(ValueError):
    """An id from outside that is not one: the view answers 400."""

    def __init__(self, value: str, what: str = "id") -> None:
        shown = value if len(value) <= 40 else value[:40] + "…"
        super().__init__(f"“{shown}” is not a valid {what}: give a whole number from 1 to {MAX_ID:,}.")
        self.message = str(self)


def parse_ids(values: list[str], what: str = "id") -> list[int]:
    """Every id of ``values`` (empty strings skipped); MalformedId at the first that is not one."""
    ids = []
    for value in values:
        if not value.strip():
            continue
        number = parse_id(value)
        if number is None:
            raise MalformedId(value, what)
        ids.append(number)
    return ids


def bad_id_response(error: MalformedId) -> HttpResponse:
    return HttpResponseBadRequest(error.message, content_type="text/plain; charset=utf-8")
