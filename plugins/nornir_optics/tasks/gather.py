"""Nornir tasks that collect transceiver inventory, per-lane DOM and port state.

All four run over one session per device: Nornir keeps the connection open between tasks of
a run, so ``optics_gather`` = inventory + DOM + ports costs one login. The transport is
Netmiko (SSH) unless the task's ``connection`` or the host's ``optics_transport`` data says
``napalm``: then the same commands go through the host's NAPALM driver's ``cli()`` (eAPI,
NETCONF, NX-API; :mod:`nornir_optics.napalm_optics`) and the same parsers read them. A driver
whose port state needs privileged mode (EOS shows FEC only in the running config) lists those
commands as ``PRIVILEGED_PORT_COMMANDS``; the task enters enable mode for them (Netmiko
``secret`` where the device asks for one).
Results are JSON-serialisable :class:`~nornir_optics.facts.DeviceFacts`; ``failed`` means the
data could not be obtained (unreachable, refused login, output the driver cannot read), and
:func:`classify` turns the exception into the device's finding category and message.

Logging (``nornir_optics.tasks.gather``): each device's start and finish at INFO, each command
at DEBUG, a device that could not be read at WARNING with its category and reason.
"""

from __future__ import annotations

import errno
import logging
import re
import socket
import time
from typing import TYPE_CHECKING

from napalm.base.exceptions import (
    CommandTimeoutException,
    ConnectAuthError,
    ConnectTimeoutError,
    ModuleImportError,
)
from napalm.base.exceptions import ConnectionException as NapalmConnectionException
from ncclient.operations.errors import TimeoutExpiredError as NetconfTimeoutError
from ncclient.transport.errors import AuthenticationError as NetconfAuthenticationError
from ncclient.transport.errors import TransportError as NetconfTransportError
from netmiko.exceptions import ConnectionException as NetmikoConnectionException
from netmiko.exceptions import NetmikoTimeoutException, ReadTimeout
from nornir.core.task import Result, Task
from paramiko.ssh_exception import (
    AuthenticationException,
    NoValidConnectionsError,
    SSHException,
)

from nornir_optics.exceptions import OpticsError, UnsupportedPlatformError
from nornir_optics.facts import FACTS
from nornir_optics.napalm_optics import (
    TRANSPORT_KEY,
    check_transport,
    cli_outputs,
)
from nornir_optics.platforms import get_platform
from nornir_optics.platforms.bounded import (
    PARSE_SECONDS,
    OutputParseError,
    ParseTimeoutError,
    call_bounded,
    check_size,
    describe,
    parse_output,
)
from nornir_optics.platforms.commands import UnknownCommandError, find_parser
from nornir_optics.platforms.common import drop_impossible
from nornir_optics.transform import host_value

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.facts import DeviceFacts
    from nornir_optics.platforms.base import Platform

logger = logging.getLogger(__name__)

CONNECTION_NAME = "netmiko"
NAPALM_CONNECTION = "napalm"
READ_TIMEOUT = 60.0
"""The read timeout of a command no class of :data:`READ_TIMEOUTS` names."""
READ_TIMEOUTS: tuple[tuple[str, float], ...] = (
    ("transceiver", 120.0),  # DOM and EEPROM: the largest outputs, device-side I2C reads
    ("running", 90.0),  # running config: large on a big box
    ("diagnostics", 120.0),  # Junos DOM
    ("show", 45.0),  # status, LLDP, inventory: small tables
)
"""Read timeout per command class: the first class whose word is in the command wins. A
command that times out is sent once more on a fresh channel (:func:`_send`)."""
ERROR_MARKERS = (
    "% Invalid",
    "% Incomplete",
    "syntax error",
    "command not found",
    "Invalid command",
)
OUTPUT_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("| json", re.compile(r"\A\s*[{\[]")),
    ("| display xml", re.compile(r"\A\s*(?:<\?xml[^>]*>\s*)?<")),
    ("| display set", re.compile(r"\A\s*(?:\Z|set |#)")),
    ("show interfaces transceiver hardware", re.compile(r"Name:|Media type")),
    ("show interfaces transceiver detail", re.compile(r"milliamperes|dBm|Port\s")),
    ("show interface transceiver details", re.compile(r"transceiver is|Ethernet\d")),
    ("show interfaces transceiver eeprom", re.compile(r"Ethernet\d+:|EEPROM|Not detected")),
    ("show interfaces breakout", re.compile(r"\A\s*[{\[]|Breakout|Interface")),
    ("show interfaces status", re.compile(r"Interface|Port")),
    ("show runningconfiguration", re.compile(r"\A\s*[{\[]")),
    ("show running-config", re.compile(r"running-config|^interface |^hostname ", re.MULTILINE)),
    ("show lldp", re.compile(r"Capability|LocalPort|Device ID|Chassis|Total entries")),
)
"""What the output of a command must look like (by the first entry whose text is in the
command): JSON for ``| json``, XML for ``| display xml``, each text table's own words. An
output without its command's shape is another command's (a desynchronised session) or an
error, and is never parsed: the device is a ``parse-error``, not a fleet of missing optics."""


