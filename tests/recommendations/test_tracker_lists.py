"""The tracker's list at scale: a typed force filter, filters that offer what the list holds, and a page
whose queries do not grow with the rows behind it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from world import made_up_forces

from inspectorate.core.errors import SYSTEM
from inspectorate.inspections.models import Inspection, Recommendation, State
from inspectorate.public.templatetags.govuk import follow_up_tag_class
from inspectorate.recommendations import views
from inspectorate.recommendations.services import open_follow_ups

pytestmark = pytest.mark.django_db


def _publish_more(programme: Any, first: int, count: int) -> None:
    """``count`` more made-up forces (numbered from ``first``), each with a published inspection of three
    recommendations and their follow-ups."""
    keys = ["neighbourhood-policing", "performance-management", "domestic-violence"]
    numbers = range(first, first + count)
    for force in made_up_forces(*((f"Benchshire {n} Police", f"benchshire-{n}") for n in numbers)):
        inspection = Inspection.objects.create(force=force, programme=programme, state=State.PUBLISHED)
        for number, key in enumerate(keys, 1):
            Recommendation.objects.create(inspection=inspection, number=number, text=f"That {force.name} acts.",
                                          framework=programme.frameworks.get(key=key))
        open_follow_ups(inspection=inspection, by=SYSTEM)


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    ("force", "count"),
    [("fenshire", 3), ("Fenshire Constabulary", 3), ("fenSHIRE constabulary", 3), ("Bedfordshire Police", 12),
     ("shire", 3 + 12), ("  Wealdmoor   Police ", 3)],
)
def test_the_force_is_typed_a_slug_a_whole_name_or_part_of_one(
        reference: Any, published: dict[str, Any], client: Client, force: str, count: int) -> None:
    response = client.get("/recommendations/", {"force": force})
    assert response.status_code == 200
    assert response.context["page"].paginator.count == count
    # A single force needs no table by force; a part of a name that several share keeps it.
    assert (response.context["by_force"] is None) == (force.strip() != "shire")


def test_a_force_typed_that_matches_none_is_a_clear_error(reference: Any, published: dict[str, Any],
                                                          client: Client) -> None:
    for typed in ("Nowhere Constabulary", "Kent Police"):  # Kent is a force, but with no published recommendation
        response = client.get("/recommendations/", {"force": typed})
        assert response.status_code == 400
        html = response.content.decode()
        assert f"No force with recommendations in a published report is called “{typed}”" in html


def test_the_force_filter_is_a_labelled_text_box_and_the_lists_offer_what_the_tracker_holds(
        reference: Any, published: dict[str, Any], client: Client) -> None:
    html = client.get("/recommendations/").content.decode()
    assert '<label for="id_force">Force</label>' in html
    assert 'type="text" name="force"' in html and 'aria-describedby="id_force_helptext"' in html
    assert 'id="id_force_helptext"' in html and "for example Fenshire" in html
    assert '<option value="bedfordshire-police"' not in html  # no drop-down of forces
    form = client.get("/recommendations/").context["form"]
    frameworks = [key for key, _ in form.fields["framework"].choices if key]
    held = set(Recommendation.objects.filter(inspection__state=State.PUBLISHED).values_list("framework__key",
                                                                                          flat=True))
    assert set(frameworks) == held and len(frameworks) == len(set(frameworks))
    assert sorted(slug for slug, _ in form.fields["programme"].choices if slug) == ["2007", "test-published"]
    # The table by force links each force by its name, which the box then shows.
    assert '<a href="?force=Fenshire%20Constabulary">Fenshire Constabulary</a>' in html
    chosen = client.get("/recommendations/?force=Fenshire%20Constabulary").content.decode()
    assert 'value="Fenshire Constabulary"' in chosen


def test_the_list_is_paged_and_the_page_shows_the_published_words(
        reference: Any, published: dict[str, Any], client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    seen = []
    for number in (1, 2, 3, 4):
        page = client.get("/recommendations/", {"page": number, "status": "open"}).context["page"]
        assert page.paginator.count == 18 and page.paginator.num_pages == 4
        seen += [item["pk"] for item in page.object_list]
    assert len(seen) == len(set(seen)) == 18
    first = client.get("/recommendations/", {"force": "fenshire"})
    item = first.context["page"].object_list[0]
    rec = Recommendation.objects.get(pk=item["pk"])
    assert item["url"] == f"/recommendations/{rec.pk}/" and item["text"] == rec.text  # nothing frozen: live words
    assert f'<a href="/recommendations/{rec.pk}/">{rec.text}</a>' in first.content.decode()
    assert f'<strong class="govuk-tag {follow_up_tag_class("open")}">Open</strong>' in first.content.decode()


def test_the_tracker_makes_as_many_queries_with_ten_times_the_rows(
        reference: Any, published: dict[str, Any], client: Client) -> None:
    programme = published["fenshire"].programme
    urls = ["/recommendations/", "/recommendations/?force=Benchshire", "/recommendations/?status=open&page=2",
            "/recommendations/?force=benchshire-1&framework=domestic-violence", "/recommendations/?forces=2"]
    _publish_more(programme, 1, 2)
    before = {url: _queries(client, url) for url in urls}
    _publish_more(programme, 3, 20)
    after = {url: _queries(client, url) for url in urls}
    assert after == before
    response = client.get("/recommendations/")
    assert response.context["page"].paginator.count == 18 + 66
    assert len(response.context["page"].object_list) == views.PAGE_SIZE
