"""Open data and the API carry a PEEL programme's grades (the demo's made-up inspection) by its model's scale."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.test import Client
from world import load_the_library

from inspectorate.accounts.models import User
from inspectorate.inspections.peel_demo import PROGRAMME_SLUG, load_peel_demo
from inspectorate.public.demo import ensure_demo_forces, ensure_demo_users

pytestmark = pytest.mark.django_db

PEEL_KEYS = ["outstanding", "good", "adequate", "requires_improvement", "inadequate"]


@pytest.fixture
def peel_demo(media: Any) -> None:
    load_the_library()
    ensure_demo_forces()
    ensure_demo_users()
    load_peel_demo(lambda line: None, lead=User.objects.get(username="lead"),
                   inspector=User.objects.get(username="inspector"))


def test_the_api_lists_peel_grades(peel_demo: None) -> None:
    response = Client().get(f"/api/v1/judgements?programme={PROGRAMME_SLUG}")
    assert response.status_code == 200
    grades = {item["framework"]: item["grade"] for item in response.json()["items"]}
    assert grades == {"peel-responding-to-the-public": "Good", "peel-protecting-vulnerable-people": "Inadequate"}


def test_the_api_national_summary_counts_the_models_grades(peel_demo: None) -> None:
    response = Client().get(f"/api/v1/programmes/{PROGRAMME_SLUG}/national-summary")
    assert response.status_code == 200
    rows = {row["framework"]: row for row in response.json()}
    made_up = rows["peel-protecting-vulnerable-people"]["synthetic"]
    assert list(made_up) == PEEL_KEYS and made_up["inadequate"] == 1 and sum(made_up.values()) == 1


def test_the_national_download_has_the_models_columns(peel_demo: None) -> None:
    response = Client().get("/opendata/downloads/national.csv")
    assert response.status_code == 200
    table = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    header = list(table[0])
    assert header[:8] == ["programme", "framework", "framework_title", "source", "excellent", "good", "fair", "poor"]
    assert set(PEEL_KEYS) <= set(header)
    made_up = next(r for r in table if r["programme"] == PROGRAMME_SLUG and r["source"].startswith("made-up")
                   and r["framework"] == "peel-protecting-vulnerable-people")
    assert (made_up["inadequate"], made_up["requires_improvement"], made_up["fair"]) == ("1", "0", "")
    document = Client().get("/opendata/downloads/national.json").json()
    rows = [r for r in document["rows"] if r["programme"] == PROGRAMME_SLUG]
    assert rows and all("fair" not in r for r in rows)
