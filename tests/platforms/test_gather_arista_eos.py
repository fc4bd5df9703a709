"""Arista EOS gather: facts_from_outputs on hand-written outputs, and the tasks on the lab."""

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
    assert_tx_and_bias_match,
    gather_fixtures,
    gather_parts,
    run_task,
    served_dc1_lab,
)

from nornir_optics.facts import FACTS
from nornir_optics.lab.vendors.arista_eos.render import effective_speed
from nornir_optics.platforms.arista_eos.parse import (
    DOM_COMMANDS,
    MODULE_COMMANDS,
    PORT_COMMANDS,
    PRIVILEGED_PORT_COMMANDS,
    facts_from_outputs,
    parse_running_config,
)
from nornir_optics.tasks import gather

if TYPE_CHECKING:
    from nornir_optics.facts import DeviceFacts, Transceiver
    from nornir_optics.lab.state import DeviceState

dc1_lab = served_dc1_lab()  # the served dc1 lab, shared read-only for the session

PLATFORM = "arista_eos"
DEVICES = {"spine1", "leaf1"}

# ---------------------------------------------------------------- hand-written outputs

INVENTORY_JSON = {
    "systemInformation": {"name": "DCS-7060DX5-64S", "serialNum": "JPE1234"},
    "xcvrSlots": {
        "1": {
            "mfgName": "Arista Networks",
            "modelName": "QDD-400G-DR4",
            "serialNum": "XKT0001",
            "hardwareRev": "A1",
        },
        "2": {
            "mfgName": "Arista Networks",
            "modelName": "QDD-400G-DR4",
            "serialNum": "XKT0002",
            "hardwareRev": "A1",
        },
        "3": {"mfgName": "Not Present", "modelName": "", "serialNum": "", "hardwareRev": ""},
    },
}
HARDWARE = """\
Name: Ethernet1/1
Media type: 400GBASE-DR4
Maximum module power (W): 12.0
Maximum slot power (W): N/A
Wavelength (nm): 1311

Name: Ethernet2/1
Media type: 400GBASE-DR4
Maximum module power (W): 12.0
Maximum slot power (W): N/A
Wavelength (nm): 1311

Name: Ethernet3/1
Module presence: not detected
Maximum slot power (W): N/A
"""


def _dom_entry(serial: str, rx: float, tx: float | None, bias: float) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "mediaType": "400GBASE-DR4",
        "vendorSn": serial,
        "temperature": 41.2,
        "voltage": 3.29,
        "txBias": bias,
        "rxPower": rx,
        "updateTime": 1700000000.0,
    }
    if tx is not None:
        entry["txPower"] = tx
    return entry


DOM_JSON = {
    "interfaces": {
        "Ethernet1/1": _dom_entry("XKT0001", -1.02, 0.85, 7.1),
        "Ethernet1/3": _dom_entry("XKT0001", -30.0, 0.91, 7.2),
        "Ethernet1/5": _dom_entry("XKT0001", -2.5, 0.77, 7.3),
        "Ethernet1/7": _dom_entry("XKT0001", -1.44, 0.8, 7.4),
        "Ethernet2/1": _dom_entry("XKT0002", -30.0, None, 0.0),
        "Ethernet2/3": _dom_entry("XKT0002", -30.0, None, 0.0),
        "Ethernet2/5": _dom_entry("XKT0002", -30.0, None, 0.0),
        "Ethernet2/7": _dom_entry("XKT0002", -30.0, None, 0.0),
    }
}
_SECTION = """\
                         High Alarm  High Warn   Low Alarm   Low Warn
           {title:<14}Threshold   Threshold   Threshold   Threshold
Port       {unit:<14}{unit:<12}{unit:<12}{unit:<12}{unit:<12}
-------    ------------  ----------  ----------  ----------  ----------
"""
DETAIL = (
    "mA: milliamperes, dBm: decibels (milliwatts), NA or N/A: not applicable.\n"
    "++ : high alarm, +  : high warning, -  : low warning, -- : low alarm.\n"
    "A2D readouts (if they differ), are reported in parentheses.\n"
    "The threshold values are calibrated.\n"
    + _SECTION.format(title="Temperature", unit="(Celsius)")
    + "Et1/1      41.20         75.00       70.00       -5.00       0.00\n"
    + _SECTION.format(title="Voltage", unit="(Volts)")
    + "Et1/1      3.29          3.63        3.46        2.97        3.13\n"
    + _SECTION.format(title="Current", unit="(mA)")
    + "Et1/1      7.10          13.00       11.00       2.00        3.00\n"
    + _SECTION.format(title="Tx Power", unit="(dBm)")
    + "Et1/1      0.85          6.00        4.00        -5.90       -2.90\n"
    + _SECTION.format(title="Rx Power", unit="(dBm)")
    + "Et1/1      -1.02         6.00        4.00        -8.90       -5.90\n"
)


