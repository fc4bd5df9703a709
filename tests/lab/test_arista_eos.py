"""The simulated Arista EOS (spine1, leaf1 of dc1): real layouts, ntc-templates, Netmiko, NAPALM."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from labtools import DC1_LAB, connect_args, napalm_args, napalm_driver, run_cli
from napalm import get_network_driver
from napalm.base.exceptions import MergeConfigException
from netmiko import ConnectHandler
from ntc_templates.parse import parse_output
from ruamel.yaml import YAML

from nornir_optics.lab.control import down, up
from nornir_optics.lab.personality import Session
from nornir_optics.models import Breakout, Fec

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.vendors.arista_eos.cli import AristaEos

EOS = "arista_eos"


def starts(line: str) -> list[int]:
    """Column where each word of a line starts."""
    return [match.start() for match in re.finditer(r"\S+", line)]


def show(runtime: LabRuntime, device: str, command: str) -> str:
    return run_cli(runtime, device, "enable", command)


def parse(command: str, text: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = parse_output(platform=EOS, command=command, data=text)
    return rows


# ---------------------------------------------------------------- layouts against real output


def test_dom_table_has_the_real_layout(runtime: LabRuntime, real: Path) -> None:
    fixture = (real / EOS / "show_interfaces_transceiver" / "ntc_dom_table.raw").read_text()
    ours = show(runtime, "spine1", "show interfaces transceiver")
    real_lines, our_lines = fixture.splitlines(), ours.splitlines()
    assert our_lines[:7] == real_lines[:7]
    real_rows = {line.split()[0]: line for line in real_lines[7:]}
    # positive dBm (Et3/17/1), negative dBm, Tx N/A (Et3/1/1): same columns as the capture
    by_port = {line.split()[0]: line for line in our_lines[7:]}
    assert starts(by_port["Et1/1"]) == starts(real_rows["Et3/17/1"])
    assert starts(by_port["Et5/1"])[:5] == starts(real_rows["Et3/1/1"])[:5]
    assert by_port["Et1/1"].endswith(" ago")


def test_dom_detail_has_the_real_layout(runtime: LabRuntime, real: Path) -> None:
    fixture = real / EOS / "show_interfaces_transceiver_detail" / "ntc_dom_thresholds.raw"
    real_lines = fixture.read_text().splitlines()
    our_lines = show(runtime, "spine1", "show interfaces transceiver detail").splitlines()
    assert our_lines[:8] == real_lines[:8]
    headers = [line for line in real_lines if "Threshold" in line or line.startswith("Port")]
    assert [line for line in our_lines if "Threshold" in line or line.startswith("Port")] == headers
    assert all(starts(line) == [0, 11, 25, 37, 49, 61] for line in our_lines if line[:2] == "Et")
    assert all(starts(line) == [0, 11, 25, 37, 49, 61] for line in real_lines if line[:2] == "Et")


def test_hardware_has_the_real_fields(runtime: LabRuntime, real: Path) -> None:
    fixture = (real / EOS / "show_interfaces_transceiver_hardware" / "ntc_hw_01.raw").read_text()
    labels = {line.split(":")[0] for line in fixture.splitlines() if line}
    ours = show(runtime, "spine1", "show interfaces transceiver hardware")
    assert {line.split(":")[0] for line in ours.splitlines() if line} <= labels
    assert "Name: Ethernet3/1\nMedia type: 400GBASE-FR4\n" in ours
    assert "Name: Ethernet6/1\nModule presence: not detected\nMaximum slot power (W): N/A\n" in ours


def test_inventory_has_the_real_sections(runtime: LabRuntime, real: Path) -> None:
    fixture = (real / EOS / "show_inventory" / "ntc_inventory.raw").read_text().splitlines()
    ours = show(runtime, "leaf1", "show inventory").splitlines()
    titles = [re.sub(r"\d+", "N", line) for line in fixture if line.startswith("System")]
    assert [re.sub(r"\d+", "N", line) for line in ours if line.startswith("System")] == titles
    # the capture has its whitespace collapsed: compare words and dash widths
    header = fixture.index(" Port Manufacturer Model Serial Number Rev")
    ours_header = next(
        i for i, line in enumerate(ours) if line.split()[:2] == ["Port", "Manufacturer"]
    )
    assert ours[ours_header].split() == fixture[header].split()
    assert [len(w) for w in ours[ours_header + 1].split()] == [
        len(w) for w in fixture[header + 1].split()
    ]
    assert ours[ours_header + 4].split() == [
        "3",
        "Arista",
        "Networks",
        "QDD-400G-DR4",
        "DUPSN000001",
        "A1",
    ]


def test_status_has_the_real_layout(runtime: LabRuntime, real: Path) -> None:
    fixture = (real / EOS / "show_interfaces_status" / "ntc_status.raw").read_text().splitlines()
    ours = show(runtime, "leaf1", "show interfaces status").splitlines()
    assert ours[0] == fixture[0]
    rows = {line.split()[0]: line for line in ours[1:]}
    assert starts(rows["Et2/2"]) == starts(fixture[2])  # inactive lane: unconf unconf
    assert starts(rows["Et2/1"]) == starts(fixture[2])  # a-400G fills the speed column
    assert starts(rows["Et63/1"])[:4] == starts(fixture[1])[:2] + starts(fixture[1])[-5:-3]
    assert rows["Et63/1"].index(" 400GBASE-DR4") == starts(fixture[1])[-1] - 1  # right-aligned


# ---------------------------------------------------------------- ntc-templates parse our output


def test_ntc_parses_dom_table_with_lab_values(runtime: LabRuntime) -> None:
    rows = {
        row["port"]: row
        for row in parse(
            "show interfaces transceiver", show(runtime, "spine1", "show interfaces transceiver")
        )
    }
    module = runtime.device("spine1").modules["Ethernet3/1"]
    assert module is not None
    assert rows["Et3/1"]["rx_power"] == "-30.00"  # FR4 against DR4: no light
    assert rows["Et3/1"]["tx_power"] == f"{module.lanes[0].tx_power_dbm:.2f}"
    assert rows["Et3/7"]["temp"] == f"{module.temperature_c:.2f}"
    assert rows["Et5/1"]["tx_power"] == "N/A"  # shut spare: laser off
    assert set(rows) >= {"Et1/1", "Et1/3", "Et1/5", "Et1/7"}


def test_ntc_parses_dom_detail_with_thresholds(runtime: LabRuntime) -> None:
    text = show(runtime, "spine1", "show interfaces transceiver detail")
    rows = parse("show interfaces transceiver detail", text)
    rx = {row["port"]: row for row in rows if row["type"] == "Rx Power"}
    module = runtime.device("spine1").modules["Ethernet1/1"]
    assert module is not None
    assert rx["Et1/1"]["low_alarm_threshold"] == f"{module.thresholds.rx_power_dbm.low_alarm:.2f}"
    assert rx["Et3/1"]["current_value"] == "-30.00"
    assert {row["type"] for row in rows} == {
        "Temperature",
        "Voltage",
        "Current",
        "Tx Power",
        "Rx Power",
    }


def test_ntc_parses_hardware_inventory_and_status(runtime: LabRuntime) -> None:
    hardware = parse(
        "show interfaces transceiver hardware", show(runtime, "spine1", "show int trans hardware")
    )
    assert {"name": "Ethernet3/1", "media_type": "400GBASE-FR4"}.items() <= next(
        row for row in hardware if row["name"] == "Ethernet3/1"
    ).items()
    inventory = parse("show inventory", show(runtime, "leaf1", "show inventory"))
    assert {
        "port": "3",
        "sn": "DUPSN000001",
        "pid": "QDD-400G-DR4",
        "descr": "Arista Networks",
    }.items() <= next(
        row for row in inventory if row["port"] == "3" and row["pid"].startswith("QDD")
    ).items()
    assert inventory[0]["pid"] == "DCS-7060DX5-64S"
    assert inventory[0]["sn"] == runtime.device("leaf1").serial
    status = {
        row["port"]: row
        for row in parse("show interfaces status", show(runtime, "leaf1", "show interfaces status"))
    }
    assert status["Et2/1"]["speed"] == "a-400G"  # unbroken while four servers hang off it
    assert status["Et2/3"]["status"] == "inactive"
    assert status["Et63/1"]["status"] == "connected"
    assert status["Et62/1"]["status"] == "disabled"


def test_ntc_parses_lldp_and_version(runtime: LabRuntime) -> None:
    lldp = parse("show lldp neighbors", show(runtime, "leaf1", "show lldp neighbors"))
    assert {(r["local_interface"], r["neighbor_name"], r["neighbor_interface"]) for r in lldp} == {
        ("Et63/1", "spine1", "Ethernet1/1"),
        ("Et64/1", "spine2", "Ethernet1/1"),
    }
    version = parse("show version", show(runtime, "spine1", "show version"))[0]
    assert version["model"] == "DCS-7060DX5-64S"
    assert version["image"] == "4.31.2F"


# ---------------------------------------------------------------- CLI and config in-process


def test_prompts_errors_and_session_preparation(runtime: LabRuntime) -> None:
    eos: AristaEos = runtime.personalities["spine1"]  # type: ignore[assignment]
    session = Session(device=runtime.device("spine1"), user="admin")
    assert eos.prompt(session) == "spine1>"
    assert eos.handle(session, "terminal width 511") == "Width set to 511 columns."
    assert (
        eos.handle(session, "show running-config") == "% Invalid input (privileged mode required)"
    )
    eos.handle(session, "enable")
    assert eos.handle(session, "terminal length 0") == "Pagination disabled."
    assert eos.handle(session, "shwo version") == "% Invalid input (at token 0: 'shwo')"
    eos.handle(session, "conf t")
    eos.handle(session, "int Et1/3")
    assert eos.prompt(session) == "spine1(config-if-Et1/3)#"
    eos.handle(session, "interface Management1")
    assert eos.prompt(session) == "spine1(config-if-Ma1)#"  # EOS's short name (netutils' too)
    eos.handle(session, "end")
    eos.handle(session, "configure session s1")
    eos.handle(session, "interface ethernet 2/1")
    assert eos.prompt(session) == "spine1(config-s-s1-if-Et2/1)#"
    assert eos.handle(session, "speed 999") == "% Invalid input (at token 1: '999')"
    assert eos.prompt(session) == "spine1(config-s-s1-if-Et2/1)#"
    assert eos.handle(session, "show int trans | include Et3/1 ").startswith("Et3/1 ")


def test_speed_lines_set_the_breakout(runtime: LabRuntime) -> None:
    leaf1 = runtime.device("leaf1")
    lines = [
        f"interface Ethernet2/{lane}\nspeed 100g-2\nerror-correction encoding reed-solomon"
        for lane in (3, 1, 5, 7)
    ]
    run_cli(runtime, "leaf1", "enable", "configure", *"\n".join(lines).splitlines(), "end")
    assert leaf1.breakouts["Ethernet2/1"] is Breakout("4x100G")
    assert all(leaf1.oper[f"Ethernet2/{lane}"].up for lane in (1, 3, 5, 7))
    assert leaf1.interfaces["Ethernet2/5"].fec is Fec.RS544
    running = show(runtime, "leaf1", "show running-config")
    assert (
        "interface Ethernet2/7\n   speed 100g-2\n   error-correction encoding reed-solomon\n!"
        in running
    )
    run_cli(runtime, "leaf1", "enable", "configure", "interface Ethernet2/1", "speed 400g-8", "end")
    assert leaf1.breakouts["Ethernet2/1"] is Breakout.NONE
    assert "Ethernet2/3" not in leaf1.interfaces


def test_fec_and_admin_lines_round_trip(runtime: LabRuntime) -> None:
    spine1 = runtime.device("spine1")
    run_cli(
        runtime,
        "spine1",
        "enable",
        "configure",
        "interface Ethernet1/1",
        "no error-correction encoding",
        "shutdown",
        "description x y",
        "end",
    )
    config = spine1.interfaces["Ethernet1/1"]
    assert (config.fec, config.admin_up, config.description) == (Fec.NONE, False, "x y")
    assert (
        "   description x y\n   shutdown\n   speed 400g-8\n   no error-correction encoding\n"
        in show(runtime, "spine1", "show running-config")
    )
    assert not spine1.oper["Ethernet1/1"].up
    run_cli(
        runtime,
        "spine1",
        "enable",
        "configure",
        "interface Ethernet1/1",
        "no shutdown",
        "error-correction encoding reed-solomon",
        "end",
    )
    assert spine1.oper["Ethernet1/1"].up


def test_running_config_parses_back_byte_identical(runtime: LabRuntime) -> None:
    before = show(runtime, "leaf1", "show running-config")
    body = [line for line in before.splitlines() if not line.startswith("!")]
    run_cli(runtime, "leaf1", "enable", "configure session rt", "rollback clean-config", *body)
    diff = show(runtime, "leaf1", "show session-config named rt diffs")
    assert diff == ""
    run_cli(runtime, "leaf1", "enable", "configure session rt commit")
    assert show(runtime, "leaf1", "show running-config") == before


def test_commit_timer_reverts_and_abort(runtime: LabRuntime) -> None:
    eos: AristaEos = runtime.personalities["spine1"]  # type: ignore[assignment]
    before = show(runtime, "spine1", "show running-config")
    run_cli(
        runtime,
        "spine1",
        "enable",
        "configure session t1",
        "hostname changed",
        "end",
        "configure session t1 commit timer 00:10:00",
    )
    assert runtime.device("spine1").hostname == "changed"
    sessions = eos.run_commands("admin", ["show configuration sessions detail"], text=False)
    assert sessions["result"][0]["sessions"]["t1"]["state"] == "pendingCommitTimer"
    run_cli(runtime, "spine1", "enable", "configure session t1 abort")
    assert show(runtime, "spine1", "show running-config") == before


def test_eapi_error_is_1002_with_per_command_data(runtime: LabRuntime) -> None:
    eos: AristaEos = runtime.personalities["leaf1"]  # type: ignore[assignment]
    reply = eos.run_commands(
        "admin",
        ["enable", "configure session e1", "interface Ethernet1/1", "speed 999"],
        text=False,
    )
    error = reply["error"]
    assert error["code"] == 1002
    assert error["message"] == "CLI command 4 of 4 'speed 999' failed: invalid command"
    assert error["data"] == [{}, {}, {}, {"errors": ["Invalid input (at token 1: '999')"]}]


# ---------------------------------------------------------------- stock clients on a served lab


@pytest.fixture(scope="module")
def spine1_napalm(dc1_lab: dict[str, Any]) -> Iterator[Any]:
    with napalm_driver(dc1_lab, "spine1") as driver:
        yield driver


def test_napalm_get_facts(spine1_napalm: Any, dc1_lab: dict[str, Any]) -> None:
    facts = spine1_napalm.get_facts()
    assert facts["hostname"] == "spine1"
    assert facts["vendor"] == "Arista"
    assert facts["model"] == "DCS-7060DX5-64S"
    assert facts["serial_number"].startswith("LAB")
    assert "Ethernet3/1" in facts["interface_list"]
    assert dc1_lab["hosts"]["spine1"]["connection_options"]["napalm"]["platform"] == "eos"


def test_napalm_get_interfaces(spine1_napalm: Any) -> None:
    interfaces = spine1_napalm.get_interfaces()
    assert interfaces["Ethernet1/1"]["is_up"] is True
    assert interfaces["Ethernet1/1"]["speed"] == 400000.0
    assert interfaces["Ethernet3/1"]["is_up"] is False  # FR4 against DR4
    assert interfaces["Ethernet5/1"]["is_enabled"] is False  # the shut spare
    assert interfaces["Ethernet1/1"]["description"] == "leaf1:Ethernet63/1"


def test_napalm_get_optics_sees_no_light_on_the_fr4(spine1_napalm: Any) -> None:
    optics = spine1_napalm.get_optics()
    fr4 = optics["Ethernet3/1"]["physical_channels"]["channel"][0]["state"]
    assert fr4["input_power"]["instant"] == -30.0
    assert fr4["output_power"]["instant"] > 0
    good = optics["Ethernet1/7"]["physical_channels"]["channel"][0]["state"]
    assert -2 < good["input_power"]["instant"] < 1


def test_napalm_get_lldp_neighbors(spine1_napalm: Any) -> None:
    assert spine1_napalm.get_lldp_neighbors() == {
        "Ethernet1/1": [{"hostname": "leaf1", "port": "Ethernet63/1"}]
    }


def test_napalm_merge_compare_commit_rollback(fresh_lab: dict[str, Any]) -> None:
    arguments = napalm_args(fresh_lab, "leaf1")
    driver = get_network_driver(arguments.pop("driver"))(**arguments)
    driver.open()
    try:
        before = driver.get_config(retrieve="running")["running"]
        driver.load_merge_candidate(
            config="interface Ethernet2/1\n speed 100g-2\ninterface Ethernet2/3\n speed 100g-2\n"
        )
        diff = driver.compare_config()
        assert "+interface Ethernet2/3\n+   speed 100g-2" in diff
        assert "+   speed 100g-2" in diff
        driver.commit_config()
        status = driver.get_interfaces()
        assert status["Ethernet2/7"]["is_up"] is True
        assert status["Ethernet2/7"]["speed"] == 100000.0
        driver.rollback()
        assert driver.get_config(retrieve="running")["running"] == before
    finally:
        driver.close()
    connection = ConnectHandler(**connect_args(fresh_lab, "leaf1"))
    connection.enable()
    assert "interface Ethernet2/3" not in connection.send_command("show running-config")
    connection.disconnect()


def test_napalm_rejected_line_leaves_running_config(fresh_lab: dict[str, Any]) -> None:
    arguments = napalm_args(fresh_lab, "spine1")
    driver = get_network_driver(arguments.pop("driver"))(**arguments)
    driver.open()
    try:
        before = driver.get_config(retrieve="running")["running"]
        with pytest.raises(MergeConfigException, match="Invalid input"):
            driver.load_merge_candidate(
                config="interface Ethernet1/1\n description ok\n speed 999\n"
            )
        assert driver.compare_config() == ""
        assert driver.get_config(retrieve="running")["running"] == before
    finally:
        driver.close()


@pytest.mark.lab
def test_reject_knob_refuses_a_valid_line(tmp_path: Path) -> None:
    yaml = YAML()
    document = yaml.load(DC1_LAB.read_text())
    document["intent"] = str(DC1_LAB.parent / "intent.yaml")
    document["devices"]["spine1"]["knobs"] = {"reject_config": ["^description REJECTED"]}
    lab_file = tmp_path / "lab.yaml"
    with lab_file.open("w") as stream:
        yaml.dump(document, stream)
    out = tmp_path / "served"
    up(lab_file, out)
    try:
        reader = YAML(typ="safe")
        lab = {
            "hosts": reader.load((out / "hosts.yaml").read_text()),
            **reader.load((out / "defaults.yaml").read_text()),
        }
        connection = ConnectHandler(**connect_args(lab, "spine1"))
        connection.enable()
        before = connection.send_command("show running-config")
        output = connection.send_config_set(["interface Ethernet1/1", "description REJECTED"])
        assert "% Invalid input" in output
        assert connection.send_command("show running-config") == before
        connection.disconnect()
    finally:
        down(out)


def test_netmiko_send_command_sees_dc1_faults(dc1_lab: dict[str, Any]) -> None:
    spine1 = ConnectHandler(**connect_args(dc1_lab, "spine1"))
    spine1.enable()
    hardware = spine1.send_command("show interfaces transceiver hardware")
    assert "Name: Ethernet3/1\nMedia type: 400GBASE-FR4" in hardware
    dom = {
        row["port"]: row
        for row in parse(
            "show interfaces transceiver", spine1.send_command("show interfaces transceiver")
        )
    }
    assert dom["Et3/1"]["rx_power"] == "-30.00"
    spine1.disconnect()
    leaf1 = ConnectHandler(**connect_args(dc1_lab, "leaf1"))
    leaf1.enable()
    inventory = parse("show inventory", leaf1.send_command("show inventory"))
    assert any(row["port"] == "3" and row["sn"] == "DUPSN000001" for row in inventory)
    running = leaf1.send_command("show running-config interfaces Ethernet2/1")
    assert running == "interface Ethernet2/1"  # no speed line: unbroken, auto 400G
    status = {
        row["port"]: row
        for row in parse("show interfaces status", leaf1.send_command("show interfaces status"))
    }
    assert status["Et2/1"]["speed"] == "a-400G"
    assert status["Et2/3"]["status"] == "inactive"
    leaf1.disconnect()


def test_netmiko_send_config_set_visible_from_a_new_session(fresh_lab: dict[str, Any]) -> None:
    connection = ConnectHandler(**connect_args(fresh_lab, "leaf1"))
    connection.enable()
    lines = [
        line
        for lane in (1, 3, 5, 7)
        for line in (
            f"interface Ethernet2/{lane}",
            "speed 100g-2",
            f"description srv10{4 + (lane + 1) // 2}:eth0",
        )
    ]
    output = connection.send_config_set(lines)
    assert "Invalid" not in output
    connection.disconnect()
    again = ConnectHandler(**connect_args(fresh_lab, "leaf1"))
    again.enable()
    running = again.send_command("show running-config")
    assert "interface Ethernet2/5\n   description srv107:eth0\n   speed 100g-2\n!" in running
    status = {
        row["port"]: row
        for row in parse("show interfaces status", again.send_command("show interfaces status"))
    }
    assert status["Et2/5"]["status"] == "connected"
    assert status["Et2/5"]["name"] == "srv107:eth0"
    again.disconnect()
