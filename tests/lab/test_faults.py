"""Faults real fabrics have (lab.yaml): miscabling, a flapping link, thresholds out of order,
a device that hangs mid-output; each as the lab serves it and as the live audit sees it."""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

import pytest
from labtools import DC1_LAB, connect_args, served_dc1_variant, show
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab

if TYPE_CHECKING:
    from pathlib import Path

SWAP = {"swap": ["leaf1:Ethernet63/1", "leaf2:Ethernet1/63"], "note": "two cables crossed"}
DISORDER = {"port": "spine2:Ethernet1/1", "thresholds": "out-of-order"}
FLAP = {"port": "spine2:Ethernet1/4", "flap_every_s": 2}
"""NX-OS (resets and last flap) to Junos (last flap only)."""
FLAP_EOS = {"port": "leaf1:Ethernet64/1", "flap_every_s": 2}
"""EOS (link status changes) to NX-OS spine2:Ethernet1/1, whose module has DISORDER."""
FLAPPING = {("spine2", "Ethernet1/4"), ("leaf1", "Ethernet64/1"), ("spine2", "Ethernet1/1")}
"""The ends that count their flaps; leaf4:et-0/0/31 (Junos) shows only the last one."""
JUNOS_END = ("leaf4", "et-0/0/31")
FIRST_FLAPS_S = 4.5
"""Two flaps of each port (the first a second after the lab starts, then every 2 s)."""


def test_swap_moves_light_and_lldp_with_the_cables(tmp_path: Path) -> None:
    lab_file = tmp_path / "lab.yaml"
    from ruamel.yaml import YAML  # noqa: PLC0415

    yaml = YAML()
    document = yaml.load(DC1_LAB.read_text(encoding="utf-8"))
    document["intent"] = str(DC1_LAB.parent / "intent.yaml")
    document["faults"].append(SWAP)
    with lab_file.open("w", encoding="utf-8") as stream:
        yaml.dump(document, stream)
    runtime = LabRuntime(load_lab(lab_file))
    spine1, leaf1 = runtime.device("spine1"), runtime.device("leaf1")
    assert (spine1.lldp["Ethernet2/1"].system, spine1.lldp["Ethernet2/1"].port) == (
        "leaf1",
        "Ethernet63/1",
    )
    assert leaf1.lldp["Ethernet63/1"].port == "Ethernet2/1"
    # leaf2:Ethernet1/63 runs FEC off (a dc1 fault): the cable now ending there stays dark
    assert "Ethernet1/1" not in spine1.lldp


@pytest.mark.lab
def test_live_audit_finds_the_faults(tmp_path: Path) -> None:
    with served_dc1_variant(tmp_path, faults=[SWAP, DISORDER, FLAP, FLAP_EOS]) as lab:
        time.sleep(FIRST_FLAPS_S)
        result = CliRunner().invoke(app, ["audit", "-i", str(lab["dir"]), "--format", "json"])
        findings = json.loads(result.stdout)["findings"]
        (interfaces,) = show(lab, "leaf1", "show interfaces Ethernet64/1 | json", enable=True)
        (nxos,) = show(lab, "spine2", "show interface Ethernet1/4")
    assert result.exit_code == 1
    mismatch = {
        (f["device"], f["port"]): f for f in findings if f["category"] == "far-end-mismatch"
    }
    spine_end, leaf_end = mismatch[("spine1", "Ethernet2/1")], mismatch[("leaf1", "Ethernet63/1")]
    assert spine_end["remedy"]["kind"] == leaf_end["remedy"]["kind"] == "physical"
    assert spine_end["remedy"]["action"].startswith("re-patch spine1:Ethernet2/1 to leaf2:")
    assert leaf_end["remedy"]["action"].startswith("re-patch leaf1:Ethernet63/1 to spine1:")
    # the module with disordered thresholds is read, and said to be wrong, Rx judged otherwise
    assert not [f for f in findings if f["device"] == "spine2" and f["category"] == "parse-error"]
    (invalid,) = [f for f in findings if f["category"] == "thresholds-invalid"]
    assert (invalid["device"], invalid["port"]) == ("spine2", "Ethernet1/1")
    assert "Rx power: high_warning" in invalid["message"]
    assert "catalogue limits" in invalid["details"]["fallback"]["rx_power_dbm"]
    # each end of both flapping links, on EOS, NX-OS and Junos; nowhere else
    flaps = {(f["device"], f["port"]): f for f in findings if f["category"] == "link-flap"}
    assert set(flaps) - {JUNOS_END} == FLAPPING
    if JUNOS_END not in flaps:  # caught while down: Junos alone cannot tell a flap from a drop
        (junos,) = [f for f in findings if (f["device"], f["port"]) == JUNOS_END]
        assert (junos["category"], junos["symptom"]) == ("link-down", True)
        assert junos["caused_by"] == {
            "device": "spine2",
            "port": "Ethernet1/4",
            "category": "link-flap",
        }
    assert flaps[("leaf1", "Ethernet64/1")]["details"]["flaps"] >= 2
    assert flaps[("spine2", "Ethernet1/4")]["details"]["flaps"] >= 2
    if JUNOS_END in flaps:
        assert set(flaps[JUNOS_END]["details"]) == {"last_flap_s"}  # Junos: no count
    assert all(f["details"]["last_flap_s"] < 30 for f in flaps.values())
    assert all(not f["symptom"] for f in flaps.values())
    down = [f for f in findings if f["category"] == "link-down" and not f["symptom"]]
    assert not {(f["device"], f["port"]) for f in down} & FLAPPING
    changes = json.loads(interfaces)["interfaces"]["Ethernet64/1"]["interfaceCounters"]
    assert changes["linkStatusChanges"] >= 5
    assert "interface resets" in nxos
    assert "Last link flapped 00:00:" in nxos


@pytest.mark.lab
def test_a_device_that_hangs_mid_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from netmiko import ConnectHandler  # noqa: PLC0415
    from netmiko.exceptions import ReadTimeout  # noqa: PLC0415

    from nornir_optics.tasks import gather  # noqa: PLC0415

    with served_dc1_variant(tmp_path, knobs={"leaf4": {"hang_s": 3}}) as lab:
        connection = ConnectHandler(**connect_args(lab, "leaf4"))
        try:
            with pytest.raises(ReadTimeout):
                connection.send_command("show chassis hardware", read_timeout=1)
            time.sleep(3)
            # after the stall the rest of the output comes, then the prompt
            rest = connection.read_channel()
        finally:
            connection.disconnect()
        # the live audit, with read timeouts shorter than the stall (a wedged CLI outlasts any)
        monkeypatch.setattr(gather, "READ_TIMEOUTS", (("show", 1.5),))
        monkeypatch.setattr(gather, "READ_TIMEOUT", 1.5)
        result = CliRunner().invoke(app, ["audit", "-i", str(lab["dir"]), "--format", "json"])
    assert rest.rstrip().endswith("admin@leaf4>")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    (hung,) = [f for f in report["findings"] if f["device"] == "leaf4"]
    assert (hung["category"], hung["port"]) == ("unreachable", "-")
    assert "timed out" in hung["message"].lower() or "timeout" in hung["message"].lower()
    # the rest of the fleet is audited: dc1's own faults on the other devices are there
    categories = {(f["device"], f["category"]) for f in report["findings"]}
    assert ("leaf2", "fec-mismatch") in categories
    assert ("spine1", "optic-mismatch") in categories
    assert report["summary"]["devices"] == 5
