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
FLAP = {"port": "spine1:Ethernet4/1", "flap_every_s": 2}


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
    with served_dc1_variant(tmp_path, faults=[SWAP, DISORDER, FLAP]) as lab:
        result = CliRunner().invoke(app, ["audit", "-i", str(lab["dir"]), "--format", "json"])
        findings = json.loads(result.stdout)["findings"]
        time.sleep(2.5)  # at least one flap of spine1:Ethernet4/1
        (interfaces,) = show(lab, "spine1", "show interfaces Ethernet4/1 | json", enable=True)
    assert result.exit_code == 1
    mismatch = {
        (f["device"], f["port"]): f for f in findings if f["category"] == "far-end-mismatch"
    }
    spine_end, leaf_end = mismatch[("spine1", "Ethernet2/1")], mismatch[("leaf1", "Ethernet63/1")]
    assert spine_end["remedy"]["kind"] == leaf_end["remedy"]["kind"] == "physical"
    assert spine_end["remedy"]["action"].startswith("re-patch spine1:Ethernet2/1 to leaf2:")
    assert leaf_end["remedy"]["action"].startswith("re-patch leaf1:Ethernet63/1 to spine1:")
    # the module with disordered thresholds is still read (no parse error on spine2)
    assert not [f for f in findings if f["device"] == "spine2" and f["category"] == "parse-error"]
    changes = json.loads(interfaces)["interfaces"]["Ethernet4/1"]["interfaceCounters"]
    assert changes["linkStatusChanges"] > 1


@pytest.mark.lab
def test_a_device_that_hangs_mid_output(tmp_path: Path) -> None:
    from netmiko import ConnectHandler  # noqa: PLC0415
    from netmiko.exceptions import ReadTimeout  # noqa: PLC0415

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
    assert rest.rstrip().endswith("admin@leaf4>")
