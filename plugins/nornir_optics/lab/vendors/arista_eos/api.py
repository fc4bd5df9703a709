"""EOS JSON models (eAPI ``format: json`` and ``| json``) beyond the transceiver views.

The models are the ones ANTA's tests and NAPALM's ``eos`` getters read; field names, nesting
and value forms follow ANTA's unit-test data (aristanetworks/anta
``tests/units/anta_tests/{hardware,interfaces,system,connectivity}/data.py``) and NAPALM's
mocked data (napalm ``test/eos/mocked_data``). The management plane (Management1's address,
its gateway, NTP, SNMP, the admin account) is a fixed, plausible one per device: the lab models
no IP routing, so there is no BGP, no VLAN but the default one and one default route.

Counters move: an interface that is up carries a steady, seeded share of its bandwidth, so its
octet and packet counters grow with time (NAPALM ``get_interfaces_counters`` twice differs).
"""

from __future__ import annotations

import time
import zlib
from typing import TYPE_CHECKING, Any

from nornir_optics.lab.vendors.arista_eos import render

if TYPE_CHECKING:
    from nornir_optics.lab.scenario import Lab
    from nornir_optics.lab.state import DeviceState

MGMT_NET = "192.0.2"
GATEWAY = f"{MGMT_NET}.254"
GATEWAY_MAC = "02:00:5e:00:02:fe"
NTP_SERVERS = render.NTP_SERVERS
SNMP = render.SNMP
PACKET_BYTES = 1000
RATE_INTERVAL_S = 300


def management_ip(lab: Lab, state: DeviceState) -> str:
    """Management1's address: one per device, in lab order (documentation range)."""
    return f"{MGMT_NET}.{10 + list(lab.devices).index(state.name)}"


def interfaces(state: DeviceState) -> dict[str, Any]:
    """``show interfaces``: the rendered model with moving counters and each port's lanes."""
    data = render.show_interfaces_json(state)
    for name, entry in data["interfaces"].items():
        located = state.parent_of(name)
        if located is None:
            continue
        legs = len(state.children(located[0]))
        entry["interfaceCounters"] = counters(state, name)
        entry["lanes"] = render.cage_lanes(state, located[0]) // max(legs, 1)
    return data


def _utilisation(state: DeviceState, name: str) -> float:
    """A steady share of the bandwidth an up interface carries (2 % to 12 %, seeded)."""
    return 0.02 + (zlib.crc32(f"{state.name}:{name}".encode()) % 100) / 1000


def rate_bps(state: DeviceState, name: str, direction: str) -> float:
    """Bits per second an interface carries in one direction now (0 when it is down)."""
    oper = state.oper.get(name)
    if oper is None or not oper.up:
        return 0.0
    share = _utilisation(state, f"{name}:{direction}")
    return round(render.bps(render.effective_speed(state, name)) * share, 1)


def counters(state: DeviceState, name: str) -> dict[str, float]:
    """``interfaceCounters`` of ``show interfaces``: growing with time while the link is up."""
    elapsed = max(time.time() - state.boot_time, 0.0)
    octets_in = int(elapsed * rate_bps(state, name, "in") / 8)
    octets_out = int(elapsed * rate_bps(state, name, "out") / 8)
    return {
        "inOctets": octets_in,
        "outOctets": octets_out,
        "inUcastPkts": octets_in // PACKET_BYTES,
        "outUcastPkts": octets_out // PACKET_BYTES,
        "inMulticastPkts": octets_in // (PACKET_BYTES * 5000),
        "outMulticastPkts": octets_out // (PACKET_BYTES * 5000),
        "inBroadcastPkts": 0,
        "outBroadcastPkts": 0,
        "inDiscards": 0,
        "outDiscards": 0,
        "totalInErrors": 0,
        "totalOutErrors": 0,
        "linkStatusChanges": state.link_changes(name),
        "counterRefreshTime": round(time.time(), 3),
    }


def _ethernet(state: DeviceState) -> list[str]:
    return render.active_names(state)


