"""The assessment page: who sees it, the htmx partial responses, and the same forms without JavaScript."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from inspectorate.inspections.models import CriterionAssessment, Inspection, Judgement, State

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def page_url(inspection: Inspection, key: str = "neighbourhood-policing") -> str:
    return reverse("assessment:framework", kwargs={"pk": inspection.pk, "framework_key": key})


def assess_url(inspection: Inspection, code: str) -> str:
    return reverse("assessment:assess", kwargs={"pk": inspection.pk, "framework_key": "neighbourhood-policing",
                                                "code": code})


def decide_url(inspection: Inspection) -> str:
    return reverse("assessment:final_grade", kwargs={"pk": inspection.pk, "framework_key": "neighbourhood-policing"})


def client_for(user: object) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)  # type: ignore[arg-type]
    return client


def set_state(inspection: Inspection, state: str) -> None:
    Inspection.objects.filter(pk=inspection.pk).update(state=state)
    inspection.refresh_from_db()


# --- who sees what --------------------------------------------------------------------------------


def test_the_team_and_moderators_see_the_page(inspection, lead, inspector, moderator, fair_profile) -> None:
    for user in (lead, inspector, moderator):
        response = client_for(user).get(page_url(inspection))
        assert response.status_code == 200, user
        assert "Rule-derived grade" in response.text and "decided by the rules" in response.text
        assert "NP-F1" in response.text and "Dominant" in response.text and "Significant" in response.text
        assert "Made-up demonstration data." in response.text


def test_only_the_team_gets_assessment_forms_and_only_the_lead_the_final_grade(inspection, lead, inspector,
                                                                               moderator) -> None:
    lead_page = client_for(lead).get(page_url(inspection)).text
    inspector_page = client_for(inspector).get(page_url(inspection)).text
    moderator_page = client_for(moderator).get(page_url(inspection)).text
    assert 'id="criterion-NP-F1-value"' in lead_page and 'id="final-grade"' in lead_page
    assert 'id="criterion-NP-F1-value"' in inspector_page and 'id="final-grade"' not in inspector_page
    assert 'id="criterion-NP-F1-value"' not in moderator_page and 'id="final-grade"' not in moderator_page


@pytest.mark.parametrize("state", [State.DRAFTING, State.FACTUAL_ACCURACY, State.PUBLISHED])
def test_force_liaison_officers_outsiders_and_the_public_never_see_the_grades(inspection, liaison, outsider, state,
                                                                              fair_profile) -> None:
    set_state(inspection, state)
    for user in (liaison, outsider, None):
        response = client_for(user).get(page_url(inspection))
        assert response.status_code in (302, 403, 404), (user, state)
        assert "Rule-derived grade" not in response.text and "Fair" not in response.text


def test_people_who_may_not_assess_or_decide_are_refused(inspection, moderator, inspector, fair_profile) -> None:
    form = {"value": "not_met", "rationale": "x", "revision": "1"}
    assert client_for(moderator).post(assess_url(inspection, "NP-F2"), form).status_code == 403
    assert client_for(inspector).post(decide_url(inspection), {"grade": "Fair", "revision": "1"}).status_code == 403
    assert CriterionAssessment.objects.get(criterion__code="NP-F2").value == "met"


def test_nothing_changes_once_published(inspection, lead, fair_profile) -> None:
    set_state(inspection, State.PUBLISHED)
    page = client_for(lead).get(page_url(inspection)).text
    assert 'id="criterion-NP-F2-value"' not in page and 'id="final-grade"' not in page
    assert "Published: this judgement stays as it was derived" in page
    form = {"value": "not_met", "rationale": "x", "revision": "1"}
    assert client_for(lead).post(assess_url(inspection, "NP-F2"), form).status_code == 403


def test_form_urls_refuse_get(inspection, lead) -> None:
    assert client_for(lead).get(assess_url(inspection, "NP-F1")).status_code == 405
    assert client_for(lead).get(decide_url(inspection)).status_code == 405


def test_an_unknown_framework_or_criterion_is_not_found(inspection, lead) -> None:
    assert client_for(lead).get(page_url(inspection, "no-such-framework")).status_code == 404
    assert client_for(lead).get(page_url(inspection, "pvp-overview")).status_code == 404  # not graded
    assert client_for(lead).post(assess_url(inspection, "NP-Z9"), {}).status_code == 404


# --- htmx -----------------------------------------------------------------------------------------


def test_an_htmx_assessment_returns_the_row_status_and_the_grade_panel_out_of_band(inspection, inspector,
                                                                                   fair_profile, evidence) -> None:
    form = {"value": "not_met", "rationale": "No named chief officer.", "revision": "1",
            "evidence": [str(evidence("NP-F2").pk)]}
    response = client_for(inspector).post(assess_url(inspection, "NP-F2"), form, **HTMX)
    assert response.status_code == 200
    text = response.text
    assert "<html" not in text
    assert "Saved: NP-F2 is not met." in text
    assert '<div id="grade-panel-body" hx-swap-oob="innerHTML">' in text
    assert "Judgement required:</strong> the rules cannot decide between Fair and Poor" in text
    assert 'id="criterion-NP-F2-revision" value="2" hx-swap-oob="true"' in text
    assert '<div id="judgement-summary" hx-swap-oob="innerHTML">' in text
    assert 'id="criterion-NP-F2-value"' not in text  # the fields being edited are left alone


def test_an_htmx_refusal_comes_back_as_the_rows_status(inspection, inspector, evidence) -> None:
    unverified = evidence("NP-F1", verified=False)
    form = {"value": "met", "rationale": "Seen.", "revision": "0", "evidence": [str(unverified.pk)]}
    response = client_for(inspector).post(assess_url(inspection, "NP-F1"), form, **HTMX)
    assert response.status_code == 200  # htmx swaps 2xx only
    assert 'role="alert">Only verified evidence may support met' in response.text
    assert not CriterionAssessment.objects.exists()


def test_an_htmx_stale_assessment_shows_the_current_fields(inspection, inspector, fair_profile) -> None:
    form = {"value": "not_met", "rationale": "Late.", "revision": "0"}
    response = client_for(inspector).post(assess_url(inspection, "NP-F2"), form, **HTMX)
    assert "changed under you" in response.text
    assert '<div id="criterion-NP-F2-fields" hx-swap-oob="innerHTML">' in response.text
    assert '<option value="met" selected>' in response.text


def test_an_htmx_override_without_rationale_is_refused(inspection, lead, fair_profile) -> None:
    judgement = Judgement.objects.get(inspection=inspection)
    form = {"grade": "Good", "rationale": "", "revision": str(judgement.revision)}
    response = client_for(lead).post(decide_url(inspection), form, **HTMX)
    assert response.status_code == 200
    assert "The final grade Good differs from the rule-derived grade Fair: write why." in response.text
    assert Judgement.objects.get(pk=judgement.pk).final_grade == ""


# --- without JavaScript ---------------------------------------------------------------------------


def test_a_plain_post_saves_and_redirects_to_the_row(inspection, inspector, fair_profile, evidence) -> None:
    client = client_for(inspector)
    form = {"value": "not_met", "rationale": "No named chief officer.", "revision": "1",
            "evidence": [str(evidence("NP-F2").pk)]}
    response = client.post(assess_url(inspection, "NP-F2"), form)
    assert response.status_code == 302
    assert response["Location"] == page_url(inspection) + "#criterion-NP-F2"
    page = client.get(response["Location"]).text
    assert "NP-F2 saved: not met." in page
    assert "Judgement required:</strong> the rules cannot decide between Fair and Poor" in page


def test_a_plain_refusal_shows_the_page_with_what_was_typed(inspection, inspector, evidence) -> None:
    unverified = evidence("NP-F1", verified=False)
    form = {"value": "met", "rationale": "Typed before the refusal.", "revision": "0",
            "evidence": [str(unverified.pk)]}
    response = client_for(inspector).post(assess_url(inspection, "NP-F1"), form)
    assert response.status_code == 400
    assert "Only verified evidence may support met" in response.text
    assert "Typed before the refusal." in response.text


def test_a_plain_final_grade_post(inspection, lead, fair_profile) -> None:
    client = client_for(lead)
    revision = str(Judgement.objects.get(inspection=inspection).revision)
    refused = client.post(decide_url(inspection), {"grade": "Good", "rationale": "", "revision": revision})
    assert refused.status_code == 400
    assert "differs from the rule-derived grade Fair: write why" in refused.text
    saved = client.post(decide_url(inspection), {"grade": "Good", "rationale": "Partnership work.",
                                                 "revision": revision})
    assert saved.status_code == 302 and saved["Location"].endswith("#judgement")
    page = client.get(saved["Location"]).text
    assert "Overrides the rules</strong>" in page and "Partnership work." in page


def summary_rows(html: str) -> dict[str, str]:
    """The judgement summary's rows, key to value (the value's markup), from a page or a partial."""
    summary = html[html.index('<dl class="govuk-summary-list judgement-summary">'):]
    summary = summary[:summary.index("</dl>")]
    row = r'<dt class="govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__value">(.*?)</dd>'
    rows = re.findall(row, summary, flags=re.S)
    assert summary.count('class="govuk-summary-list__row"') == len(rows)
    return {key: " ".join(value.split()) for key, value in rows}


def test_the_judgement_summary_is_a_summary_list_with_grades_as_tags(inspection, lead, fair_profile) -> None:
    client = client_for(lead)
    rows = summary_rows(client.get(page_url(inspection)).text)
    assert rows == {"Rule-derived grade": '<strong class="govuk-tag grade grade-fair">Fair</strong>',
                    "Final grade": '<strong class="govuk-tag govuk-tag--grey">Not set</strong>'}
    revision = str(Judgement.objects.get(inspection=inspection).revision)
    client.post(decide_url(inspection), {"grade": "Good", "rationale": "Partnership work.", "revision": revision})
    rows = summary_rows(client.get(page_url(inspection)).text)
    assert rows["Final grade"] == ('<strong class="govuk-tag grade grade-good">Good</strong> '
                                   '<strong class="govuk-tag govuk-tag--orange">Overrides the rules</strong>')
    assert rows["Decided by"] == str(lead) and rows["Rationale"] == "Partnership work."


def test_a_judgement_the_rules_leave_open_names_its_candidates_as_grade_tags(inspection, inspector, fair_profile,
                                                                            evidence) -> None:
    form = {"value": "not_met", "rationale": "No named chief officer.", "revision": "1",
            "evidence": [str(evidence("NP-F2").pk)]}
    partial = client_for(inspector).post(assess_url(inspection, "NP-F2"), form, **HTMX).text
    assert summary_rows(partial)["Rule-derived grade"] == (
        '<strong class="govuk-tag govuk-tag--yellow">Judgement required</strong> between '
        '<strong class="govuk-tag grade grade-fair">Fair</strong> and '
        '<strong class="govuk-tag grade grade-poor">Poor</strong>')


def test_an_assessment_not_yet_derived_says_so_in_a_tag(inspection, lead) -> None:
    rows = summary_rows(client_for(lead).get(page_url(inspection)).text)
    assert rows["Rule-derived grade"] == '<strong class="govuk-tag govuk-tag--grey">Not derived</strong>'
    assert rows["Final grade"] == '<strong class="govuk-tag govuk-tag--grey">Not set</strong>'


def test_assessments_incomplete_say_so_in_a_tag(inspection, lead, assess) -> None:
    assess("NP-F1", "met")
    assert Judgement.objects.get(inspection=inspection).derived_decision == "incomplete"
    rows = summary_rows(client_for(lead).get(page_url(inspection)).text)
    assert rows["Rule-derived grade"] == ('<strong class="govuk-tag govuk-tag--grey">None yet</strong>'
                                          " (assessments incomplete)")


def test_a_stale_plain_post_is_refused_with_409(inspection, inspector, fair_profile) -> None:
    response = client_for(inspector).post(assess_url(inspection, "NP-F2"),
                                          {"value": "not_met", "rationale": "x", "revision": "0"})
    assert response.status_code == 409
    assert "changed under you" in response.text
