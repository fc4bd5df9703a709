"""SONiC gather: facts_from_outputs on hand-written outputs, and the Nornir tasks on the lab."""

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
    served_dc1_lab,
)

from nornir_optics.facts import FACTS
from nornir_optics.lab.vendors.sonic.render import speed_of
from nornir_optics.models import Fec
from nornir_optics.platforms.sonic.parse import (
    DOM_COMMANDS,
    MODULE_COMMANDS,
    PORT_COMMANDS,
    facts_from_outputs,
    parse_show_lldp_table,
    parse_show_runningconfiguration_all,
)

if TYPE_CHECKING:
    from nornir_optics.facts import DeviceFacts, Transceiver
    from nornir_optics.lab.state import DeviceState

dc1_lab = served_dc1_lab()  # the served dc1 lab, shared read-only for the session

PLATFORM = "sonic"
DEVICES = {"leaf3"}
EEPROM_COMMAND = "show interfaces transceiver eeprom --dom"
BREAKOUT_COMMAND = "show interfaces breakout"
STATUS_COMMAND = "show interfaces status"
CONFIG_COMMAND = "show runningconfiguration all"
LLDP_COMMAND = "show lldp table"

# ---------------------------------------------------------------- hand-written outputs


APP_400G = (
    "400GAUI-8 C2M (Annex 120E) - Host Assign (0x1) - 400GBASE-DR4 (Cl 124) - Media Assign (0x1)"
)
APP_100G = (
    "100GAUI-2 C2M (Annex 135G) - Host Assign (0x55) - 100GBASE-DR (Cl 140) - Media Assign (0xf)"
)


def _module(port: str, serial: str, rx3: str = "-0.5000dBm") -> str:
    rx = ["-0.1200dBm", "-0.1400dBm", rx3, "-0.1100dBm", *["-infdBm"] * 4]
    channels = [f"                RX{n}Power: {value}" for n, value in enumerate(rx, start=1)]
    for n in range(1, 9):
        on = n <= 4
        channels.append(f"                TX{n}Bias: {'7.5000' if on else '0.0000'}mA")
        channels.append(f"                TX{n}Power: {'0.8700dBm' if on else '-infdBm'}")
    return "\n".join(
        [
            f"{port}: SFP EEPROM detected",
            "        Active Firmware: 2.8",
            f"        Application Advertisement: {APP_400G}",
            f"                                   {APP_100G}",
            "        CMIS Rev: 4.0",
            "        Host Lane Count: 8",
            "        Identifier: QSFP-DD Double Density 8X Pluggable Transceiver",
            "        Media Lane Count: 4",
            "        Vendor Name: NVIDIA",
            "        Vendor PN: MMS1V00-WM",
            "        Vendor Rev: A1",
            f"        Vendor SN: {serial}",
            "        ChannelMonitorValues:",
            *channels,
            "        ChannelThresholdValues:",
            "                RxPowerHighAlarm  : 6.0000dBm",
            "                RxPowerHighWarning: 4.0000dBm",
            "                RxPowerLowAlarm   : -8.9000dBm",
            "                RxPowerLowWarning : -5.9000dBm",
            "        ModuleMonitorValues:",
            "                Temperature: 45.3000C",
            "                Vcc: 3.3000Volts",
            "        ModuleThresholdValues:",
            "                TempHighAlarm  : 75.0000C",
            "                TempHighWarning: 70.0000C",
            "                TempLowAlarm   : -5.0000C",
            "                TempLowWarning : 0.0000C",
        ]
    )


# Ethernet0 broken out 4x100G (every leg prints the cage's module), Ethernet8 whole and empty,
# Ethernet16 whole with a weak lane 3, and a QSFP28 cage (4 host lanes) at Ethernet24.
EEPROM = "\n".join(
    [
        _module("Ethernet0", "NV0001"),
        _module("Ethernet2", "NV0001"),
        _module("Ethernet4", "NV0001"),
        _module("Ethernet6", "NV0001"),
        "Ethernet8: SFP EEPROM Not detected",
        _module("Ethernet16", "NV0002", rx3="-4.6700dBm"),
    ]
)


