"""In Chromium: the derived grade follows the assessments without a reload; an override needs a rationale."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_grade_follows_the_assessments_and_an_override_needs_a_rationale(
    live_server, page: Page, password, inspection, inspector, lead, fair_profile, sign_in
) -> None:
    url = live_server.url + reverse("assessment:framework", kwargs={"pk": inspection.pk,
                                                                   "framework_key": "neighbourhood-policing"})
    page.set_viewport_size({"width": 1400, "height": 1000})
    sign_in(page, live_server.url, inspector.username, password)
    page.goto(url)
    panel = page.locator("#grade-panel-body")
    expect(panel).to_contain_text("Fair")
    expect(panel.locator(".reasons li").first).to_have_text("Fair: all 4 significant Fair criteria are met.")
    page.evaluate("window.notReloaded = true")  # a full page load would forget this

    # One significant Fair criterion not met: the rules can no longer decide.
    with page.expect_response(lambda r: "/criteria/NP-F2/" in r.url):
        page.get_by_label("Assessment of NP-F2").select_option("not_met")
    expect(page.locator("#criterion-NP-F2-status")).to_contain_text("Saved: NP-F2 is not met.")
    expect(panel).to_contain_text(
        "Judgement required: the rules cannot decide between Fair and Poor; "
        "the lead inspector must choose and write why.")
    expect(panel.locator(".reasons li").first).to_contain_text("Judgement required")
    expect(panel.locator(".counts")).to_contain_text("Significant Fair criteria not met1 of 4")
    # The same row again: the revision came back out of band, so this is not refused as stale.
    with page.expect_response(lambda r: "/criteria/NP-F2/" in r.url):
        page.get_by_label("Rationale for NP-F2").fill("No chief officer is accountable; no plan.")
        page.get_by_label("Rationale for NP-F2").blur()
    expect(page.locator("#criterion-NP-F2-status")).to_contain_text("Saved: NP-F2 is not met.")
    expect(page.locator("#criterion-NP-F2-status")).not_to_contain_text("changed under you")

    # A second: Poor by the share rule, with the counts behind it.
    with page.expect_response(lambda r: "/criteria/NP-F4/" in r.url):
        page.get_by_label("Assessment of NP-F4").select_option("not_met")
    expect(panel.locator(".verdict")).to_contain_text("Poor")
    expect(panel.locator(".reasons li").first).to_contain_text(
        "Poor: 2 of 4 significant Fair criteria are not met (NP-F2, NP-F4)")
    assert page.evaluate("window.notReloaded") is True
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "assessment.png"))

    # The lead: an override of the rule-derived Poor without a rationale is refused, then accepted with one.
    sign_in(page, live_server.url, lead.username, password)
    page.goto(url)
    page.evaluate("window.notReloaded = true")
    page.get_by_label("Final grade").select_option("Fair")
    page.get_by_label("Rationale", exact=True).fill("")
    page.get_by_role("button", name="Set the final grade").click()
    status = page.locator("#judgement-status")
    expect(status).to_contain_text("The final grade Fair differs from the rule-derived grade Poor: write why.")
    expect(page.locator("#judgement-summary")).to_contain_text("Not set")
    page.locator("#judgement").screenshot(path=str(SCREENSHOTS / "assessment-override-refused.png"))
    page.get_by_label("Rationale", exact=True).fill("Both gaps are closing under a funded plan seen in fieldwork.")
    page.get_by_role("button", name="Set the final grade").click()
    expect(status).to_contain_text("Final grade set: Fair.")
    expect(page.locator("#judgement-summary .govuk-tag")).to_have_text(["Poor", "Fair", "Overrides the rules"])
    assert page.evaluate("window.notReloaded") is True
