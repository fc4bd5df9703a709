"""Junos OS Evolved personality (leaf4, QFX5220-32CD): renderers, config model, CLI, NETCONF."""

from __future__ import annotations

import asyncio
import re
import shutil
from typing import TYPE_CHECKING, Any

import pytest
from labtools import DC1_LAB, connect_args, napalm_args, run_cli
from lxml import etree
from ntc_templates.parse import parse_output
from ruamel.yaml import YAML

from nornir_optics.lab.control import down, up
from nornir_optics.lab.personality import Session
from nornir_optics.lab.vendors.juniper_junos import cli as juniper_junos
from nornir_optics.lab.vendors.juniper_junos.config import (
    parse_statements,
    parse_text,
    render_set,
    render_text,
    tokenize,
)
from nornir_optics.lab.vendors.juniper_junos.netconf import answer, hello

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from nornir_optics.lab.runtime import LabRuntime

DEVICE = "leaf4"
LABEL = re.compile(r"^(\s*)(.+?)\s+:  (.*)$")


def _shape(value: str) -> str:
    """A value with digits abstracted: units, decimals and N/A forms stay."""
    value = re.sub(r"\d+\.(\d+)", lambda m: "N." + "d" * len(m.group(1)), value)
    return re.sub(r"-?\d+", "N", value).replace("-N", "N")


