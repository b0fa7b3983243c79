"""Clean the text extracted from a published report into lines the parser can walk.

PDF extraction leaves page furniture in the text (SPEC section 9). This module removes it
once, in one linear pass, and records what it removed so the parser can mend paragraphs:

- CRLF and CR line ends, form feeds, trailing spaces and non-breaking spaces;
- the page footer, which is the month and year of publication ("October 2007"), possibly
  with a page number, between paragraphs or in the middle of one;
- a paragraph wrapped over several lines, and a word hyphenated at the end of a line or
  across a footer (``pre-`` + ``booked`` keeps its hyphen, ``neighbour-`` + ``hoods`` loses
  it: the words of the report itself decide, then lists of common prefixes and suffixes;
  when nothing tells, the hyphen stays, as a hyphen at a line end is usually the author's).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from inspectorate.core.report.furniture import Dropped, Guess, cut_short, find_furniture, text_width, wrapped_width
from inspectorate.core.report.model import MONTHS

MONTH_YEAR = re.compile(r"(?P<month>" + "|".join(MONTHS) + r")\s+(?P<year>\d{4})", re.IGNORECASE)
BULLET = re.compile(r"^(?:[-–•*▪◦·]\s+|\d{1,2}[.)]\s+|\([a-z0-9]{1,3}\)\s+)")
SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]*]*$")
HYPHENATED_END = re.compile(r"(?P<head>[A-Za-z]+)-$")
WORD_START = re.compile(r"[A-Za-z]+")
_WORDS = re.compile(r"[a-z]+(?:[-'][a-z]+)*")
_OUTER_SPACE = " \u00a0\u200b\u2009\u202f"

# Prefixes that usually keep their hyphen ("pre-booked", "multi-agency") when no other
# occurrence in the report says otherwise.
COMMON_PREFIXES = frozenset(
    "anti co counter cross cyber ex first front full half high inter long low mid multi non "
    "off on one over part post pre pro re self semi short sub three two under well wide".split()
)
# Words that stand on their own and are hyphenated to the word after them in compounds
# ("well-honed", "self-assessment", "multi-agency"), rarely closed up: unlike "co", "re" or
# "part", which begin many plain words ("county", "report", "partner").
HYPHENATING_WORDS = ("multi", "cross", "well", "self", "half")
# Word endings that only ever continue a word ("organ-" + "isation"): a hyphen before them
# is the typesetter's, not the author's.
SUFFIXES = frozenset(
    "able ably al ally ance ances ancy ant ary ate ated ately ates ating ation ations ed edly ence ences "
    "ency ent ently er ers es est ful fully ible ibly ic ical ically ies ing ings ion ions ise ised ises "
    "ising isation isations ism ist ists ity ive ively iveness ize ized izing ization less ly ment ments "
    "ness nesses or ors ous ously s sion sions tion tional tions ty ure ures".split()
)
# A cover lists its title, force and date within its first few lines.
COVER_DATE_WINDOW = 12
# A block of at least two lines this short, each starting with a capital, is a list
# (one item a line), not a wrapped paragraph.
LIST_LINE_LIMIT = 60


@dataclass(frozen=True, slots=True)
class Line:
    """A non-blank line of the report that is not page furniture."""

    number: int
    text: str
    plain: str
    key: str
    new_block: bool
    after_break: bool
    block: int


@dataclass
class PreparedText:
    """The report's content lines, and what the paragraph mending needs to know."""

    lines: list[Line]
    list_blocks: set[int]
    line_count: int
    cover_date: str | None
    _source: list[str] = field(repr=False)
    _words: set[str] | None = field(default=None, repr=False)
    dropped: list[Dropped] = field(default_factory=list)
    guesses: list[Guess] = field(default_factory=list)

    def words(self) -> set[str]:
        """Every lower-case word of the report (built on first use)."""
        if self._words is None:
            self._words = set(_WORDS.findall("\n".join(self._source).lower()))
        return self._words


def footer_pattern(cover_date: str) -> re.Pattern[str]:
    """A footer line: the month and year, perhaps with a page number before or after."""
    date = r"\s+".join(re.escape(part) for part in cover_date.lower().split())
    page = r"(?:page\s+)?\d{1,4}(?:\s+of\s+\d{1,4})?"
    return re.compile(rf"^(?:{page}\s*[|·–—-]?\s*)?{date}(?:\s*[|·–—-]?\s*{page})?$")


