"""Findings added at the same moment never share an order position (the inspection's row is locked)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, connections
from world import build_world

from inspectorate.inspections import services
from inspectorate.inspections.models import Category, Finding

WRITERS, EACH = 8, 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_findings_take_distinct_positions(settings: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the test database on SQLite is in memory, one writer at a time anyway")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    world = build_world(populated=False)
    np = world.programme.frameworks.get(key="neighbourhood-policing")
    start = threading.Barrier(WRITERS)
    failures: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(EACH):
                services.add_finding(inspection=world.a, framework=np, category=Category.STRENGTH,
                                     text=f"Finding {n}.{i} (made up).", by=world.inspector)
        except BaseException as error:  # noqa: BLE001 - reported below
            failures.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(WRITERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    orders = sorted(Finding.objects.filter(inspection=world.a, framework=np, category=Category.STRENGTH)
                    .values_list("order", flat=True))
    assert orders == list(range(1, WRITERS * EACH + 1))
