"""build_glossary: the abbreviations a report uses, alphabetical; the ones it lacks, as warnings."""

from __future__ import annotations

import dataclasses

from inspectorate.core.report.glossary import build_glossary
from inspectorate.core.report.model import (
    DevelopingPractice,
    FrameworkSection,
    GlossaryEntry,
    Recommendation,
    Report,
    TextPart,
)

KNOWN = {
    "PCSO": "police community support officer",
    "ACPO": "Association of Chief Police Officers",
    "IS&T": "information systems and technology",
    "PA": "police authority",
    "acc": "a lower-case key matches only in lower case",
    "N/A": "not applicable",
    "MAPPA": "multi-agency public protection arrangements",
}


def _report(*paragraphs: str, **parts: object) -> Report:
    section = FrameworkSection(key="neighbourhood-policing", title="Neighbourhood Policing", strengths=paragraphs)
    return dataclasses.replace(Report(force="Harrowmere Constabulary", published="2008-05", frameworks=(section,)),
                               **parts)  # type: ignore[arg-type]


def _used(report: Report) -> list[str]:
    return [entry.abbreviation for entry in build_glossary(report, KNOWN)[0]]


def test_whole_word_matches_only() -> None:
    report = _report("The PACE codes apply; PAY is reviewed; the PA met. MAPPAS are not a thing.")
    assert _used(report) == ["PA"]


def test_plurals_possessives_and_ampersands_count_as_uses() -> None:
    report = _report("PCSOs patrol daily.", "ACPO's guidance is used.", "The IS&T team helps.")
    assert _used(report) == ["ACPO", "IS&T", "PCSO"]


def test_entries_are_alphabetical_and_carry_their_meaning() -> None:
    entries, _ = build_glossary(_report("PCSO, PA and ACPO."), KNOWN)
    assert entries == (GlossaryEntry("ACPO", KNOWN["ACPO"]), GlossaryEntry("PA", KNOWN["PA"]),
                       GlossaryEntry("PCSO", KNOWN["PCSO"]))


def test_abbreviations_that_are_not_single_words() -> None:
    assert _used(_report("Figures are N/A for 2006.")) == ["N/A"]
    assert _used(_report("The plan is N/Assessed.")) == []


def test_every_part_of_the_report_is_searched() -> None:
    report = _report(
        introduction=TextPart("Introduction to the inspections", ("ACPO asked for it.",)),
        developing_practice=(
            DevelopingPractice("Title", ("PCSO cover was thin.",), (), (), "x", "neighbourhood-policing"),
        ),
        recommendations=(Recommendation(1, "neighbourhood-policing", "That the force briefs the PA."),),
    )
    assert _used(report) == ["ACPO", "PA", "PCSO"]


def test_the_reports_own_glossary_is_not_a_use() -> None:
    report = _report("Nothing abbreviated here.", glossary=(GlossaryEntry("ACPO", KNOWN["ACPO"]),))
    assert build_glossary(report, KNOWN) == ((), ())


def test_unknown_abbreviations_are_warnings() -> None:
    report = _report("The SNTs and the CDRP met ACPO; DV1 forms and the IS&T desk; a CMS2 upgrade.")
    assert build_glossary(report, KNOWN)[1] == ("CDRP", "CMS2", "DV1", "SNT")


def test_grades_labels_roman_numerals_and_single_capitals_are_not_warnings() -> None:
    report = _report("GRADE POOR, FAIR, GOOD or EXCELLENT. RECOMMENDATION 3. TITLE: PROBLEM: SOLUTION: "
                     "OUTCOME(S): OUTCOMES FORCE CONTACT: see part II, IV and XII. I think the A1 and M1 roads.")
    assert build_glossary(report, KNOWN)[1] == ()


def test_a_warning_names_each_abbreviation_once_sorted() -> None:
    report = _report("HMIC and HMIC again; BCU, BCUs; ADR.")
    assert build_glossary(report, KNOWN)[1] == ("ADR", "BCU", "HMIC")
