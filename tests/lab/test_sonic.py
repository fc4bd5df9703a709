"""SONiC personality (leaf3, MSN4700): renderers against real outputs, config, Netmiko ``linux``."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

import pytest
from labtools import connect_args, run_cli
from netmiko import ConnectHandler

from nornir_optics.lab.vendors.sonic import render
from nornir_optics.models import Fec

if TYPE_CHECKING:
    from pathlib import Path

    from nornir_optics.lab.runtime import LabRuntime

SONIC = "sonic"
EEPROM = "show_interfaces_transceiver_eeprom"
DR4_MODE = "4x100G[50G,25G,10G,1G]"
CHANNEL_KEYS = [f"RX{n}Power" for n in range(1, 9)] + [
    key for n in range(1, 9) for key in (f"TX{n}Bias", f"TX{n}Power")
]


def fixture(real: Path, command: str, name: str) -> str:
    return (real / SONIC / command / name).read_text(encoding="utf-8")


def body(text: str) -> str:
    """A doc capture without its ``admin@sonic:~$ ...`` command line."""
    return "".join(line for line in text.splitlines(keepends=True) if "~$" not in line)


def keys(text: str, indent: int) -> list[str]:
    """Keys of ``key: value`` lines at exactly ``indent`` spaces."""
    found = []
    for line in text.splitlines():
        match = re.match(rf"^ {{{indent}}}(\S[^:]*?)\s*:", line)
        if match:
            found.append(match.group(1))
    return found


def values(text: str) -> dict[str, str]:
    """``key: value`` lines of one port's block (first occurrence wins)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.strip().partition(":")
        if sep and key.strip() not in found:
            found[key.strip()] = value.strip()
    return found


def section(text: str, name: str) -> list[str]:
    """The lines under ``        <name>:`` up to the next 8-space heading."""
    lines = text.splitlines()
    start = lines.index(f"        {name}:") + 1
    end = start
    while end < len(lines) and lines[end].startswith(" " * 16):
        end += 1
    return lines[start:end]


# --- the table engines reproduce real outputs byte for byte ------------------------------------


def test_simple_table_reproduces_real_presence(real: Path) -> None:
    text = body(fixture(real, "show_interfaces_transceiver_presence", "sonicdoc_chassis_asic0.raw"))
    rows = [line.split(None, 1) for line in text.splitlines()[2:]]
    assert render.simple_table(["Port", "Presence"], rows, right=False) == text


def test_simple_table_reproduces_real_interface_status(real: Path) -> None:
    text = body(fixture(real, "show_interfaces_status", "sonicdoc_chassis_asic0_400g.raw"))
    lines = text.splitlines()
    spans = [(m.start(), m.end()) for m in re.finditer(r"-+", lines[1])]
    headers = [lines[0][a:b].strip() for a, b in spans]
    rows = [[line[a:b].strip() for a, b in spans] for line in lines[2:]]
    assert headers[-1] == "Asym PFC"
    assert render.simple_table(headers, rows, right=True) == text


def test_grid_table_reproduces_real_breakout_current_mode(real: Path) -> None:
    text = fixture(real, "show_interfaces_breakout", "SYNTHETIC_sonicutil_current_mode.raw")
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")] for line in text.splitlines()[3::2]
    ]
    assert rows[0] == ["Ethernet0", "4x25G[10G]"]
    assert render.grid_table(["Interface", "Current Breakout Mode"], rows) == text


# --- renderers vs real layouts ------------------------------------------------------------------


