"""Events written before the chain existed (a demo or an older database) are chained by migration
`audit/0003_chain_existing_events`, in id order, before the triggers of `audit/0004` are created."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from inspectorate.audit.chain import GENESIS
from inspectorate.audit.models import AuditChainHead, AuditEvent

BEFORE_CHAIN = [("audit", "0002_hash_chain"), ("reports", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_existing_events_are_chained_in_id_order() -> None:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_CHAIN)
    old = executor.loader.project_state(BEFORE_CHAIN).apps.get_model("audit", "AuditEvent")
    written = datetime.datetime(2007, 10, 1, 9, 30, tzinfo=datetime.UTC)
    for n in range(3):  # as the old code wrote them: no hashes
        old.objects.create(at=written + datetime.timedelta(minutes=n), action="test.old", object_type="forces.Force",
                           object_id=str(n), summary=f"Written before the chain ({n})", after={"n": n})
    assert set(old.objects.values_list("hash", flat=True)) == {""}

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    events = list(AuditEvent.objects.order_by("id"))
    assert [event.previous_hash for event in events] == [GENESIS, events[0].hash, events[1].hash]
    assert AuditChainHead.objects.get().last_hash == events[-1].hash
    assert events[0].at == written  # the stored time, as it was
    out = io.StringIO()
    call_command("verify_audit", stdout=out, stderr=io.StringIO())
    assert "3 events" in out.getvalue()
