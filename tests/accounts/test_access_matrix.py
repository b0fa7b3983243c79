"""Every URL of the application, for every role, against its own and another force's objects.

The URL resolver is walked, so a new URL is tested as soon as it exists: until it is added to
EXPECTED below, `test_every_url_has_an_expectation` fails and says which. Each URL is requested
by each role in three lifecycle states (drafting, the factual-accuracy check, published), against
inspection A (Fenshire Constabulary) and inspection B (Wealdmoor Police), and the answer is
compared with the table: allowed (200, 201, 204, 400 with form errors, or a redirect elsewhere)
or denied (401, 403, 404, or a redirect to a sign-in page). Each request runs in a savepoint that
is rolled back, so no request changes what the next one sees. Each role signs in once per world
(`force_login`, before the savepoints), and every request starts from that session's cookies.
Each URL is requested once per role and state, in one pass whose answers (status, and any SQL
that wrote) are kept for the process: this table's check, the admin's, and test_reads_write_nothing.py
all read them, each failing on its own and naming the URL and role (see "One pass" below).

The roles, as seen from inspection A (from B's side, each is the "other" one):
  anonymous     the public
  liaison_a     force liaison officer of Fenshire (A's own force; another force for B)
  liaison_b     force liaison officer of Wealdmoor (another force for A; B's own)
  inspector     inspector on A's team, not on B's
  inspector_b   inspector on B's team, not on A's
  lead          lead inspector of A (not of B)
  moderator, admin
An entry names who is allowed as "role@A" / "role@B"; URLs about no inspection use "role@-".
The Django admin's URLs are checked by one rule (administrators only), generated from the admin.
"""

from __future__ import annotations

import datetime
import re
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from world import World, build_world

from inspectorate.core.errors import SYSTEM
from inspectorate.inspections.lifecycle import transitions_from
from inspectorate.inspections.models import FactualAccuracyComment, Inspection, State
from inspectorate.jobs.models import Job, Kind, Status
from inspectorate.practice.models import DevelopingPractice
from inspectorate.recommendations.services import open_follow_ups
from inspectorate.reports.models import PublishedReport

ROLES = ("anonymous", "liaison_a", "liaison_b", "inspector", "inspector_b", "lead", "moderator", "admin")
SIGNED_IN = tuple(r for r in ROLES if r != "anonymous")
STAFF = ("inspector", "inspector_b", "lead", "moderator", "admin")
STATES = (State.DRAFTING, State.FACTUAL_ACCURACY, State.PUBLISHED)
TARGETS = ("A", "B")


def at(roles: Iterable[str], targets: Iterable[str] = TARGETS) -> frozenset[str]:
    return frozenset(f"{role}@{target}" for role in roles for target in targets)


NOBODY: frozenset[str] = frozenset()
EVERYONE = at(ROLES)
TEAM = frozenset({"inspector@A", "lead@A", "inspector_b@B"})
OVERSIGHT = at(("moderator", "admin"))
WORKSPACE = TEAM | OVERSIGHT
OWN_LIAISON = frozenset({"liaison_a@A", "liaison_b@B"})
LEAD_A = frozenset({"lead@A"})
STAFF_ANY = at(STAFF)


def untargeted(roles: Iterable[str]) -> frozenset[str]:
    return at(roles, ["-"])


def _token(ctx: Context) -> Any:
    from inspectorate.accounts.services import create_api_token

    lead = ctx.world.users["lead"]
    return create_api_token(user=lead, by=lead, name="Matrix")[0]


@dataclass(frozen=True)
class Rule:
    """Who may use a URL in each state; `by_state` overrides `allowed` for the states it names."""

    method: str
    allowed: frozenset[str]
    by_state: dict[str, frozenset[str]] = field(default_factory=dict)
    targeted: bool = True
    kwargs: Callable[[Context], dict[str, Any]] | None = None
    data: Callable[[Context], dict[str, Any]] | None = None

    def expected(self, state: str) -> frozenset[str]:
        return self.by_state.get(state, self.allowed)


def get(allowed: frozenset[str], **kw: Any) -> Rule:
    return Rule("GET", allowed, **kw)


def post(allowed: frozenset[str], **kw: Any) -> Rule:
    return Rule("POST", allowed, **kw)


