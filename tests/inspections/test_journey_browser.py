"""The whole journey in Chromium, one person after another, with a screenshot of each main page.

An inspector records evidence with a file; a second inspector verifies it; the inspector assesses
the significant criteria on the assessment page and sees the derived grade; drafts a finding and a
recommendation; the lead sets the final grade and takes the draft through moderation to the force;
the force's liaison officer reads the draft (no grades) and comments; the liaison officer of another
force is refused it; an inspector resolves the comment; the lead requests publication, a moderator
approves it and the lead publishes; an anonymous visitor reads the report and downloads the PDF.

The programme here has two frameworks, Neighbourhood Policing (graded) and the PVP overview
(ungraded), so that every step is done in the browser.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect
from world import PASSWORD, World, assess_met_in_browser, build_world, sign_in

from inspectorate.inspections.models import EvidenceItem, FactualAccuracyComment, Inspection, State
from inspectorate.reports.models import PublishedReport

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class Journey:
    def __init__(self, page: Page, base: str, world: World) -> None:
        self.page, self.base, self.world = page, base, world
        SCREENSHOTS.mkdir(exist_ok=True)

    def sign_in(self, who: str) -> None:
        sign_in(self.page, self.base, self.world.users[who].username, PASSWORD)

    def sign_out(self) -> None:
        self.page.context.clear_cookies()

    def go(self, name: str, *args: Any) -> None:
        self.page.goto(self.base + reverse(name, args=args))

    def shot(self, name: str) -> None:
        self.page.screenshot(path=str(SCREENSHOTS / f"workspace-{name}.png"), full_page=True)

    def one_h1(self) -> None:
        expect(self.page.locator("h1")).to_have_count(1)


@pytest.fixture
def journey_world(transactional_db: Any, media: Any) -> World:
    world = build_world(State.FIELDWORK, keys=["neighbourhood-policing", "pvp-overview"], populated=False)
    return world


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_whole_journey(live_server: Any, page: Page, journey_world: World, tmp_path: Path) -> None:
    world = journey_world
    a = world.a
    page.set_viewport_size({"width": 1280, "height": 900})
    j = Journey(page, live_server.url, world)
    np = world.programme.frameworks.get(key="neighbourhood-policing")
    significant = list(np.criteria.filter(significant=True).order_by("order").values_list("code", flat=True))

    # 1. The inspector records evidence bearing on the significant criteria, with a file.
    j.sign_in("inspector")
    j.go("inspections:mine")
    j.one_h1()
    j.shot("01-my-inspections")
    page.get_by_role("link", name="Fenshire Constabulary", exact=True).click()
    expect(page.locator("h1")).to_have_text("Inspection of Fenshire Constabulary")
    expect(page.get_by_role("note")).to_contain_text("Made-up demonstration data")
    j.shot("02-overview")
    page.get_by_role("link", name="Evidence log").click()
    page.get_by_label("Kind of source", exact=True).select_option("interview")
    page.get_by_label("Summary", exact=True).fill("Interview with the Saltby neighbourhood inspector (made up).")
    date = page.get_by_role("group", name="Date")
    date.get_by_label("Day").fill("14")
    date.get_by_label("Month").fill("3")
    date.get_by_label("Year").fill("2009")
    page.locator("summary", has_text="Neighbourhood Policing").click()
    for code in significant:
        page.get_by_label(re.compile(rf"^{code} ")).check()
    pdf = tmp_path / "interview-notes.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Attach a file (optional)", exact=True).set_input_files(str(pdf))
    page.get_by_role("button", name="Record evidence").click()
    expect(page.locator(".message-success")).to_contain_text("Evidence recorded")
    expect(page.locator("table.evidence-log")).to_contain_text("Another inspector must verify it.")
    j.shot("03-evidence-log")
    item = EvidenceItem.objects.get(inspection=a)
    assert item.attachment.name.endswith(".pdf")

    # A file of the wrong type is refused, saying why.
    page.get_by_label("Kind of source", exact=True).select_option("document")
    page.get_by_label("Summary", exact=True).fill("A spreadsheet macro.")
    date = page.get_by_role("group", name="Date")
    date.get_by_label("Day").fill("15")
    date.get_by_label("Month").fill("3")
    date.get_by_label("Year").fill("2009")
    bad = tmp_path / "macro.exe"
    bad.write_bytes(b"MZ")
    page.get_by_label("Attach a file (optional)", exact=True).set_input_files(str(bad))
    page.get_by_role("button", name="Record evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "“macro.exe” is a .exe file, which is not accepted as evidence")
    expect(page.locator(".govuk-error-summary")).to_be_focused()

    # 2. A second inspector verifies it (HTMX replaces the row in place).
    j.sign_in("colleague")
    j.go("inspections:evidence", a.pk)
    page.evaluate("window.notReloaded = true")
    page.get_by_role("button", name="Verify this evidence").click()
    expect(page.locator(f"#evidence-{item.pk}")).to_contain_text("Verified")
    expect(page.locator(f"#evidence-{item.pk}")).to_contain_text("by Cal Colleague")
    assert page.evaluate("window.notReloaded") is True

    # 3. The inspector assesses the significant criteria and sees the derived grade.
    j.sign_in("inspector")
    j.go("inspections:overview", a.pk)
    page.get_by_role("link", name="Criteria and grade of Neighbourhood Policing").click()
    for code in significant:
        assess_met_in_browser(page, code, "Seen in the interview, and verified.")
    expect(page.locator("#grade-panel-body")).to_contain_text("Fair")
    j.shot("04-assessment")

    # 4. The inspector drafts a finding and raises a recommendation from it.
    j.go("inspections:findings", a.pk, "neighbourhood-policing")
    page.get_by_label("Category", exact=True).select_option("area_for_improvement")
    page.get_by_label("Text", exact=True).fill("Problem solving with partners was seldom recorded (made-up finding).")
    page.get_by_role("button", name="Add the finding").click()
    expect(page.locator(".message-success")).to_contain_text("Finding added.")
    page.get_by_role("link", name="Raise a recommendation from this finding").click()
    page.get_by_label("Recommendation", exact=True).fill(
        "That the force records joint problem solving with its partners.")
    page.get_by_role("button", name="Raise the recommendation").click()
    expect(page.locator(".recommendation")).to_contain_text("Recommendation 1")
    j.shot("05-findings")

    # 5. The lead: drafting, the final grade, moderation, then the draft to the force.
    j.sign_in("lead")
    j.go("inspections:overview", a.pk)
    page.get_by_role("button", name="Start drafting the report").click()
    expect(page.locator(".message-success")).to_contain_text("now at drafting")
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.locator(".message-error")).to_contain_text(
        "Cannot submit the draft for moderation: Neighbourhood Policing has no final grade.")
    j.go("assessment:framework", a.pk, "neighbourhood-policing")
    page.get_by_label("Final grade").select_option("Fair")
    page.get_by_role("button", name="Set the final grade").click()
    expect(page.locator("#judgement-status")).to_contain_text("Final grade set: Fair.")
    j.go("inspections:overview", a.pk)
    page.get_by_role("button", name="Submit for moderation").click()
    expect(page.locator(".message-success")).to_contain_text("now at moderation")
    page.get_by_role("button", name="Send the draft to the force").click()
    expect(page.locator(".message-success")).to_contain_text("now at factual-accuracy check")
    j.shot("06-overview-at-the-check")
    j.go("inspections:board")
    j.one_h1()
    j.shot("07-programme-board")

    # 6. The force's liaison officer reads the draft (no grade) and comments on a paragraph.
    j.sign_in("liaison_a")
    j.go("inspections:mine")
    page.get_by_role("link", name="Fenshire Constabulary", exact=True).click()
    expect(page.locator("h1")).to_have_text("Draft report: Fenshire Constabulary")
    expect(page.locator("main")).not_to_contain_text("Fair")
    expect(page.locator(".grade")).to_have_count(0)
    j.shot("08-draft-for-the-force")
    page.get_by_role("link", name=re.compile("Comment on this paragraph")).first.click()
    page.get_by_label("Your comment", exact=True).fill(
        "Partners' meetings are minuted monthly; the records exist (made up).")
    page.get_by_role("button", name="Send the comment").click()
    expect(page.locator(".message-success")).to_contain_text("Your comment has been sent")
    assert FactualAccuracyComment.objects.filter(inspection=a, resolved_at__isnull=True).count() == 1

    # 7. The liaison officer of another force is refused the draft, and its workspace.
    j.sign_in("liaison_b")
    response = page.goto(live_server.url + reverse("inspections:draft", args=[a.pk]))
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    expect(page.locator("main")).not_to_contain_text("Problem solving")
    j.shot("09-other-force-refused")
    assert page.goto(live_server.url + reverse("inspections:overview", args=[a.pk])).status == 404

    # 8. An inspector resolves the comment.
    j.sign_in("inspector")
    j.go("inspections:comments", a.pk)
    expect(page.locator("main")).to_contain_text("1 unresolved")
    page.get_by_label("How it was resolved", exact=True).fill("Checked the minutes; the paragraph now says so.")
    page.get_by_role("button", name="Resolve the comment").click()
    expect(page.locator(".message-success")).to_contain_text("resolved")
    j.shot("10-comments")

    # 9. The lead requests publication; a moderator approves; the lead publishes.
    j.sign_in("lead")
    j.go("inspections:publication", a.pk)
    expect(page.locator(".govuk-warning-text")).to_contain_text("the lead inspector has not requested publication")
    page.get_by_role("button", name="Request publication").click()
    expect(page.locator(".message-success")).to_contain_text("Publication requested")
    j.sign_in("moderator")
    j.go("inspections:publication", a.pk)
    page.get_by_role("button", name="Approve publication").click()
    expect(page.locator(".message-success")).to_contain_text("Publication approved")
    j.shot("11-publication-approved")
    j.sign_in("lead")
    j.go("inspections:publication", a.pk)
    expect(page.locator("main")).to_contain_text("Nothing blocks publication.")
    page.get_by_role("button", name="Publish the report").click()
    expect(page.locator("main")).to_contain_text("Version 1")
    j.shot("12-published")
    a.refresh_from_db()
    assert a.state == State.PUBLISHED
    j.go("inspections:audit", a.pk)
    expect(page.locator("table.audit")).to_contain_text("Report version 1 published")
    j.shot("13-audit-trail")

    # 10. An anonymous visitor reads the report and downloads the PDF.
    j.sign_out()
    j.go("reports:report", world.force_a.slug, world.programme.slug)
    expect(page.locator("main")).to_contain_text("Problem solving with partners was seldom recorded")
    expect(page.locator("main")).to_contain_text("Made-up demonstration data")
    expect(page.locator("main")).to_contain_text("RECOMMENDATION 1", ignore_case=True)
    j.shot("14-published-report")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download the report")).click()
    pdf_path = tmp_path / "report.pdf"
    download.value.save_as(pdf_path)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert pdf_path.read_bytes() == bytes(PublishedReport.objects.get(inspection=a, version=1).pdf)
    page.get_by_role("link", name=re.compile("All versions")).click()
    expect(page.locator("h1")).to_contain_text("Inspection report: Fenshire Constabulary")
    j.shot("15-versions")
    # Nothing of B is public.
    assert page.goto(live_server.url + reverse("reports:report", args=[world.force_b.slug, world.programme.slug])
                     ).status == 404
    assert Inspection.objects.get(pk=world.b.pk).state == State.FIELDWORK
