"""The practice library and the API's practice list at scale: a typed force filter, frameworks offered as
the library holds them, rows read as values, and queries that do not grow with the examples."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from world import made_up_forces

from inspectorate.inspections.models import Inspection
from inspectorate.opendata.selectors import practice_row
from inspectorate.practice import views
from inspectorate.practice.models import DevelopingPractice
from inspectorate.reports.models import PublishedReport

pytestmark = pytest.mark.django_db


def _examples(published: dict[str, Inspection], first: int, count: int) -> None:
    """``count`` more examples, each from a made-up force of its own (numbered from ``first``)."""
    framework = published["fenshire"].programme.frameworks.get(key="missing-persons")
    for force in made_up_forces(*((f"Benchshire {n} Police", f"benchshire-{n}") for n in range(first, first + count))):
        DevelopingPractice.objects.create(force=force, framework=framework, title=f"Example of {force.name}",
                                          problem="A problem. " * 30, solution="s", outcomes="o")


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def library(published: dict[str, Inspection]) -> dict[str, DevelopingPractice]:
    fenshire, wealdmoor = published["fenshire"], published["wealdmoor"]
    frameworks = fenshire.programme.frameworks
    return {
        "boards": DevelopingPractice.objects.create(
            force=fenshire.force, inspection=fenshire, framework=frameworks.get(key="performance-management"),
            title="Ward performance boards", problem="Sergeants could not see how their wards compared.",
            solution="s", outcomes="o"),
        "visits": DevelopingPractice.objects.create(
            force=wealdmoor.force, inspection=wealdmoor, framework=frameworks.get(key="domestic-violence"),
            title="Visits to repeat victims", problem="Victims were seen only by response officers.",
            solution="s", outcomes="o"),
    }


@pytest.mark.parametrize(("force", "titles"), [
    ("fenshire", ["Ward performance boards"]), ("Wealdmoor Police", ["Visits to repeat victims"]),
    ("wealdMOOR", ["Visits to repeat victims"]), ("", ["Ward performance boards", "Visits to repeat victims"]),
])
def test_the_library_force_is_typed(library: dict[str, DevelopingPractice], client: Client, force: str,
                                    titles: list[str]) -> None:
    response = client.get("/practice/", {"force": force})
    assert response.status_code == 200
    assert [item["title"] for item in response.context["page"].object_list] == titles
    html = response.content.decode()
    assert '<label for="force">Force</label><input type="text" id="force" name="force"' in html
    assert 'aria-describedby="force-hint"' in html and 'id="force-hint"' in html


def test_the_library_offers_the_frameworks_it_has_examples_under(library: dict[str, DevelopingPractice],
                                                                 client: Client) -> None:
    frameworks = client.get("/practice/").context["frameworks"]
    assert [key for key, _ in frameworks] == ["performance-management", "domestic-violence"]
    response = client.get("/practice/", {"force": "Kent Police"})  # a force, but with no example
    assert response.status_code == 400
    assert "There is no example from that force" in response.content.decode()


def test_the_library_rows_link_their_example_and_report(library: dict[str, DevelopingPractice],
                                                        client: Client) -> None:
    example = library["boards"]
    PublishedReport.objects.create(inspection=example.inspection, version=1, html="<p>r</p>", json={}, sha256="0")
    html = client.get("/practice/", {"force": "fenshire"}).content.decode()
    assert f'<a href="{reverse("practice:detail", kwargs={"pk": example.pk})}">Ward performance boards</a>' in html
    report = reverse("reports:report", kwargs={"force_slug": "fenshire", "programme_slug": "test-published"})
    assert f'<a href="{report}">Read the report</a>' in html
    assert "Fenshire Constabulary" in html and "made-up force" in html


def test_the_library_is_paged_and_its_queries_do_not_grow(published: dict[str, Inspection], client: Client,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    _examples(published, 1, 6)
    urls = ["/practice/", "/practice/?page=2", "/practice/?force=Benchshire", "/practice/?q=problem",
            "/api/v1/practice", "/api/v1/practice?limit=3&offset=3", "/api/v1/practice?force=benchshire-1"]
    before = {url: _queries(client, url) for url in urls}
    _examples(published, 7, 40)
    assert {url: _queries(client, url) for url in urls} == before
    seen = []
    for number in range(1, 11):
        page = client.get("/practice/", {"page": number}).context["page"]
        assert page.paginator.count == 46 and page.paginator.num_pages == 10
        seen += [item["id"] for item in page.object_list]
    assert len(seen) == len(set(seen)) == 46
    assert 'aria-label="Pagination: examples"' in client.get("/practice/").content.decode()


def test_the_api_pages_its_practice_items_as_the_download_writes_them(
        published: dict[str, Inspection], library: dict[str, DevelopingPractice], client: Client) -> None:
    _examples(published, 1, 12)
    whole = client.get("/api/v1/practice", {"limit": 500}).json()
    assert whole["count"] == 14 and len(whole["items"]) == 14
    pages = [client.get("/api/v1/practice", {"limit": 5, "offset": offset}).json() for offset in (0, 5, 10)]
    assert [item for page in pages for item in page["items"]] == whole["items"]
    assert all(page["count"] == 14 for page in pages)
    by_id = {item["id"]: item for item in whole["items"]}
    for example in DevelopingPractice.objects.select_related("force", "framework", "inspection__programme"):
        assert by_id[example.pk] == practice_row(example)
