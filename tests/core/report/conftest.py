"""Fixtures for the rendering tests; the material they use is in ``render_samples.py``."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from render_samples import Element, build_sample_report, parse_html

from inspectorate.core.report.model import Report

PDFTOTEXT = "/usr/bin/pdftotext"


@pytest.fixture
def html_tree() -> Callable[[str], Element]:
    """The HTML tree builder, for tests to parse rendered markup."""
    return parse_html


@pytest.fixture
def sample_report() -> Report:
    """A hand-built report about a made-up force (Harrowmere Constabulary)."""
    return build_sample_report()


@pytest.fixture
def pdftotext() -> Callable[[bytes], str]:
    """``pdftotext -layout`` of a PDF's bytes (skips where poppler-utils is not installed)."""
    if shutil.which("pdftotext") is None and not Path(PDFTOTEXT).exists():
        pytest.skip("pdftotext (poppler-utils) is not installed")
    command = shutil.which("pdftotext") or PDFTOTEXT

    def extract(pdf: bytes) -> str:
        done = subprocess.run([command, "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
        return done.stdout.decode("utf-8")

    return extract
