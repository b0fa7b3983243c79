"""No GET writes anything: every URL of the access matrix, as every role, in every state it is tested in.

The URLs, roles, states and the world are the access matrix's own (test_access_matrix.py), so a
new URL is covered here as soon as it is added there; so are its requests: each URL is requested
once per role and state, in the matrix's one pass, which keeps both the status (the matrix checks
it) and the SQL each request issued (checked here), so this test does not request them again
where the matrix has run before it in the same process. Signing in happens before the capture (its
session and last-login writes are not the page's); during each GET, any INSERT, UPDATE or DELETE
that reaches the database is a failure, named with its URL and role.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from test_access_matrix import (
    PARTS,
    STATES,
    Answers,
    answers,  # noqa: F401 (the matrix's fixture, shared)
    request,
    signed_in,
)
from world import World, build_world


@pytest.mark.parametrize("state", STATES)
def test_no_get_writes_anything(answers: Answers, state: str) -> None:  # noqa: F811 (the fixture)
    gets = [answer for part in PARTS for answer in answers(state, part) if answer.method == "GET"]
    assert len({answer.url for answer in gets}) > 60, "the access matrix's URLs were not found"
    answered = sum(answer.status == 200 for answer in gets)
    assert answered > 100  # the pages really were read, not all refused
    problems = [f"GET {answer.url} ({answer.name}) as {answer.role} at {state}: {sql[:160]}"
                for answer in gets for sql in answer.writes]
    problems += [f"GET {answer.url} ({answer.name}) as {answer.role} at {state}: raised\n{answer.error}"
                 for answer in gets if answer.error]
    assert not problems, f"{len(problems)} write(s) (or exceptions) during GET requests:\n" + "\n".join(problems)


@pytest.fixture
def reads_world(db: Any, media: Any) -> World:
    return build_world()


def test_the_check_sees_a_write(reads_world: World) -> None:
    """The pass's capture notices a request that writes: signing out (a POST) deletes the session."""
    cookies = signed_in(reads_world)
    status, _, writes, error = request("lead", "POST", reverse("logout"), {}, cookies, {"lead": Client()})
    assert not error and status == 302
    assert any(sql.lstrip().upper().startswith("DELETE") and "django_session" in sql for sql in writes), writes
