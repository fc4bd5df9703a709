"""Cisco IOS-XR push over Netmiko ``cisco_xr``: config session, commit confirmed, commit or undo.

IOS-XR keeps a session's lines in a target configuration until ``commit``: a dry run types the
lines, reads the device's own ``show configuration`` (the uncommitted changes) and aborts the
session, so nothing changes. A commit types the lines (a refused line: ``abort``, nothing
was committed), then ``commit confirmed <seconds>``: the device rolls the commit back by itself
unless a ``commit`` confirms it in time (Netmiko's ``commit(confirm=True, confirm_delay=...)``).
``verify`` judges the live result; then ``commit`` confirms it, or ``rollback configuration
last 1`` undoes it at once. When the tool dies between the trial commit and the confirmation,
the device reverts on its own.
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import re
from typing import TYPE_CHECKING

from netmiko.exceptions import ConfigInvalidException

from nornir_optics.platforms.base import Outcome, PushResult, Recorder, no_record, run_step

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from netmiko.cisco.cisco_xr import CiscoXrBase
    from nornir.core.task import Task

ERROR = r"^\s*%\s*(?:Invalid|Incomplete|Ambiguous|Failed).*$"
"""What IOS-XR prints when it refuses a line or a commit."""
CONFIRM_SECONDS = (30, 65535)
"""The range IOS-XR takes for ``commit confirmed <seconds>`` (UNVERIFIED: no source found)."""
SLOW = 120.0
"""Seconds to wait for commit and rollback, which take a while on a real router."""
ROLLED_BACK = "successfully rolled back"
_TIMESTAMP = re.compile(r"^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} [ \d]\d \d\d:\d\d:\d\d\.\d+ \S+$")
_VOLATILE = ("!! Last configuration change",)

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
    """Plan or apply config lines on an IOS-XR router through the host's Netmiko connection.

    Args:
        task: The Nornir task of one host.
        lines: Config-mode lines, as ``cisco_xr.config_lines`` renders them.
        commit: False for a dry run: the lines are typed, the device's diff read and the
            session aborted.
        confirm_timeout: Seconds of ``commit confirmed`` (clamped to IOS-XR's range): the
            device rolls back by itself when the push dies before it confirms.
        verify: Called after the trial commit; None keeps the change, a text rolls it back.
        record: Told ``planned`` (backup, rollback command) before the first line.

    Returns:
        ``planned`` (dry run), ``unchanged`` (no lines, or the device sees no change),
        ``committed`` (verified and confirmed), ``rolled-back`` (verification failed) or
        ``failed`` (a line or the commit was refused, or the undo failed), with the backup.
    """
    if not lines:
        return Outcome("unchanged")
    conn: CiscoXrBase = task.host.get_connection("netmiko", task.nornir.config)
    backup = run_step(task, "backup", lambda: _run(conn, "show running-config"), _size)
    if not commit:
        return _dry_run(task, conn, lines, backup)
    record("planned", backup=backup, handle={"undo": "commit confirmed", "rollback": "last 1"})
    try:
        diff = run_step(task, "load+diff", lambda: _load(conn, lines, keep=True))
    except ConfigInvalidException as refused:
        return Outcome("failed", error=f"device refused the config: {refused}", backup=backup)
    if not diff:
        _abort(conn)
        return Outcome("unchanged", backup=backup)
    seconds = min(max(confirm_timeout, CONFIRM_SECONDS[0]), CONFIRM_SECONDS[1])
    try:
        run_step(task, "commit", lambda: _trial(conn, seconds))
    except ValueError as refused:
        _abort(conn)
        return Outcome("failed", diff, f"commit refused: {_first_error(str(refused))}", backup)
    logger.info("%s: commit confirmed %d, waiting for verification", task.host.name, seconds)
    try:
        result, error = _verify_and_finish(task, conn, verify)
    except BaseException:  # an interrupt too: undo, then let it through
        _quietly(conn)
        raise
    return Outcome(result, diff, error, backup)


def _dry_run(task: Task, conn: CiscoXrBase, lines: list[str], backup: str) -> Outcome:
    """Type the lines, read the device's diff, abort the session."""
    try:
        diff = run_step(task, "load+diff", lambda: _load(conn, lines, keep=False))
    except ConfigInvalidException as refused:
        return Outcome("failed", error=f"device refused the config: {refused}", backup=backup)
    return Outcome("planned" if diff else "unchanged", diff=diff, backup=backup)


def _verify_and_finish(
    task: Task, conn: CiscoXrBase, verify: Callable[[Task], str | None]
) -> tuple[PushResult, str | None]:
    """Verify the trial commit, then confirm it or roll it back."""
    try:
        problem = verify(task)
    except Exception as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem is None:
        try:
            run_step(task, "confirm", lambda: str(conn.commit(read_timeout=SLOW)))
        except ValueError as exc:
            problem = f"confirming the commit failed: {_first_error(str(exc))}"
        else:
            conn.exit_config_mode()
            logger.info("%s: commit confirmed", task.host.name)
            return "committed", None
        result: PushResult = "failed"
    else:
        result, problem = "rolled-back", f"verification failed: {problem}"
    logger.warning("%s: rolling back (rollback configuration last 1): %s", task.host.name, problem)
    undone = run_step(task, "rollback", lambda: _rollback(conn))
    if undone:
        return "failed", f"{problem}; {undone}; the device reverts the trial commit by itself"
    return result, problem


def _load(conn: CiscoXrBase, lines: list[str], *, keep: bool) -> str:
    """Type the lines in a config session; the device's diff (``show configuration``).

    The session is aborted unless ``keep``; a refused line aborts it too, and raises.
    """
    try:
        conn.send_config_set(lines, error_pattern=ERROR, read_timeout=SLOW)
    except ConfigInvalidException:
        _abort(conn)
        raise
    shown = str(conn.send_command("show configuration", expect_string=r"\)#", read_timeout=SLOW))
    if not keep:
        _abort(conn)
    return _changes(shown)


def _changes(shown: str) -> str:
    """The uncommitted lines of ``show configuration`` (empty: nothing would change)."""
    body = [
        line
        for line in shown.splitlines()
        if line.strip()
        and not _TIMESTAMP.match(line.strip())
        and line.strip() not in {"Building configuration...", "!", "end"}
        and not line.startswith("!! ")
    ]
    return "\n".join(body) + "\n" if body else ""


def _trial(conn: CiscoXrBase, seconds: int) -> str:
    """``commit confirmed <seconds>``, then back to exec mode."""
    output = str(conn.commit(confirm=True, confirm_delay=seconds, read_timeout=SLOW))
    conn.exit_config_mode()
    return output


def _abort(conn: CiscoXrBase) -> None:
    """Drop the session's uncommitted lines and leave config mode."""
    if conn.check_config_mode():
        conn.send_command("abort", expect_string=r"#", read_timeout=SLOW)


def _rollback(conn: CiscoXrBase) -> str | None:
    """``rollback configuration last 1``; None when the device reports success."""
    if conn.check_config_mode():
        _abort(conn)
    output = _run(conn, "rollback configuration last 1")
    if ROLLED_BACK in output and not re.search(ERROR, output, flags=re.MULTILINE):
        return None
    return f"rollback configuration last 1 failed: {_first_error(output) or output.strip()}"


def _quietly(conn: CiscoXrBase) -> None:
    """Best effort after an unexpected error: undo the trial commit."""
    with contextlib.suppress(Exception):  # the error being handled is the one to raise
        _rollback(conn)


def running_config(task: Task) -> str:
    """The host's ``show running-config`` over its Netmiko connection (read only)."""
    conn: CiscoXrBase = task.host.get_connection("netmiko", task.nornir.config)
    return _run(conn, "show running-config")


def running_diff(before: str, after: str) -> str:
    """What changed between two ``show running-config`` texts, timestamps left out."""
    return "\n".join(
        difflib.unified_diff(
            stable(before), stable(after), "running-config", "running-config", lineterm=""
        )
    )


def stable(text: str) -> list[str]:
    """A running config's lines without the ones that change on their own (time stamps)."""
    return [
        line
        for line in text.splitlines()
        if not _TIMESTAMP.match(line.strip()) and not line.startswith(_VOLATILE)
    ]


def _run(conn: CiscoXrBase, command: str) -> str:
    return str(conn.send_command(command, read_timeout=SLOW))


def _size(text: str) -> str:
    return f"{len(text)} chars"


def _first_error(output: str) -> str:
    found = re.search(ERROR, output, flags=re.MULTILINE)
    return found.group(0).strip() if found else output.strip()


def recover(
    task: Task, handle: Mapping[str, str], backup: str, *, confirm: bool
) -> tuple[str, str | None]:
    """Finish a journaled commit a crash left open: what was done, and an error or None.

    The running config equal to the backup (timestamps aside): nothing to do (the trial commit
    ran out, or nothing was committed). Otherwise ``confirm`` commits (which confirms a pending
    trial commit); else ``rollback configuration last 1`` puts the previous config back.
    """
    del handle
    conn: CiscoXrBase = task.host.get_connection("netmiko", task.nornir.config)
    if not running_diff(backup, _run(conn, "show running-config")):
        return "the running config is the backup: nothing to undo", None
    if confirm:
        try:
            conn.commit(read_timeout=SLOW)
            conn.exit_config_mode()
        except ValueError as exc:
            return "confirm", _first_error(str(exc))
        return "confirmed (commit)", None
    problem = _rollback(conn)
    if problem is None and running_diff(backup, _run(conn, "show running-config")):
        problem = "the running config after the rollback differs from the backup"
    return "rolled back (rollback configuration last 1)", problem
