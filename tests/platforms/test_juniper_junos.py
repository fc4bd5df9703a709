"""Juniper Junos parsers: real outputs against expected facts, and hand-written outputs."""

from __future__ import annotations

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
from nornir_optics.platforms.juniper_junos.parse import PARSERS

if TYPE_CHECKING:
    from pathlib import Path

REAL, CASES = driver_cases("juniper_junos")
COMMANDS = {
    "show_chassis_hardware": "show chassis hardware",
    "show_interfaces_diagnostics_optics": "show interfaces diagnostics optics",
    "show_interfaces_diagnostics_optics_xml": "show interfaces diagnostics optics | display xml",
}
SUFFIXES = (".raw", ".json", ".xml")
GATHER_COMMANDS = {
    "show chassis hardware | display xml",
    "show interfaces",
    "show interfaces | display xml",
    "show interfaces terse",
    "show lldp neighbors",
    "show lldp neighbors | display xml",
    "show configuration interfaces | display set",
    "show chassis pic",
}
"""Commands the gather sends that no real output here stands for (``show chassis pic``'s real
outputs are in tests/captures)."""


@pytest.mark.parametrize("expected", CASES, ids=case_id)
def test_real_output(expected: Path) -> None:
    result = parse_real_output(REAL, expected, PARSERS[COMMANDS[expected.parent.name]], SUFFIXES)
    assert result == expected_facts(expected)
    FACTS.validate_python(result)


def test_every_real_output_has_an_expected_file() -> None:
    skip_without_real(REAL)
    outputs = real_outputs(REAL, SUFFIXES)
    assert outputs == case_names(CASES)


OPTICS = """\
Physical interface: et-0/0/1
    Module temperature                        :  51 degrees C / 124 degrees F
    Module voltage                            :  3.2900 V
    Module temperature high alarm threshold   :  75 degrees C / 167 degrees F
    Laser output power low warning threshold  :  0.0000 mW / - Inf dBm
    Laser rx power low alarm threshold        :  0.0447 mW / -13.50 dBm
  Lane 0
    Laser bias current                        :  60.000 mA
    Laser output power                        :  1.120 mW / 0.49 dBm
    Laser receiver power                      :  0.891 mW / -0.50 dBm
    Laser receiver power low alarm            :  Off
  Lane 1
    Laser bias current                        :  61.000 mA
    Laser output power                        :  1.100 mW / 0.41 dBm
    Laser receiver power                      :  0.0000 mW / - Inf dBm
    Laser receiver power low alarm            :  On
  Lane 2
    Laser bias current                        :  N/A
    Laser output power                        :  N/A
    Laser receiver power                      :  N/A
Physical interface: xe-0/0/2   \n\
    Laser bias current                        :  7.000 mA
    Laser output power                        :  0.5000 mW / -3.01 dBm
    Module temperature                        :  30 degrees C / 86 degrees F
    Module voltage                            :  3.3000 V
    Receiver signal average optical power     :  0.0001 mW / -40.00 dBm"""


def test_text_lanes_numbered_from_one_with_no_light() -> None:
    result = PARSERS["show interfaces diagnostics optics"](OPTICS)
    FACTS.validate_python(result)
    et = result["transceivers"]["et-0/0/1"]
    assert et["temperature_c"] == 51.0
    assert et["voltage_v"] == 3.29
    assert et["thresholds"] == {
        "temperature_c": {"high_alarm": 75.0},
        "rx_power_dbm": {"low_alarm": -13.5},
    }
    assert et["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": -0.5, "tx_power_dbm": 0.49, "tx_bias_ma": 60.0},
        {"lane": 2, "state": "no_light", "tx_power_dbm": 0.41, "tx_bias_ma": 61.0},
        {"lane": 3, "state": "not_supported"},
    ]
    xe = result["transceivers"]["xe-0/0/2"]
    assert xe["lanes"] == [
        {"lane": 1, "state": "no_light", "tx_power_dbm": -3.01, "tx_bias_ma": 7.0}
    ]


