"""SONiC push over Netmiko (``linux``): ``sudo config`` commands, verify, save or reload.

SONiC applies a ``config`` command at once and has neither a candidate nor a commit timer, so a
dry run does not touch the device and its diff is the planned commands. Its only undo is
``config reload``, which replaces the running config (CONFIG_DB) with the saved one
(``/etc/sonic/config_db.json``). A commit therefore starts by checking that the saved config
equals the running one, and refuses when it does not: a rollback would otherwise throw away
changes nobody saved. Where the saved config cannot be read (``cat`` unavailable), it is first
saved with ``config save -y``: that keeps the running config exactly as it is and makes the
rollback restore it, at the cost of persisting whatever was unsaved.

SONiC has no commit timer of its own, so the push makes one before the first command: the
running config is saved to a backup file (``config save -y /etc/sonic/optics-<stamp>.json``)
and a transient systemd timer is started that reloads it (``systemd-run --on-active=<s>
--unit=optics-rollback-<stamp> /usr/local/bin/config reload -y <file>``, systemd-run(1)).
Then each command is sent and its output checked for sonic-utilities errors, ``verify`` judges
the result, the timer is stopped (``systemctl stop <unit>.timer``: "not loaded" means it has
already run and the device reverted), and the change is saved (``config save -y``) or undone
(``config reload -y <file>``). When the tool dies between the commands and the confirmation,
the device reloads the backup by itself. The backup file is removed afterwards.
"""

from __future__ import annotations

import contextlib
import difflib
import json
import logging
import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from nornir_optics.platforms.base import Outcome, PushResult, Recorder, no_record, run_step
from nornir_optics.platforms.common import scrub_secrets

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from netmiko import BaseConnection
    from nornir.core.task import Task

RUNNING = "show runningconfiguration all"
STARTUP = "cat /etc/sonic/config_db.json"
SAVE = "sudo config save -y"
RELOAD = "sudo config reload -y"
BACKUP_DIR = "/etc/sonic"
CONFIG = "/usr/local/bin/config"
"""sonic-utilities' ``config``, by its full path for the systemd unit."""
ERROR = re.compile(
    r"^\s*(?:Error:|Usage:|\[ERROR\]|Aborted!|Invalid |Root privileges are required"
    r"|\S+: \S+: command not found).*$",
    re.MULTILINE,
)
"""What sonic-utilities and bash print when they refuse a command (click errors first)."""
SLOW = 120.0
"""Seconds to wait for a config command or a save (a breakout takes a while)."""
RELOAD_TIMEOUT = 600.0
"""Seconds to wait for ``config reload``, which restarts the SONiC services."""
_SHOWN = 5

logger = logging.getLogger(__name__)


def push(  # noqa: PLR0911 - one return per way a transaction ends
    task: Task,
    lines: list[str],
    *,
    commit: bool,
    confirm_timeout: int,
    verify: Callable[[Task], str | None],
    record: Recorder = no_record,
) -> Outcome:
    """Plan or apply ``sudo config`` commands on a SONiC switch through its Netmiko connection.

    Args:
        task: The Nornir task of one host.
        lines: Shell commands, as ``drivers.sonic.config_lines`` renders them.
        commit: False for a dry run: nothing is sent and the diff is the planned commands.
        confirm_timeout: Seconds before the scheduled ``config reload`` of the backup runs on
            the device unless the push cancels it (the push's own confirm timer).
        verify: Called after the commands ran; None keeps the change, a text rolls it back.
        record: Told ``planned`` (backup, backup file, timer unit) before the first command.

    Returns:
        ``planned`` (dry run), ``unchanged`` (no lines), ``committed`` (verified and saved, the
        diff being CONFIG_DB before and after), ``rolled-back`` (verification failed) or
        ``failed`` (unsaved changes on the device, a command refused, a save or a reload that
        went wrong), with the error and the running config from before as the backup.
    """
    if not lines:
        return Outcome("unchanged")
    planned = "\n".join(lines) + "\n"
    if not commit:
        return Outcome("planned", diff=planned)
    conn: BaseConnection = task.host.get_connection("netmiko", task.nornir.config)
    name = task.host.name
    backup = run_step(task, "backup", lambda: _run(conn, RUNNING), lambda t: f"{len(t)} chars")
    running = _config_db(backup)
    if running is None:
        unreadable = f"cannot read the running config: {_first_line(backup)}"
        return Outcome("failed", planned, scrub_secrets(task, unreadable))
    refused = run_step(task, "startup check", lambda: _startup_check(conn, running))
    if refused:
        logger.warning("%s: %s", name, refused)
        return Outcome("failed", planned, scrub_secrets(task, refused), backup)
    stamp = handle_name()
    saved_file, unit = f"{BACKUP_DIR}/{stamp}.json", stamp.replace("optics-", "optics-rollback-")
    armed = run_step(
        task, "commit timer", lambda: _arm(conn, saved_file, unit, max(confirm_timeout, 1))
    )
    if armed:
        return Outcome("failed", planned, scrub_secrets(task, armed), backup)
    logger.info("%s: %s reloads %s in %d s unless stopped", name, unit, saved_file, confirm_timeout)
    record("planned", backup=backup, handle={"backup_file": saved_file, "timer": unit})
    try:
        result, error = _transact(task, conn, lines, verify, unit)
    except BaseException:  # an interrupt (SIGINT, SIGTERM) too: undo, then let it through
        _quietly(conn, unit, saved_file)
        raise
    if result == "committed":
        _remove(conn, saved_file)
        logger.info("%s: committed and saved (config save)", name)
        return Outcome("committed", _saved_diff(conn, backup) or planned, None, backup)
    logger.warning("%s: reloading the saved config: %s", name, scrub_secrets(task, error))
    restored = run_step(task, "rollback", lambda: _reload(conn, backup, saved_file))
    _remove(conn, saved_file)
    if restored:
        result, error = "failed", f"{error}; {restored}"
    return Outcome(result, planned, scrub_secrets(task, error), backup)


