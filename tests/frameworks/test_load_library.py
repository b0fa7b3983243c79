"""`inspectorate load-library`: idempotent, versioned, and all-or-nothing on a broken file."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from inspectorate.frameworks.models import Criterion, Framework
from inspectorate.frameworks.services import LIBRARY_DIR, load_library

REPO = Path(__file__).resolve().parents[2]
INSPECTORATE = REPO / ".venv" / "bin" / "inspectorate"


@pytest.mark.django_db
def test_loading_twice_creates_nothing_new() -> None:
    first = load_library()
    assert len(first.created) == 7 + 8 + 12
    second = load_library()
    assert second.created == [] and second.new_versions == []
    assert Framework.objects.filter(key="child-abuse").count() == 1


@pytest.mark.django_db
def test_a_changed_file_becomes_a_new_version_and_the_old_one_stays(tmp_path: Path) -> None:
    library = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, library)
    load_library(directory=library)
    old = Framework.objects.get(key="child-abuse", is_current=True)
    old_texts = list(old.criteria.values_list("text", flat=True))

    path = library / "child-abuse.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["criteria"][0]["text"] = "Revised: " + data["criteria"][0]["text"]
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    summary = load_library(directory=library)

    assert summary.new_versions == ["child-abuse v2"]
    new = Framework.objects.get(key="child-abuse", is_current=True)
    assert new.version == 2
    old.refresh_from_db()
    assert not old.is_current
    assert list(old.criteria.values_list("text", flat=True)) == old_texts
    assert new.criteria.filter(text__startswith="Revised: ").count() == 1


@pytest.mark.django_db
def test_a_broken_file_loads_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    library = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, library)
    broken = library / "domestic-violence.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("level: good", "level: fabulous", 1))
    with pytest.raises(SystemExit) as exit_info:
        call_command("load_library", str(library))
    assert exit_info.value.code == 2
    assert Framework.objects.count() == 0 and Criterion.objects.count() == 0
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "domestic-violence.yaml" in error and "level" in error and "fabulous" in error


@pytest.mark.skipif(not INSPECTORATE.exists(), reason="the console script is installed by make")
def test_console_script_exit_2_and_database_unchanged(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}"}
    run = lambda *args: subprocess.run(  # noqa: E731
        [str(INSPECTORATE), *args], capture_output=True, text=True, env=env, timeout=120
    )
    # The frameworks app's tables, all that load-library writes (a whole schema took most of the test's time).
    assert run("migrate", "frameworks", "--noinput").returncode == 0
    assert run("load-library").returncode == 0
    counts = lambda: sqlite3.connect(database).execute(  # noqa: E731
        "select (select count(*) from frameworks_framework), (select count(*) from frameworks_criterion)"
    ).fetchone()
    before = counts()

    library = tmp_path / "library"
    shutil.copytree(LIBRARY_DIR, library)
    path = library / "neighbourhood-policing.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n  - id: [unclosed\n", encoding="utf-8")
    result = run("load-library", str(library))

    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("load-library: ") and "neighbourhood-policing.yaml" in lines[0]
    assert "Traceback" not in result.stderr
    assert counts() == before
