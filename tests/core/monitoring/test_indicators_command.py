"""`inspectorate indicators FILE` (SPEC section 11): output, bad rows, exit codes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from inspectorate.cli import main

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "monitoring"
HOME_OFFICE_OUTPUT = """force,indicator,period,value
Fenshire Constabulary,All crime,2017/18 Q1,192
Fenshire Constabulary,All crime,2017/18 Q2,162
Fenshire Constabulary,Burglary,2017/18 Q1,165
Fenshire Constabulary,Burglary,2017/18 Q2,110
Fenshire Constabulary,Theft offences,2017/18 Q1,27
Fenshire Constabulary,Theft offences,2017/18 Q2,52
Wealdmarsh Constabulary,All crime,2017/18 Q1,92
Wealdmarsh Constabulary,All crime,2017/18 Q2,-2
Wealdmarsh Constabulary,Burglary,2017/18 Q1,80
Wealdmarsh Constabulary,Criminal damage and arson,2017/18 Q1,12
Wealdmarsh Constabulary,Theft offences,2017/18 Q2,-2
"""


def test_home_office_table(capsys: pytest.CaptureFixture[str]) -> None:
    path = FIXTURES / "home_office_sample.csv"
    assert main(["indicators", str(path)]) == 0
    out, err = capsys.readouterr()
    assert out == HOME_OFFICE_OUTPUT
    assert err.splitlines() == [
        f"inspectorate indicators: {path} line 10: number of offences 'n/a' is not a whole number; skipped",
        f"inspectorate indicators: {path} line 11: 7 fields, expected 8; skipped",
        f"inspectorate indicators: {path}: skipped 2 bad row(s) of 11",
    ]


def test_a_bom_and_crlf_line_endings_change_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = (FIXTURES / "home_office_sample.csv").read_text(encoding="utf-8")
    path = tmp_path / "windows.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert main(["indicators", str(path)]) == 0
    assert capsys.readouterr().out == HOME_OFFICE_OUTPUT


def test_police_uk_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", str(FIXTURES / "police_uk_sample.csv")]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[:3] == ["force,indicator,period,value", "Fenshire Constabulary,All crime,2017-03,3",
                                    "Fenshire Constabulary,All crime,2017-04,1"]
    assert len(out.splitlines()) == 10
    assert "line 6: month '2017-13' is not like 2017-03; skipped" in err
    assert err.splitlines()[-1].endswith("skipped 2 bad row(s) of 8")


def test_a_file_with_only_a_header_prints_only_the_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "empty.csv"
    path.write_text((FIXTURES / "police_uk_sample.csv").read_text().splitlines()[0] + "\n")
    assert main(["indicators", str(path)]) == 0
    assert capsys.readouterr() == ("force,indicator,period,value\n", "")


@pytest.mark.parametrize(("content", "message"), [
    (b"force,indicator,period,value\nA,B,2020-01,1\n", "neither a Home Office open-data table nor a police.uk"),
    (b"", "the file is empty"),
    (b"Crime ID,Month\n\xff\xfe\n", "not readable CSV text"),
])
def test_a_file_in_neither_format_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         content: bytes, message: str) -> None:
    path = tmp_path / "other.csv"
    path.write_bytes(content)
    assert main(["indicators", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1
    assert message in err


def test_a_missing_file_exits_2_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators", str(tmp_path / "absent.csv")]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "absent.csv: cannot be read (No such file or directory)" in err


def test_no_file_named_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["indicators"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_a_progress_bar_on_a_terminal_leaves_stdout_alone(monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["indicators", str(FIXTURES / "home_office_sample.csv")]) == 0
    assert capsys.readouterr().out == HOME_OFFICE_OUTPUT