def test_eeprom_info_keys_and_na_forms_match_real(runtime: LabRuntime, real: Path) -> None:
    lab = run_cli(runtime, "leaf3", "show interfaces transceiver eeprom Ethernet248")
    synthetic = fixture(real, EEPROM, "SYNTHETIC_sonicutil_qsfpdd_400zr_8lane_dom.raw")
    dr4 = body(fixture(real, EEPROM, "sonicdoc_cmis_init_400g_dr4_orig.raw"))
    # same CMIS field list and order as sonic-utilities renders it (the 400ZR-only module
    # monitor keys aside), same header line form
    assert lab.splitlines()[0] == "Ethernet248: SFP EEPROM detected"
    assert dr4.splitlines()[0] == "Ethernet0: SFP EEPROM detected"
    assert keys(lab, 8) == keys(synthetic.split("ChannelMonitorValues")[0], 8)
    # the DR4's N/A forms and fixed values, as the real AVAGO DR4 prints them
    real_values, lab_values = values(dr4), values(lab)
    for key in (
        "Encoding",
        "Extended RateSelect Compliance",
        "Nominal Bit Rate(100Mbs)",
        "Specification compliance",
        "Identifier",
        "Extended Identifier",
    ):
        assert lab_values[key] == real_values[key], key
    assert lab_values["Vendor PN"] == "MMS1V00-WM"
    assert lab_values["Vendor Name"] == "NVIDIA"
    assert "400GBASE-DR4 (Cl 124)" in lab_values["Application Advertisement"]


def test_eeprom_dom_layout_matches_real(runtime: LabRuntime, real: Path) -> None:
    lab = run_cli(runtime, "leaf3", "show interfaces transceiver eeprom --dom Ethernet248")
    real_text = fixture(real, EEPROM, "SYNTHETIC_sonicutil_qsfpdd_400zr_8lane_dom.raw")
    headings = [line for line in lab.splitlines() if re.match(r"^ {8}\w+Values:$", line)]
    assert headings == [
        line for line in real_text.splitlines() if re.match(r"^ {8}\w+Values:$", line)
    ]
    for name in ("ChannelMonitorValues", "ChannelThresholdValues", "ModuleThresholdValues"):
        lab_lines, real_lines = section(lab, name), section(real_text, name)
        assert [line.split(":")[0] for line in lab_lines] == [
            line.split(":")[0] for line in real_lines
        ], name
    assert [line.split(":")[0].strip() for line in section(lab, "ChannelMonitorValues")] == (
        CHANNEL_KEYS
    )
    # units glued to the number, four decimals as the DR4 reads
    for line in section(lab, "ChannelMonitorValues"):
        assert re.fullmatch(
            r" {16}(RX|TX)\dPower: (-?\d+\.\d{4}|-inf)dBm| {16}TX\dBias: \d+\.\d{4}mA", line
        )
    monitor = section(lab, "ModuleMonitorValues")
    assert re.fullmatch(r" {16}Temperature: \d+\.\d{4}C", monitor[0])
    assert re.fullmatch(r" {16}Vcc: \d\.\d{4}Volts", monitor[1])


def test_dr4_lanes_5_to_8_and_dirty_lane_3(runtime: LabRuntime) -> None:
    lab = values(run_cli(runtime, "leaf3", "show interfaces transceiver eeprom --dom Ethernet248"))
    # lanes 5-8 of a DR4 read as SONiC prints them for the unused media lanes of a DR4
    # (SONiC transceiver DOM HLD, AVAGO AFCT-93DRPHZ-AZ2 example): -infdBm and 0.0000mA
    for lane in range(5, 9):
        assert lab[f"RX{lane}Power"] == "-infdBm"
        assert lab[f"TX{lane}Power"] == "-infdBm"
        assert lab[f"TX{lane}Bias"] == "0.0000mA"
    rx = {lane: float(lab[f"RX{lane}Power"].removesuffix("dBm")) for lane in range(1, 5)}
    for sibling in (1, 2, 4):
        assert 4.0 < rx[sibling] - rx[3] < 5.0


def test_no_light_reads_minus_inf_and_los(runtime: LabRuntime) -> None:
    dom = values(run_cli(runtime, "leaf3", "show int trans eeprom -d Ethernet240"))
    assert [dom[f"RX{lane}Power"] for lane in range(1, 9)] == ["-infdBm"] * 8
    assert dom["TX1Power"] != "-infdBm"
    status = run_cli(runtime, "leaf3", "show interfaces transceiver status Ethernet240")
    assert "        Rx loss of signal flag on media lane 1: True" in status
    assert "        Rx loss of signal flag on media lane 5: False" in status


