"""What the public pages and API lists cost at 1x, 10x and 100x the demo data, against a static file.

Builds three SQLite databases (reproducible: no randomness, the same rows every run):

- 1x: ``inspectorate migrate`` then ``inspectorate load-demo`` (the demo loader: the 43 forces'
  reference data, the made-up forces' inspections, the frozen report, recommendations and their
  follow-ups, developing practice, the made-up monitoring data and a monitoring run);
- 10x and 100x: a copy of the 1x file grown by ``grow``: each made-up copy is a new made-up force
  ("Benchshire 12 (of Fenshire Constabulary)", synthetic) holding copies of one demo force's
  inspections with their judgements, evidence, assessments, findings, recommendations,
  follow-ups, frozen reports and developing practice, and of its observations, signals, risk
  entries and stored charts, written with ``bulk_create``; copies are numbered, so two builds
  give the same rows. The monitoring data (observations, signals, stored charts) grow to 10x at
  most: at 100x only the inspections and what hangs from them are copied 100 times.

Then, for each database in its own process, each page is fetched in-process with Django's test
``Client``: once to count its queries, then ``--repeat`` times interleaved with a static file of
the same size served by ``django.views.static.serve`` through the same ``Client`` (A/B, page then
file). Printed per page and scale: the response size, queries, median time, the ratio to the
same page at 1x and its throughput against the static file's (file time / page time; 1.0 is
static speed).
A row ending "304" is the report page fetched with the ETag it sent (a conditional GET).
A download (``.csv``, ``.json``) is the whole dataset, so its size grows with the data and it cannot be flat
the way a page is: it is judged by "vs static", against a static file of its size, as it is kept (built once
per version of its data, ``inspectorate/opendata/kept.py``); its row ending "build" is the first fetch
after a change, which builds the file (each fetch of that row removes the kept files first).
On a busy machine wall-clock medians of runs minutes apart drift with the load; ``--clock cpu`` times
each fetch by the process's own CPU time instead (``time.process_time``), which the other processes
disturb far less.

    .venv/bin/python bench/pages.py                 # 1x, 10x, 100x (about five minutes on 2 cores)
    .venv/bin/python bench/pages.py --scales 1 10 --repeat 5
    .venv/bin/python bench/pages.py --scales 1 100 --clock cpu
    .venv/bin/python bench/pages.py --scales 1 100 --only "recommendation tracker" "API practice"

``--only`` measures only the pages named (as the first column prints them).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MONITORING_COPIES = 10
CACHE = Path(os.environ.get("BENCH_PAGES_DIR", Path(tempfile.gettempdir()) / "inspectorate-bench-pages"))


def _env(db: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({"DATABASE_URL": f"sqlite:///{db}", "DEBUG": "0", "DJANGO_SETTINGS_MODULE": "inspectorate.settings",
                "ALLOWED_HOSTS": "testserver,localhost"})
    env.pop("INSPECTORATE_PRODUCTION", None)
    env["MEDIA_ROOT"] = str(db.with_suffix(".media"))  # each database's own files (the kept downloads among them)
    return env


def build(scale: int) -> Path:
    """The database of ``scale`` times the demo, built once and kept in ``CACHE`` (delete it to rebuild); a
    kept one is brought up to the project's migrations (its indexes among them)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    db = CACHE / f"pages-{scale}x.sqlite3"
    if db.exists():
        subprocess.run([str(BIN / "inspectorate"), "migrate", "--noinput"], env=_env(db), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL)
        return db
    if scale == 1:
        partial = CACHE / "pages-1x.partial.sqlite3"
        partial.unlink(missing_ok=True)
        for command in (["migrate", "--noinput"], ["load-demo"]):
            subprocess.run([str(BIN / "inspectorate"), *command], env=_env(partial), cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        partial.rename(db)
        return db
    base = build(1)
    partial = CACHE / f"pages-{scale}x.partial.sqlite3"
    shutil.copyfile(base, partial)
    subprocess.run([sys.executable, __file__, "--grow", str(scale), "--db", str(partial)], env=_env(partial),
                   cwd=ROOT, check=True)
    partial.rename(db)
    return db


# Growing a copy of the demo (runs inside Django, in its own process) -------------------------------------

def grow(scale: int) -> None:
    """Add ``scale - 1`` made-up copies of each demo force's data (see the module's docstring)."""
    from django.db import transaction
    from django.db.models import Q

    from inspectorate.forces.models import Force
    from inspectorate.inspections.models import Inspection

    sources = list(Force.objects.filter(Q(inspections__isnull=False) | Q(observations__isnull=False),
                                        is_synthetic=True).distinct().order_by("slug"))
    copies = scale - 1
    started = time.perf_counter()
    with transaction.atomic():
        for n in range(1, copies + 1):
            for source in sources:
                # Monitoring data grow to 10x at most (2 million observations take too long to write here).
                if n < MONITORING_COPIES or source.inspections.exists():
                    _copy_force(source, n, monitoring=n < MONITORING_COPIES)
    print(f"  grew {scale}x: {copies * len(sources)} made-up forces, "
          f"{Inspection.objects.count()} inspections, in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _rows(model: Any, **where: Any) -> list[dict[str, Any]]:
    return list(model.objects.filter(**where).order_by("pk").values(*[f.attname for f in model._meta.concrete_fields]))


def _clone(model: Any, rows: list[dict[str, Any]], remap: dict[str, dict[int, int]],
           fixed: dict[str, Any] | None = None) -> dict[int, int]:
    """Copies of ``rows`` with their foreign keys mapped by ``remap`` (attname -> old id -> new id)."""
    made = []
    for row in rows:
        values = {k: v for k, v in row.items() if k != "id"}
        for attname, mapping in remap.items():
            if values.get(attname) is not None:
                values[attname] = mapping[values[attname]]
        values.update(fixed or {})
        made.append(model(**values))
    model.objects.bulk_create(made, batch_size=500)
    return {row["id"]: obj.pk for row, obj in zip(rows, made, strict=True)}


def _copy_force(source: Any, n: int, *, monitoring: bool) -> None:
    from inspectorate.forces.models import Force
    from inspectorate.inspections.models import (
        CriterionAssessment,
        EvidenceItem,
        Finding,
        Inspection,
        Judgement,
        Recommendation,
    )
    from inspectorate.monitoring.models import Observation, RiskEntry, Signal, StoredChart
    from inspectorate.practice.models import DevelopingPractice
    from inspectorate.recommendations.models import FollowUp
    from inspectorate.reports.models import PublishedReport

    force = Force.objects.create(
        name=f"Benchshire {n} (of {source.name})", slug=f"benchshire-{n}-{source.slug}", country=source.country,
        is_synthetic=True, population=source.population, households=source.households)
    forces = {source.pk: force.pk}
    inspections = _clone(Inspection, _rows(Inspection, force=source), {"force_id": forces})
    by_inspection = {"inspection_id": inspections}
    ids = list(inspections)
    for model in (EvidenceItem, CriterionAssessment, Judgement, PublishedReport):
        _clone(model, _rows(model, inspection__in=ids), by_inspection)
    findings = _clone(Finding, _rows(Finding, inspection__in=ids), by_inspection)
    recommendations = _clone(Recommendation, _rows(Recommendation, inspection__in=ids),
                             {"inspection_id": inspections, "finding_id": findings})
    _clone(FollowUp, _rows(FollowUp, recommendation__inspection__in=ids), {"recommendation_id": recommendations})
    _clone(DevelopingPractice, _rows(DevelopingPractice, force=source),
           {"force_id": forces, "inspection_id": inspections})
    for model in (Observation, Signal, RiskEntry, StoredChart) if monitoring else ():
        _clone(model, _rows(model, force=source), {"force_id": forces})


# Measuring (runs inside Django, in its own process) --------------------------------------------------------

def pages() -> list[tuple[str, str]]:
    """The public pages and API lists measured, with the rows they are about found in the database."""
    from inspectorate.monitoring.models import StoredChart
    from inspectorate.practice.models import DevelopingPractice
    from inspectorate.reports.models import PublishedReport

    report = PublishedReport.objects.select_related("inspection__force", "inspection__programme").order_by("pk")[0]
    at = f"/reports/{report.inspection.force.slug}/{report.inspection.programme.slug}/"
    charted = StoredChart.objects.order_by("force__slug").values_list("force__slug", flat=True)
    kestrelshire = "kestrelshire-constabulary"
    monitored = kestrelshire if charted.filter(force__slug=kestrelshire).exists() else charted[0]
    example = DevelopingPractice.objects.order_by("pk").values_list("pk", flat=True)[0]
    programme = report.inspection.programme.slug
    return [
        ("home", "/"),
        ("published report", at),
        ("published report 304", at),
        ("force page (Fenshire)", "/forces/fenshire-constabulary/"),
        ("force page, monitored", f"/forces/{monitored}/"),
        ("judgements.csv", "/opendata/downloads/judgements.csv"),
        ("judgements.csv build", "/opendata/downloads/judgements.csv"),
        ("recommendations.csv", "/opendata/downloads/recommendations.csv"),
        ("recommendations.csv build", "/opendata/downloads/recommendations.csv"),
        ("national.json", "/opendata/downloads/national.json"),
        ("national.json build", "/opendata/downloads/national.json"),
        ("national summary", f"/national/{programme}/"),
        ("recommendation tracker", "/recommendations/"),
        ("practice library", "/practice/"),
        ("practice example", f"/practice/{example}/"),
        ("API judgements", "/api/v1/judgements"),
        ("API recommendations", "/api/v1/recommendations"),
        ("API practice", "/api/v1/practice"),
        ("API national summary", f"/api/v1/programmes/{programme}/national-summary"),
    ]


class _Counter:
    """A database execute wrapper that notes each query's SQL."""

    def __init__(self, queries: list[str]) -> None:
        self.queries = queries

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        self.queries.append(sql)
        return execute(sql, params, many, context)


def _body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def measure(repeat: int, clock: str = "wall", only: list[str] | None = None) -> list[dict[str, Any]]:
    import types

    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import include, path
    from django.views.static import serve

    from inspectorate.opendata.kept import forget

    static_dir = Path(tempfile.mkdtemp(prefix="bench-static-"))
    urls = types.ModuleType("bench_pages_urls")
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path("bench-static/<path:path>", serve, {"document_root": str(static_dir)}),
        path("", include("inspectorate.urls")),
    ]
    results = []
    now = time.process_time if clock == "cpu" else time.perf_counter
    with override_settings(ROOT_URLCONF=urls):
        client = Client()
        for name, url in pages():
            if only and name not in only:
                continue
            headers: dict[str, str] = {}
            building = name.endswith(" build")
            if building:
                forget()
            first = client.get(url)
            body = _body(first)
            if first.status_code != 200:
                raise SystemExit(f"{name}: {url} answered {first.status_code}")
            if name.endswith("304"):
                headers = {"HTTP_IF_NONE_MATCH": first["ETag"]}
            queries: list[str] = []
            if building:
                forget()
            with connection.execute_wrapper(_Counter(queries)):
                answer = client.get(url, **headers)
                size = len(_body(answer))
            expected = 304 if headers else 200
            if answer.status_code != expected:
                raise SystemExit(f"{name}: {url} answered {answer.status_code}, not {expected}")
            reference = static_dir / f"{len(results)}.bin"
            reference.write_bytes(b"x" * max(len(body) if not headers else size, 1))
            page_times, file_times = [], []
            for _ in range(repeat):
                if building:
                    forget()
                started = now()
                _body(client.get(url, **headers))
                page_times.append(now() - started)
                started = now()
                _body(client.get(f"/bench-static/{reference.name}"))
                file_times.append(now() - started)
            results.append({"page": name, "bytes": size, "queries": len(queries),
                            "median": statistics.median(page_times), "static": statistics.median(file_times)})
    shutil.rmtree(static_dir)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=9, help="timed fetches of each page and of its file")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="time fetches by the wall clock (the default) or by the process's CPU time")
    parser.add_argument("--only", nargs="+", metavar="PAGE", help="measure only these pages (names as printed)")
    parser.add_argument("--grow", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.grow or args.measure:
        import django

        sys.path.insert(0, str(ROOT))
        django.setup()
        if args.grow:
            grow(args.grow)
        else:
            print(json.dumps(measure(args.repeat, args.clock, args.only)))
        return
    scales = sorted(set(args.scales) | {1})
    measured: dict[int, list[dict[str, Any]]] = {}
    for scale in scales:
        started = time.perf_counter()
        db = build(scale)
        print(f"{scale}x database ready ({db.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
        out = subprocess.run([sys.executable, __file__, "--measure", "--repeat", str(args.repeat),
                              "--clock", args.clock, "--db", str(db), *(["--only", *args.only] if args.only else [])],
                             env=_env(db), cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
        measured[scale] = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{'page':<26} {'scale':>5} {'bytes':>10} {'queries':>7} {'median ms':>10} {'vs 1x':>7} {'vs static':>9}"
          f"  ({args.clock} clock)")
    print("(vs 1x: median time against the same page at 1x; vs static: the page's throughput against the static "
          "file's, static time / page time, 1.0 = static speed)")
    for n, first in enumerate(measured[1]):
        for scale in scales:
            row = measured[scale][n]
            print(f"{row['page']:<26} {scale:>4}x {row['bytes']:>10,} {row['queries']:>7} {row['median'] * 1000:>10.2f}"
                  f" {row['median'] / first['median']:>6.2f}x {row['static'] / row['median']:>8.3f}x")


if __name__ == "__main__":
    main()