def _breakout_entry(n: int, mode: str, children: list[str], speeds: str) -> dict[str, Any]:
    return {
        "index": ",".join([str(n)] * 8),
        "lanes": ",".join(str(8 * (n - 1) + i) for i in range(8)),
        "breakout_modes": {
            "1x400G[200G,100G,50G,40G,25G,10G,1G]": [f"etp{n}"],
            "4x100G[50G,25G,10G,1G]": [f"etp{n}{c}" for c in "abcd"],
            "2x200G[100G,50G,40G,25G,10G,1G]": [f"etp{n}a", f"etp{n}b"],
        },
        "default_brkout_mode": "1x400G[200G,100G,50G,40G,25G,10G,1G]",
        "Current Breakout Mode": mode,
        "child ports": ",".join(children),
        "child port speeds": speeds,
    }


WHOLE = "1x400G[200G,100G,50G,40G,25G,10G,1G]"
BREAKOUT = json.dumps(
    {
        "Ethernet0": _breakout_entry(
            1,
            "4x100G[50G,25G,10G,1G]",
            ["Ethernet0", "Ethernet2", "Ethernet4", "Ethernet6"],
            "100G,100G,100G,100G",
        ),
        "Ethernet8": _breakout_entry(2, WHOLE, ["Ethernet8"], "400G"),
        "Ethernet16": _breakout_entry(3, WHOLE, ["Ethernet16"], "400G"),
    },
    indent=4,
)
_TYPE = "QSFP-DD Double Density 8X Pluggable Transceiver"
STATUS = f"""\
  Interface                    Lanes    Speed    MTU    FEC    Alias    Vlan    Oper    Admin  \
{"Type":>47}    Asym PFC
-----------  -----------------------  -------  -----  -----  -------  ------  ------  -------  \
{"-" * 47}  ----------
  Ethernet0                      0,1     100G   9100     rs    etp1a  routed      up       up  \
{_TYPE:>47}         N/A
  Ethernet2                      2,3     100G   9100     fc    etp1b  routed    down       up  \
{_TYPE:>47}         N/A
  Ethernet4                      4,5     100G   9100     rs    etp1c  routed      up       up  \
{_TYPE:>47}         N/A
  Ethernet6                      6,7     100G   9100   none    etp1d  routed      up     down  \
{_TYPE:>47}         N/A
  Ethernet8  8,9,10,11,12,13,14,15     400G   9100    N/A     etp2  routed    down       up  \
{"N/A":>47}         N/A
 Ethernet16  16,17,18,19,20,21,22,23   400G   9100     rs     etp3  routed      up       up  \
{_TYPE:>47}         N/A
 Ethernet24              24,25,26,27   100G   9100     rs     etp4  routed      up       up  \
{"QSFP28 or later":>47}         N/A
"""
CONFIG_DB = json.dumps(
    {
        "BREAKOUT_CFG": {
            "Ethernet0": {"brkout_mode": "4x100G[50G,25G,10G,1G]"},
            "Ethernet8": {"brkout_mode": WHOLE},
            "Ethernet16": {"brkout_mode": WHOLE},
        },
        "DEVICE_METADATA": {"localhost": {"hostname": "leaf9"}},
        "PORT": {
            "Ethernet0": {"admin_status": "up", "description": "srv1:eth0", "fec": "rs"},
            "Ethernet2": {"admin_status": "up", "description": "srv2:eth0", "fec": "fc"},
            "Ethernet4": {"admin_status": "up", "description": "", "fec": "rs"},
            "Ethernet6": {"admin_status": "down", "description": "srv4:eth0", "fec": "none"},
            "Ethernet8": {"admin_status": "up", "speed": "400000"},
            "Ethernet16": {"admin_status": "up", "description": "spine2:Ethernet1/3"},
            "Ethernet24": {"admin_status": "up", "speed": "100000", "fec": "rs"},
        },
    },
    indent=4,
)
LLDP = """\
Capability codes: (R) Router, (B) Bridge, (O) Other
LocalPort    RemoteDevice    RemotePortID    Capability    RemotePortDescr
-----------  --------------  --------------  ------------  -----------------
Ethernet16   spine2          Ethernet1/3     BR            leaf3:Ethernet248
--------------------------------------------------
Total entries displayed:  1
"""
OUTPUTS = {
    EEPROM_COMMAND: EEPROM,
    BREAKOUT_COMMAND: BREAKOUT,
    STATUS_COMMAND: STATUS,
    CONFIG_COMMAND: CONFIG_DB,
    LLDP_COMMAND: LLDP,
}


def _outputs(commands: tuple[str, ...]) -> dict[str, str]:
    return {command: OUTPUTS[command] for command in commands}


