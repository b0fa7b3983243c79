"""Links to pages another part of the system owns."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def report_url(inspection: Any, *, has_report: bool | None = None) -> str | None:
    """The published report of an inspection: None unless it is published and a frozen version exists.

    ``has_report`` says whether a frozen version exists where the caller has read it already.
    """
    if inspection is None or getattr(inspection, "state", None) != "published":
        return None
    if has_report is None:
        has_report = inspection.published_versions.exists()
    if not has_report:
        return None
    return reverse("reports:report", kwargs={"force_slug": inspection.force.slug,
                                             "programme_slug": inspection.programme.slug})
