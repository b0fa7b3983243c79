"""Writing risk-based monitoring: observations in, a monitoring run, acting on signals, the risk
register, and the proposed programme. Every change people make is written to the audit trail.

The flow (the healthchecks "Flip" pattern, STYLE.md): a run of the core raises signals; each new
pattern becomes a ``Signal`` row that people review and then dismiss or escalate; the signals that
are not dismissed feed the ``RiskEntry`` of their force and framework; the register ranks the
``ProposedInspection`` rows of a programme; a moderator's acceptance creates a planned inspection.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from inspectorate.access import Acting, person
from inspectorate.audit.services import record_event
from inspectorate.core.errors import SYSTEM, ServiceError, check_permission
from inspectorate.core.monitoring import periods
from inspectorate.core.monitoring import risk as core_risk
from inspectorate.core.monitoring import series as core
from inspectorate.core.monitoring import stored as stored_data
from inspectorate.core.monitoring.evidence import EvidenceConfig
from inspectorate.core.monitoring.monitor import monitor
from inspectorate.core.monitoring.risk import ForceRisk, RiskConfig, rank_forces
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework
from inspectorate.freetext import NOTE_MAX_LENGTH, text_problem
from inspectorate.inspections.models import Inspection, Judgement, State
from inspectorate.national.models import Programme

from . import selectors
from .models import (
    REBASE_REASON_MAX_LENGTH,
    Direction,
    Indicator,
    MonitoringRun,
    Observation,
    PeerGroup,
    PeerGroupMember,
    Polarity,
    ProposalStatus,
    ProposedInspection,
    Rebase,
    RiskEntry,
    Rule,
    Signal,
    SignalStatus,
    StoredChart,
)

if TYPE_CHECKING:
    from inspectorate.accounts.models import User

BATCH = 2000


# Observations and most similar forces ---------------------------------------------------------------


@dataclass(frozen=True)
class NewObservation:
    """One observation to save: the force (already found), the indicator by name, the period, the value."""

    force_id: int
    indicator: str
    period: str
    value: float


@dataclass(frozen=True)
class SaveSummary:
    created: int
    updated: int
    unchanged: int
    indicators_created: tuple[str, ...]


def _new_indicator_key(name: str, taken: set[str]) -> str:
    base = slugify(name)[:70] or "indicator"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    taken.add(key)
    return key


@transaction.atomic
def save_observations(*, observations: Sequence[NewObservation], polarities: Mapping[str, str] | None = None,
                      is_synthetic: bool = False) -> SaveSummary:
    """Save observations, creating the indicators the database does not hold yet; a value already held
    for the force, indicator and period is replaced. ``polarities`` gives new indicators their polarity
    (``lower_is_better`` otherwise); an indicator's frequency comes from its periods."""
    polarities = polarities or {}
    names = sorted({one.indicator for one in observations})
    indicators = {indicator.name: indicator for indicator in Indicator.objects.filter(name__in=names)}
    taken = set(Indicator.objects.values_list("key", flat=True))
    created_names = []
    first_period: dict[str, str] = {}
    for one in observations:
        first_period.setdefault(one.indicator, one.period)
    for name in names:
        if name not in indicators:
            indicators[name] = Indicator.objects.create(
                key=_new_indicator_key(name, taken), name=name,
                polarity=polarities.get(name) or Polarity.LOWER_IS_BETTER,
                frequency=periods.frequency_of(first_period[name]) or "monthly", is_synthetic=is_synthetic,
            )
            created_names.append(name)
    held: dict[tuple[int, int, str], tuple[int, float]] = {}
    for pk, indicator_id, force_id, period, value in Observation.objects.filter(
            indicator__in=indicators.values()).values_list("pk", "indicator_id", "force_id", "period", "value"):
        held[(indicator_id, force_id, period)] = (pk, value)
    to_create, to_update, unchanged = [], [], 0
    for one in observations:
        indicator_id = indicators[one.indicator].pk
        existing = held.get((indicator_id, one.force_id, one.period))
        if existing is None:
            to_create.append(Observation(indicator_id=indicator_id, force_id=one.force_id, period=one.period,
                                         value=one.value))
        elif existing[1] != one.value:
            to_update.append(Observation(pk=existing[0], value=one.value))
        else:
            unchanged += 1
    Observation.objects.bulk_create(to_create, batch_size=BATCH)
    Observation.objects.bulk_update(to_update, ["value"], batch_size=BATCH)
    return SaveSummary(len(to_create), len(to_update), unchanged, tuple(created_names))


