"""The Junos push path (NAPALM ``junos`` over NETCONF) on a served dc1 lab, checked with Netmiko."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from labtools import dc1_fix_lines, push_on_device, served_lab_with_knobs, show

from nornir_optics.platforms.base import Outcome
from nornir_optics.platforms.juniper_junos.config import config_lines
from nornir_optics.platforms.juniper_junos.push import push

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from nornir.core.task import Task

DEVICE = "leaf4"
PORT = "et-0/0/30"
FIX = [f"delete interfaces {PORT} disable"]

pytestmark = pytest.mark.lab


def _fix_lines() -> list[str]:
    """The remediation's lines for leaf4 on the dc1 lab: the shut uplink enabled."""
    return dc1_fix_lines(DEVICE, config_lines)


def _show(lab: dict[str, Any], *commands: str) -> list[str]:
    """Outputs of commands from a new, independent Netmiko session."""
    return show(lab, DEVICE, *commands)


def _port_up(lab: dict[str, Any]) -> bool:
    (terse,) = _show(lab, f"show interfaces terse {PORT}")
    return re.search(rf"^{re.escape(PORT)}\s+up\s+up", terse, re.MULTILINE) is not None


def _push(
    lab: dict[str, Any], lines: list[str], *, commit: bool, verify: Callable[[Task], str | None]
) -> Outcome:
    """Run the push on leaf4 through the project's Nornir."""
    outcome = push_on_device(
        lab, DEVICE, push, lines, commit=commit, confirm_timeout=90, verify=verify
    )
    assert isinstance(outcome, Outcome)
    assert lab["password"] not in f"{outcome.error} {outcome.diff}"
    return outcome


def _never(task: Task) -> str | None:
    pytest.fail(f"verify called on {task.host.name}")


def test_dc1_fix_lines_for_leaf4() -> None:
    assert _fix_lines() == FIX


def test_dry_run_shows_the_device_diff_and_changes_nothing(fresh_lab: dict[str, Any]) -> None:
    before = _show(fresh_lab, "show configuration", "show configuration | display set")
    outcome = _push(fresh_lab, _fix_lines(), commit=False, verify=_never)
    assert outcome.result == "planned"
    assert outcome.diff == f"[edit interfaces {PORT}]\n-   disable;"
    assert outcome.error is None
    assert f"{PORT} {{" in outcome.backup
    assert _show(fresh_lab, "show configuration", "show configuration | display set") == before
    assert not _port_up(fresh_lab)


def test_commit_confirmed_then_verified_is_committed(fresh_lab: dict[str, Any]) -> None:
    seen: list[tuple[bool, bool]] = []

    def verify(task: Task) -> str | None:
        driver = task.host.get_connection("napalm", task.nornir.config)
        seen.append((driver.has_pending_commit(), _port_up(fresh_lab)))
        return None

    outcome = _push(fresh_lab, _fix_lines(), commit=True, verify=verify)
    assert outcome.result == "committed", outcome.error
    assert outcome.error is None
    assert outcome.diff == f"[edit interfaces {PORT}]\n-   disable;"
    assert seen == [(True, True)]  # verified while the commit waited for its confirmation
    (config,) = _show(fresh_lab, f"show configuration interfaces {PORT} | display set")
    assert config == f"set interfaces {PORT} description spine1:Ethernet4/1"
    assert _port_up(fresh_lab)
    same = [f"set interfaces {PORT} description spine1:Ethernet4/1"]
    assert _push(fresh_lab, same, commit=False, verify=_never).result == "unchanged"


def test_failed_verification_rolls_back_exactly(fresh_lab: dict[str, Any]) -> None:
    (before,) = _show(fresh_lab, "show configuration")
    outcome = _push(fresh_lab, _fix_lines(), commit=True, verify=lambda _: "still broken")
    assert outcome.result == "rolled-back"
    assert outcome.error == "still broken"
    assert outcome.backup.strip() == before.strip()
    assert _show(fresh_lab, "show configuration") == [before]
    assert not _port_up(fresh_lab)


def test_invalid_line_fails_with_the_device_error(fresh_lab: dict[str, Any]) -> None:
    (before,) = _show(fresh_lab, "show configuration")
    lines = [*_fix_lines(), f"set interfaces {PORT} ether-options fec kp4"]
    outcome = _push(fresh_lab, lines, commit=True, verify=_never)
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert "syntax error" in outcome.error
    assert "kp4" in outcome.error
    assert _show(fresh_lab, "show configuration") == [before]
    assert not _port_up(fresh_lab)


@pytest.fixture
def rejecting_lab(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """dc1 with leaf4 rejecting any line on et-0/0/30's admin state, served for one test."""
    with served_lab_with_knobs(tmp_path, DEVICE, {"reject_config": [rf"{PORT} disable"]}) as lab:
        yield lab


def test_rejected_line_fails_and_leaves_running_config(rejecting_lab: dict[str, Any]) -> None:
    (before,) = _show(rejecting_lab, "show configuration")
    outcome = _push(rejecting_lab, _fix_lines(), commit=True, verify=_never)
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert "rejected by the device" in outcome.error
    assert FIX[0] in outcome.error
    assert _show(rejecting_lab, "show configuration") == [before]
    dry = _push(rejecting_lab, _fix_lines(), commit=False, verify=_never)
    assert dry.result == "failed"
    assert _show(rejecting_lab, "show configuration") == [before]


def test_commit_check_failure_fails_and_releases_the_candidate(fresh_lab: dict[str, Any]) -> None:
    (before,) = _show(fresh_lab, "show configuration")
    lines = [*_fix_lines(), "set interfaces et-0/0/0 number-of-sub-ports 8"]
    outcome = _push(fresh_lab, lines, commit=True, verify=_never)
    assert outcome.result == "failed"
    assert outcome.error is not None
    assert "configuration check-out failed" in outcome.error
    assert "-   disable;" in outcome.diff
    assert _show(fresh_lab, "show configuration") == [before]
    again = _push(fresh_lab, _fix_lines(), commit=False, verify=_never)  # no lock, no leftovers
    assert again.result == "planned"
    assert again.diff == f"[edit interfaces {PORT}]\n-   disable;"
