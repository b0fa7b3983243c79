"""Reading national distributions: the one place they are computed (SPEC section 6)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, CharField, Count, F, IntegerField, OuterRef, Subquery, Value

from inspectorate.core.grades import GRADE_KEYS
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.inspections.models import Judgement, State

from . import grading
from .models import Programme, PublishedAggregate

GRADES = GRADE_KEYS  # counts are keyed by the grade in lower case (HMIC 2007's; a programme's model may differ)


@dataclass(frozen=True)
class DistributionRow:
    """One graded framework's national distribution: as published and as computed from held grades.

    ``computed`` counts the grades held for real forces only; grades of made-up demonstration
    forces are kept apart in ``synthetic`` so that they never mix with a national count.
    """

    framework_key: str
    title: str
    group: str
    published: dict[str, int] | None
    computed: dict[str, int]
    forces_held: int
    forces_total: int
    mismatches: list[str] = field(default_factory=list)
    synthetic: dict[str, int] = field(default_factory=lambda: dict.fromkeys(GRADES, 0))
    basis: str = "published"
    grades: tuple[str, ...] = GRADES  # the keys of the programme's grading model's scale, best first

    @property
    def complete(self) -> bool:
        return self.forces_held == self.forces_total

    @property
    def synthetic_forces(self) -> int:
        return sum(self.synthetic.values())

    @property
    def coverage(self) -> str:
        """Plain words for how much of the national picture the held grades cover."""
        forces = "force" if self.forces_total == 1 else "forces"
        return f"grades held for {self.forces_held} of {self.forces_total} {forces}"

    @property
    def chart_title(self) -> str:
        return f"{self.title}: national grade distribution"

    def chart_series(self) -> list[tuple[str, str, dict[str, int]]]:
        """The series its chart draws (``core.charts.grouped_distribution_svg``): published first."""
        series = []
        if self.published is not None:
            series.append(("published", "Published", self.published))
        held = "final grades" if self.basis == "final" else "published grades"
        series.append(("computed", f"Held {held} ({self.forces_held} of {self.forces_total} forces)", self.computed))
        if self.synthetic_forces:
            series.append(("synthetic", "Made-up forces (demonstration)", self.synthetic))
        return series

    @property
    def best_known(self) -> dict[str, int]:
        """The published counts where held, else the counts computed from held grades."""
        return self.published if self.published is not None else self.computed

    def report_counts(self, *, synthetic: bool) -> dict[str, int] | None:
        """The counts a force's report prints: as published where held, else computed from held grades.

        A made-up force's report counts the made-up forces' grades too; a real force's never does.
        None where no grade is held at all.
        """
        if self.published is not None:
            return self.published
        counts = {grade: self.computed[grade] + (self.synthetic[grade] if synthetic else 0) for grade in self.grades}
        return counts if any(counts.values()) else None


def national_summary(programme: Programme, *, final_grades: bool = False) -> list[DistributionRow]:
    """Each graded framework's distribution across the programme's forces.

    Published grades (of published inspections) for the public; with ``final_grades`` the final
    grades of every inspection, for moderators. Where a published aggregate is held, held grades
    are checked against it: a held count above the published one is a mismatch, and once every
    force's grade is held any difference is. Made-up forces' grades are counted apart. The grades
    are those of the programme's grading model, matched whatever their case; a grade outside its
    scale is not counted. Published aggregates are HMIC 2007's four counts.
    """
    grades = grading.grade_keys(programme)
    key_of = {name.lower(): key for name, key in zip(grading.grade_names(programme), grades, strict=True)}
    aggregates = grading.is_default_model(programme)
    frameworks: dict[int, dict[str, Any]] = {}
    counts = []
    for row in _summary_query(programme, final_grades=final_grades):
        if row["key"] is None:
            counts.append(row)
        else:
            frameworks[row["pk"]] = {**row, "real": dict.fromkeys(grades, 0),
                                               "synthetic": dict.fromkeys(grades, 0)}
    for row in counts:
        framework = frameworks.get(row["pk"])
        grade = key_of.get(row["grade"].lower())
        if framework is not None and grade is not None:
            framework["synthetic" if row["synthetic"] else "real"][grade] += row["n"]
    rows = []
    for framework in sorted(frameworks.values(), key=lambda f: (f["order"], f["pk"])):
        computed = framework["real"]
        held = sum(computed.values())
        published = ({grade: framework[f"published_{grade}"] for grade in GRADES}
                     if aggregates and framework["published_excellent"] is not None else None)
        forces_total = framework["forces_total"] or 0  # NULL where no real force is held at all
        rows.append(
            DistributionRow(
                framework_key=framework["key"],
                title=framework["short_title"] or framework["title"],
                group=framework["group"],
                published=published,
                computed=computed,
                forces_held=held,
                forces_total=forces_total,
                mismatches=_mismatches(published, computed, complete=held == forces_total),
                synthetic=framework["synthetic"],
                basis="final" if final_grades else "published",
                grades=grades,
            )
        )
    return rows


def _summary_query(programme: Programme, *, final_grades: bool) -> Any:
    """One query: the ``GROUP BY`` over the programme's held judgements, counted by (framework, grade as
    stored, made-up force or not), with, joined to it by ``UNION ALL``, one row for each of the
    programme's graded frameworks carrying what does not grow with the data (its titles, its published
    aggregate and the number of real forces). The framework rows have no grade; the counts no titles.
    """
    held = Judgement.objects.filter(inspection__programme=programme).exclude(final_grade="")
    if not final_grades:
        held = held.filter(inspection__state=State.PUBLISHED)
    nothing = {name: Value(None, output_field=field) for name, field in _FRAMEWORK_COLUMNS}
    counts = (
        held.order_by().values(framework_pk=F("framework"), **nothing, grade=F("final_grade"),
                               synthetic=F("inspection__force__is_synthetic"))
        .annotate(n=Count("pk"), forces_total=Value(None, output_field=IntegerField()),
                  **{f"published_{grade}": Value(None, output_field=IntegerField()) for grade in GRADES})
    )
    published = PublishedAggregate.objects.filter(programme=programme, framework_key=OuterRef("key")).order_by()
    real_forces = Force.objects.filter(is_synthetic=False).order_by().values("is_synthetic")
    frameworks = (
        Framework.objects.filter(programmes=programme, graded=True).order_by()
        .values("pk", *(name for name, _ in _FRAMEWORK_COLUMNS),
                grade=Value(None, output_field=CharField()), synthetic=Value(None, output_field=BooleanField()),
                n=Value(0, output_field=IntegerField()),
                forces_total=Subquery(real_forces.annotate(n=Count("pk")).values("n")[:1]),
                **{f"published_{grade}": Subquery(published.values(grade)[:1]) for grade in GRADES})
    )
    return frameworks.union(counts, all=True)


_FRAMEWORK_COLUMNS = (("order", IntegerField()), ("key", CharField()), ("title", CharField()),
                      ("short_title", CharField()), ("group", CharField()))


def _mismatches(published: dict[str, int] | None, computed: dict[str, int], *, complete: bool) -> list[str]:
    if published is None:
        return []
    problems = []
    for grade in GRADES:
        if computed[grade] > published[grade] or (complete and computed[grade] != published[grade]):
            problems.append(
                f"{grade.capitalize()}: {computed[grade]} held against {published[grade]} published"
            )
    return problems


@dataclass(frozen=True)
class Distribution:
    """A labelled set of grade counts, with each grade's share of the forces it covers."""

    label: str
    counts: dict[str, int]
    synthetic: bool = False

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def shares(self) -> dict[str, int]:
        """Each grade's share in whole per cent (0 where nothing is held)."""
        total = self.total
        return {grade: round(100 * count / total) if total else 0 for grade, count in self.counts.items()}

    @property
    def cells(self) -> list[tuple[int, int]]:
        """Each grade's count and share, best grade first, as a table row prints them."""
        shares = self.shares
        return [(count, shares[grade]) for grade, count in self.counts.items()]


