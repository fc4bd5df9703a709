"""A push that dies between its commit and its confirmation: run as a script by the tests.

``python dying_push.py LAB_DIR DEVICE MARKER CONFIRM_TIMEOUT``: pushes the dc1 fix of DEVICE
with its platform's push; the verification writes the device's running config (as the push's
own session sees it, with the change live) to MARKER and then kills this process with SIGKILL,
so nothing of the push's own cleanup runs. Only the device's timer can undo the change.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labtools import RUNNING_CONFIG, dc1_fix_lines
from nornir.core.task import Result

from nornir_optics.collect import init_nornir
from nornir_optics.platforms import get_platform

if TYPE_CHECKING:
    from nornir.core.task import Task


def main(lab_dir: str, device: str, marker: str, confirm_timeout: str) -> None:
    """Push and die in the verification."""
    nr = init_nornir(Path(lab_dir)).filter(name=device)
    host = nr.inventory.hosts[device]
    platform = get_platform(host.platform)
    lines = dc1_fix_lines(device, platform.config_lines)

    def verify(task: Task) -> str | None:
        connection = task.host.get_connection("netmiko", task.nornir.config)
        command = RUNNING_CONFIG[str(task.host.platform)]
        Path(marker).write_text(str(connection.send_command(command)), encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
        return None

    def task(task: Task) -> Result:
        outcome = platform.push(
            task, lines, commit=True, confirm_timeout=int(confirm_timeout), verify=verify
        )
        return Result(host=task.host, result=outcome)  # never reached: verify kills us

    nr.run(task=task)


if __name__ == "__main__":
    main(*sys.argv[1:])
