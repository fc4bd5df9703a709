"""`optics parse`: saved output to the optics model, from a file or stdin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nornir_optics.cli import app

REAL = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real"
EOS_DOM = """Port       Temp    Voltage  Bias      Optical    Optical
           (Celsius) (Volts)  Current   Tx Power   Rx Power
                                (mA)      (dBm)      (dBm)
---------- --------- -------- --------- ---------- ----------
Et1/1      41.20     3.29     7.10      1.02       -0.35
Et1/3      41.20     3.29     7.05      0.98       -30.00
"""


def test_list_shows_every_platform() -> None:
    result = CliRunner().invoke(app, ["parse", "--list"])
    assert result.exit_code == 0
    for platform in ("arista_eos", "juniper_junos", "linux_ethtool", "show interfaces transceiver"):
        assert platform in result.output


def test_parse_json_from_stdin_keeps_no_light_as_state() -> None:
    result = CliRunner().invoke(
        app,
        ["parse", "-", "--platform", "arista_eos", "--command", "sh int transceiver | no-more"],
        input=EOS_DOM,
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["platform"] == "arista_eos"
    assert data["command"] == "show interfaces transceiver"
    lanes = data["transceivers"]["Ethernet1/1"]["lanes"]
    assert lanes[0]["rx_power_dbm"] == -0.35
    assert lanes[1]["state"] == "no_light"
    assert "rx_power_dbm" not in lanes[1]


def test_parse_table_format(tmp_path: Path) -> None:
    saved = tmp_path / "dom.txt"
    saved.write_text(EOS_DOM, encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "parse",
            str(saved),
            "-p",
            "arista_eos",
            "-c",
            "show interfaces transceiver",
            "-f",
            "table",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Ethernet1/1" in result.output
    assert "dark" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-p", "eos9", "-c", "show x"], "no parsers for platform 'eos9'"),
        (["-p", "arista_eos", "-c", "show clock"], "no arista_eos parser for 'show clock'"),
        ([], "needs FILE, --platform and --command"),
    ],
)
def test_bad_parse_requests_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    saved = tmp_path / "x.txt"
    saved.write_text("garbage\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["parse", str(saved), *args] if args else ["parse"])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("platform", "path", "command"),
    [
        (
            "arista_eos",
            "arista_eos/show_interfaces_transceiver_json/napalm_40g_sr4.json",
            "show interfaces transceiver | json",
        ),
        (
            "juniper_junos",
            "juniper_junos/show_interfaces_diagnostics_optics_xml/napalm_normal.xml",
            "show interfaces diagnostics optics | display xml",
        ),
        ("linux_ethtool", "linux_ethtool/ethtool_m/gem_i40e_sfp28_sr.raw", "ethtool -m"),
    ],
)
def test_real_outputs_parse_through_the_cli(platform: str, path: str, command: str) -> None:
    raw = REAL / path
    if not raw.exists():
        pytest.skip(f"{raw} is absent: real outputs are read in place from shared/")
    result = CliRunner().invoke(app, ["parse", str(raw), "-p", platform, "-c", command])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["transceivers"]
    for module in data["transceivers"].values():
        for lane in module.get("lanes", []):
            assert lane.get("rx_power_dbm") not in {0.0, -40.0}


def test_malformed_junos_xml_is_bad_input_naming_the_command() -> None:
    result = CliRunner().invoke(
        app,
        [
            "parse",
            "-",
            "--platform",
            "juniper_junos",
            "--command",
            "show interfaces diagnostics optics | display xml",
        ],
        input="<rpc-reply><interface-information><physical-interface>",
    )
    assert result.exit_code == 2
    assert "cannot read the XML of `show interfaces diagnostics optics | display xml`" in (
        result.output
    )
    assert "Traceback" not in result.output
