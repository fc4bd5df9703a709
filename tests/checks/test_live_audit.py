"""Live checks over device facts (pure): dc1 and planted faults, facts taken from lab state.

The facts here come straight from the lab's state model (no protocol), so these tests judge
the attribution logic alone; the gather over real protocols is tested with the served lab.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from labtools import facts_from_lab
from ruamel.yaml import YAML

from nornir_optics.checks.live import audit_live
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.scenario import Lab, load_lab
from nornir_optics.models import Fec

ROOT = Path(__file__).resolve().parents[2]
DC1_LAB = ROOT / "inventory" / "lab.yaml"
EXPECTED = ROOT.parent / "shared" / "reference" / "dc1" / "expected.yaml"


def _dc1() -> Lab:
    lab = load_lab(DC1_LAB)
    recompute(lab)
    return lab


def test_dc1_audit_finds_every_expected_cause_and_no_other() -> None:
    if not EXPECTED.exists():
        pytest.skip(f"{EXPECTED} is absent: the reference lives in shared/")
    lab = _dc1()
    report = audit_live(lab.fabric, facts_from_lab(lab))
    expected = YAML(typ="safe").load(EXPECTED.read_text())["findings"]
    causes = [f for f in report.findings if not f.symptom]
    for row in expected:
        matches = [f for f in causes if (f.device, f.port) == (row["device"], row["port"])]
        assert any(f.category in row["category"] for f in matches), (row, matches)
        assert all(
            f.remedy.kind.value == row["remedy"] for f in matches if f.category in row["category"]
        )
    allowed = {(row["device"], row["port"]) for row in expected}
    stray = [f for f in causes if (f.device, f.port) not in allowed]
    assert stray == [], stray
    for symptom in (f for f in report.findings if f.symptom):
        assert symptom.caused_by is not None


def test_fixing_the_config_faults_clears_them() -> None:
    lab = _dc1()
    leaf1, leaf2, leaf3, leaf4 = (lab.devices[f"leaf{n}"] for n in range(1, 5))
    from nornir_optics.models import Breakout  # noqa: PLC0415

    leaf2.interfaces["Ethernet1/63"].fec = Fec.RS544
    leaf1.set_breakout("Ethernet2/1", Breakout("4x100G"))
    leaf1.set_breakout("Ethernet1/1", Breakout("4x100G"))
    leaf3.interfaces["Ethernet2"].fec = Fec.RS544
    leaf4.interfaces["et-0/0/30"].admin_up = True
    recompute(lab)
    report = audit_live(lab.fabric, facts_from_lab(lab))
    categories = {f.category for f in report.findings if not f.symptom}
    assert not categories & {"fec-mismatch", "breakout-mismatch", "admin-state", "link-down"}


def test_lldp_far_end_against_the_plan() -> None:
    lab = _dc1()
    fleet = facts_from_lab(lab)
    spine1 = fleet.facts["spine1"]["ports"]
    assert spine1["Ethernet1/1"]["neighbor"] == {"system": "leaf1", "port": "Ethernet63/1"}
    spine1["Ethernet1/1"]["neighbor"] = {"system": "leaf9.dc1.example.net", "port": "Ethernet7/1"}
    del fleet.facts["spine2"]["ports"]["Ethernet1/1"]["neighbor"]
    fleet.facts["leaf1"]["ports"]["Ethernet63/1"]["neighbor"] = {
        "system": "SPINE1.dc1",
        "port": "Et1/1",
    }
    found = {
        (f.device, f.port, f.category, f.severity.value)
        for f in audit_live(lab.fabric, fleet).findings
    }
    assert ("spine1", "Ethernet1/1", "far-end-mismatch", "error") in found
    assert ("spine2", "Ethernet1/1", "far-end-mismatch", "warning") in found
    assert not [
        f for f in found if f[0] == "leaf1" and f[1] == "Ethernet63/1"
    ]  # FQDN, short port name


def test_one_legs_fault_is_not_blamed_for_another_legs() -> None:
    from nornir_optics.lab.runtime import LabRuntime  # noqa: PLC0415

    lab = LabRuntime(load_lab(DC1_LAB)).lab
    leaf3 = lab.devices["leaf3"]
    leaf3.interfaces["Ethernet10"].admin_up = False  # leg 2 of Ethernet8 shut by hand
    lab.extra_loss.update({("leaf3", "Ethernet8", 3): 60.0})  # leg 3's fibre dark
    recompute(lab)
    report = audit_live(lab.fabric, facts_from_lab(lab))
    causes = {(f.device, f.port, f.category) for f in report.findings if not f.symptom}
    assert ("leaf3", "Ethernet10", "admin-state") in causes
    # the dark lane belongs to leg 3, the SONiC child Ethernet12, not to the cage
    assert ("leaf3", "Ethernet12", "no-light") in causes
    assert ("leaf3", "Ethernet8", "no-light") not in causes


def test_a_wrong_plan_is_one_intent_cause_not_a_config_fix() -> None:
    from nornir_optics.fabric import load_intent  # noqa: PLC0415
    from nornir_optics.lab.runtime import LabRuntime  # noqa: PLC0415

    lab = LabRuntime(load_lab(DC1_LAB)).lab
    text = (
        (DC1_LAB.parent / "intent.yaml")
        .read_text()
        .replace(
            "{a: spine2:Ethernet1/1, z: leaf1:Ethernet64/1, optic: 400GBASE-DR4,",
            "{a: spine2:Ethernet1/1, z: leaf1:Ethernet64/1, optic: 400GBASE-DR4, fec: none,",
        )
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "intent.yaml"
        path.write_text(text)
        fabric = load_intent(path, lab.fabric.managed)
    report = audit_live(fabric, facts_from_lab(lab))
    on_link = [
        f
        for f in report.findings
        if (f.device, f.port) in {("spine2", "Ethernet1/1"), ("leaf1", "Ethernet64/1")}
    ]
    causes = [(f.device, f.category, f.remedy.kind.value) for f in on_link if not f.symptom]
    assert ("spine2", "fec-mismatch", "intent") in causes
    assert all(kind == "intent" for _, _, kind in causes)


def test_zeroed_thresholds_are_no_thresholds() -> None:
    lab = _dc1()
    fleet = facts_from_lab(lab)
    module = fleet.facts["spine1"]["transceivers"]["Ethernet1/1"]
    zero = {"high_alarm": 0.0, "high_warning": 0.0, "low_warning": 0.0, "low_alarm": 0.0}
    module["thresholds"] = {
        q: dict(zero) for q in ("temperature_c", "voltage_v", "tx_bias_ma", "rx_power_dbm")
    }  # type: ignore[misc]
    found = [
        f
        for f in audit_live(lab.fabric, fleet).findings
        if (f.device, f.port) == ("spine1", "Ethernet1/1")
    ]
    assert found == []


def test_admin_down_ports_get_no_dom_findings_when_the_policy_says_so() -> None:
    lab = _dc1()
    fleet = facts_from_lab(lab)
    leaf4 = fleet.facts["leaf4"]
    assert leaf4["ports"]["et-0/0/30"]["admin"] == "down"
    for lane in leaf4["transceivers"]["et-0/0/30"]["lanes"][:4]:
        lane["rx_power_dbm"] = -12.0  # would be dom-rx-low on an enabled port
    found = {f.category for f in audit_live(lab.fabric, fleet).findings if f.port == "et-0/0/30"}
    assert "dom-rx-low" not in found
