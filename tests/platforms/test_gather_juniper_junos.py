"""Junos gather: facts_from_outputs on hand-written outputs, and the Nornir tasks on the lab."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from labtools import (
    assert_breakouts_match,
    assert_modules_match,
    assert_port_state_matches,
    assert_rx_matches,
    assert_thresholds_match,
    assert_tx_and_bias_match,
    gather_fixtures,
    gather_parts,
    served_dc1_lab,
)

from nornir_optics.facts import FACTS
from nornir_optics.platforms.juniper_junos.parse import (
    DOM_COMMANDS,
    MODULE_COMMANDS,
    PORT_COMMANDS,
    facts_from_outputs,
    parse_configuration_set,
    parse_interfaces,
    parse_interfaces_terse,
    parse_interfaces_xml,
    parse_lldp_neighbors,
)

if TYPE_CHECKING:
    from nornir_optics.facts import DeviceFacts, Transceiver
    from nornir_optics.lab.state import DeviceState

dc1_lab = served_dc1_lab()  # the served dc1 lab, shared read-only for the session

PLATFORM = "juniper_junos"
DEVICES = {"leaf4"}
NS = "http://xml.juniper.net/junos/23.2R1.14-EVO/junos"

# ---------------------------------------------------------------- hand-written outputs


def _xcvr_xml(number: int, part: str, serial: str, description: str, version: str = "") -> str:
    version_line = f"<version>{version}</version>" if version else ""
    return f"""
          <chassis-sub-sub-module>
            <name>Xcvr {number}</name>
            {version_line}
            <part-number>{part}</part-number>
            <serial-number>{serial}</serial-number>
            <description>{description}</description>
          </chassis-sub-sub-module>"""


HARDWARE_XML = f"""\
<rpc-reply xmlns:junos="{NS}">
  <chassis-inventory xmlns="http://xml.juniper.net/junos/23.2R1.14-EVO/junos-chassis">
    <chassis junos:style="inventory">
      <name>Chassis</name>
      <serial-number>WS0000000001</serial-number>
      <description>QFX5220-32CD</description>
      <chassis-module>
        <name>Routing Engine 0</name>
        <part-number>BUILTIN</part-number>
        <serial-number>BUILTIN</serial-number>
        <description>RE-QFX5220-32CD</description>
      </chassis-module>
      <chassis-module>
        <name>FPC 0</name>
        <version>REV 08</version>
        <part-number>650-089288</part-number>
        <serial-number>WS0000000001</serial-number>
        <description>QFX5220-32CD</description>
        <chassis-sub-module>
          <name>PIC 0</name>
          <part-number>BUILTIN</part-number>
          <serial-number>BUILTIN</serial-number>
          <description>4X400G-QSFP56-DD</description>
          {_xcvr_xml(0, "740-085351", "1W2X3Y4Z", "QSFP56-DD-400GBASE-DR4", "REV 01")}
          {_xcvr_xml(2, "740-085351", "1W2X3Y5A", "QSFP56-DD-400GBASE-DR4", "REV 01")}
          {_xcvr_xml(3, "740-085351", "1W2X3Y5B", "QSFP56-DD-400GBASE-DR4", "REV 01")}
        </chassis-sub-module>
      </chassis-module>
      <chassis-module>
        <name>Power Supply 0</name>
        <version>REV 04</version>
        <part-number>740-073765</part-number>
        <serial-number>1GB0000000001</serial-number>
        <description>JPSU-1600W-AC-AFO</description>
      </chassis-module>
    </chassis>
  </chassis-inventory>
  <cli>
    <banner></banner>
  </cli>
