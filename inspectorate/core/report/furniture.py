"""Find a report's page furniture, and the paragraph ends of hard-wrapped text.

Page furniture is what a PDF prints on every page but is not part of the report: a running
header ("Fenshire Constabulary – HMIC Inspection Report"), a footer with the month of
publication, page numbers ("12", "Page 12 of 40"). No fixed list names it. A line is
furniture when the same line (its digits aside) stands at the edge of a page on a good
share of the pages and hardly ever anywhere else. The page edges are known from form feeds
(the first and last lines of each page) and, where a tool printed none, from the lines
around a page number or the publication month, which only ever stand at a page's foot.
The layout's own headings ("Strengths", "RECOMMENDATION 3") are never furniture, however
often they repeat.

Hard-wrapped text (``pdftotext`` without ``-layout``, pdfminer.six) prints every visual line
as a line, often with no blank line between paragraphs. Whether a line ends its paragraph
is told as a typesetter would: if the next line's first word would have fitted on it, the
line was cut short on purpose. Line widths are estimated from the characters' usual widths
in a proportional font, against the widest lines of the document.

Everything here is one or two linear passes over the lines.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Lines at each end of a page that may be furniture.
EDGE_LINES = 2
# A furniture line stands at a page edge on at least this share of the pages (and twice)...
PAGE_SHARE = 0.3
# ...and away from the page edges at most once for this many times at an edge.
ELSEWHERE_RATIO = 4
FURNITURE_MAX_LENGTH = 120
# A header glued to another line is only cut off when it is at least this long.
GLUED_MIN_LENGTH = 12
# Hard-wrapped text: the longest lines (by this percentile) are at most this many characters.
WRAPPED_MAX_CHARS = 200
WRAPPED_MIN_CHARS = 30
# A line whose width plus the next word stays under this share of the page width was cut short.
FULL_SHARE = 0.97

_DIGITS = re.compile(r"\d+")
_PAGE_MARK = re.compile(r"^[|·–—-]?\s*(?:page\s*)?#(?:\s*(?:of|/)\s*#)?\s*[|·–—-]?$")
_SEPARATORS = re.compile(r"^[\s|·–—-]+|[\s|·–—-]+$")

# Approximate advance widths (in thousandths of an em) of a proportional font.
_NARROW = dict.fromkeys("ijl|!.,:;'`’‘", 250)
_SEMI = dict.fromkeys("ftrI()[]-/\"“” ", 320)
_WIDE = dict.fromkeys("mwMW", 830)
_CAPITAL = 680
_OTHER = 540
_WIDTHS = {**_NARROW, **_SEMI, **_WIDE}


def text_width(text: str) -> int:
    """The width of a line in a proportional font, in thousandths of an em (an estimate)."""
    return sum(_WIDTHS.get(ch) or (_CAPITAL if ch.isupper() else _OTHER) for ch in text)


@dataclass(frozen=True, slots=True)
class Note:
    """What ``parse-report --explain`` says about one line: its number, the text and why."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Dropped(Note):
    """A line, or the end of one, removed as page furniture."""

    def describe(self) -> str:
        """One line for ``parse-report --explain`` and the import's warnings."""
        return f'line {self.line}: dropped "{self.text}" as {self.reason}'


@dataclass(frozen=True, slots=True)
class Guess(Note):
    """A paragraph break, a join or a hyphen that the text alone could not tell for certain."""

    def describe(self) -> str:
        """One line for ``parse-report --explain`` and the import's warnings."""
        return f'line {self.line}: guessed {self.reason}: "{self.text}"'


def tally(guessed: int, dropped: int, *, dropped_always: bool = False) -> list[str]:
    """How many paragraph breaks, joins or hyphens were guessed and how many lines were dropped as
    page furniture, a line each: what ``parse-report --explain`` and a report's import end with.

    A count of none is left out, but for the dropped lines' when ``dropped_always``.
    """
    out = []
    if guessed:
        out.append(f"{guessed} paragraph breaks, joins or hyphens guessed")
    if dropped or dropped_always:
        out.append(f"{dropped} lines or line ends dropped as page furniture")
    return out


