"""Cisco NX-OS push over Netmiko: checkpoint, commit timer, config lines, verify, save or undo.

NX-OS has no candidate configuration, so a dry run does not touch the device and its diff is the
planned lines (a ``+`` listing). A commit takes a checkpoint file on bootflash (the rollback
handle) and a copy of the running config, then arms the device's own confirm timer before the
first line: ``configure replace bootflash:<copy> commit-timeout <s>`` replaces the running
config with itself (an empty patch) and, unless ``configure replace commit`` stops the timer in
time, rolls the device back to the configuration from before the replace when it expires (Cisco
Nexus 9000 NX-OS System Management Configuration Guide, "Performing Configuration Replace":
commit-timeout 30-3600 s, from 9.3(1)). The lines follow in config mode, ``verify`` judges the
result, then the timer is stopped and the change saved (``copy running-config startup-config``)
or the timer stopped and the checkpoint restored (``rollback running-config file``). When the
tool dies between the lines and the confirmation, the device reverts on its own. Both files
are deleted afterwards.
"""

from __future__ import annotations

import difflib
import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from netmiko.exceptions import ConfigInvalidException

from nornir_optics.platforms.base import Outcome, PushResult, Recorder, no_record, run_step

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from netmiko import BaseConnection
    from nornir.core.task import Task

ERROR = r"^\s*(?:% ?(?:Invalid|Incomplete|Ambiguous)|ERROR:|Error:|Syntax error).*$"
"""What NX-OS prints when it refuses a line (caret errors, capability and rollback errors)."""
COMMIT_TIMEOUT = (30, 3600)
"""The range NX-OS takes for ``configure replace ... commit-timeout`` (seconds)."""
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
    record: Recorder = no_record,
) -> Outcome:
    """Plan or apply config lines on an NX-OS switch through the host's Netmiko connection.

    Args:
        task: The Nornir task of one host.
        lines: Config-mode lines, as ``drivers.cisco_nxos.config_lines`` renders them.
        commit: False for a dry run: nothing is sent and the diff is the planned lines, since
            NX-OS has no candidate configuration to diff against.
        confirm_timeout: Seconds of the device's commit timer (``configure replace ...
            commit-timeout``, clamped to NX-OS's 30-3600): the device rolls back by itself
            when the push dies before it confirms.
        verify: Called after the lines are applied; None keeps the change, a text rolls it back.
        record: Told ``planned`` (backup, checkpoint, commit-timer file) before the first line.

    Returns:
        ``planned`` (dry run), ``unchanged`` (no lines), ``committed`` (verified and saved to
        startup), ``rolled-back`` (verification failed) or ``failed`` (a line was rejected or
        the checkpoint could not be taken or restored), with the error and the backup.
    """
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
    checkpoint = handle_name()
    base = f"{checkpoint}.cfg"
    taken = run_step(task, "checkpoint", lambda: _run(conn, f"checkpoint file {checkpoint}"))
    if _error(taken):
        return Outcome("failed", planned, f"checkpoint refused: {_error(taken)}", backup)
    logger.info("%s: checkpoint %s taken", name, checkpoint)
    try:
        seconds = min(max(confirm_timeout, COMMIT_TIMEOUT[0]), COMMIT_TIMEOUT[1])
        armed = run_step(task, "commit timer", lambda: _arm(conn, base, seconds))
        if armed:
            return Outcome("failed", planned, armed, backup)
        logger.info("%s: commit timer armed, reverting in %d s unless confirmed", name, seconds)
        record("planned", backup=backup, handle={"checkpoint": checkpoint, "commit_timer": base})
        result, error = _confirm(task, conn, *_apply(task, conn, lines, verify))
        if result != "committed":
            logger.warning("%s: rolling back to %s: %s", name, checkpoint, error)
            restored = run_step(task, "rollback", lambda: _rollback(conn, checkpoint))
            if restored:
                result, error = "failed", f"{error}; {restored}"
            return Outcome(result, planned, error, backup)
        after = _run(conn, "show running-config")
        logger.info("%s: committed and saved to startup", name)
        return Outcome("committed", running_diff(backup, after) or planned, None, backup)
    except BaseException:  # an interrupt (SIGINT, SIGTERM) too: undo, then let it through
        _quietly(conn, checkpoint, restore=True)
        raise
    finally:
        _quietly(conn, checkpoint, restore=False)
        _quietly(conn, base, restore=False)


