"""Every page of the access matrix's URL list in a real browser, at 1280 and 390 pixels wide.

Each page is opened as a role that may see it (the public pages also anonymously), in three states
of the inspections: drafting, the factual-accuracy check with publication awaiting a moderator's
approval, and published. Before publication only the pages about an inspection are opened again
(a page about no inspection does not change with an inspection's stage; the published pass sees
those with the most on them). On each page, at both widths: no axe-core violation of serious or
critical impact, no sideways scrolling, every aria-describedby and label ``for`` naming an element
that exists, and no id used twice. Screenshots of the main pages at both widths go to screenshots/
(not committed).

Where the time goes, and what keeps it short (the test prints its figures, phase by phase):
- the world is built once and moved from state to state; only the pages about an inspection are
  opened again in the earlier states;
- the browser is Chromium's headless shell where it is installed (Debian's chromium-headless-shell,
  the build Playwright itself uses for headless runs): the same Blink as the full browser, without
  the browser's own user interface, it takes about half the full browser's time per page outside the
  page's renderer;
- one browser context per role, signed in by a session cookie made by Django, not through the form;
- axe-core added to each context once, before any page's own scripts, and each page loaded once:
  the second width is the same page widened (the layout reflows as on a wider screen), not a reload;
- axe runs only its rules whose impact can be serious or critical (a rule's impact caps that of its
  violations, so no violation this test looks for is missed), the whole page at the first width,
  390 px, where text is at its smallest and so contrast is at its strictest; widened, the elements
  are the same, so it checks what can change with the width: which regions scroll, and every rule on
  what the wide layout shows that the narrow did not (the service navigation's links); the
  orientation-lock rule, which parses every stylesheet, once per set of stylesheets;
- a page whose markup was checked already is not checked again; of the rest, the parts already
  checked (its content as another role saw it, or this role's header and footer on another page,
  with the same stylesheets) are left out of axe's run, and a page made only of checked parts gets
  the DOM checks without axe;
- the fingerprint of a page, the DOM checks and axe run in one call into the page;
- two pages are worked on at once (async Playwright in a thread of its own): while one page runs
  axe, the server renders the next.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from test_access_matrix import (
    EXPECTED,
    Context,
    application_urls,
    default_kwargs,
    prepare,
    publish,
)
from world import World, build_world

from inspectorate.inspections.models import Inspection, State

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "screenshots"
# Chromium's headless shell where installed (scripts/system-deps.sh installs it), else the full browser.
HEADLESS_SHELL = Path("/usr/bin/chromium-headless-shell")
# Narrow first: axe checks the whole page where text is smallest (contrast is strictest), then what widening shows.
WIDTHS = (390, 1280)
HEIGHT = 900
AT_ONCE = 2
# The role a page is seen as, most preferred first: the lead sees the most of an inspection.
PREFERENCE = ("lead", "moderator", "admin", "liaison_a", "inspector", "inspector_b", "liaison_b", "anonymous")
# Pages that differ by who reads them, seen as these roles too.
ALSO_AS = {"inspections:mine": ["liaison_a"], "followup:detail": ["liaison_a"], "inspections:draft": ["liaison_a"],
           "inspections:publication": ["moderator"]}
# Pages that are not HTML for a person (files, data, the API) or not pages at all.
NOT_PAGES = ("api:", "healthz", "opendata:download", "reports:report_pdf", "reports:report_json",
             "reports:report_text", "reports:report_css", "inspections:evidence_attachment", "followup:evidence",
             "jobs:status", "performance:signals_csv")
# The main pages, photographed at both widths as the first role that sees them (home and a force's
# page also anonymously); the overview (with its task list) in every state.
SCREENSHOT_PAGES = {"home", "public:force", "national:index", "followup:detail", "inspections:overview",
                    "inspections:findings", "inspections:draft", "assessment:framework", "performance:signals",
                    "reports:report"}
EVERY_STATE_SHOTS = {"inspections:overview"}
# The passes: a name, the lifecycle state the matrix knows, and how the world gets there.
PASSES = (("drafting", State.DRAFTING), ("awaiting-approval", State.FACTUAL_ACCURACY),
          ("published", State.PUBLISHED))

# One call into the page at each width. At the first width it first fingerprints the page: its markup
# without the per-request tokens (CSRF, CSP nonces) as hashes, of the whole page, of its content (main)
# and of the rest (header, banner, footer: the "chrome"), and its head without the title (the
# stylesheets, what the chrome's rendering depends on besides its own markup). A page whose markup was
# checked already (and is not to be photographed) is left there. Otherwise the DOM checks, then axe-core
# with its rules whose impact can be serious or critical (every rule, should axe's rule list be out of
# reach), leaving out the parts whose keys were checked already; the orientation-lock rule (which
# fetches and parses every stylesheet first) only for stylesheets not yet checked. At the second width:
# the DOM checks again, and axe on what the width can change (scrolling regions; what the width shows
# that the first did not), still leaving out the checked parts. Selectors of the failing elements are
# worked out only when something fails.
CHECK = """async ({first: atFirstWidth, name, checked, sheetsChecked, screenshot}) => {
  // A page that went somewhere else between the widths (none should) is checked afresh.
  const first = atFirstWidth || !window.__every;
  const state = first ? (window.__every = {}) : window.__every;
  const main = document.querySelector('main');
  if (first) {
    const clean = text => text.replace(/(csrfmiddlewaretoken" value=|X-CSRFToken&quot;: &quot;|nonce=)"?[^"&]*/g, '$1');
    const hash = text => {
      let h = 2166136261;
      for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
      return `${text.length}:${h >>> 0}`;
    };
    const head = clean(document.head.outerHTML), body = clean(document.body.outerHTML);
    const content = main ? clean(main.outerHTML) : '';
    const headLessTitle = head.replace(/<title>[^]*?<\\/title>/, '');
    const sheets = [...document.styleSheets].map(s => s.href || `inline:${s.ownerNode.textContent.length}`).join(' ');
    const page = hash(`${document.documentElement.getAttributeNames().join()}${head}${body}`);
    if (checked.includes(page) && !screenshot) return {identical: true, page};
    // The chrome: every element beside the path from body down to main, so axe can leave it out.
    const chrome = [];
    for (let node = main; node && node !== document.body; node = node.parentElement)
      for (const sibling of node.parentElement.children)
        if (sibling !== node && sibling.tagName !== 'SCRIPT') chrome.push(sibling);
    const parts = {main: `main ${name} ${hash(head)} ${hash(content)}`,
                   chrome: `chrome ${hash(headLessTitle)} ${hash(main ? body.replace(content, '') : body)}`};
    state.exclude = [];
    if (main && checked.includes(parts.main)) state.exclude.push(main);
    if (main && checked.includes(parts.chrome)) state.exclude.push(...chrome);
    state.axeToo = !(main && checked.includes(parts.main) && checked.includes(parts.chrome));
    state.stylesheets = !sheetsChecked.includes(sheets);
    Object.assign(state, {page, parts, sheets});
  }
  const ids = [...document.querySelectorAll('[id]')].map(e => e.id);
  const seen = new Set(), duplicates = new Set();
  for (const id of ids) { if (seen.has(id)) duplicates.add(id); seen.add(id); }
  const missing = [];
  for (const el of document.querySelectorAll('[aria-describedby]'))
    for (const id of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean))
      if (!document.getElementById(id)) missing.push(`aria-describedby=${id}`);
  for (const el of document.querySelectorAll('label[for]'))
    if (!document.getElementById(el.htmlFor)) missing.push(`label for=${el.htmlFor}`);
  const result = {duplicates: [...duplicates], missing, violations: [], rules: -1, page: state.page,
                  parts: state.parts, sheets: state.sheets, axeToo: state.axeToo, excluded: state.exclude.length,
                  scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth};
  if (!state.axeToo) return result;
  const stylesheets = atFirstWidth && state.stylesheets;
  const severe = (axe._audit && axe._audit.rules || [])
    .filter(r => (r.impact === 'serious' || r.impact === 'critical') && r.enabled !== false
                 && !r.tags.includes('experimental') && (stylesheets || r.id !== 'css-orientation-lock'))
    .map(r => r.id);
  const base = {resultTypes: ['violations'], iframes: false, preload: stylesheets, selectors: false};
  const left = el => !state.exclude.some(part => part.contains(el));
  const visible = () => [...document.body.querySelectorAll('*')].filter(el => el.checkVisibility() && left(el));
  const whole = state.exclude.length ? {include: [document], exclude: state.exclude} : document;
  const runs = [];
  if (first) {
    state.visible = new WeakSet(visible());
    runs.push([whole, severe.length ? {runOnly: {type: 'rule', values: severe}} : {}]);
  } else {
    runs.push([whole, {runOnly: {type: 'rule', values: ['scrollable-region-focusable']}}]);
    const shown = visible().filter(el => !state.visible.has(el));
    if (shown.length) runs.push([{include: shown}, severe.length ? {runOnly: {type: 'rule', values: severe}} : {}]);
  }
  const severity = v => v.impact === 'serious' || v.impact === 'critical';
  for (const [context, only] of runs) {
    let failed = (await axe.run(context, {...base, ...only})).violations.filter(severity);
    if (failed.length) {  // again, for the failing rules only, with the elements' selectors
      const again = {...base, selectors: true, runOnly: {type: 'rule', values: failed.map(v => v.id)}};
      failed = (await axe.run(context, again)).violations.filter(severity);
    }
    const where = v => v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ');
    result.violations.push(...failed.map(v => `${v.id} (${v.impact}): ${where(v)}`));
  }
  result.rules = severe.length;
  return result;
}"""
@dataclass(frozen=True)
class Visit:
    name: str
    url: str
    role: str
    screenshot: bool


def pages_to_visit(world: World, state: str, *, targeted_only: bool = False) -> list[tuple[str, str, str]]:
    """(url name, url, role) for every GET page of the matrix, each as a role that may see it; with
    `targeted_only`, only the pages about an inspection."""
    visits = []
    for name, kwarg_names in application_urls():
        if name.startswith(NOT_PAGES):
            continue
        for rule in EXPECTED.get(name, []):
            if rule.method != "GET" or (targeted_only and not rule.targeted):
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


def await_publication_approval(world: World) -> None:
    """The factual-accuracy check with publication requested by each lead, awaiting a moderator."""
    world.set_state(State.FACTUAL_ACCURACY)
    for inspection, lead in ((world.a, world.users["lead"]), (world.b, world.users["lead_b"])):
        Inspection.objects.filter(pk=inspection.pk).update(publication_requested_by=lead,
                                                           publication_requested_at=timezone.now())
        inspection.refresh_from_db()


T = TypeVar("T")


class BrowserThread:
    """Async Playwright on an event loop of its own thread: the test's thread keeps the ORM (and the
    database connection the live server shares), the browser works on several pages at once."""

    def __init__(self, launch_args: dict[str, Any]) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.launch_args = launch_args
        self.playwright: Any = None
        self.browser: Any = None

    def run(self, coroutine: Coroutine[Any, Any, T], timeout: float = 600) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    async def start(self) -> None:
        from playwright.async_api import async_playwright

        self.playwright = await async_playwright().start()
        self.browser = await self.playwright.chromium.launch(**self.launch_args)

    async def stop(self) -> None:
        if self.browser is not None:
            await self.browser.close()
        if self.playwright is not None:
            await self.playwright.stop()

    def close(self) -> None:
        try:
            self.run(self.stop(), timeout=60)
        finally:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)


async def check_visits(browser: Any, base_url: str, cookies: dict[str, dict[str, Any] | None], pass_name: str,
                       visits: list[Visit], timings: dict[str, float], checked: set[str],
                       sheets_checked: set[str], contexts: dict[str, Any]) -> list[str]:
    """Open each visit's page once, check it at each width; the problems found, in the visits' order.
    `checked` holds the fingerprints of the pages and parts checked without a problem: a page seen
    already is not checked again, and checked parts are left out of axe's run. `contexts` (one per
    role) are kept from pass to pass, with their cached static files."""

    def tick(key: str, since: float) -> float:
        now = time.monotonic()
        timings[key] = timings.get(key, 0.0) + now - since
        return now

    def count(key: str) -> None:
        timings[key] = timings.get(key, 0) + 1

    started = time.monotonic()
    for role in dict.fromkeys(v.role for v in visits):
        if role in contexts:
            continue
        # bypass_csp: axe is injected as an inline script, which the site's own policy refuses.
        context = contexts[role] = await browser.new_context(viewport={"width": WIDTHS[0], "height": HEIGHT},
                                                             bypass_csp=True)
        # axe-core is added to every page the context opens, before the page's own scripts.
        await context.add_init_script(path=str(AXE))
        cookie = cookies[role]
        if cookie is not None:
            await context.add_cookies([cookie])
    tick("browser contexts", started)
    found: dict[int, list[str]] = {}
    queue: asyncio.Queue[tuple[int, Visit]] = asyncio.Queue()
    for index, visit in enumerate(visits):
        queue.put_nowait((index, visit))

    async def worker(opened: list[Any]) -> None:
        pages: dict[str, Any] = {}
        while not queue.empty():
            index, visit = queue.get_nowait()
            problems = found[index] = []
            started = time.monotonic()
            page = pages.get(visit.role)
            if page is None:
                page = pages[visit.role] = await contexts[visit.role].new_page()
                opened.append(page)
            else:
                await page.set_viewport_size({"width": WIDTHS[0], "height": HEIGHT})
            response = await page.goto(base_url + visit.url, wait_until="load")
            started = tick("loading pages", started)
            label = f"{visit.url} ({visit.name}) as {visit.role} in {pass_name}"
            if response is None or "text/html" not in response.headers.get("content-type", ""):
                problems.append(f"{label}: not a page; list it in NOT_PAGES")
                continue
            if response.status >= 500:
                problems.append(f"{label}: status {response.status}")
                continue
            result: dict[str, Any] = {}
            parts: list[str] = []
            for width in WIDTHS:
                first = width == WIDTHS[0]
                if not first:
                    await page.set_viewport_size({"width": width, "height": HEIGHT})
                    started = tick("resizing", started)
                result = await page.evaluate(CHECK, {
                    "first": first, "name": visit.name, "checked": sorted(checked) if first else [],
                    "sheetsChecked": sorted(sheets_checked) if first else [], "screenshot": visit.screenshot})
                started = tick(f"checks and axe at {width} px", started)
                if result.get("identical"):  # the same markup, checked already
                    count("identical pages skipped")
                    break
                if first:
                    parts = list(result["parts"].values())
                    checked.add(result["page"])
                    sheets_checked.add(result["sheets"])
                    if not result["axeToo"]:
                        count("pages of checked parts")
                    elif result["excluded"]:
                        count("pages with checked parts left out of axe")
                if result["rules"] == 0:
                    count("axe runs with every rule")
                where = f"{label} at {width} px"
                if result["duplicates"]:
                    problems.append(f"{where}: duplicate ids {result['duplicates']}")
                if result["missing"]:
                    problems.append(f"{where}: pointing at no element: {result['missing']}")
                if result["scrollWidth"] > result["innerWidth"]:
                    problems.append(f"{where}: scrolls sideways ({result['scrollWidth']} px wide in "
                                    f"{result['innerWidth']})")
                problems += [f"{where}: axe {violation}" for violation in result["violations"]]
                if visit.screenshot:
                    # JPEG: a tall page's full-page PNG takes about twice as long to encode.
                    shot = f"{pass_name}-{visit.name.replace(':', '-')}-{visit.role}-{width}.jpg"
                    await page.screenshot(path=str(SCREENSHOTS / shot), full_page=True, type="jpeg", quality=85)
                    started = tick("screenshots", started)
            if not problems:
                checked.update(parts)

    pages: list[Any] = []
    try:
        await asyncio.gather(*(worker(pages) for _ in range(AT_ONCE)))
    finally:
        for page in pages:
            await page.close()
    return [problem for index in sorted(found) for problem in found[index]]


def plan(world: World, pass_name: str, state: str, shot: set[str]) -> list[Visit]:
    """The visits of one pass; a main page is photographed the first time it is seen (the overview in
    every pass), as its first role and, for home and a force's page, anonymously too."""
    visits = []
    for name, url, role in pages_to_visit(world, state, targeted_only=state != State.PUBLISHED):
        key = f"{name}:{'anonymous' if role == 'anonymous' else 'signed-in'}"
        wanted = name in SCREENSHOT_PAGES and (role != "anonymous" or name in ("home", "public:force"))
        screenshot = wanted and (key not in shot or name in EVERY_STATE_SHOTS)
        if screenshot:
            shot.add(key)
        visits.append(Visit(name, url, role, screenshot))
    # The signed-in visits first: a public page's content is checked before its anonymous visit comes.
    return sorted(visits, key=lambda visit: visit.role == "anonymous")