@transaction.atomic
def save_peer_groups(*, msf_set: str, groups: Mapping[str, Sequence[Force]], is_synthetic: bool = False) -> int:
    """Replace the groups of one most-similar-forces set; within a set a force is in one group.
    Returns the number of groups saved."""
    seen: dict[int, str] = {}
    for name, forces in groups.items():
        for force in forces:
            if seen.setdefault(force.pk, name) != name:
                raise ServiceError(f"{force.name} is in both {seen[force.pk]!r} and {name!r}; within one set "
                                      "of most similar forces a force belongs to one group.")
    clash = PeerGroup.objects.filter(name__in=list(groups)).exclude(msf_set=msf_set).values_list("name", flat=True)
    if clash:
        raise ServiceError(f"Group {sorted(clash)[0]!r} already belongs to another set of most similar forces.")
    PeerGroup.objects.filter(msf_set=msf_set).delete()
    for name, forces in groups.items():
        group = PeerGroup.objects.create(name=name, msf_set=msf_set, is_synthetic=is_synthetic)
        PeerGroupMember.objects.bulk_create(
            [PeerGroupMember(group=group, force=force, msf_set=msf_set) for force in forces])
    return len(groups)


# A monitoring run --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunSummary:
    """What a monitoring run did, and the top of the risk register after it."""

    run: MonitoringRun
    series: int
    observations: int
    signals_found: int
    signals_new: int
    signals_gone: int
    too_short: int
    risk_entries: int
    ranking: tuple[ForceRisk, ...]
    times: RunTimes | None = None

    def lines(self) -> list[str]:
        out = [
            f"Charted {self.series} series ({self.observations} observations); {self.too_short} too short to signal.",
            f"Signals found: {self.signals_found} ({self.signals_new} new; {self.signals_gone} no longer found).",
            f"Risk register: {self.risk_entries} entries.",
        ]
        top = [risk for risk in self.ranking if risk.score > 0][:5]
        if top:
            out.append("Highest risk scores from performance data: "
                       + "; ".join(f"{risk.force} {risk.score:g}" for risk in top) + ".")
        return out


_MEASURED = ["period", "end_period", "direction", "value", "points", "periods_ago", "detail", "evidence",
             "is_current"]
ProgressReport = Callable[..., Any]


def _no_progress(**_: Any) -> None:
    return None


@dataclass(frozen=True)
class RunTimes:
    """Where a run's time went, in seconds: reading, the statistics (the core), and storing."""

    reading: float
    statistics: float
    storing: float


def run_monitoring(*, indicators: Iterable[Indicator] | None = None, by: Acting | None = None,
                   progress: ProgressReport = _no_progress) -> RunSummary:
    """Run the monitoring core over the observations held (of ``indicators``, or all) and store what it finds.

    New patterns become new signals; a pattern already stored (same force, indicator, rule and
    ``start_period``) keeps its row and its status, and only what is measured about it is refreshed
    (rows whose measures are unchanged, as on every series without a new period, are not rewritten;
    their ``last_seen`` moves on in one statement); stored signals of these indicators that the run
    no longer finds are marked not current. The risk register is then recomputed. The statistics
    run before the one write transaction; ``progress`` (a job's ``Progress``) hears how many forces
    have been read, the stage, and how many forces' signals have been stored.
    """
    clock = time.perf_counter()
    chosen = list(indicators) if indicators is not None else list(Indicator.objects.all())
    total = Observation.objects.filter(indicator__in=chosen).values("force").distinct().count() if chosen else 0
    series = selectors.series_from_database(
        indicators=chosen, on_force=lambda done: progress(stage=f"reading observations: {done} of {total} forces",
                                                          done=done, total=total, unit="forces"))
    read = time.perf_counter()
    progress(stage=f"charting {len(series):,} series over {total} forces and finding signals",
             done=total, total=total, unit="forces")
    result = monitor(series, selectors.peer_groups(), rebase_at=selectors.rebase_periods(indicators=chosen))
    computed = time.perf_counter()
    progress(stage=f"storing the signals of {total} forces and the risk register", done=0, total=total,
             unit="forces")
    summary = _store_run(series, result, chosen, by)
    stored = time.perf_counter()
    progress(stage=f"stored the signals of {total} of {total} forces", done=total, total=total, unit="forces")
    return replace(summary, times=RunTimes(read - clock, computed - read, stored - computed))


