"""What ``national_summary()`` costs against the bare SQL ``GROUP BY`` giving the same counts, at 1x, 10x and 100x.

Uses ``bench/pages.py``'s databases (its ``build()``: the demo, and copies grown to 10x and 100x with
the project's own bulk loaders; kept in ``BENCH_PAGES_DIR``, built on first use), each brought up to
date with ``inspectorate migrate`` by ``build()``, so that the project's indexes are there. For each scale, in its
own process, and for the programme holding the most judgements: ``national_summary(programme)``
(published grades, as the public sees them) and ``national_summary(programme, final_grades=True)``
(every final grade, as moderators see them) are timed interleaved with the bare ``GROUP BY`` through
a database cursor (judgements joined to their inspections and forces, grouped by framework, grade
as stored and made-up force or not: the least any summary has to read), A B then B A in turn,
``--repeat`` times each after a warm-up. Printed per scale and basis: the judgements counted, the median time
of each and the ratio (summary time / bare time; 1.0 would be the bare query's speed), and the
ratio of their lower quartiles (steadier on a busy machine, where some runs are interrupted). Before
timing, the counts of both are checked to agree: a difference stops the run.

    .venv/bin/python bench/national_summary.py                     # 1x, 10x, 100x
    .venv/bin/python bench/national_summary.py --scales 1 10 --repeat 101
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from collections import Counter
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pages import ROOT, _env, build  # noqa: E402

BARE = """
    SELECT j.framework_id, j.final_grade, f.is_synthetic, COUNT(*)
    FROM inspections_judgement j
    JOIN inspections_inspection i ON i.id = j.inspection_id
    JOIN forces_force f ON f.id = i.force_id
    WHERE i.programme_id = %s AND j.final_grade <> '' {published}
    GROUP BY j.framework_id, j.final_grade, f.is_synthetic
"""


def _bare(programme: Any, *, final_grades: bool) -> list[tuple[Any, ...]]:
    from django.db import connection

    sql = BARE.format(published="" if final_grades else "AND i.state = %s")
    params = [programme.pk] if final_grades else [programme.pk, "published"]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _counts_of_rows(rows: list[Any]) -> Counter[tuple[str, str, bool]]:
    """The summary's counts as (framework key, grade key, made-up or not) -> number, zeros left out."""
    counts: Counter[tuple[str, str, bool]] = Counter()
    for row in rows:
        for synthetic, held in ((False, row.computed), (True, row.synthetic)):
            for grade, n in held.items():
                if n:
                    counts[row.framework_key, grade, synthetic] += n
    return counts


def _counts_of_bare(programme: Any, bare: list[tuple[Any, ...]]) -> Counter[tuple[str, str, bool]]:
    """The bare query's counts folded the same way: the programme's graded frameworks and its scale only."""
    from inspectorate.national import grading

    keys = dict(programme.frameworks.filter(graded=True).values_list("pk", "key"))
    scale = {name.lower(): grading.grade_key(name) for name in grading.grade_names(programme)}
    counts: Counter[tuple[str, str, bool]] = Counter()
    for framework, grade, synthetic, n in bare:
        if framework in keys and grade.lower() in scale:
            counts[keys[framework], scale[grade.lower()], bool(synthetic)] += n
    return counts


def _lower_quartile(times: list[float]) -> float:
    return statistics.quantiles(times, n=4)[0]


def measure(repeat: int) -> list[dict[str, Any]]:
    from django.db.models import Count

    from inspectorate.national.models import Programme
    from inspectorate.national.selectors import national_summary

    programme = (Programme.objects.annotate(n=Count("inspections__judgements")).order_by("-n", "slug")[0])
    results = []
    for final_grades in (False, True):
        rows = national_summary(programme, final_grades=final_grades)
        bare = _bare(programme, final_grades=final_grades)
        if _counts_of_rows(rows) != _counts_of_bare(programme, bare):
            raise SystemExit(f"{programme.slug}: the summary's counts differ from the bare GROUP BY's "
                             f"({'final' if final_grades else 'published'} grades)")
        runs = {"summary": partial(national_summary, programme, final_grades=final_grades),
                "bare": partial(_bare, programme, final_grades=final_grades)}
        times: dict[str, list[float]] = {"summary": [], "bare": []}
        for n in range(repeat):
            for name in ("summary", "bare") if n % 2 == 0 else ("bare", "summary"):  # A B, then B A
                started = time.perf_counter()
                runs[name]()
                times[name].append(time.perf_counter() - started)
        summary_times, bare_times = times["summary"], times["bare"]
        results.append({"programme": programme.slug, "basis": "final" if final_grades else "published",
                        "judgements": sum(row[3] for row in bare), "groups": len(bare),
                        "summary": statistics.median(summary_times), "bare": statistics.median(bare_times),
                        "summary_q1": _lower_quartile(summary_times), "bare_q1": _lower_quartile(bare_times)})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--repeat", type=int, default=301, help="timed runs of each, interleaved")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        import django

        sys.path.insert(0, str(ROOT))
        django.setup()
        print(json.dumps(measure(args.repeat)))
        return
    print(f"{'scale':>5} {'programme':<16} {'basis':<10} {'judgements':>10} {'groups':>6} {'summary ms':>10}"
          f" {'bare ms':>8} {'ratio':>6} {'q1 ratio':>8}")
    print("(ratio: national_summary() time / the bare GROUP BY's time, medians of interleaved runs; q1 ratio: the "
          "same of their lower quartiles, steadier where a busy machine interrupts some runs)")
    for scale in sorted(set(args.scales)):
        started = time.perf_counter()
        db = build(scale)
        print(f"{scale}x database ready ({db.stat().st_size / 2**20:.0f} MiB) in {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
        out = subprocess.run([sys.executable, __file__, "--measure", "--repeat", str(args.repeat)],
                             env=_env(db), cwd=ROOT, check=True, capture_output=True, text=True)
        for row in json.loads(out.stdout.strip().splitlines()[-1]):
            print(f"{scale:>4}x {row['programme']:<16} {row['basis']:<10} {row['judgements']:>10,} {row['groups']:>6}"
                  f" {row['summary'] * 1000:>10.3f} {row['bare'] * 1000:>8.3f} {row['summary'] / row['bare']:>5.2f}x"
                  f" {row['summary_q1'] / row['bare_q1']:>7.2f}x",
                  flush=True)


if __name__ == "__main__":
    main()