def counters_rates(state: DeviceState) -> dict[str, Any]:
    """``show interfaces counters rates``."""
    interfaces: dict[str, Any] = {}
    now = round(time.time(), 3)
    for name in _ethernet(state):
        inbound, outbound = rate_bps(state, name, "in"), rate_bps(state, name, "out")
        interfaces[name] = {
            "description": state.interfaces[name].description,
            "interval": RATE_INTERVAL_S,
            "inBpsRate": inbound,
            "inPktsRate": round(inbound / 8 / PACKET_BYTES, 1),
            "inPpsRate": round(inbound / 8 / PACKET_BYTES, 1),
            "outBpsRate": outbound,
            "outPktsRate": round(outbound / 8 / PACKET_BYTES, 1),
            "outPpsRate": round(outbound / 8 / PACKET_BYTES, 1),
            "lastUpdateTimestamp": now,
        }
    return {"interfaces": interfaces}


def counters_errors(state: DeviceState) -> dict[str, Any]:
    """``show interfaces counters errors`` (no errors: the lab's links are clean or dark)."""
    fields = (
        "inErrors",
        "frameTooLongs",
        "outErrors",
        "frameTooShorts",
        "fcsErrors",
        "alignmentErrors",
        "symbolErrors",
    )
    return {"interfaceErrorCounters": {name: dict.fromkeys(fields, 0) for name in _ethernet(state)}}


def counters_discards(state: DeviceState) -> dict[str, Any]:
    """``show interfaces counters discards``."""
    return {
        "interfaces": {name: {"outDiscards": 0, "inDiscards": 0} for name in _ethernet(state)},
        "inDiscardsTotal": 0,
        "outDiscardsTotal": 0,
    }


def status_errdisabled(state: DeviceState) -> dict[str, Any]:
    """``show interfaces status errdisabled`` (nothing is error-disabled in the lab)."""
    del state
    return {"interfaceStatuses": {}}


def description_status(state: DeviceState, name: str) -> tuple[str, str]:
    """InterfaceStatus and lineProtocolStatus as ``show interfaces description`` has them."""
    status, protocol = render.link_status(state, name)
    if status == "disabled":
        return "adminDown", "down"
    return ("up", "up") if status == "connected" else ("down", protocol)


def descriptions(state: DeviceState) -> dict[str, Any]:
    """``show interfaces description``: active interfaces and the cages' parent names."""
    entries: dict[str, Any] = {}
    for name in _ethernet(state):
        status, protocol = description_status(state, name)
        entries[name] = {
            "description": state.interfaces[name].description,
            "interfaceStatus": status,
            "lineProtocolStatus": protocol,
        }
    entries["Management1"] = {
        "description": "oob",
        "interfaceStatus": "up",
        "lineProtocolStatus": "up",
    }
    return {"interfaceDescriptions": entries}


def lldp_detail(lab: Lab, state: DeviceState, only: str | None = None) -> dict[str, Any]:
    """``show lldp neighbors [<if>] detail``: every active interface, its neighbours if any."""
    peers = {device.hostname: device for device in lab.devices.values()}
    neighbors: dict[str, Any] = {}
    for name in _ethernet(state):
        if only is not None and name != only:
            continue
        heard = state.lldp.get(name)
        info: list[dict[str, Any]] = []
        if heard is not None:
            peer = peers.get(heard.system)
            info.append(
                {
                    "chassisIdType": "macAddress",
                    "chassisId": _dotted(peer.mac if peer else "00:00:00:00:00:00"),
                    "systemName": heard.system,
                    "systemDescription": _system_description(peer),
                    "lastChangeTime": round(state.boot_time + 60, 3),
                    "neighborDiscoveryTime": round(state.boot_time + 60, 3),
                    "lastContactTime": round(time.time() - 10, 3),
                    "neighborInterfaceInfo": {
                        "interfaceIdType": "interfaceName",
                        "interfaceId": f'"{heard.port}"',
                        "interfaceId_v2": heard.port,
                        "interfaceDescription": _far_description(peer, heard.port),
                        "maxFrameSize": 9236,
                    },
                    "systemCapabilities": {"bridge": True, "router": True},
                    "managementAddresses": [
                        {
                            "addressType": "ipv4",
                            "address": management_ip(lab, peer) if peer else "0.0.0.0",  # noqa: S104
                            "interfaceNumType": "ifIndex",
                            "interfaceNum": 999001,
                        }
                    ],
                    "ttl": 120,
                }
            )
        neighbors[name] = {"lldpNeighborInfo": info}
    return {"lldpNeighbors": neighbors}


