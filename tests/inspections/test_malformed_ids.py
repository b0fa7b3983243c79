"""Malformed ids in the assessment forms (“²”, 2^63) are a 400 saying so, never a server error."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.ids import MAX_ID, parse_id, parse_ids
from inspectorate.inspections.models import CriterionAssessment, Inspection

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
NP = "neighbourhood-policing"


def _client(user: object) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(user)  # type: ignore[arg-type]
    return client


def _assess_url(inspection: Inspection, code: str) -> str:
    return reverse("assessment:assess", kwargs={"pk": inspection.pk, "framework_key": NP, "code": code})


@pytest.mark.parametrize("value", ["²", "٣", str(2**63), str(2**31), "-1", "0", "1e3", " ", "12x"])
def test_parse_id_refuses_what_is_not_an_id(value: str) -> None:
    assert parse_id(value) is None


def test_parse_id_reads_ids_in_range() -> None:
    assert parse_id(" 42 ") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_ids(["1", "", "7"]) == [1, 7]


@pytest.mark.parametrize("bad", ["²", str(2**63), str(2**64)])
@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
def test_a_malformed_evidence_id_is_a_clear_400(inspection, inspector, evidence, bad, headers) -> None:
    good = evidence("NP-F2")
    form = {"value": "not_met", "rationale": "No named chief officer.", "revision": "0",
            "evidence": [str(good.pk), bad]}
    response = _client(inspector).post(_assess_url(inspection, "NP-F2"), form, **headers)
    assert response.status_code == 400
    assert f"“{bad}” is not a valid evidence id" in response.text
    assert not CriterionAssessment.objects.filter(inspection=inspection, criterion__code="NP-F2").exists()


@pytest.mark.parametrize("bad", ["²", str(2**63)])
def test_a_malformed_revision_is_a_clear_400(inspection, inspector, evidence, bad) -> None:
    form = {"value": "not_met", "rationale": "No named chief officer.", "revision": bad,
            "evidence": [str(evidence("NP-F2").pk)]}
    response = _client(inspector).post(_assess_url(inspection, "NP-F2"), form)
    assert response.status_code == 400
    assert "is not a valid revision" in response.text


def test_malformed_ids_in_the_final_grade_and_excellence_forms(inspection, lead) -> None:
    client = _client(lead)
    decide = reverse("assessment:final_grade", kwargs={"pk": inspection.pk, "framework_key": NP})
    excellence = reverse("assessment:excellence", kwargs={"pk": inspection.pk, "framework_key": NP})
    assert client.post(decide, {"grade": "Good", "rationale": "x", "revision": "²"}).status_code == 400
    assert client.post(excellence, {"beacon": [str(2**63)]}).status_code == 400


def test_a_huge_id_in_a_url_is_not_found(inspection, inspector) -> None:
    url = reverse("assessment:framework", kwargs={"pk": 2**63, "framework_key": NP})
    assert _client(inspector).get(url).status_code == 404
