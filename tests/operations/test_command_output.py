"""Every command stops cleanly when its reader goes away (a broken pipe) or the disk is full."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "fenshire-constabulary-2008-03.txt"


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "INSPECTORATE_PRODUCTION"}


@pytest.mark.parametrize("args", [["parse-report", str(REPORT)], ["check"], ["help"]])
def test_a_broken_pipe_is_not_a_traceback(args: list[str]) -> None:
    result = subprocess.run(f"'{BIN / 'inspectorate'}' {' '.join(args)} | true; echo \"status=${{PIPESTATUS[0]}}\"",
                            shell=True, executable="/bin/bash", capture_output=True, text=True, env=_env(),
                            timeout=120)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, result.stderr
    assert "status=141" in result.stdout or "status=0" in result.stdout


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["parse-report", str(REPORT)], ["check"]])
def test_a_full_disk_is_one_line_and_a_failure(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([str(BIN / "inspectorate"), *args], stdout=full, stderr=subprocess.PIPE,
                                text=True, env=_env(), timeout=120)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["inspectorate: could not write: no space left on device"]
