"""Cisco NX-OS gather: facts_from_outputs on hand-written outputs; the Nornir tasks on the lab."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest
from labtools import (
    assert_breakouts_match,
    assert_modules_match,
    assert_port_state_matches,
    assert_rx_matches,
    assert_thresholds_match,
    gather_fixtures,
    gather_parts,
    served_dc1_lab,
)

from nornir_optics.catalog import load_catalog
from nornir_optics.facts import FACTS
from nornir_optics.models import Fec
from nornir_optics.platforms.cisco_nxos.parse import (
    DOM_COMMANDS,
    MODULE_COMMANDS,
    PORT_COMMANDS,
    facts_from_outputs,
    parse_show_lldp_neighbors_detail,
    parse_show_running_config,
)

if TYPE_CHECKING:
    from nornir_optics.facts import DeviceFacts, Transceiver
    from nornir_optics.lab.state import DeviceState

dc1_lab = served_dc1_lab()  # the served dc1 lab, shared read-only for the session

PLATFORM = "cisco_nxos"
DEVICES = {"spine2", "leaf2"}
DETAILS_COMMAND = "show interface transceiver details"
STATUS_COMMAND = "show interface status | json"
CONFIG_COMMAND = "show running-config"
LLDP_COMMAND = "show lldp neighbors detail"

# ---------------------------------------------------------------- hand-written outputs

_IDENTITY = """\
    transceiver is present
    type is QSFP-DD-400G-DR4
    name is CISCO-INNOLIGHT
    part number is QDD-400G-DR4-S
    revision is A1
    serial number is {serial}
    cisco product id is QDD-400G-DR4-S
    firmware version is 2.8
    Nominal transmitter wavelength is 1311.00 nm
    host lane count is 8
    media lane count is 4
"""
_RULE = "    " + "-" * 76


def _lane(number: int, rx: str, tx: str = "  1.15 dBm", bias: str = "  7.60 mA") -> str:
    return f"""
Lane Number:{number} Network Lane
{_RULE}
                Current              Alarms                  Warnings
                Measurement     High        Low         High          Low
{_RULE}
    Temperature   38.70 C        75.00 C     -5.00 C     70.00 C        0.00 C
    Voltage        3.29 V         3.63 V      2.97 V      3.46 V        3.13 V
    Current      {bias}       13.00 mA     2.00 mA    11.00 mA       3.00 mA
    Tx Power     {tx}       6.00 dBm   -5.90 dBm    4.00 dBm     -2.90 dBm
    Rx Power     {rx}       6.00 dBm   -8.90 dBm    4.00 dBm     -5.90 dBm
    Transmit Fault Count = 0
{_RULE}
    Note: ++  high-alarm; +  high-warning; --  low-alarm; -  low-warning
"""


# Ethernet1/1 broken out 2x200G (each leg prints the module and its own media lanes), Ethernet1/2
# whole with lane 3 dark (Rx N/A while its laser runs), Ethernet1/3 empty.
DETAILS = (
    "Ethernet1/1/1\n"
    + _IDENTITY.format(serial="CI0001")
    + _lane(1, " -0.50 dBm")
    + _lane(2, " -0.60 dBm")
    + "\nEthernet1/1/2\n"
    + _IDENTITY.format(serial="CI0001")
    + _lane(3, " -0.70 dBm")
    + _lane(4, " -0.80 dBm")
    + "\nEthernet1/2\n"
    + _IDENTITY.format(serial="CI0002")
    + _lane(1, "  0.02 dBm")
    + _lane(2, "  0.01 dBm")
    + _lane(3, "    N/A   ")
    + _lane(4, " -0.03 dBm")
    + "\nEthernet1/3\n    transceiver is not present\n"
)
STATUS_JSON = json.dumps(
    {
        "TABLE_interface": {
            "ROW_interface": [
                {
                    "interface": "Ethernet1/1/1",
                    "name": "a very long description, longer than the text column",
                    "state": "connected",
                    "vlan": "routed",
                    "duplex": "full",
                    "speed": "200G",
                    "type": "QSFP-DD-400G-DR4",
                },
                {
                    "interface": "Ethernet1/1/2",
                    "state": "disabled",
                    "vlan": "routed",
                    "duplex": "auto",
                    "speed": "auto",
                    "type": "QSFP-DD-400G-DR4",
                },
                {
                    "interface": "Ethernet1/2",
                    "name": "leaf3:Ethernet248",
                    "state": "notconnec",
                    "vlan": "routed",
                    "duplex": "auto",
                    "speed": "400G",
                    "type": "QSFP-DD-400G-DR4",
                },
                {
                    "interface": "Ethernet1/3",
                    "name": "",
                    "state": "xcvrAbsen",
                    "vlan": "routed",
                    "duplex": "auto",
                    "speed": "auto",
                    "type": "--",
                },
            ]
        }
    }
)
RUNNING_CONFIG = """\