def _update_measures(rows: Sequence[Signal]) -> None:
    """Write what a run measured on these stored signals: one prepared UPDATE run for every row
    (``executemany``), not Django's ``bulk_update``, whose CASE per row per field grows with the square
    of the batch."""
    if not rows:
        return
    table = Signal._meta.db_table
    quote = connection.ops.quote_name
    column_of = {field.name: field.column for field in Signal._meta.concrete_fields}
    columns = [column_of[name] for name in _MEASURED]
    sql = (f"UPDATE {quote(table)} SET {', '.join(f'{quote(column)} = %s' for column in columns)} "
           f"WHERE {quote(column_of['id'])} = %s")
    with connection.cursor() as cursor:
        cursor.executemany(sql, [[getattr(row, name) for name in _MEASURED] + [row.pk] for row in rows])


@transaction.atomic
def _store_run(series: Sequence[core.Series], result: Any, chosen: list[Indicator], by: Acting | None) -> RunSummary:
    now = timezone.now()
    force_ids = dict(Force.objects.filter(name__in={one.force for one in series}).values_list("name", "pk"))
    indicator_ids = {indicator.name: indicator.pk for indicator in chosen}
    stored = {(s.force_id, s.indicator_id, s.rule, s.start_period): s
              for s in Signal.objects.filter(indicator__in=indicator_ids.values()).order_by()}
    found: dict[tuple[int, int, str, str], Signal] = {}
    new: list[Signal] = []
    changed: list[Signal] = []
    for signal in result.signals:
        key = (force_ids[signal.force], indicator_ids[signal.indicator], signal.rule, signal.start_period)
        if key in found:
            continue
        measured = {"period": signal.period, "end_period": signal.end_period, "direction": signal.direction,
                    "value": signal.value, "points": signal.points, "periods_ago": signal.periods_ago,
                    "detail": signal.detail[:300], "evidence": signal.evidence, "is_current": True}
        row = stored.get(key)
        if row is None:
            row = Signal(force_id=key[0], indicator_id=key[1], rule=signal.rule, start_period=signal.start_period,
                         first_seen=now, last_seen=now, status=SignalStatus.NEW, **measured)
            new.append(row)
        elif any(getattr(row, name) != value for name, value in measured.items()):
            for name, value in measured.items():
                setattr(row, name, value)
            changed.append(row)
        found[key] = row
    gone = [row for key, row in stored.items() if key not in found and row.is_current]
    for row in gone:
        row.is_current = False
    Signal.objects.bulk_create(new, batch_size=BATCH)
    _update_measures(changed + gone)
    # Every signal found again was seen now: one statement, not a CASE per row.
    Signal.objects.filter(indicator__in=indicator_ids.values(), is_current=True).update(last_seen=now)
    scope = "" if len(chosen) == Indicator.objects.count() else "; ".join(sorted(i.name for i in chosen))[:500]
    run = MonitoringRun.objects.create(
        by=person(by), scope=scope, series=len(series), observations=sum(len(one.values) for one in series),
        signals_found=len(found), signals_new=len(new), signals_gone=len(gone), too_short=len(result.too_short),
    )
    _store_charts(run, result, force_ids, indicator_ids)
    entries = recompute_risk_register()
    record_event(actor=by, action="monitoring.run", obj=run,
                 summary=f"Monitoring run: {len(found)} signals ({len(new)} new, {len(gone)} no longer found) "
                         f"over {len(series)} series" + (f" of {scope}" if scope else ""),
                 after={"signals_found": len(found), "signals_new": len(new), "signals_gone": len(gone)})
    return RunSummary(run, run.series, run.observations, len(found), len(new), len(gone), run.too_short, entries,
                      result.ranking)