def _confirm(
    task: Task, conn: BaseConnection, result: PushResult, error: str | None
) -> tuple[PushResult, str | None]:
    """Stop the commit timer (whatever the result), then save a verified change to startup."""
    stopped = run_step(task, "confirm", lambda: _stop_timer(conn))
    if result == "committed" and stopped:
        return "rolled-back", f"confirm failed: {stopped}"
    if result == "committed":
        saved = run_step(task, "save", lambda: _run(conn, "copy running-config startup-config"))
        if "Copy complete" not in saved:
            return "failed", f"copy running-config startup-config: {saved.strip()}"
    return result, error


def handle_name() -> str:
    """A fresh checkpoint file name on bootflash (the transaction's rollback handle)."""
    return f"bootflash:optics-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"


def _arm(conn: BaseConnection, base: str, seconds: int) -> str | None:
    """Copy the running config to ``base``, then replace the running config with it, timed.

    None when the commit timer runs, else why not (nothing has changed then).
    """
    copied = _run(conn, f"copy running-config {base}")
    if _error(copied) or "Copy complete" not in copied:
        return f"copy running-config {base} failed: {_error(copied) or copied.strip()}"
    output = _run(conn, f"configure replace {base} commit-timeout {seconds}")
    if _error(output) or "commit timer" not in output:
        return f"the commit timer could not be armed: {_error(output) or output.strip()}"
    return None


def _stop_timer(conn: BaseConnection) -> str | None:
    """Stop the commit timer (``configure replace commit``); None when it was still running."""
    if conn.check_config_mode():
        conn.exit_config_mode()
    output = _run(conn, "configure replace commit")
    problem = _error(output)
    return f"the commit timer had already run out ({problem})" if problem else None


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
    except Exception as exc:
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
            _stop_timer(conn)
            _rollback(conn, checkpoint)
        else:
            _run(conn, f"delete {checkpoint} no-prompt")
    except Exception:  # noqa: S110 - the error being handled (if any) is the one to raise
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


def recover(
    task: Task, handle: Mapping[str, str], backup: str, *, confirm: bool
) -> tuple[str, str | None]:
    """Finish a journaled commit a crash left open: what was done, and an error or None.

    The running config equal to the backup (timestamps aside): nothing to do (the device's
    commit timer ran out, or no line was sent). Otherwise ``confirm`` stops the commit timer and
    saves the running config; else the timer is stopped and the checkpoint restored. The
    transaction's files are deleted either way.
    """
    conn: BaseConnection = task.host.get_connection("netmiko", task.nornir.config)
    checkpoint, base = handle.get("checkpoint", ""), handle.get("commit_timer", "")
    try:
        if not running_diff(backup, _run(conn, "show running-config")):
            _stop_timer(conn)
            return "the running config is the backup: nothing to undo", None
        _stop_timer(conn)
        if confirm:
            saved = _run(conn, "copy running-config startup-config")
            if "Copy complete" not in saved:
                return "confirm", f"copy running-config startup-config: {saved.strip()}"
            return "confirmed: the commit timer stopped, running config saved to startup", None
        if not checkpoint:
            return "roll back", "the journal names no checkpoint"
        problem = _rollback(conn, checkpoint)
        if problem is None and running_diff(backup, _run(conn, "show running-config")):
            problem = "the running config after the rollback differs from the backup"
        return f"rolled back to {checkpoint}", problem
    finally:
        for name in (checkpoint, base):
            if name:
                _quietly(conn, name, restore=False)