</rpc-reply>
"""


def _temperature_xml(tag: str, celsius: float) -> str:
    fahrenheit = round(celsius * 9 / 5 + 32)
    return (
        f'        <{tag} junos:celsius="{celsius:.1f}">'
        f"{round(celsius)} degrees C / {fahrenheit} degrees F</{tag}>\n"
    )


TEMPERATURE_THRESHOLDS_XML = "".join(
    _temperature_xml(f"module-temperature-{level}-threshold", value)
    for level, value in (
        ("high-alarm", 75.0),
        ("low-alarm", -5.0),
        ("high-warn", 70.0),
        ("low-warn", 0.0),
    )
)
THRESHOLDS_XML = f"""\
        <laser-bias-current-high-alarm-threshold>13.000</laser-bias-current-high-alarm-threshold>
        <laser-bias-current-low-alarm-threshold>2.000</laser-bias-current-low-alarm-threshold>
        <laser-bias-current-high-warn-threshold>11.000</laser-bias-current-high-warn-threshold>
        <laser-bias-current-low-warn-threshold>3.000</laser-bias-current-low-warn-threshold>
        <laser-tx-power-high-alarm-threshold>3.9811</laser-tx-power-high-alarm-threshold>
        <laser-tx-power-high-alarm-threshold-dbm>6.00</laser-tx-power-high-alarm-threshold-dbm>
        <laser-tx-power-low-alarm-threshold>0.2570</laser-tx-power-low-alarm-threshold>
        <laser-tx-power-low-alarm-threshold-dbm>-5.90</laser-tx-power-low-alarm-threshold-dbm>
        <laser-tx-power-high-warn-threshold>2.5119</laser-tx-power-high-warn-threshold>
        <laser-tx-power-high-warn-threshold-dbm>4.00</laser-tx-power-high-warn-threshold-dbm>
        <laser-tx-power-low-warn-threshold>0.5129</laser-tx-power-low-warn-threshold>
        <laser-tx-power-low-warn-threshold-dbm>-2.90</laser-tx-power-low-warn-threshold-dbm>
{TEMPERATURE_THRESHOLDS_XML}
        <module-voltage-high-alarm-threshold>3.630</module-voltage-high-alarm-threshold>
        <module-voltage-low-alarm-threshold>2.970</module-voltage-low-alarm-threshold>
        <module-voltage-high-warn-threshold>3.465</module-voltage-high-warn-threshold>
        <module-voltage-low-warn-threshold>3.135</module-voltage-low-warn-threshold>
        <laser-rx-power-high-alarm-threshold>3.9811</laser-rx-power-high-alarm-threshold>
        <laser-rx-power-high-alarm-threshold-dbm>6.00</laser-rx-power-high-alarm-threshold-dbm>
        <laser-rx-power-low-alarm-threshold>0.1288</laser-rx-power-low-alarm-threshold>
        <laser-rx-power-low-alarm-threshold-dbm>-8.90</laser-rx-power-low-alarm-threshold-dbm>
        <laser-rx-power-high-warn-threshold>2.5119</laser-rx-power-high-warn-threshold>
        <laser-rx-power-high-warn-threshold-dbm>4.00</laser-rx-power-high-warn-threshold-dbm>
        <laser-rx-power-low-warn-threshold>0.2570</laser-rx-power-low-warn-threshold>
        <laser-rx-power-low-warn-threshold-dbm>-5.90</laser-rx-power-low-warn-threshold-dbm>
"""


def _lane_xml(index: int, bias: str, tx: tuple[str, str], rx: tuple[str, str]) -> str:
    return f"""
        <optics-diagnostics-lane-values>
          <lane-index>{index}</lane-index>
          <laser-bias-current>{bias}</laser-bias-current>
          <laser-output-power>{tx[0]}</laser-output-power>
          <laser-output-power-dbm>{tx[1]}</laser-output-power-dbm>
          <laser-temperature junos:celsius="38.7">39 degrees C / 102 degrees F</laser-temperature>
          <laser-rx-optical-power>{rx[0]}</laser-rx-optical-power>
          <laser-rx-optical-power-dbm>{rx[1]}</laser-rx-optical-power-dbm>
          <rx-loss-of-signal-alarm>{"on" if rx[1] == "-40.00" else "off"}</rx-loss-of-signal-alarm>
        </optics-diagnostics-lane-values>"""


def _optics_xml(name: str, lanes: str, celsius: str = "40.7") -> str:
    return f"""
  <physical-interface>
    <name>{name}</name>
    <optics-diagnostics>
{_temperature_xml("module-temperature", float(celsius))}
      <module-voltage>3.2900</module-voltage>
      <module-temperature-high-alarm>off</module-temperature-high-alarm>
{THRESHOLDS_XML}{lanes}
    </optics-diagnostics>
  </physical-interface>"""


OK_LANE = ("1.3490", "1.30"), ("1.0093", "0.04")
DARK_RX = ("0.0000", "-40.00")
OPTICS_XML = f"""\
<rpc-reply xmlns:junos="{NS}">
<interface-information xmlns="http://xml.juniper.net/junos/23.2R1.14-EVO/junos-interface"
    junos:style="normal">
{_optics_xml("et-0/0/0:0", _lane_xml(0, "7.320", *OK_LANE))}
{_optics_xml("et-0/0/0:1", _lane_xml(1, "6.740", OK_LANE[0], DARK_RX))}
{_optics_xml("et-0/0/0:2", _lane_xml(2, "7.610", ("1.2200", "0.86"), ("0.7000", "-1.55")))}
{_optics_xml("et-0/0/0:3", _lane_xml(3, "7.550", *OK_LANE))}
{
    _optics_xml(
        "et-0/0/2",
        "".join(_lane_xml(n, "0.000", ("0.0000", "-40.00"), ("1.0000", "0.00")) for n in range(4)),
        celsius="38.2",
    )
}
{
    _optics_xml(
        "et-0/0/3",
        "".join(_lane_xml(n, "7.000", OK_LANE[0], OK_LANE[1]) for n in range(4))
        + "".join(_lane_xml(n, "0.000", ("0.0000", "-40.00"), DARK_RX) for n in range(4, 8)),
    )
}
</interface-information>
<cli>
  <banner></banner>
