"""NX-OS personality (spine2, leaf2): layouts vs real captures, parsers, stock clients."""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest
from labtools import DC1_LAB, connect_args, napalm_args, run_cli
from napalm import get_network_driver
from netmiko import ConnectHandler
from ntc_templates.parse import parse_output
from ruamel.yaml import YAML

from nornir_optics.lab.control import down, up
from nornir_optics.lab.scenario import make_module
from nornir_optics.lab.state import Levels

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import Module

NX = "cisco_nxos"
DR4_RAW = "cisco_nxos/show_interface_transceiver_details/genie_400g_qdd_dr4_per_lane.raw"


def _fixture(real: Path, relative: str) -> str:
    return (real / relative).read_text(encoding="utf-8")


def _label(line: str) -> str:
    """``    type is X`` -> ``    type is``; lines without `` is `` keep their first words."""
    if " is " in line:
        return line.split(" is ", 1)[0] + " is"
    indent = line[: len(line) - len(line.lstrip())]
    return indent + " ".join(line.split()[:3])


def _header(block: str) -> list[str]:
    """The identity lines of one interface block (after its name, up to the first blank line)."""
    return block.split("\n\n", 1)[0].splitlines()[1:]


def _as_real_dr4(module: Module) -> None:
    """Give a lab module the identity, environment and thresholds of the real DR4 capture."""
    module.vendor, module.serial, module.revision = "CISCO-INNOLIGHT", "INL24173669", "2B"
    module.firmware, module.part_number = "204.154", "QDD-400G-DR4-S"
    module.temperature_c, module.voltage_v = 21.02, 3.33
    limits = module.thresholds
    limits.temperature_c = Levels(80.0, 75.0, 0.0, -5.0)
    limits.voltage_v = Levels(3.63, 3.46, 3.13, 2.97)
    limits.tx_bias_ma = Levels(120.0, 110.0, 30.0, 20.0)
    limits.tx_power_dbm = Levels(6.99, 3.99, -2.90, -6.90)
    limits.rx_power_dbm = Levels(6.99, 3.99, -5.90, -9.91)
    for lane in module.lanes:
        lane.tx_power_dbm = lane.rx_power_dbm = lane.tx_bias_ma = None


# ---------------------------------------------------------------- renderers vs real captures


def test_details_lane_blocks_are_the_real_dr4_blocks(runtime: LabRuntime, real: Path) -> None:
    module = runtime.device("spine2").modules["Ethernet1/1"]
    assert module is not None
    _as_real_dr4(module)
    ours = run_cli(runtime, "spine2", "show interface Ethernet1/1 transceiver details")
    fixture = _fixture(real, DR4_RAW)
    # Same lanes (1-4 of a 4-lane DR4; no lanes 5-8), same tables, same N/A forms, byte for byte.
    assert ours.split("\n\n", 1)[1].rstrip("\n") == fixture.split("\n\n", 1)[1]


def test_details_identity_lines_follow_the_real_dr4(runtime: LabRuntime, real: Path) -> None:
    module = runtime.device("spine2").modules["Ethernet1/1"]
    assert module is not None
    _as_real_dr4(module)
    ours = _header(run_cli(runtime, "spine2", "show interface Ethernet1/1 transceiver details"))
    theirs = _header(_fixture(real, DR4_RAW))
    assert [_label(line) for line in ours] == [_label(line) for line in theirs]
    differ = {"    part number is", "    min operational voltage is", "    date code is"}
    assert [
        a for a, b in zip(ours, theirs, strict=True) if a != b and _label(a) not in differ
    ] == []


def test_transceiver_follows_the_real_400g_fr4(runtime: LabRuntime, real: Path) -> None:
    lab = runtime.lab
    optic = lab.catalog.optic("400GBASE-FR4")
    assert optic is not None
    module = make_module(lab, "spine2", "Ethernet1/1", optic, NX)
    module.part_number = "QDD-400G-FR4-S"
    runtime.device("spine2").modules["Ethernet1/1"] = module
    ours = _header(run_cli(runtime, "spine2", "show interface Ethernet1/1 transceiver"))
    theirs = _header(_fixture(real, "cisco_nxos/show_interface_transceiver/ntc_400g_qdd_fr4.raw"))
    # The 400G DR4 capture (a later release) has no "cisco extended id number" line; neither do we.
    kept = [line for line in theirs if "extended id" not in line]
    assert [_label(line) for line in ours] == [_label(line) for line in kept]
    shared = ("    type is", "    media interface advertising code is", "    Link length SMF is")
    for label in shared:
        assert next(x for x in ours if x.startswith(label)) == next(
            x for x in kept if x.startswith(label)
        )


