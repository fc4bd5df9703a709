"""Two ``optics remediate --commit`` runs at once, and a commit interrupted by SIGINT/SIGTERM.

Real processes of the ``optics`` command against a served lab. The second run is started once
the first holds the fabric lock (the lock file exists), so which one proceeds is not a race.
An interrupt is sent once the journal shows the change pushed (the run then waits ``--settle``
before verifying): the run must roll back, complete the journal and exit 128 + the signal.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from labtools import running_config

from nornir_optics.journal import open_transactions, read
from nornir_optics.lock import LOCK_FILE

OPTICS = Path(sys.executable).parent / "optics"
PATIENCE = 120.0
"""How long to wait for a state before giving up (a bound on waiting, not an assertion)."""


def _start(lab: dict[str, Any], log_dir: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(  # noqa: S603 - the project's own command
        [
            str(OPTICS),
            "remediate",
            "-i",
            str(lab["dir"]),
            "--commit",
            "--log-dir",
            str(log_dir),
            *extra,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _until(condition: Any) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)


def test_a_second_commit_refuses_naming_the_owner(
    fresh_lab: dict[str, Any], tmp_path: Path
) -> None:
    lock = Path(fresh_lab["dir"]) / LOCK_FILE
    first = _start(fresh_lab, tmp_path / "changes", "--settle", "1")
    _until(lambda: lock.exists() or first.poll() is not None)
    second = _start(fresh_lab, tmp_path / "changes", "--settle", "1")
    _, refusal = second.communicate(timeout=300)
    out, err = first.communicate(timeout=600)
    assert second.returncode == 2, refusal
    assert f"locked by pid {first.pid} on host" in refusal
    assert first.returncode in {0, 1}, out + err
    assert not lock.exists()
    assert {entry.state for entry in read(tmp_path / "changes")} <= {"confirmed", "rolled-back"}


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_commit_rolls_back_and_completes_the_journal(
    fresh_lab: dict[str, Any], tmp_path: Path, signum: int, code: int
) -> None:
    log_dir = tmp_path / "changes"
    before = running_config(fresh_lab, "leaf2")
    run = _start(fresh_lab, log_dir, "--settle", "5", "--filter", "name=leaf2")
    _until(
        lambda: (
            any(e.state == "pushed" for e in open_transactions(log_dir)) or run.poll() is not None
        )
    )
    run.send_signal(signum)
    out, err = run.communicate(timeout=600)
    assert run.returncode == code, out + err
    assert open_transactions(log_dir) == []
    (entry,) = read(log_dir)
    assert entry.state == "rolled-back"
    assert running_config(fresh_lab, "leaf2") == before
    assert not (Path(fresh_lab["dir"]) / LOCK_FILE).exists()
