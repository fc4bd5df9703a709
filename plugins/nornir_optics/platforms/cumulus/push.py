"""Cumulus Linux push over Netmiko (``cumulus_linux``): NVUE pending revision, confirm timer.

``nv set`` / ``nv unset`` write a pending revision; nothing reaches the switch before ``nv
config apply``. A dry run therefore loads the lines, reads NVUE's own diff (``nv config diff
-o commands``: pending against applied) and discards the revision (``nv config detach``).

A commit backs up the applied config (``nv config show -o commands``), loads the lines (a
refused one: ``nv config detach``, the switch untouched), and applies them with NVUE's confirm
timer (``nv config apply --confirm <s>s -y``): unless confirmed in time, NVUE rolls back to the
previous revision by itself, so a tool that dies mid-way leaves the switch as it was. Then
``verify`` judges the result: None keeps it (``nv config apply --confirm-yes``), a text rolls
it back at once (``nv config apply --confirm-no``). The applied config is compared with the
backup after a rollback.
"""

from __future__ import annotations

import contextlib
import difflib
import logging
import re
from typing import TYPE_CHECKING

from nornir_optics.platforms.base import Outcome, PushResult, Recorder, no_record, run_step
from nornir_optics.platforms.common import scrub_secrets

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from netmiko import BaseConnection
    from nornir.core.task import Task

RUNNING = "nv config show -o commands"
DIFF = "nv config diff -o commands"
DETACH = "nv config detach"
CONFIRM_YES = "nv config apply --confirm-yes"
CONFIRM_NO = "nv config apply --confirm-no"
ERROR = re.compile(
    r"^\s*(?:Error:|Invalid |usage:|Usage:|\S+: command not found|Warning: The following"
    r"|Config apply failed|Aborted).*$",
    re.MULTILINE,
)
"""What NVUE and bash print when they refuse a command or an apply."""
SLOW = 120.0
"""Seconds to wait for an apply (a breakout reloads switchd)."""

logger = logging.getLogger(__name__)


def apply_command(seconds: int) -> str:
    """The apply with NVUE's confirm timer of ``seconds``.

    >>> apply_command(60)
    'nv config apply --confirm 60s -y'
    """
    return f"nv config apply --confirm {max(seconds, 1)}s -y"


def push(  # noqa: PLR0911 - one return per way a transaction ends
    task: Task,
    lines: list[str],
    *,
    commit: bool,
    confirm_timeout: int,
    verify: Callable[[Task], str | None],
    record: Recorder = no_record,
) -> Outcome:
    """Plan or apply NVUE commands on a Cumulus Linux switch through its Netmiko connection.

    Args:
        task: The Nornir task of one host.
        lines: ``nv set`` / ``nv unset`` commands, as ``cumulus.config_lines`` renders them.
        commit: False for a dry run: the lines are loaded, NVUE's diff read, the revision
            discarded.
        confirm_timeout: Seconds NVUE waits for ``--confirm-yes`` before it rolls back.
        verify: Called after the apply; None keeps the change, a text rolls it back.
        record: Told ``planned`` (the backup, the confirm command) before the apply.

    Returns:
        ``planned``, ``unchanged`` (no lines, or nothing NVUE would change), ``committed``,
        ``rolled-back`` or ``failed``, with the error and the applied config from before.
    """
    if not lines:
        return Outcome("unchanged")
    conn: BaseConnection = task.host.get_connection("netmiko", task.nornir.config)
    if not commit:
        refused = run_step(task, "load", lambda: _load(conn, lines))
        diff = "" if refused else run_step(task, "diff", lambda: _run(conn, DIFF))
        run_step(task, "discard", lambda: _run(conn, DETACH))
        if refused:
            return Outcome("failed", "\n".join(lines) + "\n", scrub_secrets(task, refused))
        return Outcome("planned", diff or "\n".join(lines) + "\n")
    name = task.host.name
    backup = run_step(task, "backup", lambda: _run(conn, RUNNING), lambda t: f"{len(t)} chars")
    if _error(backup):
        unreadable = f"cannot read the applied config: {_error(backup)}"
        return Outcome("failed", "\n".join(lines) + "\n", scrub_secrets(task, unreadable))
    refused = run_step(task, "load", lambda: _load(conn, lines))
    if refused:
        run_step(task, "discard", lambda: _run(conn, DETACH))
        logger.warning("%s: %s", name, refused)
        return Outcome("failed", "\n".join(lines) + "\n", scrub_secrets(task, refused), backup)
    diff = run_step(task, "diff", lambda: _run(conn, DIFF))
    if not diff.strip():
        run_step(task, "discard", lambda: _run(conn, DETACH))
        return Outcome("unchanged", "", None, backup)
    record("planned", backup=backup, handle={"confirm": apply_command(confirm_timeout)})
    return _commit(task, conn, diff, backup, (confirm_timeout, verify))