class GatherError(OpticsError):
    """A device answered, but not with output the driver can read."""


def read_timeout(command: str) -> float:
    """The read timeout of a command, by its class (:data:`READ_TIMEOUTS`).

    >>> read_timeout("show interfaces transceiver detail"), read_timeout("show lldp table")
    (120.0, 45.0)
    """
    return next((seconds for word, seconds in READ_TIMEOUTS if word in command), READ_TIMEOUT)


def prompt_pattern(base_prompt: str) -> str:
    r"""The anchored ``expect_string`` of a session: its base prompt ending the output.

    The base prompt at the start of a line, then anything of that line (a mode in
    parentheses, ``:~``) and a prompt character, at the very end of what was read. Nothing
    before the real end of the output matches, so no prompt needs finding per command.

    >>> import re
    >>> bool(re.search(prompt_pattern("leaf1"), "Name: Et1\nleaf1(config)#"))
    True
    >>> bool(re.search(prompt_pattern("leaf1"), "leaf1# show x\nName: leaf1#x\n"))
    False
    """
    return rf"(?m)^{re.escape(base_prompt)}[^\r\n]{{0,64}}[#>$%]\s*\Z"


def check_output(name: str, command: str, text: str, base_prompt: str = "") -> None:
    """Raise :class:`GatherError` when an output is an error or not that command's output.

    >>> check_output("leaf1", "show lldp neighbors | json", '{"lldpNeighbors": []}')
    >>> try:
    ...     check_output("sw", "show lldp table", "Name: Et1")
    ... except GatherError as exc:
    ...     print(exc)
    sw: not the output of `show lldp table` (it starts: 'Name: Et1')
    """
    head = text[:200]
    if any(marker in head for marker in ERROR_MARKERS):
        msg = f"{name} rejected `{command}`: {text.strip().splitlines()[0][:120]}"
        raise GatherError(msg)
    shape = next((pattern for key, pattern in OUTPUT_SHAPES if key in command), None)
    stray = (
        re.search(rf"(?m)^{re.escape(base_prompt)}[^\r\n]{{0,64}}[#>$%]\s*$", text)
        if base_prompt
        else None
    )
    if (shape is not None and text.strip() and not shape.search(text[:4000])) or stray:
        first = text.strip().splitlines()[:1]
        msg = (
            f"{name}: not the output of `{command}` (it starts: {first[0][:80] if first else ''!r})"
        )
        raise GatherError(msg)


def _send(task: Task, command: str, *, privileged: bool) -> str:
    """One command over the host's session: anchored on its prompt, one retry when it stalls.

    A read that times out leaves the channel in an unknown state (the rest of the output may
    still come), so the retry opens a fresh connection rather than reading on.
    """
    for attempt in (1, 2):
        connection = task.host.get_connection(CONNECTION_NAME, task.nornir.config)
        if privileged and not connection.check_enable_mode():
            connection.enable()
        started = time.monotonic()
        try:
            text: str = connection.send_command(
                command,
                expect_string=prompt_pattern(connection.base_prompt),
                read_timeout=read_timeout(command),
            )
        except ReadTimeout:
            if attempt == 2:  # noqa: PLR2004 - the retry
                raise
            logger.warning("%s: `%s` timed out; retrying on a fresh channel", task.host, command)
            task.host.close_connection(CONNECTION_NAME)
            continue
        logger.debug(
            "%s: `%s`: %d characters in %.2f s",
            task.host.name,
            command,
            len(text),
            time.monotonic() - started,
        )
        check_output(task.host.name, command, text, connection.base_prompt)
        return text
    raise AssertionError  # pragma: no cover - the loop returns or raises