def _split_lines(text: str) -> list[str]:
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _find_cover_date(raw_lines: list[str]) -> tuple[int, str] | None:
    seen = 0
    for index, raw in enumerate(raw_lines):
        plain = " ".join(raw.replace("\f", " ").split())
        if not plain:
            continue
        match = MONTH_YEAR.fullmatch(plain)
        if match:
            return index, f"{match.group('month').capitalize()} {match.group('year')}"
        seen += 1
        if seen >= COVER_DATE_WINDOW:
            break
    return None


def _never_heading(plain: str) -> bool:
    return False


@dataclass
class _Raw:
    index: int
    text: str
    plain: str
    new_block: bool
    after_break: bool


# A line of hard-wrapped text this much wider than the page is two lines that the tool
# joined after a hyphen at the line's end (poppler's ``pdftotext`` does, dropping the hyphen).
JOINED_SHARE = 1.08
_LETTERS = re.compile(r"[A-Za-z]+")
_VOWEL = re.compile(r"[aeiouy]")

# Text with fewer blocks (parted by blank lines) than this share of its lines has no blank
# lines between its paragraphs.
BLANK_LINE_SHARE = 0.15
# What follows a framework's title: its GRADE line, its distribution or its first findings.
TITLE_FOLLOWER = re.compile(r"^(?:grade\b|national grade distribution|national contextual factors|contextual factors)")
DASH_PREFIX = re.compile(r"^(?:[-–—_=]{3,}\s*)+[-–—_=]*\s*(?=[A-Za-z])")
RECOMMENDATION_WORD = re.compile(r"^recommendation\s*[:.]?$", re.IGNORECASE)
NUMBER_START = re.compile(r"^(?P<number>\d{1,3})(?:\s*[:.–—-])?(?:\s+(?P<rest>.*))?$")


def prepare(text: str, is_heading: Callable[[str], bool] = _never_heading) -> PreparedText:
    """Split a report into content lines, dropping blank lines, page furniture and page breaks.

    ``is_heading`` tells the layout's headings, which are never taken for page furniture
    and always stand on lines of their own when hard-wrapped text is re-flowed.
    """
    raw_lines = _split_lines(text)
    found = _find_cover_date(raw_lines)
    cover_index, cover_date = found if found else (-1, None)
    footer = footer_pattern(cover_date) if cover_date else None
    plains: list[str] = []
    page_of: list[int] = []
    page = 0
    for raw in raw_lines:
        if "\f" in raw:
            starts = raw.lstrip(_OUTER_SPACE).startswith("\f")
            page += starts
            plains.append(" ".join(raw.replace("\f", " ").replace("\v", " ").split()))
            page_of.append(page)
            page += raw.rstrip(_OUTER_SPACE).endswith("\f") and not starts
        else:
            plains.append(" ".join(raw.replace("\v", " ").split()) if "\v" in raw else " ".join(raw.split()))
            page_of.append(page)
    furniture = find_furniture(plains, page_of, cover_index=cover_index, cover_date=cover_date,
                               is_heading=is_heading)
    dropped = list(furniture.dropped)
    kept: list[_Raw] = []
    new_block = True
    after_break = False
    for index, raw in enumerate(raw_lines):
        stripped = raw.strip(_OUTER_SPACE)
        if stripped.startswith("\f"):
            after_break = True
        if "\f" in stripped or "\v" in stripped:
            stripped = stripped.replace("\f", "").replace("\v", "").strip(_OUTER_SPACE)
        plain = plains[index]
        if not plain:
            new_block = True
            after_break = after_break or raw.rstrip(_OUTER_SPACE).endswith("\f")
            continue
        if index in furniture.whole or (
            footer is not None and index != cover_index and footer.match(plain.lower())
        ):
            if index not in furniture.whole:
                dropped.append(Dropped(index + 1, plain, "the page footer (the month of publication)"))
            new_block = True
            after_break = True
            continue
        if index in furniture.trimmed:
            plain = stripped = furniture.trimmed[index]
        dashes = DASH_PREFIX.match(plain)
        if dashes is not None:  # a row of dashes run into the next line ("------ -----National ...")
            plain = stripped = plain[dashes.end():]
        kept.append(_Raw(index, stripped, plain, new_block, after_break))
        new_block = False
        after_break = raw.rstrip(_OUTER_SPACE).endswith("\f")
    kept = _join_split_markers(kept)
    guesses = _reflow(kept, is_heading)
    lines: list[Line] = []
    sources: list[str] = []
    block = -1
    for item in kept:
        if item.new_block:
            block += 1
        lines.append(Line(item.index + 1, item.text, item.plain, _key(item.plain), item.new_block,
                          item.after_break, block))
        sources.append(item.plain)
    line_count = len(raw_lines) - (1 if raw_lines[-1] == "" else 0)
    dropped.sort(key=lambda note: note.line)
    return PreparedText(lines, _list_blocks(lines), line_count, cover_date, sources, dropped=dropped,
                        guesses=guesses)


