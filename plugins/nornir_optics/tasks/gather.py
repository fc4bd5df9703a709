"""Nornir tasks that collect transceiver inventory, per-lane DOM and port state.

All four run over one Netmiko (SSH) session per device: Nornir keeps the connection open
between tasks of a run, so ``optics_gather`` = inventory + DOM + ports costs one login. A driver
whose port state needs privileged mode (EOS shows FEC only in the running config) lists those
commands as ``PRIVILEGED_PORT_COMMANDS``; the task enters enable mode for them (Netmiko
``secret`` where the device asks for one).
Results are JSON-serialisable :class:`~nornir_optics.facts.DeviceFacts`; ``failed`` means the
data could not be obtained (unreachable, refused login, output the driver cannot read).
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from nornir.core.task import Result, Task

from nornir_optics.exceptions import OpticsError
from nornir_optics.facts import FACTS
from nornir_optics.platforms import get_platform

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.platforms.base import Platform

CONNECTION_NAME = "netmiko"
READ_TIMEOUT = 60.0
ERROR_MARKERS = (
    "% Invalid",
    "% Incomplete",
    "syntax error",
    "command not found",
    "Invalid command",
)


class GatherError(OpticsError):
    """A device answered, but not with output the driver can read."""


def _run(task: Task, commands: tuple[str, ...], privileged: tuple[str, ...] = ()) -> dict[str, str]:
    connection = task.host.get_connection(CONNECTION_NAME, task.nornir.config)
    if privileged and not connection.check_enable_mode():
        connection.enable()
    outputs: dict[str, str] = {}
    for command in (*commands, *privileged):
        text = connection.send_command(command, read_timeout=READ_TIMEOUT)
        if any(marker in text[:200] for marker in ERROR_MARKERS):
            msg = f"{task.host.name} rejected `{command}`: {text.strip().splitlines()[0][:120]}"
            raise GatherError(msg)
        outputs[command] = text
    return outputs


def _facts(
    task: Task, pick: Callable[[Platform], tuple[str, ...]], *, ports: bool = False
) -> Result:
    driver = get_platform(task.host.platform)
    outputs = _run(task, pick(driver), driver.PRIVILEGED_PORT_COMMANDS if ports else ())
    platform = driver.PLATFORM
    try:
        facts = FACTS.validate_python(driver.facts_from_outputs(outputs))
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        msg = f"{task.host.name}: output the {platform} driver cannot read: {exc}"
        raise GatherError(msg) from exc
    if not facts.get("transceivers") and not facts.get("ports"):
        first = next(iter(outputs.values()), "").strip().splitlines()[:1]
        msg = (
            f"{task.host.name}: no {platform} transceiver or port data in the output "
            f"(it starts: {first[0][:80] if first else 'empty'!r})"
        )
        raise GatherError(msg)
    return Result(host=task.host, result=facts)


def optics_get_inventory(task: Task) -> Result:
    """Collect the transceivers of a device (type, vendor, part number, serial, revision).

    Returns:
        Result object with the following attributes set:
          * result (``DeviceFacts``): ``transceivers`` by canonical port name
    """
    return _facts(task, lambda driver: driver.MODULE_COMMANDS)


def optics_get_dom(task: Task) -> Result:
    """Collect per-lane DOM (Rx, Tx, bias), temperature, voltage and thresholds.

    Returns:
        Result object with the following attributes set:
          * result (``DeviceFacts``): ``transceivers`` with ``lanes`` and ``thresholds``
    """
    return _facts(task, lambda driver: driver.DOM_COMMANDS)


def optics_get_ports(task: Task) -> Result:
    """Collect port state: admin, oper, speed, FEC, breakout and children, LLDP neighbour.

    Returns:
        Result object with the following attributes set:
          * result (``DeviceFacts``): ``ports`` by canonical name
    """
    return _facts(task, lambda driver: driver.PORT_COMMANDS, ports=True)


def optics_gather(task: Task) -> Result:
    """Inventory, DOM and ports over one connection, merged.

    Returns:
        Result object with the following attributes set:
          * result (``DeviceFacts``): ``transceivers`` and ``ports``
    """
    return _facts(
        task,
        lambda driver: tuple(
            dict.fromkeys((*driver.MODULE_COMMANDS, *driver.DOM_COMMANDS, *driver.PORT_COMMANDS))
        ),
        ports=True,
    )


AUTH_ERRORS = ("NetmikoAuthenticationException", "AuthenticationException")
"""Login refused: an ``auth-failed`` finding (the message names no secret)."""
UNREACHABLE_ERRORS = (
    "NetmikoTimeoutException",
    "SSHException",
    "NoValidConnectionsError",
    "ConnectionRefusedError",
    "TimeoutError",
    "ReadTimeout",
    "EOFError",
    "OSError",
    "ConnectionResetError",
)


def classify(exc: BaseException | None) -> tuple[str, str]:
    """The finding category and message for a device the gather could not read."""
    if exc is None:
        return "unreachable", "the gather failed without an error"
    if isinstance(exc, GatherError):
        return "parse-error", str(exc)
    names = {cls.__name__ for cls in type(exc).__mro__}
    if names & set(AUTH_ERRORS):
        return "auth-failed", f"login rejected ({type(exc).__name__})"
    if names & set(UNREACHABLE_ERRORS) or isinstance(exc, socket.error):
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        return "unreachable", f"{type(exc).__name__}: {first[:200]}"
    return "parse-error", f"{type(exc).__name__}: {str(exc)[:200]}"
