"""The monitoring pages: signals acted on with HTMX, the CSV export, the register, the force's charts."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from inspectorate.accounts.models import Role
from inspectorate.forces.models import Force
from inspectorate.monitoring import services, views
from inspectorate.monitoring.models import Signal, SignalStatus
from inspectorate.monitoring.selectors import charts_for_force

pytestmark = pytest.mark.django_db
NOTICE = "Made-up demonstration data: the forces and figures are made up."


@pytest.fixture
def inspector_client(client, declining, people):
    services.run_monitoring()
    client.force_login(people[Role.INSPECTOR])
    return client


def test_the_signals_list_shows_deteriorations_to_act_on_and_says_the_data_are_synthetic(inspector_client) -> None:
    response = inspector_client.get(reverse("performance:signals"))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert NOTICE in html
    deteriorations = Signal.objects.filter(direction="deterioration").count()
    assert f"Signals ({deteriorations})" in html
    everything = inspector_client.get(reverse("performance:signals"), {"direction": ""}).content.decode()
    assert f"Signals ({Signal.objects.count()})" in everything
    shifts = inspector_client.get(reverse("performance:signals"),
                                  {"rule": "shift", "force": "kestrelshire-constabulary"})
    assert shifts.context["page"].paginator.count == Signal.objects.filter(
        rule="shift", force__slug="kestrelshire-constabulary").count()
    assert inspector_client.get(reverse("performance:signals"), {"rule": "made-up"}).status_code == 400


def test_reviewing_and_dismissing_with_htmx_swaps_the_row(inspector_client) -> None:
    signal = Signal.objects.filter(direction="deterioration").first()
    url = reverse("performance:review_signal", args=[signal.pk])
    response = inspector_client.post(url, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.startswith(f'<tr id="signal-{signal.pk}"')
    assert "marked reviewed" in html and "Why dismiss it?" in html
    refused = inspector_client.post(reverse("performance:dismiss_signal", args=[signal.pk]), {"note": ""},
                                    HTTP_HX_REQUEST="true")
    assert refused.status_code == 200  # htmx swaps only 2xx: the refusal travels in the row
    assert "Say why the signal is dismissed." in refused.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.REVIEWED
    done = inspector_client.post(reverse("performance:dismiss_signal", args=[signal.pk]),
                                 {"note": "Seasonal recording change."}, HTTP_HX_REQUEST="true")
    assert "Dismissed" in done.content.decode() and "Seasonal recording change." in done.content.decode()
    signal.refresh_from_db()
    assert signal.status == SignalStatus.DISMISSED


def test_without_javascript_an_action_returns_to_the_list_it_came_from(inspector_client) -> None:
    signal = Signal.objects.filter(direction="deterioration").first()
    back = reverse("performance:signals") + "?rule=shift"
    response = inspector_client.post(reverse("performance:review_signal", args=[signal.pk]), {"next": back})
    assert response.status_code == 302 and response["Location"] == back
    elsewhere = inspector_client.post(reverse("performance:escalate_signal", args=[signal.pk]),
                                      {"next": "https://example.org/"})
    assert elsewhere["Location"] == reverse("performance:signals")


def test_the_export_says_which_rows_are_synthetic(inspector_client) -> None:
    response = inspector_client.get(reverse("performance:signals_csv"), {"direction": ""})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == Signal.objects.count()
    assert {row["data"] for row in rows} == {NOTICE}


def test_the_risk_register_ranks_the_declining_force_first_and_sorts(inspector_client) -> None:
    html = inspector_client.get(reverse("performance:risk")).content.decode()
    assert NOTICE in html
    first_row = re.search(r"<tbody>\s*<tr>\s*<th scope=\"row\"><a href=\"[^\"]+\">([^<]+)</a>", html)
    assert first_row and first_row.group(1) == "Kestrelshire Constabulary"
    by_force = inspector_client.get(reverse("performance:risk"), {"sort": "force"}).context["register"]
    assert [row.force.name for row in by_force.rows] == sorted(row.force.name for row in by_force.rows)
    by_column = inspector_client.get(reverse("performance:risk"), {"sort": "volume-crime-reduction"})
    assert by_column.context["register"].rows[0].force.name == "Kestrelshire Constabulary"


def test_the_force_page_shows_spc_charts_with_signals_and_funnel_plots(inspector_client) -> None:
    response = inspector_client.get(reverse("performance:force", args=["kestrelshire-constabulary"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="spc-chart"') == 2
    assert html.count('class="funnel-plot"') == 2
    assert 'class="mark mark-shift mark-deterioration" data-rule="shift"' in html
    assert 'class="mark mark-outside_limits mark-deterioration"' in html
    assert 'class="this-force mark mark-peer_outlier_998 mark-deterioration"' in html
    assert '<title id="spc-synthetic-burglary-rate-title">SPC chart: Burglary per 1,000 people, Kestrelshire ' \
           'Constabulary</title>' in html
    desc = re.search(r"<desc id=\"spc-synthetic-burglary-rate-desc\">([^<]*)</desc>", html).group(1)
    assert "Shift: 7 points on one side of the mean (deterioration)" in desc and desc.endswith(NOTICE)
    assert html.count(NOTICE) >= 5  # the page, and inside every chart
    assert "The control chart's figures as a table" in html
    assert "<th scope=\"row\">June 2021</th>" in html


def test_a_force_without_data_says_so(inspector_client) -> None:
    Force.objects.create(name="Emptyshire Police", slug="emptyshire-police", country="England", is_synthetic=True)
    html = inspector_client.get(reverse("performance:force", args=["emptyshire-police"])).content.decode()
    assert "No performance data is held for this force." in html


def test_the_fragment_for_a_public_force_page_shows_charts_without_signals(declining) -> None:
    services.run_monitoring()
    force = Force.objects.get(name="Kestrelshire Constabulary")
    html = render_to_string("monitoring/_force_charts.html", {"force_charts": charts_for_force(force)})
    assert html.count('class="spc-chart"') == 2 and html.count('class="funnel-plot"') == 2
    assert 'class="mark ' not in html and "signal-lanes" not in html
    assert "<h3>Signals</h3>" not in html and "/monitoring/" not in html
    assert NOTICE in html


def test_paging_keeps_the_default_of_deteriorations_only(inspector_client, monkeypatch) -> None:
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    second = inspector_client.get(reverse("performance:signals"), {"page": "2"})
    assert second.context["page"].paginator.count == Signal.objects.filter(direction="deterioration").count()
    assert second.context["page"].number == 2