def _status(name: str, link: str, gbps: int, description: str = "") -> dict[str, Any]:
    if link == "inactive":
        return {"linkStatus": "inactive", "description": "", "bandwidth": 0}
    return {
        "linkStatus": link,
        "description": description,
        "bandwidth": gbps * 1_000_000_000,
        "interfaceType": "400GBASE-DR4",
        "duplex": "duplexFull",
        "autoNegotiateActive": False,
        "vlanInformation": {"interfaceForwardingModel": "routed", "interfaceMode": "routed"},
        "name": name,
    }


STATUS_JSON = {
    "interfaceStatuses": {
        # cage 1: 4x100G (100g-2 on /1, /3, /5, /7)
        **{
            f"Ethernet1/{lane}": (
                _status(f"Ethernet1/{lane}", "connected", 100, f"srv10{(lane + 1) // 2}:eth0")
                if lane % 2
                else _status("", "inactive", 0)
            )
            for lane in range(1, 9)
        },
        # cage 2: unbroken 400G, shut
        "Ethernet2/1": _status("Ethernet2/1", "disabled", 400, "spine1:Ethernet5/1"),
        **{f"Ethernet2/{lane}": _status("", "inactive", 0) for lane in range(2, 9)},
        # cage 3: 2x200G, empty
        "Ethernet3/1": _status("Ethernet3/1", "notconnect", 200),
        "Ethernet3/5": _status("Ethernet3/5", "errdisabled", 200),
        **{f"Ethernet3/{lane}": _status("", "inactive", 0) for lane in (2, 3, 4, 6, 7, 8)},
    }
}
LLDP_JSON = {
    "tablesLastChangeTime": 1700000000.0,
    "tablesAgeOuts": 0,
    "tablesInserts": 1,
    "tablesDeletes": 0,
    "tablesDrops": 0,
    "lldpNeighbors": [
        {"port": "Ethernet1/3", "neighborDevice": "srv102", "neighborPort": "eth0", "ttl": 120},
    ],
}
INTERFACES_JSON = {
    "interfaces": {
        name: {
            "name": name,
            "lastStatusChangeTimestamp": 1700000000.0 + (3500.0 if name == "Ethernet1/3" else 0),
            "interfaceCounters": {
                "linkStatusChanges": 7 if name == "Ethernet1/3" else 1,
                "counterRefreshTime": 1700003600.5,
            },
        }
        for name in ("Ethernet1/1", "Ethernet1/3", "Ethernet1/5", "Ethernet1/7", "Ethernet2/1")
    }
}
"""Ethernet1/3 flapped three times, the last 100.5 s before the counters were read."""
RUNNING = """\
! Command: show running-config
! device: leaf9 (DCS-7060DX5-64S, EOS-4.31.2F)
!
hostname leaf9
!
interface Ethernet1/1
   description srv101:eth0
   speed 100g-2
   error-correction encoding reed-solomon
!
interface Ethernet1/3
   description srv102:eth0
   speed 100g-2
   error-correction encoding fire-code
!
interface Ethernet1/5
   description srv103:eth0
   speed 100g-2
   no error-correction encoding
!
interface Ethernet1/7
   description srv104:eth0
   speed 100g-2
!
interface Ethernet2/1
   description spine1:Ethernet5/1
   shutdown
   speed 400g-8
   error-correction encoding reed-solomon
!
interface Ethernet3/1
   speed 200g-4
!
interface Ethernet3/5
   speed 200g-4
!
interface Management1
!
end
"""


