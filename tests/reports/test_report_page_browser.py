"""In a browser: the published report's own stylesheet, at its own address, applies under the page's
Content-Security-Policy, and the browser reports no violation."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import ConsoleMessage, Page
from world import build_world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_report_stylesheet_applies_without_a_policy_violation(live_server: Any, page: Page) -> None:
    world = build_world()
    world.publish(world.a)
    console: list[str] = []

    def note(message: ConsoleMessage) -> None:
        console.append(message.text)

    page.on("console", note)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(live_server.url + reverse("reports:report", args=[world.force_a.slug, world.programme.slug]))
    # report.css, and nothing of the site's own, sets the report's measure: 48rem.
    width = page.locator(".inspection-report").first.evaluate("e => getComputedStyle(e).maxWidth")
    assert width == "768px"
    assert not [text for text in console if "Content Security Policy" in text or "Content-Security-Policy" in text]