def _run(task: Task, commands: tuple[str, ...], privileged: tuple[str, ...] = ()) -> dict[str, str]:
    name = task.host.name
    outputs: dict[str, str] = {}
    if privileged:
        logger.debug("%s: %d command(s) in enable mode", name, len(privileged))
    for command in (*commands, *privileged):
        outputs[command] = _send(task, command, privileged=command in privileged)
    return outputs


def _run_napalm(task: Task, commands: tuple[str, ...]) -> dict[str, str]:
    """The commands through the host's NAPALM driver (EOS's API runs them in enable mode)."""
    device = task.host.get_connection(NAPALM_CONNECTION, task.nornir.config)
    started = time.monotonic()
    outputs = cli_outputs(device, commands)
    logger.debug(
        "%s: %d command(s) over NAPALM %s in %.2f s",
        task.host.name,
        len(commands),
        getattr(device, "platform", "?"),
        time.monotonic() - started,
    )
    for command, text in outputs.items():
        check_output(task.host.name, command, text)
    return outputs


def transport_of(task: Task, connection: str | None) -> str:
    """The task's ``connection``, else the host's ``optics_transport`` data, else netmiko."""
    chosen = connection or host_value(task.host, TRANSPORT_KEY) or CONNECTION_NAME
    return str(chosen).strip().lower()


def _facts(
    task: Task,
    pick: Callable[[Platform], tuple[str, ...]],
    *,
    ports: bool = False,
    connection: str | None = None,
) -> Result:
    name, started = task.host.name, time.monotonic()
    transport = transport_of(task, connection)
    over = "" if transport == CONNECTION_NAME else f", over {transport}"
    logger.info("%s: gather started (platform %s%s)", name, task.host.platform, over)
    try:
        facts = _read(task, pick, ports=ports, transport=transport)
    except Exception as exc:
        category, message = classify(exc)
        logger.warning("%s: %s: %s", name, category, message)
        raise
    logger.info(
        "%s: gather finished in %.1f s: %d transceiver(s), %d port(s)",
        name,
        time.monotonic() - started,
        len(facts.get("transceivers", {})),
        len(facts.get("ports", {})),
    )
    return Result(host=task.host, result=facts)


def _read(
    task: Task, pick: Callable[[Platform], tuple[str, ...]], *, ports: bool, transport: str
) -> DeviceFacts:
    driver = get_platform(task.host.platform)
    check_transport(transport, driver.PLATFORM)
    privileged = driver.PRIVILEGED_PORT_COMMANDS if ports else ()
    if transport == NAPALM_CONNECTION:
        outputs = _run_napalm(task, tuple(dict.fromkeys((*pick(driver), *privileged))))
    else:
        outputs = _run(task, pick(driver), privileged)
    platform = driver.PLATFORM
    bound = PARSE_SECONDS * max(1, len(outputs))
    try:
        for command, text in outputs.items():
            check_size(command, text)
        merged = call_bounded(driver.facts_from_outputs, outputs, seconds=bound)
        for dropped in drop_impossible(merged):
            logger.debug("%s: dropped an impossible value: %s", task.host.name, dropped)
        facts = FACTS.validate_python(merged)
    except (ParseTimeoutError, OutputParseError) as exc:
        msg = f"{task.host.name}: output the {platform} driver cannot read: {exc}"
        raise GatherError(msg) from exc
    except Exception as exc:
        where = _failing_output(platform, outputs) or describe(exc)
        msg = f"{task.host.name}: output the {platform} driver cannot read: {where}"
        raise GatherError(msg) from exc
    if not facts.get("transceivers") and not facts.get("ports"):
        first = next(iter(outputs.values()), "").strip().splitlines()[:1]
        msg = (
            f"{task.host.name}: no {platform} transceiver or port data in the output "
            f"(it starts: {first[0][:80] if first else 'empty'!r})"
        )
        raise GatherError(msg)
    return facts


