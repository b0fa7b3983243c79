"""Risk-based monitoring in the database (SPEC section 8): indicators, observations, most similar
forces, the signals a monitoring run raises, the risk register and the proposed programme.

The statistics live in the pure core ``inspectorate.core.monitoring``; these models keep its inputs and
what people decide about its outputs. Every write goes through ``performance.services``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from inspectorate.core.monitoring.series import RULE_LABELS
from inspectorate.freetext import NOTE_MAX_LENGTH, TEXT_MAX_LENGTH

if TYPE_CHECKING:
    from inspectorate.forces.models import Force


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", "Higher is better"
    LOWER_IS_BETTER = "lower_is_better", "Lower is better"


class Frequency(models.TextChoices):
    MONTHLY = "monthly", "Monthly"
    QUARTERLY = "quarterly", "Quarterly"


class Rule(models.TextChoices):
    """The rule that fired: the four SPC rules on a force's own series, and the peer comparison."""

    # The labels are the monitoring core's (core/monitoring/series.py), which the charts use too.
    OUTSIDE_LIMITS = "outside_limits", RULE_LABELS["outside_limits"]
    SHIFT = "shift", RULE_LABELS["shift"]
    TREND = "trend", RULE_LABELS["trend"]
    TWO_OF_THREE = "two_of_three", RULE_LABELS["two_of_three"]
    PEER_OUTLIER_95 = "peer_outlier_95", RULE_LABELS["peer_outlier_95"]
    PEER_OUTLIER_998 = "peer_outlier_998", RULE_LABELS["peer_outlier_998"]
    CUSUM = "cusum", RULE_LABELS["cusum"]


class Direction(models.TextChoices):
    DETERIORATION = "deterioration", "Deterioration"
    IMPROVEMENT = "improvement", "Improvement"


class Denominator(models.TextChoices):
    """What a rate indicator is counted out of: a force's figure held on ``forces.Force``."""

    POPULATION = "population", "Population"
    HOUSEHOLDS = "households", "Households"