def test_not_detected_form_matches_real(runtime: LabRuntime, real: Path) -> None:
    genie = fixture(real, EEPROM, "genie_cisco8k_400g_cr8_100g_aoc.raw")
    assert "Ethernet240: SFP EEPROM Not detected" in genie.splitlines()
    lab = run_cli(runtime, "leaf3", "show interfaces transceiver eeprom Ethernet16")
    assert lab == "Ethernet16: SFP EEPROM Not detected\n"


def test_transceiver_status_keys_follow_real(runtime: LabRuntime, real: Path) -> None:
    real_text = fixture(
        real, "show_interfaces_transceiver_status", "SYNTHETIC_sonicutil_qsfpdd_status.raw"
    )
    lab = run_cli(runtime, "leaf3", "show interfaces transceiver status Ethernet248")
    assert lab.splitlines()[0] == "Ethernet248:" == real_text.splitlines()[0].replace("44", "248")
    lab_keys, real_keys = keys(lab, 8), keys(real_text, 8)
    assert lab_keys == real_keys[: len(lab_keys)]
    assert len(lab_keys) > 150


def test_presence_and_status_render_leaf3(runtime: LabRuntime, real: Path) -> None:
    presence = run_cli(runtime, "leaf3", "show interfaces transceiver presence")
    assert presence.splitlines()[0].split() == ["Port", "Presence"]
    assert re.search(r"^Ethernet2\s+Present$", presence, re.MULTILINE)
    assert re.search(r"^Ethernet16\s+Not present$", presence, re.MULTILINE)
    status = run_cli(runtime, "leaf3", "show interfaces status")
    real_headers = body(
        fixture(real, "show_interfaces_status", "sonicdoc_chassis_asic0_400g.raw")
    ).splitlines()[0]
    lab_headers = status.splitlines()[0]
    assert lab_headers.split() == real_headers.replace("MTU", "MTU FEC").split()
    row = {line.split()[0]: line.split() for line in status.splitlines()[2:]}
    assert row["Ethernet2"][1:5] == ["2,3", "100G", "9100", "fc"]
    assert row["Ethernet2"][7:9] == ["down", "up"]
    assert row["Ethernet248"][1] == "248,249,250,251,252,253,254,255"
    assert row["Ethernet248"][2] == "400G"
    assert " ".join(row["Ethernet248"][9:15]) == "QSFP-DD Double Density 8X Pluggable Transceiver"
    assert row["Ethernet16"][-2:] == ["N/A", "N/A"]


def test_breakout_commands(runtime: LabRuntime) -> None:
    current = run_cli(runtime, "leaf3", "show interfaces breakout current-mode Ethernet0")
    assert current.splitlines()[3] == f"| Ethernet0   | {DR4_MODE}  |"
    details = run_cli(runtime, "leaf3", "show interfaces breakout -i Ethernet0")
    parsed = json.loads(details)["Ethernet0"]
    assert parsed["Current Breakout Mode"] == DR4_MODE
    assert parsed["child ports"] == "Ethernet0,Ethernet2,Ethernet4,Ethernet6"
    assert parsed["child port speeds"] == "100G,100G,100G,100G"
    assert parsed["breakout_modes"][DR4_MODE] == ["etp1a", "etp1b", "etp1c", "etp1d"]


def test_running_config_is_config_db_json(runtime: LabRuntime) -> None:
    data = json.loads(run_cli(runtime, "leaf3", "show runningconfiguration all"))
    assert data["BREAKOUT_CFG"]["Ethernet0"] == {"brkout_mode": DR4_MODE}
    assert data["PORT"]["Ethernet2"] == {
        "admin_status": "up",
        "alias": "etp1b",
        "description": "srv302:eth0",
        "fec": "fc",
        "index": "1",
        "lanes": "2,3",
        "mtu": "9100",
        "speed": "100000",
    }
    assert data["DEVICE_METADATA"]["localhost"]["hostname"] == "leaf3"
    assert "Ethernet1" not in data["PORT"]


def test_version_and_lldp(runtime: LabRuntime) -> None:
    version = run_cli(runtime, "leaf3", "show version")
    assert "SONiC Software Version: SONiC.202311.1" in version
    assert "Platform: x86_64-mlnx_msn4700-r0" in version
    lldp = run_cli(runtime, "leaf3", "show lldp table")
    assert re.search(r"^Ethernet248\s+spine2\s+Ethernet1/3\s+BR", lldp, re.MULTILINE)
    assert lldp.endswith("Total entries displayed:  1\n")


