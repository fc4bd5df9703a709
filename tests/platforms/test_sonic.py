"""SONiC parsers: real outputs against expected facts, and hand-written outputs."""

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
    skip_without_real,
)

from nornir_optics.facts import FACTS
from nornir_optics.platforms.sonic.parse import (
    PARSERS,
    parse_show_interfaces_breakout,
    parse_show_interfaces_status,
    parse_transceiver_eeprom,
)

if TYPE_CHECKING:
    from pathlib import Path

REAL, CASES = driver_cases("sonic")
COMMANDS = {
    "show_interfaces_transceiver_eeprom": "show interfaces transceiver eeprom --dom",
    "sfputil_show_eeprom": "sfputil show eeprom",
    "show_interfaces_status": "show interfaces status",
    "show_interfaces_transceiver_presence": "show interfaces transceiver presence",
    "show_interfaces_transceiver_status": "show interfaces transceiver status",
    "show_interfaces_transceiver_pm": "show interfaces transceiver pm",
    "show_interfaces_breakout": "show interfaces breakout current-mode",
}
NOT_COVERED = {"breakout_config_hwsku_json"}
"""Real files that are no command's output (a vendor's per-SKU config file)."""


def _outputs() -> list[Path]:
    return [path for path in REAL.glob("*/*.raw") if path.parent.name not in NOT_COVERED]


@pytest.mark.parametrize("expected", CASES, ids=case_id)
def test_real_output(expected: Path) -> None:
    result = parse_real_output(REAL, expected, PARSERS[COMMANDS[expected.parent.name]])
    assert result == expected_facts(expected)
    FACTS.validate_python(result)


def test_every_real_output_has_an_expected_file() -> None:
    skip_without_real(REAL)
    real = case_names(_outputs())
    synthetic = {(folder, stem) for folder, stem in real if stem.startswith("SYNTHETIC")}
    assert real - synthetic == case_names(CASES)


def test_synthetic_outputs_parse() -> None:
    """SYNTHETIC outputs have invented values: they only need to parse into valid facts."""
    skip_without_real(REAL)
    synthetic = [path for path in _outputs() if path.stem.startswith("SYNTHETIC")]
    assert len(synthetic) == 4
    for path in synthetic:
        result = PARSERS[COMMANDS[path.parent.name]](path.read_text(encoding="utf-8"))
        FACTS.validate_python(result)
        assert result.get("transceivers") or result.get("ports"), path


def test_commands_are_typed_forms() -> None:
    assert set(COMMANDS.values()) <= set(PARSERS)
    assert set(PARSERS) == set(COMMANDS.values()) | {
        "show interfaces transceiver eeprom",
        "sfputil show eeprom --dom",
        "show interfaces breakout",
        "show lldp table",
        "show runningconfiguration all",
        "show interfaces transceiver info",  # real outputs in tests/captures
    }
    assert all(key == " ".join(key.split()) for key in PARSERS)


CMIS_DOM = """\
admin@leaf3:~$ show interfaces transceiver eeprom --dom Ethernet248
Ethernet248: SFP EEPROM detected
        Active Firmware: 61.20
        Application Advertisement: 400GAUI-8 C2M (Annex 120E) - Host Assign (0x1) - \
400GBASE-DR4 (Cl 124) - Media Assign (0x1)
                                   100GAUI-2 C2M (Annex 135G) - Host Assign (0x55) - \
100G-FR/100GBASE-FR1 (Cl 140) - Media Assign (0xf)
        CMIS Rev: 4.0
        Host Lane Count: 8
        Identifier: QSFP-DD Double Density 8X Pluggable Transceiver
        Media Lane Count: 4
        Vendor Name: ACME\x20\x20\x20
        Vendor PN: ACME-DR4-8
        Vendor Rev: 01
        Vendor SN: ACM0005
        ChannelMonitorValues:
                RX1Power: -1.9dBm
                RX2Power: -2.1dBm
                RX3Power: -infdBm
                RX4Power: N/A
                RX5Power: -inf
                RX6Power: -inf
                RX7Power: -inf
                RX8Power: -inf
                TX1Bias: 6.5000mA
                TX1Power: 1.2000dBm
                TX2Bias: 6.4000mA
                TX2Power: 1.1000dBm
                TX3Bias: 6.6000mA
                TX3Power: 1.0000dBm
                TX4Bias: N/A
                TX4Power: N/A
        ChannelThresholdValues:
                RxPowerHighAlarm  : 5.0dBm
                RxPowerLowAlarm   : -inf
                TxBiasHighWarning : 12.0mA
        ModuleMonitorValues:
                Temperature: 38.5C
                Vcc: 3.29Volts
Ethernet256: SFP EEPROM Not detected"""


