"""Run the gather over a fleet: Nornir from an inventory folder, progress, errors per device.

Logging: the run's start and end at INFO on ``nornir_optics.collect`` (each device's on
``nornir_optics.tasks.gather``). :data:`REDACT`, a :class:`logging.Filter`, takes the
passwords and secrets of every inventory :func:`init_nornir` loads out of every record, on
every handler configured by then (the CLI's among them). With :func:`keep_session_logs` (the
CLI's ``-vv``) every host gets a Netmiko session log in that folder (0700, files 0600).
"""

from __future__ import annotations

import logging
import os
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nornir import InitNornir
from nornir.core.inventory import ConnectionOptions
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from nornir_optics.catalog import load_catalog, platform_key
from nornir_optics.checks.live import Fleet
from nornir_optics.tasks.gather import classify, optics_gather

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from nornir.core import Nornir
    from nornir.core.inventory import Host
    from nornir.core.task import AggregatedResult, MultiResult, Task

logger = logging.getLogger(__name__)

SECRET_KEYS = ("password", "secret", "passphrase")
"""Connection-option keys (at any depth of ``extras``) whose values are secrets."""
REDACTED = "********"
"""What a secret reads as in a log (Netmiko's own session-log mask)."""
SESSION_LOG_FOLDER_MODE = 0o700
SESSION_LOG_FILE_MODE = 0o600


class RedactSecrets(logging.Filter):
    """Replace every known secret in a record (message, arguments, traceback) by ``********``.

    >>> redact = RedactSecrets()
    >>> redact.add(["s3cr3t"])
    >>> record = logging.LogRecord("x", logging.INFO, "x.py", 1, "%s: %r", ("a", "s3cr3t"), None)
    >>> redact.filter(record), record.getMessage()
    (True, "a: '********'")
    """

    def __init__(self) -> None:
        """Start with no secret: records pass unchanged."""
        super().__init__()
        self.secrets: tuple[str, ...] = ()

    def add(self, secrets: Iterable[str]) -> None:
        """Learn more secrets (longest first, so a secret inside another goes with it)."""
        known = {*self.secrets, *(secret for secret in secrets if secret)}
        self.secrets = tuple(sorted(known, key=lambda secret: (-len(secret), secret)))

    def redact(self, text: str) -> str:
        """The text with every known secret masked."""
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Mask the record in place (rendered with its arguments first); never drop it."""
        if not self.secrets:
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # arguments that do not fit: keep both, as text
            message = f"{record.msg} {record.args}"
        record.msg, record.args = self.redact(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
            record.exc_info = None
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


REDACT = RedactSecrets()
"""The filter :func:`init_nornir` teaches each inventory's secrets to."""


@dataclass
class _SessionLogs:
    folder: Path | None = None


SESSION_LOGS = _SessionLogs()
"""Where :func:`init_nornir` points each host's Netmiko session log (None: nowhere)."""


def keep_session_logs(folder: Path | None) -> None:
    """Give every host of the next :func:`init_nornir` a Netmiko session log in ``folder``.

    The folder is made (mode 0700) when an inventory is loaded, one ``<host>.log`` per host
    (mode 0600, emptied at each load). Netmiko masks the password and secret it was given in
    what it records, and records only what the device sends (``session_log_record_writes``
    stays off: what is typed, an enable secret among it, is not written). None: no logs.
    """
    SESSION_LOGS.folder = folder


def inventory_secrets(nr: Nornir) -> set[str]:
    """Every password and secret of the inventory: hosts, groups and defaults, each connection."""
    found: set[str] = set()
    for host in nr.inventory.hosts.values():
        found.add(host.password or "")
        names = {"netmiko", "napalm", *host.connection_options}
        for group in host.groups:
            names.update(group.connection_options)
        names.update(nr.inventory.defaults.connection_options)
        for name in names:
            options = host.get_connection_parameters(name)
            found.add(options.password or "")
            found.update(_secret_values(options.extras or {}))
    found.discard("")
    return found


def _secret_values(extras: dict[str, Any]) -> Iterator[str]:
    for key, value in extras.items():
        if isinstance(value, dict):
            yield from _secret_values(value)
        elif isinstance(value, str) and any(word in str(key).lower() for word in SECRET_KEYS):
            yield value


def _redact_everywhere() -> None:
    """Put :data:`REDACT` on every handler there is (and on Python's last-resort one)."""
    loggers = [logging.getLogger()] + [
        item
        for item in logging.Logger.manager.loggerDict.values()
        if isinstance(item, logging.Logger)
    ]
    handlers = {handler for item in loggers for handler in item.handlers}
    if logging.lastResort is not None:
        handlers.add(logging.lastResort)
    for handler in handlers:
        handler.addFilter(REDACT)


