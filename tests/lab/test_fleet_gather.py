"""Gather over the served dc1 lab with stock Nornir + Netmiko: inventory, sessions, failures."""

from __future__ import annotations

import json
import statistics
from typing import TYPE_CHECKING, Any

import pytest
from labtools import DC1_LAB, free_port
from ruamel.yaml import YAML
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.lab.control import down, up
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab

if TYPE_CHECKING:
    from pathlib import Path


def test_inventory_lists_every_module_with_the_labs_values(fresh_lab: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["inventory", "-i", str(fresh_lab["dir"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["errors"] == []
    modules = {(m["device"], m["port"]): m for m in data["modules"]}
    truth = LabRuntime(load_lab(DC1_LAB)).lab
    installed = {
        (name, port): module
        for name, state in truth.devices.items()
        for port, module in state.modules.items()
        if module is not None
    }
    assert set(modules) == set(installed)
    for key, module in installed.items():
        row = modules[key]
        assert row["serial"] == module.serial, key
        assert row["media_type"] == module.optic, key
        if module.optic == "400GBASE-DR4":
            assert len(row["lanes"]) == 4, key
    assert modules[("spine1", "Ethernet3/1")]["media_type"] == "400GBASE-FR4"
    assert ("leaf2", "Ethernet1/64") not in modules
    lanes = {
        lane["lane"]: lane.get("rx_power_dbm")
        for lane in modules[("leaf3", "Ethernet248")]["lanes"]
    }
    others = statistics.mean(lanes[n] for n in (1, 2, 4))
    assert 4.0 <= others - lanes[3] <= 5.0
    dark = modules[("leaf3", "Ethernet240")]["lanes"]
    assert {lane["state"] for lane in dark} == {"no_light"}
    assert all("rx_power_dbm" not in lane for lane in dark)


def test_one_session_per_device_per_gather(fresh_lab: dict[str, Any]) -> None:
    result = CliRunner().invoke(app, ["inventory", "-i", str(fresh_lab["dir"]), "--format", "csv"])
    assert result.exit_code == 0, result.output
    sessions = json.loads((fresh_lab["dir"] / "sessions.json").read_text())
    assert set(sessions) == set(fresh_lab["hosts"])
    assert all(counts == {"ssh": 1} for counts in sessions.values()), sessions


@pytest.mark.lab
def test_broken_devices_are_one_finding_each_and_the_rest_is_audited(tmp_path: Path) -> None:
    yaml = YAML()
    lab = yaml.load(DC1_LAB.read_text())
    lab["intent"] = str(DC1_LAB.parent / "intent.yaml")
    lab["devices"]["leaf2"]["knobs"] = {"login_fails": True}
    lab["devices"]["leaf3"]["knobs"] = {"garbage": True}
    lab_file = tmp_path / "lab.yaml"
    with lab_file.open("w") as stream:
        yaml.dump(lab, stream)
    out = tmp_path / "run"
    up(lab_file, out)
    try:
        hosts = yaml.load((out / "hosts.yaml").read_text())
        hosts["ghost"] = {
            "hostname": "127.0.0.1",
            "port": free_port(),
            "platform": "arista_eos",
            "data": {"model": "DCS-7060DX5-64S"},
        }
        hosts["typo"] = {  # an optics platform, but a Netmiko device_type that does not exist
            **hosts["ghost"],
            "connection_options": {"netmiko": {"platform": "arista_eoss"}},
        }
        with (out / "hosts.yaml").open("w") as stream:
            yaml.dump(hosts, stream)
        result = CliRunner().invoke(app, ["audit", "-i", str(out), "--format", "json"])
        assert result.exit_code == 3, result.output
        findings = json.loads(result.stdout)["findings"]
        per_device = {
            device: [
                (f["category"], f["message"].split(" (")[0])
                for f in findings
                if f["device"] == device and f["port"] == "-"
            ]
            for device in ("leaf2", "leaf3", "ghost", "typo")
        }
        assert per_device == {
            "leaf2": [("auth-failed", "leaf2 rejected the login of user 'admin'")],  # login_fails
            "leaf3": [("parse-error", "leaf3: no sonic transceiver or port data in the output")],
            "ghost": [("unreachable", "connection refused")],
            "typo": [("platform-unsupported", "no driver for the host's platform")],
        }
        assert any(f["device"] == "spine1" and f["category"] == "optic-mismatch" for f in findings)
        secret = yaml.load((out / "defaults.yaml").read_text())["password"]
        assert secret not in result.output
    finally:
        down(out)
