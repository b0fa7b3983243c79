"""``inspectorate monitor FILE.csv [--groups FILE.csv]`` (SPEC section 11), no database needed.

Prints ``{"signals": [...], "ranking": [...]}`` as JSON on stdout. Series too short to chart
are listed on stderr. Bad input: exit 2 with a one-line error on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import NoReturn

from inspectorate.core.monitoring.monitor import monitor
from inspectorate.core.monitoring.observations import InputError, read_groups, read_observations
from inspectorate.core.monitoring.spc import MIN_BASELINE_POINTS, SpcConfig

SHOWN_TOO_SHORT = 5


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"inspectorate monitor: {message}\n")


def main(argv: list[str]) -> int:
    """Run ``inspectorate monitor``; returns the exit code."""
    parser = _Parser(prog="inspectorate monitor", description="Find significant declines in indicator series.")
    parser.add_argument("file", type=Path, help="indicator CSV: force,indicator,period,value[,polarity][,denominator]")
    parser.add_argument("--groups", type=Path, help="most-similar-force groups CSV: force,group")
    parser.add_argument("--baseline", type=int, default=MIN_BASELINE_POINTS,
                        help=f"baseline points per chart (at least {MIN_BASELINE_POINTS})")
    parser.add_argument("--no-seasonal", action="store_true",
                        help="chart raw values, without taking out each indicator's seasonal pattern")
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        return int(stop.code or 0)
    try:
        config = SpcConfig(baseline_points=args.baseline)
    except ValueError as error:
        print(f"inspectorate monitor: --baseline: {error}", file=sys.stderr)
        return 2
    try:
        series = read_observations(args.file)
        groups = read_groups(args.groups) if args.groups else None
    except InputError as error:
        print(f"inspectorate monitor: {error}", file=sys.stderr)
        return 2
    result = monitor(series, groups, spc_config=config, seasonal_adjustment=not args.no_seasonal)
    too_short = result.too_short
    if too_short:
        shown = "; ".join(f"{one.series.force} / {one.series.indicator} ({len(one.series.values)})"
                          for one in too_short[:SHOWN_TOO_SHORT])
        more = f" and {len(too_short) - SHOWN_TOO_SHORT} more" if len(too_short) > SHOWN_TOO_SHORT else ""
        print(f"inspectorate monitor: {len(too_short)} series too short for a chart (need more than "
              f"{config.baseline_points} points), no signals: {shown}{more}", file=sys.stderr)
    _print_json(result.as_json())
    return 0


def _print_json(document: dict[str, object]) -> None:
    """The document with one signal or ranking entry a line: readable, and quick for thousands."""
    parts = []
    for key, items in document.items():
        assert isinstance(items, list)
        lines = ",\n".join(f"    {json.dumps(item)}" for item in items)
        parts.append(f'  {json.dumps(key)}: [\n{lines}\n  ]' if items else f"  {json.dumps(key)}: []")
    sys.stdout.write("{\n" + ",\n".join(parts) + "\n}\n")
