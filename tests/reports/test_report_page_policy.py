"""A published report's own stylesheet is allowed by the page's Content-Security-Policy nonce, nothing wider."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse
from world import World

from inspectorate.inspections.lifecycle import approve_publication, change_state, request_publication
from inspectorate.inspections.models import State


def test_the_report_style_carries_the_nonce_the_policy_names(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY, world.a)
    world.grade_everything(world.a, "Fair")
    request_publication(inspection=world.a, by=world.lead)
    approve_publication(inspection=world.a, by=world.moderator)
    world.a.refresh_from_db()
    change_state(inspection=world.a, to=State.PUBLISHED, by=world.lead)
    response = Client().get(reverse("reports:report", args=[world.force_a.slug, world.programme.slug]))
    assert response.status_code == 200
    nonces = re.findall(r'<style nonce="([^"]+)">', response.content.decode())
    assert len(nonces) == 1
    policy = response["Content-Security-Policy"]
    style_src = next(d for d in policy.split(";") if d.strip().startswith("style-src"))
    assert f"'nonce-{nonces[0]}'" in style_src and "unsafe-inline" not in style_src
