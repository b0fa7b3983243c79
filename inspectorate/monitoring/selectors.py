"""Reading risk-based monitoring: series for the core, signals, the risk register, proposals, charts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypedDict

from django.core.paginator import Paginator
from django.db.models import Case, Max, QuerySet, Value, When

from inspectorate.core import charts
from inspectorate.core.monitoring import periods
from inspectorate.core.monitoring import stored as stored_data
from inspectorate.core.monitoring.peers import Z_95, Z_998, PeerComparison
from inspectorate.core.monitoring.series import Series
from inspectorate.core.monitoring.spc import SpcChart
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.national.models import Programme

from .models import (
    Indicator,
    MonitoringRun,
    Observation,
    PeerGroup,
    PeerGroupMember,
    ProposalStatus,
    ProposedInspection,
    Rebase,
    RiskEntry,
    Rule,
    Signal,
    StoredChart,
)


def series_from_database(*, indicators: Iterable[Indicator] | None = None,
                         on_force: Callable[[int], Any] | None = None) -> list[Series]:
    """Every force's series of each indicator (all indicators when none are given), as the core takes them.

    Series are named by force name and indicator name, both unique; periods sort as text.
    ``on_force`` hears the number of forces read so far, as each force's rows are finished.
    """
    rows = Observation.objects.all()
    chosen = Indicator.objects.all()
    if indicators is not None:
        rows = rows.filter(indicator__in=[indicator.pk for indicator in indicators])
        chosen = chosen.filter(pk__in=[indicator.pk for indicator in indicators])
    rates = {name: (denominator, per) for name, denominator, per in
             chosen.exclude(denominator="").values_list("name", "denominator", "rate_per")}
    figures = {name: {"population": population, "households": households} for name, population, households in
               Force.objects.values_list("name", "population", "households")} if rates else {}
    values = rows.order_by("force__name", "indicator__name", "period").values_list(
        "force__name", "indicator__name", "indicator__polarity", "period", "value")
    series: list[Series] = []
    key: tuple[str, str] | None = None
    polarity = ""
    points: list[str] = []
    numbers: list[float] = []

    def made(force: str, indicator: str) -> Series:
        denominator, per = rates.get(indicator, ("", 0))
        figure = figures.get(force, {}).get(denominator) if denominator else None
        return Series(force, indicator, polarity, tuple(points), tuple(numbers),  # type: ignore[arg-type]
                      denominators=(float(figure),) * len(points) if figure else None, rate_per=float(per))

    forces_read = 0
    for force, indicator, polarity_now, period, value in values.iterator(chunk_size=5000):
        if (force, indicator) != key:
            if key is not None:
                series.append(made(*key))
                if key[0] != force:
                    forces_read += 1
                    if on_force is not None:
                        on_force(forces_read)
            key, polarity, points, numbers = (force, indicator), polarity_now, [], []
        points.append(period)
        numbers.append(value)
    if key is not None:
        series.append(made(*key))
        if on_force is not None:
            on_force(forces_read + 1)
    return series


def rebase_periods(*, indicators: Iterable[Indicator] | None = None) -> dict[tuple[str, str], tuple[str, ...]]:
    """The periods at which people started a new baseline, by (force name, indicator name), as the core takes them."""
    rows = Rebase.objects.all()
    if indicators is not None:
        rows = rows.filter(indicator__in=[indicator.pk for indicator in indicators])
    found: dict[tuple[str, str], list[str]] = defaultdict(list)
    for force, indicator, period in rows.order_by("period").values_list("force__name", "indicator__name", "period"):
        found[(force, indicator)].append(period)
    return {key: tuple(value) for key, value in found.items()}


def peer_groups() -> dict[str, tuple[str, ...]]:
    """Most-similar-force groups by name, each with its forces' names, as the core takes them."""
    groups: dict[str, list[str]] = defaultdict(list)
    for group, force in PeerGroupMember.objects.order_by("group__name", "force__name").values_list(
            "group__name", "force__name"):
        groups[group].append(force)
    return {name: tuple(forces) for name, forces in groups.items()}


def latest_run() -> MonitoringRun | None:
    return MonitoringRun.objects.select_related("by").first()


class SignalFilters(TypedDict, total=False):
    """The filters of the signals list, as its form gives them."""

    force: str
    indicator: str
    rule: str
    status: str
    direction: str


def signals(
    *,
    force: str | None = None,
    indicator: str | None = None,
    rule: str | None = None,
    status: str | None = None,
    direction: str | None = None,
    current_only: bool = True,
) -> QuerySet[Signal]:
    """Stored signals, latest first, filtered by force slug, indicator key, rule, status and direction."""
    queryset = Signal.objects.select_related("force", "indicator", "acted_by").order_by(
        "-period", "force__name", "indicator__name", "rule")
    if current_only:
        queryset = queryset.filter(is_current=True)
    if force:
        queryset = queryset.filter(force__slug=force)
    if indicator:
        queryset = queryset.filter(indicator__key=indicator)
    if rule:
        queryset = queryset.filter(rule=rule)
    if status:
        queryset = queryset.filter(status=status)
    if direction:
        queryset = queryset.filter(direction=direction)
    return queryset


