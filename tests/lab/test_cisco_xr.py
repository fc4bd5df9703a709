"""IOS-XR on a served lab (tests/fabrics/xr1): gather, audit, and remediation by commit confirmed.

One lab is served for the module. The gather runs the Nornir task over real SSH (Netmiko
``cisco_xr``); the audit must report exactly the planted faults of ``xr1/lab.yaml``; the push
dry-runs, refuses a bad line and a failed verification without a trace, and commits. Every
test leaves the lab's config as it found it, so the order does not matter.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from labtools import push_on_device, show
from ruamel.yaml import YAML

from nornir_optics.checks.live import Fleet, audit_live
from nornir_optics.checks.remediation import plan_remediation
from nornir_optics.collect import init_nornir
from nornir_optics.facts import FACTS
from nornir_optics.lab.control import down, up
from nornir_optics.lab.scenario import load_lab
from nornir_optics.platforms import get_platform
from nornir_optics.platforms.cisco_xr.push import push, stable
from nornir_optics.tasks.gather import optics_gather

if TYPE_CHECKING:
    from collections.abc import Iterator

    from nornir.core.task import Task

    from nornir_optics.findings import Report
    from nornir_optics.platforms.base import Outcome

pytestmark = pytest.mark.lab

LAB = Path(__file__).resolve().parents[1] / "fabrics" / "xr1" / "lab.yaml"
DEVICE = "xr1"
FH = "FourHundredGigabitEthernet0/0/0/"
PLANTED = {
    (f"{FH}1", "fec-mismatch"),
    (f"{FH}2", "admin-state"),
    (f"{FH}4", "breakout-mismatch"),
    (f"{FH}3", "budget-exceeded"),
}


@pytest.fixture(scope="module")
def xr_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The xr1 lab served for this module."""
    out = tmp_path_factory.mktemp("xr1-lab")
    info = up(LAB, out)
    yaml = YAML(typ="safe")
    try:
        yield {
            "dir": out,
            "info": info,
            "hosts": yaml.load((out / "hosts.yaml").read_text()),
            **yaml.load((out / "defaults.yaml").read_text()),
        }
    finally:
        down(out)


def _audit(lab: dict[str, Any]) -> Report:
    nr = init_nornir(lab["dir"])
    try:
        result = nr.run(task=optics_gather)
    finally:
        nr.close_connections()
    assert not result.failed, {name: multi[0].exception for name, multi in result.items()}
    facts = {name: FACTS.validate_python(multi[0].result) for name, multi in result.items()}
    return audit_live(load_lab(LAB).fabric, Fleet(facts=facts))


def _running(lab: dict[str, Any]) -> list[str]:
    (text,) = show(lab, DEVICE, "show running-config")
    return stable(text)


def _causes(report: Report) -> set[tuple[str, str]]:
    return {
        (finding.port, finding.category)
        for finding in report.findings
        if finding.device == DEVICE and not finding.symptom
    }


def _plan_lines(report: Report, lab: dict[str, Any]) -> list[str]:
    plans, _ = plan_remediation(load_lab(LAB).fabric, report)
    (plan,) = (plan for plan in plans if plan.device == DEVICE)
    (running,) = show(lab, DEVICE, "show running-config")
    return get_platform("cisco_xr").config_lines(plan.changes, running)


def _push(lab: dict[str, Any], lines: list[str], **options: Any) -> Outcome:
    outcome = push_on_device(lab, DEVICE, push, lines, confirm_timeout=60, **options)
    assert lab["password"] not in outcome.diff + (outcome.error or "")
    return outcome  # type: ignore[no-any-return]


