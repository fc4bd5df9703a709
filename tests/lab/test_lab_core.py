"""The lab's scenario and physics (no protocol), and its life cycle as a process."""

from __future__ import annotations

import socket
import statistics
from typing import TYPE_CHECKING

import pytest
from labtools import DC1_LAB
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.exceptions import InputError
from nornir_optics.lab.control import down, up
from nornir_optics.lab.physics import recompute
from nornir_optics.lab.scenario import Lab, load_lab
from nornir_optics.models import Breakout, Fec

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture
def lab() -> Lab:
    loaded = load_lab(DC1_LAB)
    recompute(loaded)
    return loaded


def _rx(lab: Lab, device: str, port: str) -> list[float | None]:
    module = lab.devices[device].modules[port]
    assert module is not None
    return [lane.rx_power_dbm for lane in module.lanes if lane.used]


def test_dc1_faults_are_real(lab: Lab) -> None:
    spine1, spine2 = lab.devices["spine1"], lab.devices["spine2"]
    leaf1, leaf2, leaf3, leaf4 = (lab.devices[f"leaf{n}"] for n in range(1, 5))
    fr4 = spine1.modules["Ethernet3/1"]
    assert fr4 is not None
    assert fr4.optic == "400GBASE-FR4"
    assert _rx(lab, "leaf3", "Ethernet240") == [None] * 4
    assert _rx(lab, "spine1", "Ethernet3/1") == [None] * 4
    rx = _rx(lab, "leaf3", "Ethernet248")
    assert all(value is not None for value in rx)
    others = statistics.mean(
        value for index, value in enumerate(rx) if index != 2 and value is not None
    )
    assert rx[2] is not None
    assert 4.0 <= others - rx[2] <= 5.0
    assert leaf2.modules["Ethernet1/64"] is None
    assert _rx(lab, "spine2", "Ethernet1/2") == [None] * 4
    serials = {
        leaf4.modules["et-0/0/1"].serial,  # type: ignore[union-attr]
        leaf1.modules["Ethernet3/1"].serial,  # type: ignore[union-attr]
    }
    assert serials == {"DUPSN000001"}
    assert spine2.modules["Ethernet1/4"].temperature_c == 71.0  # type: ignore[union-attr]
    assert leaf2.interfaces["Ethernet1/63"].fec is Fec.NONE
    assert not leaf2.oper["Ethernet1/63"].up
    assert not spine1.oper["Ethernet2/1"].up
    assert all(value is not None for value in _rx(lab, "leaf2", "Ethernet1/63"))
    assert leaf1.breakouts["Ethernet2/1"] is Breakout.NONE
    assert leaf1.breakouts["Ethernet1/1"] is Breakout("2x200G")
    assert leaf3.interfaces["Ethernet2"].fec is Fec.FC
    assert not leaf3.oper["Ethernet2"].up
    assert leaf3.oper["Ethernet4"].up
    assert not leaf4.interfaces["et-0/0/30"].admin_up
    assert _rx(lab, "spine1", "Ethernet4/1") == [None] * 4
    unapproved = leaf2.modules["Ethernet1/2"]
    assert unapproved is not None
    assert (unapproved.vendor, unapproved.part_number) == ("ACME Optics", "QDD-400G-DR4-X")


def test_healthy_links_are_up_with_light_and_lldp(lab: Lab) -> None:
    spine1 = lab.devices["spine1"]
    assert spine1.oper["Ethernet1/1"].up
    assert spine1.lldp["Ethernet1/1"].system == "leaf1"
    assert spine1.lldp["Ethernet1/1"].port == "Ethernet63/1"
    rx = _rx(lab, "spine1", "Ethernet1/1")
    assert all(value is not None and -2.0 < value < 1.5 for value in rx)
    module = spine1.modules["Ethernet1/1"]
    assert module is not None
    assert [lane.used for lane in module.lanes] == [True] * 4 + [False] * 4


def test_planned_link_is_not_built_and_spare_is_dark(lab: Lab) -> None:
    assert lab.devices["leaf1"].modules["Ethernet4/1"] is None
    assert lab.devices["spine2"].modules["Ethernet1/5"] is None
    assert not lab.devices["spine1"].interfaces["Ethernet5/1"].admin_up
    assert _rx(lab, "spine1", "Ethernet5/1") == [None] * 4
    assert _rx(lab, "leaf1", "Ethernet62/1") == [None] * 4


def test_setting_rs_fec_back_brings_the_link_up(lab: Lab) -> None:
    lab.devices["leaf2"].interfaces["Ethernet1/63"].fec = Fec.RS544
    recompute(lab)
    assert lab.devices["leaf2"].oper["Ethernet1/63"].up
    assert lab.devices["spine1"].oper["Ethernet2/1"].up
    assert all(value is not None for value in _rx(lab, "spine1", "Ethernet2/1"))


def test_fixing_a_breakout_brings_its_four_legs_up(lab: Lab) -> None:
    leaf1 = lab.devices["leaf1"]
    leaf1.set_breakout("Ethernet2/1", Breakout("4x100G"))
    recompute(lab)
    children = leaf1.children("Ethernet2/1")
    assert children == ["Ethernet2/1", "Ethernet2/3", "Ethernet2/5", "Ethernet2/7"]
    assert all(leaf1.oper[name].up for name in children)


def test_snapshot_restore_is_exact(lab: Lab) -> None:
    leaf1 = lab.devices["leaf1"]
    before = leaf1.snapshot()
    leaf1.set_breakout("Ethernet1/1", Breakout("4x100G"))
    leaf1.interfaces["Ethernet1/3"].description = "changed"
    leaf1.restore(before)
    assert leaf1.snapshot() == before


def test_readings_are_reproducible() -> None:
    one, two = load_lab(DC1_LAB), load_lab(DC1_LAB)
    recompute(one)
    recompute(two)
    assert _rx(one, "leaf3", "Ethernet248") == _rx(two, "leaf3", "Ethernet248")


def test_bad_lab_file_is_one_line_per_problem(tmp_path: Path) -> None:
    lab_file = tmp_path / "lab.yaml"
    lab_file.write_text(
        "intent: intent.yaml\ndevices:\n  sw1: {platform: arista_eos, model: DCS-9999}\n",
        encoding="utf-8",
    )
    (tmp_path / "intent.yaml").write_text("version: 1\nlinks: []\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_lab(lab_file)
    assert caught.value.problems == [
        f"{lab_file}:3: devices.sw1: unknown arista_eos model 'DCS-9999'"
    ]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.lab
def test_lab_up_serves_every_port_and_down_leaves_nothing_behind(tmp_path: Path) -> None:
    info = up(DC1_LAB, tmp_path)
    ports = [port for device in info["ports"].values() for port in device.values()]  # type: ignore[union-attr]
    assert all(_listening(port) for port in ports)
    assert (tmp_path / "intent.yaml").read_text() == (DC1_LAB.parent / "intent.yaml").read_text()
    assert "password" not in (tmp_path / "hosts.yaml").read_text()
    assert down(tmp_path)
    assert not (tmp_path / "lab.pid").exists()
    assert not any(_listening(port) for port in ports)
    assert not down(tmp_path)


@pytest.mark.lab
def test_lab_cli_up_and_down(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["lab", "up", str(DC1_LAB), "--out", str(tmp_path)])
    try:
        assert result.exit_code == 0, result.output
        assert "6 device(s)" in result.output
        assert (tmp_path / "hosts.yaml").exists()
    finally:
        stopped = runner.invoke(app, ["lab", "down", str(tmp_path)])
    assert "stopped" in stopped.output