def _dotted(mac: str) -> str:
    digits = mac.replace(":", "")
    return ".".join(digits[i : i + 4] for i in range(0, 12, 4))


def _system_description(peer: DeviceState | None) -> str:
    if peer is None:
        return ""
    names = {
        "arista_eos": f"Arista Networks EOS version {peer.version} running on an Arista "
        f"{peer.model.name}",
        "cisco_nxos": f"Cisco Nexus Operating System (NX-OS) Software {peer.version}",
        "juniper_junos": f"Juniper Networks, Inc. {peer.model.name.lower()} Junos OS Evolved",
        "sonic": f"SONiC Software Version: {peer.version}",
    }
    return names.get(peer.platform, peer.platform)


def _far_description(peer: DeviceState | None, port: str) -> str:
    if peer is None:
        return ""
    config = peer.interfaces.get(port)
    return config.description if config is not None else ""


# ---------------------------------------------------------------- environment and inventory


def _fan_tray(label: str, uptime: float, *, power_supply: bool = False) -> dict[str, Any]:
    return {
        "status": "ok",
        "fans": [
            {
                "status": "ok",
                "uptime": uptime,
                "maxSpeed": 23000 if power_supply else 17500,
                "lastSpeedStableChangeTime": uptime + 90,
                "configuredSpeed": 30,
                "actualSpeed": 33 if power_supply else 30,
                "speedHwOverride": power_supply,
                "speedStable": True,
                "label": f"{label}/1",
            }
        ],
        "speed": 30,
        "label": label,
    }


def cooling(state: DeviceState) -> dict[str, Any]:
    """``show system environment cooling``: four fan trays and two power-supply fans."""
    up = state.boot_time
    return {
        "defaultZones": False,
        "numCoolingZones": [],
        "coolingMode": "automatic",
        "ambientTemperature": 24.5,
        "shutdownOnInsufficientFans": True,
        "airflowDirection": "frontToBackAirflow",
        "overrideFanSpeed": 0,
        "powerSupplySlots": [_fan_tray(f"PowerSupply{n}", up, power_supply=True) for n in (1, 2)],
        "fanTraySlots": [_fan_tray(str(n), up) for n in range(1, 5)],
        "minFanSpeed": 0,
        "currentZones": 1,
        "configuredZones": 0,
        "systemStatus": "coolingOk",
    }


def _sensor(
    name: str, description: str, current: float, rel: str, **extra: float
) -> dict[str, Any]:
    return {
        "maxTemperature": round(current + 2.5, 2),
        "maxTemperatureLastChange": 0.0,
        "hwStatus": "ok",
        "alertCount": 0,
        "description": description,
        "overheatThreshold": extra.get("overheat", 90.0),
        "criticalThreshold": extra.get("critical", 95.0),
        "inAlertState": False,
        "targetTemperature": extra.get("target", 75.0),
        "relPos": rel,
        "currentTemperature": current,
        "pidDriverCount": 0,
        "isPidDriver": False,
        "name": name,
    }


def temperature(state: DeviceState) -> dict[str, Any]:
    """``show system environment temperature``: board sensors and the power supplies'."""
    del state
    sensors = [
        _sensor("TempSensor1", "Cpu temp sensor", 48.0, "1"),
        _sensor(
            "TempSensor2",
            "Switch chip temp sensor",
            61.0,
            "2",
            overheat=105.0,
            critical=110.0,
            target=85.0,
        ),
        _sensor(
            "TempSensor3",
            "Front-panel temp sensor",
            27.5,
            "3",
            overheat=65.0,
            critical=75.0,
            target=55.0,
        ),
    ]
    return {
        "powercycleOnOverheat": "False",
        "ambientThreshold": 45,
        "cardSlots": [],
        "shutdownOnOverheat": "True",
        "systemStatus": "temperatureOk",
        "recoveryModeOnOverheat": "recoveryModeNA",
        "tempSensors": sensors,
        "powerSupplySlots": [
            {
                "entPhysicalClass": "PowerSupply",
                "relPos": str(n),
                "tempSensors": [
                    _sensor(
                        f"TempSensorP{n}/1",
                        f"Power supply {n} sensor",
                        31.0 + n,
                        "1",
                        overheat=80.0,
                        critical=85.0,
                        target=60.0,
                    )
                ],
            }
            for n in (1, 2)
        ],
    }


