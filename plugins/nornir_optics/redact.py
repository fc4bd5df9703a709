"""Secrets kept out of every log, and Netmiko session logs kept private.

:data:`REDACT`, a :class:`logging.Filter`, takes the passwords and secrets of every inventory
that :func:`nornir_optics.nornir_config.open_nornir` loads out of every record, on every handler
configured by then (the CLI's among them). With :func:`keep_session_logs` (the CLI's ``-vv``)
every host gets a Netmiko session log in that folder (0700, files 0600).
"""

from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator
    from pathlib import Path

    from nornir.core import Nornir

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


def prepare(nr: Nornir) -> None:
    """Teach :data:`REDACT` the inventory's secrets and give each host its session log."""
    REDACT.add(inventory_secrets(nr))
    _redact_everywhere()
    if SESSION_LOGS.folder is not None:
        _session_logs(nr, SESSION_LOGS.folder)
