"""Who may start the imports that run as jobs, and who may follow a job (SPEC sections 1 and 12)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules

from inspectorate.accounts.predicates import is_admin, is_moderator

from .models import Kind

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from inspectorate.accounts.models import User

    from .models import Job

# Loading indicator observations (and most similar forces): those who run monitoring.
rules.add_perm("jobs.load_observations", is_moderator | is_admin)
# Importing a published report into the record: administrators, who load the reference data.
rules.add_perm("jobs.import_report", is_admin)

# Who may follow a job besides the person who started it: whoever may see what it works on.
FOLLOWING: dict[str, str] = {
    Kind.MONITORING: "performance.view_monitoring",
    Kind.OBSERVATION_LOAD: "performance.view_monitoring",
    Kind.PUBLICATION: "inspections.view_publication",
    Kind.REPORT_IMPORT: "jobs.import_report",
}


@rules.predicate
def may_follow(user: User | AnonymousUser, job: Job | None) -> bool:
    if not getattr(user, "is_authenticated", False) or job is None:
        return False
    if job.started_by_id == user.pk:
        return True
    perm = FOLLOWING[job.kind]
    return bool(user.has_perm(perm, job.inspection) if job.kind == Kind.PUBLICATION else user.has_perm(perm))


rules.add_perm("jobs.view_job", may_follow)
