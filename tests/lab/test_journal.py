"""The change journal and ``optics remediate --recover`` on all four platforms, over real SSH.

A push is SIGKILLed in its verification (the change live and committed, not confirmed; the
journal says ``pushed``). The device timers are long (300 s), so only ``--recover`` can put
things right: it must report each device and leave its running config byte-identical to the
backup the journal points at, or confirm the change when asked to.
"""

from __future__ import annotations

import json
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from labtools import running_config

from nornir_optics.journal import open_transactions, read

SCRIPT = Path(__file__).resolve().parent / "dying_push.py"
OPTICS = Path(sys.executable).parent / "optics"
DEVICES = ("leaf1", "leaf2", "leaf3", "leaf4")  # EOS, NX-OS, SONiC, Junos


def _die(lab: dict[str, Any], device: str, tmp_path: Path, log_dir: Path) -> str:
    """Run the dying push; the running config it saw live."""
    marker = tmp_path / f"{device}-live.txt"
    died = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(SCRIPT), str(lab["dir"]), device, str(marker), "300", str(log_dir)],
        check=False,
        capture_output=True,
        timeout=300,
    )
    assert died.returncode == -9, died.stderr.decode()[-2000:]
    return marker.read_text(encoding="utf-8")


def _optics(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - the project's own command
        [str(OPTICS), *arguments], check=False, capture_output=True, text=True, timeout=600
    )


@pytest.mark.parametrize("device", DEVICES)
def test_kill_after_push_then_recover_rolls_back(
    fresh_lab: dict[str, Any], tmp_path: Path, device: str
) -> None:
    log_dir = tmp_path / "changes"
    before = running_config(fresh_lab, device)
    live = _die(fresh_lab, device, tmp_path, log_dir)
    assert live != before
    (entry,) = open_transactions(log_dir)
    assert entry.device == device
    assert entry.state == "pushed"
    assert entry.lines
    assert entry.handle
    assert stat.S_IMODE(Path(entry.backup_file).stat().st_mode) == 0o600
    assert fresh_lab["password"] not in (log_dir / "journal.jsonl").read_text(encoding="utf-8")
    assert running_config(fresh_lab, device) == live  # nothing has reverted it yet

    refused = _optics(
        "remediate", "-i", str(fresh_lab["dir"]), "--commit", "--log-dir", str(log_dir)
    )
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "--recover" in refused.stderr

    done = _optics("remediate", "-i", str(fresh_lab["dir"]), "--recover", "--log-dir", str(log_dir))
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"{device}: {entry.txn} (left pushed)" in done.stdout
    assert "FAILED" not in done.stdout
    assert running_config(fresh_lab, device) == before
    assert not open_transactions(log_dir)
    (ended,) = read(log_dir)
    assert ended.state == "rolled-back"
    again = _optics(
        "remediate", "-i", str(fresh_lab["dir"]), "--recover", "--log-dir", str(log_dir)
    )
    assert "nothing to recover" in again.stdout


@pytest.mark.parametrize("device", ["leaf2", "leaf3"])
def test_recover_can_confirm_instead(
    fresh_lab: dict[str, Any], tmp_path: Path, device: str
) -> None:
    log_dir = tmp_path / "changes"
    live = _die(fresh_lab, device, tmp_path, log_dir)
    done = _optics(
        "remediate",
        "-i",
        str(fresh_lab["dir"]),
        "--recover",
        "--recover-action",
        "confirm",
        "--log-dir",
        str(log_dir),
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (item,) = json.loads(done.stdout)
    assert item["device"] == device
    assert item["error"] is None
    assert running_config(fresh_lab, device) == live
    (ended,) = read(log_dir)
    assert ended.state == "confirmed"
