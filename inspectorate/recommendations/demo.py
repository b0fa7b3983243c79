"""Demo data for follow-up: a made-up programme whose reports on the made-up forces are published.

Everything here is invented and about made-up forces only (SPEC section 13). The real
Bedfordshire 2007 recommendations join the tracker as they are: open, with no target date and
no response, because nothing about their follow-up is on the published record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from inspectorate.accounts.models import User
from inspectorate.core.errors import SYSTEM
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.inspections.models import Inspection, Judgement, Recommendation, State
from inspectorate.national.models import Programme

from . import services
from .models import FollowUp, FollowUpChange, ForceResponse

PROGRAMME_SLUG = "demo-2006"
PROGRAMME = {
    "title": "2006 demonstration programme (made-up forces)",
    "assessment_start": date(2005, 4, 1),
    "assessment_end": date(2006, 7, 1),
    "publication_month": date(2006, 10, 1),
}
FRAMEWORKS = ["neighbourhood-policing", "performance-management", "pvp-overview", "child-abuse",
              "domestic-violence", "public-protection", "missing-persons"]

GRADES = {
    "fenshire-constabulary": {"neighbourhood-policing": "Fair", "performance-management": "Fair",
                              "child-abuse": "Good", "domestic-violence": "Fair", "public-protection": "Good",
                              "missing-persons": "Fair"},
    "wealdmoor-police": {"neighbourhood-policing": "Good", "performance-management": "Fair",
                         "child-abuse": "Fair", "domestic-violence": "Poor", "public-protection": "Fair",
                         "missing-persons": "Good"},
}

# (framework, text); numbered 1..n in framework order as a report numbers them.
RECOMMENDATIONS = {
    "fenshire-constabulary": [
        ("neighbourhood-policing", "That the force publishes, for every neighbourhood, the names and contact "
         "details of its neighbourhood team, and keeps them up to date."),
        ("neighbourhood-policing", "That the force agrees neighbourhood priorities with residents at least every "
         "quarter and reports back to them on the action taken."),
        ("performance-management", "That the force gives every first-line supervisor a monthly performance pack "
         "for their team, and trains them to use it in one-to-one meetings."),
        ("domestic-violence", "That the force audits a sample of domestic violence incidents each quarter to check "
         "that risk assessments are completed and acted upon."),
        ("public-protection", "That the force ensures every high-risk offender managed under the multi-agency "
         "arrangements has a current risk management plan reviewed by a supervisor."),
        ("missing-persons", "That the force introduces a case-tracking system for missing person enquiries that "
         "flags repeat locations to neighbourhood teams."),
    ],
    "wealdmoor-police": [
        ("neighbourhood-policing", "That the force sets a minimum time neighbourhood officers spend in their "
         "neighbourhoods and monitors abstractions against it."),
        ("performance-management", "That the force links its performance meetings to its strategic priorities and "
         "records the actions agreed and who owns them."),
        ("child-abuse", "That the force ensures child abuse investigations are supervised and reviewed at set "
         "intervals, with the review recorded on the case file."),
        ("domestic-violence", "That the force appoints a single senior officer accountable for its response to "
         "domestic violence across both divisions."),
    ],
}

# The made-up follow-up of each recommendation: target date, then steps in order.
# A step is ("response", date, text, claimed status, evidence file name or None) or
# ("status", date, new status, note).
Step = tuple[Any, ...]
FOLLOW_UP: dict[tuple[str, int], tuple[date | None, list[Step]]] = {
    ("fenshire-constabulary", 1): (date(2007, 3, 31), [
        ("response", date(2007, 1, 15), "Team names and telephone numbers are now on the force website for all 48 "
         "neighbourhoods; a named officer checks them monthly.", "implemented", "neighbourhood-contacts.csv"),
        ("status", date(2007, 4, 20), "discharged", "Checked 20 neighbourhood pages in April 2007: all current. "
         "The inspectorate is satisfied the recommendation has been met."),
    ]),
    ("fenshire-constabulary", 2): (date(2007, 6, 30), [
        ("response", date(2007, 5, 2), "Quarterly priority-setting meetings run in two of three divisions; the "
         "third starts in September.", "in_progress", None),
    ]),
    ("fenshire-constabulary", 3): (date(2007, 9, 30), [
        ("response", date(2007, 8, 14), "Monthly packs issued since June 2007; 212 of 230 sergeants trained.",
         "implemented", "supervisor-pack-summary.txt"),
    ]),
    ("fenshire-constabulary", 4): (date(2007, 3, 31), []),
    ("fenshire-constabulary", 5): (None, [
        ("response", date(2007, 2, 1), "A supervisor review field has been added to the offender management "
         "system; the backlog of reviews is being worked through.", "in_progress", None),
    ]),
    ("fenshire-constabulary", 6): (date(2007, 12, 31), [
        ("status", date(2007, 11, 5), "superseded", "Superseded: the case-tracking system is now part of the "
         "regional collaboration programme, which the inspectorate follows up separately."),
    ]),
    ("wealdmoor-police", 1): (None, []),
    ("wealdmoor-police", 2): (date(2007, 10, 31), [
        ("response", date(2007, 7, 9), "Performance meeting agendas now follow the five strategic priorities; an "
         "action log is kept.", "in_progress", "action-log-extract.txt"),
    ]),
    ("wealdmoor-police", 3): (date(2007, 6, 30), []),
    ("wealdmoor-police", 4): (date(2007, 4, 30), [
        ("response", date(2007, 3, 12), "A detective chief superintendent was appointed force lead for domestic "
         "violence on 1 March 2007.", "implemented", None),
    ]),
}

EVIDENCE_TEXT = {
    "neighbourhood-contacts.csv": "neighbourhood,team,telephone\nNorth Marsh,NM1,0100 000 0001\n"
                                  "Eastfen,EF2,0100 000 0002\n",
    "supervisor-pack-summary.txt": "Made-up demonstration evidence: monthly supervisor packs issued June-August "
                                   "2007.\n",
    "action-log-extract.txt": "Made-up demonstration evidence: action log extract, performance meeting of "
                              "June 2007.\n",
}


def _programme() -> Programme:
    programme, _ = Programme.objects.update_or_create(slug=PROGRAMME_SLUG, defaults=PROGRAMME)
    programme.frameworks.set([Framework.objects.get(key=key, is_current=True) for key in FRAMEWORKS])
    return programme


def ensure_published_demo_inspections() -> list[Inspection]:
    """The made-up forces' published inspections of the demonstration programme, with grades and
    recommendations (idempotent)."""
    programme = _programme()
    inspections = []
    for slug, grades in GRADES.items():
        force = Force.objects.get(slug=slug, is_synthetic=True)
        inspection, _ = Inspection.objects.get_or_create(
            force=force, programme=programme, defaults={"state": State.PUBLISHED}
        )
        for key, grade in grades.items():
            Judgement.objects.get_or_create(
                inspection=inspection, framework=programme.frameworks.get(key=key),
                defaults={"final_grade": grade},
            )
        for number, (key, text) in enumerate(RECOMMENDATIONS[slug], start=1):
            Recommendation.objects.get_or_create(
                inspection=inspection, number=number,
                defaults={"framework": programme.frameworks.get(key=key), "text": text},
            )
        inspections.append(inspection)
    return inspections


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _play(follow_up: FollowUp, target: date | None, steps: list[Step], *, liaison: User, inspector: User) -> None:
    if target is not None:
        change = services.set_target_date(follow_up=follow_up, by=inspector, target_date=target,
                                          note="Agreed with the force after publication.")
        FollowUpChange.objects.filter(pk=change.pk).update(at=_at(date(2006, 11, 1)))
    for step in steps:
        if step[0] == "response":
            _kind, day, text, claimed, filename = step
            files = [ContentFile(EVIDENCE_TEXT[filename].encode(), name=filename)] if filename else []
            response = services.record_response(follow_up=follow_up, by=liaison, text=text, responded_on=day,
                                                 claimed_status=claimed, evidence=files)
            ForceResponse.objects.filter(pk=response.pk).update(at=_at(day))
            FollowUpChange.objects.filter(response=response).update(at=_at(day))
        else:
            _kind, day, status, note = step
            change = services.change_status(follow_up=follow_up, by=inspector, status=status, note=note)
            FollowUpChange.objects.filter(pk=change.pk).update(at=_at(day))


@transaction.atomic
def load_demo(write: Callable[[str], Any]) -> None:
    inspections = ensure_published_demo_inspections()
    opened = services.ensure_follow_ups(by=SYSTEM)
    FollowUp.objects.filter(recommendation__inspection__in=inspections).update(created_at=_at(date(2006, 10, 20)))
    inspector = User.objects.get(username="inspector")
    played = 0
    for inspection in inspections:
        liaison = User.objects.filter(role="force_liaison", force=inspection.force).order_by("pk").first()
        for (slug, number), (target, steps) in FOLLOW_UP.items():
            if slug != inspection.force.slug or liaison is None or (target is None and not steps):
                continue
            follow_up = FollowUp.objects.get(recommendation__inspection=inspection, recommendation__number=number)
            if follow_up.changes.exists() or follow_up.responses.exists():
                continue  # already played on an earlier run
            _play(follow_up, target, steps, liaison=liaison, inspector=inspector)
            played += 1
    write(f"Follow-up: {opened} follow-up(s) opened; made-up follow-up history for {played} recommendation(s) "
          f"of the {PROGRAMME['title']}")
