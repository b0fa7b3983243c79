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
    load_the_library()
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


# ---------------------------------------------------------------------------------------------
# Reference data, loaded for real once per test process and then replayed. Most tests start from
# the library or the reference data (the 43 forces, the 2007 programme, Bedfordshire 2007), and
# loading them (parsing the YAML, validating, a few hundred single-row writes) took one or two
# seconds of every such test. The first load in a process is the real one; the tables it changed,
# and their rows afterwards, are recorded. A later test that asks for the same load from the same
# starting point gets those rows copied in instead (COPY on PostgreSQL, an INSERT per table on
# SQLite), inside its own transaction, so that they are rolled back with the test as before.
#
# The starting point is the database as migrations left it: for the reference data, the whole of
# it; for the library, which reads nothing but the framework tables it writes, those tables. A test
# that starts anywhere else (it wrote forces first) gets the real load, as does a load that cannot be
# replayed (it wrote a table that a trigger fills, or changed a table with triggers that migrations
# fill). A table that migrations fill and the load changes (the audit chain's head) is emptied and
# refilled with the load's rows. After a transactional test's flush, which leaves the content types
# and permissions recreated under new ids and nothing else, those tables are put back as they were.


@dataclass
class _Recorded:
    rows: dict[str, tuple[list[str], Any]]  # table -> (columns, rows or COPY bytes), after the load
    emptied: list[str] = field(default_factory=list)  # tables that migrations fill and the load changed
    replayable: bool = True


_PRISTINE: dict[str, Any] = {}
_RECORDED: dict[str, _Recorded] = {}


def _model_tables() -> dict[str, Any]:
    from django.apps import apps

    return {model._meta.db_table: model for model in apps.get_models(include_auto_created=True)
            if model._meta.managed and not model._meta.proxy}


def _state(tables: Any = None) -> dict[str, Any]:
    """Row counts of every model table and a digest of the rows of each non-empty one (of ``tables``)."""
    import hashlib

    from django.db import connection

    quote = connection.ops.quote_name
    names = sorted(_model_tables())
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(f"SELECT {i}, COUNT(*) FROM {quote(t)}" for i, t in enumerate(names)))
        counts = {names[i]: count for i, count in cursor.fetchall()}
        digests = {}
        for table, count in counts.items():
            if count and (tables is None or table in tables):
                cursor.execute(f"SELECT * FROM {quote(table)} ORDER BY 1")
                digests[table] = hashlib.sha256(repr(cursor.fetchall()).encode()).hexdigest()
    return {"counts": counts, "digests": digests}


def _as_pristine(state: dict[str, Any], tables: Any = None) -> bool:
    """Whether ``state`` (of ``tables``, else of them all) is as migrations left the database."""
    if not _PRISTINE:
        return False
    tables = set(_PRISTINE["counts"]) if tables is None else set(tables)
    return all(state["counts"][t] == _PRISTINE["counts"][t] and
               state["digests"].get(t) == _PRISTINE["digests"].get(t) for t in tables)


def note_pristine_state() -> None:
    """Record the test database as migrations left it (once per process, from django_db_setup)."""
    from django.db import connection

    _PRISTINE.clear()
    _PRISTINE.update(_state())
    with connection.cursor() as cursor:
        _PRISTINE["rows"] = {table: _rows_of(cursor, table) for table in _PRISTINE["digests"]}
    _RECORDED.clear()