# --- shell and config in-process ----------------------------------------------------------------


def test_shell_errors(runtime: LabRuntime) -> None:
    assert run_cli(runtime, "leaf3", "foo") == "-bash: foo: command not found"
    assert run_cli(runtime, "leaf3", "config interface fec Ethernet2 rs") == (
        "Root privileges are required for this operation"
    )
    assert run_cli(runtime, "leaf3", "show interfaces bogus").endswith(
        'Error: No such command "bogus".'
    )
    bad = run_cli(runtime, "leaf3", "sudo config interface fec Ethernet2 kp4")
    assert bad.splitlines()[0] == (
        "Usage: config interface fec [OPTIONS] <interface_name> <interface_fec>"
    )
    assert bad.splitlines()[-1] == "Error: 'fec not in ['rs', 'fc', 'none', 'auto']!"
    missing = run_cli(runtime, "leaf3", "sudo config interface fec Ethernet3 rs")
    assert missing.endswith(
        "Error: Interface name is invalid. Please enter a valid interface name!!"
    )
    assert runtime.device("leaf3").interfaces["Ethernet2"].fec is Fec.FC


def test_fec_rs_brings_the_leg_up(runtime: LabRuntime) -> None:
    assert run_cli(runtime, "leaf3", "sudo config interface fec Ethernet2 rs") == ""
    leaf3 = runtime.device("leaf3")
    assert leaf3.interfaces["Ethernet2"].fec is Fec.RS544
    assert leaf3.oper["Ethernet2"].up


def test_breakout_children_replace_the_parent(runtime: LabRuntime) -> None:
    out = run_cli(
        runtime, "leaf3", f"sudo config interface breakout Ethernet16 '{DR4_MODE}' -y -f -l -v"
    )
    assert "Breakout process got successfully completed." in out
    leaf3 = runtime.device("leaf3")
    assert leaf3.children("Ethernet16") == ["Ethernet16", "Ethernet18", "Ethernet20", "Ethernet22"]
    status = run_cli(runtime, "leaf3", "show interfaces status Ethernet18")
    assert status.splitlines()[2].split()[1:3] == ["18,19", "100G"]
    again = run_cli(runtime, "leaf3", f"sudo config interface breakout Ethernet16 {DR4_MODE} -yfl")
    assert again.startswith("[WARNING] No action will be taken")
    child = run_cli(runtime, "leaf3", f"sudo config interface breakout Ethernet18 {DR4_MODE} -y")
    assert child.startswith("[ERROR] Ethernet18 is not a Parent port")


def test_speed_and_admin_and_description(runtime: LabRuntime) -> None:
    assert run_cli(runtime, "leaf3", "sudo config interface speed Ethernet4 400000").startswith(
        "Invalid speed specified: 400000"
    )
    run_cli(runtime, "leaf3", "sudo config interface shutdown Ethernet4")
    run_cli(runtime, "leaf3", 'sudo config interface description Ethernet4 "to srv303 eth0"')
    leaf3 = runtime.device("leaf3")
    assert not leaf3.interfaces["Ethernet4"].admin_up
    assert not leaf3.oper["Ethernet4"].up
    assert leaf3.interfaces["Ethernet4"].description == "to srv303 eth0"
    run_cli(runtime, "leaf3", "sudo config interface startup Ethernet4")
    assert leaf3.oper["Ethernet4"].up


def test_save_change_reload_is_byte_identical(runtime: LabRuntime) -> None:
    before = run_cli(runtime, "leaf3", "show runningconfiguration all")
    run_cli(runtime, "leaf3", "sudo config save -y")
    run_cli(runtime, "leaf3", "sudo config interface fec Ethernet2 rs")
    run_cli(runtime, "leaf3", f"sudo config interface breakout Ethernet24 '{DR4_MODE}' -y")
    assert run_cli(runtime, "leaf3", "show runningconfiguration all") != before
    assert "Released lock" in run_cli(runtime, "leaf3", "sudo config reload -y")
    assert run_cli(runtime, "leaf3", "show runningconfiguration all") == before


