"""Junos operational RPCs beyond the optics: environment, LLDP detail, ARP, routes, instances.

What NAPALM's ``junos`` getters send (its PyEZ tables, napalm ``junos/utils/junos_views.yml``)
and the element names of Junos's XML replies (``show ... | display xml``): the table's ``item``
and the view's fields name the elements each reply must carry. The lab routes nothing: the one
IP interface is the management port ``re0:mgmt-0`` (a documentation address, the same one the
EOS and NX-OS lab give the device), with its gateway in ARP and a static default route in
``mgmt_junos``; there is no BGP, no RPM probe, no IPv6 neighbour, and no Ethernet switching (the
l2-learning subsystem is not running, which is what Junos answers and NAPALM reads as empty).
"""

from __future__ import annotations

import fnmatch
import re
import time
import zlib
from typing import TYPE_CHECKING

from lxml import etree

from nornir_optics.lab.vendors.juniper_junos import show
from nornir_optics.lab.vendors.juniper_junos.show import element, sub

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.lab.personality import Session
    from nornir_optics.lab.scenario import Lab
    from nornir_optics.lab.state import DeviceState
    from nornir_optics.lab.vendors.juniper_junos.cli import JunosPersonality

MGMT_NET = "192.0.2"
GATEWAY = f"{MGMT_NET}.254"
GATEWAY_MAC = "02:00:5e:00:02:fe"
MGMT_INTERFACE = "re0:mgmt-0.0"
FAN_TRAYS = 6
PSUS = 2
NO_L2 = "the l2-learning subsystem is not running"


def management_ip(lab: Lab, state: DeviceState) -> str:
    """re0:mgmt-0's address: one per device, in lab order (documentation range)."""
    return f"{MGMT_NET}.{10 + list(lab.devices).index(state.name)}"


def _xml(body: etree._Element) -> str:
    text: bytes = etree.tostring(body, encoding="utf-8")
    return text.decode()


def _argument(operation: etree._Element, name: str) -> str | None:
    for child in operation:
        if isinstance(child.tag, str) and etree.QName(child).localname == name:
            return str(child.text or "").strip()
    return None


def rpc_error(message: str) -> str:
    """An ``<rpc-error>`` as Junos sends it for a subsystem that is not running."""
    return (
        "<rpc-error>\n<error-type>protocol</error-type>\n"
        "<error-tag>operation-failed</error-tag>\n<error-severity>error</error-severity>\n"
        f"<error-message>\n{message}\n</error-message>\n</rpc-error>"
    )


# ---------------------------------------------------------------- environment


def _temperatures(state: DeviceState) -> list[tuple[str, int]]:
    offset = zlib.crc32(state.name.encode()) % 4
    return [
        ("FPC 0 Intake Temp Sensor", 27 + offset),
        ("FPC 0 Exhaust Temp Sensor", 36 + offset),
        ("FPC 0 PFE 0 Temp Sensor", 58 + offset),
        ("Routing Engine 0 CPU Temperature", 44 + offset),
    ]


def environment_xml(state: DeviceState) -> etree._Element:
    """``<get-environment-information>``: power supplies, temperatures and fans."""
    root = element("environment-information")

    def item(name: str, kind: str, celsius: int | None = None) -> None:
        entry = sub(root, "environment-item")
        sub(entry, "name", name)
        sub(entry, "class", kind)
        sub(entry, "status", "OK")
        if celsius is not None:
            fahrenheit = round(celsius * 9 / 5 + 32)
            sub(
                entry,
                "temperature",
                f"{celsius} degrees C / {fahrenheit} degrees F",
                celsius=str(celsius),
            )

    for n in range(PSUS):
        item(f"Power Supply {n}", "Power")
    for name, celsius in _temperatures(state):
        item(name, "Temp", celsius)
    for tray in range(FAN_TRAYS):
        item(f"Fan Tray {tray} Fan 0", "Fans")
    return root