def test_no_module_and_dark_lanes_read_as_on_nxos(runtime: LabRuntime, real: Path) -> None:
    absent = run_cli(runtime, "leaf2", "show interface Ethernet1/64 transceiver details")
    napalm_raw = _fixture(
        real, "cisco_nxos/show_interface_transceiver_details/napalm_n3548_dac.raw"
    )
    assert absent == "Ethernet1/64\n    transceiver is not present\n"
    assert "Ethernet1/18\n    transceiver is not present\n" in napalm_raw
    # spine2:Ethernet1/2 faces leaf2:Ethernet1/64 (no module): no light, Rx reads N/A per lane.
    dark = run_cli(runtime, "spine2", "show interface Ethernet1/2 transceiver details")
    rx_rows = [line for line in dark.splitlines() if line.lstrip().startswith("Rx Power")]
    real_rx = next(
        line for line in _fixture(real, DR4_RAW).splitlines() if "Rx Power" in line
    ).split("dBm")[0]
    assert len(rx_rows) == 4
    assert all(row.startswith(real_rx.rsplit("6.99", 1)[0]) for row in rx_rows)


def test_status_follows_the_real_layout(runtime: LabRuntime, real: Path) -> None:
    ours = run_cli(runtime, "leaf2", "show interface status").splitlines()
    capture = _fixture(real, "cisco_nxos/show_interface_status/genie_100g_sr1_2.raw").splitlines()
    assert ours[:4] == capture[1:5]  # blank line, rule, header, rule
    header = capture[3]
    starts = [header.index(word) for word in ("Name", "Status", "Vlan", "Duplex", "Speed", "Type")]
    real_row = capture[5]
    row = next(line for line in ours if line.startswith("Eth1/63 "))
    for start in starts:
        assert row[start - 1] == " " != row[start]
        assert real_row[start - 1] == " " != real_row[start]
    assert row.split() == [
        "Eth1/63",
        "spine1:Ethernet2/1",
        "notconnec",
        "routed",
        "auto",
        "400G",
        "QSFP-DD-400G-DR4",
    ]


def test_breakout_follows_the_real_layout(runtime: LabRuntime, real: Path) -> None:
    ours = run_cli(runtime, "leaf2", "show interface breakout").splitlines()
    capture = _fixture(real, "cisco_nxos/show_interface_breakout/ntc_10g_4x.raw").splitlines()
    assert ours[:4] == capture[:4]
    real_row = capture[4]
    for row in ours[4:]:
        assert [row.index(part) for part in row.split()] == [
            real_row.index(part) for part in real_row.split()
        ]
    assert [row.split() for row in ours[4:]] == [
        ["Eth1/1", "100g-4x", "Eth1/1/1-4"],
        ["Eth1/2", "100g-4x", "Eth1/2/1-4"],
    ]


def test_inventory_follows_the_real_layout(runtime: LabRuntime, real: Path) -> None:
    ours = run_cli(runtime, "leaf2", "show inventory")
    capture = _fixture(real, "cisco_nxos/show_inventory/ntc_inventory2.raw")
    chassis = r'NAME: "Chassis",  DESCR: "Nexus9000 \S+ chassis"\nPID: \S+ +,  VID: V0\d ,  SN: \w+'
    assert re.search(chassis, capture)
    assert re.search(chassis.replace("chassis", "Chassis"), ours)
    # A third-party optic: blank PID, its part number under VID (as the FiberStore rows read).
    third_party = "NAME: Ethernet1/2,  DESCR: ACME Optics\nPID:                     ,  VID: "
    assert third_party in ours
    assert "NAME: Ethernet1/1,  DESCR: FiberStore\nPID:                     ,  VID: " in capture
    assert "Ethernet1/64" not in ours


def test_capabilities_use_the_real_field_names(runtime: LabRuntime, real: Path) -> None:
    ours = run_cli(runtime, "spine2", "show interface Ethernet1/1 capabilities").splitlines()
    capture = _fixture(real, "cisco_nxos/show_interface_capabilities/ntc_caps.raw").splitlines()

    def fields(lines: list[str]) -> dict[str, int]:
        return {line.split(":")[0]: line.index(line.split(":", 1)[1].strip()) for line in lines[1:]}

    ours_fields, real_fields = fields([x for x in ours if x]), fields(capture[:24])
    assert ours[0] == "Ethernet1/1"
    assert set(ours_fields) - {"  Type (SFP capable)"} <= set(real_fields)
    assert {real_fields[name] for name in ours_fields if name in real_fields} == {25}
    assert set(ours_fields.values()) == {25}


