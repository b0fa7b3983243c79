"""Signals are internal: every page under /monitoring/ is for inspectorate staff only; never for a force
liaison officer or the public. Acting on signals and proposals needs the right role."""

from __future__ import annotations

import pytest
from django.urls import reverse

from inspectorate.accounts.models import Role
from inspectorate.forces.models import Force
from inspectorate.monitoring import services
from inspectorate.monitoring.models import ProposalStatus, ProposedInspection, Signal, SignalStatus
from inspectorate.monitoring.urls import urlpatterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(declining, programme, people, make_user):
    services.run_monitoring()
    made = services.propose_programme(programme=programme, top=3)
    proposal = made[0]
    signal = Signal.objects.filter(direction="deterioration").first()
    liaison = make_user("liaison", Role.FORCE_LIAISON, Force.objects.get(name="Kestrelshire Constabulary"))
    return {"signal": signal, "proposal": proposal, "liaison": liaison, "programme": programme,
            "proposals": len(made)}


def _every_url(world) -> list[tuple[str, str]]:
    """Every monitoring URL with its method, found from the URL patterns so that none is missed."""
    urls = []
    for pattern in urlpatterns:
        kwargs = {}
        if "<int:pk>" in str(pattern.pattern):
            kwargs["pk"] = world["proposal"].pk if "proposal" in pattern.name else world["signal"].pk
        if "<slug:slug>" in str(pattern.pattern):
            kwargs["slug"] = "kestrelshire-constabulary"
        if "<slug:key>" in str(pattern.pattern):
            kwargs["key"] = Signal.objects.filter(force__slug="kestrelshire-constabulary").first().indicator.key
        method = "get" if pattern.name in {"signals", "signals_csv", "risk", "programme", "forces", "force"} else "post"
        urls.append((method, reverse(f"performance:{pattern.name}", kwargs=kwargs)))
    return urls


def _data(world) -> dict[str, str]:
    return {"note": "x", "programme": world["programme"].slug, "top": "2"}


def test_the_public_is_sent_to_sign_in_everywhere_and_nothing_changes(client, world) -> None:
    for method, url in _every_url(world):
        response = getattr(client, method)(url, _data(world))
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url
    assert Signal.objects.filter(status=SignalStatus.NEW).count() == Signal.objects.count()
    assert ProposedInspection.objects.filter(status=ProposalStatus.PROPOSED).count() == world["proposals"]


def test_a_force_liaison_officer_is_refused_everywhere_even_for_their_own_force(client, world) -> None:
    client.force_login(world["liaison"])
    for method, url in _every_url(world):
        assert getattr(client, method)(url, _data(world)).status_code == 403, url
    assert Signal.objects.filter(status=SignalStatus.NEW).count() == Signal.objects.count()


@pytest.mark.parametrize("role", [Role.INSPECTOR, Role.LEAD_INSPECTOR, Role.MODERATOR, Role.ADMIN])
def test_inspectorate_staff_read_every_page(client, world, people, role) -> None:
    client.force_login(people[role])
    for method, url in _every_url(world):
        if method == "get":
            response = client.get(url)
            assert response.status_code == 200, url


def test_inspectors_act_on_signals_but_do_not_decide_the_programme(client, world, people) -> None:
    client.force_login(people[Role.INSPECTOR])
    signal, proposal = world["signal"], world["proposal"]
    assert client.post(reverse("performance:review_signal", args=[signal.pk])).status_code == 302
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REVIEWED
    assert client.post(reverse("performance:accept_proposal", args=[proposal.pk])).status_code == 403
    assert client.post(reverse("performance:propose"), _data(world)).status_code == 403
    assert client.post(reverse("performance:run")).status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.PROPOSED


def test_an_administrator_runs_monitoring_but_does_not_act_on_signals(client, world, people) -> None:
    client.force_login(people[Role.ADMIN])
    assert client.post(reverse("performance:review_signal", args=[world["signal"].pk])).status_code == 403
    assert client.post(reverse("performance:run")).status_code == 302


def test_a_moderator_accepts_a_proposal_from_the_page(client, world, people) -> None:
    client.force_login(people[Role.MODERATOR])
    proposal = world["proposal"]
    response = client.post(reverse("performance:accept_proposal", args=[proposal.pk]))
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.inspection.state == "planned"


def test_a_missing_signal_or_proposal_is_not_revealed_before_the_permission_check(client, world) -> None:
    for name in ("review_signal", "accept_proposal"):
        url = reverse(f"performance:{name}", args=[999999])
        assert client.post(url).status_code == 302
        client.force_login(world["liaison"])
        assert client.post(url).status_code == 403
        client.logout()
