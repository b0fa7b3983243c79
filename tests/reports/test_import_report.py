"""`inspectorate import-report`: a published report into the database, in one transaction."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from inspectorate.core.report.parser import parse_report
from inspectorate.inspections.models import Finding, Inspection, Judgement, Recommendation
from inspectorate.national.models import PublishedAggregate
from inspectorate.practice.models import DevelopingPractice
from inspectorate.reports.importer import ReportImportError, import_report
from inspectorate.reports.models import GlossaryTerm
from inspectorate.reports.rendering import render_inspection

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
FIXTURE_REPORTS = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.startswith("broken-"))


def _counts() -> tuple[int, ...]:
    return tuple(model.objects.count() for model in (
        Inspection, Finding, Recommendation, Judgement, DevelopingPractice, GlossaryTerm, PublishedAggregate))


def _comparable(data: dict, source: dict) -> dict:  # type: ignore[type-arg]
    """The JSON without the glossary (rebuilt from the abbreviations used) and, where the source report
    printed no national counts, without those the database computes from the programme's grades."""
    data = {key: value for key, value in data.items() if key != "glossary"}
    if not source["national_summary"]:
        data["national_summary"] = []
        data["frameworks"] = [
            {**f, "national_distribution": s["national_distribution"]}
            for f, s in zip(data["frameworks"], source["frameworks"], strict=True)
        ]
    return data


def test_the_real_report_imports_with_every_fact(reference: None, seed_report: Path) -> None:
    call_command("import_report", str(seed_report), stdout=io.StringIO())
    inspection = Inspection.objects.get(force__name="Bedfordshire Police", programme__slug="2007")
    assert inspection.imported and inspection.isbn == "978-1-84726-445-9"
    grades = dict(inspection.judgements.values_list("framework__key", "final_grade"))
    assert grades == {"neighbourhood-policing": "Poor", "performance-management": "Fair", "child-abuse": "Fair",
                      "domestic-violence": "Poor", "public-protection": "Fair", "missing-persons": "Fair"}
    numbers = list(inspection.recommendations.values_list("number", "framework__key"))
    assert [n for n, _ in numbers] == list(range(1, 13))
    assert all(r.text.startswith("That the force") for r in inspection.recommendations.all())
    assert all(r.finding is not None for r in inspection.recommendations.all())
    practice = inspection.developing_practice.all()
    assert [p.framework.key for p in practice] == ["performance-management"] * 2
    assert GlossaryTerm.objects.filter(abbreviation="PNC").exists()
    assert inspection.findings.filter(framework__key="neighbourhood-policing", category="strength").count() > 10


def test_importing_the_same_report_twice_changes_nothing(reference: None, seed_report: Path) -> None:
    report = parse_report(seed_report.read_text(encoding="utf-8"))
    assert import_report(report=report).changed
    before = _counts()
    findings = list(Finding.objects.order_by("id").values_list("id", "text", "revision"))
    again = import_report(report=report)
    assert not again.changed, again.changes
    assert _counts() == before
    assert list(Finding.objects.order_by("id").values_list("id", "text", "revision")) == findings


@pytest.mark.parametrize("path", FIXTURE_REPORTS, ids=lambda p: p.stem)
def test_database_round_trip_of_each_fixture(made_up_programmes: None, path: Path) -> None:
    """parse -> import -> render text from the database -> parse gives the same JSON (but the glossary)."""
    report = parse_report(path.read_text(encoding="utf-8"))
    inspection = import_report(report=report, source=path.name).inspection
    again = parse_report(render_inspection(inspection, "text"))
    source = report.to_json()
    assert _comparable(again.to_json(), source) == _comparable(source, source)
    assert render_inspection(inspection, "json")["recommendations"] == report.to_json()["recommendations"]


def test_database_round_trip_of_the_real_report(reference: None, seed_report: Path) -> None:
    report = parse_report(seed_report.read_text(encoding="utf-8"))
    inspection = import_report(report=report).inspection
    again = parse_report(render_inspection(inspection, "text"))
    source = report.to_json()
    assert _comparable(again.to_json(), source) == _comparable(source, source)