# ---------------------------------------------------------------- ntc-templates


def _parse(runtime: LabRuntime, device: str, command: str) -> list[dict[str, Any]]:
    output = run_cli(runtime, device, command)
    return list(parse_output(platform=NX, command=command, data=output))


def test_ntc_transceiver(runtime: LabRuntime) -> None:
    rows = {row["interface"]: row for row in _parse(runtime, "leaf2", "show interface transceiver")}
    module = runtime.device("leaf2").modules["Ethernet1/63"]
    assert module is not None
    assert rows["Ethernet1/64"]["status"] == "not present"
    assert rows["Ethernet1/63"]["serial"] == module.serial
    assert rows["Ethernet1/63"]["type"] == "QSFP-DD-400G-DR4"
    assert rows["Ethernet1/63"]["product_id"] == "QDD-400G-DR4-S"
    assert rows["Ethernet1/2/3"]["manufacturer"] == "ACME"
    assert rows["Ethernet1/2/3"]["part_number"] == "QDD-400G-DR4-X"


def test_ntc_transceiver_details(runtime: LabRuntime) -> None:
    rows = _parse(runtime, "spine2", "show interface transceiver details")
    hot = [row for row in rows if row["interface"] == "Ethernet1/4"]
    module = runtime.device("spine2").modules["Ethernet1/4"]
    assert module is not None
    assert [row["lane"] for row in hot] == ["1", "2", "3", "4"]
    assert {row["temperature_value"] for row in hot} == {"71.00"}
    for row in hot:
        lane = module.lane(int(row["lane"]))
        assert lane.rx_power_dbm is not None
        assert float(row["rx_value"]) == pytest.approx(lane.rx_power_dbm, abs=0.005)
    dark = [row for row in rows if row["interface"] == "Ethernet1/2"]
    assert {row["rx_value"] for row in dark} == {"N/A"}
    legs = _parse(runtime, "leaf2", "show interface transceiver details")
    assert [row["lane"] for row in legs if row["interface"] == "Ethernet1/1/3"] == ["3"]


def test_ntc_breakout_inventory_status(runtime: LabRuntime) -> None:
    breakout = _parse(runtime, "leaf2", "show interface breakout")
    assert [(r["parent"], r["breakout_map"]) for r in breakout] == [
        ("Eth1/1", "100g-4x"),
        ("Eth1/2", "100g-4x"),
    ]
    inventory = {r["name"]: r for r in _parse(runtime, "spine2", "show inventory")}
    assert inventory["Chassis"]["pid"] == "N9K-C9364D-GX2A"
    assert inventory["Chassis"]["sn"] == runtime.device("spine2").serial
    module = runtime.device("spine2").modules["Ethernet1/4"]
    assert module is not None
    assert inventory["Ethernet1/4"]["sn"] == module.serial
    status = {r["port"]: r for r in _parse(runtime, "leaf2", "show interface status")}
    assert status["Eth1/63"]["status"] == "notconnec"
    assert status["Eth1/64"]["status"] == "xcvrAbsen"
    assert status["Eth1/1/1"]["status"] == "connected"
    assert status["Eth1/1/1"]["speed"] == "100G"


# ---------------------------------------------------------------- CLI behaviour in-process


def test_errors_are_nxos_caret_errors(runtime: LabRuntime) -> None:
    assert run_cli(runtime, "spine2", "show foo") == (
        " " * len("spine2# show ") + "^\n% Invalid command at '^' marker."
    )
    assert run_cli(runtime, "spine2", "show inventory bogus").endswith(
        "% Invalid parameter detected at '^' marker."
    )
    assert run_cli(runtime, "spine2", "show interface Ethernet1/99 status").endswith(
        "% Invalid range at '^' marker."
    )
    before = run_cli(runtime, "leaf2", "show running-config")
    bad = run_cli(runtime, "leaf2", "configure terminal", "interface Ethernet1/63", "fec kp4")
    assert bad.endswith("% Invalid command at '^' marker.")
    speed = run_cli(runtime, "leaf2", "configure terminal", "interface e1/1/1", "speed 400000")
    assert speed == "ERROR: Configuration does not match the port capability."
    assert run_cli(runtime, "leaf2", "show running-config") == before


