"""Cisco NX-OS parsers: real outputs against expected facts, and hand-written outputs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from labtools import (
    case_id,
    case_names,
    driver_cases,
    expected_facts,
    parse_real_output,
    skip_without_real,
)

from nornir_optics.facts import FACTS
from nornir_optics.platforms.cisco_nxos.parse import (
    PARSERS,
    parse_show_interface_breakout,
    parse_show_interface_status,
    parse_show_interface_transceiver,
    parse_show_inventory,
)

if TYPE_CHECKING:
    from pathlib import Path

REAL, CASES = driver_cases("cisco_nxos")
COMMANDS = {
    "show_interface_transceiver": "show interface transceiver",
    "show_interface_transceiver_details": "show interface transceiver details",
    "show_interface_status": "show interface status",
    "show_interface_breakout": "show interface breakout",
    "show_inventory": "show inventory",
}
NOT_COVERED = {"show_interface_capabilities"}
"""Real outputs of commands this driver does not parse (no field of the model in them)."""
GATHER_COMMANDS = {
    "show interface status | json",
    "show running-config",
    "show lldp neighbors detail",
    "show interface",
}
"""Commands the gather sends that no real output in ../shared stands for (``show interface`` has
one under tests/captures)."""


@pytest.mark.parametrize("expected", CASES, ids=case_id)
def test_real_output(expected: Path) -> None:
    result = parse_real_output(REAL, expected, PARSERS[COMMANDS[expected.parent.name]])
    assert result == expected_facts(expected)
    FACTS.validate_python(result)


def test_every_real_output_has_an_expected_file() -> None:
    skip_without_real(REAL)
    outputs = case_names(
        path for path in REAL.glob("*/*.raw") if path.parent.name not in NOT_COVERED
    )
    assert outputs == case_names(CASES)


def test_commands_are_typed_forms() -> None:
    assert set(PARSERS) == set(COMMANDS.values()) | GATHER_COMMANDS
    assert all(key == " ".join(key.lower().split()) for key in PARSERS)


DETAILS = """\
Ethernet1/49
    transceiver is present
    type is QSFP-DD-400G-DR4
    name is CISCO-ACME
    part number is ACME-DR4-1\x20\x20\x20
    revision is 01
    serial number is ACM0001\x20\x20\x20\x20
    cisco product id is QDD-400G-DR4-S
    firmware version is 1.2
    Nominal transmitter wavelength is 1311.00 nm
    host lane count is 8
    media lane count is 4

Lane Number:1 Network Lane
    ----------------------------------------------------------------------------
                Current              Alarms                  Warnings
                Measurement     High        Low         High          Low
    ----------------------------------------------------------------------------
    Temperature   41.50 C        80.00 C     -5.00 C     75.00 C        0.00 C
    Voltage        3.30 V         3.63 V      2.97 V      3.46 V        3.13 V
    Current       55.10 mA      120.00 mA    20.00 mA   110.00 mA      30.00 mA
    Tx Power       1.20 dBm       6.99 dBm   -6.90 dBm    3.99 dBm     -2.90 dBm
    Rx Power      -1.05 dBm       6.99 dBm   -9.91 dBm    3.99 dBm     -5.90 dBm
    ----------------------------------------------------------------------------

Lane Number:2 Network Lane
    ----------------------------------------------------------------------------
                Current              Alarms                  Warnings
                Measurement     High        Low         High          Low
    ----------------------------------------------------------------------------
    Temperature   41.50 C        80.00 C     -5.00 C     75.00 C        0.00 C
    Current       54.00 mA      120.00 mA    20.00 mA   110.00 mA      30.00 mA
    Tx Power       1.10 dBm       6.99 dBm   -6.90 dBm    3.99 dBm     -2.90 dBm
    Rx Power     -40.00 dBm --    6.99 dBm   -9.91 dBm    3.99 dBm     -5.90 dBm

Lane Number:3 Network Lane
    Current           N/A       120.00 mA    20.00 mA   110.00 mA      30.00 mA
    Tx Power          N/A         6.99 dBm   -6.90 dBm    3.99 dBm     -2.90 dBm
    Rx Power          N/A     --    6.99 dBm   -9.91 dBm    3.99 dBm     -5.90 dBm

