"""Administration of monitoring reference data. Signals, risk entries and proposals change only through
``performance.services`` (each change is audited), so they are read-only here."""

from __future__ import annotations

from django.contrib import admin

from inspectorate.audit.admin import ViewOnlyAdmin, ViewOnlyInline

from .models import (
    Indicator,
    MonitoringRun,
    Observation,
    PeerGroup,
    PeerGroupMember,
    ProposedInspection,
    RiskEntry,
    Signal,
)


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin[Indicator]):
    """Administrators give each indicator its unit, polarity and the risk-based framework it informs."""

    list_display = ("name", "key", "polarity", "unit", "frequency", "framework", "is_synthetic")
    list_filter = ("polarity", "frequency", "framework", "is_synthetic")
    search_fields = ("name", "key")


class PeerGroupMemberInline(ViewOnlyInline[PeerGroupMember, PeerGroup]):
    model = PeerGroupMember
    fields = ("force",)


@admin.register(PeerGroup)
class PeerGroupAdmin(admin.ModelAdmin[PeerGroup]):
    """Groups load from a file (``inspectorate load-observations --groups``), which keeps a force in one
    group of a set; here they are only read."""

    list_display = ("name", "msf_set", "is_synthetic")
    list_filter = ("msf_set",)
    inlines = [PeerGroupMemberInline]
    readonly_fields = ("name", "msf_set", "is_synthetic")


@admin.register(Signal)
class SignalAdmin(ViewOnlyAdmin[Signal]):
    list_display = ("force", "indicator", "rule", "direction", "start_period", "end_period", "status", "is_current")
    list_filter = ("status", "rule", "direction", "is_current")
    search_fields = ("force__name", "indicator__name")


@admin.register(RiskEntry)
class RiskEntryAdmin(ViewOnlyAdmin[RiskEntry]):
    list_display = ("force", "framework", "likelihood", "impact", "score", "computed_at")
    list_filter = ("framework",)


@admin.register(ProposedInspection)
class ProposedInspectionAdmin(ViewOnlyAdmin[ProposedInspection]):
    list_display = ("programme", "rank", "force", "framework", "score", "status")
    list_filter = ("programme", "status")


@admin.register(MonitoringRun)
class MonitoringRunAdmin(ViewOnlyAdmin[MonitoringRun]):
    list_display = ("at", "by", "series", "signals_found", "signals_new", "signals_gone")


@admin.register(Observation)
class ObservationAdmin(admin.ModelAdmin[Observation]):
    """Observations are loaded in bulk (`inspectorate load-observations`); here they can be looked up."""

    list_display = ("indicator", "force", "period", "value")
    list_filter = ("indicator",)
    search_fields = ("force__name", "period")
    list_select_related = ("indicator", "force")
