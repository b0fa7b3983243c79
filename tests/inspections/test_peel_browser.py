"""In Chromium: a PEEL programme end to end, graded by library/models/peel-2025.yaml.

An inspector assesses a core question's characteristics of good and sees a five-tier grade with
its reasons and the scale explained; records a cause of concern and raises its recommendation,
and the grade becomes Inadequate, saying why; the lead sets the final grades and takes the report
through moderation and the force's check to publication; the public read the published report,
its cause of concern and recommendation; the force's liaison officer finds the response due 56
days after publication and answers it, and the page says the response came within the 56 days.
Everything about the force and the programme is made up.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect
from world import PASSWORD, World, assess_met_in_browser, build_peel_world, sign_in

from inspectorate.inspections.judgement.services import assess_criterion
from inspectorate.inspections.models import EvidenceItem, Inspection, State
from inspectorate.recommendations.models import FollowUp

RP, PV = "peel-responding-to-the-public", "peel-protecting-vulnerable-people"
CONCERN = "High-risk domestic abuse cases wait days for a specialist review (made up)."
RECOMMENDATION = "That the force reviews every high-risk domestic abuse case within one working day."


@pytest.fixture
def peel_world(transactional_db: Any, media: Any) -> World:
    world = build_peel_world(State.FIELDWORK)
    for key in (RP, PV):
        framework = world.programme.frameworks.get(key=key)
        item = EvidenceItem.objects.create(
            inspection=world.a, source_kind="record_audit", date=datetime.date(2026, 2, 9),
            summary=f"{framework.display_title}: dip sample of 40 incidents (made up).",
            collected_by=world.inspector, verified_by=world.colleague, verified_at=timezone.now())
        item.criteria.set(framework.criteria.all())
        if key == RP:  # the second core question is assessed already: 4 of 5 shown
            for n, criterion in enumerate(framework.criteria.order_by("order")):
                assess_criterion(inspection=world.a, criterion=criterion, value="not_met" if n == 4 else "met",
                                 rationale="Seen in the dip sample (made up).", evidence_ids=[item.pk],
                                 by=world.inspector, revision=0)
    return world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_peel_programme_end_to_end(live_server: Any, page: Page, peel_world: World) -> None:
    world, a = peel_world, peel_world.a
    page.set_viewport_size({"width": 1400, "height": 1000})

    def go(name: str, *args: Any) -> None:
        page.goto(live_server.url + reverse(name, args=args))

    def as_(who: str) -> None:
        sign_in(page, live_server.url, world.users[who].username, PASSWORD)

    # 1. The inspector shows every characteristic of good of a core question: Good, explained.
    as_("inspector")
    go("assessment:framework", a.pk, PV)
    panel = page.locator("#grade-panel-body")
    for code in ("PV-1", "PV-2", "PV-3", "PV-4"):
        assess_met_in_browser(page, code, "Seen in the dip sample (made up).")
    expect(panel.locator(".reasons li").first).to_have_text(
        "Good: 4 of 4 characteristics of good are shown, at least 80%.")
    expect(panel.locator(".reasons li").nth(1)).to_contain_text("Outstanding not reached")
    scale = panel.locator(".grade-scale")
    expect(scale.locator(".grade")).to_have_text(
        ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"])
    expect(scale).to_contain_text("The inspectorate has at least one cause of concern.")
    expect(page.locator("main")).not_to_contain_text("Evidence for Excellent")

    # 2. A cause of concern, with its recommendation: the grade becomes Inadequate, saying why.
    go("inspections:findings", a.pk, PV)
    category = page.get_by_label("Category", exact=True)
    expect(category.locator("option")).to_have_text(
        ["Causes of concern", "Accelerated causes of concern", "Areas for improvement", "Innovative practice"])
    category.select_option("cause_of_concern")
    page.get_by_label("Text", exact=True).fill(CONCERN)
    page.get_by_role("button", name="Add the finding").click()
    expect(page.locator(".message-success")).to_contain_text("Finding added.")
    page.get_by_role("link", name="Raise a recommendation from this finding").click()
    page.get_by_label("Recommendation", exact=True).fill(RECOMMENDATION)
    page.get_by_role("button", name="Raise the recommendation").click()
    expect(page.locator(".recommendation")).to_contain_text("Recommendation 1")
    go("assessment:framework", a.pk, PV)
    expect(panel.locator(".verdict .grade")).to_have_text("Inadequate")
    expect(panel.locator(".grade-inadequate").first).to_be_visible()
    expect(panel.locator(".reasons li").first).to_have_text(
        f"Inadequate: 1 cause of concern: CC1 ({CONCERN.rstrip('.')}).")

    # 3. The lead sets the final grades from the five-tier scale and takes the report to the force.
    as_("lead")
    go("inspections:overview", a.pk)
    page.get_by_role("button", name="Start drafting the report").click()
    expect(page.locator(".message-success")).to_contain_text("now at drafting")
    for key, grade in ((PV, "Inadequate"), (RP, "Good")):
        go("assessment:framework", a.pk, key)
        expect(page.get_by_label("Final grade").locator("option")).to_have_text(
            ["Choose a grade", "Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"])
        page.get_by_label("Final grade").select_option(grade)
        page.get_by_role("button", name="Set the final grade").click()
        expect(page.locator("#judgement-status")).to_contain_text(f"Final grade set: {grade}.")
    go("inspections:overview", a.pk)
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.locator(".message-success")).to_contain_text("now at moderation")
    page.get_by_role("button", name="Send the draft to the force").click()
    expect(page.locator(".message-success")).to_contain_text("now at factual-accuracy check")

    # 4. Publication: the lead requests it, a moderator approves, the lead publishes.
    go("inspections:publication", a.pk)
    page.get_by_role("button", name="Request publication").click()
    expect(page.locator(".message-success")).to_contain_text("Publication requested")
    as_("moderator")
    go("inspections:publication", a.pk)
    page.get_by_role("button", name="Approve publication").click()
    expect(page.locator(".message-success")).to_contain_text("Publication approved")
    as_("lead")
    go("inspections:publication", a.pk)
    page.get_by_role("button", name="Publish the report").click()
    expect(page.locator("main")).to_contain_text("Version 1")
    assert Inspection.objects.get(pk=a.pk).state == State.PUBLISHED

    # 5. The public read the report: the grade, the cause of concern and its recommendation.
    page.context.clear_cookies()
    go("reports:report", world.force_a.slug, world.programme.slug)
    main = page.locator("main")
    expect(main).to_contain_text("Made-up demonstration data")
    expect(main.locator(".grade-inadequate").first).to_have_text("Inadequate")
    expect(main.locator(".causes-of-concern")).to_contain_text(CONCERN)
    expect(main.locator(".causes-of-concern")).to_contain_text(RECOMMENDATION)

    # 6. The force's response is due 56 days after publication; its liaison officer answers in time.
    follow_up = FollowUp.objects.get(recommendation__inspection=a)
    due = timezone.localdate() + datetime.timedelta(days=56)
    assert follow_up.target_date == due
    as_("liaison_a")
    go("followup:detail", follow_up.recommendation.pk)
    expect(page.locator("#target-date")).to_have_text(f"{due.day} {due:%B %Y}")
    expect(page.locator("#response-deadline")).to_have_text(
        "The police and crime commissioner is to publish a response to the report within 56 days of "
        "publication of the report.")
    page.get_by_label("The force's response", exact=True).fill(
        "Two specialist reviewers now work the daytime rota; high-risk cases are reviewed the next working day "
        "(made up).")
    page.get_by_label("Progress the force reports", exact=True).select_option("in_progress")
    page.get_by_role("button", name="Record the response").click()
    expect(page.locator("#response-deadline")).to_contain_text(re.compile(r"Responded on .*, within the 56 days\."))
    expect(page.locator("#status")).to_contain_text("In progress")
    go("followup:list")
    expect(page.locator("main")).to_contain_text(f"{due.day} {due:%B %Y}")
