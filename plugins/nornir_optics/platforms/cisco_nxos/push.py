"""Cisco NX-OS push over Netmiko: checkpoint, config lines, verify, save or roll back.

NX-OS has no candidate configuration and no commit timer, so a dry run does not touch the
device and its diff is the planned lines (a ``+`` listing). A commit takes a checkpoint file on
bootflash, applies the lines in config mode, lets ``verify`` judge the result, then saves it
(``copy running-config startup-config``) or restores the checkpoint (``rollback running-config
file``); the checkpoint file is deleted afterwards either way.
"""

from __future__ import annotations

import difflib
import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from netmiko.exceptions import ConfigInvalidException

from nornir_optics.platforms.base import Outcome, PushResult, run_step

if TYPE_CHECKING:
    from collections.abc import Callable

    from netmiko import BaseConnection
    from nornir.core.task import Task

ERROR = r"^\s*(?:% ?(?:Invalid|Incomplete|Ambiguous)|ERROR:|Error:|Syntax error).*$"
"""What NX-OS prints when it refuses a line (caret errors, capability and rollback errors)."""
SLOW = 120.0
"""Seconds to wait for checkpoint, rollback and copy, which take a while on a real switch."""
_VOLATILE = ("!Time:", "!Running configuration last done at:")

logger = logging.getLogger(__name__)


def push(
    task: Task,
    lines: list[str],
    *,
    commit: bool,
    confirm_timeout: int,
    verify: Callable[[Task], str | None],
) -> Outcome:
    """Plan or apply config lines on an NX-OS switch through the host's Netmiko connection.

    Args:
        task: The Nornir task of one host.
        lines: Config-mode lines, as ``drivers.cisco_nxos.config_lines`` renders them.
        commit: False for a dry run: nothing is sent and the diff is the planned lines, since
            NX-OS has no candidate configuration to diff against.
        confirm_timeout: Unused: NX-OS has no commit timer; a checkpoint stands in for it.
        verify: Called after the lines are applied; None keeps the change, a text rolls it back.

    Returns:
        ``planned`` (dry run), ``unchanged`` (no lines), ``committed`` (verified and saved to
        startup), ``rolled-back`` (verification failed) or ``failed`` (a line was rejected or
        the checkpoint could not be taken or restored), with the error and the backup.
    """
    del confirm_timeout
    if not lines:
        return Outcome("unchanged")
    planned = planned_diff(task.host.name, lines)
    if not commit:
        return Outcome("planned", diff=planned)
    conn: BaseConnection = task.host.get_connection("netmiko", task.nornir.config)
    name = task.host.name
    backup = run_step(
        task, "backup", lambda: _run(conn, "show running-config"), lambda t: f"{len(t)} chars"
    )
    checkpoint = f"bootflash:optics-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
    taken = run_step(task, "checkpoint", lambda: _run(conn, f"checkpoint file {checkpoint}"))
    if _error(taken):
        return Outcome("failed", planned, f"checkpoint refused: {_error(taken)}", backup)
    logger.info("%s: checkpoint %s taken", name, checkpoint)
    try:
        result, error = _apply(task, conn, lines, verify)
        if result == "committed":
            saved = run_step(task, "save", lambda: _run(conn, "copy running-config startup-config"))
            if "Copy complete" not in saved:
                result, error = "failed", f"copy running-config startup-config: {saved.strip()}"
        if result != "committed":
            logger.warning("%s: rolling back to %s: %s", name, checkpoint, error)
            restored = run_step(task, "rollback", lambda: _rollback(conn, checkpoint))
            if restored:
                result, error = "failed", f"{error}; {restored}"
            return Outcome(result, planned, error, backup)
        after = _run(conn, "show running-config")
        logger.info("%s: committed and saved to startup", name)
        return Outcome("committed", running_diff(backup, after) or planned, None, backup)
    except BaseException:
        _quietly(conn, checkpoint, restore=True)
        raise
    finally:
        _quietly(conn, checkpoint, restore=False)


def running_config(task: Task) -> str:
    """The host's ``show running-config`` over its Netmiko connection (read only)."""
    conn: BaseConnection = task.host.get_connection("netmiko", task.nornir.config)
    return _run(conn, "show running-config")


def planned_diff(device: str, lines: list[str]) -> str:
    """The planned lines as a unified-style listing (every line an addition)."""
    return (
        "\n".join(
            [f"--- {device} running-config", f"+++ {device} planned"]
            + [f"+{line}" for line in lines]
        )
        + "\n"
    )


def running_diff(before: str, after: str) -> str:
    """What changed between two ``show running-config`` texts, timestamps left out."""

    def stable(text: str) -> list[str]:
        return [line for line in text.splitlines() if not line.startswith(_VOLATILE)]

    return "\n".join(
        difflib.unified_diff(
            stable(before), stable(after), "running-config", "running-config", lineterm=""
        )
    )


def _apply(
    task: Task, conn: BaseConnection, lines: list[str], verify: Callable[[Task], str | None]
) -> tuple[PushResult, str | None]:
    """Send the lines (stopping at the first one refused), then verify."""
    try:
        run_step(
            task,
            "load",
            lambda: conn.send_config_set(lines, error_pattern=ERROR, read_timeout=SLOW),
            lambda _: lines,
        )
    except ConfigInvalidException as refused:
        conn.exit_config_mode()
        return "failed", f"device refused the config: {refused}"
    try:
        problem = verify(task)
    except Exception as exc:  # noqa: BLE001 - a failed verification is a reason to roll back
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        return "rolled-back", f"verification failed: {problem}"
    return "committed", None


def _quietly(conn: BaseConnection, checkpoint: str, *, restore: bool) -> None:
    """Best effort after an unexpected error (restore) or at the end (delete the checkpoint)."""
    try:
        if restore:
            if conn.check_config_mode():
                conn.exit_config_mode()
            _rollback(conn, checkpoint)
        else:
            _run(conn, f"delete {checkpoint} no-prompt")
    except Exception:  # noqa: BLE001, S110 - the error being handled (if any) is the one to raise
        pass


def _rollback(conn: BaseConnection, checkpoint: str) -> str | None:
    """Restore the checkpoint; None when NX-OS reports success, else its message."""
    output = _run(conn, f"rollback running-config file {checkpoint}")
    if "Rollback completed successfully" in output and not _error(output):
        return None
    return f"rollback to {checkpoint} failed: {_error(output) or output.strip()}"


def _run(conn: BaseConnection, command: str) -> str:
    """The text a command prints (checkpoint, rollback and copy may take a while)."""
    return str(conn.send_command(command, read_timeout=SLOW))


def _error(output: str) -> str | None:
    """The first error line NX-OS printed, if any."""
    found = re.search(ERROR, output, flags=re.MULTILINE)
    return found.group(0).strip() if found else None
