from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

PGBIN = Path("/usr/lib/postgresql/15/bin")


@pytest.fixture(scope="session")
def throwaway_postgres() -> Iterator[str]:
    """A PostgreSQL 15 cluster of its own on a free loopback port, as scripts/with-postgres.sh starts one;
    yields the server's URL without a database name. Skips where PostgreSQL 15 is not installed."""
    if not (PGBIN / "initdb").exists() or shutil.which("runuser") is None or os.geteuid() != 0:
        pytest.skip("PostgreSQL 15 is not installed, or not running as root (make test installs it as root)")
    directory = Path(tempfile.mkdtemp(prefix="inspectorate-pg-"))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    def as_postgres(*args: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *args], check=True, capture_output=True, timeout=120)

    try:
        shutil.chown(directory, "postgres", "postgres")
        as_postgres(str(PGBIN / "initdb"), "-D", str(directory), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        as_postgres(str(PGBIN / "pg_ctl"), "-D", str(directory), "-o",
                    f"-p {port} -k {directory} -c listen_addresses=127.0.0.1", "-l", str(directory / "server.log"),
                    "-w", "start")
        yield f"postgres://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", str(PGBIN / "pg_ctl"), "-D", str(directory), "-m", "fast",
                        "stop"], capture_output=True, timeout=120)
        shutil.rmtree(directory, ignore_errors=True)