XML = """\
<rpc-reply xmlns:junos="http://xml.juniper.net/junos/21.4R0/junos">
<interface-information xmlns="http://xml.juniper.net/junos/21.4R0/junos-interface"
    junos:style="normal">
  <physical-interface>
    <name>et-0/0/4</name>
    <optics-diagnostics>
      <module-temperature junos:celsius="40">40 degrees C / 104 degrees F</module-temperature>
      <module-voltage>3.3100</module-voltage>
      <module-voltage-high-alarm-threshold>3.6300</module-voltage-high-alarm-threshold>
      <laser-rx-power-low-alarm-threshold>0.0437</laser-rx-power-low-alarm-threshold>
      <laser-rx-power-low-alarm-threshold-dbm>-13.60</laser-rx-power-low-alarm-threshold-dbm>
      <laser-tx-power-low-warn-threshold>0.2000</laser-tx-power-low-warn-threshold>
      <optics-diagnostics-lane-values>
        <lane-index>0</lane-index>
        <laser-bias-current>55.100</laser-bias-current>
        <laser-output-power>1.000</laser-output-power>
        <laser-output-power-dbm>0.00</laser-output-power-dbm>
        <laser-rx-optical-power>0.800</laser-rx-optical-power>
        <laser-rx-optical-power-dbm>-0.97</laser-rx-optical-power-dbm>
      </optics-diagnostics-lane-values>
      <optics-diagnostics-lane-values>
        <lane-index>1</lane-index>
        <laser-bias-current>55.200</laser-bias-current>
        <laser-output-power>1.000</laser-output-power>
        <laser-output-power-dbm>0.00</laser-output-power-dbm>
        <laser-rx-optical-power>0.0000</laser-rx-optical-power>
        <laser-rx-optical-power-dbm>- Inf</laser-rx-optical-power-dbm>
      </optics-diagnostics-lane-values>
      <optics-diagnostics-lane-values>
        <lane-index>2</lane-index>
        <laser-bias-current>N/A</laser-bias-current>
        <laser-output-power-dbm>N/A</laser-output-power-dbm>
        <laser-rx-optical-power-dbm>N/A</laser-rx-optical-power-dbm>
      </optics-diagnostics-lane-values>
    </optics-diagnostics>
  </physical-interface>
  <physical-interface>
    <name>ge-0/0/0</name>
  </physical-interface>
</interface-information>
</rpc-reply>"""


def test_xml_lanes_with_namespaces() -> None:
    result = PARSERS["show interfaces diagnostics optics | display xml"](XML)
    FACTS.validate_python(result)
    assert result["transceivers"] == {
        "et-0/0/4": {
            "port": "et-0/0/4",
            "present": True,
            "temperature_c": 40.0,
            "voltage_v": 3.31,
            "thresholds": {
                "voltage_v": {"high_alarm": 3.63},
                "rx_power_dbm": {"low_alarm": -13.6},
                "tx_power_dbm": {"low_warning": -6.99},
            },
            "lanes": [
                {
                    "lane": 1,
                    "state": "ok",
                    "rx_power_dbm": -0.97,
                    "tx_power_dbm": 0.0,
                    "tx_bias_ma": 55.1,
                },
                {"lane": 2, "state": "no_light", "tx_power_dbm": 0.0, "tx_bias_ma": 55.2},
                {"lane": 3, "state": "not_supported"},
            ],
        }
    }


