"""Benchmark of ``run-monitoring`` in the app at national scale, on SYNTHETIC data (made-up forces).

43 made-up forces x 100 indicators x 59 months are loaded into a fresh SQLite database (or the
PostgreSQL database of ``DATABASE_URL``, e.g. under ``scripts/with-postgres.sh``), each indicator
informing one of five risk-based frameworks. Three runs, timed in the same process:

1. the first run (every signal new);
2. a rerun with no new data;
3. a run after one new month for every series (the incremental case).

For each, the run's own split is printed: reading the observations, the statistics (the
monitoring core), and storing (signals and the risk register), with storing as a ratio of the
statistics time. The target is storing within 2x of the statistics.

Run: ``.venv/bin/python bench/monitoring_run.py`` (``--indicators N`` for a smaller run).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--months", type=int, default=60)
    args = parser.parse_args()
    workdir = tempfile.TemporaryDirectory()
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{workdir.name}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "inspectorate.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()
    from django.core.management import call_command

    from inspectorate.core.monitoring.synthetic import FORCES, generate
    from inspectorate.forces.models import Force
    from inspectorate.frameworks.models import Framework
    from inspectorate.monitoring import demo, services
    from inspectorate.monitoring.models import Indicator, Observation

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    data = generate(2024, months=args.months, indicators=args.indicators - 5, rare_indicators=5)
    forces = demo.ensure_synthetic_forces(FORCES)
    frameworks = [Framework.objects.get_or_create(key=f"bench-risk-{n}", defaults={
        "title": f"Benchmark risk-based framework {n}", "kind": "risk-based", "graded": False, "order": 90 + n})[0]
        for n in range(5)]
    last = sorted({period for one in data.series for period in one.periods})[-1]
    rows = [services.NewObservation(forces[one.force].pk, one.indicator, period, value)
            for one in data.series for period, value in zip(one.periods, one.values, strict=True) if period != last]
    services.save_observations(observations=rows, is_synthetic=True)
    for n, indicator in enumerate(Indicator.objects.order_by("name")):
        indicator.framework = frameworks[n % 5]
        indicator.save(update_fields=["framework"])
    services.save_peer_groups(msf_set="Benchmark groups", is_synthetic=True,
                              groups={name: [forces[f] for f in members] for name, members in data.groups.items()})
    print(f"SYNTHETIC: {len(data.series)} series, {Observation.objects.count():,} observations loaded in "
          f"{time.perf_counter() - started:.1f} s ({Force.objects.count()} forces)")

    def timed(label: str) -> None:
        began = time.perf_counter()
        summary = services.run_monitoring()
        whole = time.perf_counter() - began
        times = summary.times
        assert times is not None
        print(f"{label:<34} whole {whole:6.2f} s | reading {times.reading:5.2f} s | statistics "
              f"{times.statistics:5.2f} s | storing {times.storing:5.2f} s = {times.storing / times.statistics:4.2f}x "
              f"the statistics | {summary.signals_found:,} signals ({summary.signals_new:,} new)")

    timed("first run (every signal new)")
    timed("rerun, no new data")
    services.save_observations(observations=[
        services.NewObservation(forces[one.force].pk, one.indicator, last, one.values[-1])
        for one in data.series if one.periods[-1] == last], is_synthetic=True)
    timed(f"after a new month ({last})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