def _store_charts(run: MonitoringRun, result: Any, force_ids: Mapping[str, int], indicator_ids: Mapping[str, int]
                  ) -> None:
    """Keep the run's charts and peer comparisons, replacing those of its indicators from earlier runs."""
    comparisons = {(one.force, one.indicator): one for one in result.peer_comparisons}
    rows = []
    for chart in result.charts:
        force_id, indicator_id = force_ids.get(chart.series.force), indicator_ids.get(chart.series.indicator)
        if force_id is None or indicator_id is None:
            continue
        own = comparisons.get((chart.series.force, chart.series.indicator))
        rows.append(StoredChart(run=run, force_id=force_id, indicator_id=indicator_id,
                                chart=stored_data.chart_data(chart),
                                comparison=stored_data.comparison_data(own) if own else None))
    StoredChart.objects.filter(indicator__in=indicator_ids.values()).delete()
    StoredChart.objects.bulk_create(rows, batch_size=BATCH)


# A person's new baseline --------------------------------------------------------------------------------


def rebase_series(*, force: Force, indicator: Indicator, period: str, reason: str, by: User) -> Rebase:
    """Record ``by``'s decision that ``force``'s ``indicator`` starts a new baseline at ``period``, saying why.

    The period must be one the force reported after the first baseline (the CUSUM's first
    ``reference_points`` periods), and not already the start of a baseline someone chose. The
    decision is written to the audit trail and the indicator is monitored again at once, so its
    signals and the risk register reflect it; every later run honours it too. The decision is
    committed first; the run then works out its statistics outside any write transaction and
    stores them in its own, as every run does.
    """
    rebase = _record_rebase(force=force, indicator=indicator, period=period, reason=reason, by=by)
    run_monitoring(indicators=[indicator], by=by)
    return rebase


@transaction.atomic
def _record_rebase(*, force: Force, indicator: Indicator, period: str, reason: str, by: User) -> Rebase:
    check_permission(by, "performance.rebase_series", None, "start a new baseline for a force's indicator")
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = ["Say why a new baseline starts here (for example a change in how offences are recorded)."]
    elif (problem := text_problem(reason, REBASE_REASON_MAX_LENGTH)) is not None:
        errors["reason"] = [problem.replace("The text", "The reason", 1)]
    held = sorted(Observation.objects.filter(force=force, indicator=indicator).values_list("period", flat=True))
    first = EvidenceConfig().reference_points
    if period not in held:
        when = periods.label(period) if period else "that period"
        errors["period"] = [f"{force} has no {indicator} figure for {when}: choose one of the periods it reported."]
    elif held.index(period) < first:
        errors["period"] = [f"The first {first} periods ({periods.span(held[0], held[first - 1])}) set the first "
                            "baseline: a new one can start only after them."]
    elif Rebase.objects.filter(force=force, indicator=indicator, period=period).exists():
        errors["period"] = [f"A new baseline already starts at {periods.label(period)}."]
    if errors:
        raise ServiceError(fields=errors)
    rebase = Rebase.objects.create(force=force, indicator=indicator, period=period, reason=reason, by=person(by),
                                   at=timezone.now())
    record_event(actor=by, action="monitoring.series_rebased", obj=rebase,
                 summary=f"{force} / {indicator}: new baseline from {periods.label(period)}",
                 after={"force": force.name, "indicator": indicator.name, "period": period, "reason": reason})
    return rebase


# The risk register -------------------------------------------------------------------------------------


# The risk register: scored by the monitoring core (core/monitoring/risk.py); this only reads and writes rows ---


