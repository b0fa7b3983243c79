"""Links to pages another part of the system owns."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def report_url(inspection: Any) -> str | None:
    """The published report of an inspection: None unless it is published and a frozen version exists."""
    if inspection is None or getattr(inspection, "state", None) != "published":
        return None
    if not inspection.published_versions.exists():
        return None
    return reverse("reports:report", kwargs={"force_slug": inspection.force.slug,
                                             "programme_slug": inspection.programme.slug})