def test_gather_reads_the_router_as_the_lab_built_it(xr_lab: dict[str, Any]) -> None:
    nr = init_nornir(xr_lab["dir"]).filter(name=DEVICE)
    try:
        facts = FACTS.validate_python(nr.run(task=optics_gather)[DEVICE][0].result)
    finally:
        nr.close_connections()
    state = load_lab(LAB).devices[DEVICE]
    transceivers, ports = facts["transceivers"], facts["ports"]
    assert set(transceivers) == set(state.model.layout.cages)
    for cage, module in state.modules.items():
        xcvr = transceivers[cage]
        assert xcvr["present"] is (module is not None)
        if module is not None:
            assert (xcvr["serial"], xcvr["part_number"]) == (module.serial, module.part_number)
            assert xcvr["media_type"] == module.optic
            assert xcvr["vendor"] == module.vendor
    assert ports[f"{FH}1"]["fec"] == "none"
    assert ports[f"{FH}0"]["fec"] == "rs544"
    assert ports[f"{FH}2"]["admin"] == "down"
    assert ports[f"{FH}4"]["breakout"] == "none"
    assert ports[f"{FH}5"]["breakout"] == "4x100G"
    assert ports[f"{FH}5"]["children"] == [f"HundredGigabitEthernet0/0/0/5/{n}" for n in range(4)]
    assert ports["HundredGigabitEthernet0/0/0/5/2"]["media_lanes"] == [3]
    assert ports[f"{FH}0"]["neighbor"] == {"system": "leaf1", "port": "Ethernet1/1"}
    lane2 = transceivers[f"{FH}3"]["lanes"][1]
    assert lane2["state"] == "ok"
    assert lane2["rx_power_dbm"] < transceivers[f"{FH}3"]["lanes"][0]["rx_power_dbm"] - 3


def test_audit_finds_the_planted_faults_and_nothing_else(xr_lab: dict[str, Any]) -> None:
    report = _audit(xr_lab)
    assert _causes(report) == PLANTED
    assert all(f.symptom for f in report.findings if f.device != DEVICE)


def test_remediation_dry_run_reject_rollback_commit(xr_lab: dict[str, Any]) -> None:
    before = _running(xr_lab)
    lines = _plan_lines(_audit(xr_lab), xr_lab)
    assert lines[:2] == ["controller Optics0/0/0/4", " breakout 4x100"]
    assert "interface FourHundredGigE0/0/0/1" in lines
    assert " fec standard" in lines
    assert " no shutdown" in lines

    planned = _push(xr_lab, lines, commit=False, verify=lambda _: "not called")
    assert planned.result == "planned", planned.error
    assert "breakout 4x100" in planned.diff
    assert _running(xr_lab) == before

    refused = _push(xr_lab, [*lines, " fec bogus"], commit=True, verify=lambda _: None)
    assert refused.result == "failed"
    assert "Invalid input" in (refused.error or "")
    assert _running(xr_lab) == before

    live: list[str] = []

    def still_broken(task: Task) -> str | None:
        connection = task.host.get_connection("netmiko", task.nornir.config)
        live.append(str(connection.send_command("show running-config")))
        return "still broken"

    rolled = _push(xr_lab, lines, commit=True, verify=still_broken)
    assert rolled.result == "rolled-back"
    assert "breakout 4x100" in live[0]  # the trial commit was live when verify ran
    assert _running(xr_lab) == before

    committed = _push(xr_lab, lines, commit=True, verify=lambda _: None)
    assert committed.result == "committed", committed.error
    try:
        after = _audit(xr_lab)
        assert _causes(after) == {(f"{FH}3", "budget-exceeded")}
        assert not [f for f in after.findings if f.device != DEVICE]
        again = _plan_lines(after, xr_lab) if _has_plan(after) else []
        assert again == []
        (commits,) = show(xr_lab, DEVICE, "show configuration commit list")
        assert "1000000002" in commits  # the trial commit, its rollback, the confirmed one
    finally:
        show(xr_lab, DEVICE, "rollback configuration last 1")
    assert _running(xr_lab) == before


def _has_plan(report: Report) -> bool:
    plans, _ = plan_remediation(load_lab(LAB).fabric, report)
    return any(plan.device == DEVICE for plan in plans)
