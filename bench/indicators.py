"""Benchmark of ``inspectorate indicators`` on a police.uk street-level file, against DuckDB alone.

Writes a SYNTHETIC police.uk-style CSV (made-up forces and places; 2,000,000 rows by default,
about 300 MB), then times three whole processes on it, side by side in the same run:

1. ``inspectorate indicators FILE`` (output to /dev/null), the command as users run it;
2. DuckDB alone: a Python process running the same GROUP BY over the file (the reference);
3. the streaming csv-module reader (``read_totals``), the path a file with bad rows takes;

and prints each time and its ratio to DuckDB's, with each process's peak memory. The target is
the command within 1.5x of DuckDB.

Run: ``.venv/bin/python bench/indicators.py`` (``--rows N`` for a smaller file, ``--repeat N`` rounds).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent

from inspectorate.core.monitoring.indicators import POLICE_UK_HEADER  # noqa: E402
from inspectorate.core.monitoring.synthetic import FORCES  # noqa: E402

TYPES = ["Anti-social behaviour", "Burglary", "Criminal damage and arson", "Drugs", "Other theft",
         "Possession of weapons", "Public order", "Robbery", "Shoplifting", "Theft from the person",
         "Vehicle crime", "Violence and sexual offences", "Bicycle theft", "Other crime"]
OUTCOMES = ["Under investigation", "Investigation complete; no suspect identified", "Unable to prosecute suspect",
            "Awaiting court outcome", ""]
DUCKDB = """
import sys, duckdb
rows = duckdb.sql(f"SELECT \\"Reported by\\", \\"Crime type\\", \\"Month\\", count(*) FROM read_csv('{sys.argv[1]}', "
                  "header = true, all_varchar = true) GROUP BY ALL").fetchall()
print(len(rows))
"""
STREAMING = """
import sys
from inspectorate.core.monitoring.indicators import read_totals
with open(sys.argv[1], encoding="utf-8-sig", newline="") as handle:
    print(len(read_totals(handle).totals))
"""


def write_file(path: Path, rows: int) -> None:
    chance = random.Random(2007)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(",".join(POLICE_UK_HEADER) + "\n")
        for n in range(rows):
            force = FORCES[chance.randrange(len(FORCES))]
            month = f"{2021 + chance.randrange(3)}-{chance.randrange(1, 13):02d}"
            lsoa = chance.randrange(30_000)
            out.write(f"{n:016x}{chance.getrandbits(64):016x},{month},{force},{force},"
                      f"{-2 + chance.random() * 3:.6f},{51 + chance.random() * 3:.6f},"
                      f"\"On or near {chance.choice(['High Street', 'Mill Lane', 'Church Road', 'Station Road'])}\","
                      f"E0{lsoa:07d},Area {lsoa:05d}A,{chance.choice(TYPES)},{chance.choice(OUTCOMES)},\n")


def timed(command: list[str]) -> tuple[float, float]:
    """Whole-process seconds and the peak resident memory (MB) of that process alone."""
    began = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise subprocess.CalledProcessError(process.returncode, command)
    return time.perf_counter() - began, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="interleaved rounds; medians are printed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "street.csv"
        write_file(path, args.rows)
        print(f"SYNTHETIC police.uk-style file: {args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB")
        runs: dict[str, list[float]] = {"duck": [], "command": [], "streaming": []}
        memory: dict[str, float] = {}
        for _ in range(args.repeat):  # A/B/C interleaved, so a busy moment does not land on one alone
            for name, command in (("duck", [sys.executable, "-c", DUCKDB, str(path)]),
                                  ("command", [str(BIN / "inspectorate"), "indicators", str(path)]),
                                  ("streaming", [sys.executable, "-c", STREAMING, str(path)])):
                seconds, memory[name] = timed(command)
                runs[name].append(seconds)
        duck, command, streaming = (statistics.median(runs[name]) for name in ("duck", "command", "streaming"))
        duck_memory, command_memory, streaming_memory = memory["duck"], memory["command"], memory["streaming"]
    print(f"medians of {args.repeat} interleaved rounds")
    print(f"DuckDB alone (GROUP BY)           {duck:6.2f} s   1.00x   peak {duck_memory:5.0f} MB")
    print(f"inspectorate indicators           {command:6.2f} s   {command / duck:4.2f}x   peak "
          f"{command_memory:5.0f} MB")
    print(f"streaming reader (files with bad rows) {streaming:6.2f} s   {streaming / duck:4.2f}x   peak "
          f"{streaming_memory:5.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