def _core_signal(row: Signal) -> core.Signal:
    return core.Signal(force=row.force.name, indicator=row.indicator.name, period=row.period,
                       rule=row.rule, direction=row.direction,  # type: ignore[arg-type]
                       value=row.value, start_period=row.start_period, end_period=row.end_period,
                       points=row.points, periods_ago=row.periods_ago, detail=row.detail, evidence=row.evidence)


def _latest_grades(force_ids: Iterable[int], keys: Iterable[str]) -> dict[tuple[int, str], tuple[str, str]]:
    """The latest published final grade of each force in each framework key, with its programme's title."""
    grades: dict[tuple[int, str], tuple[str, str]] = {}
    judgements = (Judgement.objects.filter(inspection__force__in=list(force_ids), framework__key__in=list(keys),
                                           inspection__state=State.PUBLISHED)
                  .exclude(final_grade="")
                  .order_by("inspection__programme__publication_month", "pk")
                  .values_list("inspection__force_id", "framework__key", "final_grade", "inspection__programme__title"))
    for force_id, key, grade, programme in judgements:
        grades[(force_id, key)] = (grade, programme)  # later programmes overwrite earlier ones
    return grades


@transaction.atomic
def recompute_risk_register() -> int:
    """Recompute every risk entry from the current signals (dismissed ones left out), past grades and
    harm weights; one entry per force with observations and risk-based framework its indicators
    inform. Returns the number of entries."""
    now = timezone.now()
    frameworks = {framework.pk: framework for framework in
                  Framework.objects.filter(indicators__isnull=False).distinct()}
    pairs = set(Observation.objects.filter(indicator__framework__in=list(frameworks))
                .values_list("force_id", "indicator__framework_id").distinct())
    forces = {force.pk: force for force in Force.objects.filter(pk__in={force_id for force_id, _ in pairs})}
    counted = (Signal.objects.filter(is_current=True, direction=Direction.DETERIORATION,
                                     indicator__framework__in=list(frameworks))
               .exclude(status=SignalStatus.DISMISSED).select_related("force", "indicator"))
    by_framework: dict[int, list[core.Signal]] = defaultdict(list)
    for row in counted:
        by_framework[row.indicator.framework_id].append(_core_signal(row))  # type: ignore[index]
    grades = _latest_grades(forces, {framework.key for framework in frameworks.values()})
    risks: dict[tuple[str, int], ForceRisk] = {}
    for framework_id, framework in frameworks.items():
        names = sorted(forces[force_id].name for force_id, fw in pairs if fw == framework_id)
        by_name = {forces[force_id].name: grades[(force_id, framework.key)][0]
                   for force_id, fw in pairs if fw == framework_id and (force_id, framework.key) in grades}
        for risk in rank_forces(by_framework[framework_id], names, RiskConfig(grades=by_name)):
            risks[(risk.force, framework_id)] = risk
    # The register is derived data, recomputed whole: replace it (delete + bulk_create), not an UPDATE
    # with a CASE per row per field, which costs more than working the scores out.
    made = []
    for force_id, framework_id in sorted(pairs):
        force, framework = forces[force_id], frameworks[framework_id]
        risk = risks.get((force.name, framework_id)) or ForceRisk(force.name, 0.0, ())
        grade = grades.get((force_id, framework.key))
        assessment = core_risk.assess_area(risk.evidence, grade[0] if grade else None, framework.harm_weight)
        made.append(RiskEntry(
            force=force, framework=framework,
            signal_evidence=assessment.evidence,
            signal_count=len(risk.contributions),
            past_grade=grade[0] if grade else "",
            past_grade_source=grade[1][:200] if grade else "",
            likelihood=assessment.likelihood,
            impact=framework.harm_weight,
            score=assessment.score,
            rationale=core_risk.describe_area(risk, assessment, area=framework.display_title,
                                              period_label=periods.label, grade_source=grade[1] if grade else ""),
            computed_at=now,
        ))
    RiskEntry.objects.all().delete()
    RiskEntry.objects.bulk_create(made, batch_size=BATCH)
    return len(made)


# Acting on signals -------------------------------------------------------------------------------------