HEADING_MAX_LENGTH = 200
_DASHES = re.compile(r"\s*[–—‒−]\s*|\s+-\s+")


def _key(plain: str) -> str:
    """A line as headings are matched: lower case, one space, one kind of dash."""
    key = plain.lower()
    if len(key) > HEADING_MAX_LENGTH or not any(dash in key for dash in "–—‒−-"):
        return key  # a long line is never a heading
    return _DASHES.sub(" – ", key).strip()


def _join_split_markers(items: list[_Raw]) -> list[_Raw]:
    """Put "RECOMMENDATION" back together with its number when a line break split them."""
    result: list[_Raw] = []
    position = 0
    while position < len(items):
        item = items[position]
        following = items[position + 1] if position + 1 < len(items) else None
        word = len(item.plain) <= len("recommendation:") and RECOMMENDATION_WORD.match(item.plain)
        match = NUMBER_START.match(following.plain) if word and following is not None else None
        if following is not None and match is not None:
            marker = f"{item.plain.rstrip(':.').rstrip()} {match.group('number')}"
            result.append(_Raw(item.index, marker, marker, item.new_block, item.after_break))
            if match.group("rest"):
                rest = match.group("rest")
                result.append(_Raw(following.index, rest, rest, True, False))
            position += 2
            continue
        result.append(item)
        position += 1
    return result


def _titles(items: list[_Raw], headings: list[bool], position: int) -> bool:
    """A short line just above one of the layout's headings titles it (a framework's title)."""
    plain = items[position].plain
    if position + 1 >= len(items) or not headings[position + 1]:
        return False
    return TITLE_FOLLOWER.match(items[position + 1].plain.lower()) is not None and len(plain) <= 80 \
        and not ends_sentence(plain)


def _reflow(items: list[_Raw], is_heading: Callable[[str], bool]) -> list[Guess]:
    """Mark the paragraph ends of hard-wrapped text (no blank lines between paragraphs).

    A line ends its block when the next line's first word would have fitted on it and the
    next line does not start in lower case, or when either line is one of the layout's
    headings. Across a page break, a full line goes on in the next page's first line.

    A full line that ends a sentence, followed by one that starts a sentence, may end its
    paragraph or not: the text does not show which. It is taken to end it, unless the next
    sentence opens with a word that refers back to the one before ("However", "This",
    "They"), which paragraphs of a report hardly ever open with. Each such call is returned
    as a guess, for ``--explain``.
    """
    width = wrapped_width([item.plain for item in items])
    if width is None:
        return []
    guesses = _mend_joined_lines(items, width)
    headings = [is_heading(item.plain) for item in items]
    # Where blank lines already part the paragraphs (pdfminer.six, -layout), only a short line
    # ends one inside a block; where none do (pdftotext), a sentence ending a line may.
    blocks = sum(1 for item in items if item.new_block)
    sentences_end_blocks = blocks < BLANK_LINE_SHARE * len(items)
    for position in range(1, len(items)):
        item, previous = items[position], items[position - 1]
        after_heading = headings[position - 1] and not item.plain[:1].islower()  # "TITLE: ..." may go on
        if headings[position] or after_heading or _titles(items, headings, position):
            item.new_block = True
            item.after_break = item.after_break and not headings[position - 1]
            continue
        short = cut_short(_last_visual_line(previous.plain, width), item.plain, width)
        if item.after_break:
            if not short and not item.plain[:1].isupper() or not short and not ends_sentence(previous.plain):
                item.new_block = False
                item.after_break = False
            elif not short:  # a full line ends a sentence at the foot of the page
                goes_on = refers_back(item.plain)
                if goes_on:
                    item.new_block = False
                    item.after_break = False
                guesses.append(_guess(previous, item, goes_on, "across the page break"))
            continue
        if item.new_block:
            continue
        if item.plain[:1].islower():
            continue
        # A full line may still end its paragraph: a sentence that ends at the line's end,
        # followed by a capital, more often ends a paragraph than not.
        if short:
            item.new_block = True
        elif sentences_end_blocks and ends_sentence(previous.plain):
            goes_on = refers_back(item.plain)
            item.new_block = not goes_on
            guesses.append(_guess(previous, item, goes_on, ""))
    return guesses


