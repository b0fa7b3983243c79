"""A published report's own stylesheet is served at its own address, which the page's Content-Security-Policy
allows as the site's own; nothing wider (no inline style, no nonce)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from world import World

from inspectorate.reports.models import PublishedReport
from inspectorate.reports.selectors import frozen_parts


def _publish(world: World) -> None:
    world.publish(world.a)


def _style_src(response: object) -> str:
    policy = response["Content-Security-Policy"]  # type: ignore[index]
    return next(d for d in policy.split(";") if d.strip().startswith("style-src")).strip()


def test_the_report_links_its_own_stylesheet_which_the_policy_allows_as_the_sites_own(world: World) -> None:
    _publish(world)
    response = Client().get(reverse("reports:report", args=[world.force_a.slug, world.programme.slug]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<style" not in page and "nonce" not in page
    stylesheet = reverse("reports:report_css", args=[world.force_a.slug, world.programme.slug, 1])
    assert re.search(rf'<link rel="stylesheet" href="{re.escape(stylesheet)}">', page)
    assert _style_src(response) == "style-src 'self'"

    css = Client().get(stylesheet)
    assert css.status_code == 200 and css["Content-Type"] == "text/css; charset=utf-8"
    frozen = PublishedReport.objects.get(inspection=world.a, version=1)
    assert css.content.decode() == frozen_parts(frozen.html)[1] and ".inspection-report" in css.content.decode()
    assert "immutable" in css["Cache-Control"]
    again = Client().get(stylesheet, HTTP_IF_NONE_MATCH=css["ETag"])
    assert again.status_code == 304


def test_a_version_that_does_not_exist_has_no_stylesheet(world: World) -> None:
    _publish(world)
    assert Client().get(reverse("reports:report_css", args=[world.force_a.slug, world.programme.slug, 2])
                        ).status_code == 404
