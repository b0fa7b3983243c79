"""Rates with denominators: Spiegelhalter's funnel limits around the national rate, with the
multiplicative over-dispersion adjustment, in the core and in ``inspectorate monitor``."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from inspectorate.cli import main
from inspectorate.core.monitoring.funnel import Z_95, Z_998, funnel
from inspectorate.core.monitoring.peers import compare_with_peers
from inspectorate.core.monitoring.series import Series

FORCES = [f"Force {letter}" for letter in "ABCDEFGHIJ"]


def test_limits_without_over_dispersion_match_the_hand_computed_poisson_funnel() -> None:
    # Every force at the same rate, 10 per 1,000: theta = 100 / 10,000 = 0.01, no spread, phi floored at 1.
    drawn = funnel({"A": (10, 1000), "B": (20, 2000), "C": (30, 3000), "D": (40, 4000)}, per=1000)
    assert drawn is not None
    assert drawn.target == pytest.approx(0.01)
    assert drawn.estimated_dispersion == pytest.approx(0.0)
    assert drawn.dispersion == 1.0
    # 10 +/- 1.96 x sqrt(0.01 / 1000) x 1000 = 10 +/- 6.1980 (by hand)
    low, high = drawn.limits(1000, Z_95)
    assert (low, high) == (pytest.approx(3.80205, abs=1e-5), pytest.approx(16.19795, abs=1e-5))
    # the funnel narrows as the denominator grows: 10 +/- 3.09 x sqrt(0.01 / 100,000) x 1000 = 10 +/- 0.977217
    assert drawn.limits(100_000, Z_998) == (pytest.approx(9.022783, abs=1e-6), pytest.approx(10.977217, abs=1e-6))


def test_over_dispersion_from_winsorised_z_scores_matches_the_hand_computation() -> None:
    # n = 10,000 each; theta = 1,000 / 100,000 = 0.01; sd of a rate sqrt(0.01 / 10,000) = 0.001, so
    # z = (y - 100) / 10 = -6, -4, 0 x 6, 4, 6. Winsorised at the 10th / 90th percentiles (-4.2, 4.2):
    # mean of squares (17.64 + 16 + 16 + 17.64) / 10 = 6.728.
    counts = dict(zip(FORCES, [40, 60, 100, 100, 100, 100, 100, 100, 140, 160], strict=True))
    drawn = funnel({force: (y, 10_000) for force, y in counts.items()}, per=1000)
    assert drawn is not None
    assert drawn.estimated_dispersion == pytest.approx(6.728)
    assert drawn.dispersion == pytest.approx(6.728)
    # 10 +/- 1.96 x sqrt(6.728 x 0.01 / 10,000) x 1000 = 10 +/- 5.08383
    assert drawn.limits(10_000, Z_95) == (pytest.approx(4.91617, abs=1e-5), pytest.approx(15.08383, abs=1e-5))
    assert drawn.z_score(160, 10_000) == pytest.approx(6 / math.sqrt(6.728))


@pytest.mark.parametrize("counts", [{"A": (5, 100)}, {"A": (5, 0), "B": (3, 100)}, {"A": (0, 100), "B": (0, 50)},
                                    {"A": (-1, 100), "B": (3, 100)}])
def test_no_funnel_where_it_cannot_be_drawn(counts) -> None:
    assert funnel(counts) is None


def _series(force: str, count: float, denominator: float) -> Series:
    return Series(force, "Burglary", "lower_is_better", ("2024-01",), (count,), denominators=(denominator,))


def test_peers_are_judged_against_the_national_rate_for_their_own_denominator() -> None:
    # A small force with 3 times the national rate, peers at it; big forces elsewhere pull the national rate.
    sizes = [50_000, 60_000, 70_000, 80_000, 2_000_000, 1_500_000, 900_000]
    series = [_series("Small", 30.0, 10_000)]
    series += [_series(f"Peer {n}", round(size * 0.001), size) for n, size in enumerate(sizes)]
    groups = {"Group": ("Small", "Peer 0", "Peer 1", "Peer 2", "Peer 3")}
    comparisons = {one.force: one for one in compare_with_peers(series, groups)}
    small = comparisons["Small"]
    total = sum(one.values[0] for one in series) / sum(one.denominators[0] for one in series)  # type: ignore[index]
    assert small.peer_mean == pytest.approx(total * 1000)
    assert small.value == pytest.approx(3.0)
    assert small.denominator == 10_000
    assert small.standard_deviation == pytest.approx(math.sqrt(small.dispersion * total / 10_000) * 1000)
    signal = small.signal()
    assert signal is not None and signal.rule == "peer_outlier_998" and signal.direction == "deterioration"
    assert "national rate" in signal.detail
    assert comparisons["Peer 0"].signal() is None
    # the funnel: the same rate is within the limits of a small force and beyond those of a big one
    assert comparisons["Peer 0"].standard_deviation > comparisons["Peer 3"].standard_deviation


def test_without_denominators_the_comparison_is_as_before() -> None:
    series = [Series(force, "Burglary", "lower_is_better", ("2024-01",), (10.0 + n,)) for n, force in
              enumerate(FORCES)]
    comparisons = compare_with_peers(series, {"All": tuple(FORCES)})
    assert comparisons and all(one.denominator is None for one in comparisons)


def _write(tmp_path: Path, denominator: str = "") -> Path:
    lines = ["force,indicator,period,value,denominator"]
    for n, force in enumerate(FORCES):
        population = 100_000 * (n + 1)
        for month in range(1, 16):
            count = 300 if force == "Force A" else round(population * 0.001)
            lines.append(f"{force},Burglary,2023-{month:02d},{count},{denominator or population}"
                         if month < 13 else f"{force},Burglary,2024-{month - 12:02d},{count},"
                                            f"{denominator or population}")
    path = tmp_path / "rates.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_monitor_prints_the_funnel_when_the_file_gives_denominators(tmp_path: Path, capsys) -> None:
    groups = tmp_path / "groups.csv"
    groups.write_text("force,group\n" + "".join(f"{force},All\n" for force in FORCES))
    assert main(["monitor", str(_write(tmp_path)), "--groups", str(groups)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document) == {"signals", "ranking", "funnel"}
    by_force = {point["force"]: point for point in document["funnel"]}
    assert by_force["Force A"]["rate"] == pytest.approx(3.0)
    assert by_force["Force A"]["denominator"] == 100_000
    low, high = by_force["Force B"]["limits_95"]
    assert low < by_force["Force B"]["national_rate"] < high
    assert any(s["force"] == "Force A" and s["rule"] == "peer_outlier_998" for s in document["signals"])


def test_a_bad_denominator_is_refused_by_line(tmp_path: Path, capsys) -> None:
    assert main(["monitor", str(_write(tmp_path, denominator="0"))]) == 2
    err = capsys.readouterr().err
    assert "line 2: denominator '0' must be more than 0" in err
    assert main(["monitor", str(_write(tmp_path, denominator="many"))]) == 2
    assert "line 2: denominator 'many' is not a number" in capsys.readouterr().err
