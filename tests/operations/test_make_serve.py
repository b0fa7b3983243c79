"""`make serve` serves the site in production mode from a fresh database, and refuses without SECRET_KEY."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent.parent
KEY = "t8Xq-2mVn_9Lp4Rz7Ws1Kd6Hb3Jf0Gc5Ye8Ua2Ti7Ro4Ep1Wq9Zx6Cv3Bn"


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    unset = {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "MAKEFLAGS"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    return env | {"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3", "STATIC_ROOT": str(tmp_path / "static"),
                  "WEB_WORKERS": "2"} | extra


def test_make_serve_refuses_without_a_secret_key(tmp_path: Path) -> None:
    result = subprocess.run(["make", "--no-print-directory", "serve"], cwd=REPO, env=_env(tmp_path),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "inspectorate: SECRET_KEY is not set: INSPECTORATE_PRODUCTION=1 needs a real secret key" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db.sqlite3").exists()  # refused before anything was done


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.build_opener(_NoRedirect()).open(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_make_serve_serves_the_site_in_production_mode(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(["make", "--no-print-directory", "serve"], cwd=REPO, start_new_session=True,
                              env=_env(tmp_path, SECRET_KEY=KEY, SERVE_BIND=f"127.0.0.1:{port}"),
                              stdout=subprocess.DEVNULL, stderr=open(tmp_path / "log", "w"))
    try:
        ends = time.monotonic() + 400
        while time.monotonic() < ends:
            try:
                if _get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            if server.poll() is not None:
                pytest.fail("make serve stopped: " + (tmp_path / "log").read_text()[-2000:])
            time.sleep(1)
        else:
            pytest.fail("make serve did not answer in time")
        status, headers, _ = _get(base + "/")
        assert status == 301 and headers["Location"].startswith("https://")  # production: HTTPS only
        status, headers, body = _get(base + "/", **{"X-Forwarded-Proto": "https"})
        assert status == 200 and b"inspectorate" in body
        assert "Strict-Transport-Security" in headers and "Content-Security-Policy" in headers
        sheets = [part.split(b'"', 1)[0].decode() for part in body.split(b'rel="stylesheet" href="')[1:]]
        stylesheet = next(sheet for sheet in sheets if sheet.startswith("/static/css/site."))
        assert stylesheet.startswith("/static/css/site.") and stylesheet != "/static/css/site.css"  # collected
        assert _get(base + stylesheet, **{"X-Forwarded-Proto": "https"})[0] == 200
        log = (tmp_path / "log").read_text()
        assert "request_id=" in log
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