def _outputs(commands: tuple[str, ...]) -> dict[str, str]:
    texts = {
        "show inventory | json": json.dumps(INVENTORY_JSON),
        "show interfaces transceiver hardware": HARDWARE,
        "show interfaces transceiver | json": json.dumps(DOM_JSON),
        "show interfaces transceiver detail": DETAIL,
        "show interfaces status | json": json.dumps(STATUS_JSON),
        "show lldp neighbors | json": json.dumps(LLDP_JSON),
        "show interfaces | json": json.dumps(INTERFACES_JSON),
        "show running-config": RUNNING,
    }
    return {command: texts[command] for command in commands}


ALL = (*MODULE_COMMANDS, *DOM_COMMANDS, *PORT_COMMANDS, *PRIVILEGED_PORT_COMMANDS)


def test_the_commands_are_the_ones_written_out() -> None:
    assert set(ALL) == set(_outputs(ALL))
    assert not set(PRIVILEGED_PORT_COMMANDS) & set(PORT_COMMANDS)  # exec mode cannot run them


def test_all_outputs_merge_into_one_transceiver_per_cage() -> None:
    facts = FACTS.validate_python(facts_from_outputs(_outputs(ALL)))
    transceivers = facts["transceivers"]
    assert list(transceivers) == ["Ethernet1/1", "Ethernet2/1", "Ethernet3/1"]
    assert transceivers["Ethernet3/1"] == {"port": "Ethernet3/1", "present": False}
    cage = transceivers["Ethernet1/1"]
    assert {key: cage[key] for key in cage if key not in {"lanes", "thresholds"}} == {  # type: ignore[literal-required]
        "port": "Ethernet1/1",
        "present": True,
        "vendor": "Arista Networks",
        "part_number": "QDD-400G-DR4",
        "serial": "XKT0001",
        "revision": "A1",
        "media_type": "400GBASE-DR4",
        "media_type_raw": "400GBASE-DR4",
        "wavelength_nm": 1311.0,
        "temperature_c": 41.2,
        "voltage_v": 3.29,
        "media_lanes": 4,
        "host_lanes": 8,
    }
    assert cage["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": -1.02, "tx_power_dbm": 0.85, "tx_bias_ma": 7.1},
        {"lane": 2, "state": "no_light", "tx_power_dbm": 0.91, "tx_bias_ma": 7.2},
        {"lane": 3, "state": "ok", "rx_power_dbm": -2.5, "tx_power_dbm": 0.77, "tx_bias_ma": 7.3},
        {"lane": 4, "state": "ok", "rx_power_dbm": -1.44, "tx_power_dbm": 0.8, "tx_bias_ma": 7.4},
    ]
    assert cage["thresholds"] == {
        "temperature_c": {
            "high_alarm": 75.0,
            "high_warning": 70.0,
            "low_alarm": -5.0,
            "low_warning": 0.0,
        },
        "voltage_v": {
            "high_alarm": 3.63,
            "high_warning": 3.46,
            "low_alarm": 2.97,
            "low_warning": 3.13,
        },
        "tx_bias_ma": {
            "high_alarm": 13.0,
            "high_warning": 11.0,
            "low_alarm": 2.0,
            "low_warning": 3.0,
        },
        "tx_power_dbm": {
            "high_alarm": 6.0,
            "high_warning": 4.0,
            "low_alarm": -5.9,
            "low_warning": -2.9,
        },
        "rx_power_dbm": {
            "high_alarm": 6.0,
            "high_warning": 4.0,
            "low_alarm": -8.9,
            "low_warning": -5.9,
        },
    }
    dark = transceivers["Ethernet2/1"]["lanes"]
    assert dark == [{"lane": n, "state": "no_light", "tx_bias_ma": 0.0} for n in range(1, 5)]


