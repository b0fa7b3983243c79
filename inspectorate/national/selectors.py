"""Reading national distributions: the one place they are computed (SPEC section 6)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import connections, router
from django.db.models import BooleanField, CharField, Count, Expression, F, IntegerField, Value
from django.db.models.functions import Cast

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
    frameworks: dict[int, dict[str, Any]] = {}
    published: dict[str, dict[str, int]] = {}
    counts = []
    forces_total = 0
    for part, pk, position, key, title, short_title, group, grade, synthetic, n, *counted in (
            _summary_rows(programme, final_grades=final_grades)):
        if part == "counts":
            counts.append((pk, grade, synthetic, n))
        elif part == "framework":
            frameworks[pk] = {"position": position, "pk": pk, "key": key, "title": short_title or title,
                              "group": group, "real": dict.fromkeys(grades, 0), "synthetic": dict.fromkeys(grades, 0)}
        elif part == "published":
            published[key] = dict(zip(GRADES, counted, strict=True))
        else:
            forces_total = n
    for pk, grade, synthetic, n in counts:
        framework = frameworks.get(pk)
        grade = key_of.get(grade.lower())
        if framework is not None and grade is not None:
            framework["synthetic" if synthetic else "real"][grade] += n
    aggregates = grading.is_default_model(programme)
    rows = []
    for framework in sorted(frameworks.values(), key=lambda f: (f["position"], f["pk"])):
        computed = framework["real"]
        held = sum(computed.values())
        as_published = published.get(framework["key"]) if aggregates else None
        rows.append(
            DistributionRow(
                framework_key=framework["key"],
                title=framework["title"],
                group=framework["group"],
                published=as_published,
                computed=computed,
                forces_held=held,
                forces_total=forces_total,
                mismatches=_mismatches(as_published, computed, complete=held == forces_total),
                synthetic=framework["synthetic"],
                basis="final" if final_grades else "published",
                grades=grades,
            )
        )
    return rows


class _Programme(Expression):
    """The programme's id as a query parameter: the compiled query is kept and run again for any programme."""

    output_field = IntegerField()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [self]


# The summary's SQL and parameters, compiled once per database and basis (the ORM's building and
# compiling of it takes many times what the database takes to answer it). Its parameters are named
# once compiled: a backend then fills them in by string formatting, where SQLite's would otherwise
# rewrite the placeholders of the whole SQL by a regular expression on every call.
_COMPILED: dict[tuple[str, bool], tuple[str, dict[str, Any]]] = {}
_PLACEHOLDER = re.compile(r"(?<!%)%s")


def _summary_rows(programme: Programme, *, final_grades: bool) -> list[tuple[Any, ...]]:
    """The rows of ``_summary_query`` for this programme, their columns those of ``_COLUMNS``: its SQL
    compiled once, then run."""
    alias = router.db_for_read(Judgement)
    compiled = _COMPILED.get((alias, final_grades))
    if compiled is None:
        query = _summary_query(_Programme(), final_grades=final_grades).query
        sql, params = query.get_compiler(using=alias).as_sql()
        numbers = iter(range(len(params)))
        sql = _PLACEHOLDER.sub(lambda _: f"%(p{next(numbers)})s", sql)
        compiled = _COMPILED[alias, final_grades] = sql, {f"p{n}": value for n, value in enumerate(params)}
    sql, params = compiled
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, {name: programme.pk if isinstance(value, _Programme) else value
                             for name, value in params.items()})
        if [column[0] for column in cursor.description] != list(_COLUMNS):
            raise RuntimeError("the national summary's query does not give the columns it is read by")
        rows: list[tuple[Any, ...]] = cursor.fetchall()
        return rows


def _summary_query(programme: Expression, *, final_grades: bool) -> Any:
    """One query: the ``GROUP BY`` over the programme's held judgements, counted by (framework, grade as
    stored, made-up force or not), with, joined to it by ``UNION ALL``, what does not grow with the data:
    a row for each of the programme's graded frameworks, one for each of its published aggregates and
    one counting the real forces. Each row says which ``part`` it is; the others' columns are empty in it.
    """
    held = Judgement.objects.filter(inspection__programme_id=programme).exclude(final_grade="")
    if not final_grades:
        held = held.filter(inspection__state=State.PUBLISHED)
    counts = held.order_by().values(**_columns(
        "counts", framework_pk=F("framework"), grade=F("final_grade"), synthetic=F("inspection__force__is_synthetic"),
    )).annotate(n=Count("pk"), **_columns("counts", after_n=True))
    frameworks = Framework.objects.filter(programmes__pk=programme, graded=True).order_by().values(**_columns(
        "framework", framework_pk=F("pk"), position=F("order"), framework_slug=F("key"), framework_title=F("title"),
        framework_short_title=F("short_title"), framework_group=F("group"), n=Value(0),
    ))
    aggregate: dict[str, Any] = {f"published_{grade}": F(grade) for grade in GRADES}
    published = PublishedAggregate.objects.filter(programme_id=programme).order_by().values(**_columns(
        "published", framework_slug=F("framework_key"), n=Value(0), **aggregate,
    ))
    # Grouped by nothing but a constant: one row, the count of all real forces.
    forces = Force.objects.filter(is_synthetic=False).order_by().values(**_columns("forces")).annotate(
        n=Count("pk"), **_columns("forces", after_n=True))
    return frameworks.union(published, forces, counts, all=True)


# The columns of every part of the summary query, in order (a part leaves the others' columns empty).
_COLUMNS: dict[str, Any] = {
    "part": CharField(), "framework_pk": IntegerField(), "position": IntegerField(), "framework_slug": CharField(),
    "framework_title": CharField(), "framework_short_title": CharField(), "framework_group": CharField(),
    "grade": CharField(), "synthetic": BooleanField(), "n": IntegerField(),
    **{f"published_{grade}": IntegerField() for grade in GRADES},
}


def _columns(part: str, *, after_n: bool = False, **given: Expression | F) -> dict[str, Any]:
    """The part's columns in order, those not given empty. A part that counts (``counts``, ``forces``)
    annotates its count ``n`` apart: it takes the columns before ``n`` first, then (``after_n``) those after."""
    names = list(_COLUMNS)
    if part in ("counts", "forces"):
        cut = names.index("n")
        names = names[cut + 1:] if after_n else names[:cut]
    # PostgreSQL types the columns of a UNION from its parts in turn: the first part's (the frameworks')
    # empty columns are typed (two NULLs would make text, matching no count); the others' take those types.
    columns = {name: given.get(name, Cast(Value(None), _COLUMNS[name]) if part == "framework"
                               else Value(None, output_field=_COLUMNS[name]))
               for name in names}
    if "part" in columns:
        columns["part"] = Value(part)
    return columns


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