def running_config(task: Task) -> str:
    """Nothing: SONiC's command builder does not read the running config."""
    del task
    return ""


def _transact(
    task: Task,
    conn: BaseConnection,
    lines: list[str],
    verify: Callable[[Task], str | None],
    unit: str,
) -> tuple[PushResult, str | None]:
    """Apply and verify, stop the timer whatever came of it, and save a verified change."""
    try:
        result, error = _apply(task, conn, lines, verify)
    except Exception as exc:
        result, error = "failed", f"{type(exc).__name__}: {exc}"
    stopped = run_step(task, "confirm", lambda: _stop_timer(conn, unit))
    if result == "committed" and stopped:
        return "rolled-back", f"confirm failed: {stopped}"
    if result == "committed":
        problem = _error(run_step(task, "save", lambda: _run(conn, SAVE, SLOW)))
        if problem:
            return "failed", f"`{SAVE}` failed: {problem}"
    return result, error


def handle_name() -> str:
    """A fresh name for the transaction's backup file and timer unit."""
    return f"optics-{datetime.now(UTC):%Y%m%dT%H%M%S%f}"


def _arm(conn: BaseConnection, saved_file: str, unit: str, seconds: int) -> str | None:
    """Save the backup file and start the timer that reloads it; None when both worked."""
    problem = _error(_run(conn, f"{SAVE} {saved_file}", SLOW))
    if problem:
        return f"the backup {saved_file} could not be saved: {problem}"
    output = _run(
        conn,
        f"sudo systemd-run --on-active={seconds} --unit={unit} {CONFIG} reload -y {saved_file}",
    )
    if f"{unit}.timer" not in output or "Failed" in output:
        _remove(conn, saved_file)
        return f"the rollback timer could not be started: {_first_line(output)}"
    return None


def _stop_timer(conn: BaseConnection, unit: str) -> str | None:
    """Stop the timer; None when it was still waiting, else why (it has run: reverted)."""
    output = _run(conn, f"sudo systemctl stop {unit}.timer")
    if "not loaded" in output:
        return f"the rollback timer {unit} had already run out: the device reloaded the backup"
    return f"`systemctl stop {unit}.timer`: {_first_line(output)}" if output.strip() else None


def _quietly(conn: BaseConnection, unit: str, saved_file: str) -> None:
    """Best effort after an interrupt: stop the timer, reload the backup, remove it."""
    try:
        _run(conn, f"sudo systemctl stop {unit}.timer")
        _run(conn, f"{RELOAD} {saved_file}", RELOAD_TIMEOUT)
        _remove(conn, saved_file)
    except Exception:  # noqa: S110 - the interrupt being handled is the one to raise
        pass


def _remove(conn: BaseConnection, saved_file: str) -> None:
    """Remove the backup file (best effort: a leftover file harms nothing)."""
    with contextlib.suppress(Exception):
        _run(conn, f"sudo rm -f {saved_file}")


def running_diff(before: str, after: str) -> str:
    """What changed between two ``show runningconfiguration all`` texts (CONFIG_DB JSON)."""
    return "\n".join(
        difflib.unified_diff(
            before.splitlines(), after.splitlines(), "running (before)", "running", lineterm=""
        )
    )


def _saved_diff(conn: BaseConnection, backup: str) -> str:
    """The change as CONFIG_DB shows it once saved; empty when it cannot be read."""
    try:
        return running_diff(backup, _run(conn, RUNNING))
    except Exception:
        return ""


