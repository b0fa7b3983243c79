"""How long the grading engine takes over 100,000 framework assessments of 40 criteria.

Run: .venv/bin/python bench/grading.py. The assessments are random but the same on every run
(seeded); they are built in batches so memory stays small, and only grading is timed.
"""

from __future__ import annotations

import random
import time
from collections import Counter

from inspectorate.core.grading import Criterion, Outcome, derive_grade

ASSESSMENTS_TOTAL = 100_000
BATCH = 10_000
CRITERIA = 40
SEED = 2007
# Mostly met, as in a real programme, so that every kind of outcome turns up.
STATES = ("met",) * 40 + ("partly_met",) * 3 + ("not_met",) * 2 + ("not_assessed",)


def framework(rng: random.Random, key: int) -> list[Criterion]:
    """Forty criteria: 18 Fair (about half significant), 16 Good, 6 Excellent, a few dominant."""
    criteria = []
    for number in range(CRITERIA):
        level = "fair" if number < 18 else "good" if number < 34 else "excellent"
        significant = level == "fair" and rng.random() < 0.5
        dominant = rng.random() < 0.05
        criteria.append(Criterion(f"K{key}-{number:02}", level, significant, dominant))  # type: ignore[arg-type]
    return criteria


def batch(rng: random.Random, frameworks: list[list[Criterion]]) -> list[tuple[list[Criterion], dict[str, str]]]:
    """BATCH framework assessments; now and then a criterion has no entry at all."""
    work = []
    for _ in range(BATCH):
        criteria = rng.choice(frameworks)
        states = rng.choices(STATES, k=CRITERIA)
        entries = {c.id: state for c, state in zip(criteria, states, strict=True) if rng.random() < 0.999}
        work.append((criteria, entries))
    return work


def main() -> None:
    rng = random.Random(SEED)
    frameworks = [framework(rng, key) for key in range(20)]
    outcomes: Counter[str] = Counter()
    elapsed = 0.0
    for _ in range(ASSESSMENTS_TOTAL // BATCH):
        work = batch(rng, frameworks)
        started = time.perf_counter()
        results: list[Outcome] = [
            derive_grade(criteria=criteria, assessments=assessments, beacon=True, innovation=number % 3 == 0)
            for number, (criteria, assessments) in enumerate(work)
        ]
        elapsed += time.perf_counter() - started
        outcomes.update(outcome.grade or outcome.decided for outcome in results)
    print(f"graded {ASSESSMENTS_TOTAL:,} framework assessments of {CRITERIA} criteria in {elapsed:.2f} s")
    print(f"per assessment: {elapsed / ASSESSMENTS_TOTAL * 1e6:.1f} µs")
    print("outcomes: " + ", ".join(f"{name} {count:,}" for name, count in outcomes.most_common()))


if __name__ == "__main__":
    main()
