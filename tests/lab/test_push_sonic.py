"""SONiC push (Netmiko ``linux``) on a served dc1 lab: dry run, commit, rollback, rejected line.

Each test serves a lab of its own; the running config is read before and after through an
independent Netmiko session, never the one the push used.
"""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import pytest
from labtools import dc1_fix_lines, push_on_device, running_config, served_lab_with_knobs, show
from nornir.core.processor import Processors
from nornir.core.task import Task

from nornir_optics.platforms import get_platform
from nornir_optics.platforms.base import Outcome
from nornir_optics.platforms.sonic.config import config_lines
from nornir_optics.platforms.sonic.parse import parse_show_interfaces_status
from nornir_optics.platforms.sonic.push import push

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path


DEVICE = "leaf3"
FAKE_LOGIN = "s3cret"  # the stand-in host's login, which an outcome must never show
PORT = "Ethernet2"
FIX = f"sudo config interface fec {PORT} rs"


def _cli(lab: dict[str, Any], *commands: str) -> str:
    """The last command's output from a new Netmiko session of its own."""
    return show(lab, DEVICE, *commands)[-1]


def _running(lab: dict[str, Any]) -> str:
    return running_config(lab, DEVICE)


def _port(running: str) -> dict[str, str]:
    return dict(json.loads(running)["PORT"][PORT])


def _oper(lab: dict[str, Any]) -> str | None:
    """The port's oper state, read from a new session."""
    ports = parse_show_interfaces_status(_cli(lab, f"show interfaces status {PORT}"))["ports"]
    return ports[PORT].get("oper")


def _fix_lines() -> list[str]:
    """The dc1 plan's commands for leaf3, rendered by the SONiC driver."""
    return dc1_fix_lines(DEVICE, config_lines)


def _push(
    lab: dict[str, Any], lines: list[str], *, commit: bool, verify: Callable[[Task], str | None]
) -> Outcome:
    outcome = push_on_device(
        lab, DEVICE, push, lines, commit=commit, confirm_timeout=60, verify=verify
    )
    assert isinstance(outcome, Outcome)
    return outcome


def _no_secret(lab: dict[str, Any], outcome: Outcome) -> None:
    for text in (outcome.diff, outcome.error or "", outcome.backup):
        assert lab["password"] not in text


def test_fix_lines_are_the_dc1_fec_fix() -> None:
    assert _fix_lines() == [FIX]
    assert get_platform("sonic").push is push


