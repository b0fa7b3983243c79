"""The one world factory of the tests: made-up people, forces, programmes and inspections, and signing in.

Every test user is made by `make_user` and has the password `PASSWORD`. `build_world` makes the
workspace world: Fenshire Constabulary (force A) and Wealdmoor Police (force B), both made up, each
with an inspection; inspection A has a lead and two inspectors, inspection B its own lead and
inspector; a user per role. The fixtures in tests/conftest.py (`world`, `users`, `forces`...) and
the area conftests build on these functions. `sign_in` signs a browser page in, the one helper for it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.utils import timezone

from inspectorate.accounts.models import Role, User
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.frameworks.services import load_library
from inspectorate.inspections.lifecycle import approve_publication, change_state, request_publication
from inspectorate.inspections.models import (
    Category,
    EvidenceItem,
    Finding,
    Inspection,
    Judgement,
    Recommendation,
    State,
)
from inspectorate.inspections.peel_demo import CORE_QUESTIONS as PEEL_CORE_QUESTIONS
from inspectorate.inspections.peel_demo import PEEL_LIBRARY
from inspectorate.national.models import Programme

PASSWORD = "correct-horse-battery-staple"
KEYS = ["neighbourhood-policing", "performance-management", "pvp-overview", "child-abuse",
        "domestic-violence", "public-protection", "missing-persons"]


def make_user(username: str, role: str, *, first_name: str | None = None, last_name: str | None = None,
              email: str | None = None, **extra: Any) -> User:
    """A user with the test password; names from the username ("lee_lead" is Lee Lead) unless given."""
    first, _, last = username.partition("_")
    user = User(username=username, role=role,
                first_name=first.title() if first_name is None else first_name,
                last_name=(last or "Example").title() if last_name is None else last_name,
                email=f"{username}@example.org" if email is None else email, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def made_up_forces(*pairs: tuple[str, str]) -> list[Force]:
    """Made-up forces by (name, slug): Fenshire Constabulary and Wealdmoor Police unless told."""
    pairs = pairs or (("Fenshire Constabulary", "fenshire-constabulary"), ("Wealdmoor Police", "wealdmoor-police"))
    return [Force.objects.create(name=name, slug=slug, country="England", is_synthetic=True) for name, slug in pairs]


def make_programme(slug: str, year: int, *, title: str | None = None, keys: list[str] | None = None,
                   frameworks: Any = None, previous: Programme | None = None) -> Programme:
    """A made-up programme assessed from April of ``year - 1`` to July of ``year``, published that October;
    its frameworks are ``frameworks`` (a queryset) or the current ones of ``keys`` (none if neither)."""
    programme = Programme.objects.create(
        slug=slug, title=title or f"{year} test programme", assessment_start=datetime.date(year - 1, 4, 1),
        assessment_end=datetime.date(year, 7, 1), publication_month=datetime.date(year, 10, 1), previous=previous,
    )
    if frameworks is None and keys is not None:
        frameworks = Framework.objects.filter(key__in=keys, is_current=True)
    if frameworks is not None:
        programme.frameworks.set(frameworks)
    return programme


def signed_in_client(user: User) -> Client:
    """A test client signed in as ``user`` without the login form (a session, no password hashing)."""
    client = Client()
    client.force_login(user)
    return client


def sign_in(page: Any, base_url: str, username: str, password: str | None = None) -> None:
    """Sign a browser page in as ``username``: through the login form when given the password (as a
    person does), else by handing the browser a session made with ``force_login`` (cheaper, for tests
    about what comes after signing in)."""
    from django.conf import settings
    from django.urls import reverse

    page.context.clear_cookies()
    if password is None:
        client = signed_in_client(User.objects.get(username=username))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])
        return
    page.goto(f"{base_url}{reverse('login')}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def assess_met_in_browser(page: Any, code: str, rationale: str) -> None:
    """On the assessment page: tick the first evidence bearing on `code`, give `rationale` and mark it
    met, waiting for each autosave; then the row must say it is saved."""
    from playwright.sync_api import expect

    def saved(response: Any) -> bool:
        return f"/criteria/{code}/" in response.url

    with page.expect_response(saved):
        page.get_by_role("group", name=f"Evidence that bears on {code}").get_by_role("checkbox").first.check()
    with page.expect_response(saved):
        page.get_by_label(f"Rationale for {code}").fill(rationale)
        page.get_by_label(f"Rationale for {code}").blur()
    with page.expect_response(saved):
        page.get_by_label(f"Assessment of {code}").select_option("met")
    expect(page.locator(f"#criterion-{code}-status")).to_contain_text(f"Saved: {code} is met.")


@dataclass
class World:
    programme: Programme
    force_a: Force
    force_b: Force
    a: Inspection
    b: Inspection
    users: dict[str, User]
    extra: dict[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)

    def set_state(self, state: str, *inspections: Inspection) -> None:
        for inspection in inspections or (self.a, self.b):
            Inspection.objects.filter(pk=inspection.pk).update(state=state)
            inspection.refresh_from_db()

    def grade_everything(self, inspection: Inspection, grade: str = "Fair") -> None:
        """Give every graded framework a final grade (as the grading part of the application would)."""
        for framework in inspection.programme.frameworks.filter(graded=True):
            Judgement.objects.update_or_create(
                inspection=inspection, framework=framework,
                defaults={"final_grade": grade, "derived_grade": grade, "derived_decision": "rule"},
            )

    def approve_for_publication(self, inspection: Inspection) -> None:
        """Take the inspection to the factual-accuracy check, graded Fair throughout, with publication
        requested by its lead and approved by the moderator, as the lifecycle's services do it."""
        self.set_state(State.FACTUAL_ACCURACY, inspection)
        self.grade_everything(inspection, "Fair")
        request_publication(inspection=inspection, by=self.lead)
        approve_publication(inspection=inspection, by=self.moderator)
        inspection.refresh_from_db()

    def publish(self, inspection: Inspection) -> None:
        """Approve the inspection for publication and publish it (version 1 of its report)."""
        self.approve_for_publication(inspection)
        change_state(inspection=inspection, to=State.PUBLISHED, by=self.lead)

    def client_for(self, username: str) -> Client:
        return signed_in_client(self.users[username])