def before_publication(allowed: frozenset[str], published: frozenset[str] = NOBODY) -> dict[str, frozenset[str]]:
    return {State.DRAFTING: allowed, State.FACTUAL_ACCURACY: allowed, State.PUBLISHED: published}


def only_in(state: str, allowed: frozenset[str]) -> dict[str, frozenset[str]]:
    return {s: (allowed if s == state else NOBODY) for s in STATES}


PUBLISHED_ONLY = only_in(State.PUBLISHED, EVERYONE)

# ---------------------------------------------------------------------------------------------
# The table: one entry per URL name (a list where GET and POST differ).

EXPECTED: dict[str, list[Rule]] = {
    # Public pages and accounts
    "home": [get(untargeted(ROLES), targeted=False)],
    # A force's public page shows only published material, so anyone may read it in any state.
    "public:force": [get(EVERYONE, kwargs=lambda ctx: {"slug": ctx.inspection.force.slug})],
    "login": [get(untargeted(ROLES), targeted=False)],
    "public:accessibility": [get(untargeted(ROLES), targeted=False)],
    "public:privacy": [get(untargeted(ROLES), targeted=False)],
    "public:cookies": [get(untargeted(ROLES), targeted=False)],
    # The load balancer's probe: anyone, signed in or not.
    "healthz": [get(untargeted(ROLES), targeted=False)],
    "logout": [post(untargeted(ROLES), targeted=False)],
    "password_change": [get(untargeted(SIGNED_IN), targeted=False)],
    "password_change_done": [get(untargeted(SIGNED_IN), targeted=False)],
    "password_reset": [get(untargeted(ROLES), targeted=False)],
    "password_reset_done": [get(untargeted(ROLES), targeted=False)],
    "password_reset_confirm": [get(untargeted(ROLES), targeted=False)],
    "password_reset_complete": [get(untargeted(ROLES), targeted=False)],
    # The second factor and API tokens: one's own, for anyone signed in. Who may revoke whose token is the
    # service's rule (tests/api/test_api_tokens.py); a refusal comes back to the tokens page with the reason.
    "two_factor_setup": [get(untargeted(SIGNED_IN), targeted=False)],
    "two_factor_verify": [get(untargeted(SIGNED_IN), targeted=False)],
    "backup_codes": [get(untargeted(SIGNED_IN), targeted=False)],
    "api_tokens": [get(untargeted(SIGNED_IN), targeted=False)],
    "revoke_api_token": [post(untargeted(SIGNED_IN), targeted=False, kwargs=lambda ctx: {"pk": _token(ctx).pk})],
    "api:me": [get(untargeted(SIGNED_IN), targeted=False)],
    # The workspace
    "inspections:mine": [get(untargeted(SIGNED_IN), targeted=False)],
    "inspections:board": [get(untargeted(STAFF), targeted=False)],
    "inspections:overview": [get(WORKSPACE)],
    "inspections:audit": [get(WORKSPACE)],
    "inspections:evidence": [get(WORKSPACE), post(NOBODY, by_state=before_publication(TEAM))],
    # Only the lead of A may verify: the unverified item of A was collected by the inspector, and
    # that of B by B's only inspector.
    "inspections:verify_evidence": [post(NOBODY, by_state=before_publication(LEAD_A))],
    "inspections:attach_evidence_file": [get(NOBODY, by_state=before_publication(TEAM)),
                                         post(NOBODY, by_state=before_publication(TEAM))],
    "inspections:evidence_attachment": [get(WORKSPACE)],
    "inspections:findings": [get(WORKSPACE), post(NOBODY, by_state=before_publication(TEAM))],
    "inspections:edit_finding": [get(NOBODY, by_state=before_publication(TEAM, LEAD_A)),
                                 post(NOBODY, by_state=before_publication(TEAM, LEAD_A))],
    "inspections:move_finding": [post(NOBODY, by_state=before_publication(TEAM))],
    "inspections:delete_finding": [post(NOBODY, by_state=before_publication(TEAM))],
    "inspections:raise_recommendation": [get(NOBODY, by_state=before_publication(TEAM)),
                                         post(NOBODY, by_state=before_publication(TEAM))],
    "inspections:edit_recommendation": [get(NOBODY, by_state=before_publication(TEAM, LEAD_A)),
                                        post(NOBODY, by_state=before_publication(TEAM, LEAD_A))],
    "inspections:delete_recommendation": [post(NOBODY, by_state=before_publication(TEAM))],
    "inspections:draft": [get(WORKSPACE, by_state={State.FACTUAL_ACCURACY: WORKSPACE | OWN_LIAISON})],
    "inspections:add_comment": [get(NOBODY, by_state=only_in(State.FACTUAL_ACCURACY, OWN_LIAISON)),
                                post(NOBODY, by_state=only_in(State.FACTUAL_ACCURACY, OWN_LIAISON))],
    "inspections:comments": [get(WORKSPACE)],
    "inspections:resolve_comment": [post(NOBODY, by_state=only_in(State.FACTUAL_ACCURACY, TEAM))],
    "inspections:publication": [get(WORKSPACE)],
    # The next step from each state (submit for moderation; publish; none once published).
    "inspections:change_state": [post(NOBODY, by_state=before_publication(LEAD_A))],
    "inspections:request_publication": [post(NOBODY, by_state=only_in(State.FACTUAL_ACCURACY, LEAD_A))],
    "inspections:approve_publication": [post(NOBODY, by_state=only_in(State.FACTUAL_ACCURACY,
                                                                      at(["moderator"])))],
    "inspections:publish_correction": [post(NOBODY, by_state=only_in(State.PUBLISHED, LEAD_A))],
    # Grading (the assessment page): grades for the team and oversight; changes while assessing.
    "assessment:framework": [get(WORKSPACE)],
    "assessment:assess": [post(NOBODY, by_state=only_in(State.DRAFTING, TEAM))],
    "assessment:final_grade": [post(NOBODY, by_state=only_in(State.DRAFTING, LEAD_A))],
    "assessment:excellence": [post(NOBODY, by_state=only_in(State.DRAFTING, TEAM))],
    "assessment:derive": [post(NOBODY, by_state=only_in(State.DRAFTING, TEAM))],
    # Published reports: frozen versions, for everyone, once published.
    "reports:report": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "reports:versions": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "reports:report_version": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "reports:report_pdf": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "reports:report_text": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "reports:report_json": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "reports:report_css": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    # Recommendation follow-up: published recommendations only.
    "followup:list": [get(untargeted(ROLES), targeted=False)],
    "followup:detail": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "followup:respond": [post(NOBODY, by_state=only_in(State.PUBLISHED, OWN_LIAISON))],
    "followup:change_status": [post(NOBODY, by_state=only_in(State.PUBLISHED, STAFF_ANY))],
    "followup:set_target_date": [post(NOBODY, by_state=only_in(State.PUBLISHED, STAFF_ANY))],
    "followup:evidence": [get(NOBODY, by_state=only_in(State.PUBLISHED, STAFF_ANY | OWN_LIAISON))],
    # Developing practice: examples of published reports only.
    "practice:list": [get(untargeted(ROLES), targeted=False)],
    "practice:detail": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    # The national picture and moderation.
    "national:index": [get(untargeted(ROLES), targeted=False)],
    "national:summary": [get(untargeted(ROLES), targeted=False)],
    "moderation:decisions": [get(untargeted(["moderator"]), targeted=False)],
    "moderation:inconsistencies": [get(untargeted(["moderator"]), targeted=False)],
    "moderation:comparison": [get(untargeted(["moderator"]), targeted=False)],
    # Open data and the API: published material for everyone; a force's responses for it and us.
    "opendata:index": [get(untargeted(ROLES), targeted=False)],
    "opendata:api_docs": [get(untargeted(ROLES), targeted=False)],
    "opendata:download": [get(untargeted(ROLES), targeted=False)],
    "api:openapi-json": [get(untargeted(ROLES), targeted=False)],
    "api:api-root": [get(NOBODY, targeted=False)],  # django-ninja's root: no page of its own (404)
    "api:programmes": [get(untargeted(ROLES), targeted=False)],
    "api:programme_national_summary": [get(untargeted(ROLES), targeted=False)],
    "api:forces": [get(untargeted(ROLES), targeted=False)],
    "api:judgements": [get(untargeted(ROLES), targeted=False)],
    "api:recommendations": [get(untargeted(ROLES), targeted=False)],
    "api:practice": [get(untargeted(ROLES), targeted=False)],
    "api:recommendation": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "api:practice_example": [get(NOBODY, by_state=PUBLISHED_ONLY)],
    "api:responses": [get(NOBODY, by_state=only_in(State.PUBLISHED, STAFF_ANY | OWN_LIAISON))],
    "api:respond": [post(NOBODY, by_state=only_in(State.PUBLISHED, OWN_LIAISON),
                         data=lambda ctx: {"text": "The force has trained every team.",
                                           "responded_on": "2008-11-03"})],
    # Monitoring: internal to the inspectorate. Signals are about a force (A's or B's).
    "performance:signals": [get(untargeted(STAFF), targeted=False)],
    "performance:signals_csv": [get(untargeted(STAFF), targeted=False)],
    "performance:review_signal": [post(at(["inspector", "inspector_b", "lead", "moderator"]))],
    "performance:dismiss_signal": [post(at(["inspector", "inspector_b", "lead", "moderator"]),
                                        data=lambda ctx: {"note": "Seasonal: no action."})],
    "performance:escalate_signal": [post(at(["inspector", "inspector_b", "lead", "moderator"]),
                                         data=lambda ctx: {"note": "Worth a look."})],
    "performance:risk": [get(untargeted(STAFF), targeted=False)],
    "performance:run": [post(untargeted(["moderator", "admin"]), targeted=False)],
    "performance:programme": [get(untargeted(STAFF), targeted=False)],
    "performance:propose": [post(untargeted(["moderator"]), targeted=False,
                                 data=lambda ctx: {"programme": ctx.world.programme.slug, "top": "1"})],
    "performance:accept_proposal": [post(at(["moderator"]))],
    "performance:decline_proposal": [post(at(["moderator"]), data=lambda ctx: {"note": "Not this year."})],
    "performance:forces": [get(untargeted(STAFF), targeted=False)],
    "performance:force": [get(STAFF_ANY, kwargs=lambda ctx: {"slug": ctx.inspection.force.slug})],
    # A new baseline takes a decline out of the risk register: lead inspectors and moderators only.
    # The POST is an empty form: refused for its fields (400) where allowed, so nothing is written.
    "performance:rebase": [get(at(["lead", "moderator"]), kwargs=lambda ctx: _series(ctx)),
                           post(at(["lead", "moderator"]), kwargs=lambda ctx: _series(ctx))],
    # Background jobs: followed by whoever may see what they work on (nobody started these).
    "jobs:status": [get(untargeted(STAFF), targeted=False, kwargs=lambda ctx: {"pk": job(Kind.MONITORING).pk}),
                    get(WORKSPACE, kwargs=lambda ctx: {"pk": job(Kind.PUBLICATION, ctx.inspection).pk})],
    "jobs:import_report": [get(untargeted(["admin"]), targeted=False)],
    "jobs:load_observations": [get(untargeted(["moderator", "admin"]), targeted=False)],
}


