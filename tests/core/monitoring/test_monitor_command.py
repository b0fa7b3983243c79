"""`inspectorate monitor FILE.csv [--groups FILE.csv]` (SPEC section 11): JSON out, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from inspectorate.cli import main

VENV_BIN = Path(sys.executable).parent
# 20 months stable around 11; DECLINE steps up after the 12-month baseline
STEADY = [12.0, 10.0] * 6 + [11.0, 12.0, 10.0, 11.0, 12.0, 10.0, 11.0, 12.0]
DECLINE = STEADY[:12] + [14.0, 15.0, 14.0, 15.0, 16.0, 15.0, 14.0, 17.0]


def write_indicators(tmp_path: Path, rows: Mapping[str, Sequence[float]], polarity: str = "") -> Path:
    lines = ["force,indicator,period,value,polarity"]
    for force, values in rows.items():
        for n, value in enumerate(values):
            lines.append(f"{force},Burglary,{2020 + n // 12}-{n % 12 + 1:02d},{value:g},{polarity}")
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def write_groups(tmp_path: Path, forces: list[str]) -> Path:
    path = tmp_path / "groups.csv"
    path.write_text("force,group\n" + "".join(f"{force},Made-up MSF group\n" for force in forces))
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, list[dict[str, object]]], str]:
    code = main(["monitor", *argv])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if code == 0 else {}), err


def test_a_decline_is_signalled_and_ranks_its_force_first(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {"Ambervale Police": STEADY, "Fenshire Constabulary": DECLINE,
            "Wealdmarsh Constabulary": STEADY}
    code, result, err = run([str(write_indicators(tmp_path, rows))], capsys)
    assert (code, err) == (0, "")
    assert set(result) == {"signals", "ranking"}
    fenshire = [s for s in result["signals"] if s["force"] == "Fenshire Constabulary"]
    assert {(s["rule"], s["direction"]) for s in fenshire} == {
        ("outside_limits", "deterioration"), ("shift", "deterioration"), ("two_of_three", "deterioration"),
        ("cusum", "deterioration")}
    for signal in result["signals"]:
        assert {"force", "indicator", "period", "rule", "direction"} <= set(signal)
    assert [r["force"] for r in result["ranking"]] == ["Fenshire Constabulary", "Ambervale Police",
                                                       "Wealdmarsh Constabulary"]
    assert result["ranking"][1]["score"] == 0.0


def test_higher_is_better_turns_a_rise_into_an_improvement(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {"Fenshire Constabulary": DECLINE}
    code, result, _ = run([str(write_indicators(tmp_path, rows, "higher_is_better"))], capsys)
    assert code == 0
    assert {s["direction"] for s in result["signals"]} == {"improvement"}
    assert [{key: entry[key] for key in ("force", "score")} for entry in result["ranking"]] == [
        {"force": "Fenshire Constabulary", "score": 0.0}]
    assert result["ranking"][0]["summary"].startswith("No indicator shows a sustained deterioration")


def test_peer_outliers_need_groups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    forces = [f"Force {letter}" for letter in "ABCDEFGHIJ"]
    rows = {force: [100.0] * 13 for force in forces} | {"Force J": [100.0] * 12 + [140.0]}
    path = write_indicators(tmp_path, rows)
    _, alone, _ = run([str(path)], capsys)
    assert not [s for s in alone["signals"] if str(s["rule"]).startswith("peer")]
    code, grouped, _ = run([str(path), "--groups", str(write_groups(tmp_path, forces))], capsys)
    assert code == 0
    [peer] = [s for s in grouped["signals"] if str(s["rule"]).startswith("peer")]
    assert (peer["force"], peer["rule"], peer["period"], peer["direction"]) == (
        "Force J", "peer_outlier_998", "2021-01", "deterioration")


def test_series_too_short_are_reported_on_stderr(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = {"Fenshire Constabulary": STEADY, "Larkmoor Police": [10.0] * 12}
    code, result, err = run([str(write_indicators(tmp_path, rows))], capsys)
    assert code == 0
    assert err == ("inspectorate monitor: 1 series too short for a chart (need more than 12 points), "
                   "no signals: Larkmoor Police / Burglary (12)\n")
    assert {r["force"] for r in result["ranking"]} == {"Fenshire Constabulary", "Larkmoor Police"}


@pytest.mark.parametrize(("content", "message"), [
    ("force,indicator,period\nA,B,2020-01\n", "line 1: missing column(s) value"),
    ("force,indicator,period,value\nA,B,2020-01,many\n", "line 2: value 'many' is not a number"),
])
def test_bad_input_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str,
                                         message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(content)
    code, _, err = run([str(path)], capsys)
    assert code == 2
    assert err.count("\n") == 1 and message in err


def test_a_missing_file_or_bad_groups_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(tmp_path / "absent.csv")], capsys)
    assert code == 2 and err.count("\n") == 1 and "cannot be read" in err
    good = write_indicators(tmp_path, {"A": STEADY})
    groups = tmp_path / "groups.csv"
    groups.write_text("force\nA\n")
    code, _, err = run([str(good), "--groups", str(groups)], capsys)
    assert code == 2 and err.count("\n") == 1 and "missing column(s) group" in err


def test_a_baseline_under_twelve_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run([str(write_indicators(tmp_path, {"A": STEADY})), "--baseline", "6"], capsys)
    assert code == 2 and err == "inspectorate monitor: --baseline: the baseline needs at least 12 points\n"


def test_the_installed_command(tmp_path: Path) -> None:
    rows = {"Fenshire Constabulary": STEADY[:12] + [30.0], "Wealdmarsh Constabulary": STEADY}
    done = subprocess.run([str(VENV_BIN / "inspectorate"), "monitor", str(write_indicators(tmp_path, rows))],
                          capture_output=True, text=True, timeout=60, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    result = json.loads(done.stdout)
    assert result["signals"][0]["force"] == "Fenshire Constabulary"
    assert {signal["rule"] for signal in result["signals"]} == {"outside_limits", "cusum"}
    assert result["ranking"][0]["force"] == "Fenshire Constabulary" and result["ranking"][0]["score"] > 0
    assert result["ranking"][1] == {"force": "Wealdmarsh Constabulary", "score": 0.0, "summary": (
        "No indicator shows a sustained deterioration still going on (no CUSUM alarm open).")}
    broken = subprocess.run([str(VENV_BIN / "inspectorate"), "monitor", str(tmp_path / "absent.csv")],
                            capture_output=True, text=True, timeout=60, check=False)
    assert broken.returncode == 2 and broken.stderr.count("\n") == 1