def test_ports_carry_breakout_children_fec_and_lldp() -> None:
    ports = FACTS.validate_python(facts_from_outputs(_outputs(ALL)))["ports"]
    assert list(ports) == [
        "Ethernet1/1",
        "Ethernet1/3",
        "Ethernet1/5",
        "Ethernet1/7",
        "Ethernet2/1",
        "Ethernet3/1",
        "Ethernet3/5",
    ]  # the status lists the interfaces; Management1 of the config is not in it
    assert ports["Ethernet1/1"] == {
        "name": "Ethernet1/1",
        "admin": "up",
        "oper": "up",
        "speed": "100G",
        "description": "srv101:eth0",
        "fec": "rs544",
        "breakout": "4x100G",
        "children": ["Ethernet1/1", "Ethernet1/3", "Ethernet1/5", "Ethernet1/7"],
        "media_lanes": [1],
        "link_flaps": 0,
        "last_flap_s": 3600.5,
    }
    assert ports["Ethernet1/3"] == {
        "name": "Ethernet1/3",
        "admin": "up",
        "oper": "up",
        "speed": "100G",
        "description": "srv102:eth0",
        "fec": "fc",
        "parent": "Ethernet1/1",
        "media_lanes": [2],
        "neighbor": {"system": "srv102", "port": "eth0"},
        "link_flaps": 3,
        "last_flap_s": 100.5,
    }
    assert ports["Ethernet1/5"]["fec"] == "none"
    assert "fec" not in ports["Ethernet1/7"]  # platform default, and no command shows it
    assert ports["Ethernet1/7"]["media_lanes"] == [4]
    assert ports["Ethernet2/1"] == {
        "name": "Ethernet2/1",
        "admin": "down",
        "oper": "down",
        "speed": "400G",
        "description": "spine1:Ethernet5/1",
        "fec": "rs544",
        "breakout": "none",
        "children": ["Ethernet2/1"],
        "media_lanes": [1, 2, 3, 4],
        "link_flaps": 0,
        "last_flap_s": 3600.5,
    }
    assert ports["Ethernet3/1"]["breakout"] == "2x200G"
    assert ports["Ethernet3/1"]["children"] == ["Ethernet3/1", "Ethernet3/5"]
    assert "media_lanes" not in ports["Ethernet3/1"]  # no module in cage 3
    assert ports["Ethernet3/5"] == {
        "name": "Ethernet3/5",
        "admin": "up",
        "oper": "down",
        "speed": "200G",
        "reason": "errdisabled",
        "parent": "Ethernet3/1",
    }


def test_each_group_alone_gives_its_part() -> None:
    inventory = FACTS.validate_python(facts_from_outputs(_outputs(MODULE_COMMANDS)))
    assert "ports" not in inventory
    assert inventory["transceivers"]["Ethernet1/1"] == {
        "port": "Ethernet1/1",
        "present": True,
        "vendor": "Arista Networks",
        "part_number": "QDD-400G-DR4",
        "serial": "XKT0001",
        "revision": "A1",
        "media_type": "400GBASE-DR4",
        "media_type_raw": "400GBASE-DR4",
        "wavelength_nm": 1311.0,
        "media_lanes": 4,
        "host_lanes": 8,
    }
    assert inventory["transceivers"]["Ethernet3/1"] == {"port": "Ethernet3/1", "present": False}

    dom = FACTS.validate_python(facts_from_outputs(_outputs(DOM_COMMANDS)))
    assert "ports" not in dom
    assert sorted(dom["transceivers"]) == ["Ethernet1/1", "Ethernet2/1"]
    cage = dom["transceivers"]["Ethernet1/1"]
    assert "vendor" not in cage
    assert cage["serial"] == "XKT0001"
    assert [lane["state"] for lane in cage["lanes"]] == ["ok", "no_light", "ok", "ok"]
    assert cage["thresholds"]["rx_power_dbm"]["low_warning"] == -5.9

    ports = FACTS.validate_python(facts_from_outputs(_outputs(PORT_COMMANDS)))
    assert "transceivers" not in ports
    assert ports["ports"]["Ethernet1/1"]["breakout"] == "4x100G"
    assert ports["ports"]["Ethernet1/3"]["neighbor"] == {"system": "srv102", "port": "eth0"}
    assert "media_lanes" not in ports["ports"]["Ethernet1/1"]  # no module type without DOM
    assert all("fec" not in port for port in ports["ports"].values())  # no running config


