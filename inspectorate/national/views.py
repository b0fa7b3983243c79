"""The national summary of a programme: tables of counts and their charts (SPEC sections 5 and 6)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from inspectorate.access import require_perm
from inspectorate.core.charts import describe_grouped, grouped_distribution_svg

from . import grading
from .models import Programme
from .selectors import national_summary


def programme_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, "programmes.view_national_summary")
    return render(request, "national/programme_list.html", {"programmes": Programme.objects.all()})


def summary(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    final = request.GET.get("grades") == "final"
    perm = "programmes.view_final_grades" if final else "programmes.view_national_summary"
    require_perm(request, perm, programme)
    rows = national_summary(programme, final_grades=final)
    grades = grading.grade_keys(programme)
    charts = [
        {"row": row, "text": describe_grouped(row.chart_series(), grades),
         "svg": mark_safe(grouped_distribution_svg(row.chart_series(), title=row.chart_title,  # noqa: S308
                                                   chart_id=f"chart-{row.framework_key}", grades=grades))}
        for row in rows
    ]
    context = {
        "programme": programme,
        "grade_names": grading.grade_names(programme),
        "rows": rows,
        "charts": charts,
        "final": final,
        "has_aggregates": any(row.published is not None for row in rows),
        "has_synthetic": any(row.synthetic_forces for row in rows),
        "mismatch_count": sum(bool(row.mismatches) for row in rows),
        "coverage": rows[0].coverage if rows else "",
        "held_everywhere": bool(rows) and all(row.complete for row in rows),
        "sources": sorted(set(programme.published_aggregates.exclude(source="").values_list("source", flat=True))),
    }
    columns = len(grading.grade_names(programme))  # a group's heading row spans the whole table
    context["row_span"] = 2 * columns + 3 if context["has_aggregates"] else columns + 2
    return render(request, "national/summary.html", context)
