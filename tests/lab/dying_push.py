"""A push that dies between its commit and its confirmation: run as a script by the tests.

``python dying_push.py LAB_DIR DEVICE MARKER CONFIRM_TIMEOUT [LOG_DIR]``: pushes the dc1 fix of
DEVICE with its platform's push (journaled in LOG_DIR when given, as ``optics remediate``
does); the verification writes the device's running config, read by an independent session
with the change live, to MARKER and then kills this process with SIGKILL, so nothing of the
push's own cleanup runs. Only the device's timer, or ``--recover``, can undo the change.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from labtools import dc1_fix_lines, running_config
from nornir.core.task import Result
from ruamel.yaml import YAML

from nornir_optics.collect import init_nornir
from nornir_optics.journal import Transaction
from nornir_optics.platforms import get_platform
from nornir_optics.platforms.base import no_record

if TYPE_CHECKING:
    from nornir.core.task import Task


def served(lab_dir: Path) -> dict[str, Any]:
    """The served lab's description, as the lab fixtures give it."""
    yaml = YAML(typ="safe")
    return {
        "dir": lab_dir,
        "hosts": yaml.load((lab_dir / "hosts.yaml").read_text()),
        **yaml.load((lab_dir / "defaults.yaml").read_text()),
    }


def main(lab_dir: str, device: str, marker: str, confirm_timeout: str, log_dir: str = "") -> None:
    """Push and die in the verification."""
    nr = init_nornir(Path(lab_dir)).filter(name=device)
    host = nr.inventory.hosts[device]
    platform = get_platform(host.platform)
    lines = dc1_fix_lines(device, platform.config_lines)
    journal = Transaction(Path(log_dir), device, platform.PLATFORM, lines) if log_dir else None

    def verify(task: Task) -> str | None:
        del task
        if journal is not None:
            journal.record("pushed")
        live = running_config(served(Path(lab_dir)), device)
        Path(marker).write_text(live, encoding="utf-8")
        os.kill(os.getpid(), signal.SIGKILL)
        return None

    def task(task: Task) -> Result:
        outcome = platform.push(
            task,
            lines,
            commit=True,
            confirm_timeout=int(confirm_timeout),
            verify=verify,
            record=journal.record if journal else no_record,
        )
        return Result(host=task.host, result=outcome)  # never reached: verify kills us

    nr.run(task=task)


if __name__ == "__main__":
    main(*sys.argv[1:])