def test_reject_knob_leaves_running_config(runtime: LabRuntime) -> None:
    leaf3 = runtime.device("leaf3")
    leaf3.knobs.reject_config = ("fec Ethernet6",)
    before = run_cli(runtime, "leaf3", "show runningconfiguration all")
    out = run_cli(runtime, "leaf3", "sudo config interface fec Ethernet6 none")
    assert out.startswith("Usage: config interface fec")
    assert "Error: " in out
    assert run_cli(runtime, "leaf3", "show runningconfiguration all") == before


# --- stock Netmiko against the served lab -------------------------------------------------------


def test_netmiko_linux_reads_leaf3(dc1_lab: dict[str, Any]) -> None:
    with ConnectHandler(**connect_args(dc1_lab, "leaf3")) as conn:
        assert conn.find_prompt() == "admin@leaf3:~$"
        dom = values(conn.send_command("show interfaces transceiver eeprom --dom Ethernet248"))
        rx = {lane: float(dom[f"RX{lane}Power"].removesuffix("dBm")) for lane in range(1, 5)}
        assert all(4.0 < rx[n] - rx[3] < 5.0 for n in (1, 2, 4))
        assert dom["Vendor SN"].startswith("NV")
        dark = values(conn.send_command("show interfaces transceiver eeprom --dom Ethernet240"))
        assert dark["RX1Power"] == dark["RX4Power"] == "-infdBm"
        status = conn.send_command("show interfaces status")
        row = {line.split()[0]: line.split() for line in status.splitlines()[2:] if line}
        assert row["Ethernet2"][4] == "fc"
        assert row["Ethernet2"][7] == "down"
        current = conn.send_command("show interfaces breakout current-mode Ethernet0")
        assert DR4_MODE in current
        children = [
            name for name in row if name in {"Ethernet0", "Ethernet2", "Ethernet4", "Ethernet6"}
        ]
        assert children == ["Ethernet0", "Ethernet2", "Ethernet4", "Ethernet6"]
        assert "Ethernet1" not in row
        assert conn.send_command("foo").strip() == "-bash: foo: command not found"


def test_netmiko_fec_save_reload_and_reject(fresh_lab: dict[str, Any]) -> None:
    args = connect_args(fresh_lab, "leaf3")
    with ConnectHandler(**args) as conn:
        baseline = conn.send_command("show runningconfiguration all")
        conn.send_command("sudo config save -y")
        out = conn.send_config_set(["sudo config interface fec Ethernet2 rs"])
        assert "root@leaf3:/home/admin#" in out
        assert conn.find_prompt() == "admin@leaf3:~$"
        bad = conn.send_command_timing("sudo config interface fec Ethernet2 kp4")
        assert "Error: 'fec not in" in bad
    with ConnectHandler(**args) as conn:  # an independent session sees the change
        status = conn.send_command("show interfaces status Ethernet2")
        assert status.splitlines()[2].split()[4] == "rs"
        assert status.splitlines()[2].split()[7] == "up"
        changed = conn.send_command("show runningconfiguration all")
        assert '"fec": "rs"' in changed
        assert changed != baseline
        reload = conn.send_command_timing("sudo config reload -y")
        assert "Released lock on /etc/sonic/reload.lock" in reload
        assert conn.send_command("show runningconfiguration all") == baseline


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("sudo config interface fec Ethernet2 kp4", "Error: 'fec not in"),
        ("sudo config interface fec Ethernet1 rs", "Error: Interface name is invalid"),
        ("sudo config interface speed Ethernet248 100", "Invalid speed specified: 100"),
        ("sudo config interface breakout Ethernet16 8x50G -y", "[ERROR] Target mode 8x50G"),
        ("sudo config interface startup", 'Error: Missing argument "<interface_name>".'),
    ],
)
def test_invalid_values_keep_running_config(runtime: LabRuntime, line: str, error: str) -> None:
    before = run_cli(runtime, "leaf3", "show runningconfiguration all")
    assert error in run_cli(runtime, "leaf3", line)
    assert run_cli(runtime, "leaf3", "show runningconfiguration all") == before