# Words that open a sentence going on from the one before; a report's paragraph hardly ever
# opens with one (the real 2007 report: 1 paragraph of 253, against 58 sentences inside one).
BACK_REFERENCES = frozenset(
    "however this these those it its they their such therefore thus hence furthermore moreover "
    "also additionally consequently nevertheless nonetheless similarly likewise otherwise".split()
)


# A demonstrative among a sentence's first words ("Delays of this kind", "At present, this")
# refers back as well: no paragraph of the real report or the made-up ones opens so, against
# 10 sentences inside one.
DEMONSTRATIVES = frozenset({"this", "these", "those", "such"})
DEMONSTRATIVE_WORDS = 4


def refers_back(plain: str) -> bool:
    """Whether a sentence opens with a word that refers back to the sentence before, or has a
    demonstrative ("this", "such") among its first few words."""
    words = _LETTERS.findall(plain)[:DEMONSTRATIVE_WORDS]
    if not words or not plain[:1].isupper():
        return False
    return words[0].lower() in BACK_REFERENCES or any(word.lower() in DEMONSTRATIVES for word in words[1:])


def _guess(previous: _Raw, item: _Raw, goes_on: bool, where: str) -> Guess:
    seam = f"…{previous.plain[-40:]} / {item.plain[:40]}…"
    place = f" {where}" if where else ""
    if goes_on:
        reason = (f"that the paragraph goes on{place} (the line above is full and ends a sentence; "
                  f"this one opens with \"{item.plain.split(' ', 1)[0].rstrip(',')}\", which refers back)")
    else:
        reason = (f"a new paragraph{place} (the line above is full and ends a sentence; the text "
                  "does not show whether its paragraph goes on)")
    return Guess(item.index + 1, seam, reason)


def _edge_words(plain: str, width: int) -> list[re.Match[str]]:
    """The words of a joined line that may stand across the page's edge (where the tool joined
    the lines): those that start before the edge and end near or after it."""
    result: list[re.Match[str]] = []
    advance = 0
    position = 0
    for match in _LETTERS.finditer(plain):
        start = advance + text_width(plain[position:match.start()])
        advance = start + text_width(match.group(0))
        position = match.end()
        if start > width * EDGE_AFTER:
            break
        if advance >= width * EDGE_BEFORE:
            result.append(match)
    return result


# Where the first of two joined lines may end, as shares of the page's width.
EDGE_BEFORE = 0.85
EDGE_AFTER = 1.03


def _last_visual_line(plain: str, width: int) -> str:
    """The part of a line printed on its last visual line: all of it, but for two lines joined
    by the tool, the part after the words around the page's edge."""
    if text_width(plain) <= width * JOINED_SHARE:
        return plain
    edge = _edge_words(plain, width)
    return plain[edge[-1].end():].lstrip() if edge else plain


def _mend_joined_lines(items: list[_Raw], width: int) -> list[Guess]:
    """Put back the hyphen that a tool dropped when it joined two lines of hard-wrapped text.

    ``pdftotext`` joins a line ending in a hyphen to the next and drops the hyphen, so
    "multi-" / "agency" comes out "multiagency" in one line wider than the page. The word
    across the page's edge of such a line gets its hyphen back when the report itself spells
    it with one elsewhere and never without it on an ordinary line: the report's own words
    decide, as in :func:`join_words`. A word the report uses only once is left as printed.
    """
    joined = [item for item in items if text_width(item.plain) > width * JOINED_SHARE]
    guesses: list[Guess] = []
    if not joined:
        return guesses
    hyphenated: dict[str, str] = {}
    unjoined: Counter[str] = Counter()
    joined_ids = {id(item) for item in joined}
    for item in items:
        for word in _WORDS.findall(item.plain.lower()):
            if "-" in word:
                hyphenated.setdefault(word.replace("-", ""), word)
            elif id(item) not in joined_ids:
                unjoined[word] += 1
    for item in joined:
        edges = [m for m in _edge_words(item.plain, width) if not unjoined[m.group(0).lower()]]
        # The report's own hyphenated spelling first, then a compound of two of its words.
        edges.sort(key=lambda m: m.group(0).lower() not in hyphenated)
        found = next(((m, spelt) for m in edges if (spelt := _spelt(m.group(0), hyphenated, unjoined))), None)
        if found is None:
            if edges:
                guesses.append(Guess(item.index + 1, " ".join(m.group(0) for m in edges),
                                     "that the words at the page's edge of two lines the extracting tool "
                                     "joined had no hyphen of their own (the report does not tell)"))
            continue
        edge, mended = found
        word = edge.group(0)
        item.plain = item.plain[:edge.start()] + mended + item.plain[edge.end():]
        item.text = item.text.replace(word, mended, 1) if item.text.count(word) == 1 else item.plain
        guesses.append(Guess(item.index + 1, mended, "the hyphen the extracting tool dropped when it joined "
                             "two lines"))
    return guesses


