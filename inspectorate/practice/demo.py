"""Demo data for the developing practice library: made-up examples from the made-up forces only."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from inspectorate.recommendations.demo import ensure_published_demo_inspections

from .models import DevelopingPractice

EXAMPLES = {
    "fenshire-constabulary": [
        ("performance-management", "Ward performance boards",
         "Neighbourhood sergeants could not see how their wards compared on burglary, anti-social behaviour and "
         "public confidence until the monthly force report arrived, weeks after the events.",
         "A one-page board for each ward, refreshed every Monday from the crime and incident systems, shows the "
         "last eight weeks against the same period last year and names the officer responsible for each issue.",
         "Sergeants use the boards at every daily briefing. Repeat calls about anti-social behaviour fell in six "
         "of the eight wards in the first six months (the force's own figures).",
         "Performance Review Unit, Fenshire Constabulary (made-up): performance@fenshire.example.org"),
        ("neighbourhood-policing", "Street briefings on neighbourhood priorities",
         "Residents' meetings drew the same small group each month, so priorities reflected few voices.",
         "Teams hold fifteen-minute street briefings at shopping parades and school gates, and collect priorities "
         "on a short card that is entered on the neighbourhood profile.",
         "Three times as many residents contributed to priorities in a quarter; visits to the neighbourhood web "
         "pages doubled.",
         "Neighbourhood Policing Team, Fenshire Constabulary (made-up): neighbourhoods@fenshire.example.org"),
    ],
    "wealdmoor-police": [
        ("domestic-violence", "Visits to repeat victims of domestic violence within 48 hours",
         "Victims who called a third time were often seen only by response officers, and risk was not reassessed.",
         "Every third call triggers a visit within 48 hours by a trained officer with an independent adviser, "
         "and a fresh risk assessment that goes to the daily risk meeting.",
         "Repeat calls from the same address fell by a fifth over a year; more victims accepted support.",
         "Public Protection Unit, Wealdmoor Police (made-up): protection@wealdmoor.example.org"),
        ("missing-persons", "Missing from care protocol with children's homes",
         "Most reports of missing children came from a handful of care homes, often for short absences, and "
         "officers spent many hours on low-risk enquiries.",
         "A protocol agreed with every home sets what staff do before reporting, how risk is graded, and how "
         "repeat locations are shared with neighbourhood teams for problem solving.",
         "Reports from care homes fell by a third and high-risk cases were identified earlier.",
         "Missing Persons Co-ordinator, Wealdmoor Police (made-up): missing@wealdmoor.example.org"),
    ],
}


@transaction.atomic
def load_demo(write: Callable[[str], Any]) -> None:
    created = 0
    for inspection in ensure_published_demo_inspections():
        for order, (key, title, problem, solution, outcomes, contact) in enumerate(
            EXAMPLES[inspection.force.slug], start=1
        ):
            _, was_created = DevelopingPractice.objects.update_or_create(
                force=inspection.force, title=title,
                defaults={
                    "inspection": inspection, "framework": inspection.programme.frameworks.get(key=key),
                    "order": order, "problem": problem, "solution": solution, "outcomes": outcomes,
                    "contact": contact,
                },
            )
            created += was_created
    write(f"Developing practice: {created} made-up example(s) added for the made-up forces")