@dataclass
class Furniture:
    """What to drop: whole lines by index, and lines whose glued-on furniture is cut off."""

    whole: set[int]
    trimmed: dict[int, str]
    dropped: list[Dropped]


def _shape(plain: str) -> str:
    """A line with its numbers made alike ("page # of #"); a long line is never furniture."""
    if len(plain) > FURNITURE_MAX_LENGTH:
        return plain
    return _DIGITS.sub("#", plain.lower())


def _is_page_mark(shape: str, date_shape: str | None) -> bool:
    """A page number or the month of publication, alone or together ("March 2008  Page 3 of 9")."""
    if date_shape and date_shape in shape:
        shape = shape.replace(date_shape, " ")
        rest = _SEPARATORS.sub("", shape)
        return not rest or _PAGE_MARK.match(rest) is not None
    return _PAGE_MARK.match(shape.strip()) is not None


def _page_number(plain: str, cover_date: str | None) -> int | None:
    """The page number a page mark prints (the first number once the month is taken out)."""
    if cover_date:
        plain = re.sub(r"\s+".join(map(re.escape, cover_date.split())), " ", plain, flags=re.IGNORECASE)
    match = _DIGITS.search(plain)
    return int(match.group(0)) if match else None


def _ascends(numbers: list[int | None]) -> bool:
    """Page marks: the month alone, or page numbers that go up a page or so at a time."""
    if all(number is None for number in numbers):
        return True
    values = [number for number in numbers if number is not None]
    if len(values) < 2:
        return False
    steps = sum(1 for left, right in zip(values, values[1:], strict=False) if 0 < right - left <= 3)
    return steps >= 0.8 * (len(values) - 1)


def find_furniture(
    plains: Sequence[str],
    page_of: Sequence[int],
    *,
    cover_index: int,
    cover_date: str | None,
    is_heading: Callable[[str], bool],
) -> Furniture:
    """The furniture among the lines (``plains``: whitespace-normalised, "" for blank lines).

    ``page_of`` gives each line's page (counted from form feeds); ``cover_index`` is the
    cover's date line, which is never furniture; ``is_heading`` tells the layout's headings.
    """
    content = [index for index, plain in enumerate(plains) if plain]
    shapes = {index: _shape(plains[index]) for index in content}
    short = [index for index in content if len(plains[index]) <= FURNITURE_MAX_LENGTH]
    date_shape = _shape(cover_date) if cover_date else None
    edge: set[int] = set()
    pages_by_breaks = len({page_of[index] for index in content}) or 1
    if pages_by_breaks > 2:
        by_page: dict[int, list[int]] = {}
        for index in content:
            by_page.setdefault(page_of[index], []).append(index)
        for indexes in by_page.values():
            edge.update(indexes[:EDGE_LINES])
            edge.update(indexes[-EDGE_LINES:])
    candidates: dict[str, list[tuple[int, int | None]]] = {}
    for position, index in enumerate(content):
        if len(plains[index]) <= FURNITURE_MAX_LENGTH and index != cover_index \
                and _is_page_mark(shapes[index], date_shape) \
                and not (position and is_heading(f"{plains[content[position - 1]]} {plains[index]}")):
            # (a number that completes a heading broken over two lines, "RECOMMENDATION" / "5", is not one)
            candidates.setdefault(shapes[index], []).append((position, _page_number(plains[index], cover_date)))
    marks = {shape: found for shape, found in candidates.items() if _ascends([number for _, number in found])}
    for found in marks.values():
        for position, _ in found:
            edge.update(content[max(0, position - EDGE_LINES):position + EDGE_LINES + 1])
    pages = max(pages_by_breaks, max((len(found) for found in marks.values()), default=0) + 1)
    at_edge = Counter[str]()
    elsewhere = Counter[str]()
    for index in short:
        if index == cover_index:
            continue
        (at_edge if index in edge else elsewhere)[shapes[index]] += 1
    threshold = max(2, math.ceil(pages * PAGE_SHARE))
    furniture = {
        shape for shape, count in at_edge.items()
        if count >= threshold and elsewhere[shape] * ELSEWHERE_RATIO <= count and len(shape) <= FURNITURE_MAX_LENGTH
    }
    furniture = {shape for shape in furniture if not is_heading(_example(shape, content, shapes, plains))}
    return _collect(plains, content, shapes, furniture, at_edge, pages, cover_index, date_shape)


