"""Junos push over NETCONF (NAPALM ``junos``): candidate, ``show | compare``, commit confirmed.

The set/delete lines of :func:`nornir_optics.platforms.juniper_junos.config.config_lines` are
merged into the locked shared candidate; its diff is the device's own ``show | compare``. A
commit is a ``commit confirmed`` that the device reverts by itself if this process never
confirms it; a failed verification rolls back at once (``rollback 1`` + commit, which also
cancels the timer).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from napalm.base.exceptions import LockError, MergeConfigException

from nornir_optics.platforms.base import Outcome, PushResult, Recorder, no_record, run_step

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from nornir.core.task import Task

SECONDS_PER_MINUTE = 60

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
    """Dry-run or commit set/delete lines on the task's Junos host.

    Args:
        task: the Nornir task of one Junos host (its ``napalm`` connection is used).
        lines: Junos ``set``/``delete`` statements, in order.
        commit: False to load, diff and discard; True to commit confirmed, verify and confirm.
        confirm_timeout: seconds before the device reverts an unconfirmed commit (rounded up
            to whole minutes, at least one: Junos counts in minutes).
        verify: called after the commit; None when the device now matches the intent, else
            what is still wrong.
        record: told ``planned`` (backup, rollback id) before the commit.

    Returns:
        ``planned``, ``unchanged`` (the device's diff is empty), ``committed``,
        ``rolled-back`` (verification failed, the previous config restored) or ``failed``
        (the device rejected a line or a step broke; the previous config kept or restored).
    """
    try:
        device: Any = task.host.get_connection("napalm", task.nornir.config)
        backup = run_step(
            task,
            "backup",
            lambda: str(device.get_config(retrieve="running")["running"]),
            lambda text: f"{len(text)} chars",
        )
    except Exception as exc:
        return Outcome("failed", error=_clean(task, _text(exc)))
    try:
        diff = run_step(task, "load+diff", lambda: _load(device, lines, keep=commit))
    except _StepError as exc:
        logger.warning("%s: the candidate refused the lines: %s", task.host.name, exc)
        return Outcome("failed", error=_clean(task, str(exc)), backup=backup)
    if not commit or not diff:
        return Outcome("planned" if diff else "unchanged", diff=diff, backup=backup)
    record("planned", backup=backup, handle={"rollback": "1", "undo": "commit confirmed"})
    result, error = _commit(task, device, confirm_timeout, verify)
    return Outcome(result, diff=diff, error=_clean(task, error) if error else None, backup=backup)


def running_config(task: Task) -> str:
    """The host's committed config in curly-brace text, over its NAPALM connection."""
    device: Any = task.host.get_connection("napalm", task.nornir.config)
    return str(device.get_config(retrieve="running")["running"])


class _StepError(Exception):
    """A step before the commit failed; the running config is untouched."""


def _load(device: Any, lines: list[str], *, keep: bool) -> str:
    """The device's diff of the lines merged into the candidate, kept only to commit it.

    Raises:
        _StepError: the device refused a line or a step broke (the candidate is discarded).
    """
    try:
        device.load_merge_candidate(config="\n".join(lines))
    except MergeConfigException as exc:  # NAPALM has already discarded the candidate
        raise _StepError(_device_errors(exc)) from None
    except LockError as exc:  # another session's candidate: not ours to discard
        raise _StepError(_text(exc)) from None
    except Exception as exc:
        raise _StepError(_discarded(device, exc)) from None
    try:
        diff = str(device.compare_config())
        if not keep or not diff:
            device.discard_config()
    except Exception as exc:
        raise _StepError(_discarded(device, exc)) from None
    return diff


def _commit(
    task: Task,
    device: Any,
    confirm_timeout: int,
    verify: Callable[[Task], str | None],
) -> tuple[PushResult, str | None]:
    """Commit confirmed the loaded candidate, verify, then confirm or roll back."""
    minutes = max(1, -(-confirm_timeout // SECONDS_PER_MINUTE))
    name = task.host.name
    try:
        run_step(
            task, "commit", lambda: device.commit_config(revert_in=minutes * SECONDS_PER_MINUTE)
        )
    except Exception as exc:
        return "failed", _discarded(device, exc, _device_errors(exc))
    logger.info("%s: commit confirmed %d, waiting for verification", name, minutes)
    try:
        problem = verify(task)
    except Exception as exc:
        problem = f"verification failed: {_text(exc)}"
    result: PushResult = "rolled-back"
    if problem is None:
        try:
            run_step(task, "confirm", device.confirm_commit)
        except Exception as exc:
            result, problem = "failed", f"confirming the commit failed: {_text(exc)}"
        else:
            logger.info("%s: commit confirmed", name)
            return "committed", None
    logger.warning("%s: rolling back (rollback 1): %s", name, _clean(task, str(problem)))
    try:
        run_step(task, "rollback", device.rollback)
    except Exception as exc:
        error = f"{problem}; rolling back failed: {_text(exc)}"
        return "failed", f"{error}; the device reverts the unconfirmed commit within {minutes} min"
    return result, problem


def _device_errors(exc: Exception) -> str:
    """The device's messages (and the statements they name) from a refused load or commit."""
    errors = getattr(exc, "errs", None)  # PyEZ's RpcError
    if errors is None and exc.args and isinstance(exc.args[0], list):  # NAPALM's, from PyEZ's
        errors = exc.args[0]
    if not isinstance(errors, list) or not errors:
        return _text(exc)
    found = []
    for error in errors:
        if not isinstance(error, dict):
            found.append(str(error))
            continue
        words = (error.get(key) for key in ("edit_path", "bad_element", "message"))
        found.append(": ".join(str(word).strip() for word in words if word))
    return "; ".join(found)


def _discarded(device: Any, exc: Exception, error: str = "") -> str:
    """The error of a failed step, after dropping the candidate (and the lock) it left."""
    error = error or _text(exc)
    try:
        device.discard_config()
    except Exception as again:
        error += f"; discarding the candidate failed: {_text(again)}"
    return error


def _text(exc: Exception) -> str:
    """An exception as ``Type: message``."""
    return f"{type(exc).__name__}: {exc}"


def _clean(task: Task, text: str) -> str:
    """An error text without the host's password."""
    password = task.host.password
    return text.replace(password, "***") if password else text


def recover(
    task: Task, handle: Mapping[str, str], backup: str, *, confirm: bool
) -> tuple[str, str | None]:
    """Finish a journaled commit a crash left open: what was done, and an error or None.

    The running config equal to the backup: nothing to do (the device reverted the unconfirmed
    commit, or it never happened). Otherwise ``confirm`` commits again (which confirms a
    pending ``commit confirmed``); else ``rollback 1`` and a commit put the previous config back.
    """
    del handle
    try:
        device: Any = task.host.get_connection("napalm", task.nornir.config)
        running = str(device.get_config(retrieve="running")["running"])
        if running == backup:
            return "the running config is the backup: nothing to undo", None
        if confirm:
            device.commit_config()
            return "confirmed (commit)", None
        device.rollback()
        after = str(device.get_config(retrieve="running")["running"])
    except Exception as exc:
        return "recover", _clean(task, _text(exc))
    problem = None if after == backup else "the running config after rollback 1 differs"
    return "rolled back (rollback 1)", problem
