"""Free text has a maximum length and never holds a NUL, in the model, the form and the service."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.urls import reverse
from world import World

from inspectorate.freetext import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH
from inspectorate.inspections import services
from inspectorate.inspections.errors import ServiceError
from inspectorate.inspections.models import Category, EvidenceItem, Finding

# Written by the software, never typed: a published report's frozen HTML and text.
MACHINE_WRITTEN = {("reports", "publishedreport", "html"), ("reports", "publishedreport", "text")}


def test_every_free_text_field_has_a_maximum_length() -> None:
    unbounded = [
        f"{model._meta.label}.{field.name}"
        # The project's own models: a library's (axes, django-otp, django-tasks-db) are its maintainers' to bound.
        for model in apps.get_models() if model._meta.app_config.name.startswith("inspectorate.")
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
        and (model._meta.app_label, model._meta.model_name, field.name) not in MACHINE_WRITTEN
    ]
    assert unbounded == []


def _evidence(world: World, summary: str):  # type: ignore[no-untyped-def]
    return world.client_for("inspector").post(reverse("inspections:evidence", args=[world.a.pk]), {
        "source_kind": "document", "summary": summary, "date": "2008-04-02"})


def test_a_two_million_character_evidence_summary_is_refused(world: World) -> None:
    before = EvidenceItem.objects.count()
    response = _evidence(world, "x" * 2_000_000)
    assert response.status_code == 400
    assert f"The text is 2,000,000 characters long; it may be at most {NOTE_MAX_LENGTH:,}." in response.text
    assert EvidenceItem.objects.count() == before


def test_a_summary_at_the_limit_is_kept(world: World) -> None:
    assert _evidence(world, "y" * NOTE_MAX_LENGTH).status_code == 302
    assert EvidenceItem.objects.filter(summary="y" * NOTE_MAX_LENGTH).exists()


def test_a_nul_byte_in_a_form_is_refused_with_a_clear_message(world: World) -> None:
    before = EvidenceItem.objects.count()
    response = _evidence(world, "Interview\x00 notes")
    assert response.status_code == 400
    assert "contains a null character" in response.text
    assert EvidenceItem.objects.count() == before


def test_the_textarea_says_its_limit(world: World) -> None:
    page = world.client_for("inspector").get(reverse("inspections:evidence", args=[world.a.pk])).text
    assert f'maxlength="{NOTE_MAX_LENGTH}"' in page


@pytest.mark.parametrize(("text", "message"), [
    ("z" * (TEXT_MAX_LENGTH + 1), f"it may be at most {TEXT_MAX_LENGTH:,}"),
    ("A finding\x00", "null character"),
])
def test_the_service_refuses_what_the_form_would(world: World, text: str, message: str) -> None:
    np = world.programme.frameworks.get(key="neighbourhood-policing")
    findings, items = Finding.objects.count(), EvidenceItem.objects.count()
    with pytest.raises(ServiceError, match=message):
        services.add_finding(inspection=world.a, framework=np, category=Category.STRENGTH, text=text,
                             by=world.inspector)
    nul = "\x00" in text
    with pytest.raises(ServiceError, match="null character" if nul else f"at most {NOTE_MAX_LENGTH:,}"):
        services.record_evidence(inspection=world.a, by=world.inspector, source_kind="document",
                                 summary=text if nul else "s" * (NOTE_MAX_LENGTH + 1),
                                 date=world.a.programme.assessment_start, criteria=[])
    assert (Finding.objects.count(), EvidenceItem.objects.count()) == (findings, items)
