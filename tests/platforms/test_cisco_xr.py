"""Cisco IOS-XR parsers: real outputs against expected facts, and hand-written outputs."""

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
from nornir_optics.platforms.cisco_xr.parse import (
    PARSERS,
    parse_show_controllers_all_phy,
    parse_show_controllers_interface,
    parse_show_controllers_optics,
    parse_show_controllers_optics_appsel_active,
    parse_show_controllers_optics_breakout,
)

if TYPE_CHECKING:
    from pathlib import Path

REAL, CASES = driver_cases("cisco_xr")
COMMANDS = {
    "show_controllers_optics": "show controllers optics",
    "show_controllers_optics_breakout": "show controllers optics breakout-details",
    "show_inventory": "show inventory",
    "show_controllers_HundredGigE": "show controllers",
    "show_controllers_all_phy": "show controllers all phy",
}
APPSEL = ("active", "advertised", "detailed")


def _command(expected: Path) -> str:
    if expected.parent.name == "show_controllers_optics_appsel":
        kind = next(word for word in APPSEL if word in expected.stem)
        return f"show controllers optics appsel {kind}"
    return COMMANDS[expected.parent.name]


@pytest.mark.parametrize("expected", CASES, ids=case_id)
def test_real_output(expected: Path) -> None:
    result = parse_real_output(REAL, expected, PARSERS[_command(expected)])
    assert result == expected_facts(expected)
    FACTS.validate_python(result)


def test_every_real_output_has_an_expected_file() -> None:
    skip_without_real(REAL)
    outputs = case_names(REAL.glob("*/*.raw"))
    assert outputs == case_names(CASES)


def test_commands_are_typed_forms() -> None:
    typed = {*COMMANDS.values(), *(f"show controllers optics appsel {kind}" for kind in APPSEL)}
    assert typed == set(PARSERS)


OPTICS = """\
RP/0/RP0/CPU0:leaf1#show controllers optics 0/0/0/5
 Port:    Optics0/0/0/5

 Controller State: Up

 Dom Data Status: Ready

 Optics Status

\t Optics Type:  QSFPDD 400G DR4
\t Wavelength = 1311.00 nm

\t THRESHOLD VALUES
\t ----------------

\t Parameter                 High Alarm  Low Alarm  High Warning  Low Warning
\t ------------------------  ----------  ---------  ------------  -----------
\t Rx Power Threshold(dBm)          5.0      -10.4           2.0         -6.4
\t Rx Power Threshold(mW)           3.1        0.0           1.5          0.2
\t Tx Power Threshold(dBm)          5.0       -6.4           2.0         -2.4
\t LBC Threshold(mA)             120.00      20.00        110.00        30.00
\t Temp. Threshold(celsius)       80.00      -5.00         75.00         0.00
\t Voltage Threshold(volt)         3.63       2.97          3.46         3.13

\t Lane  Laser Bias    TX Power    RX Power  Output Frequency
\t ----  ----------  ----------  ----------  ----------------
\t   0     55.2 mA    1.10 dBm   -1.20 dBm       N/A
\t   1     54.9 mA    1.05 dBm      - Inf dBm       N/A
\t   2       N/A mA       N/A dBm       N/A dBm       N/A
\t   3     55.0 mA    1.00 dBm   -1.70 dBm       N/A
\t   4      0.0 mA  -40.00 dBm  -40.00 dBm       N/A
\t   5      0.0 mA  -40.00 dBm  -40.00 dBm       N/A
\t   6      0.0 mA  -40.00 dBm  -40.00 dBm       N/A
\t   7      0.0 mA  -40.00 dBm  -40.00 dBm       N/A

\t Temperature = 33.50 Celsius
\t Voltage = 3.30 V

 Transceiver Vendor Details

\t Form Factor \t\t: QSFP-DD
\t Name \t\t\t: CISCO-ACME
\t Part Number \t\t: ACME-DR4\x20\x20\x20
\t Serial Number \t\t: ACM0003
\t PID \t\t\t: QDD-400G-DR4
\t Firmware Version \t: Major.Minor.Build
\t\t Active \t: 3.1.0
-----------------------------------------------
 Port:    Optics0/0/0/6

\t Optics not present
\t Optics Type: Unavailable"""