def _failing_output(platform: str, outputs: dict[str, str]) -> str | None:
    """The first output whose own parser fails, as ``cannot parse `cmd` at line N (...)``."""
    for command, text in outputs.items():
        try:
            _, parser = find_parser(platform, command, text)
            parse_output(command, parser, text)
        except UnknownCommandError:
            continue
        except OutputParseError as exc:
            return str(exc)
    return None


def optics_get_inventory(task: Task, connection: str | None = None) -> Result:
    """Collect the transceivers of a device (type, vendor, part number, serial, revision).

    Returns:
        Result object with the following attributes set:
          * result (``DeviceFacts``): ``transceivers`` by canonical port name
    """
    return _facts(task, lambda driver: driver.MODULE_COMMANDS, connection=connection)


def optics_get_dom(task: Task, connection: str | None = None) -> Result:
    """Collect per-lane DOM (Rx, Tx, bias), temperature, voltage and thresholds.

    Returns:
        Result object with the following attributes set:
          * result (``DeviceFacts``): ``transceivers`` with ``lanes`` and ``thresholds``
    """
    return _facts(task, lambda driver: driver.DOM_COMMANDS, connection=connection)


def optics_get_ports(task: Task, connection: str | None = None) -> Result:
    """Collect port state: admin, oper, speed, FEC, breakout and children, LLDP neighbour.

    Returns:
        Result object with the following attributes set:
          * result (``DeviceFacts``): ``ports`` by canonical name
    """
    return _facts(task, lambda driver: driver.PORT_COMMANDS, ports=True, connection=connection)


def optics_gather(task: Task, connection: str | None = None) -> Result:
    """Inventory, DOM and ports over one connection, merged.

    Arguments:
        task: the host's Nornir task
        connection: ``netmiko`` (SSH) or ``napalm`` (the host's NAPALM driver: eAPI,
            NETCONF, NX-API); default: the host's ``optics_transport`` data, else netmiko

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
        connection=connection,
    )


AUTHENTICATION_ERRORS: tuple[type[BaseException], ...] = (
    AuthenticationException,  # paramiko; Netmiko's NetmikoAuthenticationException is one
    NetconfAuthenticationError,
    ConnectAuthError,
)
"""The device refused the login."""
REFUSED_ERRORS: tuple[type[BaseException], ...] = (ConnectionRefusedError,)
"""Nothing listens on the device's port (inside paramiko's NoValidConnectionsError too)."""
NAME_ERRORS: tuple[type[BaseException], ...] = (socket.gaierror, socket.herror)
"""The device's host name does not resolve."""
TIMEOUT_ERRORS: tuple[type[BaseException], ...] = (
    TimeoutError,  # socket.timeout is TimeoutError
    NetmikoTimeoutException,  # also Netmiko's wrapper of any failed TCP connect
    ReadTimeout,
    NetconfTimeoutError,
    ConnectTimeoutError,
    CommandTimeoutException,
)
"""No answer in time: the TCP connect, the login, or a command."""
CONNECTION_ERRORS: tuple[type[BaseException], ...] = (
    NoValidConnectionsError,  # paramiko: no address of the host could be connected to
    SSHException,  # paramiko and Netmiko: banner, key exchange, channel
    NetmikoConnectionException,
    NetconfTransportError,
    NapalmConnectionException,
    ConnectionError,  # resets, aborts, broken pipes
    EOFError,  # the session dropped mid-command
)
"""The connection could not be made or was lost."""
NETWORK_ERRNOS = frozenset({errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.EHOSTDOWN})
"""``OSError`` numbers of a network or host without a route (a local file's error is not one)."""
UNSUPPORTED_DEVICE_TYPE = "Unsupported 'device_type'"
"""How Netmiko's ConnectHandler starts the ValueError for a device_type it has no driver for."""


