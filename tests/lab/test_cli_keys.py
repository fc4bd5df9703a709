"""The CLI over a real SSH channel: `?`, Tab, Ctrl-C, caret errors and typed-ahead Returns."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

import paramiko
import pytest
from labtools import run_cli, served_lab_with_knobs

from nornir_optics.lab.personality import Session

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from nornir_optics.lab.runtime import LabRuntime

PROMPTS = {"spine1": r"spine1[>#] ?$", "spine2": r"spine2# $", "leaf4": r"admin@leaf4> $"}


def self_prompt_then(device: str, line: str) -> str:
    """The device's prompt with a line redrawn after it, at the end of the output."""
    return PROMPTS[device].removesuffix("$") + re.escape(line) + "$"


class Terminal:
    """An interactive shell on a lab device, as a person's terminal has it (a PTY)."""

    def __init__(self, lab: dict[str, Any], device: str) -> None:
        self.client = paramiko.SSHClient()
        self.client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
        self.client.connect(
            "127.0.0.1",
            port=lab["hosts"][device]["port"],
            username=lab["username"],
            password=lab["password"],
            look_for_keys=False,
            allow_agent=False,
        )
        self.channel = self.client.invoke_shell(width=200)
        self.prompt = re.compile(PROMPTS[device])
        self.read()

    def read(self, until: str | None = None, timeout: float = 5.0) -> str:
        """Everything up to the next prompt (or ``until``) at the end of the output."""
        text = ""
        end = re.compile(until) if until else self.prompt
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.channel.recv_ready():
                text += self.channel.recv(65536).decode()
                if end.search(text):
                    return text
            else:
                time.sleep(0.01)
        pytest.fail(f"no prompt after {text!r}")

    def type(self, keys: str, until: str | None = None) -> str:
        """Send keys; what the device prints until its next prompt (or ``until``)."""
        self.channel.send(keys.encode())
        return self.read(until)

    def close(self) -> None:
        """End the session."""
        self.client.close()


@pytest.fixture
def terminal(dc1_lab: dict[str, Any]) -> Iterator[Any]:
    opened: list[Terminal] = []

    def open_on(device: str) -> Terminal:
        opened.append(Terminal(dc1_lab, device))
        return opened[-1]

    yield open_on
    for each in opened:
        each.close()


@pytest.mark.parametrize(
    ("device", "listed", "header"),
    [
        ("spine1", "  version", ""),
        ("spine2", "  version", ""),
        ("leaf4", "  version", "Possible completions:"),
    ],
)
def test_question_mark_lists_the_completions_and_keeps_the_line(
    terminal: Any, device: str, listed: str, header: str
) -> None:
    shell = terminal(device)
    output = shell.type("show ?", until=self_prompt_then(device, "show "))
    assert output.startswith("show ?\r\n")
    assert header in output
    assert listed in output
    assert "  interface" in output
    # the line typed so far is redrawn after the prompt; completing it runs it
    assert output.endswith("show ")
    assert len(shell.type("version\r").splitlines()) > 3


@pytest.mark.parametrize("device", ["spine1", "spine2", "leaf4"])
def test_question_mark_after_a_complete_command_offers_return(terminal: Any, device: str) -> None:
    output = terminal(device).type(
        "show version ?", until=self_prompt_then(device, "show version ")
    )
    assert any(enter in output for enter in ("<cr>", "<CR>", "<[Enter]>"))


@pytest.mark.parametrize("device", ["spine1", "spine2", "leaf4"])
def test_tab_completes_a_unique_word(terminal: Any, device: str) -> None:
    shell = terminal(device)
    shell.channel.send(b"sh\tver\t")
    time.sleep(0.3)
    echoed = shell.channel.recv(65536).decode()
    assert echoed == "show version "
    assert len(shell.type("\r").splitlines()) > 3


@pytest.mark.parametrize("device", ["spine1", "spine2", "leaf4"])
def test_ctrl_c_abandons_the_line(terminal: Any, device: str) -> None:
    shell = terminal(device)
    output = shell.type("show version\x03")
    assert "^C" in output
    # the abandoned line is gone: Return now runs an empty line, not `show version`
    after = shell.type("\r")
    assert "version" not in after.lower().replace("show version", "")
    assert len(after.strip().splitlines()) == 1


def test_eos_error_points_at_the_offending_token(runtime: LabRuntime) -> None:
    assert run_cli(runtime, "spine1", "show lldp foo") == "% Invalid input (at token 2: 'foo')"
    assert run_cli(runtime, "spine1", "show foo") == "% Invalid input (at token 1: 'foo')"
    assert run_cli(runtime, "spine1", "shw version") == "% Invalid input (at token 0: 'shw')"
    assert run_cli(runtime, "spine1", "show interfaces transceiver dom") == "% Incomplete command"


def test_caret_errors_over_ssh(terminal: Any) -> None:
    nxos = terminal("spine2").type("show interface foo\r")
    caret, message = nxos.splitlines()[1:3]
    assert caret.index("^") == len("spine2# show interface ")
    assert message.startswith("% Invalid")
    junos = terminal("leaf4").type("show chassis foo\r")
    caret = junos.splitlines()[1]
    assert caret.index("^") == len("admin@leaf4> show chassis ")


@pytest.mark.lab
def test_a_return_typed_ahead_is_echoed_after_the_prompt(tmp_path: Path) -> None:
    """The doubled prompt: a second Return sent during a slow reply answers on its own line."""
    with served_lab_with_knobs(tmp_path, "spine2", {"latency_ms": 300}) as lab:
        shell = Terminal(lab, "spine2")
        try:
            shell.channel.send(b"show hostname\n")
            time.sleep(0.05)
            shell.channel.send(b"\n")
            time.sleep(1.2)
            output = shell.channel.recv(65536).decode()
        finally:
            shell.close()
    assert output == "show hostname\r\nspine2 \r\nspine2# \r\nspine2# "
    assert "spine2# spine2#" not in output


def test_completion_follows_the_mode(runtime: LabRuntime) -> None:
    personality = runtime.personalities["spine1"]
    session = Session(device=runtime.device("spine1"), user="admin")
    for line in ("enable", "configure", "interface Ethernet1/1"):
        personality.handle(session, line)
    words = [word for word, _ in personality.completions(session, "")]
    assert "description" in words
    assert "error-correction" in words
    assert personality.complete(session, "shut") == "shutdown "