class Indicator(models.Model):
    """A performance indicator: what is measured, which way is better, and the framework it informs."""

    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200, unique=True, help_text="As files name it, e.g. 'Burglary'.")
    polarity = models.CharField(max_length=20, choices=Polarity.choices, default=Polarity.LOWER_IS_BETTER)
    unit = models.CharField(max_length=60, blank=True, help_text="e.g. 'per 1,000 people', '%', 'offences'.")
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY)
    framework = models.ForeignKey(
        "frameworks.Framework", null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators",
        limit_choices_to={"kind": "risk-based"},
        help_text="The risk-based framework whose likelihood of failure this indicator informs.",
    )
    description = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    is_synthetic = models.BooleanField(
        default=False, help_text="Made-up demonstration data (SPEC section 13): every page showing it says so."
    )
    denominator = models.CharField(
        max_length=12, choices=Denominator.choices, blank=True,
        help_text="For a rate: the force's figure it is counted out of. The peer comparison is then a funnel "
                  "around the national rate (docs/monitoring.md), for forces whose figure is held.")
    rate_per = models.PositiveIntegerField(
        default=1000, help_text="The values are per this many of the denominator (1,000 for 'per 1,000 people'); "
                                "0 if they are counts.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Observation(models.Model):
    """One force's value of one indicator for one period (``2023-03`` or ``2017/18 Q1``; sorts as text)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="observations")
    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="observations")
    period = models.CharField(max_length=20)
    value = models.FloatField()

    class Meta:
        # No default ordering: observations are read in bulk, ordered where it matters.
        constraints = [
            models.UniqueConstraint(fields=["indicator", "force", "period"], name="one_observation_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.force} / {self.indicator} / {self.period}: {self.value:g}"


class PeerGroup(models.Model):
    """A most-similar-forces (MSF) group. Within one MSF set a force belongs to one group."""

    name = models.CharField(max_length=120, unique=True)
    msf_set = models.CharField(
        max_length=120, help_text="The set of groups this one belongs to, e.g. 'Most similar forces 2024'."
    )
    forces: models.ManyToManyField[Force, PeerGroupMember] = models.ManyToManyField(
        "forces.Force", through="PeerGroupMember", related_name="peer_groups")
    is_synthetic = models.BooleanField(default=False)

    class Meta:
        ordering = ["msf_set", "name"]

    def __str__(self) -> str:
        return self.name


class PeerGroupMember(models.Model):
    group = models.ForeignKey(PeerGroup, on_delete=models.CASCADE, related_name="members")
    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="+")
    msf_set = models.CharField(max_length=120, help_text="The group's set, repeated so the database can hold "
                                                         "a force to one group per set.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["msf_set", "force"], name="one_peer_group_per_msf_set"),
        ]


class MonitoringRun(models.Model):
    """One run of the monitoring core over the observations held: when, by whom, what it found."""

    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    series = models.PositiveIntegerField(default=0)
    observations = models.PositiveIntegerField(default=0)
    signals_found = models.PositiveIntegerField(default=0)
    signals_new = models.PositiveIntegerField(default=0)
    signals_gone = models.PositiveIntegerField(default=0, help_text="Stored signals this run no longer found.")
    too_short = models.PositiveIntegerField(default=0, help_text="Series too short to raise signals.")
    scope = models.CharField(max_length=500, blank=True,
                             help_text="The indicators the run covered, where not all (as after a new baseline).")

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Monitoring run {self.at:%d %B %Y %H:%M}"


class StoredChart(models.Model):
    """What the last monitoring run over an indicator drew for one force: its SPC chart and its peer
    comparison. A funnel plot takes its peers' comparisons from their own rows for the indicator. Pages
    draw a force's charts from these rows, never by running the monitor again."""

    run = models.ForeignKey(MonitoringRun, on_delete=models.CASCADE, related_name="charts")
    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="monitoring_charts")
    indicator = models.ForeignKey("Indicator", on_delete=models.CASCADE, related_name="stored_charts")
    chart = models.JSONField(help_text="The SPC chart (inspectorate.core.monitoring.stored.chart_data).")
    comparison = models.JSONField(null=True, blank=True, help_text="The force's peer comparison, if any.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["force", "indicator"], name="unique_stored_chart"),
        ]

    def __str__(self) -> str:
        return f"{self.force} {self.indicator}"


class SignalStatus(models.TextChoices):
    NEW = "new", "New"
    REVIEWED = "reviewed", "Reviewed"
    DISMISSED = "dismissed", "Dismissed"
    ESCALATED = "escalated", "Escalated"


class Signal(models.Model):
    """A rule that fired on a force's indicator, kept as a row that people act on.

    The healthchecks "Flip" pattern: a monitoring run creates the row when it first finds the
    pattern; its identity is force + indicator + rule + ``start_period``, so a rerun finds the same
    row and never makes a second one. A run refreshes what it measures (the pattern's end, length,
    value, recency) and ``is_current``; only people change ``status`` (new -> reviewed ->
    dismissed or escalated), with ``processed``, ``note`` and ``acted_by``.
    """

    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="monitoring_signals")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="signals")
    rule = models.CharField(max_length=20, choices=Rule.choices)
    start_period = models.CharField(max_length=20, help_text="The first point of the pattern.")
    period = models.CharField(max_length=20, help_text="The point at which the pattern was first complete.")
    end_period = models.CharField(max_length=20, help_text="The last point of the pattern, as last seen.")
    direction = models.CharField(max_length=15, choices=Direction.choices)
    value = models.FloatField(help_text="The observed value at the signal's period.")
    points = models.PositiveIntegerField(default=1)
    periods_ago = models.PositiveIntegerField(default=0, help_text="From the pattern's end to the latest period.")
    detail = models.CharField(max_length=300, blank=True)
    evidence = models.FloatField(default=0, help_text="What a sustained deterioration still going on adds to the "
                                                      "force's evidence (monitoring.risk); 0 for other signals.")
    is_current = models.BooleanField(default=True, help_text="Found by the latest run over its indicator.")
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    status = models.CharField(max_length=10, choices=SignalStatus.choices, default=SignalStatus.NEW)
    processed = models.DateTimeField(null=True, blank=True, help_text="When someone last acted on it.")
    note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    acted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")

    class Meta:
        ordering = ["force__name", "indicator__name", "period", "rule"]
        constraints = [
            models.UniqueConstraint(fields=["force", "indicator", "rule", "start_period"],
                                    name="one_signal_per_pattern"),
        ]
        indexes = [models.Index(fields=["status", "is_current"])]

    def __str__(self) -> str:
        return f"{self.force} / {self.indicator}: {self.rule} from {self.start_period}"

    @property
    def is_synthetic(self) -> bool:
        return bool(self.indicator.is_synthetic or self.force.is_synthetic)