def transceiver_temperature(state: DeviceState) -> dict[str, Any]:
    """``show system environment temperature transceiver``: one DOM sensor per module.

    A module over its own high-warning temperature is in alert (the blocked-airflow fault).
    """
    sensors = []
    for parent, module in state.modules.items():
        if module is None:
            continue
        number = parent.removeprefix("Ethernet").split("/", 1)[0]
        levels = module.thresholds.temperature_c
        sensor = _sensor(
            f"DomTemperatureSensor{number}",
            f"Xcvr{number} temp sensor",
            module.temperature_c,
            number,
            overheat=levels.high_warning,
            critical=levels.high_alarm,
            target=levels.high_warning - 8,
        )
        if module.temperature_c >= levels.high_warning:
            sensor.update(inAlertState=True, alertCount=1)
        sensors.append(sensor)
    return {"tempSensors": sensors, "cardSlots": []}


def power(state: DeviceState) -> dict[str, Any]:
    """``show system environment power``."""
    supplies = {}
    for n in (1, 2):
        supplies[str(n)] = {
            "modelName": "PWR-2421-HV-RED",
            "capacity": 2400.0,
            "dominant": False,
            "inputCurrent": 1.42,
            "outputCurrent": 25.9,
            "inputVoltage": 230.0,
            "outputVoltage": 12.0,
            "outputPower": 310.5 + n,
            "state": "ok",
            "uptime": round(state.boot_time, 3),
            "fans": {f"FanP{n}/1": {"status": "ok", "speed": 33}},
            "tempSensors": {f"TempSensorP{n}/1": {"status": "ok", "temperature": 31.0 + n}},
            "managed": True,
        }
    return {"powerSupplies": supplies}


def inventory(state: DeviceState) -> dict[str, Any]:
    """``show inventory`` (revision 2): system, power supplies, fans, ports, transceivers."""
    base = render.show_inventory_json(state)
    suffix = state.serial[3:]
    base["powerSupplySlots"] = {
        str(n): {"name": "PWR-2421-HV-RED", "serialNum": f"H{'VW'[n - 1]}{suffix}"} for n in (1, 2)
    }
    base["fanTraySlots"] = {
        str(n): {"numFans": 2, "name": "FAN-7002H-RED", "serialNum": ""} for n in range(1, 5)
    }
    base["portCount"] = len(state.modules) + 1
    base["switchedPortCount"] = len(state.modules)
    base["managementPortCount"] = 1
    base["cardSlots"] = {}
    base["storageDevices"] = {}
    return base


# ---------------------------------------------------------------- system


def uptime(state: DeviceState) -> dict[str, Any]:
    """``show uptime``."""
    now = time.time()
    return {
        "loadAvg": [0.48, 0.52, 0.5],
        "users": 1,
        "currentTime": round(now, 3),
        "upTime": round(now - state.boot_time, 2),
    }


def reload_cause(state: DeviceState) -> dict[str, Any]:
    """``show reload cause``: the last reload was asked for by a user."""
    return {
        "resetCauses": [
            {
                "recommendedAction": "No action necessary.",
                "description": "Reload requested by the user.",
                "timestamp": round(state.boot_time - 30, 3),
                "debugInfoIsDir": False,
            }
        ],
        "full": False,
    }


def version_detail(state: DeviceState) -> dict[str, Any]:
    """``show version detail``: ``show version`` plus packages and components."""
    data = render.show_version_json(state)
    data["details"] = {
        "deviations": [],
        "components": [{"name": "Aboot", "version": "Aboot-norcal10-10.1.1"}],
        "switchType": "fixedSystem",
        "packages": {
            "TerminAttr-core": {"version": "v1.29.0", "release": "1"},
            "EOS": {"version": state.version, "release": "1"},
        },
    }
    return data


