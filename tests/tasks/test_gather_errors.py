"""Why a device could not be read, told by the exceptions' classes (real ones, from the
libraries that raise them): platform-unsupported, unreachable or parse-error."""

from __future__ import annotations

import logging
import socket
from typing import TYPE_CHECKING, Any

import pytest
from labtools import free_port
from napalm.base.exceptions import ConnectAuthError, ModuleImportError
from ncclient.operations.errors import TimeoutExpiredError
from ncclient.transport.errors import AuthenticationError as NetconfAuthenticationError
from netmiko import ConnectHandler
from netmiko.exceptions import (
    NetmikoAuthenticationException,
    NetmikoTimeoutException,
    ReadTimeout,
)
from nornir.core import Nornir
from nornir.core.configuration import Config
from nornir.core.inventory import Defaults, Groups, Host, Hosts, Inventory
from nornir.core.state import GlobalState
from nornir.plugins.runners import SerialRunner
from paramiko.ssh_exception import AuthenticationException

from nornir_optics.tasks.gather import CONNECTION_NAME, classify, optics_gather

if TYPE_CHECKING:
    from collections.abc import Iterator


def _netmiko_error(**arguments: Any) -> BaseException:
    """What Netmiko's ConnectHandler raises for these arguments (it must raise)."""
    with pytest.raises(Exception) as caught:  # noqa: PT011 - any exception: it is the subject
        ConnectHandler(username="admin", password="not-used", fast_cli=False, **arguments)
    return caught.value


def _raised_while_handling(outer: BaseException, inner: BaseException) -> BaseException:
    """``outer`` as raised inside ``except inner`` (how Netmiko wraps paramiko's errors)."""
    outer.__context__ = inner
    return outer


@pytest.fixture
def silent() -> Iterator[socket.socket]:
    """A port that accepts TCP connections and never says a word (no SSH banner)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(4)
        yield server


def test_a_refused_connection_is_unreachable() -> None:
    port = free_port()
    exc = _netmiko_error(device_type="arista_eos", host="127.0.0.1", port=port, conn_timeout=2)
    category, message = classify(exc)
    assert category == "unreachable"
    assert message.startswith("connection refused (NetmikoTimeoutException: ")


def test_a_device_that_never_answers_times_out(silent: socket.socket) -> None:
    port = silent.getsockname()[1]
    exc = _netmiko_error(
        device_type="arista_eos", host="127.0.0.1", port=port, conn_timeout=2, banner_timeout=1
    )
    assert classify(exc)[0] == "unreachable"
    assert classify(exc)[1].startswith("timed out (NetmikoTimeoutException: ")


def test_an_unsupported_device_type_is_platform_unsupported() -> None:
    exc = _netmiko_error(device_type="acme_os", host="127.0.0.1", port=free_port())
    assert isinstance(exc, ValueError)
    category, message = classify(exc)
    assert category == "platform-unsupported"
    assert message == ("no driver for the host's platform (ValueError: Unsupported 'device_type')")


@pytest.mark.parametrize(
    "exc",
    [
        _raised_while_handling(
            NetmikoAuthenticationException("Authentication to device failed.\n\nCommon causes"),
            AuthenticationException("Authentication failed."),
        ),
        AuthenticationException("Authentication failed."),
        NetconfAuthenticationError("Authentication failed for user admin"),
        ConnectAuthError("Authentication failed"),
    ],
    ids=["netmiko", "paramiko", "ncclient", "napalm"],
)
def test_a_refused_login_is_auth_failed(exc: BaseException) -> None:
    category, message = classify(exc)
    assert category == "auth-failed"
    assert message.startswith(f"login rejected ({type(exc).__name__}: ")
    assert "\n" not in message


@pytest.mark.parametrize(
    ("exc", "what"),
    [
        (ReadTimeout("Pattern not detected: 'leaf1#' in output."), "timed out"),
        (TimeoutExpiredError("ncclient timed out while waiting for an rpc reply."), "timed out"),
        (TimeoutError("timed out"), "timed out"),  # socket.timeout
        (
            _raised_while_handling(
                NetmikoTimeoutException(
                    "DNS failure--the hostname you provided was not resolvable"
                ),
                socket.gaierror(socket.EAI_NONAME, "Name or service not known"),
            ),
            "host name does not resolve",
        ),
        (OSError(113, "No route to host"), "no route to the host"),
        (ConnectionResetError(104, "Connection reset by peer"), "connection failed"),
        (EOFError(), "connection failed"),
        (OSError("Socket is closed"), "connection failed"),  # paramiko, on a closed channel
    ],
    ids=["netmiko-read", "ncclient-rpc", "socket", "dns", "no-route", "reset", "eof", "closed"],
)
def test_timeouts_and_lost_connections_are_unreachable(exc: BaseException, what: str) -> None:
    category, message = classify(exc)
    assert (category, message.split(" (")[0]) == ("unreachable", what)


def test_a_napalm_platform_without_driver_is_platform_unsupported() -> None:
    exc = ModuleImportError('Cannot import "acme". Is the library installed?')
    assert classify(exc)[0] == "platform-unsupported"


def test_a_local_file_error_is_not_taken_for_an_unreachable_device() -> None:
    assert classify(PermissionError(13, "Permission denied"))[0] == "parse-error"


# ---------------------------------------------------------------- through the Nornir task


class _Answers:
    """A Netmiko connection that answers every command with the same text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sent: list[str] = []
        self.base_prompt = "leaf1"

    @property
    def connection(self) -> _Answers:
        return self

    def check_enable_mode(self) -> bool:
        return True

    def send_command(self, command: str, **_: object) -> str:
        self.sent.append(command)
        return self.text

    def close(self) -> None:
        """Nothing to close."""


def _nornir(host: Host) -> Nornir:
    inventory = Inventory(hosts=Hosts({host.name: host}), groups=Groups(), defaults=Defaults())
    return Nornir(inventory=inventory, runner=SerialRunner(), config=Config(), data=GlobalState())


def test_garbage_output_is_a_parse_error_and_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    host = Host("leaf1", platform="arista_eos")
    host.connections[CONNECTION_NAME] = _Answers("\x1b[2J@@@ garbage @@@\n" * 3)  # type: ignore[assignment]
    with caplog.at_level(logging.DEBUG, logger="nornir_optics"):
        result = _nornir(host).run(task=optics_gather)["leaf1"]
    assert result.failed
    category, message = classify(result[0].exception)
    assert category == "parse-error"
    assert message.startswith("leaf1: ")
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert [r.getMessage() for r in warnings] == [f"leaf1: parse-error: {message}"]
    assert any(
        r.levelno == logging.DEBUG and "show inventory" in r.getMessage() for r in caplog.records
    )


def test_a_platform_without_package_is_platform_unsupported_before_any_login() -> None:
    host = Host("oldbox", platform="cisco_ios")
    fake = _Answers("")
    host.connections[CONNECTION_NAME] = fake  # type: ignore[assignment]
    result = _nornir(host).run(task=optics_gather)["oldbox"]
    category, message = classify(result[0].exception)
    assert category == "platform-unsupported"
    assert message.startswith("no optics platform 'cisco_ios'; known: arista_eos")
    assert fake.sent == []
