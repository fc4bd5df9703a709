"""History-store fixtures: every store test runs on SQLite and on a real PostgreSQL server.

The PostgreSQL server is Debian's (``make postgres`` installs it): a session fixture runs
``initdb`` into a temporary folder and ``pg_ctl start`` on a free port with its unix socket in
that folder, and stops it at the end. Each test gets a database of its own. Where the server
cannot be installed or started, the PostgreSQL cases skip with the reason; never a mock.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

PG_ROOT = Path("/usr/lib/postgresql")
_databases = itertools.count(1)


def _pg_bin() -> Path | None:
    found = sorted(PG_ROOT.glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]), reverse=True)
    return found[0].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(command: list[str], *, as_user: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - Debian's own binaries
        [*as_user, *command], capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[dict[str, object]]:
    """A PostgreSQL server of this test session: its socket folder and port."""
    bindir = _pg_bin()
    if bindir is None:
        pytest.skip(f"PostgreSQL is not installed ({PG_ROOT}/*/bin/initdb absent; make postgres)")
    try:
        import psycopg  # noqa: F401, PLC0415
    except ModuleNotFoundError:
        pytest.skip("psycopg is not installed (the dev dependency group has it)")
    root = Path(tempfile.mkdtemp(prefix="optics-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: run the server as `postgres`
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root)
            pytest.skip("running as root and there is no `postgres` user to run the server as")
        os.chown(root, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()
    init = _run(
        [
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
        ],
        as_user=as_user,
    )
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"initdb failed: {(init.stderr or init.stdout).strip().splitlines()[-1]}")
    options = f"-p {port} -k {root} -c listen_addresses='' -c fsync=off -c full_page_writes=off"
    start = _run(
        [
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-l",
            str(root / "server.log"),
            "-o",
            options,
            "-w",
            "-t",
            "60",
            "start",
        ],
        as_user=as_user,
    )
    if start.returncode != 0:
        log = (root / "server.log").read_text(errors="replace").strip().splitlines()
        shutil.rmtree(root, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {(log or [start.stderr.strip()])[-1]}")
    try:
        yield {"host": str(root), "port": port}
    finally:
        _run(
            [str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop"],
            as_user=as_user,
        )
        shutil.rmtree(root, ignore_errors=True)


def postgres_database(server: dict[str, object]) -> str:
    """A new, empty database on the server; its URL."""
    import psycopg  # noqa: PLC0415

    name = f"optics_{os.getpid()}_{next(_databases)}"
    base = f"postgresql://postgres@/postgres?host={server['host']}&port={server['port']}"
    with psycopg.connect(base, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')  # type: ignore[arg-type]
    return f"postgresql://postgres@/{name}?host={server['host']}&port={server['port']}"


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a test's history store lives: an SQLite file, or a database on the server."""
    if request.param == "sqlite":
        return str(tmp_path / "history.db")
    return postgres_database(request.getfixturevalue("postgres_server"))