def _example(shape: str, content: list[int], shapes: dict[int, str], plains: Sequence[str]) -> str:
    return next(plains[index] for index in content if shapes[index] == shape)


def _collect(
    plains: Sequence[str],
    content: list[int],
    shapes: dict[int, str],
    furniture: set[str],
    at_edge: Counter[str],
    pages: int,
    cover_index: int,
    date_shape: str | None,
) -> Furniture:
    whole: set[int] = set()
    trimmed: dict[int, str] = {}
    dropped: list[Dropped] = []
    reasons = {shape: _reason(shape, at_edge[shape], pages, date_shape) for shape in furniture}
    glued = _glued_pattern(shape for shape in furniture if not _is_page_mark(shape, date_shape)
                           and len(shape) >= GLUED_MIN_LENGTH)
    for index in content:
        shape = shapes[index]
        if index != cover_index and shape in furniture:
            whole.add(index)
            dropped.append(Dropped(index + 1, plains[index], reasons[shape]))
        elif glued is not None:
            match = glued.search(plains[index])
            if match is not None:
                piece = match.group("end") or match.group("start")
                rest = (plains[index][:match.start()] + plains[index][match.end():]).strip()
                if rest:
                    trimmed[index] = rest
                    dropped.append(Dropped(index + 1, piece, reasons[_shape(piece)] + ", glued to the line"))
    return Furniture(whole, trimmed, dropped)


def _reason(shape: str, count: int, pages: int, date_shape: str | None) -> str:
    kind = "the page footer" if _is_page_mark(shape, date_shape) else "a running header or footer"
    return f"{kind} (at the edge of {count} of about {pages} pages)"


def _glued_pattern(shapes: object) -> re.Pattern[str] | None:
    parts = []
    for shape in shapes:  # type: ignore[attr-defined]
        words = [re.escape(word).replace("\\#", "#").replace("#", r"\d+") for word in shape.split()]
        parts.append(r"\s+".join(words))
    if not parts:
        return None
    either = "|".join(sorted(parts, key=len, reverse=True))
    return re.compile(rf"(?:^(?P<start>{either})\s+(?=\S))|(?:(?<=\S)\s+(?P<end>{either})$)", re.IGNORECASE)


def wrapped_width(plains: Sequence[str]) -> int | None:
    """The page width of hard-wrapped text, or None when the text is not hard-wrapped.

    Text is hard-wrapped when its longest lines are of a printed page's length and many
    lines come close to it; the width is that of the widest lines (95th percentile).
    """
    lengths = [len(plain) for plain in plains]
    if len(lengths) < 20:
        return None
    ordered = sorted(lengths)
    longest = ordered[int(len(ordered) * 0.9)]
    if not WRAPPED_MIN_CHARS <= longest <= WRAPPED_MAX_CHARS:
        return None
    if sum(1 for length in lengths if length >= 0.7 * longest) < 0.25 * len(lengths):
        return None
    ordered_widths = sorted(text_width(plain) for plain in plains)
    return ordered_widths[int(len(ordered_widths) * 0.95)]


def cut_short(previous: str, following: str, page_width: int) -> bool:
    """Whether ``previous`` ended before the page edge: ``following``'s first word would have fitted."""
    first_word = following.split(" ", 1)[0]
    return text_width(previous) + _SEMI[" "] + text_width(first_word) < page_width * FULL_SHARE
