"""Loading observation files (and most-similar-force groups): the one service ``inspectorate
load-observations`` and the observation-load job both call. The files are read and checked row by
row first; then everything is saved in one transaction, or nothing is."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction

from inspectorate.core.errors import ServiceError

from . import services
from .importing import MAX_LISTED_ERRORS, ForceFinder, read_groups, read_observations

DEFAULT_GROUPS_SET = "Most similar forces"


class LoadRefused(ServiceError):
    """Nothing was written: ``lines`` lists the bad rows (at most MAX_LISTED_ERRORS), ``message`` sums up."""

    def __init__(self, message: str, lines: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.lines = lines or []


@dataclass(frozen=True)
class LoadOutcome:
    saved: services.SaveSummary
    groups: int | None
    groups_set: str

    def lines(self) -> list[str]:
        saved = self.saved
        out = [f"Observations: {saved.created} added, {saved.updated} changed, {saved.unchanged} unchanged."]
        if saved.indicators_created:
            out.append(f"New indicators ({len(saved.indicators_created)}), lower is better unless the file said "
                       f"otherwise: {', '.join(saved.indicators_created)}.")
            out.append("Give them a unit and the risk-based framework they inform in the administration.")
        if self.groups is not None:
            out.append(f"Most similar forces: {self.groups} groups in {self.groups_set!r}.")
        return out


def load_observation_files(*, observations: Path, groups: Path | None = None,
                           groups_set: str = DEFAULT_GROUPS_SET,
                           progress: Callable[..., Any] | None = None) -> LoadOutcome:
    """Read, check and save an observations file (and a groups file); raise LoadRefused on any bad row."""
    report = progress or (lambda **_: None)
    report(stage=f"reading and checking {observations.name}")
    finder = ForceFinder()
    read = read_observations(observations, finder)
    group_file = read_groups(groups, finder) if groups else None
    errors = read.errors + (group_file.errors if group_file else [])
    if errors:
        listed = errors[:MAX_LISTED_ERRORS]
        if len(errors) > MAX_LISTED_ERRORS:
            listed.append(f"... and {len(errors) - MAX_LISTED_ERRORS} more")
        raise LoadRefused(f"{len(errors)} bad row(s); nothing was written.", listed)
    if not read.observations:
        raise LoadRefused(f"{observations}: no observations; nothing was written.")
    report(stage=f"saving {len(read.observations):,} observations", done=0, total=len(read.observations),
           unit="observations")
    try:
        with transaction.atomic():
            saved = services.save_observations(observations=read.observations, polarities=read.polarities)
            group_count = services.save_peer_groups(msf_set=groups_set, groups=group_file.groups) \
                if group_file else None
    except ServiceError as error:
        raise LoadRefused(f"{'; '.join(error.messages)} Nothing was written.") from error
    return LoadOutcome(saved, group_count, groups_set)