class RiskEntry(models.Model):
    """The risk register: one force's risk in one risk-based framework (see docs/performance.md)."""

    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="risk_entries")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.CASCADE, related_name="risk_entries")
    signal_evidence = models.FloatField(default=0, help_text="The monitoring core's score over the framework's "
                                                             "indicators, dismissed signals left out.")
    signal_count = models.PositiveIntegerField(default=0, help_text="Deteriorations counted in the evidence.")
    past_grade = models.CharField(max_length=10, blank=True)
    past_grade_source = models.CharField(max_length=200, blank=True, help_text="The programme that gave it.")
    likelihood = models.FloatField()
    impact = models.PositiveSmallIntegerField()
    score = models.FloatField(db_index=True)
    rationale = models.TextField(max_length=TEXT_MAX_LENGTH, blank=True)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["-score", "force__name", "framework__order"]
        verbose_name_plural = "risk entries"
        constraints = [
            models.UniqueConstraint(fields=["force", "framework"], name="one_risk_entry_per_force_framework"),
        ]

    def __str__(self) -> str:
        return f"{self.force} / {self.framework.display_title}: {self.score:g}"


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", "Proposed"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"


class ProposedInspection(models.Model):
    """An inspection the risk register proposes for a programme; a moderator accepts or declines it."""

    programme = models.ForeignKey("programmes.Programme", on_delete=models.CASCADE, related_name="proposals")
    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="proposed_inspections")
    framework = models.ForeignKey("frameworks.Framework", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveIntegerField()
    score = models.FloatField()
    rationale = models.TextField(max_length=TEXT_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED)
    proposed_at = models.DateTimeField()
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    declined_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(max_length=NOTE_MAX_LENGTH, blank=True)
    inspection = models.ForeignKey("inspections.Inspection", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", help_text="The planned inspection accepting it created.")

    class Meta:
        ordering = ["programme", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "force", "framework"], name="one_proposal_per_area"),
        ]

    def __str__(self) -> str:
        return f"{self.force} / {self.framework.display_title} ({self.programme})"


REBASE_REASON_MAX_LENGTH = 1_000


class Rebase(models.Model):
    """A person's decision that a force's indicator starts a new baseline from a period.

    Recorded with a reason (a change in recording practice, a boundary change, a new policy whose
    effect is now the normal level); every monitoring run honours it (``monitoring.evidence``:
    the CUSUM and its reference start again at ``period``), and the indicator's chart shows it.
    Written only through ``inspectorate.monitoring.services.rebase_series``.
    """

    force = models.ForeignKey("forces.Force", on_delete=models.CASCADE, related_name="monitoring_rebases")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="rebases")
    period = models.CharField(max_length=20, help_text="The first period of the new baseline.")
    reason = models.TextField(max_length=REBASE_REASON_MAX_LENGTH)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                           related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["force__name", "indicator__name", "period"]
        constraints = [
            models.UniqueConstraint(fields=["force", "indicator", "period"], name="one_rebase_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.force} / {self.indicator}: new baseline from {self.period}"