def test_chassis_hardware_xcvr_lines() -> None:
    text = """\
Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                WS0000000001      QFX5220-32CD
FPC 0            REV 05   650-000001   WS0000000002      QFX5220-32CD
  PIC 0                   BUILTIN      BUILTIN           32X400G-QSFP-DD
    Xcvr 0       REV 01   740-085351   1X2Y3Z4A          QDD-400G-DR4
    Xcvr 3                NON-JNPR     ABC123456789012   QSFP-100G-FR   \n\
Fan Tray 0                                               Fan Tray"""
    result = PARSERS["show chassis hardware"](text)
    FACTS.validate_python(result)
    assert result["transceivers"] == {
        "0/0/0": {
            "port": "0/0/0",
            "present": True,
            "revision": "01",
            "part_number": "740-085351",
            "serial": "1X2Y3Z4A",
            "media_type": "400GBASE-DR4",
            "media_type_raw": "QDD-400G-DR4",
        },
        "0/0/3": {
            "port": "0/0/3",
            "present": True,
            "part_number": "NON-JNPR",
            "serial": "ABC123456789012",
            "form_factor": "QSFP",
            "media_type": "100G-FR1",
            "media_type_raw": "QSFP-100G-FR",
        },
    }


CHANNELS = """\
Physical interface: et-0/0/8:0
    Module temperature                        :  44 degrees C / 111 degrees F
    Module voltage                            :  3.3000 V
  Lane 0
    Laser bias current                        :  7.100 mA
    Laser output power                        :  1.300 mW / 1.14 dBm
    Laser receiver power                      :  1.000 mW / 0.00 dBm

Physical interface: et-0/0/8:1
    Module temperature                        :  44 degrees C / 111 degrees F
    Module voltage                            :  3.3000 V
  Lane 1
    Laser bias current                        :  7.200 mA
    Laser output power                        :  1.200 mW / 0.79 dBm
    Laser receiver power                      :  0.0000 mW / - Inf dBm
"""


def test_channels_of_a_cage_fold_into_one_transceiver() -> None:
    result = PARSERS["show interfaces diagnostics optics"](CHANNELS)
    FACTS.validate_python(result)
    assert list(result["transceivers"]) == ["et-0/0/8"]
    cage = result["transceivers"]["et-0/0/8"]
    assert cage["temperature_c"] == 44.0
    assert cage["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": 0.0, "tx_power_dbm": 1.14, "tx_bias_ma": 7.1},
        {"lane": 2, "state": "no_light", "tx_power_dbm": 0.79, "tx_bias_ma": 7.2},
    ]
    assert result["ports"] == {
        "et-0/0/8:0": {"name": "et-0/0/8:0", "media_lanes": [1]},
        "et-0/0/8:1": {"name": "et-0/0/8:1", "media_lanes": [2]},
    }


def test_single_lane_channels_take_their_channel_number() -> None:
    text = "".join(
        f"Physical interface: xe-0/0/2:{n}\n"
        f"    Laser bias current                        :  6.{n}00 mA\n"
        "    Receiver signal average optical power     :  0.5000 mW / -3.01 dBm\n"
        for n in range(4)
    )
    result = PARSERS["show interfaces diagnostics optics"](text)
    lanes = result["transceivers"]["xe-0/0/2"]["lanes"]
    assert [(lane["lane"], lane["tx_bias_ma"]) for lane in lanes] == [
        (1, 6.0),
        (2, 6.1),
        (3, 6.2),
        (4, 6.3),
    ]
    assert result["ports"]["xe-0/0/2:3"] == {"name": "xe-0/0/2:3", "media_lanes": [4]}


def test_chassis_hardware_without_header() -> None:
    text = "  PIC 1\n    Xcvr 2       REV 01   740-031980   ABC1234           SFP+-10G-SR"
    result = PARSERS["show chassis hardware"](text)
    assert result["transceivers"]["0/1/2"] == {
        "port": "0/1/2",
        "present": True,
        "revision": "01",
        "part_number": "740-031980",
        "serial": "ABC1234",
        "form_factor": "SFP+",
        "media_type_raw": "SFP+-10G-SR",
    }


def test_commands_are_keyed_as_typed() -> None:
    assert set(PARSERS) == set(COMMANDS.values()) | GATHER_COMMANDS
    assert all(key == " ".join(key.lower().split()) for key in PARSERS)
