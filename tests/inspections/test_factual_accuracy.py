"""The factual-accuracy check: the force's liaison officer comments on its own draft; inspectors resolve."""

from __future__ import annotations

import html as html_lib

from django.urls import reverse
from world import World

from inspectorate.audit.models import AuditEvent
from inspectorate.inspections.models import FactualAccuracyComment, State


def test_the_liaison_comments_and_an_inspector_resolves(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY)
    afi = world.extra[world.a.pk]["afi"]
    liaison = world.client_for("liaison_a")
    form = liaison.get(reverse("inspections:add_comment", args=[world.a.pk]) + f"?finding={afi.pk}")
    assert f'<option value="{afi.pk}" selected>' in form.content.decode()
    response = liaison.post(reverse("inspections:add_comment", args=[world.a.pk]),
                            {"finding": afi.pk, "text": "Partners meet monthly, not quarterly."}, follow=True)
    assert "Your comment has been sent to the inspection team." in response.content.decode()
    comment = FactualAccuracyComment.objects.get()
    assert comment.finding == afi and comment.author == world.liaison_a and not comment.is_resolved

    inspector = world.client_for("inspector")
    page = html_lib.unescape(inspector.get(reverse("inspections:comments", args=[world.a.pk])).content.decode())
    assert "Partners meet monthly, not quarterly." in page and "1 unresolved" in page
    refused = inspector.post(reverse("inspections:resolve_comment", args=[world.a.pk, comment.pk]),
                             {f"c{comment.pk}-note": ""})
    assert refused.status_code == 400
    refused_page = html_lib.unescape(refused.content.decode())
    assert "Say how the comment was resolved." in refused_page
    # On the page's one pattern: the summary links to the box, which names its error; "Error:" in the title.
    assert "<title>Error: " in refused_page and f'href="#id_c{comment.pk}-note"' in refused_page
    assert f'aria-describedby="id_c{comment.pk}-note-hint id_c{comment.pk}-note-error"' in refused_page
    inspector.post(reverse("inspections:resolve_comment", args=[world.a.pk, comment.pk]),
                   {f"c{comment.pk}-note": "Corrected: monthly."})
    comment.refresh_from_db()
    assert comment.resolved_by == world.inspector and comment.resolution_note == "Corrected: monthly."
    assert AuditEvent.objects.filter(action="comment.resolved", object_id=str(comment.pk)).exists()
    # The liaison sees that it was resolved, and how.
    draft = html_lib.unescape(liaison.get(reverse("inspections:draft", args=[world.a.pk])).content.decode())
    assert "Resolved by Indira Inspector" in draft and "Corrected: monthly." in draft


def test_a_comment_must_say_where_and_what(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY)
    response = world.client_for("liaison_a").post(reverse("inspections:add_comment", args=[world.a.pk]),
                                                  {"finding": "", "location": "", "text": ""})
    page = html_lib.unescape(response.content.decode())
    assert response.status_code == 400
    assert "Enter your comment." in page
    response = world.client_for("liaison_a").post(reverse("inspections:add_comment", args=[world.a.pk]),
                                                  {"finding": "", "location": "", "text": "Wrong."})
    assert "Choose the paragraph, or say where in the draft the comment applies." in html_lib.unescape(
        response.content.decode())
    assert not FactualAccuracyComment.objects.exists()


def test_the_draft_is_the_forces_own_and_only_during_the_check(world: World) -> None:
    draft_a = reverse("inspections:draft", args=[world.a.pk])
    world.set_state(State.MODERATION)
    assert world.client_for("liaison_a").get(draft_a).status_code == 404
    world.set_state(State.FACTUAL_ACCURACY)
    assert world.client_for("liaison_a").get(draft_a).status_code == 200
    assert world.client_for("liaison_b").get(draft_a).status_code == 404
    assert world.client_for("liaison_b").post(reverse("inspections:add_comment", args=[world.a.pk]),
                                              {"location": "x", "text": "y"}).status_code == 404
    # Nor the workspace, its evidence or its grades, even for its own force.
    for name in ("inspections:overview", "inspections:evidence", "inspections:comments", "inspections:audit"):
        assert world.client_for("liaison_a").get(reverse(name, args=[world.a.pk])).status_code == 403
    world.set_state(State.PUBLISHED)
    assert world.client_for("liaison_a").get(draft_a).status_code == 404


def test_my_force_lists_the_draft_only_during_the_check(world: World) -> None:
    url = reverse("inspections:mine")
    page = html_lib.unescape(world.client_for("liaison_a").get(url).content.decode())
    assert "My force: Fenshire Constabulary" in page and "No draft of Fenshire Constabulary's" in page
    world.set_state(State.FACTUAL_ACCURACY)
    page = world.client_for("liaison_a").get(url).content.decode()
    assert reverse("inspections:draft", args=[world.a.pk]) in page
    assert reverse("inspections:draft", args=[world.b.pk]) not in page
    assert "Wealdmoor" not in world.client_for("liaison_a").get(url).content.decode()


def test_an_over_long_place_in_the_draft_is_refused_in_the_words_of_every_other_limit(world: World) -> None:
    world.set_state(State.FACTUAL_ACCURACY)
    response = world.client_for("liaison_a").post(reverse("inspections:add_comment", args=[world.a.pk]),
                                                  {"finding": "", "location": "x" * 201, "text": "Wrong."})
    page = html_lib.unescape(response.content.decode())
    assert response.status_code == 400
    assert "The text is 201 characters long; it may be at most 200." in page
    assert "Ensure this value" not in page
    assert 'maxlength="200"' in page
    assert not FactualAccuracyComment.objects.exists()