def job(kind: str, inspection: Inspection | None = None) -> Job:
    return Job.objects.create(kind=kind, title="A job", inspection=inspection, status=Status.SUCCEEDED)

# ---------------------------------------------------------------------------------------------
# Walking the resolver


def url_names() -> Iterator[tuple[str, list[str]]]:
    """Every named URL: (namespaced name, its keyword arguments)."""

    def walk(patterns: list[Any], namespace: str | None) -> Iterator[tuple[str, list[str]]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace
                if pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
                yield from walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                yield name, list(pattern.pattern.regex.groupindex)

    seen: set[str] = set()
    for name, kwargs in walk(get_resolver().url_patterns, None):
        if name not in seen:
            seen.add(name)
            yield name, kwargs


def application_urls() -> list[tuple[str, list[str]]]:
    return [(name, kwargs) for name, kwargs in url_names() if not name.startswith("admin:")]


def admin_urls() -> list[tuple[str, list[str]]]:
    return [(name, kwargs) for name, kwargs in url_names() if name.startswith("admin:")]


def test_every_url_has_an_expectation() -> None:
    missing = sorted(name for name, _ in application_urls() if name not in EXPECTED)
    assert not missing, (
        "These URLs have no entry in EXPECTED of tests/accounts/test_access_matrix.py; add who may use "
        f"them: {', '.join(missing)}"
    )
    stale = sorted(set(EXPECTED) - {name for name, _ in application_urls()})
    assert not stale, f"EXPECTED names URLs that no longer exist: {', '.join(stale)}"


# ---------------------------------------------------------------------------------------------
# The world each state is tested in


@dataclass
class Context:
    world: World
    state: str
    target: str
    inspection: Inspection | None

    def thing(self, key: str) -> Any:
        assert self.inspection is not None
        return self.world.extra[self.inspection.pk][key]


def prepare(world: World, state: str) -> None:
    """Bring both inspections to `state` with everything the URLs need to name."""
    world.set_state(state)
    for inspection, author in ((world.a, world.liaison_a), (world.b, world.liaison_b)):
        extra = world.extra[inspection.pk]
        world.grade_everything(inspection)
        extra["comment"] = FactualAccuracyComment.objects.create(
            inspection=inspection, finding=extra["afi"], text="The figure is wrong.", author=author)
        verified = extra["verified"]
        verified.attachment.save("notes.txt", ContentFile(b"Interview notes."), save=True)
        np = inspection.programme.frameworks.get(key="neighbourhood-policing")
        extra["practice"] = DevelopingPractice.objects.create(
            force=inspection.force, inspection=inspection, framework=np, title="Street briefings",
            problem="Officers lacked local knowledge.", solution="Daily briefings.", outcomes="Better knowledge.")
        extra["signal"], extra["proposal"] = _monitoring(world, inspection)
        extra["response_evidence"] = None
    if state == State.PUBLISHED:
        publish(world)


def publish(world: World) -> None:
    """Publish both prepared inspections as the URLs need them: a frozen version 1, the follow-ups
    opened, a force response with evidence. A world prepared in an earlier state moves on to published."""
    world.set_state(State.PUBLISHED)
    for inspection, author in ((world.a, world.liaison_a), (world.b, world.liaison_b)):
        extra = world.extra[inspection.pk]
        frozen = {"force": inspection.force.name, "recommendations": [
            {"number": r.number, "framework": r.framework.key, "text": r.text}
            for r in inspection.recommendations.select_related("framework")]}
        PublishedReport.objects.create(
            inspection=inspection, version=1, html="<html><body><h1>Frozen report</h1></body></html>",
            text="Frozen report", json=frozen, pdf=b"%PDF-1.4 frozen", sha256="0" * 64)
        # Publication opens the follow-ups (no page that reads them does).
        open_follow_ups(inspection=inspection, by=SYSTEM)
        extra["response_evidence"] = _response_evidence(inspection, author)


def _series(ctx: Context) -> dict[str, Any]:
    """The force and indicator of the inspection's signal: a series its force reports."""
    signal = ctx.thing("signal")
    return {"slug": signal.force.slug, "key": signal.indicator.key}


def _monitoring(world: World, inspection: Inspection) -> tuple[Any, Any]:
    """A signal about the inspection's force, the figures it was raised on, and a proposed inspection of
    the force in a later programme."""
    from django.utils import timezone

    from inspectorate.monitoring.models import Indicator, Observation, ProposedInspection, Signal
    from inspectorate.national.models import Programme

    indicator, _ = Indicator.objects.get_or_create(name="Burglary (made up)",
                                                   defaults={"key": "burglary-made-up", "is_synthetic": True})
    Observation.objects.bulk_create(
        [Observation(force=inspection.force, indicator=indicator, period=f"2008-{month:02d}", value=10.0 + month)
         for month in range(1, 9)], ignore_conflicts=True)
    signal = Signal.objects.create(force=inspection.force, indicator=indicator, rule="shift", start_period="2008-01",
                                   period="2008-08", end_period="2008-08", direction="deterioration", value=12.0,
                                   first_seen=timezone.now(), last_seen=timezone.now())
    later, _ = Programme.objects.get_or_create(
        slug="2010-test", defaults={"title": "2010 programme (made up)", "assessment_start": datetime.date(2009, 4, 1),
                                    "assessment_end": datetime.date(2010, 7, 1),
                                    "publication_month": datetime.date(2010, 10, 1)})
    later.frameworks.set(world.programme.frameworks.all())
    proposal = ProposedInspection.objects.create(
        programme=later, force=inspection.force, framework=world.programme.frameworks.get(key="domestic-violence"),
        rank=1, score=0.9, rationale="Made up.", proposed_at=timezone.now())
    return signal, proposal


def _response_evidence(inspection: Inspection, author: Any) -> Any:
    from inspectorate.recommendations.models import ForceResponse, ResponseEvidence
    from inspectorate.recommendations.services import follow_up_for

    follow_up = follow_up_for(inspection.recommendations.get())
    response = ForceResponse.objects.create(follow_up=follow_up, text="Done.", responded_on=datetime.date(2008, 11, 1),
                                            responded_by=author)
    evidence = ResponseEvidence(response=response, name="plan.txt", content_type="text/plain", size=5)
    evidence.file.save("plan.txt", ContentFile(b"Plan."), save=True)
    return evidence


def default_kwargs(ctx: Context, names: list[str], url_name: str) -> dict[str, Any]:
    world, inspection = ctx.world, ctx.inspection
    values: dict[str, Any] = {}
    for name in names:
        if name == "pk" and url_name.endswith("_signal"):
            values[name] = ctx.thing("signal").pk
        elif name == "pk" and url_name.endswith("_proposal"):
            values[name] = ctx.thing("proposal").pk
        elif name == "pk" and url_name == "followup:evidence":
            evidence = ctx.thing("response_evidence")
            values[name] = evidence.pk if evidence else 0
        elif name == "pk" and url_name.startswith("followup:"):
            values[name] = ctx.thing("rec").pk
        elif name == "pk" and url_name.startswith("practice:"):
            values[name] = ctx.thing("practice").pk
        elif name == "pk":
            values[name] = inspection.pk if inspection else 0
        elif name == "id" and url_name == "api:practice_example":
            values[name] = ctx.thing("practice").pk
        elif name == "id":
            values[name] = ctx.thing("rec").pk
        elif name == "evidence_pk":
            values[name] = ctx.thing("verified" if url_name.endswith(("attachment", "attach_evidence_file"))
                                     else "unverified").pk
        elif name == "finding_pk":
            values[name] = ctx.thing("afi" if url_name.endswith("raise_recommendation") else "strength").pk
        elif name == "rec_pk":
            values[name] = ctx.thing("rec").pk
        elif name == "comment_pk":
            values[name] = ctx.thing("comment").pk
        elif name == "direction":
            values[name] = "up"
        elif name == "to":
            steps = transitions_from(ctx.state)
            values[name] = steps[0].target if steps else State.DRAFTING
        elif name in ("framework_key",):
            values[name] = "neighbourhood-policing"
        elif name == "code":
            values[name] = "NP-F1"
        elif name == "force_slug":
            values[name] = inspection.force.slug if inspection else world.force_a.slug
        elif name in ("programme_slug", "slug"):
            values[name] = world.programme.slug
        elif name == "version":
            values[name] = 1
        elif name == "dataset":
            values[name] = "judgements"
        elif name == "fmt":
            values[name] = "csv"
        elif name == "uidb64":
            values[name] = urlsafe_base64_encode(force_bytes(world.lead.pk))
        elif name == "token":
            values[name] = "set-password"
        else:
            raise AssertionError(f"{url_name}: no value for the URL argument {name!r}; add one to default_kwargs")
    return values


def allowed(status: int, location: str, where: str) -> bool:
    if status in (401, 403, 404):
        return False
    if status in (301, 302):
        return "login" not in location
    if status in (200, 201, 204, 400, 409, 422):  # 409: a stale edit refused; 422: bad input refused
        return True
    raise AssertionError(f"{where}: unexpected status {status}")


def signed_in(world: World) -> dict[str, dict[str, str]]:
    """Each role signed in once, before the requests: the cookies of its session, by role. Every request
    as that role starts from them (what a request does to the session is rolled back with its savepoint)."""
    cookies: dict[str, dict[str, str]] = {"anonymous": {}}
    for role in SIGNED_IN:
        client = Client()
        client.force_login(world.users[role])
        cookies[role] = {name: morsel.value for name, morsel in client.cookies.items()}
    return cookies


# ---------------------------------------------------------------------------------------------
# One pass over the URLs, shared by the checks
#
# Each URL is requested once per role and state, and its answer kept: the access matrix checks its
# status against the table, test_reads_write_nothing.py that no GET wrote to the database, and the
# admin test its status for the admin's URLs. Each test still fails on its own, naming the URL and
# role; the answers are kept for the process (an xdist worker), so whichever of these tests comes
# first in a state makes the pass, and the others read it.

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)
PARTS = ("application", "admin")
# The admin's sign-out would end the session; view_on_site is a redirect to the object's own page.
ADMIN_NOT_REQUESTED = ("admin:logout", "admin:view_on_site")


