"""NX-OS beyond the optics: interfaces with counters, environment, IP, ARP, NTP, VRFs, VLANs.

What NAPALM's ``nxos`` (NX-API) and ``nxos_ssh`` getters read, as NX-OS prints it: the JSON
bodies (``TABLE_x``/``ROW_x``, key names and value forms of napalm's mocked NX-API data,
napalm-automation/napalm ``test/nxos/mocked_data``) and the text layouts (ntc-templates
``tests/cisco_nxos/<command>/*.raw``: ``show ip arp``, ``show ip interface``, ``show system
resources``, ``show environment temperature``). The lab routes nothing: the only IP interface
is mgmt0 in VRF ``management`` (the same documentation address as the EOS lab gives a device),
with one ARP entry (its gateway) and two NTP servers; every front-panel port is a routed port
of VRF ``default`` without an address, so there is no VLAN but 1 and no MAC address learnt.

Counters move: an up interface carries a steady, seeded share of its bandwidth, so its byte
and packet counters grow with time (NAPALM ``get_interfaces_counters`` twice differs).
"""

from __future__ import annotations

import time
import zlib
from typing import TYPE_CHECKING, Any

from nornir_optics.lab.vendors.cisco_nxos import render

if TYPE_CHECKING:
    from nornir_optics.lab.scenario import Lab
    from nornir_optics.lab.state import DeviceState

MGMT_NET = "192.0.2"
GATEWAY = f"{MGMT_NET}.254"
GATEWAY_MAC = "0200.5e00.02fe"
NTP_SERVERS = ("192.0.2.123", "192.0.2.124")
SNMP = {"contact": "noc@example.net", "location": "DC1 hall 2 row B", "community": "lab-ro"}
PACKET_BYTES = 1000
MULTICAST_SHARE = 5000
RATE_INTERVAL_S = 30
PSU_MODEL = "NXA-PAC-2KW-PI"
FAN_MODEL = "NXA-FAN-160CFM-PI"
FANS = 6
MEMORY_KB = (32718124, 9231460)
"""Total and used memory of the supervisor, in kB (``show system resources``)."""


def management_ip(lab: Lab, state: DeviceState) -> str:
    """mgmt0's address: one per device, in lab order (documentation range)."""
    return f"{MGMT_NET}.{10 + list(lab.devices).index(state.name)}"


def with_management(lab: Lab, state: DeviceState, text: str) -> str:
    """A full running config with the management plane's lines (NTP, SNMP, mgmt0's address)."""
    plane = [
        *(f"ntp server {server} use-vrf management" for server in NTP_SERVERS),
        f"snmp-server contact {SNMP['contact']}",
        f"snmp-server location {SNMP['location']}",
        f"snmp-server community {SNMP['community']} group network-operator",
        "",
        "vrf context management",
        f"  ip route 0.0.0.0/0 {GATEWAY}",
    ]
    text = text.replace("vrf context management\n", "\n".join(plane) + "\n", 1)
    member = "interface mgmt0\n  vrf member management\n"
    address = f"  ip address {management_ip(lab, state)}/24\n"
    return text.replace(member, member + address, 1)


# ---------------------------------------------------------------- interfaces and counters


def _share(state: DeviceState, name: str, direction: str) -> float:
    """A steady share of the bandwidth an up interface carries (2 % to 12 %, seeded)."""
    return 0.02 + (zlib.crc32(f"{state.name}:{name}:{direction}".encode()) % 100) / 1000


def rate_bps(state: DeviceState, name: str, direction: str) -> int:
    """Bits per second an interface carries in one direction now (0 when it is down)."""
    oper = state.oper.get(name)
    if oper is None or not oper.up:
        return 0
    return int(render.bandwidth_mbps(state, name) * 1_000_000 * _share(state, name, direction))


