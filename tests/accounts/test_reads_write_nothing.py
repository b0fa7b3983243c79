"""No GET writes anything: every URL of the access matrix, as every role, in every state it is tested in.

The URLs, roles, states and the world are the access matrix's own (test_access_matrix.py), so a
new URL is covered here as soon as it is added there. Signing in happens before the capture
(its session and last-login writes are not the page's); during each GET, any INSERT, UPDATE or
DELETE that reaches the database is a failure, named with its URL and role.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from test_access_matrix import (
    EXPECTED,
    ROLES,
    STATES,
    Context,
    admin_kwargs,
    admin_urls,
    application_urls,
    default_kwargs,
    prepare,
)
from world import World, build_world

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)


@pytest.fixture
def reads_world(db: Any, media: Any) -> World:
    return build_world()


def _clients(world: World) -> dict[str, Client]:
    clients = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            client.force_login(world.users[role])
        clients[role] = client
    return clients


def _get_urls(world: World, state: str) -> list[str]:
    urls = []
    for name, kwarg_names in application_urls():
        for rule in EXPECTED.get(name, []):
            if rule.method != "GET":
                continue
            targets = (("A", world.a), ("B", world.b)) if rule.targeted else (("-", None),)
            for target, inspection in targets:
                ctx = Context(world, state, target, inspection)
                kwargs = rule.kwargs(ctx) if rule.kwargs else default_kwargs(ctx, kwarg_names, name)
                urls.append(reverse(name, kwargs=kwargs))
    for name, kwarg_names in admin_urls():
        kwargs = admin_kwargs(world, name, kwarg_names)
        if kwargs is not None and name not in ("admin:logout", "admin:view_on_site"):
            urls.append(reverse(name, kwargs=kwargs))
    return urls


def writes_during(client: Client, url: str) -> tuple[int, list[str]]:
    """The status of a GET of `url` and the writing SQL it issued (rolled back afterwards)."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            status = client.get(url).status_code
        transaction.set_rollback(True)
    return status, [q["sql"] for q in captured.captured_queries if WRITE.match(q["sql"])]


@pytest.mark.parametrize("state", STATES)
def test_no_get_writes_anything(reads_world: World, state: str) -> None:
    prepare(reads_world, state)
    clients = _clients(reads_world)
    urls = _get_urls(reads_world, state)
    assert len(urls) > 60, "the access matrix's URLs were not found"
    problems, answered = [], 0
    for url in urls:
        for role, client in clients.items():
            status, writes = writes_during(client, url)
            answered += status == 200
            problems += [f"GET {url} as {role} at {state}: {sql[:160]}" for sql in writes]
    assert answered > 100  # the pages really were read, not all refused
    assert not problems, f"{len(problems)} write(s) during GET requests:\n" + "\n".join(problems)


def test_the_check_sees_a_write(reads_world: World) -> None:
    """The capture would notice a GET that writes: a write issued inside it is reported."""
    from inspectorate.inspections.models import Inspection

    with transaction.atomic():
        with CaptureQueriesContext(connection) as captured:
            Inspection.objects.filter(pk=reads_world.a.pk).update(isbn="978-0-00-000000-0")
        transaction.set_rollback(True)
    assert [q for q in captured.captured_queries if WRITE.match(q["sql"])]
