"""``inspectorate indicators`` counts a police.uk file with DuckDB: the same totals as the streaming
reader, and a file with any bad row still goes through the streaming reader, which names its line."""

from __future__ import annotations

import io
import random
from pathlib import Path

from inspectorate.cli import main
from inspectorate.core.monitoring.indicators import POLICE_UK_HEADER, read_police_uk_fast, read_totals

FORCES = ["Fenshire Constabulary", "Wealdmoor Police", "Marlcombe Police"]
TYPES = ["Burglary", "Vehicle crime", "Anti-social behaviour", "Violence and sexual offences"]


def _police_uk(tmp_path: Path, rows: int, extra: list[str] | None = None) -> Path:
    chance = random.Random(7)
    lines = [",".join(POLICE_UK_HEADER)]
    for n in range(rows):
        force = chance.choice(FORCES)
        lines.append(f"id{n},2023-{chance.randint(1, 12):02d},{force},{force},-1.1,52.2,\"On or near Mill Lane, "
                     f"Upton\",E0100{n % 9},Upton 00{n % 9}A,{chance.choice(TYPES)},Under investigation,")
    lines += extra or []
    path = tmp_path / "street.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_duckdb_gives_the_streaming_readers_totals(tmp_path: Path) -> None:
    path = _police_uk(tmp_path, 3000)
    fast = read_police_uk_fast(str(path))
    assert fast is not None
    slow = read_totals(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    assert fast.totals == slow.totals and fast.rows_read == slow.rows_read == 3000
    assert list(fast.rows()) == list(slow.rows())


def test_a_bad_row_sends_the_file_through_the_streaming_reader_which_names_its_line(tmp_path: Path,
                                                                                   capsys) -> None:
    path = _police_uk(tmp_path, 50, extra=["x1,2023-13,Fenshire Constabulary,F,1,2,L,E,N,Burglary,U,",
                                           "x2,2023-02,Fenshire Constabulary"])
    assert read_police_uk_fast(str(path)) is None
    assert main(["indicators", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "line 52: month '2023-13' is not like 2017-03; skipped" in err
    assert "line 53: 3 fields, expected 12; skipped" in err
    assert out.startswith("force,indicator,period,value\n")
    total = sum(int(line.rsplit(",", 1)[1]) for line in out.splitlines()[1:] if ",All crime," in line)
    assert total == 50


def test_the_command_prints_the_same_rows_by_either_path(tmp_path: Path, capsys) -> None:
    path = _police_uk(tmp_path, 500)
    assert main(["indicators", str(path)]) == 0
    fast_out = capsys.readouterr().out
    expected = read_totals(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    assert fast_out.splitlines()[1:] == [f"{f},{i},{p},{v}" for f, i, p, v in expected.rows()]