@dataclass(frozen=True)
class Answer:
    """What one request got: its status, where a redirect went, any writing SQL it issued (rolled back
    with its savepoint), and the exception the view raised, if it raised one."""

    method: str
    name: str
    url: str
    role: str
    target: str
    state: str
    status: int
    location: str
    expected: bool | None  # allowed by the table (None for the admin's URLs: checked by their own rule)
    writes: tuple[str, ...]
    error: str = ""

    @property
    def where(self) -> str:
        return f"{self.method} {self.name} ({self.url}) as {self.role} on {self.target} at {self.state}"


def request(role: str, method: str, url: str, data: dict[str, Any], cookies: dict[str, dict[str, str]],
            clients: dict[str, Client]) -> tuple[int, str, tuple[str, ...], str]:
    """One request as `role` in a savepoint that is rolled back afterwards: (status, Location, writing SQL,
    the view's exception or ""). It starts from the cookies of the role's session (from `signed_in`); the
    role's `Client` is reused, its cookies replaced, so that each request starts as from a new client
    without building the middleware again (as a server builds it once)."""
    client = clients[role]
    client.cookies = SimpleCookie()
    client.cookies.load(cookies[role])
    status, location, error, writes = 500, "", "", []

    def watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        if WRITE.match(sql):
            writes.append(f"{sql} {params!r}" if params else sql)
        return execute(sql, params, many, context)

    with transaction.atomic(), connection.execute_wrapper(watch):
        try:
            response = client.get(url) if method == "GET" else client.post(url, data)
            status, location = response.status_code, response.get("Location", "")
        except Exception:  # the view raised: named in the checks' failures, with where it was raised
            error = traceback.format_exc(limit=-6)
        transaction.set_rollback(True)
    return status, location, tuple(writes), error


