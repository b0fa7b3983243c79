"""A signal's note: a NUL byte or an over-long note is refused with a clear message; the CSV neutralises formulas."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from inspectorate.accounts.models import Role
from inspectorate.freetext import NOTE_MAX_LENGTH
from inspectorate.monitoring import services
from inspectorate.monitoring.models import Signal, SignalStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def inspector_client(client, declining, people):
    services.run_monitoring()
    client.force_login(people[Role.INSPECTOR])
    return client


@pytest.mark.parametrize(("note", "message"), [
    ("Recording\x00 change", "The note contains a null character"),
    ("n" * (NOTE_MAX_LENGTH + 1), f"it may be at most {NOTE_MAX_LENGTH:,}"),
])
def test_a_bad_note_is_refused_and_nothing_changes(inspector_client, note: str, message: str) -> None:
    signal = Signal.objects.filter(direction="deterioration").first()
    response = inspector_client.post(reverse("performance:review_signal", args=[signal.pk]), {"note": note},
                                     HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and message in response.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.NEW and signal.note == ""


def test_the_signals_csv_neutralises_formulas(inspector_client) -> None:
    signal = Signal.objects.filter(direction="deterioration").first()
    formula = '=HYPERLINK("https://example.org/","click")'
    inspector_client.post(reverse("performance:review_signal", args=[signal.pk]), {"note": formula})
    response = inspector_client.get(reverse("performance:signals_csv"), {"direction": ""})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    notes = [row["note"] for row in rows if row["note"]]
    assert notes == ["'" + formula]
    assert all(not cell.startswith(("=", "+", "@")) for row in rows for cell in row.values())
