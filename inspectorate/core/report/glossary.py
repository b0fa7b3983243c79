"""Build a report's glossary from the abbreviations it actually uses (SPEC section 5, item 8).

``known`` is the inspectorate's dictionary of abbreviations. An abbreviation is used when it
appears as a whole word anywhere in the report's text (a plural "s" is allowed: "BCUs" uses
"BCU"). Words that look like abbreviations (two or more capitals, perhaps with "&" or digits:
"ACPO", "IS&T", "DV1") but are not in the dictionary come back as warnings for the author.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from inspectorate.core.report.model import GlossaryEntry, Report

# A word: letters and digits, with "&" allowed inside ("IS&T").
_WORD = re.compile(r"[A-Za-z0-9]+(?:&[A-Za-z0-9]+)*")
_ABBREVIATION = re.compile(r"(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Z0-9&]*")
_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
# Capitals that are the report's own labels and grades, not abbreviations.
NOT_ABBREVIATIONS = frozenset({
    "GRADE", "EXCELLENT", "GOOD", "FAIR", "POOR",
    "RECOMMENDATION", "RECOMMENDATIONS", "TITLE", "PROBLEM", "SOLUTION", "OUTCOME", "OUTCOMES",
    "FORCE", "CONTACT",
})


def build_glossary(
    report: Report, known: Mapping[str, str]
) -> tuple[tuple[GlossaryEntry, ...], tuple[str, ...]]:
    """The glossary of the abbreviations ``report`` uses, and the abbreviations it lacks.

    Returns the entries of ``known`` whose abbreviation the report uses as a whole word,
    sorted alphabetically (ignoring case), and, sorted, the abbreviation-like words the report
    uses that have no entry in ``known`` (roman numerals, grades and the report's labels in
    capitals, such as "GRADE" and "RECOMMENDATION", are not abbreviations). The report's own
    glossary is not read: pass its entries in ``known`` to keep them.
    """
    words: set[str] = set()
    text_parts = list(_report_text(report))
    for text in text_parts:
        words.update(_WORD.findall(text))
    single = {abbreviation for abbreviation in known if _WORD.fullmatch(abbreviation)}
    used = {abbreviation for abbreviation in single if abbreviation in words or f"{abbreviation}s" in words}
    others = [abbreviation for abbreviation in known if abbreviation not in single and abbreviation.strip()]
    if others:
        whole_text = "\n".join(text_parts)
        used.update(abbreviation for abbreviation in others if _whole_word(abbreviation).search(whole_text))
    entries = tuple(
        GlossaryEntry(abbreviation, known[abbreviation]) for abbreviation in sorted(used, key=_alphabetical)
    )
    missing = {
        candidate for candidate in map(_singular, words)
        if _looks_like_abbreviation(candidate) and candidate not in known and f"{candidate}s" not in known
    }
    return entries, tuple(sorted(missing, key=_alphabetical))


def _alphabetical(abbreviation: str) -> tuple[str, str]:
    return abbreviation.casefold(), abbreviation


def _whole_word(abbreviation: str) -> re.Pattern[str]:
    """An abbreviation that is not a single word ("N/A", "e.g."), matched as a whole."""
    return re.compile(rf"(?<![A-Za-z0-9&]){re.escape(abbreviation)}s?(?![A-Za-z0-9&])")


def _singular(word: str) -> str:
    """ "PCSOs" is the plural of "PCSO"; "ACPO" stays as it is."""
    return word[:-1] if len(word) > 2 and word.endswith("s") and word[:-1].isupper() else word


def _looks_like_abbreviation(word: str) -> bool:
    if not _ABBREVIATION.fullmatch(word) or word.endswith("&"):
        return False
    return word not in NOT_ABBREVIATIONS and not _ROMAN.fullmatch(word)


def _report_text(report: Report) -> Iterator[str]:
    """Every piece of the report's text an abbreviation can appear in (not its glossary or cover)."""
    for part in (report.introduction, report.overview):
        if part is not None:
            yield part.title
            yield from part.paragraphs
            for section in part.sections:
                yield section.title
                yield from section.paragraphs
    for row in report.national_summary:
        yield from (row.title, row.group or "")
    for force_row in report.force_summary:
        yield from (force_row.title, force_row.group or "")
    for framework in report.frameworks:
        yield framework.title
        yield from (*framework.national_context, *framework.context, *framework.strengths,
                    *framework.work_in_progress, *framework.areas_for_improvement)
    for example in report.developing_practice:
        yield from (example.title, *example.problem, *example.solution, *example.outcomes, example.contact)
    for rec in report.recommendations:
        yield rec.text
        if rec.text_where_raised:
            yield rec.text_where_raised