def _unsupported(exc: BaseException) -> bool:
    """A platform no driver exists for: ours, Netmiko's (a ValueError) or NAPALM's."""
    if isinstance(exc, UnsupportedPlatformError | ModuleImportError):
        return True
    return isinstance(exc, ValueError) and str(exc).startswith(UNSUPPORTED_DEVICE_TYPE)


def _no_route(exc: BaseException) -> bool:
    return isinstance(exc, OSError) and exc.errno in NETWORK_ERRNOS


def _lost(exc: BaseException) -> bool:
    """A connection error, or paramiko's errno-less ``OSError("Socket is closed")``."""
    return isinstance(exc, CONNECTION_ERRORS) or (isinstance(exc, OSError) and exc.errno is None)


DEVICE_ERRORS: tuple[tuple[str, str, Callable[[BaseException], bool]], ...] = (
    ("platform-unsupported", "no driver for the host's platform", _unsupported),
    ("auth-failed", "login rejected", lambda exc: isinstance(exc, AUTHENTICATION_ERRORS)),
    ("unreachable", "connection refused", lambda exc: isinstance(exc, REFUSED_ERRORS)),
    ("unreachable", "host name does not resolve", lambda exc: isinstance(exc, NAME_ERRORS)),
    ("unreachable", "no route to the host", _no_route),
    ("unreachable", "timed out", lambda exc: isinstance(exc, TIMEOUT_ERRORS)),
    ("unreachable", "connection failed", _lost),
)
"""(category, what, test) in precedence order: the first test that any exception of the chain
passes names the device's error; an exception none passes is a ``parse-error``."""


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and the ones behind it, outermost first.

    Behind an exception: the one it was raised from or while handling, and for paramiko's
    NoValidConnectionsError the error of each address it tried.
    """
    chain: list[BaseException] = []
    pending: list[BaseException] = [exc]
    while pending:
        current = pending.pop(0)
        if current in chain:
            continue
        chain.append(current)
        if isinstance(current, NoValidConnectionsError):
            pending.extend(current.errors.values())
        follow = current.__cause__ or current.__context__
        if follow is not None:
            pending.append(follow)
    return chain


def _first_line(exc: BaseException) -> str:
    """``Type: the first line of the message`` (Netmiko's list of every device_type cut off)."""
    text = str(exc).strip()
    line = text.splitlines()[0].partition(" currently supported")[0][:200] if text else ""
    return f"{type(exc).__name__}: {line}" if line else type(exc).__name__


def classify(exc: BaseException | None) -> tuple[str, str]:
    """The finding category and message for a device the gather could not read.

    By the classes of the exception and of those it was raised from (``isinstance`` on
    Netmiko's, paramiko's, ncclient's, NAPALM's and the socket errors): a platform nornir-optics
    or Netmiko has no driver for is ``platform-unsupported``; a refused login ``auth-failed``;
    a refused connection, a name that does not resolve, a timeout or a lost connection
    ``unreachable``;
    output the driver cannot read (:class:`GatherError`), and anything else, ``parse-error``.

    >>> classify(ConnectionRefusedError(111, "Connection refused"))
    ('unreachable', 'connection refused (ConnectionRefusedError: [Errno 111] Connection refused)')
    >>> classify(ValueError("Unsupported 'device_type' currently supported platforms are: a10"))[0]
    'platform-unsupported'
    >>> classify(GatherError("leaf1: no arista_eos transceiver or port data"))
    ('parse-error', 'leaf1: no arista_eos transceiver or port data')
    """
    if exc is None:
        return "unreachable", "the gather failed without an error"
    if isinstance(exc, UnsupportedPlatformError):
        return "platform-unsupported", str(exc)
    if isinstance(exc, GatherError):
        return "parse-error", str(exc)
    chain = _chain(exc)
    for category, what, test in DEVICE_ERRORS:
        if any(test(item) for item in chain):
            return category, f"{what} ({_first_line(exc)})"
    return "parse-error", _first_line(exc)
