"""Links to pages another part of the system owns."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import reverse

from inspectorate.addresses import address_of


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


def report_urls() -> Callable[[str, str], str]:
    """A function giving a published report's address from its force's and programme's slugs, for a list
    of many: the pattern is reversed once, not once per row."""
    address = address_of("reports:report", force_slug="force-slug", programme_slug="programme-slug")
    return lambda force_slug, programme_slug: address(force_slug=force_slug, programme_slug=programme_slug)
