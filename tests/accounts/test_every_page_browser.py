"""Every page of the access matrix's URL list in a real browser, at 1280 and 390 pixels wide.

Each page is opened as a role that may see it (the public pages also anonymously), in one browser
with one context per role (signed in by a session cookie made by Django, not through the form).
On each page, at both widths: no axe-core violation of serious or critical impact, no sideways
scrolling, every aria-describedby and label ``for`` naming an element that exists, and no id used
twice. Screenshots of the main pages at both widths go to screenshots/ (not committed).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from test_access_matrix import (
    EXPECTED,
    ROLES,
    Context,
    application_urls,
    default_kwargs,
    prepare,
)
from world import build_world

from inspectorate.inspections.models import State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
WIDTHS = (1280, 390)
# The role a page is seen as, most preferred first: the lead sees the most of an inspection.
PREFERENCE = ("lead", "moderator", "admin", "liaison_a", "inspector", "inspector_b", "liaison_b", "anonymous")
# Pages that differ by who reads them, seen as these roles too.
ALSO_AS = {"inspections:mine": ["liaison_a"], "followup:detail": ["liaison_a"], "inspections:draft": ["liaison_a"]}
# Pages that are not HTML for a person (files, data, the API) or not pages at all.
NOT_PAGES = ("api:", "healthz", "opendata:download", "reports:report_pdf", "reports:report_json",
             "reports:report_text", "inspections:evidence_attachment", "followup:evidence", "jobs:status",
             "performance:signals_csv")
SCREENSHOT_PAGES = {"home", "public:force", "national:index", "followup:list", "followup:detail",
                    "inspections:overview", "inspections:evidence", "inspections:findings", "inspections:audit",
                    "inspections:draft", "inspections:mine", "inspections:board", "performance:signals",
                    "practice:list", "reports:report", "login", "public:accessibility"}

CHECKS = """() => {
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const seen = new Set(), duplicates = new Set();
  for (const id of ids) { if (seen.has(id)) duplicates.add(id); seen.add(id); }
  const missing = [];
  for (const el of document.querySelectorAll('[aria-describedby]'))
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean))
      if (!document.getElementById(id)) missing.push(`aria-describedby=${id}`);
  for (const el of document.querySelectorAll('label[for]'))
    if (!document.getElementById(el.htmlFor)) missing.push(`label for=${el.htmlFor}`);
  return {duplicates: [...duplicates], missing,
          scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth};
}"""

# Colours do not change with the width, so colour contrast (axe's slowest rule) is checked at the
# first width only; every other rule runs at both.
AXE_RUN = """async (contrast) => {
  const result = await axe.run(document, {resultTypes: ['violations'],
                                          rules: {'color-contrast': {enabled: contrast}}});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
}"""


def pages_to_visit(world: Any, state: str) -> list[tuple[str, str, str]]:
    """(url name, url, role) for every GET page of the matrix, each as a role that may see it."""
    visits = []
    for name, kwarg_names in application_urls():
        if name.startswith(NOT_PAGES):
            continue
        for rule in EXPECTED.get(name, []):
            if rule.method != "GET":
                continue
            target, inspection = ("A", world.a) if rule.targeted else ("-", None)
            allowed = rule.expected(state)
            roles = [role for role in PREFERENCE if f"{role}@{target}" in allowed]
            if not roles and rule.targeted:  # seen only from the other side
                target, inspection = "B", world.b
                roles = [role for role in PREFERENCE if f"{role}@B" in allowed]
            if not roles:
                continue
            ctx = Context(world, state, target, inspection)
            kwargs = rule.kwargs(ctx) if rule.kwargs else default_kwargs(ctx, kwarg_names, name)
            url = reverse(name, kwargs=kwargs)
            chosen = [roles[0], *(r for r in ALSO_AS.get(name, []) if f"{r}@{target}" in allowed)]
            if f"anonymous@{target}" in allowed and "anonymous" not in chosen:
                chosen.append("anonymous")
            visits += [(name, url, role) for role in dict.fromkeys(chosen)]
    return visits


def session_cookie(user: Any, base_url: str) -> dict[str, Any]:
    client = Client()
    client.force_login(user)
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": base_url}


def check_page(page: Any, where: str, problems: list[str], *, contrast: bool = True) -> None:
    page.wait_for_function("() => window.axe !== undefined")
    found = page.evaluate(CHECKS)
    if found["duplicates"]:
        problems.append(f"{where}: duplicate ids {found['duplicates']}")
    if found["missing"]:
        problems.append(f"{where}: pointing at no element: {found['missing']}")
    if found["scrollWidth"] > found["innerWidth"]:
        problems.append(f"{where}: scrolls sideways ({found['scrollWidth']} px wide in {found['innerWidth']})")
    for violation in page.evaluate(AXE_RUN, contrast):
        problems.append(f"{where}: axe {violation}")


@pytest.mark.parametrize("state", [State.PUBLISHED])
def test_every_page_is_accessible_at_both_widths(live_server: Any, browser: Any, media: Any, state: str) -> None:
    assert AXE.exists(), "axe-core is missing: run `make frontend` (npm ci)"
    world = build_world()
    prepare(world, state)
    visits = pages_to_visit(world, state)
    assert len({name for name, _, _ in visits}) > 40, "the matrix's page list was not found"
    SCREENSHOTS.mkdir(exist_ok=True)
    problems: list[str] = []
    started = time.monotonic()
    contexts: dict[str, Any] = {}
    try:
        for role in ROLES:
            mine = [(name, url) for name, url, who in visits if who == role]
            if not mine:
                continue
            # bypass_csp: axe is injected as an inline script, which the site's own policy refuses.
            context = contexts[role] = browser.new_context(viewport={"width": WIDTHS[0], "height": 900},
                                                           bypass_csp=True)
            # axe-core is added to every page the context opens (as add_script_tag would, before the page's own).
            context.add_init_script(path=str(AXE))
            if role != "anonymous":
                context.add_cookies([session_cookie(world.users[role], live_server.url)])
            page = context.new_page()
            for name, url in mine:
                page.set_viewport_size({"width": WIDTHS[0], "height": 900})
                response = page.goto(live_server.url + url, wait_until="load")
                if response is None or "text/html" not in response.headers.get("content-type", ""):
                    problems.append(f"{url} ({name}) as {role}: not a page; list it in NOT_PAGES")
                    continue
                if response.status >= 500:
                    problems.append(f"{url} ({name}) as {role}: status {response.status}")
                    continue
                for width in WIDTHS:  # the same page, narrowed: the layout reflows as on a phone
                    page.set_viewport_size({"width": width, "height": 900})
                    where = f"{url} ({name}) as {role} at {width} px"
                    check_page(page, where, problems, contrast=width == WIDTHS[0])
                    if name in SCREENSHOT_PAGES and role != "anonymous" or name in ("home", "public:force"):
                        shot = f"{state}-{name.replace(':', '-')}-{role}-{width}.png"
                        page.screenshot(path=str(SCREENSHOTS / shot), full_page=True)
    finally:
        for context in contexts.values():
            context.close()
    seconds = time.monotonic() - started
    print(f"\n{len(visits)} page visits at {len(WIDTHS)} widths in {seconds:.0f} s ({state})")
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
    (SCREENSHOTS / f"{state}-pages.json").write_text(json.dumps(visits, indent=1))