def temperature_thresholds_xml() -> etree._Element:
    """``<get-temperature-threshold-information>``: the chassis default thresholds."""
    root = element("temperature-threshold-information")
    threshold = sub(root, "temperature-threshold")
    for tag, value in (
        ("name", "Chassis default"),
        ("fan-normal-speed", "48"),
        ("fan-high-speed", "54"),
        ("yellow-alarm", "70"),
        ("red-alarm", "85"),
        ("fire-shutdown", "90"),
    ):
        sub(threshold, tag, value)
    return root


def power_usage_xml() -> etree._Element:
    """``<get-power-usage-information-detail>``: each PEM's capacity and output."""
    root = element("power-usage-information-detail")
    for n in range(PSUS):
        item = sub(root, "power-usage-item")
        sub(item, "name", f"PEM {n}")
        sub(item, "state", "Online")
        capacity = sub(item, "pem-capacity-detail")
        sub(capacity, "capacity-actual", "2000")
        sub(capacity, "capacity-max", "2000")
        output = sub(item, "dc-output-detail")
        sub(output, "dc-power", str(301 + n))
        sub(output, "dc-current", f"{(301 + n) / 12:.2f}")
        sub(output, "dc-voltage", "12")
        sub(output, "dc-load", "15")
    return root


def route_engine_xml(state: DeviceState) -> etree._Element:
    """``<get-route-engine-information>`` with its CPU and memory figures (NAPALM's view)."""
    root = show.route_engine_xml(state)
    engine = root.find("route-engine")
    if engine is not None:
        idle = 93 - zlib.crc32(state.name.encode()) % 5
        for tag, value in (
            ("memory-dram-size", "32768 MB"),
            ("memory-installed-size", "(32768 MB installed)"),
            ("memory-buffer-utilization", "27"),
            ("cpu-user", str(100 - idle - 2)),
            ("cpu-background", "0"),
            ("cpu-system", "2"),
            ("cpu-interrupt", "0"),
            ("cpu-idle", str(idle)),
        ):
            sub(engine, tag, value)
    return root


# ---------------------------------------------------------------- interfaces with counters

PACKET_BYTES = 1000


def _gbps(state: DeviceState, name: str) -> int:
    match = re.match(r"\d+", show._speed(state, name))  # noqa: SLF001 - the same speed as shown
    return int(match.group()) if match else 0


def counters(state: DeviceState, name: str) -> dict[str, int]:
    """Octet and packet counters of an interface, growing with time while its link is up."""
    oper = state.oper.get(name)
    up = oper is not None and oper.up
    elapsed = max(time.time() - state.boot_time, 0.0)
    values: dict[str, int] = {}
    for direction in ("input", "output"):
        share = 0.02 + zlib.crc32(f"{state.name}:{name}:{direction}".encode()) % 100 / 1000
        octets = int(elapsed * _gbps(state, name) * 1e9 * share / 8) if up else 0
        values[f"{direction}-bytes"] = octets
        values[f"{direction}-packets"] = octets // PACKET_BYTES
        values[f"{direction}-unicasts"] = octets // PACKET_BYTES
        values[f"{direction}-multicasts"] = octets // (PACKET_BYTES * 5000)
        values[f"{direction}-broadcasts"] = 0
    return values


def interfaces_xml(state: DeviceState, pattern: str | None, *, extensive: bool) -> etree._Element:
    """``<get-interface-information>`` for a name or a glob; ``extensive`` adds the counters."""
    root = show.interfaces_xml(state)
    for physical in list(root):
        name = physical.findtext("name") or ""
        if pattern and not fnmatch.fnmatchcase(name, pattern):
            root.remove(physical)
            continue
        if not extensive:
            continue
        values = counters(state, name)
        traffic = sub(physical, "traffic-statistics", style="brief")
        for tag in ("input-bytes", "output-bytes", "input-packets", "output-packets"):
            sub(traffic, tag, str(values[tag]))
        errors_in = sub(physical, "input-error-list")
        for tag in ("input-errors", "input-drops", "framing-errors", "input-runts"):
            sub(errors_in, tag, "0")
        sub(errors_in, "input-discards", "0")
        errors_out = sub(physical, "output-error-list")
        for tag in ("carrier-transitions", "output-errors", "output-collisions", "output-drops"):
            sub(errors_out, tag, "0")
        mac = sub(physical, "ethernet-mac-statistics", style="brief")
        for direction in ("input", "output"):
            sub(mac, f"{direction}-bytes", str(values[f"{direction}-bytes"]))
            sub(mac, f"{direction}-packets", str(values[f"{direction}-packets"]))
            for kind in ("unicasts", "broadcasts", "multicasts"):
                sub(mac, f"{direction}-{kind}", str(values[f"{direction}-{kind}"]))
    return root


