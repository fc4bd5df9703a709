"""Arista EOS parsers: real outputs against expected facts, and hand-written outputs."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from labtools import (
    case_id,
    case_names,
    driver_cases,
    expected_facts,
    parse_real_output,
    real_outputs,
    skip_without_real,
)

from nornir_optics.facts import FACTS
from nornir_optics.platforms.arista_eos.parse import PARSERS

if TYPE_CHECKING:
    from pathlib import Path

REAL, CASES = driver_cases("arista_eos")
COMMANDS = {
    "show_interfaces_status": "show interfaces status",
    "show_interfaces_transceiver": "show interfaces transceiver",
    "show_interfaces_transceiver_detail": "show interfaces transceiver detail",
    "show_interfaces_transceiver_hardware": "show interfaces transceiver hardware",
    "show_interfaces_transceiver_json": "show interfaces transceiver | json",
    "show_inventory": "show inventory",
}
SUFFIXES = (".raw", ".json", ".xml")
GATHER_COMMANDS = {
    "show interfaces status | json",
    "show lldp neighbors | json",
    "show inventory | json",
    "show running-config",
    "show interfaces | json",
}
"""Commands the gather sends that no real output in ../shared stands for (``show interfaces |
json`` has one under tests/captures)."""


@pytest.mark.parametrize("expected", CASES, ids=case_id)
def test_real_output(expected: Path) -> None:
    result = parse_real_output(REAL, expected, PARSERS[COMMANDS[expected.parent.name]], SUFFIXES)
    assert result == expected_facts(expected)
    FACTS.validate_python(result)


def test_every_real_output_has_an_expected_file() -> None:
    skip_without_real(REAL)
    outputs = real_outputs(REAL, SUFFIXES)
    assert outputs == case_names(CASES)
    assert {folder for folder, _ in outputs} <= set(COMMANDS)


DOM_TABLE = """\
If device is externally calibrated, only calibrated values are printed.
N/A: not applicable, Tx: transmit, Rx: receive.
mA: milliamperes, dBm: decibels (milliwatts).
                               Bias      Optical   Optical
          Temp       Voltage   Current   Tx Power  Rx Power
Port      (Celsius)  (Volts)   (mA)      (dBm)     (dBm)     Last Update
-----     ---------  --------  --------  --------  --------  -------------------
Et1/1      41.20      3.29      6.10      0.85      -1.02     0:00:02 ago
Et1/2      41.20      3.29      6.20      0.91      -30.00    0:00:02 ago   \n\
Et1/3      41.20      3.29      6.30      N/A       -2.50     0:00:02 ago
Et1/4      41.20      3.29      6.40      0.77      -1.44     0:00:02 ago
Et2/1      N/A        N/A       N/A       N/A       N/A       N/A"""


def test_dom_table_folds_lanes_and_marks_no_light() -> None:
    result = PARSERS["show interfaces transceiver"](DOM_TABLE)
    FACTS.validate_python(result)
    cage = result["transceivers"]["Ethernet1/1"]
    assert cage["temperature_c"] == 41.2
    assert cage["voltage_v"] == 3.29
    assert cage["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": -1.02, "tx_power_dbm": 0.85, "tx_bias_ma": 6.1},
        {"lane": 2, "state": "no_light", "tx_power_dbm": 0.91, "tx_bias_ma": 6.2},
        {"lane": 3, "state": "ok", "rx_power_dbm": -2.5, "tx_bias_ma": 6.3},
        {"lane": 4, "state": "ok", "rx_power_dbm": -1.44, "tx_power_dbm": 0.77, "tx_bias_ma": 6.4},
    ]
    assert result["transceivers"]["Ethernet2/1"]["lanes"] == [{"lane": 1, "state": "not_supported"}]
    assert result["ports"]["Ethernet1/3"] == {"name": "Ethernet1/3", "media_lanes": [3]}


def test_dom_table_keeps_modules_apart_when_readings_differ() -> None:
    text = "Et3/1      30.00      3.30      6.00      0.50      -1.00     0:00:01 ago\n"
    text += "Et3/2      35.00      3.25      6.00      0.50      -1.00     0:00:01 ago\n"
    result = PARSERS["show interfaces transceiver"](text)
    assert sorted(result["transceivers"]) == ["Ethernet3/1", "Ethernet3/2"]


DETAIL = """\
mA: milliamperes, dBm: decibels (milliwatts), NA or N/A: not applicable.
++ : high alarm, +  : high warning, -  : low warning, -- : low alarm.
A2D readouts (if they differ), are reported in parentheses.
The threshold values are calibrated.
                         High Alarm  High Warn   Low Alarm   Low Warn
           Temperature   Threshold   Threshold   Threshold   Threshold
Port       (Celsius)     (Celsius)   (Celsius)   (Celsius)   (Celsius)
-------    ------------  ----------  ----------  ----------  ----------
Et9/1      40.10 (40.20) 75.00       70.00       -5.00       0.00
                         High Alarm  High Warn   Low Alarm   Low Warn
           Rx Power      Threshold   Threshold   Threshold   Threshold
