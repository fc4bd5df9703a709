"""`optics parse`: saved output to the optics model, from a file or stdin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from labtools import DC1_LAB, run_cli
from typer.testing import CliRunner

from nornir_optics.cli import app
from nornir_optics.lab.runtime import LabRuntime
from nornir_optics.lab.scenario import load_lab
from nornir_optics.napalm_optics import gather_commands
from nornir_optics.platforms import PLATFORMS

FABRICS = Path(__file__).resolve().parent.parent / "fabrics"
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


# ---------------------------------------------------------------- every gather command offline


def _gather_outputs() -> list[tuple[str, str, str]]:
    """(platform, command, output) of every command a gather sends, one device per platform.

    From the dc1, xr1 (IOS-XR) and pod12 (Cumulus) labs in-process; EOS's privileged commands
    after ``enable``.
    """
    device: dict[str, tuple[LabRuntime, str]] = {}
    for lab in (DC1_LAB, FABRICS / "xr1" / "lab.yaml", FABRICS / "pod12" / "lab.yaml"):
        runtime = LabRuntime(load_lab(lab))
        for name in runtime.lab.devices:
            device.setdefault(runtime.device(name).platform, (runtime, name))
    cases = []
    for name, platform in PLATFORMS.items():
        runtime, host = device[name]
        for command in gather_commands(platform):
            before = ["enable"] if command in platform.PRIVILEGED_PORT_COMMANDS else []
            cases.append((name, command, run_cli(runtime, host, *before, command)))
    return cases


def test_every_command_a_gather_sends_is_parseable_offline_json_forms_included() -> None:
    """SONiC's breakout and running-config views print JSON without a ``| json``: read by
    their own parsers, not refused for want of a ``| json`` one."""
    cases = _gather_outputs()
    assert {command for _, command, _ in cases} >= {
        "show inventory | json",
        "show interface status | json",
        "show interfaces breakout",
        "show runningconfiguration all",
    }
    listed = CliRunner().invoke(app, ["parse", "--list"]).output
    for platform, command, output in cases:
        result = CliRunner().invoke(
            app, ["parse", "-", "-p", platform, "-c", command], input=output
        )
        assert result.exit_code == 0, (platform, command, result.output)
        data = json.loads(result.stdout)
        assert data.get("transceivers") or data.get("ports"), (platform, command)
        assert data["command"].partition(" | ")[0] in listed, (platform, command)


def test_json_pretty_is_json_and_a_longer_view_is_not_read_by_a_shorter_one() -> None:
    status = '{"TABLE_interface": {"ROW_interface": [{"interface": "Ethernet1/1", "state": "connected", "name": "x", "vlan": "routed", "duplex": "full", "speed": "400G", "type": "QSFP-DD-400G-DR4"}]}}'  # noqa: E501
    pretty = json.dumps(json.loads(status), indent=2)
    result = CliRunner().invoke(
        app, ["parse", "-", "-p", "cisco_nxos", "-c", "show interface status | json-pretty"],
        input=pretty,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ports"]["Ethernet1/1"]["oper"] == "up"
    detail = CliRunner().invoke(
        app,
        ["parse", "-", "-p", "arista_eos", "-c", "show interfaces transceiver detail | json"],
        input='{"interfaces": {}}',
    )
    assert detail.exit_code == 2
    said = " ".join(detail.output.split())
    assert "`show interfaces transceiver detail` is read in another form" in said


# ---------------------------------------------------------------- ethtool -m

ETHTOOL_QSFP28 = """\
\tIdentifier                                : 0x11 (QSFP28)
\tTransceiver type                          : 100G Ethernet: 100G CWDM4 MSA with FEC
\tVendor name                               : ACME OPTICS
\tVendor PN                                 : ACME-100-C4
\tVendor SN                                 : AC7654321
"""
ETHTOOL_CMIS = """\
admin@sonic:~$ sudo ethtool -m Ethernet0
\tIdentifier                                : 0x18 (QSFP-DD Double Density 8X Pluggable Transceiver)
\tTransmitter technology                    : 0x09 (1310 nm EML)
\tVendor name                               : ACME OPTICS
\tVendor PN                                 : QDD-400G-DR4
\tVendor SN                                 : AC0000400
\tModule temperature                        : 43.12 degrees C / 109.62 degrees F
\tModule voltage                            : 3.2910 V
""" + "".join(
    f"\tRcvr signal avg optical power (Channel {n}) : {mw:.4f} mW / {dbm} dBm\n"
    for n, mw, dbm in [(1, 0.9, "-0.46"), (2, 0.0, "-inf"), (3, 0.8, "-0.97"), (4, 0.85, "-0.71")]
    + [(n, 0.0, "-inf") for n in range(5, 9)]
)


def _ethtool(text: str, command: str) -> dict[str, object]:
    result = CliRunner().invoke(
        app, ["parse", "-", "-p", "linux_ethtool", "-c", command], input=text
    )
    assert result.exit_code == 0, result.output
    return dict(json.loads(result.stdout)["transceivers"])


def test_ethtool_port_from_the_typed_command_line() -> None:
    assert set(_ethtool(ETHTOOL_QSFP28, "sudo ethtool -m swp3")) == {"swp3"}
    assert set(_ethtool(ETHTOOL_QSFP28, "ethtool -m")) == {"unknown"}


def test_ethtool_port_from_the_printed_command_line() -> None:
    assert set(_ethtool(ETHTOOL_CMIS, "ethtool -m")) == {"Ethernet0"}
    assert set(_ethtool(ETHTOOL_CMIS, "ethtool -m Ethernet8")) == {"Ethernet0"}  # as printed


def test_ethtool_type_is_the_catalogue_s() -> None:
    qsfp28 = _ethtool(ETHTOOL_QSFP28, "ethtool -m swp3")["swp3"]
    assert qsfp28["media_type"] == "100G-CWDM4"  # type: ignore[index]
    assert qsfp28["media_type_raw"] == "100G Ethernet: 100G CWDM4 MSA with FEC"  # type: ignore[index]
    cmis: Any = _ethtool(ETHTOOL_CMIS, "ethtool -m")["Ethernet0"]
    assert cmis["media_type"] == "400GBASE-DR4"  # no type line: by its part number
    assert "media_type_raw" not in cmis
    assert [lane["state"] for lane in cmis["lanes"]] == ["ok", "no_light", "ok", "ok"] + [
        "unused"
    ] * 4


def test_table_prints_the_tx_of_a_lane_with_no_light() -> None:
    result = CliRunner().invoke(
        app,
        ["parse", "-", "-p", "arista_eos", "-c", "show interfaces transceiver", "-f", "table"],
        input=EOS_DOM,
    )
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "Ethernet1/1" in line)
    assert "-0.35 dark" in row  # Rx: lane 2 has no light
    assert "1.02 0.98" in row  # Tx: lane 2's laser is on and read
    assert "7.10 7.05" in row
