"""The demo's made-up PEEL inspection: a made-up force, published, labelled as made up, its response tracked."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from world import load_the_library

from inspectorate.inspections.models import Inspection, Judgement, State
from inspectorate.inspections.peel_demo import PROGRAMME_SLUG, load_peel_demo
from inspectorate.public.demo import ensure_demo_forces, ensure_demo_users
from inspectorate.recommendations.models import FollowUp

pytestmark = pytest.mark.django_db


@pytest.fixture
def peel_demo(media: Any) -> list[str]:
    load_the_library()
    ensure_demo_forces()
    ensure_demo_users()
    from inspectorate.accounts.models import User

    said: list[str] = []
    load_peel_demo(said.append, lead=User.objects.get(username="lead"),
                   inspector=User.objects.get(username="inspector"))
    return said


def test_the_demo_publishes_one_made_up_peel_inspection(peel_demo: list[str]) -> None:
    inspection = Inspection.objects.select_related("force", "programme").get(programme__slug=PROGRAMME_SLUG)
    assert inspection.force.is_synthetic and inspection.force.name == "Wealdmoor Police"
    assert inspection.programme.grading_model == "peel-2025"
    assert inspection.state == State.PUBLISHED
    grades = dict(Judgement.objects.filter(inspection=inspection).values_list("framework__key", "final_grade"))
    assert grades == {"peel-responding-to-the-public": "Good", "peel-protecting-vulnerable-people": "Inadequate"}
    concern = Judgement.objects.get(inspection=inspection, framework__key="peel-protecting-vulnerable-people")
    assert concern.derived_reasons[0].startswith("Inadequate: 1 cause of concern: CC1 (High-risk domestic abuse")
    follow_up = FollowUp.objects.get(recommendation__inspection=inspection)
    assert follow_up.recommendation.finding.category == "cause_of_concern"
    assert follow_up.target_date == timezone.localdate() + datetime.timedelta(days=56)
    assert follow_up.responses.count() == 1 and follow_up.status == "in_progress"
    assert any("made-up PEEL inspection of Wealdmoor Police" in line for line in peel_demo)


def test_the_demo_report_is_labelled_made_up(peel_demo: list[str]) -> None:
    page = Client().get(f"/reports/wealdmoor-police/{PROGRAMME_SLUG}/").content.decode()
    assert "Made-up demonstration data" in page
    assert "Causes of concern" in page and '<span class="grade grade-inadequate">Inadequate</span>' in page


def test_loading_the_demo_again_adds_nothing(peel_demo: list[str]) -> None:
    from inspectorate.accounts.models import User

    load_peel_demo(print, lead=User.objects.get(username="lead"), inspector=User.objects.get(username="inspector"))
    assert Inspection.objects.filter(programme__slug=PROGRAMME_SLUG).count() == 1