def test_an_unknown_force_is_refused_and_nothing_is_written(reference: None) -> None:
    before = _counts()
    report = parse_report((FIXTURES / "fenshire-constabulary-2008-03.txt").read_text(encoding="utf-8"))
    with pytest.raises(ReportImportError, match="force 'Fenshire Constabulary' is not known"):
        import_report(report=report)
    assert _counts() == before


def test_a_failure_part_way_leaves_the_database_as_it_was(reference: None, seed_report: Path) -> None:
    """National counts that contradict those held fail after the inspection was written: all is rolled back."""
    text = seed_report.read_text(encoding="utf-8")
    text = text.replace("Missing persons\t1\t21\t21\t0", "Missing persons\t2\t20\t21\t0")
    report = parse_report(text)
    before = _counts()
    texts = list(Recommendation.objects.values_list("text", flat=True))
    with pytest.raises(ReportImportError, match="national counts for Missing persons"):
        import_report(report=report)
    assert _counts() == before
    inspection = Inspection.objects.get(force__name="Bedfordshire Police")
    assert not inspection.imported and inspection.overview == []
    assert list(Recommendation.objects.values_list("text", flat=True)) == texts


def test_a_broken_file_exits_2_with_one_line(reference: None, capsys: pytest.CaptureFixture[str]) -> None:
    before = _counts()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_report", str(FIXTURES / "broken-truncated-in-strengths.txt"))
    assert exit_info.value.code == 2
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1 and error.startswith("import-report: ") and "line" in error
    assert _counts() == before


