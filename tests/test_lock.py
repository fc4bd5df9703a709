"""The per-fabric lock: owner recorded, a second taker refused by name, stale locks reported."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest

from nornir_optics.lock import LOCK_FILE, LockedError, acquire, fabric_lock, release

if TYPE_CHECKING:
    from pathlib import Path


def _dead_pid() -> int:
    """The pid of a process that has ended."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _plant(folder: Path, pid: int, host: str | None = None) -> None:
    owner = {
        "pid": pid,
        "host": host or socket.gethostname(),
        "user": "someone",
        "since": "2026-12-07T23:00:00+00:00",
        "command": "optics remediate --commit",
    }
    (folder / LOCK_FILE).write_text(json.dumps(owner), encoding="utf-8")


def test_lock_records_the_owner_and_is_released(tmp_path: Path) -> None:
    with fabric_lock(tmp_path) as path:
        owner = json.loads(path.read_text(encoding="utf-8"))
        assert owner["pid"] == os.getpid()
        assert owner["host"] == socket.gethostname()
    assert not path.exists()


def test_a_second_taker_is_refused_naming_the_owner(tmp_path: Path) -> None:
    path = acquire(tmp_path)
    try:
        with pytest.raises(LockedError) as refused:
            acquire(tmp_path)
        assert f"pid {os.getpid()} on host {socket.gethostname()}" in str(refused.value)
        assert not refused.value.stale
        with pytest.raises(LockedError):
            acquire(tmp_path, break_lock=True)  # a live owner is never broken
    finally:
        release(path)


def test_a_stale_lock_is_reported_not_stolen(tmp_path: Path) -> None:
    pid = _dead_pid()
    _plant(tmp_path, pid)
    with pytest.raises(LockedError) as refused:
        acquire(tmp_path)
    assert refused.value.stale
    assert f"pid {pid}" in str(refused.value)
    assert "stale" in str(refused.value)
    assert "--break-lock" in str(refused.value)
    assert json.loads((tmp_path / LOCK_FILE).read_text(encoding="utf-8"))["pid"] == pid


def test_break_lock_removes_only_a_stale_lock(tmp_path: Path) -> None:
    _plant(tmp_path, _dead_pid())
    path = acquire(tmp_path, break_lock=True)
    assert json.loads(path.read_text(encoding="utf-8"))["pid"] == os.getpid()
    release(path)


def test_a_lock_of_another_host_cannot_be_broken_from_here(tmp_path: Path) -> None:
    _plant(tmp_path, 4242, host="elsewhere.example")
    with pytest.raises(LockedError) as refused:
        acquire(tmp_path, break_lock=True)
    assert not refused.value.stale
    assert "pid 4242 on host elsewhere.example (user someone)" in str(refused.value)


def test_release_leaves_a_lock_it_does_not_hold(tmp_path: Path) -> None:
    _plant(tmp_path, 4242, host="elsewhere.example")
    release(tmp_path / LOCK_FILE)
    assert (tmp_path / LOCK_FILE).exists()
