"""Open the follow-up of every recommendation of a report already published.

Follow-ups used to be opened by the pages that read them; they are now opened when a report is
published (and by the commands that load reports already published), and no read writes. This
opens, once, those that a database upgraded from the old behaviour still lacks. (The audit
trail's ``followup.opened`` events are written by the services, not by this migration.)
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def open_missing(apps: Any, schema_editor: Any) -> None:
    Recommendation = apps.get_model("inspections", "Recommendation")
    FollowUp = apps.get_model("followup", "FollowUp")
    missing = Recommendation.objects.filter(inspection__state="published", follow_up__isnull=True)
    FollowUp.objects.bulk_create([FollowUp(recommendation=r) for r in missing], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("followup", "0001_initial"),
        ("inspections", "0004_publication_approved_content_and_force_seen"),
    ]

    operations = [migrations.RunPython(open_missing, migrations.RunPython.noop)]