def test_cmis_dr4_dom_no_light_na_and_unused_lanes() -> None:
    result = parse_transceiver_eeprom(CMIS_DOM)
    FACTS.validate_python(result)
    dr4 = result["transceivers"]["Ethernet248"]
    assert dr4["media_type"] == "400GBASE-DR4"
    assert dr4["media_type_raw"] == "400GBASE-DR4 (Cl 124)"
    assert (dr4["vendor"], dr4["part_number"], dr4["serial"]) == ("ACME", "ACME-DR4-8", "ACM0005")
    assert (dr4["firmware"], dr4["form_factor"]) == ("61.20", "QSFP-DD")
    assert (dr4["host_lanes"], dr4["media_lanes"]) == (8, 4)
    assert (dr4["temperature_c"], dr4["voltage_v"]) == (38.5, 3.29)
    assert dr4["thresholds"] == {
        "rx_power_dbm": {"high_alarm": 5.0},
        "tx_bias_ma": {"high_warning": 12.0},
    }
    assert dr4["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": -1.9, "tx_power_dbm": 1.2, "tx_bias_ma": 6.5},
        {"lane": 2, "state": "ok", "rx_power_dbm": -2.1, "tx_power_dbm": 1.1, "tx_bias_ma": 6.4},
        {"lane": 3, "state": "no_light", "tx_power_dbm": 1.0, "tx_bias_ma": 6.6},
        {"lane": 4, "state": "not_supported"},
        *({"lane": n, "state": "unused"} for n in range(5, 9)),
    ]
    assert result["transceivers"]["Ethernet256"] == {"port": "Ethernet256", "present": False}


def test_legacy_layout_with_crlf() -> None:
    text = (
        "Ethernet4: SFP detected\r\n"
        "        TypeOfTransceiver : QSFP28\r\n"
        "        VendorSN : ABC123  \r\n"
        "        ChannelMonitorValues :\r\n"
        "                RX1Power : -40.0000dBm\r\n"
        "                TX1Bias : 7.1000mA\r\n"
        "        ModuleMonitorValues :\r\n"
        "                Vcc : 3.3000Volts"
    )
    result = parse_transceiver_eeprom(text)
    FACTS.validate_python(result)
    assert result["transceivers"]["Ethernet4"] == {
        "port": "Ethernet4",
        "present": True,
        "form_factor": "QSFP28",
        "serial": "ABC123",
        "voltage_v": 3.3,
        "lanes": [{"lane": 1, "state": "no_light", "tx_bias_ma": 7.1}],
    }


def test_status_with_fec_column() -> None:
    text = (
        "  Interface            Lanes    Speed    MTU    FEC    Alias    Vlan    Oper    Admin"
        "             Type    Asym PFC\n"
        "-----------  ---------------  -------  -----  -----  -------  ------  ------  -------"
        "  ---------------  ----------\n"
        "  Ethernet0  0,1,2,3,4,5,6,7     400G   9100     rs   etp1a  routed      up       up"
        "  QSFP-DD Double         off\n"
        "  Ethernet8  8,9,10,11,12,13     100G   9100   none    etp2  routed    down     down"
        "              N/A         off"
    )
    result = parse_show_interfaces_status(text)
    FACTS.validate_python(result)
    assert result["ports"] == {
        "Ethernet0": {
            "name": "Ethernet0",
            "admin": "up",
            "oper": "up",
            "speed": "400G",
            "fec": "rs",
        },
        "Ethernet8": {
            "name": "Ethernet8",
            "admin": "down",
            "oper": "down",
            "speed": "100G",
            "fec": "none",
        },
    }


def test_breakout_json_layout() -> None:
    text = json.dumps(
        {
            "Ethernet0": {
                "index": "1,1,1,1",
                "lanes": "0,1,2,3,4,5,6,7",
                "breakout_modes": "1x400G,2x200G,4x100G",
                "Current Breakout Mode": "4x100G",
                "Child ports": "Ethernet0,Ethernet2,Ethernet4,Ethernet6",
            }
        },
        indent=4,
    )
    result = parse_show_interfaces_breakout(text)
    FACTS.validate_python(result)
    assert result["ports"]["Ethernet0"] == {
        "name": "Ethernet0",
        "breakout": "4x100G",
        "children": ["Ethernet0", "Ethernet2", "Ethernet4", "Ethernet6"],
    }


def test_presence_and_per_port_reports() -> None:
    presence = PARSERS["show interfaces transceiver presence"](
        "admin@sonic:~$ show interfaces transceiver presence\n"
        "Port         Presence\n"
        "-----------  -----------\n"
        "Ethernet0    Present\n"
        "Ethernet8    Not present\x20\x20"
    )
    FACTS.validate_python(presence)
    assert presence["transceivers"] == {
        "Ethernet0": {"port": "Ethernet0", "present": True},
        "Ethernet8": {"port": "Ethernet8", "present": False},
    }
    status = PARSERS["show interfaces transceiver status"](
        "Ethernet0:\n        Rx loss of signal flag on media lane 1: True\n"
        "Ethernet8:\n        Tx fault flag on media lane 1: N/A"
    )
    FACTS.validate_python(status)
    assert set(status["transceivers"]) == {"Ethernet0", "Ethernet8"}