def test_optics_dr4_reports_eight_lanes_no_light_and_na() -> None:
    result = parse_show_controllers_optics(OPTICS)
    FACTS.validate_python(result)
    dr4 = result["transceivers"]["Optics0/0/0/5"]
    assert dr4["media_type"] == "400GBASE-DR4"
    assert dr4["media_type_raw"] == "QSFPDD 400G DR4"
    assert (dr4["vendor"], dr4["part_number"], dr4["serial"]) == (
        "CISCO-ACME",
        "ACME-DR4",
        "ACM0003",
    )
    assert (dr4["firmware"], dr4["form_factor"]) == ("3.1.0", "QSFP-DD")
    assert (dr4["temperature_c"], dr4["voltage_v"], dr4["wavelength_nm"]) == (33.5, 3.3, 1311.0)
    assert dr4["thresholds"]["tx_bias_ma"] == {
        "high_alarm": 120.0,
        "low_alarm": 20.0,
        "high_warning": 110.0,
        "low_warning": 30.0,
    }
    assert "tx_power_dbm" in dr4["thresholds"]
    assert dr4["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": -1.2, "tx_power_dbm": 1.1, "tx_bias_ma": 55.2},
        {"lane": 2, "state": "no_light", "tx_power_dbm": 1.05, "tx_bias_ma": 54.9},
        {"lane": 3, "state": "not_supported"},
        {"lane": 4, "state": "ok", "rx_power_dbm": -1.7, "tx_power_dbm": 1.0, "tx_bias_ma": 55.0},
        *({"lane": n, "state": "unused"} for n in range(5, 9)),
    ]
    assert result["transceivers"]["Optics0/0/0/6"] == {"port": "Optics0/0/0/6", "present": False}


CONTROLLER = """\
Operational data for interface HundredGigE0/0/0/7:

State:
    Administrative state: disabled
    Operational state: Down

Phy:
    Media type: Four-pair SMF
    Optics:
        Vendor: ACME
        Part number: QSFP-100G-LR4-S\x20
        Serial number: ACM0004
    Digital Optical Monitoring:
        Transceiver Temp: 30.000 C
        Transceiver Voltage: 3.300 V

           Wavelength    Tx Power          Rx Power      Laser Bias
        Lane  (nm)    (dBm)    (mW)     (dBm)     (mW)      (mA)
        --   -----   ------   ------    ------   ------    ------
        0      1295    1.0   1.2589     - Inf   0.0000     40.000
        1      1300    1.1   1.2882     -2.0   0.6310     41.000

        Alarm                     Alarm    Warning   Warning    Alarm
        Thresholds                High      High       Low       Low
        Receive Power (dBm):       4.400     2.400   -10.400      -inf

Operational values:
    Speed: 100Gbps
    Forward error correction: Standard (Reed-Solomon)"""


def test_controller_dom_and_port_state() -> None:
    result = parse_show_controllers_interface(CONTROLLER)
    FACTS.validate_python(result)
    name = "HundredGigabitEthernet0/0/0/7"
    module = result["transceivers"][name]
    assert module["media_type"] == "100GBASE-LR4"
    assert module["thresholds"] == {
        "rx_power_dbm": {"high_alarm": 4.4, "high_warning": 2.4, "low_warning": -10.4}
    }
    assert module["lanes"] == [
        {"lane": 1, "state": "no_light", "tx_power_dbm": 1.0, "tx_bias_ma": 40.0},
        {"lane": 2, "state": "ok", "rx_power_dbm": -2.0, "tx_power_dbm": 1.1, "tx_bias_ma": 41.0},
    ]
    assert result["ports"][name] == {
        "name": name,
        "admin": "down",
        "oper": "down",
        "speed": "100G",
        "fec": "Standard (Reed-Solomon)",
    }