def _act(*, signal: Signal, by: User, to: str, allowed_from: str, note: str, action: str) -> Signal:
    check_permission(by, "performance.act_on_signal", None, "act on monitoring signals")
    locked = Signal.objects.select_for_update(of=("self",)).select_related("force", "indicator").get(pk=signal.pk)
    if locked.status != allowed_from:
        raise ServiceError(
            f"This signal is {locked.get_status_display().lower()}; only a {SignalStatus(allowed_from).label.lower()} "
            f"signal can be marked {SignalStatus(to).label.lower()}.")
    if (problem := text_problem(note, NOTE_MAX_LENGTH)) is not None:
        raise ServiceError(fields={"note": [problem.replace("The text", "The note", 1)]})
    before = {"status": locked.status, "note": locked.note}
    locked.status = to
    locked.processed = timezone.now()
    locked.acted_by = person(by)
    if note.strip():
        locked.note = note.strip()
    locked.save(update_fields=["status", "processed", "acted_by", "note"])
    record_event(actor=by, action=action, obj=locked,
                 summary=f"{locked.force} / {locked.indicator}: {Rule(locked.rule).label} from "
                         f"{periods.label(locked.start_period)} {SignalStatus(to).label.lower()}",
                 before=before, after={"status": to, "note": locked.note})
    signal.status, signal.processed, signal.acted_by, signal.note = (locked.status, locked.processed,
                                                                      locked.acted_by, locked.note)
    return signal


@transaction.atomic
def review_signal(*, signal: Signal, by: User, note: str = "") -> Signal:
    """Mark a new signal reviewed: someone has looked at it and will dismiss or escalate it."""
    return _act(signal=signal, by=by, to=SignalStatus.REVIEWED, allowed_from=SignalStatus.NEW, note=note,
                action="monitoring.signal_reviewed")


@transaction.atomic
def dismiss_signal(*, signal: Signal, by: User, note: str) -> Signal:
    """Dismiss a reviewed signal as not a real decline, saying why; it no longer counts in the risk register
    and stays dismissed when later runs find the same pattern."""
    if not note.strip():
        raise ServiceError(fields={"note": ["Say why the signal is dismissed."]})
    _act(signal=signal, by=by, to=SignalStatus.DISMISSED, allowed_from=SignalStatus.REVIEWED, note=note,
         action="monitoring.signal_dismissed")
    recompute_risk_register()
    return signal


@transaction.atomic
def escalate_signal(*, signal: Signal, by: User, note: str = "") -> Signal:
    """Escalate a reviewed signal: a decline the inspectorate should act on."""
    return _act(signal=signal, by=by, to=SignalStatus.ESCALATED, allowed_from=SignalStatus.REVIEWED, note=note,
                action="monitoring.signal_escalated")


# The proposed programme --------------------------------------------------------------------------------


@transaction.atomic
def propose_programme(*, programme: Programme, top: int = 10, by: Acting = SYSTEM) -> list[ProposedInspection]:
    """Propose the ``top`` risk entries with some evidence (likelihood above 1) as inspections in ``programme``.

    Open proposals are replaced; accepted and declined ones stay, and their force and framework are not
    proposed again. A force whose inspection in the programme has started is not proposed, nor a
    framework graded by another model than the programme's (a 2007 framework in a PEEL programme).
    """
    check_permission(by, "performance.propose_programme", None, "propose a programme of inspections")
    if top < 1:
        raise ServiceError(fields={"top": ["Propose at least one inspection."]})
    ProposedInspection.objects.filter(programme=programme, status=ProposalStatus.PROPOSED).delete()
    decided = set(ProposedInspection.objects.filter(programme=programme).values_list("force_id", "framework_id"))
    started = set(Inspection.objects.filter(programme=programme).exclude(state=State.PLANNED)
                  .values_list("force_id", flat=True))
    candidates = (RiskEntry.objects.filter(likelihood__gt=1, framework__grading_model=programme.grading_model)
                  .select_related("force", "framework")
                  .order_by("-score", "force__name", "framework__order"))
    now = timezone.now()
    made: list[ProposedInspection] = []
    for entry in candidates:
        if (entry.force_id, entry.framework_id) in decided or entry.force_id in started:
            continue
        made.append(ProposedInspection(
            programme=programme, force=entry.force, framework=entry.framework, rank=len(made) + 1,
            score=entry.score, rationale=entry.rationale, proposed_at=now,
        ))
        if len(made) == top:
            break
    ProposedInspection.objects.bulk_create(made)
    record_event(actor=by, action="monitoring.programme_proposed", obj=programme,
                 summary=f"{len(made)} risk-based inspections proposed for {programme.title}",
                 after={"proposals": [[p.force.name, p.framework.key, p.score] for p in made]})
    return made


