"""The framework library files: the shipped library meets every rule, and a broken file says why."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from inspectorate.core.frameworkfile import (
    LEVELS,
    FrameworkSpec,
    LibraryError,
    content_hash,
    load_framework_file,
    load_library,
    load_reference_file,
)

LIBRARY = Path(__file__).resolve().parents[2] / "library"

GRADED = {
    "neighbourhood-policing": ("Neighbourhood Policing", "Neighbourhood Policing", None),
    "performance-management": ("Performance Management", "Performance management", None),
    "child-abuse": ("Protecting Vulnerable People – Child Abuse", "Child abuse", "protecting-vulnerable-people"),
    "domestic-violence": (
        "Protecting Vulnerable People – Domestic Violence",
        "Domestic violence",
        "protecting-vulnerable-people",
    ),
    "public-protection": (
        "Protecting Vulnerable People – Public Protection",
        "Public protection",
        "protecting-vulnerable-people",
    ),
    "missing-persons": (
        "Protecting Vulnerable People – Missing Persons",
        "Missing persons",
        "protecting-vulnerable-people",
    ),
}

PVP_THEMES = [
    "Leadership and accountability",
    "Policy implementation",
    "Information management",
    "Staffing, workload and supervision",
    "Performance monitoring and management",
    "Training",
    "Management of risk",
    "Partnership working",
]

# SPEC section 2: the themes the report names for each framework.
THEMES = {
    "neighbourhood-policing": [
        "Resources",
        "Familiarity and accessibility",
        "Problem identification",
        "Joint problem solving",
    ],
    "performance-management": [
        "Contribution and accountability at every level",
        "First-line supervision",
        "Chief-officer-led performance meetings",
        "Reliable, timely management information",
    ],
    "child-abuse": PVP_THEMES,
    "domestic-violence": PVP_THEMES,
    "public-protection": [
        "Defensible decisions",
        "Rigorous risk assessment",
        "Risk management plans that match the need",
        "Evaluation of performance",
    ],
    "missing-persons": [
        "Early recognition of critical-incident potential",
        "Supervision of enquiries",
        "Problem profiles and analysis of repeat locations",
        "IT case-tracking system",
    ],
    "pvp-overview": PVP_THEMES,
}

RISK_BASED = [
    "Fairness and equality in service delivery",
    "Volume crime reduction",
    "Volume crime investigation",
    "Improving forensic performance",
    "Criminal justice processes",
    "Reducing anti-social behaviour",
    "Contact management",
    "Training, development and organisational learning",
]
PLANNED = [
    "Serious and organised crime",
    "Major crime",
    "Neighbourhood Policing",
    "Strategic resource management",
    "Customer service and accessibility",
    "Critical incident management",
    "Professional standards",
    "Public order",
    "Civil contingencies",
    "Information management",
    "Strategic roads policing",
    "Leadership",
]


@pytest.fixture(scope="module")
def library() -> Any:
    return load_library(LIBRARY)


# --- the shipped library -----------------------------------------------------------------------------


def test_the_library_holds_the_2007_frameworks(library: Any) -> None:
    keys = [spec.key for spec in library.frameworks]
    assert sorted(keys) == sorted([*GRADED, "pvp-overview"])
    assert [spec.key for spec in library.frameworks if spec.graded] == sorted(GRADED)
    assert all(spec.kind == "programmed" and spec.version == 1 for spec in library.frameworks)


@pytest.mark.parametrize("key", sorted(GRADED))
def test_each_graded_framework_meets_the_rules(library: Any, key: str) -> None:
    spec = library.framework(key)
    title, short_title, group = GRADED[key]
    assert (spec.title, spec.short_title, spec.group) == (title, short_title, group)
    assert spec.themes == THEMES[key]
    assert len(spec.criteria) >= 10
    assert len(spec.criteria_at("fair")) >= 3
    assert len(spec.criteria_at("good")) >= 4
    assert len(spec.criteria_at("excellent")) >= 1
    significant = spec.significant_criteria
    assert len(significant) >= 3 and all(c.level == "fair" for c in significant)
    dominant = [c for c in spec.criteria if c.dominant]
    assert len(dominant) == 1 and dominant[0].significant and dominant[0].level == "fair"
    assert {c.theme for c in spec.criteria} <= set(spec.themes)


def test_the_pvp_overview_is_ungraded_with_the_eight_pvp_themes(library: Any) -> None:
    overview = library.framework("pvp-overview")
    assert not overview.graded
    assert overview.title == "Protecting Vulnerable People – Overview"
    assert overview.group == "protecting-vulnerable-people"
    assert overview.themes == PVP_THEMES
    assert not any(c.significant or c.dominant for c in overview.criteria)


def test_every_file_says_its_criteria_are_the_projects_drafting(library: Any) -> None:
    for spec in library.frameworks:
        note = spec.drafting_note
        assert "project's own drafting" in note and "2007" in note, spec.key
        assert "not HMIC" in note, spec.key


def test_every_framework_has_a_short_national_context(library: Any) -> None:
    for spec in library.frameworks:
        assert 1 <= len(spec.national_context_paragraphs()) <= 3, spec.key


def test_criterion_ids_are_unique_and_name_their_level(library: Any) -> None:
    ids = [c.id for spec in library.frameworks for c in spec.criteria]
    assert len(ids) == len(set(ids))
    for spec in library.frameworks:
        for criterion in spec.criteria:
            assert re.fullmatch(r"[A-Z]+-[FGE]\d+", criterion.id), criterion.id
            assert criterion.id.split("-")[1][0] == criterion.level[0].upper(), criterion.id


def test_the_reference_entries_are_the_risk_based_and_planned_frameworks(library: Any) -> None:
    by_kind = {kind: [r.title for r in library.references if r.kind == kind] for kind in ("risk-based", "planned")}
    assert by_kind == {"risk-based": RISK_BASED, "planned": PLANNED}
    keys = [r.key for r in library.references] + [s.key for s in library.frameworks]
    assert len(keys) == len(set(keys))
    planned_np = next(r for r in library.references if r.title == "Neighbourhood Policing")
    assert planned_np.key == "neighbourhood-policing-2008" and planned_np.note


def test_no_sentence_is_copied_from_the_published_report(library: Any, seed_report: Path) -> None:
    """Facts and names may match the report; a run of eight words in a row may not."""

    def words(text: str) -> list[str]:
        return re.findall(r"[a-z0-9]+", text.lower())

    report = words(seed_report.read_text(encoding="utf-8"))
    runs = {tuple(report[i : i + 8]) for i in range(len(report) - 7)}
    texts = [(spec.key, p) for spec in library.frameworks for p in spec.national_context_paragraphs()]
    texts += [(c.id, c.text) for spec in library.frameworks for c in spec.criteria]
    texts += [(r.key, r.note) for r in library.references if r.note]
    for name, text in texts:
        w = words(text)
        copied = [" ".join(w[i : i + 8]) for i in range(len(w) - 7) if tuple(w[i : i + 8]) in runs]
        assert not copied, f"{name} repeats the report: {copied}"


# --- broken files ------------------------------------------------------------------------------------


def _criterion(
    cid: str, level: str, *, theme: str = "Alpha", significant: bool = False, dominant: bool = False
) -> dict[str, Any]:
    return {
        "id": cid,
        "level": level,
        "theme": theme,
        "significant": significant,
        "dominant": dominant,
        "text": f"Inspectors check {cid}.",
    }


def _framework() -> dict[str, Any]:
    return {
        "key": "test-framework",
        "title": "Test Framework",
        "short_title": "Test",
        "group": None,
        "kind": "programmed",
        "graded": True,
        "version": 1,
        "drafting_note": "Made up for a test.",
        "national_context": "Some context.",
        "themes": ["Alpha", "Beta"],
        "criteria": [
            _criterion("T-F1", "fair", significant=True, dominant=True),
            _criterion("T-F2", "fair", significant=True),
            _criterion("T-F3", "fair", significant=True),
            _criterion("T-G1", "good"),
            _criterion("T-E1", "excellent", theme="Beta"),
        ],
    }


def _write(directory: Path, name: str, data: Any) -> Path:
    path = directory / name
    text = data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def _set(*where: str | int, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in where[:-1]:
            target = target[part]
        target[where[-1]] = value

    return change


def _delete(*where: str | int) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        target: Any = data
        for part in where[:-1]:
            target = target[part]
        del target[where[-1]]

    return change


def _flags(index: int, **flags: bool) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        data["criteria"][index].update(flags)

    return change


BROKEN = {
    "missing field": (_delete("title"), "title", "is required but missing"),
    "missing criterion field": (_delete("criteria", 2, "text"), "criteria[2].text", "is required but missing"),
    "unknown field": (_set("criteria", 1, "leval", value="fair"), "criteria[1].leval", "did you mean 'level'?"),
    "unknown top-level field": (_set("colour", value="blue"), "colour", "is not a known field"),
    "unknown level": (
        _set("criteria", 3, "level", value="fabulous"),
        "criteria[3].level",
        "'fabulous' is not one of fair, good, excellent",
    ),
    "unknown kind": (_set("kind", value="annual"), "kind", "'annual' is not one of programmed, risk-based, planned"),
    "duplicate criterion id": (_set("criteria", 3, "id", value="T-F2"), "criteria[3].id", "'T-F2' is already used"),
    "theme not listed": (
        _set("criteria", 3, "theme", value="Gamma"),
        "criteria[3].theme",
        "'Gamma' is not one of this framework's themes: Alpha; Beta",
    ),
    "repeated theme": (_set("themes", 1, value="Alpha"), "themes[1]", "'Alpha' is already listed"),
    "significant Good criterion": (
        _flags(3, significant=True),
        "criteria[3].significant",
        "only a Fair criterion can be significant, and T-G1 is good",
    ),
    "no dominant criterion": (
        _flags(0, dominant=False),
        "criteria",
        "a graded framework needs exactly one dominant criterion; found 0",
    ),
    "two dominant criteria": (
        _flags(1, dominant=True),
        "criteria",
        "exactly one dominant criterion; found 2 (T-F1, T-F2)",
    ),
    "too few significant Fair criteria": (
        _flags(2, significant=False),
        "criteria",
        "at least 3 significant Fair criteria; found 2 (T-F1, T-F2)",
    ),
    "dominant but not significant": (
        _flags(3, dominant=True),
        "criteria[3].dominant",
        "a dominant criterion must be a significant Fair criterion",
    ),
    "fractional version": (_set("version", value=1.5), "version", "must be a whole number such as 1, not 1.5"),
    "text version": (_set("version", value="1"), "version", "must be a whole number such as 1, not '1'"),
    "version zero": (_set("version", value=0), "version", "must be 1 or more"),
    "flag as text": (
        _set("criteria", 3, "significant", value="no"),
        "criteria[3].significant",
        "must be true or false",
    ),
    "empty text": (_set("criteria", 4, "text", value="  "), "criteria[4].text", "must not be empty"),
    "bad key": (_set("key", value="Child Abuse"), "key", "'Child Abuse' is not a valid key"),
    "criteria not a list": (_set("criteria", value="none"), "criteria", "must be a list, not 'none'"),
    "ungraded with significant criteria": (
        _set("graded", value=False),
        "criteria[0].significant",
        "an ungraded framework has no grade",
    ),
}


def _assert_one_line(error: LibraryError, path: Path, field: str, reason: str) -> None:
    message = str(error)
    assert "\n" not in message
    assert message.startswith(f"{path}: {field}: " if field else f"{path}: "), message
    assert reason in message, message
    assert (error.path, error.field) == (path, field)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_names_the_file_the_field_and_the_reason(tmp_path: Path, case: str) -> None:
    change, field, reason = BROKEN[case]
    data = _framework()
    change(data)
    path = _write(tmp_path, "test-framework.yaml", data)
    with pytest.raises(LibraryError) as caught:
        load_framework_file(path)
    _assert_one_line(caught.value, path, field, reason)
    assert caught.value.line is not None


def test_the_error_reads_as_one_line_with_the_line_number(tmp_path: Path) -> None:
    data = _framework()
    data["criteria"][3]["level"] = "fabulous"
    path = _write(tmp_path, "child-abuse.yaml", data)
    line = 1 + path.read_text(encoding="utf-8").splitlines().index("  level: fabulous")
    with pytest.raises(LibraryError) as caught:
        load_framework_file(path)
    assert str(caught.value) == (
        f"{path}: criteria[3].level: 'fabulous' is not one of fair, good, excellent (line {line})"
    )


def test_the_error_format_without_a_line() -> None:
    error = LibraryError(
        "library/child-abuse.yaml", "criteria[3].level", "'fabulous' is not one of fair, good, excellent"
    )
    assert str(error) == "library/child-abuse.yaml: criteria[3].level: 'fabulous' is not one of fair, good, excellent"


def test_bad_yaml_names_the_line(tmp_path: Path) -> None:
    path = _write(tmp_path, "broken.yaml", "key: test-framework\ntitle: Test\n  short_title: oops\n")
    with pytest.raises(LibraryError) as caught:
        load_framework_file(path)
    _assert_one_line(caught.value, path, "", "is not valid YAML")
    assert caught.value.line == 3
    assert "(line 3, column" in str(caught.value)


def test_a_key_given_twice_in_one_mapping_is_refused(tmp_path: Path) -> None:
    text = yaml.safe_dump(_framework(), sort_keys=False).replace("level: good\n", "level: good\n  level: fair\n")
    path = _write(tmp_path, "twice.yaml", text)
    with pytest.raises(LibraryError) as caught:
        load_framework_file(path)
    _assert_one_line(caught.value, path, "criteria[3].level", "is given twice")


@pytest.mark.parametrize(
    ("text", "reason"),
    [("", "is empty"), ("# only a comment\n", "is empty"), ("- a\n- b\n", "must be a mapping of fields")],
)
def test_a_file_that_is_not_a_framework_at_all(tmp_path: Path, text: str, reason: str) -> None:
    path = _write(tmp_path, "odd.yaml", text)
    with pytest.raises(LibraryError) as caught:
        load_framework_file(path)
    _assert_one_line(caught.value, path, "", reason)


# --- the library as a whole --------------------------------------------------------------------------


def test_a_framework_key_may_appear_in_only_one_file(tmp_path: Path) -> None:
    first = _write(tmp_path, "a.yaml", _framework())
    second = _write(tmp_path, "b.yaml", _framework())
    with pytest.raises(LibraryError) as caught:
        load_library(tmp_path)
    _assert_one_line(caught.value, second, "key", f"'test-framework' is already the key of {first}")


def test_one_broken_file_stops_the_whole_library(tmp_path: Path) -> None:
    _write(tmp_path, "a-good.yaml", _framework())
    broken = _framework()
    broken["key"] = "z-broken"
    broken["criteria"][0]["level"] = "fabulous"
    path = _write(tmp_path, "z-broken.yaml", broken)
    with pytest.raises(LibraryError) as caught:
        load_library(tmp_path)
    _assert_one_line(caught.value, path, "criteria[0].level", "'fabulous' is not one of")


def test_a_reference_key_may_not_repeat_a_framework_key(tmp_path: Path) -> None:
    _write(tmp_path, "test-framework.yaml", _framework())
    refs = {"references": [{"key": "test-framework", "title": "Test", "kind": "planned"}]}
    path = _write(tmp_path, "reference-frameworks.yaml", refs)
    with pytest.raises(LibraryError) as caught:
        load_library(tmp_path)
    _assert_one_line(caught.value, path, "references[0].key", "'test-framework' is already the key of")


@pytest.mark.parametrize(
    ("entries", "field", "reason"),
    [
        (
            [{"key": "a", "title": "A", "kind": "planned"}, {"key": "a", "title": "A again", "kind": "risk-based"}],
            "references[1].key",
            "'a' is already used by references[0]",
        ),
        ([{"key": "a", "title": "A", "kind": "programmed"}], "references[0].kind", "is not one of risk-based, planned"),
        ([{"key": "a", "kind": "planned"}], "references[0].title", "is required but missing"),
    ],
)
def test_a_broken_reference_entry(tmp_path: Path, entries: list[dict[str, str]], field: str, reason: str) -> None:
    path = _write(tmp_path, "reference-frameworks.yaml", {"references": entries})
    with pytest.raises(LibraryError) as caught:
        load_reference_file(path)
    _assert_one_line(caught.value, path, field, reason)


def test_a_yml_file_is_not_silently_skipped(tmp_path: Path) -> None:
    _write(tmp_path, "test-framework.yaml", _framework())
    path = _write(tmp_path, "other.yml", _framework())
    with pytest.raises(LibraryError) as caught:
        load_library(tmp_path)
    _assert_one_line(caught.value, path, "", "must end in .yaml")


def test_a_folder_without_framework_files_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(LibraryError) as caught:
        load_library(tmp_path)
    _assert_one_line(caught.value, tmp_path, "", "holds no framework files")


# --- content hash ------------------------------------------------------------------------------------


def test_content_hash_is_stable(library: Any) -> None:
    again = load_library(LIBRARY)
    for before, after in zip(library.frameworks, again.frameworks, strict=True):
        assert re.fullmatch(r"[0-9a-f]{64}", content_hash(before))
        assert content_hash(before) == content_hash(after)
    assert len({content_hash(spec) for spec in library.frameworks}) == len(library.frameworks)


def test_content_hash_ignores_layout_but_not_content(tmp_path: Path) -> None:
    data = _framework()
    base = content_hash(load_framework_file(_write(tmp_path, "a.yaml", data)))

    reordered = dict(reversed(list(copy.deepcopy(data).items())))
    reordered["national_context"] = "Some\n   context.\n"
    path = _write(tmp_path, "b.yaml", "# a comment\n" + yaml.safe_dump(reordered, sort_keys=False))
    assert content_hash(load_framework_file(path)) == base

    def changed(change: Callable[[dict[str, Any]], None], name: str) -> str:
        variant = copy.deepcopy(data)
        change(variant)
        return content_hash(load_framework_file(_write(tmp_path, name, variant)))

    assert changed(_set("criteria", 3, "text", value="Inspectors check something else."), "c.yaml") != base
    assert changed(_set("criteria", 3, "level", value="excellent"), "d.yaml") != base
    assert changed(_set("version", value=2), "e.yaml") != base


def test_the_spec_is_read_only(library: Any) -> None:
    spec: FrameworkSpec = library.framework("child-abuse")
    with pytest.raises(ValueError):
        spec.title = "Something else"
    assert set(LEVELS) == {c.level for c in spec.criteria}
