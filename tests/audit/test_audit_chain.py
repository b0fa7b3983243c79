"""The audit trail is a hash chain, append-only in the database itself, checked by `inspectorate verify-audit`.

Every test runs on SQLite and, through `scripts/with-postgres.sh`, on PostgreSQL. Tests that drop a
trigger to tamper on purpose do so inside the test's transaction: DDL is transactional on both
databases, so the rollback at the end of the test puts the trigger back.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
import tampering
from django.db import IntegrityError, connection, transaction
from tampering import run_verify

from inspectorate.audit.append_only import install
from inspectorate.audit.chain import GENESIS
from inspectorate.audit.models import AuditChainHead, AuditEvent
from inspectorate.audit.services import hash_of, record_event
from inspectorate.forces.models import Force

TABLE = "audit_auditevent"


@pytest.fixture
def trail(db: Any) -> list[AuditEvent]:
    force = Force.objects.create(name="Fenshire Constabulary", slug="fenshire-constabulary", country="England",
                                 is_synthetic=True)
    return [
        record_event(actor=None, action=f"test.step_{n}", obj=force, summary=f"Step {n} of a made-up history",
                     before={"n": n - 1, "tuple": (1, 2)}, after={"n": n, 1: "int key"})
        for n in range(1, 5)
    ]


def verify() -> tuple[int, str, str]:
    return run_verify("verify_audit")


def tamper(sql: str, params: list[Any]) -> None:
    tampering.tamper(TABLE, sql, params)


def test_each_event_is_chained_to_the_one_before(trail: list[AuditEvent]) -> None:
    stored = list(AuditEvent.objects.order_by("id"))
    assert [event.previous_hash for event in stored] == [GENESIS] + [event.hash for event in stored[:-1]]
    assert all(hash_of(event) == event.hash and len(event.hash) == 64 for event in stored)
    assert len({event.hash for event in stored}) == 4
    head = AuditChainHead.objects.get()
    assert (head.last_hash, head.length) == (stored[-1].hash, 4)
    # JSON is stored as it is hashed: a tuple as a list, an integer key as a string.
    assert stored[0].before == {"n": 0, "tuple": [1, 2]} and stored[0].after == {"n": 1, "1": "int key"}
    code, out, err = verify()
    assert (code, err) == (0, "")
    assert "4 events" in out and stored[-1].hash in out


@pytest.mark.parametrize("statement", [
    "UPDATE audit_auditevent SET summary = 'Rewritten' WHERE id = %s",
    "DELETE FROM audit_auditevent WHERE id = %s",
])
def test_the_database_refuses_to_change_or_remove_an_event(trail: list[AuditEvent], statement: str) -> None:
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [trail[1].pk])
    assert AuditEvent.objects.get(pk=trail[1].pk).summary == "Step 2 of a made-up history"


def test_the_orm_is_refused_too(trail: list[AuditEvent]) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=trail[0].pk).update(action="test.rewritten")
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEvent.objects.filter(pk=trail[0].pk).delete()
    assert AuditEvent.objects.count() == 4


def test_an_event_altered_with_the_trigger_dropped_is_named(trail: list[AuditEvent]) -> None:
    tamper("UPDATE audit_auditevent SET summary = 'Nothing happened' WHERE id = %s", [trail[2].pk])
    code, out, err = verify()
    assert code == 1 and out == ""
    assert f"broken at audit event {trail[2].pk} (test.step_3)" in err
    assert "altered after it was written" in err and "the 2 event(s) before it are sound" in err
    assert f"triggers that refuse UPDATE and DELETE on {TABLE} are missing" in err
    assert trail[2].at.strftime("%d %B %Y %H:%M:%S") in err


def test_an_event_removed_from_the_middle_is_found_at_the_next(trail: list[AuditEvent]) -> None:
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[1].pk])
    code, _, err = verify()
    assert code == 1
    assert f"broken at audit event {trail[2].pk} (test.step_3)" in err and "removed" in err


def test_an_event_removed_from_the_end_is_found_at_the_head(trail: list[AuditEvent]) -> None:
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [trail[3].pk])
    code, _, err = verify()
    assert code == 1
    assert "broken at the chain head" in err and "records 4 events" in err and "holds 3" in err


def test_a_sound_chain_without_its_triggers_is_not_reported_sound(trail: list[AuditEvent]) -> None:
    tamper("SELECT 1", [])
    code, out, err = verify()
    assert code == 1 and "4 events" in out and "are missing" in err
    install(connection, TABLE)
    assert verify()[0] == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_predecessor() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time; the race needs PostgreSQL")
    force = Force.objects.create(name="Wealdmoor Police", slug="wealdmoor-police", country="England",
                                 is_synthetic=True)
    start, failures = threading.Barrier(6), []

    def write(n: int) -> None:
        try:
            start.wait()
            for step in range(5):
                with transaction.atomic():
                    record_event(actor=None, action="test.concurrent", obj=force, summary=f"Writer {n} step {step}")
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    events = list(AuditEvent.objects.order_by("id"))
    assert len(events) == 30 and len({event.previous_hash for event in events}) == 30
    assert verify()[0] == 0