def coredump(state: DeviceState) -> dict[str, Any]:
    """``show system coredump``: none."""
    del state
    return {"mode": "compressedDeferred", "coreFiles": []}


def processes_top(state: DeviceState) -> dict[str, Any]:
    """``show processes top once`` (JSON, the part ANTA reads)."""
    del state
    return {"cpuInfo": {"%Cpu(s)": {"idle": 91.4, "user": 5.3, "system": 2.1}}, "processes": {}}


def processes_top_text(state: DeviceState) -> str:
    """``show processes top once`` as text (NAPALM reads the Cpu and Mem lines)."""
    seconds = int(time.time() - state.boot_time)
    days, rest = divmod(seconds, 86400)
    return (
        f"top - {time.strftime('%H:%M:%S')} up {days} days, {rest // 3600:2d}:"
        f"{rest % 3600 // 60:02d},  1 user,  load average: 0.48, 0.52, 0.50\n"
        "Tasks: 312 total,   1 running, 311 sleeping,   0 stopped,   0 zombie\n"
        "%Cpu(s):  5.3 us,  2.1 sy,  0.0 ni, 91.4 id,  0.0 wa,  0.6 hi,  0.6 si,  0.0 st\n"
        "KiB Mem : 32698316 total, 27654204 free,  3344112 used,  1700000 buff/cache\n"
        "KiB Swap:        0 total,        0 free,        0 used. 28120244 avail Mem\n"
        "\n"
        "  PID USER      PR  NI    VIRT    RES    SHR S  %CPU %MEM     TIME+ COMMAND\n"
        " 2318 root      20   0 1021864 182340 101212 S   4.3  0.6 812:03.52 Sysdb\n"
    )


def ntp_associations(state: DeviceState) -> dict[str, Any]:
    """``show ntp associations``: synchronised to the first server."""
    del state
    peers = {}
    for n, server in enumerate(NTP_SERVERS):
        peers[server] = {
            "peerIpAddr": server,
            "condition": "sys.peer" if n == 0 else "candidate",
            "refid": "GPS" if n == 0 else "192.0.2.123",
            "stratumLevel": 1 if n == 0 else 2,
            "peerType": "unicast",
            "lastReceived": 1.0,
            "pollInterval": 1024,
            "reachabilityHistory": [True] * 8,
            "delay": 0.23,
            "offset": 0.011,
            "jitter": 0.008,
        }
    return {"peers": peers}


def ntp_associations_text(state: DeviceState) -> str:
    """``show ntp associations`` as text (NAPALM ``get_ntp_stats`` parses it)."""
    del state
    return (
        "     remote           refid      st t when  poll reach   delay   offset  jitter\n"
        "==============================================================================\n"
        f"*{NTP_SERVERS[0]:<16} .GPS.            1 u   12  1024  377    0.230    0.011   0.008\n"
        f"+{NTP_SERVERS[1]:<16} {NTP_SERVERS[0]:<15}  2 u   40  1024  377    0.310    0.020"
        "   0.012\n"
    )


def ntp_status_text(state: DeviceState) -> str:
    """``show ntp status``."""
    del state
    return (
        f"synchronised to NTP server ({NTP_SERVERS[0]}) at stratum 2\n"
        "   time correct to within 11 ms\n"
        "   polling server every 1024 s\n"
    )


# ---------------------------------------------------------------- addressing and tables


def _management(lab: Lab, state: DeviceState, address: dict[str, Any]) -> dict[str, Any]:
    """``{"interfaces": {"Management1": ...}}`` of the ``show ip interface`` views."""
    entry = {
        "name": "Management1",
        "interfaceStatus": "connected",
        "lineProtocolStatus": "up",
        "mtu": 1500,
        "interfaceAddress": address,
    }
    del lab, state
    return {"interfaces": {"Management1": entry}}


