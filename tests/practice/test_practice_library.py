"""The developing practice library: full-text search on each database, filters, links and visibility."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from inspectorate.inspections.models import Inspection, State
from inspectorate.practice import selectors
from inspectorate.practice.models import DevelopingPractice
from inspectorate.reports.models import PublishedReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def examples(published: dict[str, Inspection]) -> dict[str, DevelopingPractice]:
    fenshire, wealdmoor = published["fenshire"], published["wealdmoor"]
    frameworks = fenshire.programme.frameworks

    def make(inspection: Inspection | None, force: Any, key: str, title: str, problem: str) -> DevelopingPractice:
        return DevelopingPractice.objects.create(
            force=force, inspection=inspection, framework=frameworks.get(key=key), title=title, problem=problem,
            solution="A solution.", outcomes="Better outcomes.", contact="Unit (made-up)",
        )

    return {
        "boards": make(fenshire, fenshire.force, "performance-management", "Ward performance boards",
                       "Sergeants could not see how their wards compared."),
        "visits": make(wealdmoor, wealdmoor.force, "domestic-violence", "Visits to repeat victims",
                       "Victims calling a third time were seen only by response officers."),
        "care": make(wealdmoor, wealdmoor.force, "missing-persons", "Missing from care protocol",
                     "Most reports of missing children came from care homes."),
        "standalone": make(None, fenshire.force, "neighbourhood-policing", "Street briefings",
                           "Residents' meetings drew few people; officers visit victims of crime at home."),
    }


def _titles(queryset: Any) -> list[str]:
    return [example.title for example in queryset]


def _search_behaviour(examples: dict[str, DevelopingPractice]) -> None:
    # Stemming and prefixes: "visiting" finds "Visits" and "visit"; "ward" finds "wards".
    assert set(_titles(selectors.library(query="visiting"))) == {"Visits to repeat victims", "Street briefings"}
    assert _titles(selectors.library(query="ward compar")) == ["Ward performance boards"]
    # Every word must match; the title weighs most.
    assert _titles(selectors.library(query="missing children care")) == ["Missing from care protocol"]
    assert _titles(selectors.library(query="visit", force="wealdmoor")) == ["Visits to repeat victims"]
    assert _titles(selectors.library(query="victims", framework="neighbourhood-policing")) == ["Street briefings"]
    assert _titles(selectors.library(query="nothing-like-this-anywhere")) == []
    # Search syntax and punctuation are words, never errors.
    assert _titles(selectors.library(query='"care*" -(homes): ^')) == ["Missing from care protocol"]
    assert selectors.library(query="!!! ***").count() == 4
    # The index follows edits and deletions made anywhere.
    boards = examples["boards"]
    boards.title = "Ward dashboards"
    boards.save()
    assert _titles(selectors.library(query="dashboards")) == ["Ward dashboards"]
    examples["care"].delete()
    assert _titles(selectors.library(query="care")) == []


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5 search runs on SQLite only")
def test_search_with_sqlite_fts5(examples: dict[str, DevelopingPractice]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM practice_search")
        assert cursor.fetchone()[0] == 4
    _search_behaviour(examples)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search runs on PostgreSQL only")
def test_search_with_postgresql_full_text(examples: dict[str, DevelopingPractice]) -> None:
    query = str(selectors.library(query="visiting").query)
    assert "to_tsvector" in query and "to_tsquery" in query
    _search_behaviour(examples)


def test_unpublished_examples_are_not_in_the_library(examples: dict[str, DevelopingPractice],
                                                     client: Client) -> None:
    Inspection.objects.filter(pk=examples["visits"].inspection_id).update(state=State.FACTUAL_ACCURACY)
    assert "Visits to repeat victims" not in _titles(selectors.library())
    assert client.get(f"/practice/{examples['visits'].pk}/").status_code == 302  # anonymous: sign in
    assert client.get(f"/practice/{examples['boards'].pk}/").status_code == 200


def test_library_page_search_filters_and_notice(examples: dict[str, DevelopingPractice], client: Client) -> None:
    response = client.get("/practice/", {"q": "care", "framework": "missing-persons"})
    html = response.content.decode()
    assert response.status_code == 200 and html.count("<h1") == 1
    assert "1 example found" in html and "Missing from care protocol" in html
    assert "not been independently evaluated" in html
    assert "made-up force" in html
    assert '<label for="q">Search</label>' in html


def test_example_page_has_every_part(examples: dict[str, DevelopingPractice], client: Client) -> None:
    html = client.get(f"/practice/{examples['boards'].pk}/").content.decode()
    for text in ["Ward performance boards", "Problem", "Sergeants could not see", "Solution", "A solution.",
                 "Outcomes", "Better outcomes.", "Force contact", "Unit (made-up)", "Fenshire Constabulary",
                 "Performance management", "not been independently evaluated", "Made-up demonstration force"]:
        assert text in html, text


def test_report_link_only_to_a_frozen_published_version(examples: dict[str, DevelopingPractice],
                                                        client: Client) -> None:
    example = examples["boards"]
    url = f"/practice/{example.pk}/"
    assert "read the published report" not in client.get(url).content.decode()  # no frozen version yet
    PublishedReport.objects.create(inspection=example.inspection, version=1, html="<p>r</p>", json={}, sha256="0")
    expected = reverse("reports:report", kwargs={"force_slug": "fenshire", "programme_slug": "test-published"})
    assert f'href="{expected}"' in client.get(url).content.decode()
    assert f'href="{expected}"' in client.get("/practice/").content.decode()


def test_unknown_filter_value_is_an_error_not_a_crash(examples: dict[str, DevelopingPractice], client: Client) -> None:
    response = client.get("/practice/", {"framework": "no-such-thing", "force": "nowhere"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is no example under that framework" in html and "There is no example from that force" in html
    # A NUL byte is refused before any view sees it, with its own clear 400.
    response = client.get("/practice/", {"framework": "no-such\x00thing"})
    assert response.status_code == 400
    assert "null character" in response.content.decode()