!Command: show running-config
!Time: Thu Nov 12 21:52:04 2026

version 10.3(4a) Bios:version 01.08
hostname leaf9

feature lldp

interface breakout module 1 port 1 map 200g-2x

interface Ethernet1/1/1
  description a very long description, longer than the text column
  speed 200000

interface Ethernet1/1/2
  speed 200000
  fec rs-fec
  shutdown

interface Ethernet1/2
  description leaf3:Ethernet248
  speed 400000

interface Ethernet1/3
  fec fc-fec

interface mgmt0
  vrf member management
line console
"""
LLDP_DETAIL = """\
Capability codes:
  (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device
  (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other
Device ID            Local Intf      Hold-time  Capability  Port ID

Chassis id: 021c.fd44.c530
Port id: Ethernet248
Local Port id: Eth1/2
Port Description: Ethernet248
System Name: leaf3
System Description: sonic SONiC.202311.1
Time remaining: 105 seconds
System Capabilities: B, R
Enabled Capabilities: B, R
Management Address: not advertised
Vlan ID: not advertised

Chassis id: 021c.7a90.5259
Port id: et-0/0/31
Local Port id: Eth1/1/1
Port Description: et-0/0/31
System Name: not advertised
System Description: not advertised
Time remaining: 105 seconds

Total entries displayed: 2
"""
INTERFACE_COMMAND = "show interface"
INTERFACE = """\
Ethernet1/1/1 is up
admin state is up, Dedicated Interface
  Last link flapped 00:00:42
  Last clearing of "show interface" counters never
  4 interface resets

Ethernet1/2 is up
admin state is up, Dedicated Interface
  Last link flapped 2week(s) 3day(s)
  Last clearing of "show interface" counters never
  0 interface resets

mgmt0 is up
admin state is up,
"""
"""Cut down to the lines the parser reads: Ethernet1/1/1 flaps, Ethernet1/2 came up long ago."""
OUTPUTS = {
    DETAILS_COMMAND: DETAILS,
    STATUS_COMMAND: STATUS_JSON,
    CONFIG_COMMAND: RUNNING_CONFIG,
    LLDP_COMMAND: LLDP_DETAIL,
    INTERFACE_COMMAND: INTERFACE,
}


def _outputs(commands: tuple[str, ...]) -> dict[str, str]:
    return {command: OUTPUTS[command] for command in commands}


def test_the_commands_are_the_ones_written_out() -> None:
    assert MODULE_COMMANDS == (DETAILS_COMMAND,)
    assert DOM_COMMANDS == (DETAILS_COMMAND,)
    assert PORT_COMMANDS == (STATUS_COMMAND, CONFIG_COMMAND, LLDP_COMMAND, INTERFACE_COMMAND)


def test_link_flaps_come_from_show_interface() -> None:
    ports = FACTS.validate_python(facts_from_outputs(OUTPUTS))["ports"]
    assert (ports["Ethernet1/1/1"]["link_flaps"], ports["Ethernet1/1/1"]["last_flap_s"]) == (
        4,
        42.0,
    )
    assert (ports["Ethernet1/2"]["link_flaps"], ports["Ethernet1/2"]["last_flap_s"]) == (
        0,
        17 * 86400.0,
    )
    assert "mgmt0" not in ports


def test_legs_fold_onto_their_cage_with_lanes_merged() -> None:
    facts = FACTS.validate_python(facts_from_outputs(OUTPUTS))
    transceivers = facts["transceivers"]
    assert set(transceivers) == {"Ethernet1/1", "Ethernet1/2", "Ethernet1/3"}
    cage = transceivers["Ethernet1/1"]
    assert (cage["port"], cage["serial"], cage["media_type"]) == (
        "Ethernet1/1",
        "CI0001",
        "400GBASE-DR4",
    )
    assert (cage["vendor"], cage["part_number"], cage["firmware"]) == (
        "CISCO-INNOLIGHT",
        "QDD-400G-DR4-S",
        "2.8",
    )
    assert [(lane["lane"], lane.get("rx_power_dbm")) for lane in cage["lanes"]] == [
        (1, -0.5),
        (2, -0.6),
        (3, -0.7),
        (4, -0.8),
    ]
    assert (cage["temperature_c"], cage["voltage_v"]) == (38.7, 3.29)
    assert cage["thresholds"]["rx_power_dbm"] == {
        "high_alarm": 6.0,
        "high_warning": 4.0,
        "low_warning": -5.9,
        "low_alarm": -8.9,
    }
    assert transceivers["Ethernet1/3"] == {"port": "Ethernet1/3", "present": False}


def test_rx_na_with_the_laser_on_is_no_light() -> None:
    lanes = facts_from_outputs(_outputs(DOM_COMMANDS))["transceivers"]["Ethernet1/2"]["lanes"]
    assert lanes[2] == {"lane": 3, "state": "no_light", "tx_power_dbm": 1.15, "tx_bias_ma": 7.6}
    assert [lane["state"] for lane in lanes] == ["ok", "ok", "no_light", "ok"]


def test_a_lane_with_nothing_measured_stays_not_supported() -> None:
    text = "Ethernet1/5\n" + _IDENTITY.format(serial="X") + _lane(1, "N/A", "N/A", "N/A")
    lanes = facts_from_outputs({DETAILS_COMMAND: text})["transceivers"]["Ethernet1/5"]["lanes"]
    assert lanes == [{"lane": 1, "state": "not_supported"}]


def test_ports_carry_state_breakout_fec_description_and_lldp() -> None:
    ports = FACTS.validate_python(facts_from_outputs(OUTPUTS))["ports"]
    assert ports["Ethernet1/1"] == {
        "name": "Ethernet1/1",
        "breakout": "2x200G",
        "children": ["Ethernet1/1/1", "Ethernet1/1/2"],
    }
    assert ports["Ethernet1/1/1"] == {
        "name": "Ethernet1/1/1",
        "admin": "up",
        "oper": "up",
        "speed": "200G",
        "fec": "rs544",  # no fec line: the default runs RS(544,514) behind a PAM4 optic
        "description": "a very long description, longer than the text column",
        "parent": "Ethernet1/1",
        "media_lanes": [1, 2],
        "neighbor": {"system": "021c.7a90.5259", "port": "et-0/0/31"},
        "link_flaps": 4,
        "last_flap_s": 42.0,
    }
    leg2 = ports["Ethernet1/1/2"]
    assert (leg2["admin"], leg2["oper"], leg2["speed"], leg2["fec"]) == (
        "down",
        "down",
        "200G",  # the status says auto (down); the config has the speed
        "rs528",
    )
    assert leg2["media_lanes"] == [3, 4]
    whole = ports["Ethernet1/2"]
    assert (whole["breakout"], whole["children"], whole["fec"], whole["oper"]) == (
        "none",
        ["Ethernet1/2"],
        "rs544",
        "down",
    )
    assert whole["neighbor"] == {"system": "leaf3", "port": "Ethernet248"}
    empty = ports["Ethernet1/3"]
    assert (empty["fec"], empty["oper"], empty["breakout"]) == ("fc", "down", "none")
    assert "speed" not in empty
    assert "mgmt0" not in ports


def test_each_group_alone_gives_its_part() -> None:
    inventory = FACTS.validate_python(facts_from_outputs(_outputs(MODULE_COMMANDS)))
    assert "ports" not in inventory
    assert inventory["transceivers"]["Ethernet1/1"]["serial"] == "CI0001"
    ports = FACTS.validate_python(facts_from_outputs(_outputs(PORT_COMMANDS)))
    assert "transceivers" not in ports
    # without the inventory, the status table's module type still tells the optic
    assert ports["ports"]["Ethernet1/1/2"]["media_lanes"] == [3, 4]
    assert ports["ports"]["Ethernet1/2"]["fec"] == "rs544"
    assert ports["ports"] == facts_from_outputs(OUTPUTS)["ports"]


def test_no_default_fec_behind_an_unknown_or_missing_optic() -> None:
    outputs = {CONFIG_COMMAND: RUNNING_CONFIG}
    ports = facts_from_outputs(outputs)["ports"]
    assert "fec" not in ports["Ethernet1/2"]  # no status, no inventory: the optic is unknown
    assert ports["Ethernet1/3"]["fec"] == "fc"


def test_text_status_and_single_row_json_are_read_too() -> None:
    text = (
        "--------------------------------------------------------------------------------\n"
        "Port          Name               Status    Vlan      Duplex  Speed   Type\n"
        "--------------------------------------------------------------------------------\n"
        "mgmt0         --                 connected routed    full    1000    --\n"
        "Eth1/2        leaf3:Ethernet248  connected routed    full    400G    QSFP-DD-400G-DR4\n"
    )
    ports = facts_from_outputs({"show interface status": text})["ports"]
    assert set(ports) == {"Ethernet1/2"}
    assert (ports["Ethernet1/2"]["oper"], ports["Ethernet1/2"]["speed"]) == ("up", "400G")
    single = json.dumps(
        {"TABLE_interface": {"ROW_interface": {"interface": "Ethernet1/7", "state": "disabled"}}}
    )
    port = facts_from_outputs({STATUS_COMMAND: single})["ports"]["Ethernet1/7"]
    assert (port["admin"], port["oper"]) == ("down", "down")


def test_running_config_and_lldp_parsers() -> None:
    ports = parse_show_running_config(
        "interface breakout module 1 port 1-2,4 map 100g-4x\n"
        "interface Ethernet1/1/1\n  fec off\n"
        "interface Ethernet1/3\n  shutdown\n"
        "interface Ethernet1/5\n  no shutdown\n"
    )["ports"]
    assert ports["Ethernet1/1"]["breakout"] == "4x100G"
    assert ports["Ethernet1/4"] == {"name": "Ethernet1/4", "breakout": "4x100G", "children": []}
    assert ports["Ethernet1/1/1"]["fec"] == "none"
    assert (ports["Ethernet1/3"]["admin"], ports["Ethernet1/5"]["admin"]) == ("down", "up")
    neighbors = parse_show_lldp_neighbors_detail(LLDP_DETAIL)["ports"]
    assert set(neighbors) == {"Ethernet1/2", "Ethernet1/1/1"}


def test_fex_host_ports_are_not_taken_for_breakout_legs() -> None:
    text = (
        "Ethernet101/1/1\n    transceiver is not present\n\n"
        "Ethernet101/1/2\n    transceiver is not present\n"
    )
    transceivers = facts_from_outputs({DETAILS_COMMAND: text})["transceivers"]
    assert set(transceivers) == {"Ethernet101/1/1", "Ethernet101/1/2"}


# ---------------------------------------------------------------- the served dc1 lab


lab_state, gathered = gather_fixtures(PLATFORM, DEVICES)


def _module_matches(xcvr: Transceiver, module: Any) -> None:
    assert xcvr["present"] is True
    assert xcvr["media_type"] == module.optic
    for key in ("vendor", "part_number", "serial", "revision", "firmware"):
        assert xcvr[key] == getattr(module, key), key  # type: ignore[literal-required]
    assert xcvr["temperature_c"] == pytest.approx(module.temperature_c, abs=0.01)
    assert xcvr["voltage_v"] == pytest.approx(module.voltage_v, abs=0.01)
    assert_thresholds_match(xcvr, module)
    lanes = xcvr["lanes"]
    assert [lane["lane"] for lane in lanes] == list(range(1, module.media_lanes + 1))
    for lane in lanes:
        truth = module.lane(lane["lane"])
        assert_rx_matches(lane, truth)
        assert lane.get("tx_power_dbm") == pytest.approx(truth.tx_power_dbm, abs=0.01)
        assert lane.get("tx_bias_ma") == pytest.approx(truth.tx_bias_ma, abs=0.01)


def _expected_fec(state: DeviceState, interface: str) -> str | None:
    """What the gather reports: the configured FEC, or rs544 where the default runs it."""
    config = state.interfaces[interface]
    if config.fec not in {None, Fec.RS544}:  # RS544 has no keyword: it is the default
        return config.fec.value if config.fec else None
    parent = state.parent_of(interface)
    module = state.modules.get(parent[0]) if parent else None
    optic = load_catalog().optic(module.optic) if module else None
    return "rs544" if optic is not None and optic.modulation == "PAM4" else None


def _expected_speed(state: DeviceState, interface: str) -> str | None:
    config = state.interfaces[interface]
    oper = state.oper.get(interface)
    parent = state.parent_of(interface)
    module = state.modules.get(parent[0]) if parent else None
    if config.speed:
        return config.speed
    if oper is not None and oper.up and module is not None:
        return module.optic.split("BASE", 1)[0]
    return None


@pytest.mark.lab
def test_gather_carries_the_labs_modules(
    gathered: dict[str, DeviceFacts], lab_state: dict[str, DeviceState]
) -> None:
    assert_modules_match(gathered, lab_state, _module_matches)


@pytest.mark.lab
def test_gather_carries_the_labs_ports(
    gathered: dict[str, DeviceFacts], lab_state: dict[str, DeviceState]
) -> None:
    for name, state in lab_state.items():
        ports = gathered[name]["ports"]
        assert set(ports) == set(state.interfaces) | set(state.breakouts), name
        for interface in state.interfaces:
            port = ports[interface]
            assert_port_state_matches(port, state, interface)
            assert port.get("speed") == _expected_speed(state, interface), interface
            assert port.get("fec") == _expected_fec(state, interface), interface
        assert_breakouts_match(ports, state)


@pytest.mark.lab
def test_gather_shows_the_dc1_faults_of_the_nxos_switches(
    gathered: dict[str, DeviceFacts],
) -> None:
    spine2, leaf2 = gathered["spine2"], gathered["leaf2"]
    # blocked airflow
    assert spine2["transceivers"]["Ethernet1/4"]["temperature_c"] == pytest.approx(71.0)
    # FEC turned off during a maintenance
    assert leaf2["ports"]["Ethernet1/63"]["fec"] == "none"
    assert leaf2["ports"]["Ethernet1/63"]["oper"] == "down"
    # unapproved third-party module
    acme = leaf2["transceivers"]["Ethernet1/2"]
    assert (acme["vendor"], acme["part_number"], acme["media_type"]) == (
        "ACME Optics",
        "QDD-400G-DR4-X",
        "400GBASE-DR4",
    )
    # module pulled for RMA: nothing in the cage, and no light at the far end (spine2)
    assert leaf2["transceivers"]["Ethernet1/64"] == {"port": "Ethernet1/64", "present": False}
    dark = spine2["transceivers"]["Ethernet1/2"]["lanes"]
    assert [lane["state"] for lane in dark] == ["no_light"] * 4
    assert all("tx_power_dbm" in lane for lane in dark)
    # the server-facing breakouts of leaf2, as the lab has them
    cage = leaf2["ports"]["Ethernet1/1"]
    assert (cage["breakout"], cage["children"]) == (
        "4x100G",
        ["Ethernet1/1/1", "Ethernet1/1/2", "Ethernet1/1/3", "Ethernet1/1/4"],
    )
    leg = leaf2["ports"]["Ethernet1/1/3"]
    assert (leg["parent"], leg["media_lanes"], leg["speed"], leg["fec"]) == (
        "Ethernet1/1",
        [3],
        "100G",
        "rs544",
    )
    lanes = leaf2["transceivers"]["Ethernet1/1"]["lanes"]
    assert [lane["lane"] for lane in lanes] == [1, 2, 3, 4]
    assert spine2["ports"]["Ethernet1/3"]["neighbor"] == {"system": "leaf3", "port": "Ethernet248"}


@pytest.mark.lab
def test_each_task_alone_returns_its_part(
    dc1_lab: dict[str, Any], gathered: dict[str, DeviceFacts]
) -> None:
    inventory, dom, ports = gather_parts(dc1_lab, PLATFORM, DEVICES)
    for name, facts in gathered.items():
        assert "ports" not in inventory[name]
        assert "ports" not in dom[name]
        assert "transceivers" not in ports[name]
        assert ports[name]["ports"] == facts["ports"]
        for cage, xcvr in facts["transceivers"].items():
            have = inventory[name]["transceivers"][cage]
            assert have["present"] == xcvr["present"]
            if xcvr["present"]:
                for key in ("serial", "part_number", "vendor", "revision", "firmware"):
                    assert have[key] == xcvr[key], key  # type: ignore[literal-required]
                assert dom[name]["transceivers"][cage]["lanes"] == xcvr["lanes"]
                assert "thresholds" in dom[name]["transceivers"][cage]