def planned(world: World, state: str, part: str) -> Iterator[tuple[Rule, str, str, str, dict[str, Any]]]:
    """The requests of one part of the pass, as (rule, URL name, target, URL, data): every rule of EXPECTED
    against each of its targets, or every GET of the admin that the walk can name (its rule allows nobody:
    the admin's own check is that only administrators get in)."""
    if part == "admin":
        for name, kwarg_names in admin_urls():
            kwargs = admin_kwargs(world, name, kwarg_names)
            if kwargs is not None and name not in ADMIN_NOT_REQUESTED:
                yield Rule("GET", NOBODY, targeted=False), name, "-", reverse(name, kwargs=kwargs), {}
        return
    for name, kwarg_names in application_urls():
        for rule in EXPECTED.get(name, []):
            targets = (("A", world.a), ("B", world.b)) if rule.targeted else (("-", None),)
            for target, inspection in targets:
                ctx = Context(world, state, target, inspection)
                kwargs = rule.kwargs(ctx) if rule.kwargs else default_kwargs(ctx, kwarg_names, name)
                yield rule, name, target, reverse(name, kwargs=kwargs), rule.data(ctx) if rule.data else {}


def run_pass(world: World, state: str, part: str) -> list[Answer]:
    """Every planned request of `part` as every role, in a world prepared in `state`."""
    cookies = signed_in(world)
    clients = {role: Client() for role in ROLES}
    answers = []
    for rule, name, target, url, data in planned(world, state, part):
        for role in ROLES:
            status, location, writes, error = request(role, rule.method, url, data, cookies, clients)
            expected = f"{role}@{target}" in rule.expected(state) if part == "application" else None
            answers.append(Answer(rule.method, name, url, role, target, state, status, location, expected, writes,
                                  error))
    return answers