def test_all_phy_mw_without_dbm() -> None:
    text = (
        "PHY data for interface: FortyGigE0/0/0/1 \n"
        "        Vendor Name: ACME\n"
        "        Vendor Part Number: ACME-SR4   (rev.: 02)\n"
        "                 Lane            Temp            Bias                   Tx Power"
        "                   Rx Power\n"
        "                    0             N/A     6.000 mAmps   1.00000 mW (0.00000 dBm)"
        "   0.00000 mW (-inf dBm)\n"
        "                    1             N/A     N/A mAmps   N/A   N/A"
    )
    result = parse_show_controllers_all_phy(text)
    FACTS.validate_python(result)
    module = result["transceivers"]["FortyGigabitEthernet0/0/0/1"]
    assert (module["part_number"], module["revision"]) == ("ACME-SR4", "02")
    assert module["lanes"] == [
        {"lane": 1, "state": "no_light", "tx_power_dbm": 0.0, "tx_bias_ma": 6.0},
        {"lane": 2, "state": "not_supported"},
    ]


def test_breakout_and_appsel_need_a_port() -> None:
    breakout = parse_show_controllers_optics_breakout(
        "Optics Port                \t: Optics0_0_0_3\nNo:of Breakouts            \t: 4\n"
        "Interface Speed            \t: 100G"
    )
    assert breakout == {"ports": {"Optics0/0/0/3": {"name": "Optics0/0/0/3", "breakout": "4x100G"}}}
    assert parse_show_controllers_optics_appsel_active(" Host Lane Count    :8\n") == {
        "transceivers": {}
    }


def test_appsel_tables_give_lane_counts_of_the_first_application() -> None:
    detailed = (
        " Port:    Optics0/0/0/5\n"
        "  App-ID  |  Host-ID     |  Media-ID    |  Host Lane |  Media Lane|  Host Lane   |\n"
        "  1       |  17          |  28          |  8         |  4         |  0x0         |\n"
        "  2       |  76          |  28          |  2         |  1         |  0x0         |\n"
        " Port:    Optics0/0/0/6\n"
        "  5       |  0           |  0           |  0         |  0         |  0x0         |"
    )
    result = PARSERS["show controllers optics appsel detailed"](detailed)
    FACTS.validate_python(result)
    assert result["transceivers"] == {
        "Optics0/0/0/5": {
            "port": "Optics0/0/0/5",
            "present": True,
            "host_lanes": 8,
            "media_lanes": 4,
        },
        "Optics0/0/0/6": {"port": "Optics0/0/0/6", "present": True},
    }
    advertised = PARSERS["show controllers optics appsel advertised"](" Port:    Optics0/0/0/5\n")
    assert advertised["transceivers"] == {
        "Optics0/0/0/5": {"port": "Optics0/0/0/5", "present": True}
    }


def test_inventory_keeps_only_interface_rows() -> None:
    text = (
        'NAME: "0/RP0/CPU0", DESCR: "Cisco 8000 Route Processor"\n'
        "PID: 8201-SYS          , VID: V01, SN: FOC0001\n"
        "\n"
        'NAME: "FourHundredGigE0/0/0/1", DESCR: "Cisco QSFPDD 400G DR4 Pluggable Optics Module"\n'
        "PID: QDD-400G-DR4-S    , VID: V01 , SN: INL0009    \n"
        'NAME: "FourHundredGigE0/0/0/2", DESCR: "Non-Cisco QSFPDD 400G Pluggable Optics Module"\n'
        "PID: N/A    , VID: N/A , SN: N/A"
    )
    result = PARSERS["show inventory"](text)
    FACTS.validate_python(result)
    assert result["transceivers"] == {
        "FourHundredGigabitEthernet0/0/0/1": {
            "port": "FourHundredGigabitEthernet0/0/0/1",
            "present": True,
            "part_number": "QDD-400G-DR4-S",
            "serial": "INL0009",
            "media_type_raw": "Cisco QSFPDD 400G DR4 Pluggable Optics Module",
            "media_type": "400GBASE-DR4",
        },
        "FourHundredGigabitEthernet0/0/0/2": {
            "port": "FourHundredGigabitEthernet0/0/0/2",
            "present": True,
            "media_type_raw": "Non-Cisco QSFPDD 400G Pluggable Optics Module",
        },
    }