def _lock_open(proposal: ProposedInspection) -> ProposedInspection:
    locked = (ProposedInspection.objects.select_for_update(of=("self",))
              .select_related("force", "framework", "programme").get(pk=proposal.pk))
    if locked.status != ProposalStatus.PROPOSED:
        raise ServiceError(f"This proposal has already been {locked.get_status_display().lower()}.")
    return locked


@transaction.atomic
def accept_proposal(*, proposal: ProposedInspection, by: User) -> Inspection:
    """Accept a proposal: plan an inspection of the force in the proposal's programme (or join the one
    already planned there) and write both to the audit trail."""
    check_permission(by, "performance.decide_proposal", None, "decide on proposed inspections")
    locked = _lock_open(proposal)
    inspection = Inspection.objects.filter(force=locked.force, programme=locked.programme).first()
    if inspection is not None and inspection.state != State.PLANNED:
        raise ServiceError(f"{locked.force} is already being inspected in {locked.programme.title} "
                              f"({inspection.get_state_display().lower()}); plan this one in another programme.")
    created = inspection is None
    if inspection is None:
        inspection = Inspection.objects.create(force=locked.force, programme=locked.programme, state=State.PLANNED)
        record_event(actor=by, action="inspection.planned", obj=inspection, inspection=inspection,
                     summary=f"Inspection of {locked.force} planned in {locked.programme.title} "
                             f"(risk-based: {locked.framework.display_title})",
                     after={"state": State.PLANNED, "from_proposal": locked.pk})
    locked.status = ProposalStatus.ACCEPTED
    locked.accepted_by = person(by)
    locked.decided_at = timezone.now()
    locked.inspection = inspection
    locked.save(update_fields=["status", "accepted_by", "decided_at", "inspection"])
    record_event(actor=by, action="monitoring.proposal_accepted", obj=locked, inspection=inspection,
                 summary=f"Proposal accepted: {locked.framework.display_title} at {locked.force} "
                         f"(score {locked.score:g}, rank {locked.rank})"
                         + ("" if created else "; joins the inspection already planned"),
                 before={"status": ProposalStatus.PROPOSED},
                 after={"status": ProposalStatus.ACCEPTED, "inspection": inspection.pk})
    proposal.status, proposal.accepted_by, proposal.decided_at, proposal.inspection = (
        locked.status, locked.accepted_by, locked.decided_at, inspection)
    return inspection


@transaction.atomic
def decline_proposal(*, proposal: ProposedInspection, by: User, note: str = "") -> ProposedInspection:
    """Decline a proposal, with an optional reason; it is not proposed again for this programme."""
    check_permission(by, "performance.decide_proposal", None, "decide on proposed inspections")
    if (problem := text_problem(note, NOTE_MAX_LENGTH)) is not None:
        raise ServiceError(fields={"note": [problem.replace("The text", "The note", 1)]})
    locked = _lock_open(proposal)
    locked.status = ProposalStatus.DECLINED
    locked.declined_by = person(by)
    locked.decided_at = timezone.now()
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "declined_by", "decided_at", "decision_note"])
    record_event(actor=by, action="monitoring.proposal_declined", obj=locked,
                 summary=f"Proposal declined: {locked.framework.display_title} at {locked.force}",
                 before={"status": ProposalStatus.PROPOSED},
                 after={"status": ProposalStatus.DECLINED, "note": locked.decision_note})
    proposal.status, proposal.declined_by, proposal.decided_at, proposal.decision_note = (
        locked.status, locked.declined_by, locked.decided_at, locked.decision_note)
    return proposal
