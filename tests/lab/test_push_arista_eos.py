"""The EOS push path (NAPALM ``eos`` over eAPI) on a served dc1 lab, checked with Netmiko."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING, Any

import pytest
from labtools import dc1_fix_lines, push_on_device, running_config, served_lab_with_knobs, show

from nornir_optics.platforms.arista_eos.config import config_lines
from nornir_optics.platforms.arista_eos.push import push

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

    from nornir.core.task import Task

    from nornir_optics.platforms.base import Outcome

pytestmark = pytest.mark.lab
DEVICE = "leaf1"
LINES = dc1_fix_lines(DEVICE, config_lines)  # Ethernet1/1 and Ethernet2/1 to 4x100G


def _show(lab: dict[str, Any], command: str) -> str:
    """One command's output from a new, independent Netmiko session."""
    (output,) = show(lab, DEVICE, command, enable=True)
    return output


def _running(lab: dict[str, Any]) -> str:
    return running_config(lab, DEVICE)


def _link(lab: dict[str, Any], port: str) -> str:
    """The port's link status (connected, notconnect, inactive, ...), from a new session."""
    data = json.loads(_show(lab, "show interfaces status | json"))
    return str(data["interfaceStatuses"][port]["linkStatus"])


def _sessions(lab: dict[str, Any]) -> dict[str, str]:
    """Config session name -> state, from a new session."""
    data = json.loads(_show(lab, "show configuration sessions | json"))
    return {name: entry["state"] for name, entry in data["sessions"].items()}


def _ignore(task: Task) -> str | None:
    del task
    return None


def _recorder(called: list[str]) -> Callable[[Task], str | None]:
    """A verify that records the hosts it is called on and finds nothing wrong."""

    def verify(task: Task) -> str | None:
        called.append(task.host.name)
        return None

    return verify


def _still_broken(task: Task) -> str | None:
    del task
    return "still broken"


def _push(
    lab: dict[str, Any],
    lines: list[str],
    *,
    commit: bool,
    verify: Callable[[Task], str | None] = _ignore,
    confirm_timeout: int = 120,
) -> Outcome:
    """Run the push on leaf1 alone, through a Nornir built like the tool builds it."""
    outcome: Outcome = push_on_device(
        lab, DEVICE, push, lines, commit=commit, confirm_timeout=confirm_timeout, verify=verify
    )
    for text in (outcome.diff, outcome.error or "", outcome.result, outcome.backup):
        assert lab["password"] not in text
    return outcome


@pytest.fixture
def reject_lab(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """A dc1 lab whose leaf1 rejects one of the planned lines (a test knob)."""
    knobs = {"reject_config": ["^description srv107"]}
    with served_lab_with_knobs(tmp_path, DEVICE, knobs) as lab:
        yield lab


def test_dry_run_shows_the_session_diff_and_changes_nothing(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    called: list[str] = []
    outcome = _push(fresh_lab, LINES, commit=False, verify=_recorder(called))
    assert outcome.result == "planned"
    assert "+interface Ethernet2/5\n+   description srv107:eth0" in outcome.diff
    assert "+   speed 100g-2" in outcome.diff
    assert outcome.error is None
    assert outcome.backup.strip() == before.strip()
    assert called == []
    assert _running(fresh_lab) == before
    assert "pending" not in _sessions(fresh_lab).values()


def test_commit_verified_is_kept_and_the_link_comes_up(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    assert _link(fresh_lab, "Ethernet2/5") == "inactive"  # a lane of the unbroken cage
    seen: list[str] = []
    outcome = _push(fresh_lab, LINES, commit=True, verify=_recorder(seen))
    assert outcome.result == "committed", outcome.error
    assert outcome.error is None
    assert seen == [DEVICE]
    assert outcome.backup.strip() == before.strip()
    after = _running(fresh_lab)
    assert "interface Ethernet2/5\n   description srv107:eth0\n   speed 100g-2" in after
    assert "interface Ethernet1/7\n" in after
    assert _link(fresh_lab, "Ethernet2/5") == "connected"
    assert _link(fresh_lab, "Ethernet1/7") == "connected"
    assert set(_sessions(fresh_lab).values()) == {"completed"}
    again = _push(fresh_lab, LINES, commit=False)
    assert again.result == "unchanged"
    assert again.diff == ""


def test_commit_that_fails_verification_is_rolled_back(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    outcome = _push(fresh_lab, LINES, commit=True, verify=_still_broken)
    assert outcome.result == "rolled-back"
    assert outcome.error == "still broken"
    assert outcome.diff
    assert _running(fresh_lab) == before
    assert _link(fresh_lab, "Ethernet2/5") == "inactive"


def test_commit_timer_running_out_before_confirm_is_rolled_back(
    fresh_lab: dict[str, Any],
) -> None:
    before = _running(fresh_lab)

    def slow(task: Task) -> str | None:
        del task
        time.sleep(2.5)
        return None

    outcome = _push(fresh_lab, LINES, commit=True, verify=slow, confirm_timeout=1)
    assert outcome.result == "rolled-back"
    assert "confirm failed" in (outcome.error or "")
    assert _running(fresh_lab) == before


def test_invalid_line_fails_and_leaves_running_config(fresh_lab: dict[str, Any]) -> None:
    before = _running(fresh_lab)
    outcome = _push(fresh_lab, [*LINES, "interface Ethernet2/5", "   speed 999g"], commit=True)
    assert outcome.result == "failed"
    assert "Invalid input" in (outcome.error or "")
    assert "speed 999g" in (outcome.error or "")
    assert _running(fresh_lab) == before


def test_rejected_line_fails_and_leaves_running_config(reject_lab: dict[str, Any]) -> None:
    before = _running(reject_lab)
    called: list[str] = []
    outcome = _push(reject_lab, LINES, commit=True, verify=_recorder(called))
    assert outcome.result == "failed"
    assert "Invalid input" in (outcome.error or "")
    assert "description srv107:eth0" in (outcome.error or "")
    assert called == []
    assert _running(reject_lab) == before
    assert "pending" not in _sessions(reject_lab).values()
