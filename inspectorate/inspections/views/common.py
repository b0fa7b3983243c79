"""What every workspace page shares: its tabs, the judgement panel's link, messages from services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.urls import reverse

from ..errors import ServiceError
from ..lifecycle import transitions_from
from ..models import Inspection
from ..selectors import frameworks_of


def assessment_url(inspection: Inspection, framework_key: str) -> str:
    """The assessment page of a framework (criteria, assessments, grade)."""
    return reverse("assessment:framework", kwargs={"pk": inspection.pk, "framework_key": framework_key})


def workspace_context(request: HttpRequest, inspection: Inspection, tab: str, **extra: Any) -> dict[str, Any]:
    frameworks = frameworks_of(inspection)
    return {
        "inspection": inspection,
        "tab": tab,
        "frameworks": frameworks,
        "framework_links": [{"framework": f, "assessment_url": assessment_url(inspection, f.key) if f.graded else None}
                            for f in frameworks],
        "transitions": transitions_from(inspection.state),
        **extra,
    }


def report_errors(request: HttpRequest, error: ServiceError) -> None:
    for message in error.messages:
        messages.error(request, message)


def rebind(form: Any, revision: int) -> Any:
    """The same form with what the user typed, now based on the current revision: saving it again
    replaces the other person's version knowingly."""
    data = form.data.copy()
    data["revision"] = str(revision)
    kwargs = {k: getattr(form, k) for k in ("inspection",) if hasattr(form, k)}
    rebound = form.__class__(data, form.files, initial=form.initial, **kwargs)
    rebound.is_valid()
    return rebound
