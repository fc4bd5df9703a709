"""NX-OS push (Netmiko) on a served dc1 lab: dry run, commit, rollback on verify, rejected line.

Each test serves a lab of its own; the running config is read before and after through an
independent Netmiko session, never the one the push used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from labtools import dc1_fix_lines, push_on_device, running_config, served_lab_with_knobs, show

from nornir_optics.platforms import get_platform
from nornir_optics.platforms.base import Outcome
from nornir_optics.platforms.cisco_nxos.config import config_lines
from nornir_optics.platforms.cisco_nxos.push import push

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from nornir.core.task import Task

DEVICE = "leaf2"
PORT = "Ethernet1/63"


def _cli(lab: dict[str, Any], command: str) -> str:
    """A command's output from a new Netmiko session of its own."""
    (output,) = show(lab, DEVICE, command)
    return output


def _running(lab: dict[str, Any]) -> str:
    return running_config(lab, DEVICE)


def _port_status(lab: dict[str, Any]) -> str:
    return _cli(lab, f"show interface {PORT} status")


def _fix_lines() -> list[str]:
    """The dc1 plan's config lines for leaf2, rendered by the NX-OS driver."""
    return dc1_fix_lines(DEVICE, config_lines)


def _push(
    lab: dict[str, Any], lines: list[str], *, commit: bool, verify: Callable[[Task], str | None]
) -> Outcome:
    outcome = push_on_device(
        lab, DEVICE, push, lines, commit=commit, confirm_timeout=60, verify=verify
    )
    assert isinstance(outcome, Outcome)
    return outcome


def _no_checkpoint_left(lab: dict[str, Any]) -> None:
    assert "optics-" not in _cli(lab, "dir bootflash:")


def _no_secret(lab: dict[str, Any], outcome: Outcome) -> None:
    for text in (outcome.diff, outcome.error or ""):
        assert lab["password"] not in text


def test_fix_lines_are_the_dc1_fec_fix() -> None:
    assert _fix_lines() == [f"interface {PORT}", "  no fec"]
    assert get_platform("cisco_nxos").push is push


def test_dry_run_plans_and_changes_nothing(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    called: list[str] = []
    outcome = _push(fresh_lab, _fix_lines(), commit=False, verify=lambda _: called.append("x"))
    assert outcome.result == "planned"
    assert "+interface Ethernet1/63" in outcome.diff
    assert "+  no fec" in outcome.diff
    assert outcome.error is None
    assert not called
    assert _running(fresh_lab) == before
    assert "notconnec" in _port_status(fresh_lab)
    _no_checkpoint_left(fresh_lab)


def test_no_lines_is_unchanged(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    assert _push(fresh_lab, [], commit=True, verify=lambda _: None).result == "unchanged"
    assert _running(fresh_lab) == before


def test_commit_verified_is_saved_and_brings_the_link_up(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    seen: list[str] = []

    def verify(task: Task) -> str | None:
        connection = task.host.get_connection("netmiko", task.nornir.config)
        seen.append(str(connection.send_command(f"show interface {PORT} status")))
        return None

    outcome = _push(fresh_lab, _fix_lines(), commit=True, verify=verify)
    assert outcome.result == "committed", outcome.error
    assert outcome.error is None
    assert outcome.backup == before
    assert "-  fec off" in outcome.diff
    _no_secret(fresh_lab, outcome)
    assert len(seen) == 1
    assert "connected" in seen[0]
    after = _running(fresh_lab)
    assert after != before
    assert "fec off" not in _cli(fresh_lab, f"show running-config interface {PORT}")
    assert " connected " in _port_status(fresh_lab)
    startup = _cli(fresh_lab, "show startup-config")
    assert startup == after.replace(
        "!Command: show running-config", "!Command: show startup-config"
    )
    _no_checkpoint_left(fresh_lab)


def test_commit_failing_verification_rolls_back(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    startup = _cli(fresh_lab, "show startup-config")
    live: list[str] = []

    def verify(task: Task) -> str | None:
        connection = task.host.get_connection("netmiko", task.nornir.config)
        live.append(str(connection.send_command(f"show running-config interface {PORT}")))
        return "still broken"

    outcome = _push(fresh_lab, _fix_lines(), commit=True, verify=verify)
    assert outcome.result == "rolled-back"
    assert outcome.error is not None
    assert "still broken" in outcome.error
    _no_secret(fresh_lab, outcome)
    assert "fec off" not in live[0]  # the change was live when verify ran
    assert _running(fresh_lab) == before
    assert _cli(fresh_lab, "show startup-config") == startup
    assert "notconnec" in _port_status(fresh_lab)
    _no_checkpoint_left(fresh_lab)


def test_rejected_line_after_a_change_fails_and_restores(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    called: list[str] = []
    lines = [*_fix_lines(), "  fec bogus-mode"]
    outcome = _push(fresh_lab, lines, commit=True, verify=lambda _: called.append("x"))
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert "fec bogus-mode" in outcome.error
    assert "% Invalid command" in outcome.error
    _no_secret(fresh_lab, outcome)
    assert not called
    assert _running(fresh_lab) == before
    assert "notconnec" in _port_status(fresh_lab)
    _no_checkpoint_left(fresh_lab)


@pytest.fixture
def reject_lab(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """dc1 with leaf2 refusing FEC lines (the reject_config knob), served for one test."""
    with served_lab_with_knobs(tmp_path, DEVICE, {"reject_config": ["fec"]}) as lab:
        yield lab


@pytest.mark.lab
def test_device_rejecting_a_planned_line_fails_unchanged(reject_lab: dict[str, Any]) -> None:
    before = _running(reject_lab)
    outcome = _push(reject_lab, _fix_lines(), commit=True, verify=lambda _: None)
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert "no fec" in outcome.error
    assert "% Invalid command at '^' marker." in outcome.error
    _no_secret(reject_lab, outcome)
    assert outcome.backup == before
    assert _running(reject_lab) == before
    assert "notconnec" in _port_status(reject_lab)
    _no_checkpoint_left(reject_lab)
