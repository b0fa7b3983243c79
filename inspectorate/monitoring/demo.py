"""Demo data for monitoring: the SYNTHETIC dataset of ``inspectorate.core.monitoring.synthetic``.

43 made-up forces ("Fenshire Constabulary" and 42 other invented names; never a real force),
eight indicators, monthly from April 2004 to March 2009 (the years of the demo's programmes:
the 2007 inspection programme and the 2009 demonstration programme), with known injected
changes; seven most-similar-force groups; then a monitoring run, and proposals for the latest
programme graded by HMIC 2007, whose risk-based frameworks the indicators inform. Every page that
shows these data says they are made up (SPEC section 13).

Idempotent: a second run finds everything in place and changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from inspectorate.core.errors import SYSTEM
from inspectorate.core.grading import DEFAULT_MODEL
from inspectorate.core.monitoring import synthetic
from inspectorate.forces.models import Force
from inspectorate.frameworks.models import Framework, FrameworkKind
from inspectorate.national.models import Programme

from . import services
from .models import Indicator, MonitoringRun, Observation, PeerGroup, ProposedInspection

SEED = 2007
# The monitoring window: five years of monthly data up to the 2009 demonstration programme.
FIRST_MONTH = (2004, 4)
MSF_SET = f"Made-up most similar forces (seed {SEED})"
PROPOSALS = 10

# synthetic indicator -> (key, unit, the risk-based framework it informs)
INDICATORS = {
    "All crime per 1,000 people": ("synthetic-all-crime-rate", "per 1,000 people", "volume-crime-reduction"),
    "Burglary per 1,000 people": ("synthetic-burglary-rate", "per 1,000 people", "volume-crime-reduction"),
    "Violence against the person per 1,000 people": ("synthetic-violence-rate", "per 1,000 people",
                                                     "volume-crime-reduction"),
    "Vehicle offences per 1,000 people": ("synthetic-vehicle-offences-rate", "per 1,000 people",
                                          "volume-crime-reduction"),
    "Anti-social behaviour incidents per 1,000 people": ("synthetic-asb-rate", "per 1,000 people",
                                                         "reducing-anti-social-behaviour"),
    "Charge or summons rate (%)": ("synthetic-charge-rate", "%", "volume-crime-investigation"),
    "Victim satisfaction (%)": ("synthetic-victim-satisfaction", "%", "fairness-and-equality-in-service-delivery"),
    "999 calls answered within 10 seconds (%)": ("synthetic-999-answered", "%", "contact-management"),
}


def ensure_synthetic_forces(names: tuple[str, ...]) -> dict[str, Force]:
    """The generator's made-up forces, flagged synthetic; refuses to touch a real force of the same name."""
    held = {force.name: force for force in Force.objects.filter(name__in=names)}
    real = sorted(name for name, force in held.items() if not force.is_synthetic)
    if real:
        raise ValueError(f"Refusing to load made-up data onto real forces: {', '.join(real)}")
    missing = [Force(name=name, slug=slugify(name), country="England", is_synthetic=True)
               for name in names if name not in held]
    Force.objects.bulk_create(missing)
    return {force.name: force for force in Force.objects.filter(name__in=names)}


def ensure_indicators(dataset: synthetic.SyntheticDataset) -> dict[str, Indicator]:
    frameworks = {f.key: f for f in Framework.objects.filter(kind=FrameworkKind.RISK_BASED, is_current=True)}
    polarity = {one.indicator: one.polarity for one in dataset.series}
    indicators = {}
    for name, (key, unit, framework_key) in INDICATORS.items():
        if name not in polarity:
            continue
        indicators[name], _ = Indicator.objects.update_or_create(key=key, defaults={
            "name": name, "polarity": polarity[name], "unit": unit, "frequency": "monthly",
            "framework": frameworks.get(framework_key), "is_synthetic": True,
            "description": "Made-up demonstration indicator: made-up figures for made-up forces.",
        })
    return indicators


def load_dataset(dataset: synthetic.SyntheticDataset, *, msf_set: str = MSF_SET,
                 write: Callable[[str], Any] = lambda text: None) -> dict[str, Force]:
    """Save a synthetic dataset: its made-up forces, indicators, observations and MSF groups (no run)."""
    with transaction.atomic():
        forces = ensure_synthetic_forces(synthetic.FORCES)
        write(f"{len(forces)} made-up forces")
        indicators = ensure_indicators(dataset)
        unmapped = [name for name, indicator in indicators.items() if indicator.framework is None]
        write(f"{len(indicators)} indicators" + (f" ({len(unmapped)} without their framework: load the library)"
                                                if unmapped else ", each informing a risk-based framework"))
        rows = [services.NewObservation(forces[one.force].pk, one.indicator, period, value)
                for one in dataset.series for period, value in zip(one.periods, one.values, strict=True)]
        saved = services.save_observations(observations=rows, is_synthetic=True)
        write(f"{saved.created} observations added, {saved.updated} changed")
        count = services.save_peer_groups(
            msf_set=msf_set, is_synthetic=True,
            groups={name: [forces[force] for force in members] for name, members in dataset.groups.items()})
        write(f"{count} most-similar-force groups")
    return forces


def _complete(dataset: synthetic.SyntheticDataset) -> bool:
    expected = sum(len(one.values) for one in dataset.series)
    return (Observation.objects.filter(indicator__is_synthetic=True).count() == expected
            and PeerGroup.objects.filter(msf_set=MSF_SET).count() == len(dataset.groups)
            and MonitoringRun.objects.exists())


def load_demo(write: Callable[[str], Any]) -> None:
    started = time.perf_counter()

    def say(text: str) -> None:
        write(f"Monitoring demo: {text} ({time.perf_counter() - started:.1f} s)")

    dataset = synthetic.generate(SEED, first=FIRST_MONTH)
    say(f"generated MADE-UP data, seed {SEED}: {len(dataset.series)} series of made-up forces")
    if _complete(dataset):
        say("already loaded; nothing changed")
        return
    load_dataset(dataset, write=say)
    summary = services.run_monitoring()
    say(f"monitoring run: {summary.signals_found} signals ({summary.signals_new} new), "
        f"{summary.risk_entries} risk entries")
    programme = Programme.objects.filter(grading_model=DEFAULT_MODEL).order_by("-publication_month").first()
    if programme is not None and not ProposedInspection.objects.filter(programme=programme).exists():
        made = services.propose_programme(programme=programme, top=PROPOSALS, by=SYSTEM)
        say(f"{len(made)} risk-based inspections proposed for {programme.title}")
