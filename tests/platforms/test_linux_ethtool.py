"""Linux ``ethtool -m`` parser: real outputs against expected facts, and hand-written outputs."""

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
from nornir_optics.platforms.linux_ethtool.parse import PARSERS, parse_module_info

if TYPE_CHECKING:
    from pathlib import Path

REAL, CASES = driver_cases("linux_ethtool")
COMMANDS = {"ethtool_m": "ethtool -m"}
SUFFIXES = (".raw", ".json", ".xml")


@pytest.mark.parametrize("expected", CASES, ids=case_id)
def test_real_output(expected: Path) -> None:
    result = parse_real_output(REAL, expected, PARSERS[COMMANDS[expected.parent.name]], SUFFIXES)
    assert result == expected_facts(expected)
    FACTS.validate_python(result)


def test_every_real_output_has_an_expected_file() -> None:
    skip_without_real(REAL)
    outputs = real_outputs(REAL, SUFFIXES)
    assert outputs == case_names(CASES)


QSFP28 = """\
$ sudo ethtool -m swp3
\tIdentifier                                : 0x11 (QSFP28)
\tTransceiver type                          : Extended: 100G Base-LR4 or 25GBase-LR
\tVendor name                               : ACME OPTICS
\tVendor PN                                 : QSFP28-LR4-X
\tVendor rev                                :
\tVendor SN                                 : AC1234567
\tModule temperature                        : 33.50 degrees C / 92.30 degrees F
\tModule voltage                            : 3.2900 V
\tLaser tx bias current (Channel 1)         : 40.000 mA
\tLaser tx bias current (Channel 2)         : 41.000 mA
\tLaser tx bias current (Channel 3)         : N/A
\tLaser tx bias current (Channel 4)         : 43.000 mA
\tTransmit avg optical power (Channel 1)    : 1.0000 mW / 0.00 dBm
\tTransmit avg optical power (Channel 2)    : 1.1000 mW / 0.41 dBm
\tTransmit avg optical power (Channel 3)    : N/A
\tTransmit avg optical power (Channel 4)    : 0.9000 mW / -0.46 dBm
\tRcvr signal avg optical power(Channel 1)  : 0.8000 mW / -0.97 dBm
\tRcvr signal avg optical power(Channel 2)  : 0.0000 mW / -inf dBm
\tRcvr signal avg optical power(Channel 3)  : N/A
\tRcvr signal avg optical power(Channel 4)  : 0.7000 mW / -1.55 dBm
\tLaser rx power low alarm threshold        : 0.0000 mW / -inf dBm
\tModule voltage high alarm threshold       : 3.6000 V   """


def test_qsfp28_channels_no_light_and_na() -> None:
    result = parse_module_info(QSFP28)
    FACTS.validate_python(result)
    assert result["transceivers"] == {
        "swp3": {
            "port": "swp3",
            "present": True,
            "form_factor": "QSFP28",
            "media_type": "100GBASE-LR4",
            "media_type_raw": "Extended: 100G Base-LR4 or 25GBase-LR",
            "vendor": "ACME OPTICS",
            "part_number": "QSFP28-LR4-X",
            "serial": "AC1234567",
            "temperature_c": 33.5,
            "voltage_v": 3.29,
            "thresholds": {"voltage_v": {"high_alarm": 3.6}},
            "lanes": [
                {
                    "lane": 1,
                    "state": "ok",
                    "rx_power_dbm": -0.97,
                    "tx_power_dbm": 0.0,
                    "tx_bias_ma": 40.0,
                },
                {"lane": 2, "state": "no_light", "tx_power_dbm": 0.41, "tx_bias_ma": 41.0},
                {"lane": 3, "state": "not_supported"},
                {
                    "lane": 4,
                    "state": "ok",
                    "rx_power_dbm": -1.55,
                    "tx_power_dbm": -0.46,
                    "tx_bias_ma": 43.0,
                },
            ],
        }
    }


def test_interface_argument_and_mw_only_power() -> None:
    text = (
        "\tVendor SN : X1\n\tLaser output power : 0.5000 mW\n"
        "\tReceiver signal average optical power : 0.0000 mW"
    )
    result = parse_module_info(text, interface="eth0")
    FACTS.validate_python(result)
    assert result["transceivers"]["eth0"]["lanes"] == [
        {"lane": 1, "state": "no_light", "tx_power_dbm": -3.01}
    ]
    assert PARSERS["ethtool -m"](text)["transceivers"]["unknown"]["serial"] == "X1"


def test_several_pasted_outputs() -> None:
    text = "# ethtool -m swp1\n\tVendor SN : A\n# ethtool -m swp2\n\tVendor SN : B\n"
    result = parse_module_info(text)
    assert {name: x["serial"] for name, x in result["transceivers"].items()} == {
        "swp1": "A",
        "swp2": "B",
    }