def test_inventory_slots_map_to_cages_the_other_outputs_name() -> None:
    text = json.dumps({"xcvrSlots": {"49": INVENTORY_JSON["xcvrSlots"]["1"]}})
    alone = facts_from_outputs({"show inventory | json": text})
    assert list(alone["transceivers"]) == ["Ethernet49"]
    hardware = "Name: Ethernet49/1\nMedia type: 400GBASE-DR4\n"
    merged = facts_from_outputs(
        {"show inventory | json": text, "show interfaces transceiver hardware": hardware}
    )
    assert list(merged["transceivers"]) == ["Ethernet49/1"]
    assert merged["transceivers"]["Ethernet49/1"]["serial"] == "XKT0001"


def test_inventory_text_merges_too() -> None:
    text = """\
System has 3 transceiver slots
  Port Manufacturer     Model            Serial Number    Rev
  ---- ---------------- ---------------- ---------------- ----
  1    Arista Networks  QDD-400G-DR4     XKT0001          A1
  2    Arista Networks  QDD-400G-DR4     XKT0002          A1
  3    Not Present
"""
    facts = facts_from_outputs(
        {"show inventory": text, "show interfaces transceiver hardware": HARDWARE}
    )
    FACTS.validate_python(facts)
    assert facts["transceivers"]["Ethernet1/1"]["serial"] == "XKT0001"
    assert facts["transceivers"]["Ethernet2/1"]["serial"] == "XKT0002"
    assert facts["transceivers"]["Ethernet3/1"] == {"port": "Ethernet3/1", "present": False}


def test_eight_reported_channels_on_a_dr4_leave_lanes_five_to_eight_unused() -> None:
    channels = {
        f"Ethernet5/{n}": _dom_entry("XKT0005", -1.5 if n <= 4 else -30.0, 1.0, 7.0)
        for n in range(1, 9)
    }
    facts = facts_from_outputs(
        {"show interfaces transceiver | json": json.dumps({"interfaces": channels})}
    )
    lanes = facts["transceivers"]["Ethernet5/1"]["lanes"]
    assert [lane["state"] for lane in lanes] == ["ok"] * 4 + ["unused"] * 4


def test_eight_by_fifty_and_reed_solomon_by_lane_rate() -> None:
    statuses = {
        f"Ethernet7/{lane}": _status(f"Ethernet7/{lane}", "connected", 50) for lane in range(1, 9)
    }
    running = "".join(
        f"interface Ethernet7/{lane}\n   speed 50g-1\n"
        "   error-correction encoding reed-solomon\n!\n"
        for lane in range(1, 9)
    )
    facts = facts_from_outputs(
        {
            "show interfaces status | json": json.dumps({"interfaceStatuses": statuses}),
            "show running-config": running,
        }
    )
    ports = FACTS.validate_python(facts)["ports"]
    assert ports["Ethernet7/1"]["breakout"] == "8x50G"
    assert len(ports["Ethernet7/1"]["children"]) == 8
    assert {port["fec"] for port in ports.values()} == {"rs544"}