def _commit(
    task: Task,
    conn: BaseConnection,
    diff: str,
    backup: str,
    how: tuple[int, Callable[[Task], str | None]],
) -> Outcome:
    """Apply the pending revision with the confirm timer, verify, confirm or roll back."""
    confirm_timeout, verify = how
    name = task.host.name
    applied = run_step(task, "commit", lambda: _run(conn, apply_command(confirm_timeout), SLOW))
    if problem := _error(applied):
        run_step(task, "discard", lambda: _run(conn, DETACH))
        return Outcome(
            "failed", diff, scrub_secrets(task, f"`nv config apply` failed: {problem}"), backup
        )
    try:
        result, error = _verify(task, verify)
    except BaseException:  # an interrupt too: roll back, then let it through
        _quietly(conn)
        raise
    if result == "committed":
        confirmed = run_step(task, "confirm", lambda: _run(conn, CONFIRM_YES, SLOW))
        if problem := _error(confirmed):
            return Outcome(
                "rolled-back", diff, scrub_secrets(task, f"confirm failed: {problem}"), backup
            )
        logger.info("%s: committed (nv config apply --confirm-yes)", name)
        return Outcome("committed", diff, None, backup)
    logger.warning("%s: rolling back: %s", name, scrub_secrets(task, error))
    restored = run_step(task, "rollback", lambda: _rollback(conn, backup))
    if restored:
        result, error = "failed", f"{error}; {restored}"
    return Outcome(result, diff, scrub_secrets(task, error), backup)


def running_config(task: Task) -> str:
    """The applied config as ``nv set`` commands (``nv config show -o commands``)."""
    conn: BaseConnection = task.host.get_connection("netmiko", task.nornir.config)
    return _run(conn, RUNNING)


def _load(conn: BaseConnection, lines: list[str]) -> str | None:
    """Send the lines into the pending revision; why the first refused one was, else None."""
    for line in lines:
        problem = _error(_run(conn, line))
        if problem:
            return f"device rejected `{line}`: {problem}"
    return None


def _verify(task: Task, verify: Callable[[Task], str | None]) -> tuple[PushResult, str | None]:
    try:
        problem = verify(task)
    except Exception as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        return "rolled-back", f"verification failed: {problem}"
    return "committed", None


def _rollback(conn: BaseConnection, backup: str) -> str | None:
    """Reject the applied revision; None when the applied config is the backup again."""
    try:
        problem = _error(_run(conn, CONFIRM_NO, SLOW))
        if problem:
            return f"`{CONFIRM_NO}` failed: {problem}"
        after = _run(conn, RUNNING)
    except Exception as exc:
        return f"`{CONFIRM_NO}` failed: {type(exc).__name__}: {exc}"
    if after == backup:
        return None
    changed = list(difflib.unified_diff(backup.splitlines(), after.splitlines()))
    return f"the applied config after `{CONFIRM_NO}` differs from the backup ({len(changed)} lines)"


def _quietly(conn: BaseConnection) -> None:
    """Best effort after an interrupt: reject the applied revision."""
    with contextlib.suppress(Exception):  # the interrupt being handled is the one to raise
        _run(conn, CONFIRM_NO, SLOW)


def _run(conn: BaseConnection, command: str, timeout: float = 60.0) -> str:
    """The text a command prints."""
    return str(conn.send_command(command, read_timeout=timeout))


def _error(output: str) -> str | None:
    """The first error line NVUE or bash printed, if any."""
    found = ERROR.search(output)
    return found.group(0).strip() if found else None


def recover(
    task: Task, handle: Mapping[str, str], backup: str, *, confirm: bool
) -> tuple[str, str | None]:
    """Finish a journaled commit a crash left open: what was done, and an error or None.

    The applied config equal to the backup: nothing to do (NVUE's timer ran out, or nothing
    was applied). Otherwise ``confirm`` keeps the revision (``--confirm-yes``), else it is
    rejected (``--confirm-no``).
    """
    del handle
    conn: BaseConnection = task.host.get_connection("netmiko", task.nornir.config)
    if _run(conn, RUNNING) == backup:
        return "the applied config is the backup: nothing to undo", None
    if confirm:
        problem = _error(_run(conn, CONFIRM_YES, SLOW))
        return "confirmed (nv config apply --confirm-yes)", (
            scrub_secrets(task, f"`{CONFIRM_YES}` failed: {problem}") if problem else None
        )
    return f"rolled back ({CONFIRM_NO})", scrub_secrets(task, _rollback(conn, backup))