_ANSWERS: dict[tuple[str, str], list[Answer]] = {}

Answers = Callable[[str, str], list[Answer]]


@pytest.fixture
def answers(db: Any, media: Any) -> Answers:
    """``answers(state, part)``: the answers of the pass in `state` (see above). The first test of a process
    to ask for a state builds the world, prepares it and makes the pass; later ones read its answers."""
    world: World | None = None

    def of(state: str, part: str) -> list[Answer]:
        nonlocal world
        if (state, part) not in _ANSWERS:
            if world is None:
                world = build_world()
                prepare(world, state)
            assert world.a.state == state, "one test, one state"
            _ANSWERS[state, part] = run_pass(world, state, part)
        return _ANSWERS[state, part]

    return of


def disagreements(answers: list[Answer]) -> list[str]:
    """Where the answers differ from the table, a view raised, or a status is none a check knows."""
    problems = []
    for answer in answers:
        if answer.error:
            problems.append(f"{answer.where}: raised\n{answer.error}")
            continue
        try:
            got = allowed(answer.status, answer.location, answer.where)
        except AssertionError as unexpected:
            problems.append(str(unexpected))
            continue
        if got != answer.expected:
            problems.append(f"{answer.where}: {'allowed' if got else 'denied'}, expected "
                            f"{'allowed' if answer.expected else 'denied'}")
    return problems


