"""Addresses for a list of many rows: a URL pattern reversed once, then filled in for each row."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse


def address_of(name: str, **placeholders: Any) -> Callable[..., str]:
    """A function giving the address of the URL ``name`` for each row's arguments, from one ``reverse``.

    ``placeholders`` are stand-in values the pattern accepts (a slug for a slug, a number for an int), each
    distinct and not otherwise in the path; they are given, and later filled in, in the order the path
    holds them. The values filled in must need no quoting in a path (slugs and ids).
    """
    rest = reverse(name, kwargs=placeholders)
    pieces = []
    for placeholder in placeholders.values():
        before, found, rest = rest.partition(str(placeholder))
        if not found:
            raise ValueError(f"{placeholder!r} is not in the address of {name}")
        pieces.append(before)

    def address(**values: Any) -> str:
        return "".join(piece + str(values[key]) for piece, key in zip(pieces, placeholders, strict=True)) + rest

    return address
