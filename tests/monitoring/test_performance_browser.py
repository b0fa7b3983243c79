"""In Chromium: an inspector opens a force's monitoring page and sees its SPC charts with the signals
marked by rule, then acts on a signal without a page reload."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from inspectorate.monitoring import services
from inspectorate.monitoring.models import Signal, SignalStatus

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
NOTICE = "Made-up demonstration data: the forces and figures are made up."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_inspector_sees_the_forces_spc_charts_with_signals_marked(live_server, page: Page, declining, people,
                                                                      password, sign_in) -> None:
    services.run_monitoring()
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server.url, people["inspector"].username, password)
    page.goto(live_server.url + reverse("performance:force", args=["kestrelshire-constabulary"]))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kestrelshire Constabulary: performance monitoring")
    expect(page.get_by_role("note").first).to_contain_text(NOTICE)

    expect(page.locator("svg.spc-chart")).to_have_count(2)
    chart = page.get_by_role("img", name="SPC chart: Burglary per 1,000 people, Kestrelshire Constabulary")
    expect(chart).to_be_visible()
    # The injected decline: a shift and points beyond the upper limit, marked by rule, red for a deterioration.
    shift = chart.locator('[data-rule="shift"].mark-deterioration')
    beyond = chart.locator('[data-rule="outside_limits"].mark-deterioration')
    assert shift.count() >= 7 and beyond.count() >= 1
    expect(shift.first).to_be_visible()
    expect(beyond.first).to_be_visible()
    assert shift.first.evaluate("e => e.tagName") == "rect" and beyond.first.evaluate("e => e.tagName") == "path"
    expect(chart.locator("[data-legend-rule]")).to_have_count(4)
    expect(chart.locator("text.synthetic-note")).to_have_text(NOTICE)
    assert chart.locator("circle.signal-point-deterioration").count() >= 7
    for line in ("limit.upper", "limit.lower", "two-sigma.upper", "mean"):
        assert chart.locator(f"polyline.{line}").count() == 1
    # The peer funnel plot with this force highlighted as beyond the 99.8% limit.
    funnel = page.locator("svg#funnel-synthetic-burglary-rate")
    expect(funnel.locator('circle.this-force[data-rule="peer_outlier_998"]')).to_have_count(1)
    expect(funnel.locator("circle.peer")).not_to_have_count(0)
    # The chart's table alternative.
    section = page.locator("#indicator-synthetic-burglary-rate")
    section.get_by_text("The control chart's figures as a table").click()
    expect(section.get_by_role("row", name="June 2021")).to_contain_text("Point beyond a control limit (deterioration)")
    SCREENSHOTS.mkdir(exist_ok=True)
    section.get_by_text("The control chart's figures as a table").click()
    page.evaluate("document.activeElement.blur()")
    page.screenshot(path=str(SCREENSHOTS / "force-monitoring.png"), full_page=True)

    # Act on a signal from the list: the row changes in place (HTMX), no page reload.
    page.goto(live_server.url + reverse("performance:signals") + "?force=kestrelshire-constabulary&rule=shift")
    page.evaluate("window.notReloaded = true")
    row = page.locator("#signals-table tbody tr").first
    row.get_by_role("button", name="Mark reviewed").click()
    expect(page.locator("#signals-table tbody tr").first).to_contain_text("marked reviewed")
    assert page.evaluate("window.notReloaded") is True
    assert Signal.objects.filter(force__slug="kestrelshire-constabulary", rule="shift",
                                 status=SignalStatus.REVIEWED).count() == 1