def test_the_commands_are_the_ones_written_out() -> None:
    assert MODULE_COMMANDS == (EEPROM_COMMAND, BREAKOUT_COMMAND)
    assert DOM_COMMANDS == (EEPROM_COMMAND, BREAKOUT_COMMAND)
    assert PORT_COMMANDS == (STATUS_COMMAND, BREAKOUT_COMMAND, CONFIG_COMMAND, LLDP_COMMAND)


def test_one_transceiver_per_cage_with_dark_and_unused_lanes() -> None:
    facts = FACTS.validate_python(facts_from_outputs(OUTPUTS))
    transceivers = facts["transceivers"]
    assert set(transceivers) == {"Ethernet0", "Ethernet8", "Ethernet16"}
    cage = transceivers["Ethernet0"]
    assert (cage["port"], cage["serial"], cage["media_type"], cage["firmware"]) == (
        "Ethernet0",
        "NV0001",
        "400GBASE-DR4",
        "2.8",
    )
    assert transceivers["Ethernet8"] == {"port": "Ethernet8", "present": False}
    lanes = transceivers["Ethernet16"]["lanes"]
    assert [lane["state"] for lane in lanes] == ["ok"] * 4 + ["unused"] * 4
    assert lanes[2] == {
        "lane": 3,
        "state": "ok",
        "rx_power_dbm": -4.67,
        "tx_power_dbm": 0.87,
        "tx_bias_ma": 7.5,
    }
    assert transceivers["Ethernet16"]["thresholds"]["temperature_c"]["high_alarm"] == 75.0
    assert transceivers["Ethernet16"]["temperature_c"] == 45.3


def test_a_dark_lane_is_no_light() -> None:
    text = _module("Ethernet16", "NV0002", rx3="-infdBm")
    lanes = facts_from_outputs({EEPROM_COMMAND: text})["transceivers"]["Ethernet16"]["lanes"]
    assert lanes[2] == {"lane": 3, "state": "no_light", "tx_power_dbm": 0.87, "tx_bias_ma": 7.5}


def test_without_the_breakout_table_legs_fold_by_serial() -> None:
    transceivers = facts_from_outputs({EEPROM_COMMAND: EEPROM})["transceivers"]
    assert set(transceivers) == {"Ethernet0", "Ethernet8", "Ethernet16"}


def test_ports_carry_state_fec_breakout_description_and_lldp() -> None:
    ports = FACTS.validate_python(facts_from_outputs(OUTPUTS))["ports"]
    assert ports["Ethernet0"] == {
        "name": "Ethernet0",
        "admin": "up",
        "oper": "up",
        "speed": "100G",
        "fec": "rs544",  # rs on a PAM4 optic
        "description": "srv1:eth0",
        "breakout": "4x100G",
        "children": ["Ethernet0", "Ethernet2", "Ethernet4", "Ethernet6"],
        "media_lanes": [1],
    }
    assert ports["Ethernet2"] == {
        "name": "Ethernet2",
        "admin": "up",
        "oper": "down",
        "speed": "100G",
        "fec": "fc",
        "description": "srv2:eth0",
        "parent": "Ethernet0",
        "media_lanes": [2],
    }
    assert "description" not in ports["Ethernet4"]
    assert (ports["Ethernet6"]["admin"], ports["Ethernet6"]["fec"]) == ("down", "none")
    assert "fec" not in ports["Ethernet8"]
    assert (ports["Ethernet8"]["breakout"], ports["Ethernet8"]["children"]) == (
        "none",
        ["Ethernet8"],
    )
    whole = ports["Ethernet16"]
    assert (whole["fec"], whole["speed"], whole["breakout"]) == ("rs544", "400G", "none")
    assert whole["neighbor"] == {"system": "spine2", "port": "Ethernet1/3"}
    # no module known, 25G per host lane: NRZ, where rs is RS(528,514)
    assert ports["Ethernet24"]["fec"] == "rs528"


def test_each_group_alone_gives_its_part() -> None:
    inventory = FACTS.validate_python(facts_from_outputs(_outputs(MODULE_COMMANDS)))
    assert "ports" not in inventory
    assert inventory["transceivers"]["Ethernet0"]["serial"] == "NV0001"
    ports = FACTS.validate_python(facts_from_outputs(_outputs(PORT_COMMANDS)))
    assert "transceivers" not in ports
    assert ports["ports"]["Ethernet0"]["fec"] == "rs544"  # by the lane rate: 50G per host lane
    assert "media_lanes" not in ports["ports"]["Ethernet2"]  # the optic is unknown here
    assert ports["ports"]["Ethernet2"]["parent"] == "Ethernet0"