def _startup_check(conn: BaseConnection, running: dict[str, Any]) -> str | None:
    """None when the saved config is the running one (or could be made so); else why not."""
    startup = _config_db(_run(conn, STARTUP))
    if startup is None:
        problem = _error(_run(conn, SAVE, SLOW))
        return f"cannot read or save the startup config: {problem}" if problem else None
    if startup == running:
        return None
    keys = _differences(startup, running)
    shown = ", ".join(keys[:_SHOWN]) + (
        f" and {len(keys) - _SHOWN} more" if len(keys) > _SHOWN else ""
    )
    return (
        f"refused: the running config has unsaved changes ({shown}), which the rollback "
        "(`config reload`) would lose; save (`config save -y`) or discard them first"
    )


def _apply(
    task: Task, conn: BaseConnection, lines: list[str], verify: Callable[[Task], str | None]
) -> tuple[PushResult, str | None]:
    """Send the commands (stopping at the first one refused), then verify."""

    def send() -> str | None:
        for line in lines:
            problem = _error(_run(conn, line, SLOW))
            if problem:
                return f"device rejected `{line}`: {problem}"
        return None

    refused = run_step(task, "apply", send)
    if refused:
        return "failed", refused
    try:
        problem = verify(task)
    except Exception as exc:
        problem = f"{type(exc).__name__}: {exc}"
    if problem:
        return "rolled-back", f"verification failed: {problem}"
    return "committed", None


def _reload(conn: BaseConnection, backup: str, saved_file: str) -> str | None:
    """Reload the backup file; None when the running config is the backup again, else why."""
    try:
        problem = _error(_run(conn, f"{RELOAD} {saved_file}", RELOAD_TIMEOUT))
        if problem:
            return f"`{RELOAD}` failed: {problem}"
        after = _run(conn, RUNNING)
    except Exception as exc:
        return f"`{RELOAD}` failed: {type(exc).__name__}: {exc}"
    if after == backup:
        return None
    before, now = _config_db(backup) or {}, _config_db(after) or {}
    keys = ", ".join(_differences(before, now)[:_SHOWN]) or "formatting only"
    return f"the running config after `{RELOAD}` differs from the backup ({keys})"


def _run(conn: BaseConnection, command: str, timeout: float = SLOW) -> str:
    """The text a command prints."""
    return str(conn.send_command(command, read_timeout=timeout))


def _error(output: str) -> str | None:
    """The error line sonic-utilities or bash printed (click's ``Error:`` first), if any."""
    errors = [match.group(0).strip() for match in ERROR.finditer(output)]
    clicked = [error for error in errors if error.startswith("Error:")]
    return next(iter(clicked or errors), None)


def _config_db(text: str) -> dict[str, Any] | None:
    """CONFIG_DB from its JSON text; None when the text is not a JSON object (an error)."""
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """``TABLE|key`` entries that differ between two CONFIG_DB dumps."""
    found: list[str] = []
    for table in sorted(old.keys() | new.keys()):
        before, after = old.get(table), new.get(table)
        if before == after:
            continue
        if isinstance(before, dict) and isinstance(after, dict):
            keys = sorted(before.keys() | after.keys())
            found += [f"{table}|{key}" for key in keys if before.get(key) != after.get(key)]
        else:
            found.append(table)
    return found


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "no output")


def recover(
    task: Task, handle: Mapping[str, str], backup: str, *, confirm: bool
) -> tuple[str, str | None]:
    """Finish a journaled commit a crash left open: what was done, and an error or None.

    The running config equal to the backup: nothing to do (the rollback timer ran, or no
    command was sent). Otherwise the timer is stopped and ``confirm`` saves the running config
    (``config save -y``); else the backup file is reloaded. The backup file is removed.
    """
    conn: BaseConnection = task.host.get_connection("netmiko", task.nornir.config)
    unit, saved_file = handle.get("timer", ""), handle.get("backup_file", "")
    try:
        if unit:
            _run(conn, f"sudo systemctl stop {unit}.timer")
        if _config_db(_run(conn, RUNNING)) == _config_db(backup):
            return "the running config is the backup: nothing to undo", None
        if confirm:
            problem = _error(_run(conn, SAVE, SLOW))
            return "confirmed: the timer stopped, config saved", (
                scrub_secrets(task, f"`{SAVE}` failed: {problem}") if problem else None
            )
        if not saved_file:
            return "roll back", "the journal names no backup file"
        return f"reloaded {saved_file}", scrub_secrets(task, _reload(conn, backup, saved_file))
    finally:
        if saved_file:
            _remove(conn, saved_file)