# ---------------------------------------------------------------- LLDP detail


def lldp_detail_xml(lab: Lab, state: DeviceState, interface: str | None) -> etree._Element:
    """``show lldp neighbors interface X`` (``<get-lldp-interface-neighbors>``)."""
    root = element("lldp-neighbors-information", style="detail")
    peers = {device.hostname: device for device in lab.devices.values()}
    for index, (local, chassis, port, system) in enumerate(show.lldp_rows(lab, state), 1):
        if interface and local != interface:
            continue
        peer = peers.get(system)
        neighbor = sub(root, "lldp-neighbor-information")
        sub(neighbor, "lldp-index", str(index))
        sub(neighbor, "lldp-local-interface", local)
        sub(neighbor, "lldp-local-parent-interface-name", "-")
        sub(neighbor, "lldp-local-port-id", local)
        sub(neighbor, "lldp-local-port-ageout-count", "0")
        sub(neighbor, "lldp-remote-chassis-id-subtype", "Mac address")
        sub(neighbor, "lldp-remote-chassis-id", chassis)
        sub(neighbor, "lldp-remote-port-id-subtype", "Interface name")
        sub(neighbor, "lldp-remote-port-id", port)
        far = peer.interfaces.get(port) if peer is not None else None
        sub(neighbor, "lldp-remote-port-description", far.description if far else port)
        sub(neighbor, "lldp-remote-system-name", system)
        description = sub(neighbor, "lldp-system-description")
        sub(description, "lldp-remote-system-description", _system_description(peer))
        sub(neighbor, "lldp-remote-system-capabilities-supported", "Bridge Router")
        sub(neighbor, "lldp-remote-system-capabilities-enabled", "Bridge Router")
        if peer is not None:
            address = sub(neighbor, "lldp-remote-management-address-information")
            sub(address, "lldp-remote-management-address-type", "IPv4(1)")
            sub(address, "lldp-remote-management-address", management_ip(lab, peer))
    return root


def _system_description(peer: DeviceState | None) -> str:
    if peer is None:
        return ""
    names = {
        "arista_eos": f"Arista Networks EOS version {peer.version} running on an Arista "
        f"{peer.model.name}",
        "cisco_nxos": f"Cisco Nexus Operating System (NX-OS) Software {peer.version}",
        "juniper_junos": f"Juniper Networks, Inc. {peer.model.name.lower()} internet router, "
        f"kernel JUNOS {peer.version}",
        "sonic": f"SONiC Software Version: {peer.version}",
    }
    return names.get(peer.platform, peer.platform)


# ---------------------------------------------------------------- ARP, routes, instances


def arp_xml() -> etree._Element:
    """``<get-arp-table-information>``: the management gateway."""
    root = element("arp-table-information", style="normal")
    entry = sub(root, "arp-table-entry")
    sub(entry, "mac-address", GATEWAY_MAC)
    sub(entry, "ip-address", GATEWAY)
    sub(entry, "hostname", GATEWAY)
    sub(entry, "interface-name", MGMT_INTERFACE)
    flags = sub(entry, "arp-table-entry-flags")
    sub(flags, "none")
    sub(entry, "time-to-expire", "1046")
    sub(root, "arp-entry-count", "1")
    return root


def instances_xml() -> etree._Element:
    """``<get-instance-information>``: master, the management instance and a private one."""
    root = element("instance-information", style="terse")
    for name, kind in (
        ("master", "forwarding"),
        ("__juniper_private1__", "forwarding"),
        ("mgmt_junos", "forwarding"),
    ):
        core = sub(root, "instance-core")
        sub(core, "instance-name", name)
        sub(core, "instance-type", kind)
        table = sub(core, "instance-rib")
        sub(table, "irib-name", "inet.0" if name == "master" else f"{name}.inet.0")
        sub(table, "irib-active-count", "1" if name == "mgmt_junos" else "0")
    return root


