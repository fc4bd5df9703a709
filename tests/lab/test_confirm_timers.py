"""NX-OS and SONiC revert on their own when the tool dies between commit and confirm.

The push runs in a process of its own that SIGKILLs itself inside the verification, with the
change live on the device (its running config at that moment is written to a marker file). The
device's own timer (NX-OS ``configure replace ... commit-timeout``, SONiC a ``systemd-run``
timer of ``config reload`` of the saved backup) must then restore the running config. The lab
runs device timers at a tenth of their time (the ``timer_scale`` knob); the test waits for the
revert by polling the running config through an independent session, and asserts no times.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from labtools import running_config, served_dc1_variant

if TYPE_CHECKING:
    from collections.abc import Iterator

SCRIPT = Path(__file__).resolve().parent / "dying_push.py"
DEVICES = ("leaf2", "leaf3")  # NX-OS, SONiC
CONFIRM_TIMEOUT = 30
PATIENCE = 120.0
"""How long to keep polling before giving up (a bound on waiting, not an assertion)."""


@pytest.fixture
def timer_lab(tmp_path: Path) -> Iterator[dict[str, Any]]:
    knobs = {device: {"timer_scale": 0.1} for device in DEVICES}
    with served_dc1_variant(tmp_path, knobs=knobs) as lab:
        yield lab


def _wait_for(lab: dict[str, Any], device: str, wanted: str) -> str:
    deadline = time.monotonic() + PATIENCE
    current = running_config(lab, device)
    while current != wanted and time.monotonic() < deadline:
        time.sleep(1)
        current = running_config(lab, device)
    return current


@pytest.mark.lab
@pytest.mark.parametrize("device", DEVICES)
def test_killed_push_is_reverted_by_the_device(
    timer_lab: dict[str, Any], tmp_path: Path, device: str
) -> None:
    before = running_config(timer_lab, device)
    marker = tmp_path / f"{device}-live.txt"
    died = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, str(SCRIPT), str(timer_lab["dir"]), device, str(marker), "30"],
        check=False,
        capture_output=True,
        timeout=300,
    )
    assert died.returncode == -9, died.stderr.decode()[-2000:]
    live = marker.read_text(encoding="utf-8")
    assert live != before  # the change was on the device when the tool died
    assert _wait_for(timer_lab, device, before) == before