def test_breakout_resets_the_legs_and_renders(runtime: LabRuntime) -> None:
    note = run_cli(
        runtime,
        "spine2",
        "configure terminal",
        "interface breakout module 1 port 5 map 100g-4x",
    )
    assert "Ethernet1/5" in note
    assert "reloaded" in note
    config = run_cli(runtime, "spine2", "show running-config")
    assert "interface breakout module 1 port 5 map 100g-4x\n" in config
    assert "\ninterface Ethernet1/5/4\n" in config
    assert "\ninterface Ethernet1/5\n" not in config
    assert "description" not in run_cli(runtime, "spine2", "show running-config interface e1/5/1")
    run_cli(runtime, "spine2", "configure", "no interface breakout module 1 port 5")
    assert "\ninterface Ethernet1/5\n" in run_cli(runtime, "spine2", "show running-config")


def test_named_checkpoint_rollback_is_byte_identical(runtime: LabRuntime) -> None:
    before = run_cli(runtime, "leaf2", "show running-config")
    assert run_cli(runtime, "leaf2", "checkpoint before-fix") == "...........Done"
    run_cli(
        runtime,
        "leaf2",
        "configure terminal",
        "interface breakout module 1 port 63 map 100g-4x",
        "hostname leaf2-new",
        "interface Ethernet1/64",
        "shutdown",
        "description moved",
    )
    assert run_cli(runtime, "leaf2", "show running-config") != before
    result = run_cli(runtime, "leaf2", "rollback running-config checkpoint before-fix")
    assert result.endswith("Rollback completed successfully.\n")
    assert run_cli(runtime, "leaf2", "show running-config") == before
    assert runtime.device("leaf2").hostname == "leaf2"


def test_configure_replace_with_commit_timer_reverts_when_it_expires(runtime: LabRuntime) -> None:
    """The timer armed by a replace restores the config from before it, later lines included."""
    before = run_cli(runtime, "leaf2", "show running-config")
    assert "Copy complete" in run_cli(runtime, "leaf2", "copy running-config bootflash:base.cfg")
    armed = run_cli(runtime, "leaf2", "configure replace bootflash:base.cfg commit-timeout 30")
    assert "Rollback Patch is Empty" in armed
    assert "before the commit timer expires (30 seconds)" in armed
    again = run_cli(runtime, "leaf2", "configure replace bootflash:base.cfg commit-timeout 30")
    assert again.startswith("ERROR: Configure replace commit is pending")
    run_cli(runtime, "leaf2", "configure terminal", "interface Ethernet1/63", "no fec")
    assert run_cli(runtime, "leaf2", "show running-config") != before
    personality = runtime.personalities["leaf2"]
    personality.replace_expired()  # type: ignore[attr-defined] - what the device timer calls
    assert run_cli(runtime, "leaf2", "show running-config") == before
    assert run_cli(runtime, "leaf2", "configure replace commit").startswith("ERROR: No configure")


def test_configure_replace_commit_stops_the_timer(runtime: LabRuntime) -> None:
    run_cli(runtime, "leaf2", "copy running-config bootflash:base.cfg")
    run_cli(runtime, "leaf2", "configure replace bootflash:base.cfg verbose commit-timeout 3600")
    run_cli(runtime, "leaf2", "configure terminal", "interface Ethernet1/63", "no fec")
    changed = run_cli(runtime, "leaf2", "show running-config")
    assert run_cli(runtime, "leaf2", "configure replace commit") == ""
    runtime.personalities["leaf2"].replace_expired()  # type: ignore[attr-defined]
    assert run_cli(runtime, "leaf2", "show running-config") == changed


@pytest.mark.parametrize(
    ("command", "error"),
    [
        ("configure replace bootflash:base.cfg commit-timeout 29", "% Invalid range"),
        ("configure replace bootflash:base.cfg commit-timeout 3601", "% Invalid range"),
        ("configure replace bootflash:base.cfg commit-timeout", "% Incomplete command"),
        ("configure replace bootflash:base.cfg bogus", "% Invalid parameter"),
        ("configure replace bootflash:absent.cfg", "ERROR: No such file or directory"),
        ("configure replace commit", "ERROR: No configure replace commit is pending."),
    ],
)
def test_configure_replace_errors(runtime: LabRuntime, command: str, error: str) -> None:
    run_cli(runtime, "leaf2", "copy running-config bootflash:base.cfg")
    assert error in run_cli(runtime, "leaf2", command)