def route_xml(destination: str | None) -> etree._Element:
    """``<get-route-information>``: only the static default route of ``mgmt_junos``."""
    root = element("route-information")
    if destination not in {None, "", "0.0.0.0/0", "0.0.0.0"}:  # noqa: S104 - the default route
        return root
    table = sub(root, "route-table")
    sub(table, "table-name", "mgmt_junos.inet.0")
    sub(table, "destination-count", "1")
    sub(table, "total-route-count", "1")
    sub(table, "active-route-count", "1")
    route = sub(table, "rt", style="detail")
    sub(route, "rt-destination", "0.0.0.0")  # noqa: S104 - the default route
    sub(route, "rt-prefix-length", "0")
    sub(route, "rt-entry-count", "1", format="1 entry")
    sub(route, "rt-announced-count", "1")
    entry = sub(route, "rt-entry")
    sub(entry, "active-tag", "*")
    sub(entry, "current-active")
    sub(entry, "last-active")
    sub(entry, "protocol-name", "Static")
    sub(entry, "preference", "5")
    sub(entry, "age", "1w0d 00:00:00", seconds="604800")
    sub(entry, "rt-entry-state", "Active Int Ext")
    sub(entry, "task-name", "RT")
    hop = sub(entry, "nh")
    sub(hop, "selected-next-hop")
    sub(hop, "to", GATEWAY)
    sub(hop, "via", MGMT_INTERFACE)
    return root


def _empty(tag: str) -> Callable[[JunosPersonality, Session, etree._Element], str]:
    def handler(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
        del personality, session, op
        return _xml(element(tag))

    return handler


def _no_l2(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del personality, session, op
    return rpc_error(NO_L2)


def _environment(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session, op
    return _xml(environment_xml(personality.device))


def _thresholds(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del personality, session, op
    return _xml(temperature_thresholds_xml())


def _power(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del personality, session, op
    return _xml(power_usage_xml())


def _route_engine(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session, op
    return _xml(route_engine_xml(personality.device))


def _interfaces(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session
    if _argument(op, "routing-instance") is not None:
        return _xml(element("interface-information", style="terse"))
    pattern = _argument(op, "interface-name") or None
    if _argument(op, "terse") is not None:
        return _xml(show.interfaces_xml(personality.device, pattern, terse=True))
    extensive = _argument(op, "extensive") is not None
    return _xml(interfaces_xml(personality.device, pattern, extensive=extensive))


def _lldp_detail(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del session
    interface = _argument(op, "interface-device") or _argument(op, "interface-name")
    return _xml(lldp_detail_xml(personality.runtime.lab, personality.device, interface))


def _arp(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del personality, session, op
    return _xml(arp_xml())


def _instances(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del personality, session, op
    return _xml(instances_xml())


def _routes(personality: JunosPersonality, session: Session, op: etree._Element) -> str:
    del personality, session
    return _xml(route_xml(_argument(op, "destination")))


HANDLERS: dict[str, Callable[[JunosPersonality, Session, etree._Element], str]] = {
    "get-interface-information": _interfaces,
    "get-environment-information": _environment,
    "get-temperature-threshold-information": _thresholds,
    "get-power-usage-information-detail": _power,
    "get-route-engine-information": _route_engine,
    "get-lldp-interface-neighbors": _lldp_detail,
    "get-lldp-interface-neighbors-information": _lldp_detail,
    "get-arp-table-information": _arp,
    "get-ipv6-nd-information": _empty("ipv6-nd-information"),
    "get-instance-information": _instances,
    "get-bgp-neighbor-information": _empty("bgp-information"),
    "get-bgp-summary-information": _empty("bgp-information"),
    "get-route-information": _routes,
    "get-probe-results": _empty("probe-results"),
    "get-ethernet-switching-table-information": _no_l2,
    "get-bridge-mac-table": _no_l2,
}
"""The RPCs this module answers, merged into the NETCONF server's dispatch table."""
