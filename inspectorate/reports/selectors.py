"""Reading the published record: frozen versions only, never live data."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.shortcuts import get_object_or_404

from inspectorate.core.report.model import RECONSTRUCTED
from inspectorate.inspections.models import Inspection

from .models import PublishedReport

_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_SKIP_LINK = re.compile(r'<a[^>]*class="[^"]*skip[^"]*"[^>]*>.*?</a>', re.S | re.I)
_MAIN = re.compile(r"<(/?)main\b", re.I)
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.S | re.I)


def published_inspection(force_slug: str, programme_slug: str) -> Inspection:
    return get_object_or_404(
        Inspection.objects.select_related("force", "programme").filter(published_versions__isnull=False).distinct(),
        force__slug=force_slug, programme__slug=programme_slug,
    )


def versions_of(inspection: Inspection) -> list[PublishedReport]:
    return list(
        PublishedReport.objects.filter(inspection=inspection)
        .defer("html", "pdf", "text", "json").order_by("-version")
    )


def version_of(inspection: Inspection, version: int | None,
               reports: QuerySet[PublishedReport] | None = None) -> PublishedReport:
    """A version of the inspection's report (the latest where ``version`` is None), or 404.

    ``reports`` says what to read of it (fields deferred, values annotated); all of it by default.
    """
    reports = (PublishedReport.objects.all() if reports is None else reports).filter(inspection=inspection)
    if version is None:
        return get_object_or_404(reports.order_by("-version")[:1])
    return get_object_or_404(reports, version=version)


def frozen_parts(html: str) -> tuple[str, str]:
    """The frozen report's content and its own stylesheet, to sit inside the site's page.

    The stored document is a whole page; the site's page keeps its own header, skip link and
    ``<main>``, so those of the stored page are left out. The text itself is as frozen.
    """
    match = _BODY.search(html)
    body = match.group(1) if match else html
    body = _SKIP_LINK.sub("", body)
    body = _MAIN.sub(r"<\1div", body)
    head = html[: match.start()] if match else ""
    return body, "\n".join(_STYLE.findall(head))


class PublishedWording:
    """What the public read of an inspection: the wording and grades of its latest published version.

    Public surfaces (the tracker, a recommendation's page, a force's page, the API, open data)
    show a recommendation's text and a framework's grade from the frozen JSON, never the live
    rows, so an unpublished correction stays unpublished. An inspection held only as published
    facts and never frozen here (reference data) has no version; its rows are the record.
    Only the grades, recommendations and reconstructed flag of each latest version are read (never the whole frozen
    JSON), once per inspection per instance; ``load`` reads many inspections' in one query.
    """

    def __init__(self) -> None:
        self._latest: dict[int, dict[str, Any] | None] = {}

    def load(self, inspection_ids: Iterable[int]) -> None:
        """Read the latest published grades and recommendations of these inspections in one query."""
        wanted = set(inspection_ids) - set(self._latest)
        if not wanted:
            return
        newest = PublishedReport.objects.filter(inspection=OuterRef("inspection")).order_by("-version")
        found = (
            PublishedReport.objects.filter(inspection_id__in=wanted, version=Subquery(newest.values("version")[:1]))
            .values_list("inspection_id", "json__frameworks", "json__recommendations", "json__reconstructed")
        )
        for inspection_id in wanted:
            self._latest[inspection_id] = None
        for inspection_id, frameworks, recommendations, reconstructed in found:
            self._latest[inspection_id] = {"frameworks": frameworks or [], "recommendations": recommendations or [],
                                           "reconstructed": bool(reconstructed)}

    def latest(self, inspection_id: int) -> dict[str, Any] | None:
        if inspection_id not in self._latest:
            self.load([inspection_id])
        return self._latest[inspection_id]

    def recommendation_text(self, recommendation: Any) -> str:
        return self.text_of(recommendation.inspection_id, recommendation.number, str(recommendation.text))

    def text_of(self, inspection_id: int, number: int, live_text: str) -> str:
        """Recommendation ``number``'s published words (``live_text`` where nothing was frozen)."""
        frozen = self.latest(inspection_id)
        if frozen is None:
            return live_text
        for published in frozen.get("recommendations", []):
            if published.get("number") == number:
                return str(published.get("text") or "")
        return ""

    def source(self, inspection_id: int) -> str:
        """Where the public wording comes from: "the published report" as frozen here; for a report
        rebuilt without its text, "reconstructed from the published facts"; for an inspection held
        only as reference data, "the published facts"."""
        frozen = self.latest(inspection_id)
        if frozen is None:
            return "the published facts"
        return RECONSTRUCTED if frozen.get("reconstructed") else "the published report"

    def grade(self, judgement: Any) -> str:
        return self.grade_of(judgement.inspection_id, judgement.framework.key, str(judgement.final_grade))

    def grade_of(self, inspection_id: int, framework_key: str, final_grade: str) -> str:
        """A framework's published grade (``final_grade`` where nothing was frozen); "" where not published."""
        frozen = self.latest(inspection_id)
        if frozen is None:
            return final_grade
        for framework in frozen.get("frameworks", []):
            if framework.get("key") == framework_key:
                return str(framework.get("grade") or "")
        return ""

    def follow_ups(self, follow_ups: Iterable[Any]) -> list[Any]:
        """The follow-ups with each recommendation's text as published (in memory only; nothing is saved).

        Each recommendation keeps its live words as ``live_text``, and ``pending_correction`` says
        whether they differ: staff see that a correction is pending; the public never see the words.
        """
        items = list(follow_ups)
        self.load(item.recommendation.inspection_id for item in items)
        for item in items:
            self.recommendation(item.recommendation)
        return items

    def recommendation(self, recommendation: Any) -> Any:
        if not hasattr(recommendation, "live_text"):
            recommendation.live_text = recommendation.text
            recommendation.text = self.recommendation_text(recommendation)
            recommendation.pending_correction = recommendation.live_text != recommendation.text
        return recommendation

    def judgements(self, judgements: Iterable[Any]) -> list[Any]:
        """The judgements with each final grade as published (in memory only); ungraded ones left out."""
        items = []
        judgements = list(judgements)
        self.load(judgement.inspection_id for judgement in judgements)
        for judgement in judgements:
            judgement.final_grade = self.grade(judgement)
            if judgement.final_grade:
                items.append(judgement)
        return items
