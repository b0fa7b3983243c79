"""How the reasons are written: numbers for people, lists in prose, and a model's wording filled in.

A grading model's file may give its own wording for any condition (`held`, `short`), with
placeholders such as `{count}` and forms by count (`zero`, `one`, `other`); what it leaves out is
written by the defaults here, so every model's outcome is explained the same way: the rule that
decided first ("Inadequate: 1 cause of concern: CC1."), then what kept the next grade out of reach.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

from inspectorate.core.grading.modelfile import PluralWording

Wording = str | PluralWording


def share(threshold: Fraction) -> str:
    """Write a threshold for people: "50%", "12.5%", "1/3", or "about 33.33%" as a last resort."""
    percent = threshold * 100
    if (percent * 10).denominator == 1:
        return f"{float(percent):g}%"
    if threshold.denominator <= 12:
        return f"{threshold.numerator}/{threshold.denominator}"
    return f"about {float(percent):.2f}%"


def percent(value: Fraction) -> str:
    """Write a percentage exactly where three decimals do ("62.5%", "71.875%"), else "about 58.33%"."""
    if (value * 1000).denominator == 1:
        text = f"{value.numerator * 1000 // value.denominator:04d}"
        whole, decimals = text[:-3].lstrip("0") or "0", text[-3:].rstrip("0")
        return f"{whole}.{decimals}%" if decimals else f"{whole}%"
    return f"about {float(value):.2f}%"


def number(value: Fraction) -> str:
    """Write a count threshold: a whole number as digits, anything else as a share."""
    return str(value.numerator) if value.denominator == 1 else share(value)


def listing(items: Sequence[str]) -> str:
    """Join clauses: "A", "A and B", "A, B, and C" (the comma keeps clauses with commas apart)."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def words(items: Sequence[str], last: str = "and") -> str:
    """Join words: "A", "A and B", "A, B and C"."""
    if len(items) <= 2:
        return f" {last} ".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


def choose(wording: Wording | None, count: int) -> str | None:
    """The form of `wording` for `count`: zero for 0 and one for 1 where given, else other (or None)."""
    if wording is None or isinstance(wording, str):
        return wording
    if count == 0 and wording.zero is not None:
        return wording.zero
    if count == 1 and wording.one is not None:
        return wording.one
    return wording.other


# Defaults, by kind of test; `{comparison}` is "at least" or "more than".
HELD: dict[str, Wording] = {
    "every": PluralWording(
        zero="there are no {noun}, so nothing stands in the way of {grade}",
        one="the only {noun_1} is {state}",
        other="all {total} {noun} are {state}",
    ),
    "count": "{noun_n} {ids} {is} {state}",
    "share": "{count} of {total} {noun} {is} {state}, {comparison} {threshold}",
    "findings": "{count} {noun_n}: {ids}",
}
SHORT: dict[str, Wording] = {
    "count_any": PluralWording(zero="there are no {noun}", other="no {noun_1} is {state}"),
    "count": "{count} of {total} {noun} {is} {state}, needs {comparison} {threshold}",
    "share": PluralWording(
        zero="there are no {noun}, so {grade} cannot hold",
        other="{count} of {total} {noun} {state}, needs {comparison} {threshold}",
    ),
    "findings_any": "no {noun_1} recorded",
    "findings": "{count} {noun_n} recorded, needs {comparison} {threshold}",
}
