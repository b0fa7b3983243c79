from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from inspectorate.core.report.parser import parse_report
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.national.models import Programme

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "reports"
FIXTURE_REPORTS = sorted(p for p in FIXTURES.glob("*.txt") if not p.name.startswith("broken-"))


@pytest.fixture
def made_up_programmes(reference: None) -> None:
    """The made-up forces and programmes the fixture reports are about (SPEC section 13)."""
    keys = Programme.objects.get(slug="2007").frameworks.values_list("key", flat=True)
    for path in FIXTURE_REPORTS:
        report = parse_report(path.read_text(encoding="utf-8"))
        Force.objects.get_or_create(name=report.force, defaults={
            "slug": path.stem.rsplit("-", 2)[0], "country": "England", "is_synthetic": True})
        year, month = map(int, report.published.split("-"))
        programme, _ = Programme.objects.get_or_create(
            slug=report.published, defaults={
                "title": f"Made-up programme {report.published}", "assessment_start": date(year - 1, 4, 1),
                "assessment_end": date(year - 1, 12, 1), "publication_month": date(year, month, 1)})
        programme.frameworks.set(Framework.objects.filter(key__in=keys, is_current=True))