# ---------------------------------------------------------------- stock clients, served lab


def test_napalm_get_facts(dc1_lab: dict[str, Any]) -> None:
    args = napalm_args(dc1_lab, "spine2")
    with get_network_driver(args.pop("driver"))(**args) as driver:
        facts = driver.get_facts()
        interfaces = driver.get_interfaces()
    assert facts["hostname"] == "spine2"
    assert facts["vendor"] == "Cisco"
    assert facts["model"] == "Nexus9000 C9364D-GX2A Chassis"
    assert facts["os_version"] == "10.3(4a)"
    assert facts["serial_number"].startswith("LAB")
    assert "Ethernet1/64" in facts["interface_list"]
    assert facts["uptime"] > 86400
    assert interfaces["Ethernet1/1"]["is_up"] is True
    assert interfaces["Ethernet1/2"]["is_up"] is False
    assert interfaces["Ethernet1/1"]["speed"] == 400000.0
    assert interfaces["Ethernet1/1"]["description"] == "leaf1:Ethernet64/1"


def test_napalm_get_optics(dc1_lab: dict[str, Any], runtime: LabRuntime) -> None:
    optics: dict[str, Any] = {}
    for device in ("spine2", "leaf2"):
        args = napalm_args(dc1_lab, device)
        with get_network_driver(args.pop("driver"))(**args) as driver:
            optics[device] = driver.get_optics()
    hot = optics["spine2"]["Ethernet1/4"]
    module = runtime.device("spine2").modules["Ethernet1/4"]
    assert module is not None
    assert hot["state"]["serial_no"] == module.serial
    assert hot["state"]["vendor_part"] == "QDD-400G-DR4-S"
    channel = hot["physical_channels"]["channel"][0]["state"]
    lane = module.lane(1)
    assert channel["input_power"]["instant"] == lane.rx_power_dbm
    assert channel["output_power"]["instant"] == lane.tx_power_dbm
    assert channel["laser_bias_current"]["instant"] == lane.tx_bias_ma
    assert "71" not in str(hot)  # the temperature is not a get_optics field
    dark = optics["spine2"]["Ethernet1/2"]["physical_channels"]["channel"][0]["state"]
    assert dark["input_power"]["instant"] == -100.0  # napalm's reading of N/A
    assert "Ethernet1/64" not in optics["leaf2"]
    assert optics["leaf2"]["Ethernet1/2/1"]["state"]["vendor"] == "ACME Optics"


def test_netmiko_send_command(dc1_lab: dict[str, Any]) -> None:
    with ConnectHandler(**connect_args(dc1_lab, "spine2")) as connection:
        assert connection.base_prompt == "spine2"
        rows = connection.send_command(
            "show interface transceiver details", use_textfsm=True, raise_parsing_error=True
        )
        error = connection.send_command("show foo")
        version = connection.send_command("show version | include NXOS:")
        parsed = connection.send_command("show inventory | json")
    assert isinstance(rows, list)
    temperatures = {row["temperature_value"] for row in rows if row["interface"] == "Ethernet1/4"}
    assert temperatures == {"71.00"}
    assert "% Invalid command at '^' marker." in error
    assert version.strip() == "NXOS: version 10.3(4a)"
    assert '"ROW_inv"' in parsed
    assert '"name": "\\"Chassis\\""' in parsed


def _fresh_session(lab: dict[str, Any], device: str, command: str) -> str:
    with ConnectHandler(**connect_args(lab, device)) as connection:
        return str(connection.send_command(command))