def _spelt(word: str, hyphenated: dict[str, str], words: Counter[str]) -> str | None:
    """``word`` with its hyphen back: as the report spells it elsewhere, or else split into a
    common prefix ("well", "self", "pre") or a word of the report, and a word of the report
    ("wellarranged" is "well-arranged"); None when no split is told by the report."""
    lower = word.lower()
    if lower in hyphenated:
        cut = hyphenated[lower].index("-")
        return word[:cut] + "-" + word[cut:]
    for cut in range(2, len(word) - 1):
        head, tail = lower[:cut], lower[cut:]
        if words[tail] and (head in COMMON_PREFIXES or words[head]) and tail not in SUFFIXES:
            return word[:cut] + "-" + word[cut:]
    # The tool joins only lines that end in a hyphen: a word that compounds are hyphenated
    # after ("well", "self") before a word the report does not use elsewhere ("well-honed")
    # is one the author hyphenated.
    for head in HYPHENATING_WORDS:
        tail = lower[len(head):]
        if lower.startswith(head) and len(tail) >= 4 and tail not in SUFFIXES and _VOWEL.search(tail):
            return word[:len(head)] + "-" + word[len(head):]
    return None


def _list_blocks(lines: list[Line]) -> set[int]:
    """Blocks whose lines are each a paragraph: short lines that each start a new item."""
    result: set[int] = set()
    start = 0
    while start < len(lines):
        end = start + 1
        while end < len(lines) and not lines[end].new_block:
            end += 1
        if end - start >= 2 and all(list_like(line.plain) for line in lines[start:end]):
            result.add(lines[start].block)
        start = end
    return result


def list_like(plain: str) -> bool:
    """Whether a line may be an item of a list printed one item a line (short, capitalised)."""
    return (
        len(plain) <= LIST_LINE_LIMIT
        and (plain[0].isupper() or plain[0].isdigit() or BULLET.match(plain) is not None)
        and not HYPHENATED_END.search(plain)
    )


def is_bullet(plain: str) -> bool:
    """Whether a line starts a list item ("- ", "• ", "1. ", "(a) ")."""
    return BULLET.match(plain) is not None


def ends_sentence(plain: str) -> bool:
    """Whether a paragraph ends as a complete sentence or lead-in does."""
    return SENTENCE_END.search(plain) is not None


def join_words(left: str, right: str, words: Callable[[], set[str]]) -> str:
    """Join two pieces of one paragraph, mending a word hyphenated across the join.

    ``words`` gives the report's vocabulary; it is only called for a hyphenated join.
    """
    if left.endswith("\u00ad"):
        return left[:-1] + right
    match = HYPHENATED_END.search(left)
    if match is None:
        return f"{left} {right}"
    head = match.group("head")
    tail_match = WORD_START.match(right)
    if tail_match is None or not right[0].islower():
        return left + right
    tail = tail_match.group(0)
    vocabulary = words()
    if f"{head}-{tail}".lower() in vocabulary:
        return left + right
    if f"{head}{tail}".lower() in vocabulary:
        return left[:-1] + right
    if head.lower() not in COMMON_PREFIXES and tail.lower() in SUFFIXES:
        return left[:-1] + right
    return left + right


def join_lines(parts: list[str], words: Callable[[], set[str]]) -> str:
    """Join the wrapped lines of one paragraph (linear: pieces are joined once)."""
    if len(parts) == 1:
        return parts[0]
    pieces: list[str] = [parts[0]]
    for part in parts[1:]:
        if pieces[-1].endswith("-") or pieces[-1].endswith("\u00ad"):
            pieces[-1] = join_words(pieces[-1], part, words)
        else:
            pieces.append(part)
    return " ".join(pieces)


def continues(previous: str, following: str) -> bool:
    """Whether ``following``, found after a page break, is the rest of ``previous``.

    A paragraph cut by a footer ends without a full stop; the rest then starts in lower
    case ("chief officer" / "changes at that level"), or the cut part is a long line of
    prose ("... from County" / "DV to Luton"). List items and headings never continue.
    """
    if HYPHENATED_END.search(previous) or previous.endswith("\u00ad"):
        return True
    if ends_sentence(previous) or is_bullet(following):
        return False
    if following[:1].islower():
        return True
    return len(previous) >= LIST_LINE_LIMIT and not is_bullet(previous)