</cli>
</rpc-reply>
"""


def _physical_xml(
    name: str,
    link: tuple[str, str],
    *,
    speed: str = "400Gbps",
    fec: str = "FEC119",
    description: str = "",
) -> str:
    text = f"<description>{description}</description>" if description else ""
    return f"""
    <physical-interface>
      <name>{name}</name>
      <admin-status junos:format="Enabled">{link[0]}</admin-status>
      <oper-status>{link[1]}</oper-status>
      {text}
      <if-type>Ethernet</if-type>
      <link-level-type>Ethernet</link-level-type>
      <mtu>1514</mtu>
      <speed>{speed}</speed>
      <ethernet-fec-mode junos:style="verbose">
        <enabled_fec_mode>{fec}</enabled_fec_mode>
      </ethernet-fec-mode>
      <logical-interface>
        <name>{name}.0</name>
      </logical-interface>
    </physical-interface>"""


INTERFACES_XML = f"""\
<rpc-reply xmlns:junos="{NS}">
  <interface-information xmlns="http://xml.juniper.net/junos/23.2R1.14-EVO/junos-interface"
      junos:style="normal">
    {_physical_xml("et-0/0/0:0", ("up", "up"), speed="100Gbps", description="srv401:eth0")}
    {_physical_xml("et-0/0/0:1", ("up", "up"), speed="100Gbps", fec="FEC91")}
    {_physical_xml("et-0/0/0:2", ("up", "down"), speed="100Gbps", fec="NONE")}
    {_physical_xml("et-0/0/0:3", ("down", "down"), speed="100Gbps", fec="")}
    {_physical_xml("et-0/0/1:0", ("up", "down"), speed="200Gbps")}
    {_physical_xml("et-0/0/1:1", ("up", "down"), speed="200Gbps")}
    {_physical_xml("et-0/0/2", ("down", "down"), description="spine1:Ethernet4/1")}
    {_physical_xml("et-0/0/3", ("up", "up"), description="spine2:Ethernet1/4")}
    <physical-interface>
      <name>em0</name>
      <admin-status junos:format="Enabled">up</admin-status>
      <oper-status>up</oper-status>
    </physical-interface>
  </interface-information>
</rpc-reply>
"""

LLDP_XML = f"""\
<rpc-reply xmlns:junos="{NS}">
  <lldp-neighbors-information junos:style="brief">
    <lldp-neighbor-information>
      <lldp-local-port-id>et-0/0/3</lldp-local-port-id>
      <lldp-local-parent-interface-name>-</lldp-local-parent-interface-name>
      <lldp-remote-chassis-id-subtype>Mac address</lldp-remote-chassis-id-subtype>
      <lldp-remote-chassis-id>02:1c:7a:cd:22:d3</lldp-remote-chassis-id>
      <lldp-remote-port-id-subtype>Interface name</lldp-remote-port-id-subtype>
      <lldp-remote-port-id>Ethernet1/4</lldp-remote-port-id>
      <lldp-remote-system-name>spine2</lldp-remote-system-name>
    </lldp-neighbor-information>
    <lldp-neighbor-information>
      <lldp-local-port-id>et-0/0/0:0</lldp-local-port-id>
      <lldp-local-parent-interface-name>-</lldp-local-parent-interface-name>
      <lldp-remote-chassis-id-subtype>Mac address</lldp-remote-chassis-id-subtype>
      <lldp-remote-chassis-id>b8:ce:f6:00:00:01</lldp-remote-chassis-id>
      <lldp-remote-port-id-subtype>Mac address</lldp-remote-port-id-subtype>
      <lldp-remote-port-id>b8:ce:f6:00:00:02</lldp-remote-port-id>
      <lldp-remote-port-description>eth0</lldp-remote-port-description>
      <lldp-remote-system-name>srv401</lldp-remote-system-name>
    </lldp-neighbor-information>
  </lldp-neighbors-information>