def test_reed_solomon_on_four_nrz_lanes_is_rs528() -> None:
    running = (
        "interface Ethernet9/1\n   speed 100g-4\n   error-correction encoding reed-solomon\n!\n"
    )
    statuses = {
        "Ethernet9/1": _status("Ethernet9/1", "connected", 100),
        **{f"Ethernet9/{lane}": _status("", "inactive", 0) for lane in (2, 3, 4)},
    }
    facts = facts_from_outputs(
        {
            "show interfaces status | json": json.dumps({"interfaceStatuses": statuses}),
            "show running-config": running,
        }
    )
    port = facts["ports"]["Ethernet9/1"]
    assert (port["fec"], port["breakout"], port["children"]) == ("rs528", "none", ["Ethernet9/1"])


def test_speed_from_config_where_the_status_has_no_bandwidth() -> None:
    statuses = {"Ethernet7/1": {"linkStatus": "notconnect", "description": "", "bandwidth": 0}}
    facts = facts_from_outputs(
        {
            "show interfaces status | json": json.dumps({"interfaceStatuses": statuses}),
            "show running-config": "interface Ethernet7/1\n   speed 50g-1\n!\n",
        }
    )
    assert facts["ports"]["Ethernet7/1"]["speed"] == "50G"


def test_running_config_blocks() -> None:
    configs = parse_running_config(RUNNING)
    assert configs["Ethernet2/1"].shutdown
    assert configs["Ethernet2/1"].description == "spine1:Ethernet5/1"
    assert (configs["Ethernet1/1"].speed, configs["Ethernet1/1"].speed_lanes) == ("100G", 2)
    assert configs["Ethernet1/5"].fec == ["no error-correction encoding"]
    assert "Management1" in configs


def test_linecard_ports_are_not_taken_for_lanes_of_one_cage() -> None:
    statuses = {f"Ethernet3/{n}": _status(f"Ethernet3/{n}", "connected", 10) for n in range(1, 49)}
    facts = facts_from_outputs(
        {"show interfaces status | json": json.dumps({"interfaceStatuses": statuses})}
    )
    assert len(facts["ports"]) == 48
    assert all("breakout" not in port for port in facts["ports"].values())


# ---------------------------------------------------------------- the served dc1 lab


lab_state, gathered = gather_fixtures(PLATFORM, DEVICES)


def _module_matches(xcvr: Transceiver, module: Any) -> None:
    assert xcvr["present"] is True
    assert xcvr["media_type"] == module.optic
    for key in ("vendor", "part_number", "serial", "revision"):
        assert xcvr[key] == getattr(module, key), key  # type: ignore[literal-required]
    assert xcvr["temperature_c"] == pytest.approx(module.temperature_c, abs=0.01)
    assert xcvr["voltage_v"] == pytest.approx(module.voltage_v, abs=0.01)
    if module.wavelength_nm:
        assert xcvr["wavelength_nm"] == pytest.approx(module.wavelength_nm)
    assert_thresholds_match(xcvr, module)
    lanes = xcvr["lanes"]
    assert [lane["lane"] for lane in lanes] == list(range(1, module.media_lanes + 1))
    for lane in lanes:
        truth = module.lane(lane["lane"])
        assert_rx_matches(lane, truth)
        assert_tx_and_bias_match(lane, truth)


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
        assert set(ports) == set(state.interfaces), name
        for interface, config in state.interfaces.items():
            port = ports[interface]
            assert_port_state_matches(port, state, interface)
            assert port["speed"] == effective_speed(state, interface), interface
            if config.fec is None:
                assert "fec" not in port, interface  # platform default: no command shows it
            else:
                assert port["fec"] == config.fec.value, interface
        assert_breakouts_match(ports, state)