def test_dry_run_plans_and_changes_nothing(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    called: list[str] = []
    outcome = _push(fresh_lab, _fix_lines(), commit=False, verify=lambda _: called.append("x"))
    assert outcome == Outcome("planned", diff=f"{FIX}\n")
    assert not called
    assert _running(fresh_lab) == before
    assert _oper(fresh_lab) == "down"


def test_no_lines_is_unchanged(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    assert _push(fresh_lab, [], commit=True, verify=lambda _: None).result == "unchanged"
    assert _running(fresh_lab) == before


def test_commit_verified_is_saved_and_brings_the_link_up(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    assert _port(before)["fec"] == "fc"
    seen: list[str] = []

    def verify(task: Task) -> str | None:
        connection = task.host.get_connection("netmiko", task.nornir.config)
        seen.append(str(connection.send_command(f"show interfaces status {PORT}")))
        return None

    outcome = _push(fresh_lab, _fix_lines(), commit=True, verify=verify)
    assert outcome.result == "committed", outcome.error
    assert outcome.error is None
    assert outcome.backup == before
    assert '-            "fec": "fc",' in outcome.diff
    assert '+            "fec": "rs",' in outcome.diff
    _no_secret(fresh_lab, outcome)
    assert len(seen) == 1
    assert parse_show_interfaces_status(seen[0])["ports"][PORT]["oper"] == "up"
    after = _running(fresh_lab)
    assert _port(after)["fec"] == "rs"
    assert _oper(fresh_lab) == "up"
    # saved: reloading the startup config from another session keeps the fix
    assert _cli(fresh_lab, "sudo config reload -y", "show runningconfiguration all") == after


def test_commit_failing_verification_rolls_back(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    live: list[str] = []

    def verify(task: Task) -> str | None:
        connection = task.host.get_connection("netmiko", task.nornir.config)
        live.append(str(connection.send_command("show runningconfiguration all")))
        return "still broken"

    outcome = _push(fresh_lab, _fix_lines(), commit=True, verify=verify)
    assert outcome.result == "rolled-back"
    assert outcome.error == "verification failed: still broken"
    assert outcome.diff == f"{FIX}\n"
    _no_secret(fresh_lab, outcome)
    assert _port(live[0])["fec"] == "rs"  # the change was live when verify ran
    assert _running(fresh_lab) == before
    assert _oper(fresh_lab) == "down"


def test_verification_that_raises_rolls_back(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)

    def verify(task: Task) -> str | None:
        msg = f"gather of {task.host.name} failed"
        raise RuntimeError(msg)

    outcome = _push(fresh_lab, _fix_lines(), commit=True, verify=verify)
    assert outcome.result == "rolled-back"
    assert outcome.error == f"verification failed: RuntimeError: gather of {DEVICE} failed"
    assert _running(fresh_lab) == before


def test_rejected_line_after_a_change_fails_and_restores(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    called: list[str] = []
    bad = f"sudo config interface fec {PORT} bogus"
    outcome = _push(
        fresh_lab, [*_fix_lines(), bad], commit=True, verify=lambda _: called.append("x")
    )
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert outcome.error.startswith(f"device rejected `{bad}`: Error: 'fec not in")
    _no_secret(fresh_lab, outcome)
    assert not called
    assert _running(fresh_lab) == before
    assert _oper(fresh_lab) == "down"


def test_unsaved_change_on_the_lab_is_refused_and_kept(fresh_lab: dict[str, Any]) -> None:
    """The lab shows /etc/sonic/config_db.json: an unsaved change is refused, not overwritten."""
    _cli(fresh_lab, f"sudo config interface description {PORT} 'unsaved work'")
    before = _running(fresh_lab)
    assert _port(before)["description"] == "unsaved work"
    outcome = _push(fresh_lab, _fix_lines(), commit=True, verify=lambda _: "still broken")
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert outcome.error.startswith(
        f"refused: the running config has unsaved changes (PORT|{PORT})"
    )
    assert _running(fresh_lab) == before


@pytest.fixture
def reject_lab(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """dc1 with leaf3 refusing FEC commands (the reject_config knob), served for one test."""
    with served_lab_with_knobs(tmp_path, DEVICE, {"reject_config": [r"interface fec"]}) as lab:
        yield lab


@pytest.mark.lab
def test_device_rejecting_the_fix_fails_and_restores(reject_lab: dict[str, Any]) -> None:
    before = _running(reject_lab)
    called: list[str] = []
    description = f"sudo config interface description {PORT} 'before the fix'"
    outcome = _push(
        reject_lab, [description, *_fix_lines()], commit=True, verify=lambda _: called.append("x")
    )
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert f"device rejected `{FIX}`" in outcome.error
    assert "failed YANG validation" in outcome.error
    _no_secret(reject_lab, outcome)
    assert not called
    after = _running(reject_lab)
    assert after == before
    assert _port(after).get("description") != "before the fix"


# --- unsaved changes on a device that shows its saved config: refused, nothing sent ----------


class _Shell:
    """A Netmiko stand-in whose saved config (config_db.json) differs from the running one."""

    def __init__(self, running: dict[str, Any], startup: dict[str, Any]) -> None:
        self.outputs = {
            "show runningconfiguration all": json.dumps(running, indent=4),
            "cat /etc/sonic/config_db.json": json.dumps(startup, indent=4),
        }
        self.sent: list[str] = []

    def send_command(self, command: str, **_: Any) -> str:
        self.sent.append(command)
        unit = re.search(r"--unit=(\S+)", command)
        if command.startswith("sudo systemd-run") and unit:
            return f"Running timer as unit: {unit[1]}.timer"
        return self.outputs.get(command, "")

    def shown(self) -> list[str]:
        """The commands sent, the transaction's own names (file, timer unit) made generic."""
        return [re.sub(r"optics-(rollback-)?\d{8}T\d+", "optics-N", c) for c in self.sent]


def _fake_task(shell: _Shell) -> Any:
    parameters = SimpleNamespace(extras={"secret": FAKE_LOGIN})
    host = SimpleNamespace(
        name=DEVICE,
        password=FAKE_LOGIN,
        get_connection=lambda *_: shell,
        get_connection_parameters=lambda _: parameters,
    )
    task = Task(lambda _: None, SimpleNamespace(config=None), False, Processors())  # noqa: FBT003
    task.host = host
    return task


def test_unsaved_changes_are_refused_before_any_change() -> None:
    running = {"PORT": {PORT: {"fec": "fc", "description": "new"}, "Ethernet3": {"fec": "rs"}}}
    startup = {"PORT": {PORT: {"fec": "fc"}, "Ethernet3": {"fec": "rs"}}}
    shell = _Shell(running, startup)
    outcome = push(_fake_task(shell), [FIX], commit=True, confirm_timeout=60, verify=lambda _: None)
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert outcome.error.startswith(
        f"refused: the running config has unsaved changes (PORT|{PORT})"
    )
    assert shell.sent == ["show runningconfiguration all", "cat /etc/sonic/config_db.json"]


def test_unreadable_saved_config_is_saved_first() -> None:
    config = {"PORT": {PORT: {"fec": "fc"}}}
    shell = _Shell(config, config)
    shell.outputs["cat /etc/sonic/config_db.json"] = (
        "cat: /etc/sonic/config_db.json: Permission denied"
    )
    outcome = push(_fake_task(shell), [FIX], commit=True, confirm_timeout=60, verify=lambda _: None)
    assert outcome.result == "committed", outcome.error
    assert shell.sent[:3] == [
        "show runningconfiguration all",
        "cat /etc/sonic/config_db.json",
        "sudo config save -y",
    ]
    assert shell.sent.index(FIX) > 2  # the change only after the unsaved state was saved


def test_saved_config_equal_to_running_is_not_saved_again() -> None:
    config = {"PORT": {PORT: {"fec": "fc"}}}
    shell = _Shell(config, config)
    outcome = push(_fake_task(shell), [FIX], commit=True, confirm_timeout=60, verify=lambda _: None)
    assert outcome.result == "committed", outcome.error
    assert shell.shown() == [
        "show runningconfiguration all",
        "cat /etc/sonic/config_db.json",
        "sudo config save -y /etc/sonic/optics-N.json",
        (
            "sudo systemd-run --on-active=60 --unit=optics-N "
            "/usr/local/bin/config reload -y /etc/sonic/optics-N.json"
        ),
        FIX,
        "sudo systemctl stop optics-N.timer",
        "sudo config save -y",
        "sudo rm -f /etc/sonic/optics-N.json",
        "show runningconfiguration all",
    ]


def test_login_never_shows_in_an_error() -> None:
    config = {"PORT": {PORT: {"fec": "fc"}}}
    shell = _Shell(config, config)
    shell.outputs[FIX] = f"Error: sudo: no tty for {FAKE_LOGIN}"
    outcome = push(_fake_task(shell), [FIX], commit=True, confirm_timeout=60, verify=lambda _: None)
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert FAKE_LOGIN not in outcome.error
    assert "***" in outcome.error
    assert shell.shown()[-3:] == [
        "sudo config reload -y /etc/sonic/optics-N.json",
        "show runningconfiguration all",
        "sudo rm -f /etc/sonic/optics-N.json",
    ]