</rpc-reply>
"""

CONFIG_SET = """\
set interfaces et-0/0/0 number-of-sub-ports 4
set interfaces et-0/0/0 speed 100g
set interfaces et-0/0/0:0 description srv401:eth0
set interfaces et-0/0/0:1 ether-options fec fec91
set interfaces et-0/0/0:2 ether-options fec none
set interfaces et-0/0/0:3 description "srv404 eth0 (spare)"
set interfaces et-0/0/0:3 disable
set interfaces et-0/0/1 number-of-sub-ports 2
set interfaces et-0/0/1 speed 200g
set interfaces et-0/0/1:1 ether-options fec fec74
set interfaces et-0/0/2 description spine1:Ethernet4/1
set interfaces et-0/0/2 disable
set interfaces et-0/0/3 description spine2:Ethernet1/4
"""


def _outputs(commands: tuple[str, ...]) -> dict[str, str]:
    texts = {
        "show chassis hardware | display xml": HARDWARE_XML,
        "show interfaces diagnostics optics | display xml": OPTICS_XML,
        "show interfaces | display xml": INTERFACES_XML,
        "show lldp neighbors | display xml": LLDP_XML,
        "show configuration interfaces | display set": CONFIG_SET,
    }
    return {command: texts[command] for command in commands}


ALL = (*MODULE_COMMANDS, *DOM_COMMANDS, *PORT_COMMANDS)


def test_the_commands_are_the_ones_written_out() -> None:
    assert set(ALL) == set(_outputs(ALL))
    assert all("| display xml" in command for command in (*MODULE_COMMANDS, *DOM_COMMANDS))


def test_all_outputs_merge_into_one_transceiver_per_cage() -> None:
    facts = FACTS.validate_python(facts_from_outputs(_outputs(ALL)))
    assert facts["platform"] == "juniper_junos"
    transceivers = facts["transceivers"]
    # the PIC's four cages, keyed as the interfaces name them; cage 1 is empty
    assert list(transceivers) == ["et-0/0/0", "et-0/0/1", "et-0/0/2", "et-0/0/3"]
    assert transceivers["et-0/0/1"] == {"port": "et-0/0/1", "present": False}
    cage = transceivers["et-0/0/0"]
    assert {key: cage[key] for key in cage if key not in {"lanes", "thresholds"}} == {  # type: ignore[literal-required]
        "port": "et-0/0/0",
        "present": True,
        "revision": "01",
        "part_number": "740-085351",
        "serial": "1W2X3Y4Z",
        "form_factor": "QSFP56-DD",
        "media_type": "400GBASE-DR4",
        "media_type_raw": "QSFP56-DD-400GBASE-DR4",
        "temperature_c": 40.7,  # junos:celsius, not the rounded 41 of the text
        "voltage_v": 3.29,
        "media_lanes": 4,
        "host_lanes": 8,
    }
    assert cage["lanes"] == [
        {"lane": 1, "state": "ok", "rx_power_dbm": 0.04, "tx_power_dbm": 1.3, "tx_bias_ma": 7.32},
        {"lane": 2, "state": "no_light", "tx_power_dbm": 1.3, "tx_bias_ma": 6.74},
        {
            "lane": 3,
            "state": "ok",
            "rx_power_dbm": -1.55,
            "tx_power_dbm": 0.86,
            "tx_bias_ma": 7.61,
        },
        {"lane": 4, "state": "ok", "rx_power_dbm": 0.04, "tx_power_dbm": 1.3, "tx_bias_ma": 7.55},
    ]
    assert cage["thresholds"] == {
        "temperature_c": {
            "high_alarm": 75.0,
            "high_warning": 70.0,
            "low_warning": 0.0,
            "low_alarm": -5.0,
        },
        "voltage_v": {
            "high_alarm": 3.63,
            "high_warning": 3.465,
            "low_warning": 3.135,
            "low_alarm": 2.97,
        },
        "tx_power_dbm": {
            "high_alarm": 6.0,
            "high_warning": 4.0,
            "low_warning": -2.9,
            "low_alarm": -5.9,
        },
        "rx_power_dbm": {
            "high_alarm": 6.0,
            "high_warning": 4.0,
            "low_warning": -5.9,
            "low_alarm": -8.9,
        },
        "tx_bias_ma": {
            "high_alarm": 13.0,
            "high_warning": 11.0,
            "low_warning": 3.0,
            "low_alarm": 2.0,
        },
    }
    # laser off (shut): no Tx, light received; lanes 5-8 of a DR4 reported: unused
    shut = transceivers["et-0/0/2"]
    assert shut["temperature_c"] == 38.2
    assert shut["lanes"] == [
        {"lane": n, "state": "ok", "rx_power_dbm": 0.0, "tx_bias_ma": 0.0} for n in range(1, 5)
    ]
    eight = transceivers["et-0/0/3"]["lanes"]
    assert [lane["state"] for lane in eight] == ["ok"] * 4 + ["unused"] * 4


def test_ports_carry_breakout_children_fec_and_lldp() -> None:
    ports = FACTS.validate_python(facts_from_outputs(_outputs(ALL)))["ports"]
    assert list(ports) == [
        "et-0/0/0",
        "et-0/0/0:0",
        "et-0/0/0:1",
        "et-0/0/0:2",
        "et-0/0/0:3",
        "et-0/0/1",
        "et-0/0/1:0",
        "et-0/0/1:1",
        "et-0/0/2",
        "et-0/0/3",
    ]  # em0 is no optics port; a channelised cage is no interface, but carries the breakout
    assert ports["et-0/0/0"] == {
        "name": "et-0/0/0",
        "breakout": "4x100G",
        "children": ["et-0/0/0:0", "et-0/0/0:1", "et-0/0/0:2", "et-0/0/0:3"],
    }
    assert ports["et-0/0/0:0"] == {
        "name": "et-0/0/0:0",
        "admin": "up",
        "oper": "up",
        "speed": "100G",
        "fec": "rs544",  # no statement: the FEC119 the port runs
        "description": "srv401:eth0",
        "parent": "et-0/0/0",
        "media_lanes": [1],
        "neighbor": {"system": "srv401", "port": "eth0"},  # port id is a MAC: the description
    }
    assert ports["et-0/0/0:1"]["fec"] == "rs528"  # ether-options fec fec91
    assert ports["et-0/0/0:1"]["media_lanes"] == [2]
    assert ports["et-0/0/0:2"]["fec"] == "none"
    assert ports["et-0/0/0:3"] == {
        "name": "et-0/0/0:3",
        "admin": "down",
        "oper": "down",
        "speed": "100G",
        "description": "srv404 eth0 (spare)",  # from the config where the interface has none
        "parent": "et-0/0/0",
        "media_lanes": [4],
    }  # empty FEC mode and no statement: no fec
    assert ports["et-0/0/1"] == {
        "name": "et-0/0/1",
        "breakout": "2x200G",
        "children": ["et-0/0/1:0", "et-0/0/1:1"],
    }
    assert ports["et-0/0/1:1"]["fec"] == "fc"
    assert "media_lanes" not in ports["et-0/0/1:0"]  # empty cage
    assert ports["et-0/0/2"] == {
        "name": "et-0/0/2",
        "admin": "down",
        "oper": "down",
        "speed": "400G",
        "fec": "rs544",
        "description": "spine1:Ethernet4/1",
        "breakout": "none",
        "children": ["et-0/0/2"],
        "media_lanes": [1, 2, 3, 4],
    }
    assert ports["et-0/0/3"]["neighbor"] == {"system": "spine2", "port": "Ethernet1/4"}
    assert ports["et-0/0/3"]["media_lanes"] == [1, 2, 3, 4]  # lanes 5-8 are unused


def test_each_group_alone_gives_its_part() -> None:
    inventory = FACTS.validate_python(facts_from_outputs(_outputs(MODULE_COMMANDS)))
    assert "ports" not in inventory
    assert list(inventory["transceivers"]) == ["et-0/0/0", "et-0/0/1", "et-0/0/2", "et-0/0/3"]
    assert inventory["transceivers"]["et-0/0/0"] == {
        "port": "et-0/0/0",
        "present": True,
        "revision": "01",
        "part_number": "740-085351",
        "serial": "1W2X3Y4Z",
        "form_factor": "QSFP56-DD",
        "media_type": "400GBASE-DR4",
        "media_type_raw": "QSFP56-DD-400GBASE-DR4",
        "media_lanes": 4,
        "host_lanes": 8,
    }
    assert inventory["transceivers"]["et-0/0/1"] == {"port": "et-0/0/1", "present": False}

    dom = FACTS.validate_python(facts_from_outputs(_outputs(DOM_COMMANDS)))
    assert "ports" not in dom
    assert list(dom["transceivers"]) == ["et-0/0/0", "et-0/0/2", "et-0/0/3"]
    cage = dom["transceivers"]["et-0/0/0"]
    assert "part_number" not in cage
    assert [lane["state"] for lane in cage["lanes"]] == ["ok", "no_light", "ok", "ok"]
    assert cage["thresholds"]["rx_power_dbm"]["low_alarm"] == -8.9
    # without the module type, the eight reported lanes stay as reported
    assert len(dom["transceivers"]["et-0/0/3"]["lanes"]) == 8

    ports = FACTS.validate_python(facts_from_outputs(_outputs(PORT_COMMANDS)))
    assert "transceivers" not in ports
    assert ports["ports"]["et-0/0/0"]["breakout"] == "4x100G"
    assert "media_lanes" not in ports["ports"]["et-0/0/0:0"]  # lanes come with the DOM


def test_text_forms_merge_too() -> None:
    hardware = """\
