"""Benchmark: reading a police.uk crime file keeps memory flat however many rows it has.

Reads made-up police.uk rows (20,000, then 200,000, then 2,000,000 with ``--large``) through
``read_totals`` and prints, for each, the peak memory traced during the read, the time taken and
the ratios to the 20,000-row run made side by side in the same process. Flat memory means a
peak ratio near 1 while the rows grow ten-fold (the totals themselves are 5 forces x 12 months, for
burglary and for all crime, whatever the length). Exits 1 if the 200,000-row peak is over 2x the 20,000-row peak.

Run: ``.venv/bin/python bench/indicator_memory.py``
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Iterator

from inspectorate.core.monitoring.indicators import POLICE_UK_HEADER, read_totals

LIMIT = 2.0


def lines(count: int) -> Iterator[str]:
    """A made-up police.uk file of ``count`` burglaries over five forces and the twelve months of 2017."""
    yield ",".join(POLICE_UK_HEADER) + "\n"
    for n in range(count):
        yield f"id{n},2017-{n % 12 + 1:02d},Force {n % 5},Force {n % 5},0,0,On or near X,E0,L,Burglary,,\n"


def measure(count: int) -> tuple[int, float]:
    """The peak traced memory (bytes) and the time (seconds) of reading ``count`` rows."""
    tracemalloc.start()
    try:
        start = time.perf_counter()
        result = read_totals(lines(count))
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.rows_read == count, result.rows_read
    assert len(result.totals) == 5 * 12 * 2, len(result.totals)
    return peak, elapsed


def main() -> int:
    counts = [20_000, 200_000] + ([2_000_000] if "--large" in sys.argv else [])
    reference_peak, reference_time = measure(counts[0])
    print(f"{'rows':>10}  {'peak KiB':>9}  {'x peak':>7}  {'seconds':>8}  {'x time':>7}")
    ratios = {}
    for count in counts:
        peak, elapsed = (reference_peak, reference_time) if count == counts[0] else measure(count)
        ratios[count] = peak / reference_peak
        print(f"{count:>10,}  {peak / 1024:>9.0f}  {ratios[count]:>7.2f}  {elapsed:>8.2f}  "
              f"{elapsed / reference_time:>7.2f}")
    if ratios[200_000] > LIMIT:
        print(f"memory grows with the rows: 200,000 rows peak at {ratios[200_000]:.2f}x 20,000 (limit {LIMIT}x)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
