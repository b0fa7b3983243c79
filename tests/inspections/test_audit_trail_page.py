"""The audit trail on the web: paged, and filtered by who, what and when."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from world import World

from inspectorate.audit.models import AuditEvent
from inspectorate.audit.services import record_event


def _add(world: World, count: int, *, actor, action: str) -> None:  # type: ignore[no-untyped-def]
    for n in range(count):
        record_event(actor=actor, action=action, obj=world.a, inspection=world.a, summary=f"{action} {n}")


def test_the_trail_is_paged_fifty_at_a_time(world: World) -> None:
    _add(world, 120, actor=world.inspector, action="test.bulk")
    total = AuditEvent.objects.filter(inspection=world.a).count()
    client = world.client_for("moderator")
    url = reverse("inspections:audit", args=[world.a.pk])
    first = client.get(url)
    assert first.context["page"].paginator.count == total
    assert len(first.context["events"]) == 50
    html = first.content.decode()
    assert 'class="govuk-pagination"' in html and "page=2" in html
    last = client.get(url, {"page": first.context["page"].paginator.num_pages})
    assert len(last.context["events"]) == total - 50 * (last.context["page"].number - 1)


def test_filters_by_who_what_and_when(world: World) -> None:
    _add(world, 3, actor=world.inspector, action="test.by_inspector")
    _add(world, 2, actor=world.colleague, action="test.by_colleague")
    client = world.client_for("moderator")
    url = reverse("inspections:audit", args=[world.a.pk])
    by_colleague = client.get(url, {"who": world.colleague.pk})
    assert {e.actor for e in by_colleague.context["events"]} == {world.colleague}
    what = client.get(url, {"what": "test.by_inspector"})
    assert what.context["page"].paginator.count == 3
    both = client.get(url, {"what": "test.by_inspector", "who": world.colleague.pk})
    assert both.context["page"].paginator.count == 0 and "Nothing matches the filters." in both.content.decode()
    today = timezone.localdate()
    assert client.get(url, {"what": "test.by_colleague", "since": today.isoformat()}
                      ).context["page"].paginator.count == 2
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    assert client.get(url, {"since": tomorrow}).context["page"].paginator.count == 0
    # Filters are kept on the pager's links.
    _add(world, 60, actor=world.inspector, action="test.by_inspector")
    paged = client.get(url, {"what": "test.by_inspector"}).content.decode()
    assert "what=test.by_inspector&amp;page=2" in paged


def test_a_bad_filter_is_refused_with_a_message(world: World) -> None:
    client = world.client_for("moderator")
    url = reverse("inspections:audit", args=[world.a.pk])
    response = client.get(url, {"since": "2008-04-01", "until": "2008-03-01"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "The last day must be on or after the first day." in html and "<title>Error: " in html
    unknown = client.get(url, {"who": "999999"})
    assert unknown.status_code == 400 and "Select a valid choice" in unknown.content.decode()


def test_the_days_are_typed_as_day_month_and_year_and_an_impossible_one_is_refused(world: World) -> None:
    # The browser's own date control sends nothing for a date it cannot read, so a mistyped day silently
    # showed the whole trail: three boxes send what was typed, and the server says what is wrong.
    _add(world, 2, actor=world.colleague, action="test.by_colleague")
    client = world.client_for("moderator")
    url = reverse("inspections:audit", args=[world.a.pk])
    page = client.get(url).content.decode()
    assert 'type="date"' not in page
    assert 'name="since-day"' in page and 'name="until-year"' in page
    today = timezone.localdate()
    typed = {"since-day": today.day, "since-month": today.month, "since-year": today.year, "what": "test.by_colleague"}
    found = client.get(url, typed)
    assert found.status_code == 200 and found.context["page"].paginator.count == 2
    impossible = client.get(url, {"since-day": "31", "since-month": "2", "since-year": "2026"})
    assert impossible.status_code == 400
    html = impossible.content.decode()
    assert "<title>Error: " in html and "From must be a real date" in html
    assert 'href="#audit-since-day"' in html


def test_the_kinds_of_change_are_named_in_words(world: World) -> None:
    _add(world, 1, actor=world.inspector, action="followup.status_changed")
    html = world.client_for("moderator").get(reverse("inspections:audit", args=[world.a.pk])).content.decode()
    assert '<option value="followup.status_changed">Follow-up: status changed</option>' in html