def test_every_page_is_accessible_at_both_widths(live_server: Any, browser_type_launch_args: dict[str, Any],
                                                 media: Any) -> None:
    assert AXE.exists(), "axe-core is missing: run `make frontend` (npm ci)"
    started = time.monotonic()
    timings: dict[str, float] = {}

    def tick(key: str, since: float) -> float:
        now = time.monotonic()
        timings[key] = timings.get(key, 0.0) + now - since
        return now

    launch = {**browser_type_launch_args, "headless": True}
    if HEADLESS_SHELL.exists():
        launch["executable_path"] = str(HEADLESS_SHELL)
    browser = BrowserThread(launch)
    browser.run(browser.start())
    now = tick("starting the browser", started)
    world = build_world()
    now = tick("building the world", now)
    SCREENSHOTS.mkdir(exist_ok=True)
    cookies: dict[str, dict[str, Any] | None] = {"anonymous": None}
    problems: list[str] = []
    summary: dict[str, list[tuple[str, str, str]]] = {}
    shot: set[str] = set()
    seen_names: set[str] = set()
    checked: set[str] = set()
    sheets_checked: set[str] = set()
    contexts: dict[str, Any] = {}
    try:
        for pass_name, state in PASSES:
            began = now = time.monotonic()
            if state == State.DRAFTING:
                prepare(world, state)
            elif state == State.FACTUAL_ACCURACY:
                await_publication_approval(world)
            else:
                publish(world)
            visits = plan(world, pass_name, state, shot)
            now = tick("moving the world on and listing the pages", now)
            for role in {v.role for v in visits} - set(cookies):
                cookies[role] = session_cookie(world.users[role], live_server.url)
            tick("signing in (session cookies)", now)
            problems += browser.run(check_visits(browser.browser, live_server.url, cookies, pass_name, visits,
                                                 timings, checked, sheets_checked, contexts))
            summary[pass_name] = [(v.name, v.url, v.role) for v in visits]
            seen_names |= {v.name for v in visits}
            print(f"\n{pass_name}: {len(visits)} page visits at {len(WIDTHS)} widths in "
                  f"{time.monotonic() - began:.0f} s")
    finally:
        browser.close()
    seconds = time.monotonic() - started
    total = sum(len(v) for v in summary.values())
    counts = ("axe runs", "identical", "pages ")
    figures = (f"{key} {value:.0f}" + ("" if key.startswith(counts) else " s") for key, value in timings.items())
    print(f"{total} page visits in {len(PASSES)} states in {seconds:.0f} s with {Path(launch['executable_path']).name},"
          f" {AT_ONCE} pages at once (the times of the pages' steps are summed over them): " + ", ".join(figures))
    assert len(seen_names) > 40, "the matrix's page list was not found"
    assert {"inspections:add_comment", "inspections:edit_finding", "reports:report"} <= seen_names
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)
    (SCREENSHOTS / "pages.json").write_text(json.dumps(summary, indent=1))