def _fields(text: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in text.splitlines():
        match = LABEL.match(line)
        if match:
            rows.append((match.group(1), match.group(2), _shape(match.group(3))))
        elif line.strip():
            rows.append(("", re.sub(r"\d+", "N", line), ""))
    return rows


def _columns(line: str) -> list[int]:
    return [m.start() for m in re.finditer(r"\S+", line)]


# -- renderers against real outputs ---------------------------------------------------------


def test_optics_text_matches_real_multilane_layout(runtime: LabRuntime, real: Path) -> None:
    fixture = real / "juniper_junos/show_interfaces_diagnostics_optics/genie_et_multilane.raw"
    expected = _fields(fixture.read_text(encoding="utf-8"))
    ours = run_cli(runtime, DEVICE, "show interfaces diagnostics optics et-0/0/31")
    assert _fields(ours) == expected
    assert "Physical interface: et-0/0/31" in ours
    lane_rx = re.findall(r"Laser receiver power\s+:  ([\d.]+) mW / (-?[\d.]+) dBm", ours)
    assert len(lane_rx) == 4
    assert all(-1.0 < float(dbm) < 1.0 for _, dbm in lane_rx)


def test_dark_lane_reads_minus_inf(runtime: LabRuntime, real: Path) -> None:
    fixture = real / "juniper_junos/show_interfaces_diagnostics_optics/genie_et_multilane.raw"
    assert "Laser output power                        :  " in fixture.read_text(encoding="utf-8")
    ours = run_cli(runtime, DEVICE, "show interfaces diagnostics optics et-0/0/30")
    outputs = re.findall(r"Laser output power\s+:  (.*)", ours)
    assert outputs == ["0.000 mW / - Inf dBm"] * 4
    assert re.findall(r"Laser bias current\s+:  (.*)", ours) == ["0.000 mA"] * 4
    assert re.findall(r"Tx loss of signal functionality alarm\s+:  (\w+)", ours)[-4:] == ["On"] * 4


def test_optics_breakout_legs_report_their_own_lane(runtime: LabRuntime) -> None:
    ours = run_cli(runtime, DEVICE, "show interfaces diagnostics optics et-0/0/1:2")
    assert ours.startswith("Physical interface: et-0/0/1:2\n")
    assert re.findall(r"^  Lane (\d)$", ours, re.MULTILINE) == ["2"]


def test_optics_xml_uses_real_element_names_and_formats(runtime: LabRuntime, real: Path) -> None:
    fixture = real / "juniper_junos/show_interfaces_diagnostics_optics_xml/napalm_normal.xml"
    theirs = etree.fromstring(fixture.read_bytes()).find(".//optics-diagnostics")
    ours_text = run_cli(runtime, DEVICE, "show interfaces diagnostics optics | display xml")
    ours_root = etree.fromstring(ours_text.encode())
    ours = ours_root.find(".//physical-interface[name='et-0/0/31']/optics-diagnostics")
    lane = ours.find("optics-diagnostics-lane-values")
    for element in theirs:
        tag = element.tag
        if tag.startswith("rx-signal"):  # single-lane Rx; multi-lane ports report it per lane
            continue
        found = lane.find(tag) if lane.find(tag) is not None else ours.find(tag)
        assert found is not None, tag
        assert _shape(found.text.strip()) == _shape(element.text.strip()), tag
    assert lane.findtext("lane-index") == "0"
    dark = ours_root.find(".//physical-interface[name='et-0/0/30']//optics-diagnostics-lane-values")
    assert dark.findtext("laser-output-power-dbm") == "-40.00"


def test_chassis_hardware_matches_real_columns(runtime: LabRuntime, real: Path) -> None:
    fixture = (real / "juniper_junos/show_chassis_hardware/ntc_mx204_qsfp.raw").read_text()
    ours = run_cli(runtime, DEVICE, "show chassis hardware")
    assert ours.splitlines()[:2] == fixture.splitlines()[:2]
    their_xcvr = next(line for line in fixture.splitlines() if "Xcvr 0" in line)
    our_xcvr = next(line for line in ours.splitlines() if "Xcvr 1 " in line)
    assert _columns(our_xcvr)[-3:] == _columns(their_xcvr)[-3:]
    their_chassis = fixture.splitlines()[2]
    assert _columns(ours.splitlines()[2])[:3] == _columns(their_chassis)[:3]
    assert "DUPSN000001" in our_xcvr
    assert our_xcvr.endswith("QSFP56-DD-400GBASE-DR4")


def test_chassis_hardware_parses_with_ntc_templates(runtime: LabRuntime) -> None:
    ours = run_cli(runtime, DEVICE, "show chassis hardware")
    rows = parse_output(platform="juniper_junos", command="show chassis hardware", data=ours)
    xcvrs = {row["xcvr_number"]: row for row in rows if row["xcvr_number"]}
    assert set(xcvrs) == {"0", "1", "30", "31"}
    assert xcvrs["1"]["xcvr_serial_number"] == "DUPSN000001"
    assert xcvrs["1"]["xcvr_part"] == "QDD-400G-DR4"
    assert xcvrs["31"]["xcvr_description"] == "QSFP56-DD-400GBASE-DR4"
    assert rows[0]["chassis_description"] == "JNP5220-32CD [QFX5220-32CD]"


def test_lldp_neighbors_parse_with_ntc_templates(runtime: LabRuntime) -> None:
    ours = run_cli(runtime, DEVICE, "show lldp neighbors")
    rows = parse_output(platform="juniper_junos", command="show lldp neighbors", data=ours)
    assert rows == [
        {
            "local_interface": "et-0/0/31",
            "parent_interface": "-",
            "chassis_id": runtime.device("spine2").mac,
            "neighbor_interface": "Ethernet1/4",
            "neighbor_name": "spine2",
        }
    ]


def test_terse_and_interfaces_show_the_faults(runtime: LabRuntime) -> None:
    terse = run_cli(runtime, DEVICE, "show interfaces terse")
    assert terse.splitlines()[0].split() == [
        "Interface",
        "Admin",
        "Link",
        "Proto",
        "Local",
        "Remote",
    ]
    assert re.search(r"^et-0/0/30\s+down\s+down$", terse, re.MULTILINE)
    assert re.search(r"^et-0/0/31\s+up\s+up$", terse, re.MULTILINE)
    assert re.search(r"^et-0/0/1:3\s+up\s+up$", terse, re.MULTILINE)
    assert "et-0/0/1 " not in terse
    detail = run_cli(runtime, DEVICE, "show interfaces et-0/0/31")
    assert "Physical link is Up" in detail
    assert re.search(r"Ethernet FEC Mode\s+:\s+FEC119", detail)
    assert "Speed: 400Gbps" in detail
    assert "Administratively down" in run_cli(runtime, DEVICE, "show interfaces et-0/0/30")


def test_version_and_paging_commands(runtime: LabRuntime) -> None:
    version = run_cli(runtime, DEVICE, "show version")
    assert "Hostname: leaf4\nModel: qfx5220-32cd\nJunos: 23.2R1.14-EVO\n" in version
    assert run_cli(runtime, DEVICE, "set cli screen-width 511") == "Screen width set to 511\n"
    assert run_cli(runtime, DEVICE, "set cli screen-length 0") == "Screen length set to 0\n"
    assert run_cli(runtime, DEVICE, "set cli complete-on-space off").startswith("Disabling")
    as_json = run_cli(runtime, DEVICE, "show version | display json")
    assert '"host-name": [' in as_json
    assert '"data": "leaf4"' in as_json


def test_unknown_command_gets_caret_and_message(runtime: LabRuntime) -> None:
    assert run_cli(runtime, DEVICE, "shwo version") == " " * 13 + "^\nunknown command."
    assert run_cli(runtime, DEVICE, "show frobnicate") == (
        " " * 18 + "^\nsyntax error, expecting <command>."
    )
    assert "error: device et-0/0/99 not found" in run_cli(
        runtime, DEVICE, "show interfaces diagnostics optics et-0/0/99"
    )


# -- configuration ----------------------------------------------------------------------------


def test_running_config_round_trips_through_both_forms(runtime: LabRuntime) -> None:
    curly = run_cli(runtime, DEVICE, "show configuration")
    as_set = run_cli(runtime, DEVICE, "show configuration | display set")
    from_curly = parse_text(curly)
    from_set = [
        statement
        for line in as_set.splitlines()
        for statement in parse_statements(tokenize(line)[1:])
    ]
    assert render_text(from_curly) == curly
    assert render_set(from_set) == as_set
    assert "    et-0/0/30 {\n        description spine1:Ethernet4/1;\n        disable;\n" in curly
    assert (
        "set interfaces et-0/0/1 number-of-sub-ports 4\nset interfaces et-0/0/1 speed 100g\n"
        in (as_set)
    )


def test_fec_change_takes_link_down_and_rollback_restores_bytes(runtime: LabRuntime) -> None:
    personality = runtime.personalities[DEVICE]
    session = Session(device=runtime.device(DEVICE), user="admin")
    before = run_cli(runtime, DEVICE, "show configuration")
    assert personality.handle(session, "configure") == "Entering configuration mode\n"
    assert personality.prompt(session) == "\n[edit]\nadmin@leaf4# "
    assert personality.handle(session, "set interfaces et-0/0/31 ether-options fec none") == ""
    assert personality.handle(session, "show | compare") == (
        "[edit interfaces et-0/0/31]\n+   ether-options {\n+       fec none;\n+   }\n"
    )
    assert personality.handle(session, "commit") == "commit complete\n"
    assert runtime.device(DEVICE).oper["et-0/0/31"].up is False
    assert runtime.device("spine2").oper["Ethernet1/4"].up is False
    assert "fec none;" in run_cli(runtime, DEVICE, "show configuration")
    assert personality.handle(session, "rollback 1") == "load complete\n"
    assert personality.handle(session, "commit and-quit").endswith("Exiting configuration mode\n")
    assert run_cli(runtime, DEVICE, "show configuration") == before
    assert runtime.device(DEVICE).oper["et-0/0/31"].up is True
    assert len(runtime.device(DEVICE).history) == 2


def test_breakout_and_admin_state_change_interfaces(runtime: LabRuntime) -> None:
    run_cli(
        runtime,
        DEVICE,
        "configure",
        "set interfaces et-0/0/2 number-of-sub-ports 4 speed 100g",
        "set interfaces et-0/0/2:1 description leg-1",
        "delete interfaces et-0/0/30 disable",
        "commit",
    )
    terse = run_cli(runtime, DEVICE, "show interfaces terse")
    assert [f"et-0/0/2:{n}" in terse for n in range(4)] == [True] * 4
    assert not re.search(r"^et-0/0/2 ", terse, re.MULTILINE)
    assert runtime.device(DEVICE).interfaces["et-0/0/2:1"].description == "leg-1"
    assert runtime.device(DEVICE).oper["et-0/0/30"].up is True
    assert runtime.device("spine1").oper["Ethernet4/1"].up is True


def test_unbreakout_keeps_leg_config_inert_and_rolls_back(runtime: LabRuntime) -> None:
    before = run_cli(runtime, DEVICE, "show configuration")
    output = run_cli(
        runtime,
        DEVICE,
        "configure",
        "delete interfaces et-0/0/0 number-of-sub-ports",
        "delete interfaces et-0/0/0 speed",
        "commit",
    )
    assert output == "commit complete\n"
    assert re.search(
        r"^et-0/0/0\s+up\s+down$", run_cli(runtime, DEVICE, "show interfaces terse"), re.MULTILINE
    )
    assert "et-0/0/0:0" not in runtime.device(DEVICE).interfaces
    assert "et-0/0/0:0 {\n        description srv401:eth0;" in run_cli(
        runtime, DEVICE, "show configuration"
    )
    run_cli(runtime, DEVICE, "configure", "rollback 1", "commit")
    assert run_cli(runtime, DEVICE, "show configuration") == before
    assert runtime.device(DEVICE).oper["et-0/0/0:0"].up is True


def test_remediation_fec_lines(runtime: LabRuntime) -> None:
    run_cli(
        runtime, DEVICE, "configure", "set interfaces et-0/0/31 ether-options fec none", "commit"
    )
    assert "FEC Mode  :                  NONE" in run_cli(
        runtime, DEVICE, "show interfaces et-0/0/31"
    )
    assert runtime.device(DEVICE).oper["et-0/0/31"].up is False
    run_cli(runtime, DEVICE, "configure", "delete interfaces et-0/0/31 ether-options fec", "commit")
    assert "FEC Mode  :                  FEC119" in run_cli(
        runtime, DEVICE, "show interfaces et-0/0/31"
    )
    assert runtime.device(DEVICE).oper["et-0/0/31"].up is True
    assert runtime.device("spine2").oper["Ethernet1/4"].up is True


def test_syntax_error_points_at_the_bad_word(runtime: LabRuntime) -> None:
    output = run_cli(runtime, DEVICE, "configure", "set interfaces et-0/0/5 ether-options fec kp4")
    caret, message = output.splitlines()
    assert message == "syntax error."
    assert caret.index("^") == len("admin@leaf4# set interfaces et-0/0/5 ether-options fec ")


def test_invalid_channelization_fails_checkout(runtime: LabRuntime) -> None:
    before = run_cli(runtime, DEVICE, "show configuration")
    output = run_cli(
        runtime, DEVICE, "configure", "set interfaces et-0/0/4 number-of-sub-ports 4", "commit"
    )
    assert output.endswith("error: configuration check-out failed\n")
    assert "[edit interfaces et-0/0/4]" in output
    assert run_cli(runtime, DEVICE, "show configuration") == before


def test_reject_knob_fails_commit_and_keeps_running(runtime: LabRuntime) -> None:
    runtime.device(DEVICE).knobs.reject_config = (r"fec none",)
    before = run_cli(runtime, DEVICE, "show configuration")
    output = run_cli(
        runtime, DEVICE, "configure", "set interfaces et-0/0/31 ether-options fec none", "commit"
    )
    assert "'interfaces et-0/0/31 ether-options fec none'" in output
    assert output.endswith("error: configuration check-out failed\n")
    assert run_cli(runtime, DEVICE, "show configuration") == before


def test_exclusive_lock_blocks_other_sessions(runtime: LabRuntime) -> None:
    personality = runtime.personalities[DEVICE]
    owner = Session(device=runtime.device(DEVICE), user="admin")
    other = Session(device=runtime.device(DEVICE), user="ops")
    assert personality.handle(owner, "configure exclusive") == "Entering configuration mode\n"
    personality.handle(other, "configure")
    refused = personality.handle(other, "set interfaces et-0/0/5 description x")
    assert refused.startswith("error: configuration database locked by:")
    private = Session(device=runtime.device(DEVICE), user="ops")
    assert "discarded on exit" in personality.handle(private, "configure private")
    assert personality.handle(private, "set interfaces et-0/0/5 description mine") == ""
    assert personality.handle(owner, "show | compare") == ""


def test_exit_with_uncommitted_changes_asks(runtime: LabRuntime) -> None:
    personality = runtime.personalities[DEVICE]
    session = Session(device=runtime.device(DEVICE), user="admin")
    personality.handle(session, "configure")
    personality.handle(session, "set interfaces et-0/0/5 description pending")
    question = personality.handle(session, "exit configuration-mode")
    assert question.endswith("Exit with uncommitted changes? [yes,no] (yes) ")
    assert personality.handle(session, "yes") == "Exiting configuration mode\n"
    assert personality.prompt(session) == "admin@leaf4> "
    assert "pending" not in run_cli(runtime, DEVICE, "show configuration")
    again = Session(device=runtime.device(DEVICE), user="admin")
    assert personality.handle(again, "configure").startswith("The configuration has been changed")


def test_commit_confirmed_reverts_unless_confirmed(
    runtime: LabRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(juniper_junos, "SECONDS_PER_MINUTE", 0.01)
    personality = runtime.personalities[DEVICE]
    before = run_cli(runtime, DEVICE, "show configuration")

    async def scenario() -> tuple[str, str, str]:
        session = Session(device=runtime.device(DEVICE), user="admin")
        personality.handle(session, "configure")
        personality.handle(session, "set interfaces et-0/0/5 description confirm-me")
        output = personality.handle(session, "commit confirmed 2")
        during = run_cli(runtime, DEVICE, "show configuration")
        await asyncio.sleep(0.1)
        return output, during, run_cli(runtime, DEVICE, "show configuration")

    output, during, after = asyncio.run(scenario())
    assert "automatically rolled back in 2 minutes" in output
    assert "confirm-me" in during
    assert after == before


def test_edit_levels_prefix_set_lines(runtime: LabRuntime) -> None:
    personality = runtime.personalities[DEVICE]
    session = Session(device=runtime.device(DEVICE), user="admin")
    personality.handle(session, "configure")
    assert personality.handle(session, "edit interfaces et-0/0/5") == ""
    assert personality.prompt(session) == "\n[edit interfaces et-0/0/5]\nadmin@leaf4# "
    assert personality.handle(session, "set description edited") == ""
    assert personality.handle(session, "show") == "description edited;\n"
    personality.handle(session, "top")
    assert personality.prompt(session) == "\n[edit]\nadmin@leaf4# "
    assert personality.handle(session, "show interfaces et-0/0/5 | display set") == (
        "set interfaces et-0/0/5 description edited\n"
    )


def _rpc(runtime: LabRuntime, session: Session, body: str) -> etree._Element:
    personality = runtime.personalities[DEVICE]
    message = f'<rpc message-id="7" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">{body}</rpc>'
    reply, done = answer(personality, session, message)
    assert done is False
    root = etree.fromstring(reply.encode())
    assert root.get("message-id") == "7"
    return root


def _local(root: etree._Element, name: str) -> list[etree._Element]:
    return root.xpath(f"//*[local-name()='{name}']")


def test_netconf_load_text_xml_and_rollback(runtime: LabRuntime) -> None:
    session = Session(device=runtime.device(DEVICE), user="admin")
    session.context["db"] = "shared"
    text = "interfaces { et-0/0/5 { description curly; } }"
    load = f'<load-configuration action="merge" format="text"><configuration-text>{text}'
    reply = _rpc(runtime, session, load + "</configuration-text></load-configuration>")
    assert _local(reply, "load-success")
    xml = (
        "<load-configuration><configuration><interfaces><interface><name>et-0/0/6</name>"
        "<ether-options><fec>fec91</fec></ether-options></interface></interfaces>"
        "</configuration></load-configuration>"
    )
    assert _local(_rpc(runtime, session, xml), "load-success")
    compare = '<get-configuration compare="rollback" rollback="0" format="text"/>'
    diff = _local(_rpc(runtime, session, compare), "configuration-output")[0].text
    assert "+       description curly;" in diff
    assert "+           fec fec91;" in diff
    _rpc(runtime, session, "<commit-configuration/>")
    config = _rpc(runtime, session, "<get-configuration/>")
    names = [node.text for node in _local(config, "name")]
    assert "et-0/0/6" in names
    assert runtime.device(DEVICE).interfaces["et-0/0/6"].fec is not None
    _rpc(runtime, session, '<load-configuration rollback="1"/>')
    _rpc(runtime, session, "<commit-configuration/>")
    assert runtime.device(DEVICE).interfaces["et-0/0/6"].fec is None


def test_netconf_errors_are_rpc_errors(runtime: LabRuntime) -> None:
    session = Session(device=runtime.device(DEVICE), user="admin")
    session.context["db"] = "shared"
    unknown = _rpc(runtime, session, "<get-frobnication-information/>")
    assert _local(unknown, "error-message")[0].text == "syntax error"
    set_load = (
        '<load-configuration action="set" format="text"><configuration-set>'
        "set interfaces et-0/0/4 number-of-sub-ports 4</configuration-set></load-configuration>"
    )
    assert _local(_rpc(runtime, session, set_load), "load-success")
    failed = _rpc(runtime, session, "<commit-configuration><check/></commit-configuration>")
    assert _local(failed, "error-message")[0].text == "configuration check-out failed"
    text = _rpc(runtime, session, '<command format="text">show lldp neighbors</command>')
    assert "et-0/0/31" in _local(text, "output")[0].text
    assert hello(1).startswith('<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">')
    assert "urn:ietf:params:netconf:base:1.1" not in hello(1)


# -- stock clients against a served lab --------------------------------------------------------


def _napalm(lab: dict[str, Any]) -> Any:
    from napalm import get_network_driver  # noqa: PLC0415

    args = napalm_args(lab, DEVICE)
    driver = get_network_driver(args.pop("driver"))(**args)
    driver.open()
    return driver


def _netmiko(lab: dict[str, Any]) -> Any:
    from netmiko import ConnectHandler  # noqa: PLC0415

    return ConnectHandler(**connect_args(lab, DEVICE))


@pytest.mark.lab
def test_napalm_getters(dc1_lab: dict[str, Any]) -> None:
    driver = _napalm(dc1_lab)
    try:
        facts = driver.get_facts()
        interfaces = driver.get_interfaces()
        optics = driver.get_optics()
        lldp = driver.get_lldp_neighbors()
    finally:
        driver.close()
    assert facts["vendor"] == "Juniper"
    assert facts["model"] == "QFX5220-32CD"
    assert facts["hostname"] == "leaf4"
    assert facts["os_version"] == "23.2R1.14-EVO"
    assert "et-0/0/1:0" in facts["interface_list"]
    assert "et-0/0/1" not in facts["interface_list"]
    assert interfaces["et-0/0/30"]["is_enabled"] is False
    assert interfaces["et-0/0/30"]["is_up"] is False
    assert interfaces["et-0/0/31"]["is_up"] is True
    assert interfaces["et-0/0/31"]["speed"] == 400000.0
    assert interfaces["et-0/0/0:2"]["speed"] == 100000.0
    dark = optics["et-0/0/30"]["physical_channels"]["channel"]
    assert [channel["index"] for channel in dark] == [0, 1, 2, 3]
    assert {channel["state"]["output_power"]["instant"] for channel in dark} == {-40.0}
    assert all(-1.0 < c["state"]["input_power"]["instant"] < 1.0 for c in dark)
    lit = optics["et-0/0/31"]["physical_channels"]["channel"]
    assert all(6.0 < c["state"]["laser_bias_current"]["instant"] < 8.0 for c in lit)
    assert [c["index"] for c in optics["et-0/0/1:3"]["physical_channels"]["channel"]] == [3]
    assert lldp == {"et-0/0/31": [{"hostname": "spine2", "port": "Ethernet1/4"}]}


@pytest.mark.lab
def test_netmiko_send_command(dc1_lab: dict[str, Any]) -> None:
    connection = _netmiko(dc1_lab)
    try:
        assert connection.base_prompt == "admin@leaf4"
        hardware = connection.send_command("show chassis hardware")
        optics = connection.send_command("show interfaces diagnostics optics et-0/0/30 | no-more")
        terse = connection.send_command("show interfaces terse", use_textfsm=False)
    finally:
        connection.disconnect()
    assert re.search(r"Xcvr 1\s+QDD-400G-DR4 DUPSN000001\s+QSFP56-DD-400GBASE-DR4", hardware)
    assert optics.count("0.000 mW / - Inf dBm") == 4
    assert re.search(r"^et-0/0/30\s+down\s+down", terse, re.MULTILINE)


@pytest.mark.lab
def test_napalm_merge_compare_commit_rollback(fresh_lab: dict[str, Any]) -> None:
    driver = _napalm(fresh_lab)
    try:
        before = driver.get_config()["running"]
        driver.load_merge_candidate(config="set interfaces et-0/0/30 description pushed\n")
        assert driver.compare_config() == (
            "[edit interfaces et-0/0/30]\n-   description spine1:Ethernet4/1;\n"
            "+   description pushed;"
        )
        driver.commit_config()
        assert driver.compare_config() == ""
        connection = _netmiko(fresh_lab)
        try:
            seen = connection.send_command("show configuration interfaces et-0/0/30")
        finally:
            connection.disconnect()
        assert "description pushed;" in seen
        driver.rollback()
        after = driver.get_config()["running"]
    finally:
        driver.close()
    assert after == before
    assert "description spine1:Ethernet4/1;" in after


@pytest.mark.lab
def test_napalm_invalid_line_raises_and_leaves_running(fresh_lab: dict[str, Any]) -> None:
    from napalm.base.exceptions import MergeConfigException  # noqa: PLC0415

    driver = _napalm(fresh_lab)
    try:
        before = driver.get_config()["running"]
        with pytest.raises(MergeConfigException, match="syntax error"):
            driver.load_merge_candidate(config="set interfaces et-0/0/5 ether-options fec kp4")
        assert driver.compare_config() == ""
        assert driver.get_config()["running"] == before
        driver.load_merge_candidate(config="set interfaces et-0/0/5 description confirm-me")
        driver.commit_config(revert_in=60)
        assert driver.has_pending_commit() is True
        driver.confirm_commit()
        assert driver.has_pending_commit() is False
        assert "description confirm-me;" in driver.get_config()["running"]
    finally:
        driver.close()


@pytest.mark.lab
def test_netmiko_send_config_set_and_commit(fresh_lab: dict[str, Any]) -> None:
    connection = _netmiko(fresh_lab)
    try:
        output = connection.send_config_set(
            ["delete interfaces et-0/0/30 disable"], exit_config_mode=False
        )
        assert "syntax error" not in output
        assert "commit complete" in connection.commit()
        connection.exit_config_mode()
    finally:
        connection.disconnect()
    other = _netmiko(fresh_lab)
    try:
        config = other.send_command("show configuration | display set | match et-0/0/30")
        terse = other.send_command("show interfaces terse et-0/0/30")
    finally:
        other.disconnect()
    assert config == "set interfaces et-0/0/30 description spine1:Ethernet4/1"
    assert re.search(r"^et-0/0/30\s+up\s+up", terse, re.MULTILINE)


@pytest.fixture
def rejecting_lab(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """dc1 with leaf4 rejecting any FEC line (the reject knob), served for one test."""
    yaml = YAML()
    document = yaml.load(DC1_LAB.read_text(encoding="utf-8"))
    document["devices"][DEVICE]["knobs"] = {"reject_config": ["ether-options fec"]}
    shutil.copy(DC1_LAB.parent / "intent.yaml", tmp_path / "intent.yaml")
    lab_file = tmp_path / "lab.yaml"
    with lab_file.open("w", encoding="utf-8") as stream:
        yaml.dump(document, stream)
    out = tmp_path / "lab"
    up(lab_file, out)
    safe = YAML(typ="safe")
    try:
        yield {
            "hosts": safe.load((out / "hosts.yaml").read_text()),
            **safe.load((out / "defaults.yaml").read_text()),
        }
    finally:
        down(out)


@pytest.mark.lab
def test_rejected_line_leaves_running_unchanged(rejecting_lab: dict[str, Any]) -> None:
    from napalm.base.exceptions import MergeConfigException  # noqa: PLC0415

    connection = _netmiko(rejecting_lab)
    try:
        before = connection.send_command("show configuration")
        connection.send_config_set(
            ["set interfaces et-0/0/31 ether-options fec none"], exit_config_mode=False
        )
        with pytest.raises(ValueError, match="configuration check-out failed"):
            connection.commit()
        connection.send_config_set(["rollback 0"], exit_config_mode=True)
        after = connection.send_command("show configuration")
    finally:
        connection.disconnect()
    assert after == before
    driver = _napalm(rejecting_lab)
    try:
        with pytest.raises(MergeConfigException, match="check-out failed"):
            driver.load_merge_candidate(config="set interfaces et-0/0/31 ether-options fec none")
        assert driver.get_config()["running"].count("fec") == 0
    finally:
        driver.close()
