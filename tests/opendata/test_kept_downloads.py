"""Open-data downloads kept as files: built once per version of their data, sent with their validators,
304 to a conditional GET, and never stale after a write that changes what they show."""

from __future__ import annotations

import io
import threading
from datetime import date
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from world import World

from inspectorate.frameworks.models import Framework
from inspectorate.inspections import services as inspection_services
from inspectorate.opendata import kept
from inspectorate.practice.models import DevelopingPractice
from inspectorate.recommendations import services as followup_services
from inspectorate.reports.services import publish_report

pytestmark = pytest.mark.django_db

JUDGEMENTS = "/opendata/downloads/judgements.csv"
RECOMMENDATIONS = "/opendata/downloads/recommendations.csv"


def _get(client: Client, url: str, **headers: str) -> tuple[Any, bytes]:
    response = client.get(url, **headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _published(world: World) -> World:
    world.approve_for_publication(world.a)
    publish_report(inspection=world.a, by=world.lead)
    world.a.refresh_from_db()
    return world


@pytest.mark.parametrize("url", [JUDGEMENTS, RECOMMENDATIONS, "/opendata/downloads/national.json"])
def test_a_kept_download_is_sent_with_its_validators_and_answers_304_while_unchanged(
        world: World, client: Client, url: str, django_assert_num_queries: Any) -> None:
    _published(world)
    first, body = _get(client, url)
    assert first.status_code == 200 and first["ETag"].startswith('"') and first["Last-Modified"]
    assert int(first["Content-Length"]) == len(body) > 0
    assert first["Content-Disposition"] == f'attachment; filename="inspectorate-{url.rsplit("/", 1)[1]}"'
    with django_assert_num_queries(1):  # the version, and nothing else: the bytes are the kept file's
        again, same = _get(client, url)
    assert (again.status_code, same, again["ETag"]) == (200, body, first["ETag"])
    for headers in ({"HTTP_IF_NONE_MATCH": first["ETag"]}, {"HTTP_IF_MODIFIED_SINCE": first["Last-Modified"]}):
        with django_assert_num_queries(1):
            not_modified, empty = _get(client, url, **headers)
        assert (not_modified.status_code, empty, not_modified["ETag"]) == (304, b"", first["ETag"])
    assert client.get(url, HTTP_IF_NONE_MATCH='"another-version"').status_code == 200


def test_publication_changes_the_downloads(world: World, client: Client) -> None:
    world.approve_for_publication(world.a)
    before, before_body = _get(client, JUDGEMENTS)
    assert world.force_a.slug not in before_body.decode()
    publish_report(inspection=world.a, by=world.lead)
    after, body = _get(client, JUDGEMENTS)
    assert after["ETag"] != before["ETag"]
    assert f",{world.force_a.slug},{world.force_a.name}," in body.decode()
    assert _get(client, JUDGEMENTS, HTTP_IF_NONE_MATCH=before["ETag"])[0].status_code == 200


def test_a_correction_changes_the_recommendations_download(world: World, client: Client) -> None:
    _published(world)
    rec = world.extra[world.a.pk]["rec"]
    rec.refresh_from_db()
    before, body = _get(client, RECOMMENDATIONS)
    words = "That the force reviews its wording once more."
    inspection_services.update_recommendation(recommendation=rec, text=words, revision=rec.revision, by=world.lead)
    pending, pending_body = _get(client, RECOMMENDATIONS)
    assert words not in pending_body.decode()  # not published yet: the download still shows the published words
    publish_report(inspection=world.a, by=world.lead, change_note="Recommendation 1 reworded.")
    after, corrected = _get(client, RECOMMENDATIONS)
    assert after["ETag"] not in (before["ETag"], pending["ETag"]) and words in corrected.decode()


def test_a_follow_up_update_changes_the_recommendations_download(world: World, client: Client) -> None:
    _published(world)
    rec = world.extra[world.a.pk]["rec"]
    before, body = _get(client, RECOMMENDATIONS)
    row = next(line for line in body.decode().splitlines() if line.startswith(f"{rec.pk},"))
    assert ",open," in row
    followup_services.change_status(follow_up=followup_services.follow_up_for(rec), by=world.lead,
                                    status="superseded", note="Replaced by a national recommendation.")
    after, changed = _get(client, RECOMMENDATIONS)
    row = next(line for line in changed.decode().splitlines() if line.startswith(f"{rec.pk},"))
    assert after["ETag"] != before["ETag"] and ",superseded," in row


def test_a_loader_changes_the_downloads(db: Any, client: Client) -> None:
    call_command("load_library", stdout=io.StringIO())
    before, body = _get(client, "/opendata/downloads/national.json")
    assert before.json()["rows"] == []
    call_command("load_reference", stdout=io.StringIO())
    after = client.get("/opendata/downloads/national.json")
    assert after["ETag"] != before["ETag"] and {row["programme"] for row in after.json()["rows"]} == {"2007"}
    assert "bedfordshire-police" in b"".join(client.get(JUDGEMENTS).streaming_content).decode()


def test_rows_added_in_bulk_without_signals_or_the_audit_trail_change_the_downloads(world: World,
                                                                                   client: Client) -> None:
    """As the benchmark's ``grow`` and the demo loaders add rows: by ``bulk_create``, which sends no signal."""
    before, body = _get(client, "/opendata/downloads/practice.csv")
    DevelopingPractice.objects.bulk_create([DevelopingPractice(
        force=world.force_a, framework=Framework.objects.filter(graded=True).first(), title="Bulk-added example",
        problem="A problem.", solution="A solution.", outcomes="Outcomes.")])
    after, changed = _get(client, "/opendata/downloads/practice.csv")
    assert after["ETag"] != before["ETag"] and "Bulk-added example" in changed.decode()


def test_an_edit_saved_outside_the_services_changes_the_downloads(world: World, client: Client,
                                                                 django_capture_on_commit_callbacks: Any) -> None:
    """An edit in the admin (or a loader's ``update_or_create``) writes no audit event and adds no row."""
    _published(world)
    before, body = _get(client, JUDGEMENTS)
    written = kept._token_file().read_text() if kept._token_file().exists() else ""
    with django_capture_on_commit_callbacks(execute=True):
        world.force_a.name = "Fenshire and Marsh Constabulary"
        world.force_a.save()
    after, changed = _get(client, JUDGEMENTS)
    assert after["ETag"] != before["ETag"] and ",Fenshire and Marsh Constabulary," in changed.decode()
    # Once committed, every other process's version moves too: the token beside the files is renewed.
    assert kept._token_file().read_text() != written


def test_the_next_day_is_another_version(world: World, client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether a recommendation is overdue depends on the day."""
    _published(world)
    rec = world.extra[world.a.pk]["rec"]
    followup_services.set_target_date(follow_up=followup_services.follow_up_for(rec), by=world.lead,
                                      target_date=date(2030, 1, 1))
    today, body = _get(client, RECOMMENDATIONS)
    assert ",2030-01-01,false," in body.decode()
    real = kept.timezone.localdate
    monkeypatch.setattr(kept.timezone, "localdate",
                        lambda value=None, timezone=None: real(value, timezone) if value else date(2099, 1, 1))
    later, overdue = _get(client, RECOMMENDATIONS)
    assert later["ETag"] != today["ETag"] and ",2030-01-01,true," in overdue.decode()


def test_two_first_requests_at_once_each_send_a_whole_file_and_leave_one(media: Any) -> None:
    whole = b"id,title\n" + b"".join(b"%d,Example %d\n" % (n, n) for n in range(50_000))
    both_half_written = threading.Barrier(2)
    seen_while_writing: list[bool] = []
    sent: list[bytes] = []

    def build(out: Any) -> None:
        out.write(whole[: len(whole) // 2])
        out.flush()
        both_half_written.wait(timeout=30)
        seen_while_writing.append(kept.path_of("practice", "csv", "v1").exists())
        out.write(whole[len(whole) // 2:])

    def first_request() -> None:
        with kept.open_or_build("practice", "csv", "v1", build) as file:
            sent.append(file.read())

    requests = [threading.Thread(target=first_request) for _ in range(2)]
    for request in requests:
        request.start()
    for request in requests:
        request.join(timeout=60)
    assert sent == [whole, whole]
    assert False in seen_while_writing  # nothing half-written was ever under the download's name
    assert kept.path_of("practice", "csv", "v1").read_bytes() == whole
    assert [p.name for p in kept.folder().iterdir()] == [kept.path_of("practice", "csv", "v1").name]
