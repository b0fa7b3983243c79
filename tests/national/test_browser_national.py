"""In a real browser (Debian's Chromium): what a moderator, a force liaison and an anonymous visitor see.

Screenshots go to screenshots/ at the repository root (not committed).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from world import load_reference_data, loaded_once, sign_in

from inspectorate.inspections.models import Recommendation
from inspectorate.moderation.demo import load_demo as load_moderation_demo
from inspectorate.practice.demo import load_demo as load_practice_demo
from inspectorate.public.demo import ensure_demo_forces, ensure_demo_users
from inspectorate.recommendations.demo import load_demo as load_followup_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


def _load_demo() -> None:
    load_reference_data()
    ensure_demo_forces()
    ensure_demo_users()
    for load in (load_practice_demo, load_followup_demo, load_moderation_demo):
        load(lambda line: None)


@pytest.fixture
def demo(transactional_db: Any) -> dict[str, Any]:
    """The reference data and the practice, follow-up and moderation demos, each test's own: loaded for
    real by the first test of a process and copied in as the same rows for the others (tests/world.py),
    since the moderation demo alone grades hundreds of criteria through the services."""
    loaded_once("national-browser-demo", _load_demo)
    return {
        "fenshire_open": Recommendation.objects.get(inspection__force__slug="fenshire-constabulary",
                                                    inspection__programme__slug="demo-2006", number=4),
        "wealdmoor": Recommendation.objects.get(inspection__force__slug="wealdmoor-police",
                                                inspection__programme__slug="demo-2006", number=1),
    }


def _sign_in(page: Any, live_server: Any, username: str) -> None:
    sign_in(page, live_server.url, username)


def _shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"national-{name}.png"), full_page=True)


def test_anonymous_visitor(page: Any, live_server: Any, demo: dict[str, Any]) -> None:
    page.goto(f"{live_server.url}/national/2007/")
    assert page.locator("h1").inner_text() == "National summary of judgements: 2007 inspection programme"
    assert "grades held for 1 of 43 forces" in page.locator("#coverage-statement").inner_text()
    row = page.locator("#summary-table tr", has=page.locator("th", has_text="Domestic violence"))
    assert row.locator("td").all_inner_texts()[:9] == ["1", "13", "27", "2", "0", "0", "0", "1", "1 of 43"]
    assert page.locator("svg[role=img]").count() == 6
    assert page.get_by_text("see the final grades").count() == 0
    _shot(page, "anonymous-summary")

    page.goto(f"{live_server.url}/moderation/demo-2008/")
    assert "/accounts/login/" in page.url

    page.goto(f"{live_server.url}/recommendations/")
    assert page.locator("#by-force-table").get_by_text("Bedfordshire Police").count() == 1
    assert page.locator("#synthetic-notice").is_visible()
    _shot(page, "anonymous-tracker")
    page.goto(f"{live_server.url}/recommendations/{demo['fenshire_open'].pk}/")
    assert page.locator("#response-form").count() == 0 and page.locator("#status-form").count() == 0
    assert page.get_by_text("Overdue", exact=True).count() >= 1

    page.goto(f"{live_server.url}/practice/")
    page.get_by_label("Search", exact=True).fill("care homes")
    page.get_by_role("button", name="Search").click()
    assert page.locator("#results").inner_text() == "1 example found"
    assert page.get_by_role("link", name="Missing from care protocol").is_visible()
    assert page.get_by_text("has not been independently evaluated").is_visible()
    _shot(page, "anonymous-practice")

    page.goto(f"{live_server.url}/api/")
    assert page.get_by_role("link", name="API documentation").is_visible()
    _shot(page, "anonymous-open-data")


def test_moderator(page: Any, live_server: Any, demo: dict[str, Any]) -> None:
    _sign_in(page, live_server, "moderator")
    page.goto(f"{live_server.url}/national/")
    page.get_by_role("link", name="Moderate the 2008 demonstration programme (made-up forces)").click()
    assert page.locator("h1").inner_text() == "Moderation: overrides and decisions"
    decisions = page.locator("#decisions")
    assert "the new neighbourhood model was in place" in decisions.inner_text()
    assert "Judgement required" in decisions.inner_text()
    _shot(page, "moderator-decisions")
    page.get_by_role("link", name="Inconsistencies").click()
    assert page.locator("#inconsistency-count").inner_text() == "1 inconsistency found."
    _shot(page, "moderator-inconsistencies")
    page.get_by_role("link", name="Against the previous programme").click()
    table = page.locator("#comparison-neighbourhood-policing")
    assert "2007 inspection programme: published" in table.inner_text()
    _shot(page, "moderator-comparison")
    page.goto(f"{live_server.url}/national/demo-2008/?grades=final")
    assert page.locator("#synthetic-forces").is_visible()
    _shot(page, "moderator-final-grades")


def test_force_liaison(page: Any, live_server: Any, demo: dict[str, Any], tmp_path: Path) -> None:
    _sign_in(page, live_server, "liaison")  # Fenshire Constabulary
    own = demo["fenshire_open"]
    page.goto(f"{live_server.url}/recommendations/{own.pk}/")
    assert page.locator("#status-form").count() == 0  # discharging is the inspectorate's

    bad = tmp_path / "tool.exe"
    bad.write_bytes(b"MZ\x90\x00")
    page.get_by_label("The force's response").fill("Audits now run every quarter.")
    page.get_by_label("Evidence files").set_input_files(str(bad))
    page.get_by_role("button", name="Record the response").click()
    refusal = "“tool.exe” is a .exe file, which is not accepted as evidence."
    assert refusal in page.locator("#response-form").inner_text()
    _shot(page, "liaison-refused-file")

    evidence = tmp_path / "audit-summary.csv"
    evidence.write_text("quarter,records audited\n2007 Q2,120\n")
    page.get_by_label("The force's response").fill("Audits now run every quarter.")
    page.get_by_label("Evidence files").set_input_files(str(evidence))
    page.get_by_label("Progress the force reports").select_option("implemented")
    page.get_by_role("button", name="Record the response").click()
    assert page.get_by_text("The force's response has been recorded.").is_visible()
    assert page.locator("#status").inner_text() == "Implemented"
    assert page.get_by_role("link", name="audit-summary.csv").is_visible()
    _shot(page, "liaison-responded")

    page.goto(f"{live_server.url}/recommendations/{demo['wealdmoor'].pk}/")
    assert page.locator("#response-form").count() == 0
    page.goto(f"{live_server.url}/moderation/demo-2008/")
    assert "403" in page.title() or page.locator("h1").inner_text() != "Moderation: overrides and decisions"