def monitored_forces() -> QuerySet[Force]:
    """Forces with observations, each annotated with its highest risk score (``top_score``)."""
    return (Force.objects.filter(observations__isnull=False).distinct()
            .annotate(top_score=Max("risk_entries__score")).order_by("name"))


def monitoring_shows_synthetic() -> bool:
    """Whether any synthetic force or indicator is in the monitoring data."""
    return (Indicator.objects.filter(is_synthetic=True).exists()
            or Observation.objects.filter(force__is_synthetic=True).exists())


@dataclass(frozen=True)
class RegisterRow:
    force: Force
    cells: list[RiskEntry | None]
    top: float


@dataclass(frozen=True)
class RiskRegister:
    frameworks: list[Framework]
    rows: list[RegisterRow]
    sort: str


def risk_register(*, sort: str = "score") -> RiskRegister:
    """Forces by frameworks, each cell a risk entry; ``sort`` is ``score`` (a force's highest score),
    ``force`` (name) or a framework key (that column's score)."""
    entries = list(RiskEntry.objects.select_related("force", "framework"))
    frameworks = sorted({entry.framework for entry in entries}, key=lambda f: (f.order, f.title))
    column = {framework.pk: n for n, framework in enumerate(frameworks)}
    by_force: dict[int, tuple[Force, list[RiskEntry | None]]] = {}
    for entry in entries:
        force, cells = by_force.setdefault(entry.force_id, (entry.force, [None] * len(frameworks)))
        cells[column[entry.framework_id]] = entry
    rows = [RegisterRow(force, cells, max((c.score for c in cells if c), default=0.0))
            for force, cells in by_force.values()]
    keys = [framework.key for framework in frameworks]
    if sort == "force":
        rows.sort(key=lambda row: row.force.name)
    elif sort in keys:
        n = keys.index(sort)
        rows.sort(key=lambda row: (-(cell.score if (cell := row.cells[n]) else -1), row.force.name))
    else:
        sort = "score"
        rows.sort(key=lambda row: (-row.top, row.force.name))
    return RiskRegister(frameworks, rows, sort)


def proposals(*, programme: Programme) -> QuerySet[ProposedInspection]:
    """A programme's proposals: open ones by rank, then the decided ones."""
    still_open = Case(When(status=ProposalStatus.PROPOSED, then=Value(0)), default=Value(1))
    return (ProposedInspection.objects.filter(programme=programme)
            .select_related("force", "framework", "accepted_by", "declined_by", "inspection")
            .order_by(still_open, "rank"))


@dataclass(frozen=True)
class ChartRow:
    """One point of an SPC chart as a table row: the text alternative of the chart."""

    period: str
    value: str
    mean: str
    lower: str
    upper: str
    marks: list[str]


@dataclass(frozen=True)
class FunnelRow:
    force: str
    value: str
    peer_mean: str
    limits_95: str
    limits_998: str
    verdict: str
    is_this_force: bool


@dataclass
class IndicatorCharts:
    """One indicator on a force's page: its SPC chart and peer funnel plot, with their tables."""

    indicator: Indicator
    chart: SpcChart
    spc_svg: str
    rows: list[ChartRow]
    funnel_svg: str = ""
    funnel_rows: list[FunnelRow] = field(default_factory=list)
    comparison: PeerComparison | None = None
    stored_signals: list[Signal] = field(default_factory=list)
    rebases: list[Rebase] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"indicator-{self.indicator.key}"


@dataclass
class ForceCharts:
    force: Force
    indicators: list[IndicatorCharts]
    synthetic: bool
    with_signals: bool
    latest_run: MonitoringRun | None = None
    page: Any = None

    @property
    def signal_count(self) -> int:
        return sum(len(one.chart.signals) for one in self.indicators)


def _chart_rows(chart: SpcChart, *, with_signals: bool) -> list[ChartRow]:
    centre = chart.centre_line()
    limits = chart.limit_lines()
    marks = charts.point_marks(chart) if with_signals else [[] for _ in chart.series.periods]
    rows = []
    for i, period in enumerate(chart.series.periods):
        rows.append(ChartRow(
            period=periods.label(period),
            value=charts.number(chart.series.values[i]),
            mean=charts.number(centre[i]) if centre else "",
            lower=charts.number(limits[0][i]) if limits else "",
            upper=charts.number(limits[1][i]) if limits else "",
            marks=[f"{Rule(mark.rule).label} ({mark.direction})" for mark in marks[i]],
        ))
    return rows


