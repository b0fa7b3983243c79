"""The world's once-per-process loads: a replay writes what the real load writes."""

from __future__ import annotations

import io
from typing import Any

import pytest
import world
from django.core.management import call_command
from django.db import connection, transaction

pytestmark = pytest.mark.django_db

TIMED = {"hash", "previous_hash", "last_hash"}  # the audit chain's, over each event's time


def _rows_but_times() -> dict[str, list[tuple[Any, ...]]]:
    """Every model table's rows, in order, without the moments they were written (a replay's rows
    carry those of the first load in the process) or the audit chain's hashes, which cover them."""
    from django.db import models

    rows = {}
    for table, model in world._model_tables().items():
        columns = [f.column for f in model._meta.local_concrete_fields
                   if not isinstance(f, models.DateTimeField) and f.column not in TIMED]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} FROM "
                           f"{connection.ops.quote_name(table)} ORDER BY 1")
            rows[table] = cursor.fetchall()
    return rows


def _after(load: Any) -> dict[str, Any]:
    """The database after ``load()``, inside a savepoint that is rolled back."""
    with transaction.atomic():
        load()
        state = {**world._state(), "rows": _rows_but_times()}
        transaction.set_rollback(True)
    return state


def _real_load() -> None:
    call_command("load_library", stdout=io.StringIO())
    call_command("load_reference", stdout=io.StringIO())


def test_replayed_reference_data_is_what_loading_it_writes() -> None:
    _after(world.load_reference_data)  # recorded, if no test in this process has loaded it yet
    assert world._RECORDED["reference"].replayable
    replayed, real = _after(world.load_reference_data), _after(_real_load)
    assert replayed["counts"] == real["counts"]
    assert sum(real["counts"].values()) > 400  # 43 forces, the frameworks and their criteria...
    if connection.vendor == "sqlite":  # PostgreSQL's sequences run on past a rollback, so its ids differ
        assert replayed["rows"] == real["rows"]


def test_a_database_that_is_not_where_the_load_began_gets_the_real_load() -> None:
    from inspectorate.forces.models import Force

    _after(world.load_reference_data)
    Force.objects.create(name="Fenshire Constabulary", slug="fenshire-constabulary", country="England",
                         is_synthetic=True)
    assert not world._as_pristine(world._state())
    world.load_reference_data()  # the real load, which adds the 43 forces beside Fenshire's
    assert Force.objects.count() == 44
    assert Force.objects.filter(slug="fenshire-constabulary").exists()
