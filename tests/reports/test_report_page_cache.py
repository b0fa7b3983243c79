"""The report page an anonymous reader gets is rendered once per version and then sent as kept: the same
bytes for everyone not signed in, holding nothing of the request; signed-in readers and a reader with a
message waiting get a page of their own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.http import http_date
from world import World

from inspectorate.reports.models import PublishedReport
from inspectorate.reports.views import report_versions


def _publish(world: World) -> str:
    world.publish(world.a)
    return reverse("reports:report", args=[world.force_a.slug, world.programme.slug])


def test_anonymous_readers_get_the_same_bytes_with_no_token_or_nonce(
        world: World, django_assert_num_queries: Callable[..., Any]) -> None:
    url = _publish(world)
    first = Client().get(url)
    with django_assert_num_queries(1):  # the validators only: nothing is read or rendered again
        second = Client().get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first["ETag"] == second["ETag"] and second["Content-Type"] == "text/html; charset=utf-8"
    page = second.content.decode()
    assert "Problem solving with partners is not yet routine." in page
    assert "csrf" not in page.lower() and "nonce" not in page
    assert "csrftoken" not in second.cookies and "nonce-" not in second["Content-Security-Policy"]
    # The conditional GET is answered as before.
    assert Client().get(url, HTTP_IF_NONE_MATCH=second["ETag"]).status_code == 304


def test_a_new_version_changes_what_is_served(world: World) -> None:
    url = _publish(world)
    before = Client().get(url)
    response = world.client_for("lead").post(reverse("inspections:publish_correction", args=[world.a.pk]),
                                             {"change_note": "Paragraph on problem solving corrected."})
    assert response.status_code == 302
    after = Client().get(url)
    assert after.content != before.content and after["ETag"] != before["ETag"]
    assert "Version 2, added" in after.content.decode()
    first = Client().get(reverse("reports:report_version", args=[world.force_a.slug, world.programme.slug, 1]))
    assert "This is not the latest version." in first.content.decode()


def test_a_signed_in_reader_sees_their_own_header(world: World) -> None:
    url = _publish(world)
    anonymous = Client().get(url).content.decode()
    assert "Sign in" in anonymous
    lead = world.client_for("lead").get(url).content.decode()
    assert str(world.lead) in lead and "Sign out" in lead and 'X-CSRFToken' in lead
    inspector = world.client_for("inspector").get(url).content.decode()
    assert str(world.users["inspector"]) in inspector and str(world.lead) not in inspector
    assert Client().get(url).content.decode() == anonymous


def test_a_pending_message_is_shown_then_the_kept_page_is_served_again(world: World) -> None:
    url = _publish(world)
    kept = Client().get(url).content
    request = RequestFactory().get(url)
    storage = CookieStorage(request)
    storage.add(messages.SUCCESS, "You have signed out.")
    carrier = HttpResponse()
    storage.update(carrier)
    reader = Client()
    reader.cookies[storage.cookie_name] = carrier.cookies[storage.cookie_name].value
    shown = reader.get(url)
    assert "You have signed out." in shown.content.decode() and shown.content != kept
    # Shown once: the next page is the one kept for everyone.
    assert reader.get(url).content == kept


def test_the_validators_statement_agrees_with_the_orm(world: World) -> None:
    url = _publish(world)
    world.client_for("lead").post(reverse("inspections:publish_correction", args=[world.a.pk]),
                                  {"change_note": "Paragraph on problem solving corrected."})
    expected = list(PublishedReport.objects.filter(inspection=world.a).order_by("-version")
                    .values_list("version", "sha256", "published_at"))
    assert len(expected) == 2
    assert report_versions(world.force_a.slug, world.programme.slug) == expected
    assert report_versions(world.force_b.slug, world.programme.slug) == []
    assert Client().get(url)["Last-Modified"] == http_date(expected[0][2].timestamp())