Hardware inventory:
Item             Version  Part number  Serial number     Description
Chassis                                WS0000000001      JNP5220-32CD [QFX5220-32CD]
FPC 0            REV 08   650-089288   WS0000000001      QFX5220-32CD
  PIC 0                   BUILTIN      BUILTIN           2X400G-QSFP56-DD
    Xcvr 1       REV 01   740-085351   1W2X3Y4Z          QSFP56-DD-400GBASE-DR4
"""
    interfaces = """\
Physical interface: et-0/0/0, Enabled, Physical link is Down
  Interface index: 1000, SNMP ifIndex: 500
  Link-level type: Ethernet, MTU: 1514, LAN-PHY mode, Speed: 400Gbps, BPDU Error: None
  Ethernet FEC Mode  :                  NONE

Physical interface: et-0/0/1, Administratively down, Physical link is Down
  Interface index: 1001, SNMP ifIndex: 501
  Description: spine1:Ethernet4/1
  Link-level type: Ethernet, MTU: 1514, LAN-PHY mode, Speed: 400Gbps, BPDU Error: None
  Ethernet FEC Mode  :                  FEC119
  Logical interface et-0/0/1.0 (Index 1001) (SNMP ifIndex 601)
    Description: not the physical one
"""
    lldp = """\
Local Interface    Parent Interface    Chassis Id          Port info          System Name
et-0/0/1           -                   02:1c:7a:cd:22:d3   Ethernet4/1        spine1
"""
    facts = FACTS.validate_python(
        facts_from_outputs(
            {
                "show chassis hardware": hardware,
                "show interfaces": interfaces,
                "show lldp neighbors": lldp,
            }
        )
    )
    assert facts["transceivers"]["et-0/0/0"] == {"port": "et-0/0/0", "present": False}
    assert facts["transceivers"]["et-0/0/1"]["serial"] == "1W2X3Y4Z"
    assert facts["ports"]["et-0/0/1"] == {
        "name": "et-0/0/1",
        "admin": "down",
        "oper": "down",
        "speed": "400G",
        "fec": "rs544",
        "description": "spine1:Ethernet4/1",
        "breakout": "none",
        "children": ["et-0/0/1"],
        "neighbor": {"system": "spine1", "port": "Ethernet4/1"},
    }
    assert facts["ports"]["et-0/0/0"]["fec"] == "none"


def test_slots_take_the_prefix_of_the_interfaces_on_them() -> None:
    hardware = (
        "  PIC 0\n"
        "    Xcvr 4       REV 01   740-031980   ABC1234           SFP+-10G-SR\n"
        "    Xcvr 5       REV 01   740-031980   ABC1235           SFP+-10G-SR\n"
    )
    terse = """\