@pytest.mark.lab
def test_gather_shows_the_dc1_faults_of_the_eos_switches(
    gathered: dict[str, DeviceFacts],
) -> None:
    spine1, leaf1 = gathered["spine1"], gathered["leaf1"]
    # FR4 plugged where the plan says DR4
    assert spine1["transceivers"]["Ethernet3/1"]["media_type"] == "400GBASE-FR4"
    # cloned EEPROM: the serial leaf4:et-0/0/1 reports too
    assert leaf1["transceivers"]["Ethernet3/1"]["serial"] == "DUPSN000001"
    # wrong breakout mode: 2x200G where the plan has 4x100G
    cage1 = leaf1["ports"]["Ethernet1/1"]
    assert (cage1["breakout"], cage1["children"]) == ("2x200G", ["Ethernet1/1", "Ethernet1/5"])
    assert leaf1["ports"]["Ethernet1/5"]["speed"] == "200G"
    assert leaf1["ports"]["Ethernet1/5"]["media_lanes"] == [3, 4]
    # left unbroken while four servers hang off it
    cage2 = leaf1["ports"]["Ethernet2/1"]
    assert (cage2["breakout"], cage2["children"], cage2["speed"]) == (
        "none",
        ["Ethernet2/1"],
        "400G",
    )
    assert "Ethernet2/3" not in leaf1["ports"]
    # no light: the FR4 facing a DR4, the uplink leaf4 shut, the spare shut at both ends
    for facts, cage in (
        (spine1, "Ethernet3/1"),
        (spine1, "Ethernet4/1"),
        (spine1, "Ethernet5/1"),
        (leaf1, "Ethernet62/1"),
    ):
        lanes = facts["transceivers"][cage]["lanes"]
        assert [lane["state"] for lane in lanes] == ["no_light"] * 4, cage
    # the planned link's cage is empty; its port is configured
    assert leaf1["transceivers"]["Ethernet4/1"] == {"port": "Ethernet4/1", "present": False}
    assert leaf1["ports"]["Ethernet62/1"]["admin"] == "down"


@pytest.mark.lab
def test_each_task_alone_returns_its_part(
    dc1_lab: dict[str, Any], gathered: dict[str, DeviceFacts]
) -> None:
    inventory, dom, ports = gather_parts(dc1_lab, PLATFORM, DEVICES)
    for name, facts in gathered.items():
        assert "ports" not in inventory[name]
        assert "ports" not in dom[name]
        assert "transceivers" not in ports[name]
        moving = {"media_lanes", "last_flap_s"}  # lanes need the DOM; seconds ago move on
        assert {
            port: {key: value for key, value in entry.items() if key != "last_flap_s"}
            for port, entry in ports[name]["ports"].items()
        } == {
            port: {key: value for key, value in entry.items() if key not in moving}
            for port, entry in facts["ports"].items()
        }
        for cage, xcvr in facts["transceivers"].items():
            have = inventory[name]["transceivers"][cage]
            assert have["present"] == xcvr["present"]
            assert "lanes" not in have
            if xcvr["present"]:
                assert have["serial"] == xcvr["serial"]
                assert have["part_number"] == xcvr["part_number"]
                assert dom[name]["transceivers"][cage]["lanes"] == xcvr["lanes"]
                assert "thresholds" in dom[name]["transceivers"][cage]
                assert "part_number" not in dom[name]["transceivers"][cage]
            else:
                assert cage not in dom[name]["transceivers"]


def _sessions(lab: dict[str, Any]) -> dict[str, dict[str, int]]:
    path = lab["dir"] / "sessions.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


@pytest.mark.lab
def test_one_ssh_session_per_device_per_gather(dc1_lab: dict[str, Any]) -> None:
    before = _sessions(dc1_lab)
    run_task(dc1_lab, PLATFORM, DEVICES, gather.optics_gather)
    after = _sessions(dc1_lab)
    for name in DEVICES:
        opened = {
            transport: count - before.get(name, {}).get(transport, 0)
            for transport, count in after.get(name, {}).items()
        }
        assert {key: value for key, value in opened.items() if value} == {"ssh": 1}, name


@pytest.mark.parametrize("text", ["% Internal error", "[1, 2]", '"text"'])
def test_unreadable_json_raises_what_the_task_reports_as_a_parse_error(text: str) -> None:
    with pytest.raises((ValueError, TypeError)):
        facts_from_outputs({"show interfaces status | json": text})