def _funnel_rows(own: PeerComparison, peers: list[PeerComparison], *, with_signals: bool) -> list[FunnelRow]:
    rows = []
    for one in sorted([own, *peers], key=lambda c: (c.force != own.force, c.force)):
        low95, high95 = one.limits(Z_95)
        low998, high998 = one.limits(Z_998)
        signal = one.signal() if with_signals else None
        if not with_signals:
            verdict = ""
        elif signal is None:
            verdict = "Within the 95% limits"
        else:
            verdict = f"{Rule(signal.rule).label} ({signal.direction})"
        rows.append(FunnelRow(
            force=one.force, value=charts.number(one.value), peer_mean=charts.number(one.peer_mean),
            limits_95=f"{charts.number(low95)} to {charts.number(high95)}",
            limits_998=f"{charts.number(low998)} to {charts.number(high998)}",
            verdict=verdict, is_this_force=one.force == own.force,
        ))
    return rows


CHARTS_PER_PAGE = 4


def charts_for_force(force: Force, *, with_signals: bool = False, page: Any = None) -> ForceCharts:
    """A force's SPC chart and peer funnel plot for each indicator it reports, ``CHARTS_PER_PAGE`` at a time.

    The charts are drawn from what the last monitoring run over each indicator stored (its chart
    and the peer comparisons, worked out nationally), never by running the monitor again; ``page``
    is the page number asked for (the first where missing or out of range). ``with_signals``
    marks the signals and lists the stored ones with their status: only for those who may see
    signals (inspectorate staff); a public page leaves it False.
    """
    rows = (StoredChart.objects.filter(force=force).select_related("indicator__framework")
            .order_by("indicator__name", "indicator_id"))
    shown_page = Paginator(rows, CHARTS_PER_PAGE).get_page(page)
    on_page = [row.indicator_id for row in shown_page.object_list]
    compared: dict[int, dict[str, Any]] = defaultdict(dict)  # each indicator's stored comparisons, by force
    for indicator_id, comparison in (StoredChart.objects.filter(indicator__in=on_page, comparison__isnull=False)
                                     .values_list("indicator_id", "comparison")):
        if comparison is not None:
            compared[indicator_id][comparison["force"]] = comparison
    stored: dict[int, list[Signal]] = defaultdict(list)
    chosen: dict[int, list[Rebase]] = defaultdict(list)
    if with_signals:  # signals and people's decisions are for inspectorate staff
        for signal in signals(force=force.slug).filter(indicator__in=on_page).order_by("indicator", "-period", "rule"):
            stored[signal.indicator_id].append(signal)
        for rebase in (Rebase.objects.filter(force=force, indicator__in=on_page).select_related("by")
                       .order_by("period")):
            chosen[rebase.indicator_id].append(rebase)
    shown = []
    for row in shown_page.object_list:
        indicator = row.indicator
        chart = stored_data.chart_from_data(row.chart)
        synthetic = bool(force.is_synthetic or indicator.is_synthetic)
        item = IndicatorCharts(
            indicator=indicator, chart=chart,
            spc_svg=charts.spc_chart_svg(chart, chart_id=f"spc-{indicator.key}", force=force.name,
                                         unit=indicator.unit, with_signals=with_signals, synthetic=synthetic,
                                         new_baselines=[rebase.period for rebase in chosen[indicator.pk]]),
            rows=_chart_rows(chart, with_signals=with_signals),
            stored_signals=stored.get(indicator.pk, []),
            rebases=chosen[indicator.pk],
        )
        if row.comparison is not None:
            own = stored_data.comparison_from_data(row.comparison)
            peers = [stored_data.comparison_from_data(compared[indicator.pk][peer]) for peer in own.peers
                     if peer in compared[indicator.pk]]
            item.comparison = own
            item.funnel_svg = charts.funnel_plot_svg(own, peers, chart_id=f"funnel-{indicator.key}",
                                                     unit=indicator.unit, with_signals=with_signals,
                                                     synthetic=synthetic)
            item.funnel_rows = _funnel_rows(own, peers, with_signals=with_signals)
        shown.append(item)
    return ForceCharts(
        force=force, indicators=shown, with_signals=with_signals, latest_run=latest_run(), page=shown_page,
        synthetic=bool(force.is_synthetic or any(item.indicator.is_synthetic for item in shown)),
    )


def group_names_for(force: Force) -> list[str]:
    return list(PeerGroup.objects.filter(members__force=force).order_by("name").values_list("name", flat=True))


def filter_choices() -> dict[str, Any]:
    """The forces, indicators, rules and statuses the signals list can be filtered by."""
    forces = Force.objects.filter(monitoring_signals__isnull=False).distinct().order_by("name")
    return {
        "forces": [(f.slug, f.name + (" (made-up)" if f.is_synthetic else "")) for f in forces],
        "indicators": list(Indicator.objects.filter(signals__isnull=False).distinct().order_by("name")
                           .values_list("key", "name")),
    }