def counters(state: DeviceState, name: str) -> dict[str, int]:
    """The ``eth_*`` counters of one Ethernet interface, growing with time while it is up."""
    elapsed = max(time.time() - state.boot_time, 0.0)
    values: dict[str, int] = {}
    for direction in ("in", "out"):
        octets = int(elapsed * rate_bps(state, name, direction) / 8)
        unicast = octets // PACKET_BYTES
        multicast = octets // (PACKET_BYTES * MULTICAST_SHARE)
        values |= {
            f"eth_{direction}ucast": unicast,
            f"eth_{direction}mcast": multicast,
            f"eth_{direction}bcast": 0,
            f"eth_{direction}pkts": unicast + multicast,
            f"eth_{direction}bytes": octets,
            f"eth_jumbo_{direction}pkts": 0,
            f"eth_{direction}err": 0,
            f"eth_{direction}discard": 0,
            f"eth_{direction}pause": 0,
        }
    values |= {"eth_runts": 0, "eth_giants": 0, "eth_crc": 0, "eth_nobuf": 0, "eth_coll": 0}
    return values


def interface_row(state: DeviceState, name: str) -> dict[str, Any]:
    """One ``ROW_interface`` of ``show interface`` for an Ethernet interface."""
    config = state.interfaces[name]
    up = render.is_up(state, name)
    mbps = render.bandwidth_mbps(state, name)
    mac = render.interface_mac(state, name)
    row: dict[str, Any] = {
        "interface": name,
        "state": "up" if up else "down",
    }
    if not up:
        row["state_rsn_desc"] = render.down_reason(state, name)
    row |= {
        "admin_state": "up" if config.admin_up else "down",
        "share_state": "Dedicated",
        "eth_hw_desc": "100000/400000 Ethernet",
        "eth_hw_addr": mac,
        "eth_bia_addr": mac,
    }
    if config.description:
        row["desc"] = config.description
    inbound, outbound = rate_bps(state, name, "in"), rate_bps(state, name, "out")
    row |= {
        "eth_mtu": "1500",
        "eth_bw": mbps * 1000,
        "eth_dly": 10,
        "eth_reliability": "255",
        "eth_txload": "1",
        "eth_rxload": "1",
        "medium": "broadcast",
        "eth_mode": "routed",
        "eth_duplex": "full" if up else "auto",
        "eth_speed": f"{mbps // 1000} Gb/s",
        "eth_beacon": "off",
        "eth_autoneg": "on",
        "eth_in_flowctrl": "off",
        "eth_out_flowctrl": "off",
        "eth_mdix": "off",
        "eth_ratemode": "dedicated",
        "eth_swt_monitor": "off",
        "eth_ethertype": "0x8100",
        "eth_eee_state": "n/a",
        "eth_link_flapped": render.flapped_ago(state, name),
        "eth_clear_counters": "never",
        "eth_reset_cntr": state.flaps.get(name, 0),
        "eth_load_interval1_rx": RATE_INTERVAL_S,
        "eth_inrate1_bits": str(inbound),
        "eth_inrate1_pkts": str(inbound // 8 // PACKET_BYTES),
        "eth_load_interval1_tx": RATE_INTERVAL_S,
        "eth_outrate1_bits": str(outbound),
        "eth_outrate1_pkts": str(outbound // 8 // PACKET_BYTES),
    }
    return row | counters(state, name)


def mgmt_row(lab: Lab, state: DeviceState) -> dict[str, Any]:
    """The ``ROW_interface`` of mgmt0 (NAPALM maps its ``mgmt_*`` counters)."""
    mac = render.interface_mac(state, "mgmt0")
    elapsed = max(time.time() - state.boot_time, 0.0)
    octets_in, octets_out = int(elapsed * 1200), int(elapsed * 900)
    return {
        "interface": "mgmt0",
        "state": "up",
        "admin_state": "up",
        "eth_hw_desc": "GigabitEthernet",
        "eth_hw_addr": mac,
        "eth_bia_addr": mac,
        "eth_ip_addr": management_ip(lab, state),
        "eth_ip_mask": 24,
        "eth_mtu": "1500",
        "eth_bw": 1000000,
        "eth_dly": 10,
        "eth_reliability": "255",
        "eth_txload": "1",
        "eth_rxload": "1",
        "medium": "broadcast",
        "eth_duplex": "full",
        "eth_speed": "1000 Mb/s",
        "eth_autoneg": "on",
        "eth_mdix": "off",
        "eth_ethertype": "0x0000",
        "mgmt_in_pkts": octets_in // 400,
        "mgmt_in_bytes": octets_in,
        "mgmt_in_mcast": octets_in // 40000,
        "mgmt_out_pkts": octets_out // 400,
        "mgmt_out_bytes": octets_out,
        "mgmt_out_mcast": 0,
    }


def show_interface(lab: Lab, state: DeviceState, names: list[str], *, mgmt: bool) -> dict[str, Any]:
    """``show interface [X]`` as JSON."""
    rows = [mgmt_row(lab, state)] if mgmt else []
    rows += [interface_row(state, name) for name in names]
    return {"TABLE_interface": {"ROW_interface": rows}}


def counters_detailed(state: DeviceState, names: list[str]) -> dict[str, Any]:
    """``show interface counters detailed``: the counters that are not zero, per interface."""
    rows = []
    for name in names:
        values = {key: value for key, value in counters(state, name).items() if value}
        rows.append({"interface": name, **values})
    return {"TABLE_interface": {"ROW_interface": rows}}


def counters_text(state: DeviceState, names: list[str]) -> str:
    """``show interface counters detailed`` as text: one block per interface."""
    labels = {
        "eth_inpkts": "Rx Packets",
        "eth_inucast": "Rx Unicast Packets",
        "eth_inmcast": "Rx Multicast Packets",
        "eth_inbytes": "Rx Bytes",
        "eth_outpkts": "Tx Packets",
        "eth_outucast": "Tx Unicast Packets",
        "eth_outmcast": "Tx Multicast Packets",
        "eth_outbytes": "Tx Bytes",
    }
    blocks = []
    for name in names:
        values = counters(state, name)
        lines = [f"{name}"]
        lines += [
            f"  {number:>2}. {label:<33}{values[key]:>20}"
            for number, (key, label) in enumerate(
                ((k, v) for k, v in labels.items() if values[k]), start=1
            )
        ]
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)


# ---------------------------------------------------------------- environment


def _temperatures(state: DeviceState) -> list[tuple[str, str, int, int, int]]:
    """(module, sensor, major, minor, current) of the board's sensors."""
    offset = zlib.crc32(state.name.encode()) % 4
    return [
        ("1", "FRONT", 80, 70, 27 + offset),
        ("1", "BACK", 70, 42, 33 + offset),
        ("1", "HOMEWOOD", 110, 90, 56 + offset),
        ("1", "CPU", 90, 80, 41 + offset),
    ]


def environment(state: DeviceState) -> dict[str, Any]:
    """``show environment`` as JSON (Nexus 9000 keys: ``fandetails``, ``powersup``)."""
    fans = [
        {
            "fanname": f"Fan{n}(sys_fan{n})",
            "fanmodel": FAN_MODEL,
            "fanhwver": "--",
            "fandir": "front-to-back",
            "fanstatus": "Ok",
        }
        for n in range(1, FANS + 1)
    ]
    fans += [
        {
            "fanname": f"Fan_in_PS{n}",
            "fanmodel": "--",
            "fanhwver": "--",
            "fandir": "front-to-back",
            "fanstatus": "Ok",
        }
        for n in (1, 2)
    ]
    temperatures = [
        {
            "tempmod": module,
            "sensor": sensor,
            "majthres": str(major),
            "minthres": str(minor),
            "curtemp": str(current),
            "alarmstatus": "Ok",
        }
        for module, sensor, major, minor, current in _temperatures(state)
    ]
    supplies = [
        {
            "psnum": n,
            "psmodel": PSU_MODEL,
            "actual_out": f"{310 + n} W",
            "actual_input": f"{338 + n} W",
            "tot_capa": "2000 W",
            "ps_status": "Ok",
        }
        for n in (1, 2)
    ]
    return {
        "fandetails": {
            "TABLE_faninfo": {"ROW_faninfo": fans},
            "fan_filter_status": "NotSupported",
            "TABLE_fan_zone_speed": {"ROW_fan_zone_speed": {"zone": "1", "zonespeed": "0x80"}},
        },
        "TABLE_tempinfo": {"ROW_tempinfo": temperatures},
        "powersup": {
            "voltage_level": 12,
            "TABLE_psinfo": {"ROW_psinfo": supplies},
            "power_summary": {
                "ps_redun_mode": "PS-Redundant",
                "ps_oper_mode": "PS-Redundant",
                "tot_pow_capacity": "4000.00 W",
                "reserve_sup": "0.00 W",
                "pow_used_by_mods": "623.00 W",
                "available_pow": "3377.00 W",
            },
        },
    }


def environment_temperature_text(state: DeviceState) -> str:
    """``show environment temperature`` (ntc-templates cisco_nxos_show_environment_temperature)."""
    rule = "-" * 73
    lines = [
        "",
        "",
        "Temperature",
        rule,
        "Module  Sensor             MajorThresh   MinorThres   CurTemp     Status",
        "                            (Celsius)     (Celsius)   (Celsius)         ",
        rule,
    ]
    lines += [
        f"{module:<8}{sensor:<20}{major:<14}{minor:<13}{current:<12}ok"
        for module, sensor, major, minor, current in _temperatures(state)
    ]
    return "\n".join(lines) + "\n"


def environment_text(state: DeviceState) -> str:
    """``show environment``: fans, power supplies and temperatures (Nexus 9000 layout)."""
    data = environment(state)
    rule = "-" * 75
    lines = [
        "Fan:",
        rule,
        "Fan             Model                Hw     Direction       Status",
        rule,
    ]
    lines += [
        f"{fan['fanname']:<16}{fan['fanmodel']:<21}{fan['fanhwver']:<7}{fan['fandir']:<16}"
        f"{fan['fanstatus']}"
        for fan in data["fandetails"]["TABLE_faninfo"]["ROW_faninfo"]
    ]
    lines += [
        "Fan Zone Speed: Zone 1: 0x80",
        "Fan Air Filter : NotSupported",
        "",
        "",
        "Power Supply:",
        "Voltage: 12.0 Volts",
        "Power                              Actual             Actual        Total",
        "Supply    Model                    Output             Input      Capacity    Status",
        "                                   (Watts )           (Watts )     (Watts )",
        "-------  -------------------  -----------  -----------  -----------  --------------",
    ]
    lines += [
        f"{psu['psnum']:<9}{psu['psmodel']:<21}{psu['actual_out']:>11}  {psu['actual_input']:>11}"
        f"  {psu['tot_capa']:>11}  {psu['ps_status']}"
        for psu in data["powersup"]["TABLE_psinfo"]["ROW_psinfo"]
    ]
    return "\n".join(lines) + "\n" + environment_temperature_text(state)


def _idle(state: DeviceState) -> tuple[float, float, float]:
    """User, kernel and idle CPU percentages (steady per device)."""
    user = 3.0 + zlib.crc32(state.name.encode()) % 5
    return user, 1.5, 100.0 - user - 1.5


def processes_cpu(state: DeviceState) -> dict[str, Any]:
    """``show processes cpu`` as JSON: the summary NAPALM reads (``idle_percent``, a string)."""
    user, kernel, idle = _idle(state)
    return {
        "user_percent": f"{user:.2f}",
        "kernel_percent": f"{kernel:.2f}",
        "idle_percent": f"{idle:.2f}",
    }


def processes_memory_shared(state: DeviceState) -> dict[str, Any]:
    """``show processes memory shared`` as JSON: the totals, in kB."""
    del state
    total, used = 1317588, 322036
    return {
        "TABLE_process_tag": {
            "ROW_process_tag": {
                "process-memory-share-total-shm-size": total,
                "process-memory-share-total-shm-used": used,
                "process-memory-share-total-shm-avail": total - used,
            }
        }
    }


def system_resources_text(state: DeviceState) -> str:
    """``show system resources`` (ntc-templates cisco_nxos_show_system_resources.raw)."""
    user, kernel, idle = _idle(state)
    total, used = MEMORY_KB
    return (
        "Load average:   1 minute: 0.41   5 minutes: 0.38   15 minutes: 0.36\n"
        "Processes   :   912 total, 1 running\n"
        f"CPU states  :   {user:.2f}% user,   {kernel:.2f}% kernel,   {idle:.2f}% idle\n"
        f"        CPU0 states  :   {user:.2f}% user,   {kernel:.2f}% kernel,   {idle:.2f}% idle\n"
        f"        CPU1 states  :   {user:.2f}% user,   {kernel:.2f}% kernel,   {idle:.2f}% idle\n"
        f"Memory usage:   {total}K total,   {used}K used,   {total - used}K free\n"
        "Kernel vmalloc:   0K total,   0K free\n"
        "Kernel buffers:   160312K Used\n"
        "Kernel cached :   5316244K Used\n"
        "\n"
        "Current memory status: OK\n"
    )


# ---------------------------------------------------------------- IP, ARP, NTP, VRF, VLAN


def ip_interface(lab: Lab, state: DeviceState, vrf: str) -> dict[str, Any] | None:
    """``show ip interface [vrf X]`` as JSON; None (no body) where the VRF has no address."""
    if vrf not in {"management", "all"}:
        return None
    address = management_ip(lab, state)
    row = {
        "intf-name": "mgmt0",
        "proto-state": "up",
        "link-state": "up",
        "admin-state": "up",
        "iod": "2",
        "prefix": address,
        "subnet": f"{MGMT_NET}.0",
        "masklen": "24",
        "num-addr": "1",
        "ip-disabled": "FALSE",
        "bcast-addr": "255.255.255.255",
        "num-maddr": "0",
        "mtu": "1500",
        "pref": "0",
        "tag": "0",
        "proxy-arp": "disabled",
        "lcl-proxy-arp": "disabled",
        "mrouting": "disabled",
        "icmp-redirect": "disabled",
        "dir-bcast": "disabled",
        "ip-unreach": "disabled",
        "port-unreach": "enabled",
        "urpf-mode": "none",
        "ip-ls-type": "none",
    }
    return {
        "TABLE_vrf": [{"ROW_vrf": {"vrf-name-out": "management"}}],
        "TABLE_intf": [{"ROW_intf": row}],
    }


def ip_interface_text(lab: Lab, state: DeviceState, vrf: str) -> str:
    """``show ip interface [vrf X]`` (ntc-templates cisco_nxos_show_ip_interface.raw)."""
    if vrf not in {"management", "all"}:
        return ""
    address = management_ip(lab, state)
    stats = (
        "Unicast packets",
        "Unicast bytes",
        "Multicast packets",
        "Multicast bytes",
        "Broadcast packets",
        "Broadcast bytes",
        "Labeled packets",
        "Labeled bytes",
    )
    lines = [
        'IP Interface Status for VRF "management"',
        "mgmt0, Interface status: protocol-up/link-up/admin-up, iod: 2,",
        f"  IP address: {address}, IP subnet: {MGMT_NET}.0/24",
        "  IP broadcast address: 255.255.255.255",
        "  IP multicast groups locally joined: none",
        "  IP MTU: 1500 bytes (using link MTU)",
        "  IP primary address route-preference: 0, tag: 0",
        "  IP proxy ARP : disabled",
        "  IP Local Proxy ARP : disabled",
        "  IP multicast routing: disabled",
        "  IP icmp redirects: disabled",
        "  IP directed-broadcast: disabled ",
        "  IP Forwarding: disabled ",
        "  IP icmp unreachables (except port): disabled",
        "  IP icmp port-unreachable: enabled",
        "  IP unicast reverse path forwarding: none",
        "  IP load sharing: none ",
        "  IP interface statistics last reset: never",
        "  IP interface software stats: (sent/received/forwarded/originated/consumed)",
        *(f"    {label:<19}: 0/0/0/0/0" for label in stats),
        "  WCCP Redirect outbound: disabled",
        "  WCCP Redirect inbound: disabled",
        "  WCCP Redirect exclude: disabled",
    ]
    return "\n".join(lines) + "\n"


def ipv6_interface_text(vrf: str) -> str:
    """``show ipv6 interface [vrf X]``: no interface runs IPv6, so only the VRF headers."""
    vrfs = ("default", "management") if vrf == "all" else (vrf,)
    return "".join(f'IPv6 Interface Status for VRF "{name}"\n\n' for name in vrfs)


def arp(vrf: str) -> dict[str, Any]:
    """``show ip arp [vrf X]`` as JSON: the gateway of mgmt0, in VRF management."""
    rows = []
    if vrf in {"default", "all"}:
        rows.append({"ROW_vrf": {"vrf-name-out": "default", "cnt-total": 0}})
    if vrf in {"management", "all"}:
        adjacency = {
            "intf-out": "mgmt0",
            "ip-addr-out": GATEWAY,
            "time-stamp": "00:01:12",
            "mac": GATEWAY_MAC,
        }
        rows.append(
            {
                "ROW_vrf": {
                    "vrf-name-out": "management",
                    "cnt-total": 1,
                    "TABLE_adj": {"ROW_adj": [adjacency]},
                }
            }
        )
    if len(rows) == 1:
        return {"TABLE_vrf": rows[0]}
    return {"TABLE_vrf": rows}


def arp_text(vrf: str) -> str:
    """``show ip arp [vrf X]`` (ntc-templates cisco_nxos_show_ip_arp.raw)."""
    entries = [f"{GATEWAY:<16}00:01:12  {GATEWAY_MAC}  mgmt0"] if vrf != "default" else []
    context = "all contexts" if vrf == "all" else f"context {vrf}"
    return (
        "\n"
        "Flags: * - Adjacencies learnt on non-active FHRP router\n"
        "       + - Adjacencies synced via CFSoE\n"
        "       # - Adjacencies Throttled for Glean\n"
        "       D - Static Adjacencies attached to down interface\n"
        "\n"
        f"IP ARP Table for {context}\n"
        f"Total number of entries: {len(entries)}\n"
        "Address         Age       MAC Address     Interface\n"
        + "".join(entry + "\n" for entry in entries)
    )


def ntp_peers() -> dict[str, Any]:
    """``show ntp peers`` as JSON."""
    rows = [
        {
            "PeerIPAddress": server,
            "serv_peer": "Server",
            "prefer": "no",
            "keyid": "None",
            "vrf": "management",
        }
        for server in NTP_SERVERS
    ]
    return {"TABLE_peers": {"ROW_peers": rows}}


def ntp_peers_text() -> str:
    """``show ntp peers`` (NX-OS 9.x+ layout with Prefer, KeyId and Vrf)."""
    rule = "-" * 50
    lines = [rule, "  Peer IP Address               Serv/Peer Prefer KeyId   Vrf", rule]
    lines += [f"  {server:<30}Server    no     None    management" for server in NTP_SERVERS]
    return "\n".join(lines) + "\n"


def ntp_peer_status() -> dict[str, Any]:
    """``show ntp peer-status`` as JSON: the first server selected."""
    rows = [
        {
            "syncmode": "*" if index == 0 else "=",
            "remote": server,
            "local": "0.0.0.0",  # noqa: S104 - what NX-OS prints for a VRF-bound peer
            "st": "2",
            "poll": "64",
            "reach": "377",
            "delay": f"{0.00118 + index / 10000:.5f}",
            "vrf": "management",
        }
        for index, server in enumerate(NTP_SERVERS)
    ]
    return {"TABLE_peersstatus": {"ROW_peersstatus": rows}}


def ntp_peer_status_text() -> str:
    """``show ntp peer-status``."""
    lines = [
        "Total peers : 2",
        "* - selected for sync, + -  peer mode(active), ",
        "- - peer mode(passive), = - polled in client mode ",
        (
            "    remote                                 local                                 "
            "st   poll   reach delay   vrf"
        ),
        "-" * 122,
    ]
    lines += [
        f"{row['syncmode']}{row['remote']:<39}{row['local']:<38}{row['st']:<5}"
        f"{row['poll']:<7}{row['reach']:<6}{row['delay']:<8}{row['vrf']}"
        for row in ntp_peer_status()["TABLE_peersstatus"]["ROW_peersstatus"]
    ]
    return "\n".join(lines) + "\n"


def vrf_detail() -> dict[str, Any]:
    """``show vrf detail`` as JSON."""
    rows = [
        {"vrf_name": name, "vrf_id": number, "vrf_state": "Up", "rd": "0:0", "vni": 0}
        for number, name in enumerate(("default", "management"), start=1)
    ]
    return {"TABLE_vrf": {"ROW_vrf": rows}}


def vrf_interface(state: DeviceState) -> dict[str, Any]:
    """``show vrf interface`` as JSON: every routed port in default, mgmt0 in management."""
    rows = [
        {"if_name": name, "vrf_name": "default", "vrf_id": 1, "soo": "--"}
        for name in render.interfaces_in_order(state)
    ]
    rows.append({"if_name": "mgmt0", "vrf_name": "management", "vrf_id": 2, "soo": "--"})
    return {"TABLE_if": {"ROW_if": rows}}


def vrf_text() -> str:
    """``show vrf``."""
    return (
        "VRF-Name                           VRF-ID State   Reason                        \n"
        "default                                 1 Up      --                            \n"
        "management                              2 Up      --                            \n"
    )


def vlan_brief() -> dict[str, Any]:
    """``show vlan brief`` as JSON: VLAN 1 without member ports (every port is routed)."""
    row = {
        "vlanshowbr-vlanid": 1,
        "vlanshowbr-vlanid-utf": 1,
        "vlanshowbr-vlanname": "default",
        "vlanshowbr-vlanstate": "active",
        "vlanshowbr-shutstate": "noshutdown",
    }
    return {"TABLE_vlanbriefxbrief": {"ROW_vlanbriefxbrief": row}}


def vlan_brief_text() -> str:
    """``show vlan brief``."""
    return (
        "\n"
        "VLAN Name                             Status    Ports\n"
        "---- -------------------------------- --------- -------------------------------\n"
        "1    default                          active    \n"
    )


def mac_address_table_text() -> str:
    """``show mac address-table``: nothing learnt (routed ports only)."""
    return (
        "Legend: \n"
        "        * - primary entry, G - Gateway MAC, (R) - Routed MAC, O - Overlay MAC\n"
        "        age - seconds since last seen,+ - primary entry using vPC Peer-Link,\n"
        "        (T) - True, (F) - False, C - ControlPlane MAC, ~ - vsan,\n"
        "        (NA)- Not Applicable\n"
        "   VLAN     MAC Address      Type      age     Secure NTFY Ports\n"
        "---------+-----------------+--------+---------+------+----+------------------\n"
    )