def init_nornir(inventory_dir: Path, *, workers: int = 20) -> Nornir:
    """A Nornir over an inventory folder, with Netmiko set up for every host's platform."""
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": workers}},
        inventory={
            "plugin": "SimpleInventory",
            "options": {
                "host_file": str(inventory_dir / "hosts.yaml"),
                "group_file": str(inventory_dir / "groups.yaml"),
                "defaults_file": str(inventory_dir / "defaults.yaml"),
            },
        },
        logging={"enabled": False},
    )
    # Nornir logs a failed task's traceback; without a handler Python prints it to stderr.
    logging.getLogger("nornir").addHandler(logging.NullHandler())
    REDACT.add(inventory_secrets(nr))
    _redact_everywhere()
    platforms = load_catalog().platforms
    for host in nr.inventory.hosts.values():
        _netmiko_defaults(host, platforms)
    if SESSION_LOGS.folder is not None:
        _session_logs(nr, SESSION_LOGS.folder)
    logger.info(
        "inventory %s: %d host(s), %d worker(s)", inventory_dir, len(nr.inventory.hosts), workers
    )
    return nr


def _netmiko_defaults(host: Host, platforms: dict[str, Any]) -> None:
    key = platform_key(host.platform)
    spec = platforms.get(key or "")
    napalm = host.connection_options.get("napalm")
    if spec is not None and spec.napalm:
        if napalm is None:
            host.connection_options["napalm"] = ConnectionOptions(platform=spec.napalm)
        elif not napalm.platform:
            napalm.platform = spec.napalm
    options = host.connection_options.get("netmiko")
    if spec is None and options is None:
        return  # not an optics platform: the gather reports it as a device error
    if spec is not None and (options is None or not options.platform):
        extras = options.extras if options is not None and options.extras else {}
        host.connection_options["netmiko"] = ConnectionOptions(platform=spec.netmiko, extras=extras)
    netmiko = host.connection_options["netmiko"]
    extras = dict(netmiko.extras or {})
    extras.setdefault("fast_cli", False)
    extras.setdefault("conn_timeout", 10)
    extras.setdefault("auth_timeout", 10)
    netmiko.extras = extras


def _session_logs(nr: Nornir, folder: Path) -> None:
    folder.mkdir(mode=SESSION_LOG_FOLDER_MODE, parents=True, exist_ok=True)
    folder.chmod(SESSION_LOG_FOLDER_MODE)
    for host in nr.inventory.hosts.values():
        netmiko = host.connection_options.get("netmiko")
        if netmiko is None:
            continue  # not an optics platform: no session
        path = folder / f"{re.sub(r'[^A-Za-z0-9_.-]', '_', host.name)}.log"
        # Made here, empty and private: Netmiko only opens it (append, so a reconnection of
        # the same run, the remediation's verification, adds to it).
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, SESSION_LOG_FILE_MODE
        )
        os.close(fd)
        path.chmod(SESSION_LOG_FILE_MODE)
        extras = dict(netmiko.extras or {})
        extras["session_log"] = str(path)
        extras["session_log_file_mode"] = "append"
        extras["session_log_record_writes"] = False  # what is typed (a secret) stays out
        netmiko.extras = extras
        logger.debug("%s: Netmiko session log %s", host.name, path)


class _Progress:
    """A Nornir processor that advances a Rich progress bar as hosts finish."""

    def __init__(self, progress: Progress, task_id: Any) -> None:  # noqa: ANN401 - Rich's TaskID
        self.progress = progress
        self.task_id = task_id

    def task_started(self, task: Task) -> None:
        """Nothing to do when the run starts."""

    def task_completed(self, task: Task, result: AggregatedResult) -> None:
        """Nothing to do when the run ends."""

    def task_instance_started(self, task: Task, host: Host) -> None:
        """Nothing to do when a host starts."""

    def task_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """One more host done."""
        del task, host, result
        self.progress.advance(self.task_id)

    def subtask_instance_started(self, task: Task, host: Host) -> None:
        """Nothing to do for subtasks."""

    def subtask_instance_completed(self, task: Task, host: Host, result: MultiResult) -> None:
        """Nothing to do for subtasks."""


def collect(nr: Nornir, *, show_progress: bool = True) -> Fleet:
    """Gather every host; a device that cannot be read becomes an error, the rest go on."""
    facts: dict[str, Any] = {}
    errors: dict[str, tuple[str, str]] = {}
    started = time.monotonic()
    logger.info("gathering %d device(s)", len(nr.inventory.hosts))
    with Progress(
        TextColumn("gathering"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=True,
        disable=not show_progress,
    ) as progress:
        task_id = progress.add_task("gather", total=len(nr.inventory.hosts))
        result = nr.with_processors([_Progress(progress, task_id)]).run(task=optics_gather)
    for name, multi in result.items():
        if multi.failed:
            errors[name] = classify(multi[0].exception)
        else:
            facts[name] = multi[0].result
    nr.close_connections()
    logger.info(
        "gathered in %.1f s: %d device(s) read, %d not%s",
        time.monotonic() - started,
        len(facts),
        len(errors),
        f" ({', '.join(sorted(errors))})" if errors else "",
    )
    return Fleet(facts=facts, errors=errors)