Port       (dBm)         (dBm)       (dBm)       (dBm)       (dBm)
-------    ------------  ----------  ----------  ----------  ----------
Et9/1      -2.00         2.00        1.00        N/A         -12.00
Et9/2      -40.00        2.00        1.00        N/A         -12.00     """


def test_detail_thresholds_in_vendor_column_order() -> None:
    result = PARSERS["show interfaces transceiver detail"](DETAIL)
    FACTS.validate_python(result)
    cage = result["transceivers"]["Ethernet9/1"]
    assert cage["temperature_c"] == 40.1
    assert cage["thresholds"] == {
        "temperature_c": {
            "high_alarm": 75.0,
            "high_warning": 70.0,
            "low_alarm": -5.0,
            "low_warning": 0.0,
        },
        "rx_power_dbm": {"high_alarm": 2.0, "high_warning": 1.0, "low_warning": -12.0},
    }
    assert cage["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": -2.0},
        {"lane": 2, "state": "no_light"},
    ]


def test_json_marks_lanes_beyond_the_optic_unused() -> None:
    lanes = {
        f"Ethernet5/1/{n}": {
            "mediaType": "400GBASE-DR4",
            "vendorSn": "SN0001",
            "temperature": 44.5,
            "voltage": 3.3,
            "txBias": 50.0 if n <= 4 else 0.0,
            "txPower": 1.0 if n <= 4 else -30.0,
            "rxPower": (-30.0 if n == 3 else -1.5) if n <= 4 else -30.0,
        }
        for n in range(1, 9)
    }
    result = PARSERS["show interfaces transceiver | json"](json.dumps({"interfaces": lanes}))
    FACTS.validate_python(result)
    cage = result["transceivers"]["Ethernet5/1/1"]
    assert cage["media_type"] == "400GBASE-DR4"
    assert cage["serial"] == "SN0001"
    assert [lane["state"] for lane in cage["lanes"]] == ["ok", "ok", "no_light", "ok"] + [
        "unused"
    ] * 4
    assert cage["lanes"][2] == {
        "lane": 3,
        "state": "no_light",
        "tx_power_dbm": 1.0,
        "tx_bias_ma": 50.0,
    }


def test_hardware_presence_and_media_type() -> None:
    text = (
        "Name: Et1/1\nMedia type: 400GBASE-DR4\nMaximum module power (W): 12.0\n"
        "Maximum slot power (W): N/A\nWavelength (nm): 1310\n\n"
        "Name: Et2/1\nModule presence: not detected\nMaximum slot power (W): N/A"
    )
    result = PARSERS["show interfaces transceiver hardware"](text)
    FACTS.validate_python(result)
    assert result["transceivers"] == {
        "Ethernet1/1": {
            "port": "Ethernet1/1",
            "present": True,
            "media_type": "400GBASE-DR4",
            "media_type_raw": "400GBASE-DR4",
            "wavelength_nm": 1310.0,
        },
        "Ethernet2/1": {"port": "Ethernet2/1", "present": False},
    }


def test_inventory_aligned_columns() -> None:
    text = """\
System has 3 transceiver slots
  Port Manufacturer     Model            Serial Number    Rev
  ---- ---------------- ---------------- ---------------- ----
  1    Arista Networks  QDD-400G-DR4     XKT1234ABCD      11
  2    Acme Optics Inc  SFP-10G-LR       N/A
  3
System has 1 fan modules"""
    result = PARSERS["show inventory"](text)
    FACTS.validate_python(result)
    assert result["transceivers"] == {
        "Ethernet1": {
            "port": "Ethernet1",
            "present": True,
            "vendor": "Arista Networks",
            "part_number": "QDD-400G-DR4",
            "serial": "XKT1234ABCD",
            "revision": "11",
            "media_type": "400GBASE-DR4",
        },
        "Ethernet2": {
            "port": "Ethernet2",
            "present": True,
            "vendor": "Acme Optics Inc",
            "part_number": "SFP-10G-LR",
        },
        "Ethernet3": {"port": "Ethernet3", "present": False},
    }


def test_status_rows() -> None:
    text = """\
Port       Name                   Status       Vlan        Duplex  Speed Type
Et1/1      to spine1 Et3/1        connected    in Po10     full    400G  400GBASE-DR4
Et1/2                             notconnect   1           auto    auto  Not Present  """
    result = PARSERS["show interfaces status"](text)
    FACTS.validate_python(result)
    assert result["ports"] == {
        "Ethernet1/1": {
            "name": "Ethernet1/1",
            "admin": "up",
            "oper": "up",
            "speed": "400G",
            "description": "to spine1 Et3/1",
        },
        "Ethernet1/2": {"name": "Ethernet1/2", "admin": "up", "oper": "down"},
    }


def test_commands_are_keyed_as_typed() -> None:
    assert all(key == " ".join(key.lower().split()) for key in PARSERS)
    assert set(PARSERS) == set(COMMANDS.values()) | GATHER_COMMANDS