def test_config_db_and_lldp_parsers() -> None:
    config = parse_show_runningconfiguration_all(CONFIG_DB)["ports"]
    assert config["Ethernet0"]["breakout"] == "4x100G"
    assert config["Ethernet8"] == {
        "name": "Ethernet8",
        "admin": "up",
        "speed": "400G",
        "breakout": "none",
    }
    assert config["Ethernet2"]["fec"] == "fc"
    assert set(parse_show_lldp_table(LLDP)["ports"]) == {"Ethernet16"}


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
    assert [lane["lane"] for lane in lanes] == [lane.number for lane in module.lanes]
    for lane in lanes:
        truth = module.lane(lane["lane"])
        if not truth.used:
            assert lane == {"lane": truth.number, "state": "unused"}
            continue
        assert_rx_matches(lane, truth)
        assert_tx_and_bias_match(lane, truth)


@pytest.mark.lab
def test_gather_carries_the_labs_modules(
    gathered: dict[str, DeviceFacts], lab_state: dict[str, DeviceState]
) -> None:
    assert_modules_match(gathered, lab_state, _module_matches)


def _expected_fec(state: DeviceState, interface: str) -> str | None:
    """The configured FEC (``rs`` reads back as rs544 behind the lab's PAM4 optics)."""
    fec = state.interfaces[interface].fec
    return "rs544" if fec is Fec.RS528 else fec.value if fec else None


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
            assert port["speed"] == speed_of(state, interface), interface
            assert port.get("fec") == _expected_fec(state, interface), interface
        assert_breakouts_match(ports, state)


@pytest.mark.lab
def test_gather_shows_the_dc1_faults_of_leaf3(gathered: dict[str, DeviceFacts]) -> None:
    leaf3 = gathered["leaf3"]
    # one breakout leg with the 25G-era Fire-code FEC, down
    leg = leaf3["ports"]["Ethernet2"]
    assert (leg["fec"], leg["oper"], leg["parent"], leg["media_lanes"]) == (
        "fc",
        "down",
        "Ethernet0",
        [2],
    )
    assert leaf3["ports"]["Ethernet0"]["children"] == [
        "Ethernet0",
        "Ethernet2",
        "Ethernet4",
        "Ethernet6",
    ]
    assert leaf3["ports"]["Ethernet4"]["fec"] == "rs544"
    # dirty MPO ferrule: lane 3 about 4.5 dB below lanes 1, 2 and 4
    lanes = leaf3["transceivers"]["Ethernet248"]["lanes"]
    rx = [lane["rx_power_dbm"] for lane in lanes[:4]]
    others = (rx[0] + rx[1] + rx[3]) / 3
    assert others - rx[2] == pytest.approx(4.5, abs=0.5)
    assert [lane["state"] for lane in lanes[4:]] == ["unused"] * 4
    assert leaf3["ports"]["Ethernet248"]["neighbor"] == {"system": "spine2", "port": "Ethernet1/3"}
    assert leaf3["transceivers"]["Ethernet16"] == {"port": "Ethernet16", "present": False}


@pytest.mark.lab
def test_each_task_alone_returns_its_part(
    dc1_lab: dict[str, Any], gathered: dict[str, DeviceFacts]
) -> None:
    inventory, dom, ports = gather_parts(dc1_lab, PLATFORM, DEVICES)
    for name, facts in gathered.items():
        assert "ports" not in inventory[name]
        assert "ports" not in dom[name]
        assert "transceivers" not in ports[name]
        for port_name, port in facts["ports"].items():
            alone = dict(ports[name]["ports"][port_name])
            # without the EEPROM the optic is unknown: no media lanes; FEC by the lane rate
            assert {k: v for k, v in port.items() if k != "media_lanes"} == alone, port_name
        for cage, xcvr in facts["transceivers"].items():
            have = inventory[name]["transceivers"][cage]
            assert have["present"] == xcvr["present"]
            if xcvr["present"]:
                for key in ("serial", "part_number", "vendor", "revision", "firmware"):
                    assert have[key] == xcvr[key], key  # type: ignore[literal-required]
                assert dom[name]["transceivers"][cage]["lanes"] == xcvr["lanes"]
                assert "thresholds" in dom[name]["transceivers"][cage]