def test_render_command_writes_json(reference: None, seed_report: Path, tmp_path: Path) -> None:
    call_command("import_report", str(seed_report), stdout=io.StringIO())
    out = tmp_path / "report.json"
    call_command("render", "bedfordshire-police/2007", "--format", "json", "--output", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["force"] == "Bedfordshire Police" and data["published"] == "2007-10"
    assert [row["framework"] for row in data["force_summary"]][0] == "neighbourhood-policing"


def test_import_command_freezes_the_published_version_once(
    reference: None, seed_report: Path, tmp_path: Path
) -> None:
    """The frozen PDF reads back to the same grades, national counts and recommendations; a second
    import of the same file neither changes the record nor publishes a new version."""
    import shutil
    import subprocess

    from inspectorate.core.report.pdf import pdf_text_for_parsing
    from inspectorate.reports.models import PublishedReport

    call_command("import_report", str(seed_report), stdout=io.StringIO())
    version = PublishedReport.objects.get()
    assert version.version == 1 and len(version.sha256) == 64 and bytes(version.pdf).startswith(b"%PDF-")
    call_command("import_report", str(seed_report), stdout=io.StringIO())
    assert PublishedReport.objects.count() == 1

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler's pdftotext is not installed")
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(bytes(version.pdf))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    back = parse_report(pdf_text_for_parsing(text)).to_json()
    source = parse_report(seed_report.read_text(encoding="utf-8")).to_json()
    for key in ("force_summary", "national_summary", "recommendations"):
        assert back[key] == source[key], key
    assert [f["grade"] for f in back["frameworks"]] == [f["grade"] for f in source["frameworks"]]


def test_demo_without_the_real_report_publishes_the_facts_held_and_says_so(reference: None, tmp_path: Path) -> None:
    from inspectorate.reports import demo
    from inspectorate.reports.models import PublishedReport

    lines: list[str] = []
    demo.load_demo(lines.append, seed_report=tmp_path / "absent.txt")
    version = PublishedReport.objects.get(inspection__force__name="Bedfordshire Police")
    assert version.change_note == demo.FACTS_ONLY_NOTE and "not in this copy" in lines[0]
    report = parse_report(version.text)
    assert [row.grade for row in report.force_summary] == ["Poor", "Fair", "Fair", "Poor", "Fair", "Fair"]
    assert [(r.number, r.framework) for r in report.recommendations][7] == (8, "domestic-violence")
    assert all(row.counts.total == 43 for row in report.national_summary)
    demo.load_demo(lines.append, seed_report=tmp_path / "absent.txt")
    assert PublishedReport.objects.count() == 1


def test_abbreviations_without_a_glossary_entry_are_listed_for_the_author(reference: None, seed_report: Path) -> None:
    from django.test import Client

    from inspectorate.accounts.models import Role, User
    from inspectorate.reports.rendering import glossary_warnings

    inspection = import_report(report=parse_report(seed_report.read_text(encoding="utf-8"))).inspection
    finding = inspection.findings.filter(category="strength").first()
    assert finding is not None
    Finding.objects.filter(pk=finding.pk).update(text=finding.text + " The QZXV board met monthly.")
    warnings = glossary_warnings(inspection)
    assert "QZXV" in warnings and "PNC" not in warnings and "ACPO" not in warnings

    client = Client()
    client.force_login(User.objects.create(username="moderator-x", role=Role.MODERATOR))
    page = client.get(f"/inspections/{inspection.pk}/publication/").content.decode()
    assert "Abbreviations without a glossary entry" in page and "<li>QZXV</li>" in page


def test_import_prints_and_records_what_was_dropped_as_page_furniture(
    reference: None, seed_report: Path, tmp_path: Path
) -> None:
    """A hard-wrapped extraction with running headers imports as the clean text does, and the
    command says on stderr which lines it dropped as page furniture."""
    from tests.core.report import extraction

    text = seed_report.read_text(encoding="utf-8")
    furnished = tmp_path / "furnished.txt"  # the real report's text stays in tmp_path
    furnished.write_text(extraction.one_line_contents(text), encoding="utf-8")
    err = io.StringIO()
    call_command("import_report", str(furnished), "--no-freeze", stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    assert any('dropped "Bedfordshire Police – HMIC Inspection Report" as a running header' in line
               and "glued to the line" in line for line in lines)
    assert any(line.startswith("import-report: furnished.txt: line ") and 'dropped "October 2007"' in line
               for line in lines)
    source = parse_report(text)
    assert Recommendation.objects.count() == len(source.recommendations)
    from inspectorate.reports.rendering import DATABASE_CATEGORIES

    assert Finding.objects.count() == sum(len(s.findings(c)) for s in source.frameworks for c in DATABASE_CATEGORIES)
    summary = import_report(report=parse_report(text), source="again.txt", warnings=["line 3: dropped x"])
    assert summary.warnings == ["line 3: dropped x"]


def test_a_hard_wrapped_extraction_imports_and_names_its_guesses(made_up_programmes: None) -> None:
    """pdftotext's default output of a made-up report: no blank lines between paragraphs. The
    import says which paragraph breaks it guessed, each with its line, after the furniture."""
    extracted = FIXTURES / "extracted" / "fenshire-constabulary-2008-03.pdftotext.txt"
    err = io.StringIO()
    call_command("import_report", str(extracted), "--no-freeze", stdout=io.StringIO(), stderr=err)
    lines = err.getvalue().splitlines()
    guesses = [line for line in lines if ": guessed " in line]
    assert guesses and all(line.startswith(f"import-report: {extracted.name}: line ") for line in guesses)
    assert any("a new paragraph" in line for line in guesses)
    assert f"{len(guesses)} paragraph breaks, joins or hyphens guessed" in err.getvalue()
    dropped = [line for line in lines if ": dropped " in line]
    assert lines[-1].endswith(f"{len(dropped)} lines or line ends dropped as page furniture")
    clean = parse_report((FIXTURES / "fenshire-constabulary-2008-03.txt").read_text(encoding="utf-8"))
    inspection = Inspection.objects.get(force__name=clean.force)
    assert inspection.recommendations.count() == len(clean.recommendations)