@dataclass(frozen=True)
class ComparisonRow:
    """One framework's distribution in a programme against the previous programme's."""

    framework_key: str
    title: str
    group: str
    current: list[Distribution]
    previous: Distribution | None
    shift: dict[str, int] | None
    compared: str


def compare_with_previous(programme: Programme, *, final_grades: bool = True) -> list[ComparisonRow]:
    """Each graded framework of ``programme`` against the same framework key in ``programme.previous``.

    Both sides come from ``national_summary``. The previous programme is taken as published (its
    published aggregate where held). For this programme, the held grades (final grades by default,
    for moderators) and any published aggregate are shown; made-up forces' grades are shown apart
    and are compared only where no real force's grade is held. ``shift`` is the change in each
    grade's share, in percentage points.
    """
    previous_rows: dict[str, DistributionRow] = {}
    if programme.previous is not None:
        previous_rows = {r.framework_key: r for r in national_summary(programme.previous)}
    kind = "final grades" if final_grades else "published grades"
    rows = []
    for row in national_summary(programme, final_grades=final_grades):
        current = []
        if row.published is not None:
            current.append(Distribution(f"{programme.title}: published", row.published))
        held = f"{kind} held for {row.forces_held} of {row.forces_total} forces"
        current.append(Distribution(f"{programme.title}: {held}", row.computed))
        if row.synthetic_forces:
            current.append(Distribution(f"{programme.title}: made-up demonstration forces", row.synthetic,
                                        synthetic=True))
        before = previous_rows.get(row.framework_key)
        previous = None
        if before is not None and programme.previous is not None:
            label = "published" if before.published is not None else f"published grades held ({before.coverage})"
            previous = Distribution(f"{programme.previous.title}: {label}", before.best_known)
        basis = next((d for d in current if d.total and not d.synthetic), None)
        basis = basis or next((d for d in current if d.total), None)
        shift = None
        # Shares compare only between distributions of the same grades (not 2007's four against PEEL's).
        if (previous is not None and previous.total and basis is not None
                and previous.counts.keys() == basis.counts.keys()):
            shift = {grade: basis.shares[grade] - previous.shares[grade] for grade in row.grades}
        rows.append(
            ComparisonRow(
                framework_key=row.framework_key, title=row.title, group=row.group, current=current,
                previous=previous, shift=shift, compared=basis.label if basis is not None and shift else "",
            )
        )
    return rows