def test_cli_fec_fix_brings_leaf2_uplink_up(fresh_lab: dict[str, Any], runtime: LabRuntime) -> None:
    # The catalogue's rs544 keyword is null (platform default), so the fix is `no fec`.
    lines = ["interface Ethernet1/63", "no fec"]
    with ConnectHandler(**connect_args(fresh_lab, "leaf2")) as connection:
        assert "notconnec" in connection.send_command("show interface Ethernet1/63 status")
        output = connection.send_config_set(lines)
        assert "Invalid" not in output
        assert "Copy complete." in connection.save_config()
    status = _fresh_session(fresh_lab, "leaf2", "show interface Ethernet1/63 status")
    assert re.search(r"^Eth1/63 .* connected ", status, re.MULTILINE)
    config = _fresh_session(fresh_lab, "leaf2", "show running-config interface Ethernet1/63")
    assert "fec" not in config
    assert "description spine1:Ethernet2/1" in config
    lldp = _fresh_session(fresh_lab, "leaf2", "show lldp neighbors")
    assert re.search(r"^spine1 +Eth1/63 +120 +BR +Ethernet2/1$", lldp, re.MULTILINE)
    details = _fresh_session(fresh_lab, "leaf2", "show interface Ethernet1/63 transceiver details")
    rx = re.findall(r"Rx Power +(-?\d+\.\d+) dBm", details)
    assert len(rx) == 4
    # The far end (spine1, EOS) is checked on the same lab state in-process: light on all lanes.
    run_cli(runtime, "leaf2", "configure terminal", *lines)
    spine1 = runtime.device("spine1").modules["Ethernet2/1"]
    assert spine1 is not None
    assert all(spine1.lane(n).rx_power_dbm is not None for n in range(1, 5))
    assert runtime.device("spine1").oper["Ethernet2/1"].up
    assert runtime.device("leaf2").oper["Ethernet1/63"].up


def test_checkpoint_change_rollback_is_byte_identical(fresh_lab: dict[str, Any]) -> None:
    before = _fresh_session(fresh_lab, "leaf2", "show running-config")
    with ConnectHandler(**connect_args(fresh_lab, "leaf2")) as connection:
        assert connection.send_command("terminal dont-ask") == ""
        assert connection.send_command("checkpoint file bootflash:nxlab_before") == "Done"
        assert "nxlab_before" in connection.send_command("dir bootflash:nxlab_before")
        changes = [
            "interface breakout module 1 port 63 map 100g-4x",
            "interface Ethernet1/64",
            "fec rs-fec",
            "description moved",
            "shutdown",
        ]
        output = connection.send_config_set(changes)
        assert "Invalid" not in output
    changed = _fresh_session(fresh_lab, "leaf2", "show running-config")
    assert "interface breakout module 1 port 1-2,63 map 100g-4x" in changed
    assert "  fec rs-fec\n  shutdown\n" in changed
    with ConnectHandler(**connect_args(fresh_lab, "leaf2")) as connection:
        result = connection.send_command(
            "rollback running-config file bootflash:nxlab_before", read_timeout=30
        )
        gone = connection.send_command("dir bootflash:missing_file")
    assert "Rollback completed successfully." in result
    assert "No such file or directory" in gone
    assert _fresh_session(fresh_lab, "leaf2", "show running-config") == before


def test_napalm_merge_commit_rollback(fresh_lab: dict[str, Any]) -> None:
    before = _fresh_session(fresh_lab, "spine2", "show running-config")
    args = napalm_args(fresh_lab, "spine2")
    with get_network_driver(args.pop("driver"))(**args) as driver:
        driver.load_merge_candidate(config="interface Ethernet1/5\n  shutdown\n")
        assert "shutdown" in driver.compare_config()
        driver.commit_config()
        assert driver.get_interfaces()["Ethernet1/5"]["is_enabled"] is False
        driver.rollback()
    assert _fresh_session(fresh_lab, "spine2", "show running-config") == before


@pytest.fixture
def reject_lab(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """dc1 with leaf2 refusing FEC lines (the reject_config knob), served for one test."""
    folder = tmp_path / "inventory"
    shutil.copytree(DC1_LAB.parent, folder)
    lab_file = folder / "lab.yaml"
    yaml = YAML()
    document = yaml.load(lab_file.read_text(encoding="utf-8"))
    document["devices"]["leaf2"]["knobs"] = {"reject_config": ["fec"]}
    with lab_file.open("w", encoding="utf-8") as handle:
        yaml.dump(document, handle)
    out = tmp_path / "served"
    up(lab_file, out)
    safe = YAML(typ="safe")
    try:
        yield {
            "hosts": safe.load((out / "hosts.yaml").read_text()),
            **safe.load((out / "defaults.yaml").read_text()),
        }
    finally:
        down(out)


@pytest.mark.lab
def test_rejected_line_leaves_config_unchanged(reject_lab: dict[str, Any]) -> None:
    before = _fresh_session(reject_lab, "leaf2", "show running-config")
    with ConnectHandler(**connect_args(reject_lab, "leaf2")) as connection:
        output = connection.send_config_set(["interface Ethernet1/63", "no fec"])
    assert "% Invalid command at '^' marker." in output
    assert _fresh_session(reject_lab, "leaf2", "show running-config") == before
    assert "notconnec" in _fresh_session(reject_lab, "leaf2", "show interface e1/63 status")
