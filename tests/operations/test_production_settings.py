"""Production mode refuses the public development key; the system check says so too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.checks import Error

from inspectorate.operations.checks import check_production_secret_key
from inspectorate.operations.secretkey import DEVELOPMENT_SECRET_KEY

BIN = Path(sys.executable).parent
REAL_KEY = "k3J9-pQ2_vX8mN4tR7wY1zA6bC5dE0fG2hI9jK3lM8nO4pQ7rS1tU6"


def _check(**env: str) -> subprocess.CompletedProcess[str]:
    unset = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run([str(BIN / "inspectorate"), "check", "--deploy"], env={**clean, **env},
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("key", [None, DEVELOPMENT_SECRET_KEY, "short"])
def test_production_mode_refuses_without_a_real_secret_key(key: str | None) -> None:
    env = {"INSPECTORATE_PRODUCTION": "1"} | ({"SECRET_KEY": key} if key is not None else {})
    result = _check(**env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr
    assert "SECRET_KEY" in lines[0] and "INSPECTORATE_PRODUCTION=1 needs a real secret key" in lines[0]


def test_production_mode_starts_with_a_real_key() -> None:
    result = _check(INSPECTORATE_PRODUCTION="1", SECRET_KEY=REAL_KEY)
    assert result.returncode == 0, result.stderr


def test_the_system_check_refuses_the_development_key(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PRODUCTION = True
    settings.SECRET_KEY = DEVELOPMENT_SECRET_KEY
    errors = check_production_secret_key()
    assert [e.id for e in errors] == ["inspectorate.E001"] and isinstance(errors[0], Error)
    assert "public development key" in errors[0].msg
    settings.SECRET_KEY = REAL_KEY
    assert check_production_secret_key() == []
    settings.PRODUCTION, settings.SECRET_KEY = False, DEVELOPMENT_SECRET_KEY
    assert check_production_secret_key() == []
