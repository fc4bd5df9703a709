"""Arista EOS: push through NAPALM ``eos`` over eAPI, in a configuration session.

The lines are loaded into a config session (the candidate); its diff is the device's own
(``show session-config named <s> diffs``). A commit runs with the session commit timer, so the
device reverts by itself when nothing confirms it; a failed verification aborts the session,
which puts the previous running config back.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from nornir_optics.platforms.base import Outcome, PushResult, Recorder, no_record, run_step

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from nornir.core.task import Task

CONNECTION = "napalm"
_MAX_ERROR = 500

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
    """Dry-run or commit config lines on the task's EOS host.

    Args:
        task: the Nornir task of one EOS host (its ``napalm`` connection is used).
        lines: EOS config lines, as the driver renders them.
        commit: apply the lines; otherwise only read the device's diff and discard.
        confirm_timeout: seconds before an unconfirmed commit reverts on the device.
        verify: called after the commit; None when the device now matches the intent.
        record: told ``planned`` (backup, config session) before the commit.

    Returns:
        ``planned`` (dry run), ``unchanged`` (empty diff), ``committed``, ``rolled-back``
        (verification failed) or ``failed`` (a line rejected, or the device erred), with the
        device's diff and the running config taken before.
    """
    device: Any = task.host.get_connection(CONNECTION, task.nornir.config)
    secrets = [task.host.password] if task.host.password else []
    name = task.host.name
    backup = run_step(task, "backup", lambda: _running(device), lambda text: f"{len(text)} chars")
    try:
        diff = run_step(task, "load+diff", lambda: _load(device, lines))
    except Exception as exc:
        _discard(device)
        logger.warning("%s: the session refused the lines: %s", name, _error(exc, secrets))
        return Outcome("failed", error=_error(exc, secrets), backup=backup)
    if not diff or not commit:
        _discard(device)
        return Outcome("planned" if diff else "unchanged", diff=diff, backup=backup)
    session = str(getattr(device, "config_session", "") or "")
    record("planned", backup=backup, handle={"session": session, "undo": "commit timer"})
    try:
        run_step(task, "commit", lambda: device.commit_config(revert_in=confirm_timeout))
    except Exception as exc:
        return _undo(task, device, backup, "failed", _error(exc, secrets), diff)
    logger.info("%s: session committed, reverting in %d s unless confirmed", name, confirm_timeout)
    try:
        problem = verify(task)
    except Exception as exc:
        problem = f"verification failed: {_error(exc, secrets)}"
    if problem is not None:
        return _undo(task, device, backup, "rolled-back", problem, diff)
    try:
        run_step(task, "confirm", device.confirm_commit)
    except Exception as exc:
        error = f"confirm failed (the commit timer may have run out): {_error(exc, secrets)}"
        return _undo(task, device, backup, "rolled-back", error, diff)
    logger.info("%s: commit confirmed", name)
    return Outcome("committed", diff=diff, backup=backup)


def running_config(task: Task) -> str:
    """The host's running config over its NAPALM connection (what remediation diffs against)."""
    return _running(task.host.get_connection(CONNECTION, task.nornir.config))


def _running(device: Any) -> str:
    return str(device.get_config(retrieve="running")["running"])


def _load(device: Any, lines: list[str]) -> str:
    """Load the lines into a config session; the session's diff."""
    device.load_merge_candidate(config="\n".join(lines))
    return str(device.compare_config())


def _undo(  # noqa: PLR0917 - the state of the transaction being undone
    task: Task,
    device: Any,
    backup: str,
    result: PushResult,
    error: str,
    diff: str,
) -> Outcome:
    """Abort a pending timed commit (or the session), then check the running config is back.

    Without a pending commit of this session (the timer ran out, or the commit never started)
    NAPALM's ``rollback`` would replace the running config with the startup config, so it is
    not called then: the device has already reverted, or never changed.
    """
    logger.warning("%s: rolling back: %s", task.host.name, error)

    def rollback() -> bool:
        if device.has_pending_commit():
            device.rollback()
            return True
        return False

    try:
        run_step(task, "rollback", rollback)
    except Exception as exc:
        error = f"{error}; rollback failed: {type(exc).__name__}"
    _discard(device)
    try:
        restored = _running(device) == backup
    except Exception as exc:
        return Outcome("failed", diff=diff, error=f"{error}; {type(exc).__name__}", backup=backup)
    if not restored:
        return Outcome(
            "failed", diff=diff, error=f"{error}; running config differs from before", backup=backup
        )
    return Outcome(result, diff=diff, error=error, backup=backup)


def _discard(device: Any) -> None:
    """Drop the config session, even when the device no longer has it."""
    try:
        device.discard_config()
    except Exception:
        device.config_session = None


def _error(exc: BaseException, secrets: list[str]) -> str:
    """An exception as text without credentials, cut to a readable length."""
    text = f"{type(exc).__name__}: {exc}"
    for secret in secrets:
        text = text.replace(secret, "***")
    return text[:_MAX_ERROR]


def recover(
    task: Task, handle: Mapping[str, str], backup: str, *, confirm: bool
) -> tuple[str, str | None]:
    """Finish a journaled commit a crash left open: what was done, and an error or None.

    The running config equal to the backup: nothing to do (the commit timer ran out, or the
    commit never happened). Otherwise, with the session's commit still pending, ``confirm``
    confirms it and a rollback aborts it; without one (the commit was confirmed), a rollback
    replaces the running config with the backup.
    """
    device: Any = task.host.get_connection(CONNECTION, task.nornir.config)
    secrets = [task.host.password] if task.host.password else []
    try:
        if _running(device) == backup:
            return "the running config is the backup: nothing to undo", None
        device.config_session = handle.get("session") or None
        pending = bool(device.config_session) and device.has_pending_commit()
        if confirm:
            if pending:
                device.confirm_commit()
            return "confirmed" if pending else "nothing pending: already confirmed", None
        if pending:
            device.rollback()
        else:
            device.config_session = None
            device.load_replace_candidate(config=backup)
            device.commit_config()
        problem = None if _running(device) == backup else "running config differs from backup"
    except Exception as exc:
        return "recover", _error(exc, secrets)
    return "rolled back" + (" (session aborted)" if pending else " (backup replaced)"), problem