def build_world(state: str = State.DRAFTING, *, keys: list[str] | None = None, populated: bool = True,
                programme: Programme | None = None) -> World:
    """Both inspections in `state`; `keys` narrows the programme's frameworks; `populated` adds
    evidence, findings and a recommendation to each; `programme` is the programme (a 2008 one if not given)."""
    load_library()
    if programme is None:
        programme = make_programme("2008-test", 2008, title="2008 inspection programme (made up)", keys=keys or KEYS)
    force_a, force_b = made_up_forces()
    users = {
        "lead": make_user("lee_lead", Role.LEAD_INSPECTOR),
        "inspector": make_user("indira_inspector", Role.INSPECTOR),
        "colleague": make_user("cal_colleague", Role.INSPECTOR),
        "lead_b": make_user("bo_leadb", Role.LEAD_INSPECTOR),
        "inspector_b": make_user("olu_outsider", Role.INSPECTOR),
        "moderator": make_user("morgan_moderator", Role.MODERATOR),
        "admin": make_user("alex_admin", Role.ADMIN, is_staff=True, is_superuser=True),
        "liaison_a": make_user("lindsay_liaison", Role.FORCE_LIAISON, force=force_a),
        "liaison_b": make_user("wynn_liaison", Role.FORCE_LIAISON, force=force_b),
    }
    a = Inspection.objects.create(force=force_a, programme=programme, state=state, lead=users["lead"])
    a.team.set([users["inspector"], users["colleague"]])
    b = Inspection.objects.create(force=force_b, programme=programme, state=state, lead=users["lead_b"])
    b.team.set([users["inspector_b"]])
    world = World(programme=programme, force_a=force_a, force_b=force_b, a=a, b=b, users=users)
    if not populated:
        return world
    for inspection, collector, verifier in ((a, users["inspector"], users["colleague"]),
                                            (b, users["inspector_b"], users["lead_b"])):
        populate(world, inspection, collector, verifier)
    return world


def populate(world: World, inspection: Inspection, collector: User, verifier: User) -> None:
    """Evidence (one verified, one not), findings in two frameworks and a recommendation."""
    np = inspection.programme.frameworks.get(key="neighbourhood-policing")
    dv = inspection.programme.frameworks.get(key="domestic-violence")
    verified = EvidenceItem.objects.create(
        inspection=inspection, source_kind="interview", summary="Interview with the neighbourhood inspector.",
        date=datetime.date(2008, 3, 14), collected_by=collector, verified_by=verifier, verified_at=timezone.now(),
    )
    verified.criteria.set(np.criteria.filter(code__in=["NP-F1", "NP-F2"]))
    unverified = EvidenceItem.objects.create(
        inspection=inspection, source_kind="document", summary="Domestic violence policy, version 3.",
        date=datetime.date(2008, 3, 20), collected_by=collector,
    )
    unverified.criteria.set(dv.criteria.filter(code="DV-F1"))
    strength = Finding.objects.create(inspection=inspection, framework=np, category=Category.STRENGTH, order=1,
                                      text="Neighbourhood teams are known to their communities.")
    afi = Finding.objects.create(inspection=inspection, framework=np, category=Category.AREA_FOR_IMPROVEMENT,
                                 order=1, text="Problem solving with partners is not yet routine.")
    dv_afi = Finding.objects.create(inspection=inspection, framework=dv, category=Category.AREA_FOR_IMPROVEMENT,
                                    order=1, text="Risk assessments reach the specialist unit late.")
    rec = Recommendation.objects.create(inspection=inspection, framework=np, finding=afi, number=1,
                                        text="That the force makes joint problem solving routine.")
    world.extra[inspection.pk] = {"verified": verified, "unverified": unverified, "strength": strength,
                                  "afi": afi, "dv_afi": dv_afi, "rec": rec}


def build_peel_world(state: str = State.FIELDWORK) -> World:
    """`build_world` for a made-up PEEL programme graded by the peel-2025 model: its two core questions
    (library/peel/), the same made-up forces and people, no evidence or findings yet."""
    load_library(directory=PEEL_LIBRARY)  # build_world loads the 2007 library
    programme = make_programme("peel-test", 2026, title="PEEL 2026 test programme (made up)",
                               keys=PEEL_CORE_QUESTIONS)
    programme.grading_model = "peel-2025"
    programme.save(update_fields=["grading_model"])
    return build_world(state, populated=False, programme=programme)