Interface               Admin Link Proto    Local                 Remote
xe-0/0/4                up    up
xe-0/0/4.0              up    up   inet     10.0.0.1/31
"""
    facts = facts_from_outputs({"show chassis hardware": hardware, "show interfaces terse": terse})
    assert list(facts["transceivers"]) == ["xe-0/0/4", "et-0/0/5"]  # no interface names slot 5
    assert list(facts["ports"]) == ["xe-0/0/4"]
    assert facts["ports"]["xe-0/0/4"] == {
        "name": "xe-0/0/4",
        "admin": "up",
        "oper": "up",
        "breakout": "none",
        "children": ["xe-0/0/4"],
    }


def test_breakout_from_the_children_where_the_config_is_not_given() -> None:
    xml = f"""<rpc-reply xmlns:junos="{NS}"><interface-information>
    {"".join(_physical_xml(f"et-0/0/7:{n}", ("up", "up"), speed="50Gbps") for n in range(8))}
    </interface-information></rpc-reply>"""
    ports = facts_from_outputs({"show interfaces | display xml": xml})["ports"]
    assert ports["et-0/0/7"]["breakout"] == "8x50G"
    assert len(ports["et-0/0/7"]["children"]) == 8


def test_fec_mode_as_the_elements_own_text() -> None:
    # the lab's rendering: <ethernet-fec-mode>FEC119</ethernet-fec-mode>, no enabled_fec_mode
    xml = f"""<rpc-reply xmlns:junos="{NS}"><interface-information><physical-interface>
      <name>et-0/0/31</name><admin-status>up</admin-status><oper-status>up</oper-status>
      <speed>400Gbps</speed><ethernet-fec-mode>FEC119</ethernet-fec-mode>
    </physical-interface></interface-information></rpc-reply>"""
    port = parse_interfaces_xml(xml)["ports"]["et-0/0/31"]
    assert (port["fec"], port["speed"], port["admin"], port["oper"]) == (
        "rs544",
        "400G",
        "up",
        "up",
    )


def test_single_parsers_of_the_port_outputs() -> None:
    configs = parse_configuration_set(
        CONFIG_SET + "set interfaces et-0/0/9 gigether-options fec fec91\n"
    )
    assert (configs["et-0/0/0"].sub_ports, configs["et-0/0/0"].speed) == (4, "100G")
    assert configs["et-0/0/0:3"].disable
    assert configs["et-0/0/0:3"].description == "srv404 eth0 (spare)"
    assert configs["et-0/0/9"].fec == "rs528"
    assert parse_interfaces_terse("Interface Admin Link\nge-0/0/0 down down\n")["ports"] == {
        "ge-0/0/0": {"name": "ge-0/0/0", "admin": "down", "oper": "down"}
    }
    assert parse_interfaces("")["ports"] == {}
    assert parse_lldp_neighbors("")["ports"] == {}


# ---------------------------------------------------------------- the served dc1 lab


lab_state, gathered = gather_fixtures(PLATFORM, DEVICES)


def _module_matches(xcvr: Transceiver, module: Any) -> None:
    assert xcvr["present"] is True
    assert xcvr["media_type"] == module.optic
    assert xcvr["part_number"] == module.part_number
    assert xcvr["serial"] == module.serial
    # Junos prints an Xcvr's version as REV nn: a numeric revision only
    revision = f"{int(module.revision):02d}" if module.revision.isdigit() else None
    assert xcvr.get("revision") == revision
    assert xcvr["temperature_c"] == pytest.approx(module.temperature_c, abs=0.01)
    assert xcvr["voltage_v"] == pytest.approx(module.voltage_v, abs=0.01)
    assert_thresholds_match(xcvr, module)
    lanes = xcvr["lanes"]
    assert [lane["lane"] for lane in lanes] == list(range(1, module.media_lanes + 1))
    for lane in lanes:
        truth = module.lane(lane["lane"])
        assert_rx_matches(lane, truth)
        assert_tx_and_bias_match(lane, truth)


@pytest.mark.lab
def test_gather_carries_the_labs_modules(
    gathered: dict[str, DeviceFacts], lab_state: dict[str, DeviceState]
) -> None:
    assert_modules_match(gathered, lab_state, _module_matches)


@pytest.mark.lab
def test_gather_carries_the_labs_ports(
    gathered: dict[str, DeviceFacts], lab_state: dict[str, DeviceState]
) -> None:
    for name, state in lab_state.items():
        ports = gathered[name]["ports"]
        channelised = {cage for cage, mode in state.breakouts.items() if mode.value != "none"}
        assert set(ports) == set(state.interfaces) | channelised, name
        for interface, config in state.interfaces.items():
            port = ports[interface]
            assert_port_state_matches(port, state, interface)
            oper = state.oper.get(interface)
            cage = state.parent_of(interface)
            native = state.cage(cage[0]).range.speeds[0] if cage else "400G"  # type: ignore[union-attr]
            assert port["speed"] == (config.speed or native), interface
            # the configured FEC, else the mode the port runs (NONE where it runs none)
            runs = oper.fec.value if oper is not None and oper.fec else "none"
            assert port["fec"] == (config.fec.value if config.fec else runs), interface
        assert_breakouts_match(ports, state)
        for parent in state.breakouts:
            for child in state.children(parent):
                if child != parent:
                    assert ports[child]["parent"] == parent


@pytest.mark.lab
def test_gather_shows_the_dc1_faults_of_the_junos_switch(
    gathered: dict[str, DeviceFacts],
) -> None:
    leaf4 = gathered["leaf4"]
    # cloned EEPROM: the serial leaf1:Ethernet3/1 reports too
    assert leaf4["transceivers"]["et-0/0/1"]["serial"] == "DUPSN000001"
    # the uplink to spine1 shut and forgotten: admin down, its laser off, light still received
    uplink = leaf4["ports"]["et-0/0/30"]
    assert (uplink["admin"], uplink["oper"], uplink["fec"]) == ("down", "down", "rs544")
    lanes = leaf4["transceivers"]["et-0/0/30"]["lanes"]
    assert [lane["state"] for lane in lanes] == ["ok"] * 4
    assert not any("tx_power_dbm" in lane for lane in lanes)
    # both server cages broken out 4x100G, each leg on its own media lane
    for cage in ("et-0/0/0", "et-0/0/1"):
        children = [f"{cage}:{n}" for n in range(4)]
        assert (leaf4["ports"][cage]["breakout"], leaf4["ports"][cage]["children"]) == (
            "4x100G",
            children,
        )
        for lane, child in enumerate(children, start=1):
            assert leaf4["ports"][child]["media_lanes"] == [lane]
            assert (leaf4["ports"][child]["speed"], leaf4["ports"][child]["fec"]) == (
                "100G",
                "rs544",
            )
    assert leaf4["ports"]["et-0/0/31"]["neighbor"] == {"system": "spine2", "port": "Ethernet1/4"}
    assert leaf4["ports"]["et-0/0/31"]["media_lanes"] == [1, 2, 3, 4]


@pytest.mark.lab
def test_each_task_alone_returns_its_part(
    dc1_lab: dict[str, Any], gathered: dict[str, DeviceFacts]
) -> None:
    inventory, dom, ports = gather_parts(dc1_lab, PLATFORM, DEVICES)
    for name, facts in gathered.items():
        assert "ports" not in inventory[name]
        assert "ports" not in dom[name]
        assert "transceivers" not in ports[name]
        moving = {"media_lanes", "last_flap_s"}  # lanes need the DOM; seconds ago move on
        without_lanes = {
            port: {key: value for key, value in entry.items() if key not in moving}
            for port, entry in facts["ports"].items()
        }
        assert {
            port: {key: value for key, value in entry.items() if key != "last_flap_s"}
            for port, entry in ports[name]["ports"].items()
        } == without_lanes
        assert set(inventory[name]["transceivers"]) == set(facts["transceivers"])
        for cage, xcvr in facts["transceivers"].items():
            have = inventory[name]["transceivers"][cage]
            assert have["present"] == xcvr["present"]
            assert "lanes" not in have
            if xcvr["present"]:
                assert have["serial"] == xcvr["serial"]
                assert have["part_number"] == xcvr["part_number"]
                assert dom[name]["transceivers"][cage]["lanes"] == xcvr["lanes"]
                assert "thresholds" in dom[name]["transceivers"][cage]
                assert "part_number" not in dom[name]["transceivers"][cage]
            else:
                assert cage not in dom[name]["transceivers"]


# ---------------------------------------------------------------- hostile or broken XML

XML_PARSERS = {
    "show chassis hardware | display xml": "parse_chassis_hardware_xml",
    "show interfaces diagnostics optics | display xml": "parse_diagnostics_optics_xml",
    "show interfaces | display xml": "parse_interfaces_xml",
    "show lldp neighbors | display xml": "parse_lldp_neighbors_xml",
}


@pytest.mark.parametrize("command", sorted(XML_PARSERS))
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        (HARDWARE_XML[: HARDWARE_XML.index("</chassis-inventory>")], "Premature end of data"),
        ("", "Document is empty"),
        ("error: syntax error, expecting <command>", "Start tag expected"),
        (
            '<!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><rpc-reply>&b;</rpc-reply>',
            "a DTD is not accepted",
        ),
        (
            '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rpc-reply>&x;</rpc-reply>',
            "a DTD is not accepted",
        ),
    ],
    ids=["truncated", "empty", "text", "entity-bomb", "external-entity"],
)
def test_bad_xml_is_one_error_naming_the_command(command: str, text: str, reason: str) -> None:
    from nornir_optics.platforms.juniper_junos import parse  # noqa: PLC0415
    from nornir_optics.safexml import XMLParseError  # noqa: PLC0415

    with pytest.raises(XMLParseError) as caught:
        getattr(parse, XML_PARSERS[command])(text)
    assert f"`{command}`" in str(caught.value)
    assert reason in str(caught.value)
    assert "root:" not in str(caught.value)  # nothing of /etc/passwd was read
