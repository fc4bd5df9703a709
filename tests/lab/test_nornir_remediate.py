"""`optics_remediate` inside a user's own `nr.run`, on served dc1 labs over SSH, eAPI and NETCONF.

The three tests every change task gets (dry run: diff shown, nothing sent; commit: lines sent;
idempotence: a second run changes nothing), plus a device that rejects a line. Running configs
are read before and after through independent Netmiko sessions, never the task's own.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

import pytest
from labtools import running_config, served_lab_with_knobs

from nornir_optics.collect import init_nornir
from nornir_optics.fabric import load_fabric
from nornir_optics.tasks import RemediationError, optics_remediate

if TYPE_CHECKING:
    from pathlib import Path

    from nornir.core.task import AggregatedResult

FAULTY = {"leaf1", "leaf2", "leaf3", "leaf4"}
"""The dc1 devices with config faults (inventory/lab.yaml; shared/reference/dc1/expected.yaml)."""
CLEAN = {"spine1", "spine2"}


def _run(lab: dict[str, Any], **options: Any) -> AggregatedResult:
    nr = init_nornir(lab["dir"], workers=6)
    try:
        return nr.run(task=optics_remediate, fabric=load_fabric(lab["dir"]), settle=0, **options)
    finally:
        nr.close_connections()


def _configs(lab: dict[str, Any]) -> dict[str, str]:
    return {name: running_config(lab, name) for name in lab["hosts"]}


def test_dry_run_shows_the_diffs_and_changes_nothing(dc1_lab: dict[str, Any]) -> None:
    before = _configs(dc1_lab)
    result = _run(dc1_lab, dry_run=True)
    assert set(result) == FAULTY | CLEAN
    assert not result.failed, {name: multi[0].exception for name, multi in result.items()}
    for name in FAULTY:
        top = result[name][0]
        assert top.changed is True, name
        assert top.diff, name
        assert top.result["result"] == "planned", name
        assert top.result["lines"], name
    for name in CLEAN:
        top = result[name][0]
        assert top.changed is False, name
        assert top.diff == "", name
        assert top.result["result"] == "unchanged", name
    assert "+   error-correction encoding reed-solomon" in result["leaf1"][0].diff  # EOS session
    assert "delete interfaces et-0/0/30 disable" in result["leaf4"][0].result["lines"]
    assert "disable" in result["leaf4"][0].diff  # Junos show | compare
    assert _configs(dc1_lab) == before


def test_sub_steps_are_recorded_at_debug(dc1_lab: dict[str, Any]) -> None:
    result = _run(dc1_lab, dry_run=True)
    steps = {name: [r.name for r in multi[1:]] for name, multi in result.items()}
    assert steps["leaf2"][:2] == ["gather", "plan"]
    assert steps["leaf1"] == ["gather", "plan", "running config", "backup", "load+diff"]
    assert steps["spine1"] == ["gather", "plan"]
    assert all(r.severity_level == logging.DEBUG for multi in result.values() for r in multi[1:])


def test_commit_fixes_the_faulty_devices_and_a_second_run_changes_nothing(
    fresh_lab: dict[str, Any],
) -> None:
    first = _run(fresh_lab, dry_run=False)
    assert not first.failed, {name: multi[0].exception for name, multi in first.items()}
    assert {name for name, multi in first.items() if multi[0].changed} == FAULTY
    assert {name: multi[0].result["result"] for name, multi in first.items()} == {
        **dict.fromkeys(FAULTY, "committed"),
        **dict.fromkeys(CLEAN, "unchanged"),
    }
    steps = [r.name for r in first["leaf1"][1:]]
    assert steps[:5] == ["gather", "plan", "running config", "backup", "load+diff"]
    assert first["leaf1"][0].result["rollback"], "hier_config gives the rollback lines"
    assert {"commit", "gather again", "verify", "confirm"} <= set(steps)
    assert fresh_lab["password"] not in str(first["leaf2"][0].result)
    after = _configs(fresh_lab)
    again = _run(fresh_lab, dry_run=False)
    assert not again.failed
    assert {name: multi[0].changed for name, multi in again.items()} == dict.fromkeys(
        FAULTY | CLEAN, False
    )
    assert all(multi[0].diff == "" for multi in again.values())
    assert _configs(fresh_lab) == after


@pytest.fixture
def rejecting_lab(tmp_path: Path) -> Any:
    """dc1 with leaf2 refusing its FEC fix (the reject_config knob), served for one test."""
    with served_lab_with_knobs(tmp_path, "leaf2", {"reject_config": ["no fec"]}) as lab:
        yield lab


@pytest.mark.lab
def test_a_rejected_line_fails_that_host_unchanged_and_the_others_are_fixed(
    rejecting_lab: dict[str, Any],
) -> None:
    before = running_config(rejecting_lab, "leaf2")
    result = _run(rejecting_lab, dry_run=False)
    assert set(result.failed_hosts) == {"leaf2"}
    leaf2 = result["leaf2"][0]
    assert leaf2.failed is True
    assert leaf2.changed is False
    assert leaf2.result["result"] == "failed"
    assert "no fec" in leaf2.result["error"]
    assert "% Invalid command" in leaf2.result["error"]
    assert isinstance(leaf2.exception, RemediationError)
    assert leaf2.exception.outcome.result == "failed"
    assert rejecting_lab["password"] not in leaf2.result["error"]
    assert running_config(rejecting_lab, "leaf2") == before
    for name in FAULTY - {"leaf2"}:
        assert result[name][0].result["result"] == "committed", name
        assert result[name][0].changed is True, name