@pytest.mark.parametrize("state", STATES)
def test_every_url_allows_and_denies_as_the_table_says(answers: Answers, state: str) -> None:
    problems = disagreements(answers(state, "application"))
    assert not problems, f"{len(problems)} disagreement(s) with the table:\n" + "\n".join(problems)


@pytest.fixture
def matrix_world(db: Any, media: Any) -> World:
    return build_world()


# ---------------------------------------------------------------------------------------------
# The Django admin: administrators only (its sign-in page and sign-out excepted)


def admin_kwargs(world: World, name: str, kwarg_names: list[str]) -> dict[str, Any] | None:
    from django.apps import apps

    values: dict[str, Any] = {}
    for kwarg in kwarg_names:
        if kwarg == "app_label":
            values[kwarg] = "inspections"
        elif kwarg == "object_id":
            app_model = name.split(":", 1)[1].rsplit("_", 1)[0]
            model = next((m for m in apps.get_models() if f"{m._meta.app_label}_{m._meta.model_name}" == app_model),
                         None)
            obj = model.objects.first() if model is not None else None
            if obj is None:
                return None
            values[kwarg] = obj.pk
        elif kwarg == "content_type_id":
            values[kwarg] = ContentType.objects.get_for_model(Inspection).pk
        elif kwarg == "id":
            values[kwarg] = world.a.pk
        else:
            return None
    return values


def test_the_admin_is_for_administrators_only(answers: Answers) -> None:
    problems, admitted = [], set()
    for answer in answers(State.DRAFTING, "admin"):
        if answer.name == "admin:login":
            continue
        if answer.error:
            problems.append(f"GET {answer.name} ({answer.url}) as {answer.role}: raised\n{answer.error}")
            continue
        got = allowed(answer.status, answer.location, f"{answer.name} as {answer.role}")
        if got and answer.role != "admin":
            problems.append(f"GET {answer.name} ({answer.url}) as {answer.role}: allowed")
        elif got:
            admitted.add(answer.name)
    assert not problems, "\n".join(problems)
    # Administrators do get in (some pages, such as adding to the append-only audit trail, refuse everyone).
    assert {"admin:index", "admin:inspections_inspection_changelist", "admin:accounts_user_change"} <= admitted
    assert len(admitted) > 40


def test_a_password_reset_link_with_a_real_token_works(matrix_world: World) -> None:
    user = matrix_world.lead
    url = reverse("password_reset_confirm", kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                                                    "token": default_token_generator.make_token(user)})
    response = Client().get(url, follow=True)
    assert "Choose a new password" in response.content.decode()