def ip_interface(lab: Lab, state: DeviceState) -> dict[str, Any]:
    """``show ip interface``: Management1 only (the fabric ports carry no IP in the lab)."""
    data = _management(
        lab,
        state,
        {
            "primaryIp": {"address": management_ip(lab, state), "maskLen": 24},
            "secondaryIpsOrderedList": [],
            "secondaryIps": {},
            "virtualIp": {"address": "0.0.0.0", "maskLen": 0},  # noqa: S104
            "broadcastAddress": "255.255.255.255",
        },
    )
    data["interfaces"]["Management1"].update(description="oob", proxyArp=False, urpf="disable")
    return data


def ip_interface_brief(lab: Lab, state: DeviceState) -> dict[str, Any]:
    """``show ip interface brief``."""
    address = {"ipAddr": {"address": management_ip(lab, state), "maskLen": 24}}
    data = _management(lab, state, address)
    data["interfaces"]["Management1"]["nonRoutableClassEIntf"] = False
    return data


def arp(state: DeviceState) -> dict[str, Any]:
    """``show arp vrf all``: the management gateway."""
    del state
    return {
        "vrfs": {
            "default": {
                "totalEntries": 1,
                "ipV4Neighbors": [
                    {
                        "hwAddress": _dotted(GATEWAY_MAC),
                        "address": GATEWAY,
                        "interface": "Management1",
                        "age": 14,
                    }
                ],
            }
        }
    }


def mac_table(state: DeviceState) -> dict[str, Any]:
    """``show mac address-table``: the gateway, learnt on Management1 (routed fabric ports)."""
    del state
    return {
        "multicastTable": {"tableEntries": []},
        "unicastTable": {
            "tableEntries": [
                {
                    "vlanId": 1,
                    "macAddress": _dotted(GATEWAY_MAC),
                    "entryType": "dynamic",
                    "interface": "Management1",
                    "moves": 1,
                    "lastMove": round(time.time() - 3600, 3),
                }
            ]
        },
        "disabledMacLearningVlans": [],
    }


def routes(lab: Lab, state: DeviceState, destination: str) -> dict[str, Any]:
    """``show ip route vrf default [<prefix>] detail``: the default and the management route."""
    import ipaddress

    table = {
        "0.0.0.0/0": {
            "routeType": "static",
            "preference": 1,
            "metric": 0,
            "kernelProgrammed": True,
            "directlyConnected": False,
            "routeAction": "forward",
            "vias": [{"nexthopAddr": GATEWAY, "interface": "Management1"}],
        },
        f"{MGMT_NET}.0/24": {
            "routeType": "connected",
            "preference": 0,
            "metric": 1,
            "kernelProgrammed": True,
            "directlyConnected": True,
            "routeAction": "forward",
            "vias": [{"interface": "Management1"}],
        },
    }
    del lab, state
    if destination:
        try:
            wanted = ipaddress.ip_network(destination, strict=False)
        except ValueError:
            wanted = None
        if wanted is not None:
            best = [p for p in table if wanted.subnet_of(ipaddress.ip_network(p))]  # type: ignore[arg-type]
            best.sort(key=lambda p: ipaddress.ip_network(p).prefixlen)
            table = {best[-1]: table[best[-1]]} if best else {}
    return {"vrfs": {"default": {"routes": table, "allRoutesProgrammedHardware": True}}}


def vrfs(state: DeviceState) -> dict[str, Any]:
    """``show vrf``."""
    return {
        "vrfs": {
            "default": {
                "routeDistinguisher": "",
                "protocols": {"ipv4": {"routingState": "down"}, "ipv6": {"routingState": "down"}},
                "vrfState": "up",
                "interfacesV4": ["Management1"],
                "interfacesV6": [],
                "interfaces": ["Management1", *_ethernet(state)],
            }
        }
    }


def vlans(state: DeviceState) -> dict[str, Any]:
    """``show vlan``: the default VLAN only (the fabric ports are routed)."""
    del state
    return {
        "vlans": {"1": {"name": "default", "dynamic": False, "status": "active", "interfaces": {}}},
        "sourceDetail": "",
    }


def users(state: DeviceState) -> dict[str, Any]:
    """``show users accounts``."""
    del state
    return {
        "users": {
            "admin": {
                "username": "admin",
                "role": "network-admin",
                "privLevel": 15,
                "sshAuthorizedKey": "",
            }
        }
    }


