"""Published versions are frozen in the database itself, and `inspectorate verify-reports` re-hashes
each one, naming the first that no longer matches. Runs on SQLite and on PostgreSQL; tampering is
done inside the test's transaction, so its rollback puts the dropped trigger back."""

from __future__ import annotations

from typing import Any

import pytest
import tampering
from django.db import IntegrityError, connection, transaction
from tampering import run_verify
from world import World

from inspectorate.inspections.lifecycle import approve_publication, request_publication
from inspectorate.inspections.models import State
from inspectorate.reports.models import PublishedReport
from inspectorate.reports.services import publish_report, report_digest

TABLE = "reports_publishedreport"


@pytest.fixture
def published(world: World) -> PublishedReport:
    world.set_state(State.FACTUAL_ACCURACY, world.a)
    world.grade_everything(world.a, "Fair")
    request_publication(inspection=world.a, by=world.lead)
    approve_publication(inspection=world.a, by=world.moderator)
    return publish_report(inspection=world.a, by=world.lead)


def verify() -> tuple[int, str, str]:
    return run_verify("verify_reports")


def tamper(sql: str, params: list[Any]) -> None:
    tampering.tamper(TABLE, sql, params)


def test_a_sound_version_passes(published: PublishedReport) -> None:
    code, out, err = verify()
    assert (code, err) == (0, "")
    assert "1 version re-hashed" in out


@pytest.mark.parametrize("statement", [
    "UPDATE reports_publishedreport SET html = '<p>Rewritten</p>' WHERE id = %s",
    "DELETE FROM reports_publishedreport WHERE id = %s",
])
def test_the_database_refuses_to_change_or_remove_a_version(published: PublishedReport, statement: str) -> None:
    with pytest.raises(IntegrityError, match="frozen"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [published.pk])
    assert PublishedReport.objects.get(pk=published.pk).html == published.html


def test_a_version_altered_with_the_trigger_dropped_is_named(published: PublishedReport) -> None:
    tamper("UPDATE reports_publishedreport SET text = %s WHERE id = %s",
           [published.text.replace("Fenshire", "Fenshyre"), published.pk])
    code, out, err = verify()
    assert code == 1 and out == ""
    assert f"broken at published report {published.pk} (" in err and "version 1)" in err
    assert "no longer match its stored SHA-256" in err
    assert f"triggers that refuse UPDATE and DELETE on {TABLE} are missing" in err


def test_a_version_rewritten_with_a_fresh_hash_is_named(published: PublishedReport) -> None:
    html = published.html.replace("Fenshire", "Fenshyre")
    digest = report_digest(html=html, pdf=bytes(published.pdf), text=published.text, data=published.json)
    tamper("UPDATE reports_publishedreport SET html = %s, sha256 = %s WHERE id = %s", [html, digest, published.pk])
    code, _, err = verify()
    assert code == 1
    assert f"broken at published report {published.pk}" in err and "no audit event records its publication" in err
