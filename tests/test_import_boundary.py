"""The pure cores import nothing from Django, however deep the import goes.

Each core (and every shared module beside them) is imported in a fresh interpreter with every one
of its modules; not one ``django`` module may be loaded by the end. Any Django-free shared module
added to ``inspectorate/core/`` is checked too.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

PURE = [
    "inspectorate.core.grading",
    "inspectorate.core.report",
    "inspectorate.core.monitoring",
    "inspectorate.core.csvsafe",
    "inspectorate.core.errors",
]

_PROBE = """
import importlib, pkgutil, sys
for name in sys.argv[1:]:
    module = importlib.import_module(name)
    for info in pkgutil.walk_packages(getattr(module, "__path__", []), name + "."):
        importlib.import_module(info.name)
print(" ".join(sorted(m for m in sys.modules if m == "django" or m.startswith("django."))))
"""


def _pure_modules() -> list[str]:
    names = list(PURE)
    core = REPO / "inspectorate" / "core"
    if (core / "__init__.py").exists() and "inspectorate.core" not in names:
        names.append("inspectorate.core")
    return names


def test_the_pure_cores_are_where_the_list_says() -> None:
    for name in PURE:
        path = REPO.joinpath(*name.split("."))
        assert path.is_dir() or path.with_suffix(".py").is_file(), name


@pytest.mark.parametrize("name", _pure_modules())
def test_a_pure_core_loads_no_django_module(name: str) -> None:
    result = subprocess.run([sys.executable, "-c", _PROBE, name], cwd=REPO, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"{name} loads Django: {result.stdout.strip()}"