Lane Number:4 Network Lane
    Current           N/A       120.00 mA    20.00 mA   110.00 mA      30.00 mA
    Tx Power          N/A         6.99 dBm   -6.90 dBm    3.99 dBm     -2.90 dBm
    Rx Power          N/A         6.99 dBm   -9.91 dBm    3.99 dBm     -5.90 dBm

Lane Number:5 Network Lane
    Current        0.00 mA      120.00 mA    20.00 mA   110.00 mA      30.00 mA
    Rx Power     -40.00 dBm --    6.99 dBm   -9.91 dBm    3.99 dBm     -5.90 dBm

Ethernet1/50
    transceiver is not present

Ethernet1/51
    transceiver is present
    type is SFP-H10GB-CU3M
    name is CISCO-MOLEX
    part number is 74752-9520
    revision is --
    serial number is MOC0002

DOM is not supported"""


def test_details_per_lane_no_light_and_na() -> None:
    result = parse_show_interface_transceiver(DETAILS)
    FACTS.validate_python(result)
    transceivers = result["transceivers"]
    dr4 = transceivers["Ethernet1/49"]
    assert dr4["media_type"] == "400GBASE-DR4"
    assert dr4["media_type_raw"] == "QSFP-DD-400G-DR4"
    assert (dr4["vendor"], dr4["part_number"], dr4["serial"]) == (
        "CISCO-ACME",
        "ACME-DR4-1",
        "ACM0001",
    )
    assert (dr4["firmware"], dr4["wavelength_nm"]) == ("1.2", 1311.0)
    assert (dr4["host_lanes"], dr4["media_lanes"]) == (8, 4)
    assert (dr4["temperature_c"], dr4["voltage_v"]) == (41.5, 3.3)
    assert dr4["thresholds"]["rx_power_dbm"] == {
        "high_alarm": 6.99,
        "low_alarm": -9.91,
        "high_warning": 3.99,
        "low_warning": -5.9,
    }
    assert dr4["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": -1.05, "tx_power_dbm": 1.2, "tx_bias_ma": 55.1},
        {"lane": 2, "state": "no_light", "tx_power_dbm": 1.1, "tx_bias_ma": 54.0},
        {"lane": 3, "state": "no_light"},
        {"lane": 4, "state": "not_supported"},
        {"lane": 5, "state": "unused"},
    ]
    assert transceivers["Ethernet1/50"] == {"port": "Ethernet1/50", "present": False}
    assert transceivers["Ethernet1/51"] == {
        "port": "Ethernet1/51",
        "present": True,
        "vendor": "CISCO-MOLEX",
        "part_number": "74752-9520",
        "serial": "MOC0002",
        "media_type_raw": "SFP-H10GB-CU3M",
    }


SFP = (
    "Ethernet1/1\n"
    "    transceiver is present\n"
    "    type is 10Gbase-SR\n"
    "    serial number is ABC   \n"
    "           SFP Detail Diagnostics Information (internal calibration)\n"
    "  Temperature   30.00 C        75.00 C     -5.00 C     70.00 C        0.00 C\n"
    "  Current        6.00 mA       11.80 mA     4.00 mA    10.80 mA       5.00 mA\n"
    "  Tx Power      -2.00 dBm       1.69 dBm  -11.30 dBm   -1.30 dBm     -7.30 dBm\n"
    "  Rx Power          N/A         2.00 dBm  -13.90 dBm   -1.00 dBm     -9.90 dBm"
)


def test_single_lane_sfp_with_na_rx() -> None:
    result = parse_show_interface_transceiver(SFP)
    FACTS.validate_python(result)
    sfp = result["transceivers"]["Ethernet1/1"]
    assert sfp["serial"] == "ABC"
    assert sfp["temperature_c"] == 30.0
    assert "voltage_v" not in sfp
    assert sfp["lanes"] == [{"lane": 1, "state": "ok", "tx_power_dbm": -2.0, "tx_bias_ma": 6.0}]


STATUS = """\
--------------------------------------------------------------------------------
Port          Name               Status    Vlan      Duplex  Speed   Type
--------------------------------------------------------------------------------
Eth1/1        to spine1, Eth3/1  connected routed    full    400G    QSFP-DD-400G-DR4
Eth1/2        --                 disabled  routed    auto    auto    QSFP-DD-400G-DR4
Eth1/3        --                 xcvrAbsen 1         auto    auto    --
Eth1/4        --                 notconnec 1         full    a-1000  --\x20\x20\x20
Vlan10        --                 down      routed    auto    auto    --"""


def test_status_states_and_speeds() -> None:
    result = parse_show_interface_status(STATUS)
    FACTS.validate_python(result)
    assert result["ports"] == {
        "Ethernet1/1": {
            "name": "Ethernet1/1",
            "admin": "up",
            "oper": "up",
            "description": "to spine1, Eth3/1",
            "speed": "400G",
        },
        "Ethernet1/2": {"name": "Ethernet1/2", "admin": "down", "oper": "down"},
        "Ethernet1/3": {
            "name": "Ethernet1/3",
            "admin": "up",
            "oper": "down",
            "reason": "xcvrAbsen",
        },
        "Ethernet1/4": {
            "name": "Ethernet1/4",
            "admin": "up",
            "oper": "down",
            "reason": "notconnec",
            "speed": "1G",
        },
        "Vlan10": {"name": "Vlan10", "oper": "down"},
    }


def test_breakout_children_and_lanes() -> None:
    text = "Parent   Breakout Map   Breakout Ports\nEth1/35  100g-4x        Eth1/35/1-4\n"
    result = parse_show_interface_breakout(text)
    FACTS.validate_python(result)
    ports = result["ports"]
    assert ports["Ethernet1/35"] == {
        "name": "Ethernet1/35",
        "breakout": "4x100G",
        "children": [f"Ethernet1/35/{n}" for n in range(1, 5)],
    }
    assert ports["Ethernet1/35/3"] == {
        "name": "Ethernet1/35/3",
        "parent": "Ethernet1/35",
        "media_lanes": [3],
    }


def test_inventory_keeps_only_transceiver_rows() -> None:
    text = (
        'NAME: "Chassis",  DESCR: "Nexus9000 C9364D-GX2A chassis"\n'
        "PID: N9K-C9364D-GX2A     ,  VID: V01 ,  SN: FDO0000001\n"
        "\n"
        "NAME: Ethernet1/1,  DESCR: CISCO-INNOLIGHT\n"
        "PID: QDD-400G-DR4        ,  VID: T-DP4CNH-NCI,  SN: INL0001\n"
        "NAME: Ethernet1/2,  DESCR: CISCO-INNOLIGHT\n"
        "PID: QDD-400G-DR4-S      ,  VID: V01 ,  SN: INL0002"
    )
    result = parse_show_inventory(text)
    FACTS.validate_python(result)
    assert result["transceivers"] == {
        "Ethernet1/1": {
            "port": "Ethernet1/1",
            "present": True,
            "vendor": "CISCO-INNOLIGHT",
            "part_number": "T-DP4CNH-NCI",
            "serial": "INL0001",
            "media_type_raw": "QDD-400G-DR4",
            "media_type": "400GBASE-DR4",
        },
        "Ethernet1/2": {
            "port": "Ethernet1/2",
            "present": True,
            "vendor": "CISCO-INNOLIGHT",
            "part_number": "QDD-400G-DR4-S",
            "serial": "INL0002",
            "media_type_raw": "QDD-400G-DR4-S",
            "media_type": "400GBASE-DR4",
        },
    }


def test_breakout_leg_keeps_its_media_lane_number() -> None:
    text = (
        "Ethernet1/1/3\n"
        "    transceiver is present\n"
        "    type is QSFP-DD-400G-DR4\n"
        "    media lane count is 4\n"
        "\n"
        "Lane Number:3 Network Lane\n"
        "    Temperature   38.70 C        75.00 C     -5.00 C     70.00 C        0.00 C\n"
        "    Current        7.60 mA       13.00 mA     2.00 mA    11.00 mA       3.00 mA\n"
        "    Tx Power       1.15 dBm       6.00 dBm   -5.90 dBm    4.00 dBm     -2.90 dBm\n"
        "    Rx Power      -4.50 dBm       6.00 dBm   -8.90 dBm    4.00 dBm     -5.90 dBm\n"
    )
    leg = parse_show_interface_transceiver(text)["transceivers"]["Ethernet1/1/3"]
    assert leg["lanes"] == [
        {"lane": 3, "state": "ok", "rx_power_dbm": -4.5, "tx_power_dbm": 1.15, "tx_bias_ma": 7.6}
    ]
