"""Hard-wrapped text with no blank lines: what the text can tell, and what is said to be a guess.

A line that is full and ends a sentence may end its paragraph or not; nothing in the text
shows which. The parser takes it to end one, unless the next sentence opens with a word that
refers back ("However", "This"), and ``--explain`` names every such call as a guess.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from inspectorate.core.report.cli import main
from inspectorate.core.report.furniture import Guess, text_width
from inspectorate.core.report.lines import prepare, refers_back
from inspectorate.core.report.parser import parse_report

FILLER = "officers in Eldham told inspectors that the new arrangements for neighbourhood meetings were"
NEXT = "The force has agreed to publish the dates of every meeting in advance and"
FENSHIRE = Path(__file__).resolve().parents[2] / "fixtures" / "reports" / "fenshire-constabulary-2008-03.txt"


def _full(sentence_end: str) -> str:
    """A line as wide as the filler, ending a sentence."""
    line = FILLER[: len(FILLER) - len(sentence_end)] + sentence_end
    assert abs(text_width(line) - text_width(FILLER)) < 1500
    return line


def _text(*tail: str) -> str:
    body = ["Fenmouth " + FILLER[9:]] + [FILLER] * 30
    return "\n".join([*body, *tail, "kept under review by the inspectorate."])


def test_a_full_line_ending_a_sentence_starts_a_paragraph_and_says_it_guessed() -> None:
    prepared = prepare(_text(_full("held."), NEXT))
    starts = [line.plain[:20] for line in prepared.lines if line.new_block]
    assert starts == ["Fenmouth in Eldham t", "The force has agreed"]
    (guess,) = prepared.guesses
    assert guess.line == 33 and guess.reason.startswith("a new paragraph")
    assert "held. / The force has agreed" in guess.text


def test_a_sentence_that_refers_back_goes_on_in_the_same_paragraph() -> None:
    prepared = prepare(_text(_full("held."), "However, the force has not yet published the dates of the meetings and"))
    assert [line.plain[:8] for line in prepared.lines if line.new_block] == ["Fenmouth"]
    (guess,) = prepared.guesses
    assert guess.reason.startswith('that the paragraph goes on') and '"However"' in guess.reason


def test_a_short_line_ends_its_paragraph_without_a_guess() -> None:
    prepared = prepare(_text("held in Fenmouth.", NEXT))
    assert [line.plain[:8] for line in prepared.lines if line.new_block] == ["Fenmouth", "The forc"]
    assert prepared.guesses == []


@pytest.mark.parametrize(("plain", "expected"), [
    ("However, the force", True), ("This is achieved", True), ("They said", True),
    ("Delays of this kind", True), ("At present, these", True),
    ("The force", False), ("Thisbe", False), ("these are", False), ("In addition", False),
    ("The force has agreed this", False),
])
def test_words_that_refer_back(plain: str, expected: bool) -> None:
    assert refers_back(plain) is expected


def test_a_hyphen_after_a_common_prefix_is_put_back_and_said_to_be_a_guess() -> None:
    line = "The force has arranged to work with partners on a multi-agency basis across Fenshire."
    start = "Officers told inspectors that the new arrangements for meetings across the county were"
    # pdftotext joined "well-" / "honed" and dropped the hyphen; "honed" is nowhere else.
    joined = f"{start} wellhoned by the inspector in Eldham, who had asked for them in the spring."
    prepared = prepare("\n".join([line] * 80 + [joined]))
    assert "were well-honed by the inspector" in prepared.lines[80].plain
    assert Guess(81, "well-honed", "the hyphen the extracting tool dropped when it joined two lines") \
        in prepared.guesses


def test_a_glossary_meaning_printed_on_the_line_after_its_abbreviation() -> None:
    text = FENSHIRE.read_text(encoding="utf-8")
    column = text.replace("BCU\tbasic command unit", "BCU\nbasic command unit")
    assert column != text
    meanings = {entry.abbreviation: entry.meaning for entry in parse_report(column).glossary}
    assert meanings == {entry.abbreviation: entry.meaning for entry in parse_report(text).glossary}
    assert meanings["BCU"] == "basic command unit"


def test_explain_lists_the_guesses_and_counts_them(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(FENSHIRE), "--explain"]) == 0
    clean_err = capsys.readouterr().err
    assert "guessed" not in clean_err  # blank lines part the paragraphs of the clean text: nothing to guess
    wrapped = Path(__file__).resolve().parents[2] / "fixtures" / "reports" / "extracted" / \
        "fenshire-constabulary-2008-03.pdftotext.txt"
    assert main([str(wrapped), "--explain"]) == 0
    lines = capsys.readouterr().err.splitlines()
    guesses = [line for line in lines if ": guessed " in line]
    assert guesses and all(line.startswith("parse-report: fenshire-constabulary-2008-03.pdftotext.txt: line ")
                           for line in guesses)
    assert f"{len(guesses)} paragraph breaks, joins or hyphens guessed" in lines[-2]
    assert lines[-1].endswith("dropped as page furniture")