def snmp(state: DeviceState, item: str) -> dict[str, Any]:
    """``show snmp v2-mib chassis|location|contact``."""
    if item == "chassis":
        return {"chassisId": state.serial}
    return {item: SNMP[item]}


def bgp_empty(state: DeviceState) -> dict[str, Any]:
    """The BGP views of a switch that runs no BGP (``show ip bgp summary vrf all`` ...)."""
    del state
    return {"vrfs": {}}


def ipv6_neighbors(state: DeviceState) -> dict[str, Any]:
    """``show ipv6 neighbors vrf all``: none."""
    del state
    return {"vrfs": {"default": {"ipV6Neighbors": []}}}


# ---------------------------------------------------------------- text forms


def descriptions_text(state: DeviceState) -> str:
    """``show interfaces description`` (ntc-templates arista_eos_show_interfaces_description)."""
    words = {"up": "up", "down": "down", "adminDown": "admin down"}
    lines = ["Interface                      Status         Protocol           Description"]
    for name, entry in descriptions(state)["interfaceDescriptions"].items():
        protocol = entry["lineProtocolStatus"].lower()
        lines.append(
            f"{render.short_name(name).replace('Management', 'Ma'):<31}"
            f"{words[entry['interfaceStatus']]:<15}{protocol:<19}{entry['description']}".rstrip()
        )
    return "\n".join(lines) + "\n"


def reload_cause_text(state: DeviceState) -> str:
    """``show reload cause`` (ntc-templates arista_eos_show_reload_cause)."""
    cause = reload_cause(state)["resetCauses"][0]
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(cause["timestamp"]))
    return (
        "Reload Cause 1:\n-------------------\n"
        f"{cause['description']}\n\n"
        "Reload Time:\n------------\n"
        f"Reload occurred at {stamp}.\n\n"
        "Recommended Action:\n-------------------\n"
        f"{cause['recommendedAction']}\n\n"
        "Debugging Information:\n----------------------\n"
        "None available.\n"
    )


def uptime_text(state: DeviceState) -> str:
    """``show uptime`` (the Linux uptime line)."""
    seconds = int(time.time() - state.boot_time)
    days, rest = divmod(seconds, 86400)
    return (
        f" {time.strftime('%H:%M:%S')} up {days} days, {rest // 3600:2d}:{rest % 3600 // 60:02d},"
        "  1 user,  load average: 0.48, 0.52, 0.50\n"
    )


def ip_interface_brief_text(lab: Lab, state: DeviceState) -> str:
    """``show ip interface brief``."""
    return (
        "                                                                Address\n"
        "Interface         IP Address            Status       Protocol            MTU    Owner\n"
        "----------------- --------------------- ------------ -------------- ----------- -------\n"
        f"Management1       {management_ip(lab, state) + '/24':<21} up           up"
        "                 1500\n"
    )


def vlans_text(state: DeviceState) -> str:
    """``show vlan``."""
    del state
    return (
        "VLAN  Name                             Status    Ports\n"
        "----- -------------------------------- --------- -------------------------------\n"
        "1     default                          active\n"
    )


def arp_text(state: DeviceState) -> str:
    """``show arp vrf all``."""
    del state
    return (
        "Address         Age (sec)  Hardware Addr   Interface\n"
        f"{GATEWAY:<16}  0:00:14  {_dotted(GATEWAY_MAC)}  Management1\n"
    )


def as_text(model: dict[str, Any], indent: int = 0) -> str:
    """A JSON model as indented ``key: value`` lines, the text of views served mainly as JSON.

    INFERRED layout: the real text tables of those views were not reproduced.
    """
    lines: list[str] = []
    pad = "  " * indent
    for key, value in model.items():
        if isinstance(value, dict):
            lines.append(f"{pad}{key}:")
            lines.append(as_text(value, indent + 1).rstrip("\n"))
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            lines.append(f"{pad}{key}:")
            lines.extend(as_text(item, indent + 1).rstrip("\n") for item in value)
        else:
            lines.append(f"{pad}{key}: {value}")
    return "\n".join(line for line in lines if line) + "\n"