def _restore_if_only_renumbered(state: dict[str, Any]) -> bool:
    """After a transactional test's flush, the database holds what migrations fill (content types,
    permissions) afresh under new ids, or not at all (the audit chain's head), and nothing else. Put
    those tables back as migrations left them, with their ids, and say whether that was done."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    pristine = _PRISTINE["counts"]
    if not all(count == 0 or (pristine[table] and count == pristine[table])
               for table, count in state["counts"].items()):
        return False
    with transaction.atomic():
        _replay(_Recorded(_PRISTINE["rows"], emptied=list(_PRISTINE["rows"])), reset_sequences=False)
        ContentType.objects.clear_cache()
        if _as_pristine(_state()):
            return True
        transaction.set_rollback(True)
    ContentType.objects.clear_cache()
    return False


def _has_triggers(cursor: Any, table: str, event: str) -> bool:
    """Whether ``table`` has triggers on ``event`` (INSERT, say; anything if empty) that a replay would
    get wrong: on SQLite, those that write into a model table (the replay copies those tables itself,
    whereas one that keeps a search index up to date fires on the replay's INSERT as on the load's);
    on PostgreSQL, any."""
    import re

    from django.db import connection

    if connection.vendor == "sqlite":
        cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s AND sql LIKE %s",
                       [table, f"%{event}%"])
        written = {name for (sql,) in cursor.fetchall()
                   for name in re.findall(r"(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+\"?(\w+)", sql, re.I)}
        return bool(written & set(_model_tables())) or (not event and bool(written))
    cursor.execute("SELECT COUNT(*) FROM information_schema.triggers WHERE event_object_table = %s "
                   "AND event_manipulation LIKE %s", [table, f"%{event}%"])
    return bool(cursor.fetchone()[0])


def _record(before: dict[str, Any]) -> _Recorded:
    from django.db import connection

    after = _state()
    changed = [table for table, count in after["counts"].items() if count != before["counts"][table]
               or after["digests"].get(table) != before["digests"].get(table)]
    if not _as_pristine(before, changed):
        return _Recorded({}, replayable=False)  # it did not start from where migrations left its tables
    recorded = _Recorded({}, emptied=[table for table in changed if _PRISTINE["counts"][table]])
    with connection.cursor() as cursor:
        for table in changed:
            if _has_triggers(cursor, table, "" if table in recorded.emptied else "INSERT"):
                return _Recorded({}, replayable=False)
            recorded.rows[table] = _rows_of(cursor, table)
    return recorded


def _rows_of(cursor: Any, table: str) -> tuple[list[str], Any]:
    """The columns of ``table`` and its rows exactly as stored: COPY's bytes on PostgreSQL, tuples on SQLite."""
    from django.db import connection

    quote = connection.ops.quote_name
    columns = [column.name for column in connection.introspection.get_table_description(cursor, table)]
    names = ", ".join(quote(column) for column in columns)
    if connection.vendor == "postgresql":
        data = bytearray()
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) TO STDOUT") as copy:
            for block in copy:
                data += block
        return columns, bytes(data)
    # Unary plus gives each value as stored, past the converters of declared types.
    cursor.execute(f"SELECT {', '.join('+' + quote(c) for c in columns)} FROM {quote(table)}")
    return columns, cursor.fetchall()


def _replay(recorded: _Recorded, *, reset_sequences: bool = True) -> None:
    from django.core.management.color import no_style
    from django.db import connection

    quote = connection.ops.quote_name
    models = _model_tables()
    with connection.cursor() as cursor:
        for table in recorded.emptied:
            cursor.execute(f"DELETE FROM {quote(table)}")
        for table, (columns, rows) in recorded.rows.items():
            names = ", ".join(quote(column) for column in columns)
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                    copy.write(rows)
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        if reset_sequences:
            for statement in connection.ops.sequence_reset_sql(no_style(), [models[t] for t in recorded.rows]):
                cursor.execute(statement)


def loaded_once(name: str, load: Any, *, reads_only_what_it_writes: bool = False) -> None:
    """Run ``load()``, which writes the same rows whenever it starts from the same database; or copy
    in the rows its first run in this process wrote, when the database is where that run began (all
    of it, or only the tables it writes if ``reads_only_what_it_writes``)."""
    from django.db import transaction

    recorded = _RECORDED.get(name)
    if recorded is not None and recorded.replayable:
        tables = recorded.rows if reads_only_what_it_writes else None
        state = _state(tables)
        with transaction.atomic():
            if _as_pristine(state, tables) or (tables is None and _restore_if_only_renumbered(state)):
                _replay(recorded)
                return
    if recorded is not None:
        load()
        return
    before = _state()
    if not reads_only_what_it_writes and not _as_pristine(before):
        with transaction.atomic():
            if not _restore_if_only_renumbered(before):
                load()  # recorded only from where migrations left the database
                return
        before = _state()
    load()
    _RECORDED[name] = _record(before)


def load_the_library() -> None:
    """The framework library (library/), as ``load_library`` loads it."""
    loaded_once("library", load_library, reads_only_what_it_writes=True)


def load_reference_data() -> None:
    """The library and the reference data, as ``inspectorate load_library`` then ``load_reference``."""
    import io

    from django.core.management import call_command

    def load() -> None:
        call_command("load_library", stdout=io.StringIO())
        call_command("load_reference", stdout=io.StringIO())

    loaded_once("reference", load)
