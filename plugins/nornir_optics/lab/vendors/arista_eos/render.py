"""What a simulated Arista EOS switch prints: CLI text and eAPI JSON, rendered from its state.

Layouts follow the real captures in ``shared/fixtures/real/arista_eos`` (ntc-templates
``tests/arista_eos/...`` and napalm ``test/eos/mocked_data/test_get_optics``):

- ``show interfaces transceiver``: ntc-templates ``arista_eos_show_interfaces_transceiver.raw``
  and ``..._transceiver2.raw``. Column starts 0/10/21/31/41/51/61; numbers of the temperature,
  voltage and bias columns and every ``N/A`` sit one column right of the header, dBm numbers sit
  under it. A dark receiver reads ``-30.00`` with bias ``0.00`` and Tx ``N/A`` (row ``Et4/21/1``
  of ``..._transceiver2.raw``); ANTA's ``NO_LIGHT_DBM = -30.0`` (aristanetworks/anta
  ``anta/tests/interfaces.py``) is the same floor in JSON.
- ``show interfaces transceiver detail``: ``arista_eos_show_interfaces_transceiver_detail.raw``
  (five sections, no blank line between them, fixed columns 0/11/25/37/49/61). The capture has a
  few extra trailing spaces on the last row of each section; they are not reproduced.
- ``show interfaces transceiver hardware``: ``..._transceiver_hardware_01.raw`` (the newer
  ``EthernetN/1`` naming of that capture, ``Module presence: not detected`` for empty cages).
- ``show interfaces status``: ``arista_eos_show_interfaces_status.raw`` (inactive lanes are listed
  as ``inactive ... unconf unconf``, like ``Et3/1/4`` there).
- ``show inventory``: ``arista_eos_show_inventory.raw`` (that capture has its whitespace
  collapsed; the dash widths give the columns).

INFERRED (no real 400G capture was found; searched ANTA unit tests, napalm eos mocked_data,
ntc-templates arista_eos tests and napalm issue #1581): EOS reports DOM per channel interface
(the 40G SR4 of napalm's fixture reads as Ethernet3/1/1..3, one channel each, on subsumed
interfaces). For an 8-host-lane QSFP-DD cage the lab names media lane k of an N-lane module
after the host lanes it carries: lane interface 1 + (k - 1) * 8 / N, so a DR4 or FR4 reads as
Et<p>/1, /3, /5, /7 whatever the breakout (4x100G legs then match their own channel), and the
unused CMIS lanes 5-8 of a DR4 are not listed. ANTA's ``show interfaces transceiver dom
thresholds`` JSON (keyed by the parent port, ``parameters.<name>.channels`` "1".."4") is
rendered as ANTA's unit tests show it.
"""

from __future__ import annotations

import copy
import difflib
import time
from typing import TYPE_CHECKING, Any

from netutils.interface import abbreviated_interface_name

from nornir_optics.catalog import breakout_leg_speed, load_catalog, speed_gbps
from nornir_optics.models import Breakout

if TYPE_CHECKING:
    from nornir_optics.lab.state import ConfigSnapshot, DeviceState, InterfaceConfig, Module

NO_LIGHT_DBM = -30.0
MTU = 9214
QSFP_DD_LANES = 8
GBPS = 1_000_000_000
STATIC_CONFIG = (
    "no aaa root",
    "transceiver qsfp default-mode 4x10G",
    "service routing protocols model multi-agent",
    "spanning-tree mode mstp",
    "no ip routing",
)
NTP_SERVERS = ("192.0.2.123", "192.0.2.124")
SNMP = {"contact": "noc@example.net", "location": "DC1 hall 2 row B"}
MANAGEMENT_CONFIG = (
    f"ntp server {NTP_SERVERS[0]} prefer iburst",
    f"ntp server {NTP_SERVERS[1]} iburst",
    f"snmp-server contact {SNMP['contact']}",
    f"snmp-server location {SNMP['location']}",
    "snmp-server community lab-ro ro",
    "username admin privilege 15 role network-admin secret sha512 $6$lab$redacted",
)
"""The management plane's config (NTP, SNMP, the admin account), the same on every device."""


def short_name(name: str) -> str:
    """``Ethernet3/1`` -> ``Et3/1``, as EOS tables and prompts print interfaces (netutils' form).

    netutils and EOS agree on every name the lab prints: ``Et`` in every table of the real
    captures, ``Ma1`` for Management1 (``switch(config-if-Ma1)#``).

    >>> short_name("Ethernet12/5"), short_name("Management1")
    ('Et12/5', 'Ma1')
    """
    return abbreviated_interface_name(name)


def lane_name(parent: str, lane: int) -> str:
    """Name of lane interface ``lane`` of the cage ``parent``.

    >>> lane_name("Ethernet3/1", 5)
    'Ethernet3/5'
    """
    return f"{parent.rsplit('/', 1)[0]}/{lane}"


def bps(speed: str) -> int:
    """A speed word in bits per second (0 for none)."""
    return speed_gbps(speed) * GBPS if speed else 0


def _max_power(module: Module) -> str:
    """The module's maximum power as its EEPROM states it (the catalogue's figure for the type)."""
    optic = load_catalog().optic(module.optic)
    watts = optic.max_power_w.value if optic and optic.max_power_w else None
    return f"{watts:.1f}" if watts is not None else "N/A"


def cage_lanes(state: DeviceState, parent: str) -> int:
    """Number of host lanes (lane interfaces) of a cage."""
    cage = state.cage(parent)
    if cage is None:
        return QSFP_DD_LANES
    return int(load_catalog().cages[cage.range.cage].host_lanes.value or QSFP_DD_LANES)


def dom_channels(parent: str, module: Module) -> list[tuple[str, int]]:
    """(channel interface, media lane) pairs a module reports DOM for (see the module note)."""
    media = max(module.media_lanes, 1)
    stride = max(len(module.lanes) // media, 1)
    return [(lane_name(parent, 1 + (k - 1) * stride), k) for k in range(1, media + 1)]


def effective_speed(state: DeviceState, name: str) -> str:
    """The speed an interface runs at: its config, its breakout leg, or its optic."""
    config = state.interfaces.get(name)
    if config is not None and config.speed:
        return config.speed
    located = state.parent_of(name)
    if located is not None:
        leg = breakout_leg_speed(state.breakouts[located[0]])
        if leg:
            return leg
        module = state.modules.get(located[0])
        optic = load_catalog().optic(module.optic) if module else None
        if optic is not None:
            return optic.speed
    return "400G"


def link_status(state: DeviceState, name: str) -> tuple[str, str]:
    """EOS interfaceStatus and lineProtocolStatus of an active interface."""
    config = state.interfaces[name]
    oper = state.oper.get(name)
    located = state.parent_of(name)
    module = state.modules.get(located[0]) if located else None
    if not config.admin_up:
        return "disabled", "down"
    if oper is not None and oper.up:
        return "connected", "up"
    return "notconnect", "notPresent" if module is None else "down"


def _mac_dotted(mac: str) -> str:
    digits = mac.replace(":", "")
    return ".".join(digits[i : i + 4] for i in range(0, 12, 4))


def _fmt(value: float | None) -> str:
    return "N/A" if value is None else f"{value:.2f}"


def _cell(text: str, width: int, *, shift: bool) -> str:
    return ((" " if shift else "") + text).ljust(width)


# ---------------------------------------------------------------- transceivers


DOM_HEADER = (
    "If device is externally calibrated, only calibrated values are printed.\n"
    "N/A: not applicable, Tx: transmit, Rx: receive.\n"
    "mA: milliamperes, dBm: decibels (milliwatts).\n"
    "                               Bias      Optical   Optical                \n"
    "          Temp       Voltage   Current   Tx Power  Rx Power               \n"
    "Port      (Celsius)  (Volts)   (mA)      (dBm)     (dBm)     Last Update  \n"
    "-----     ---------  --------  --------  --------  --------  -------------------\n"
)


def transceiver_rows(state: DeviceState) -> list[dict[str, Any]]:
    """One DOM reading per channel interface of every plugged module, in cage order."""
    rows: list[dict[str, Any]] = []
    for parent, module in state.modules.items():
        if module is None:
            continue
        for name, number in dom_channels(parent, module):
            lane = module.lane(number)
            rows.append(
                {
                    "name": name,
                    "parent": parent,
                    "module": module,
                    "temperature": module.temperature_c,
                    "voltage": module.voltage_v,
                    "bias": lane.tx_bias_ma if lane.tx_bias_ma is not None else 0.0,
                    "tx": lane.tx_power_dbm,
                    "rx": lane.rx_power_dbm if lane.rx_power_dbm is not None else NO_LIGHT_DBM,
                }
            )
    return rows


def show_transceiver(state: DeviceState) -> str:
    """``show interfaces transceiver``."""
    lines = [DOM_HEADER]
    for row in transceiver_rows(state):
        tx = row["tx"]
        lines.append(
            short_name(row["name"]).ljust(10)
            + _cell(f"{row['temperature']:.2f}", 11, shift=True)
            + _cell(f"{row['voltage']:.2f}", 10, shift=True)
            + _cell(f"{row['bias']:.2f}", 10, shift=True)
            + _cell(_fmt(tx), 10, shift=tx is None)
            + _cell(f"{row['rx']:.2f}", 10, shift=False)
            + "0:00:02 ago\n"
        )
    return "".join(lines)


def show_transceiver_json(state: DeviceState) -> dict[str, Any]:
    """``show interfaces transceiver | json`` (the fields napalm's get_optics reads)."""
    interfaces: dict[str, Any] = {}
    for row in transceiver_rows(state):
        module: Module = row["module"]
        entry: dict[str, Any] = {
            "mediaType": module.optic,
            "vendorSn": module.serial,
            "temperature": row["temperature"],
            "voltage": row["voltage"],
            "txBias": row["bias"],
            "rxPower": row["rx"],
            "updateTime": round(state.boot_time + 86400 * 12, 3),
        }
        if row["tx"] is not None:
            entry["txPower"] = row["tx"]
        interfaces[row["name"]] = entry
    return {"interfaces": interfaces}


DETAIL_HEADER = (
    "mA: milliamperes, dBm: decibels (milliwatts), NA or N/A: not applicable.\n"
    "++ : high alarm, +  : high warning, -  : low warning, -- : low alarm.\n"
    "A2D readouts (if they differ), are reported in parentheses.\n"
    "The threshold values are calibrated.\n"
)
SECTIONS = (
    ("Temperature", "(Celsius)", "temperature_c", "temperature"),
    ("Voltage", "(Volts)", "voltage_v", "voltage"),
    ("Current", "(mA)", "tx_bias_ma", "bias"),
    ("Tx Power", "(dBm)", "tx_power_dbm", "tx"),
    ("Rx Power", "(dBm)", "rx_power_dbm", "rx"),
)


def show_transceiver_detail(state: DeviceState) -> str:
    """``show interfaces transceiver detail``: readings with the module's thresholds."""
    rows = transceiver_rows(state)
    out = [DETAIL_HEADER]
    for title, unit, attribute, key in SECTIONS:
        out.append(
            "                         High Alarm  High Warn   Low Alarm   Low Warn    \n"
            f"{'':11}{title:<14}{'Threshold':<12}{'Threshold':<12}{'Threshold':<12}"
            f"{'Threshold':<12}\n"
            f"{'Port':<11}{unit:<14}{unit:<12}{unit:<12}{unit:<12}{unit:<12}\n"
            "-------    ------------  ----------  ----------  ----------  ----------  \n"
        )
        for row in rows:
            levels = getattr(row["module"].thresholds, attribute)
            value = row[key]
            out.append(
                f"{short_name(row['name']):<11}{_fmt(value):<14}"
                f"{levels.high_alarm:<12.2f}{levels.high_warning:<12.2f}"
                f"{levels.low_alarm:<12.2f}{levels.low_warning:<12.2f}\n"
            )
    return "".join(out)


def show_dom_thresholds_json(state: DeviceState) -> dict[str, Any]:
    """``show interfaces transceiver dom thresholds | json``, per parent port (ANTA's shape)."""
    interfaces: dict[str, Any] = {}
    for parent, module in state.modules.items():
        if module is None:
            interfaces[parent] = {"displayName": parent}
            continue
        channels = dom_channels(parent, module)
        parameters: dict[str, Any] = {}
        units = {"temperature": "C", "voltage": "V", "txBias": "mA"}
        for name, attribute, lane_attribute in (
            ("temperature", "temperature_c", None),
            ("voltage", "voltage_v", None),
            ("txBias", "tx_bias_ma", "tx_bias_ma"),
            ("txPower", "tx_power_dbm", "tx_power_dbm"),
            ("rxPower", "rx_power_dbm", "rx_power_dbm"),
        ):
            levels = getattr(module.thresholds, attribute)
            if lane_attribute is None:
                values = {"-": getattr(module, attribute)}
            else:
                values = {}
                for _, number in channels:
                    reading = getattr(module.lane(number), lane_attribute)
                    floor = NO_LIGHT_DBM if lane_attribute != "tx_bias_ma" else 0.0
                    values[str(number)] = reading if reading is not None else floor
            parameters[name] = {
                "unit": units.get(name, "dBm"),
                "channels": values,
                "threshold": {
                    "highAlarm": levels.high_alarm,
                    "highWarn": levels.high_warning,
                    "lowAlarm": levels.low_alarm,
                    "lowWarn": levels.low_warning,
                },
            }
        interfaces[parent] = {
            "displayName": parent,
            "vendorSn": module.serial,
            "mediaType": module.optic,
            "parameters": parameters,
        }
    return {"interfaces": interfaces}


def show_transceiver_hardware(state: DeviceState) -> str:
    """``show interfaces transceiver hardware``: one block per cage."""
    blocks = []
    for parent, module in state.modules.items():
        if module is None:
            blocks.append(
                f"Name: {parent}\nModule presence: not detected\nMaximum slot power (W): N/A\n"
            )
            continue
        text = (
            f"Name: {parent}\nMedia type: {module.optic}\n"
            f"Maximum module power (W): {_max_power(module)}\n"
            "Maximum slot power (W): N/A\n"
        )
        if module.wavelength_nm:
            text += f"Wavelength (nm): {module.wavelength_nm:g}\n"
        blocks.append(text)
    return "\n".join(blocks)


# ---------------------------------------------------------------- interfaces


def lane_rows(state: DeviceState) -> list[tuple[str, str, InterfaceConfig | None]]:
    """Every lane interface of every cage: (name, cage, config; None when inactive)."""
    rows = []
    for parent in state.breakouts:
        for lane in range(1, cage_lanes(state, parent) + 1):
            name = lane_name(parent, lane)
            rows.append((name, parent, state.interfaces.get(name)))
    return rows


def active_names(state: DeviceState) -> list[str]:
    """The active interfaces, in cage and lane order."""
    return [name for name, _, config in lane_rows(state) if config is not None]


def show_interfaces_status(state: DeviceState) -> str:
    """``show interfaces status``."""
    out = ["Port       Name                   Status       Vlan        Duplex  Speed Type\n"]
    for name, parent, config in lane_rows(state):
        module = state.modules.get(parent)
        media = module.optic if module else "Not Present"
        if config is None:
            status, duplex, speed, description = "inactive", "unconf", "unconf", ""
        else:
            status = link_status(state, name)[0]
            duplex = "full"
            speed = effective_speed(state, name)
            if not config.speed:
                duplex, speed = "a-full", f"a-{speed}"
            description = config.description[:22]
        out.append(
            f"{short_name(name):<11}{description:<23}{status:<13}{'routed':<12}"
            f"{duplex:<7}{speed:>6} {media}\n"
        )
    return "".join(out)


def show_interfaces_status_json(state: DeviceState) -> dict[str, Any]:
    """``show interfaces status | json``."""
    statuses: dict[str, Any] = {}
    for name, parent, config in lane_rows(state):
        module = state.modules.get(parent)
        if config is None:
            statuses[name] = {"linkStatus": "inactive", "description": "", "bandwidth": 0}
            continue
        statuses[name] = {
            "linkStatus": link_status(state, name)[0],
            "description": config.description,
            "bandwidth": bps(effective_speed(state, name)),
            "interfaceType": module.optic if module else "Not Present",
            "duplex": "duplexFull",
            "autoNegotiateActive": False,
            "vlanInformation": {"interfaceForwardingModel": "routed", "interfaceMode": "routed"},
        }
    return {"interfaceStatuses": statuses}


def show_interfaces_json(state: DeviceState) -> dict[str, Any]:
    """``show interfaces | json`` (what napalm's get_facts and get_interfaces read)."""
    mac = state.mac
    interfaces: dict[str, Any] = {}
    changed = round(state.boot_time + 60, 3)
    for name in active_names(state):
        config = state.interfaces[name]
        status, protocol = link_status(state, name)
        interfaces[name] = {
            "name": name,
            "forwardingModel": "routed",
            "lineProtocolStatus": protocol,
            "interfaceStatus": status,
            "hardware": "ethernet",
            "interfaceAddress": [],
            "physicalAddress": mac,
            "burnedInAddress": mac,
            "description": config.description,
            "bandwidth": bps(effective_speed(state, name)),
            "mtu": MTU,
            "l3MtuConfigured": False,
            "l2Mru": 0,
            "lastStatusChangeTimestamp": round(state.last_change(name), 3),
            "duplex": "duplexFull",
            "autoNegotiate": "off",
            "loopbackMode": "loopbackNone",
            "interfaceCounters": {
                "inOctets": 0,
                "outOctets": 0,
                "inUcastPkts": 0,
                "outUcastPkts": 0,
                "inMulticastPkts": 0,
                "outMulticastPkts": 0,
                "inBroadcastPkts": 0,
                "outBroadcastPkts": 0,
                "inDiscards": 0,
                "outDiscards": 0,
                "totalInErrors": 0,
                "totalOutErrors": 0,
                "linkStatusChanges": state.link_changes(name),
            },
        }
    interfaces["Management1"] = {
        "name": "Management1",
        "forwardingModel": "routed",
        "lineProtocolStatus": "up",
        "interfaceStatus": "connected",
        "hardware": "ethernet",
        "interfaceAddress": [],
        "physicalAddress": mac,
        "burnedInAddress": mac,
        "description": "",
        "bandwidth": GBPS,
        "mtu": 1500,
        "l3MtuConfigured": False,
        "l2Mru": 0,
        "lastStatusChangeTimestamp": changed,
        "duplex": "duplexFull",
        "autoNegotiate": "success",
        "loopbackMode": "loopbackNone",
        "interfaceCounters": {},
    }
    return {"interfaces": interfaces}


def show_interfaces(state: DeviceState, only: str | None = None) -> str:
    """``show interfaces [name]`` as text."""
    mac = _mac_dotted(state.mac)
    blocks = []
    for name in active_names(state):
        config = state.interfaces[name]
        if only is not None and name != only:
            continue
        status, protocol = link_status(state, name)
        head = {
            "connected": f"{name} is up, line protocol is up (connected)",
            "disabled": f"{name} is administratively down, line protocol is down (disabled)",
        }.get(status, f"{name} is down, line protocol is {protocol} (notconnect)")
        speed = effective_speed(state, name)
        text = f"{head}\n  Hardware is Ethernet, address is {mac} (bia {mac})\n"
        if config.description:
            text += f"  Description: {config.description}\n"
        text += (
            f"  Ethernet MTU {MTU} bytes, BW {bps(speed) // 1000} kbit\n"
            f"  Full-duplex, {speed.removesuffix('G')}Gb/s, auto negotiation: off, uplink: off\n"
            "  Loopback Mode : None\n"
            f"  {state.link_changes(name)} link status changes since last clear\n"
        )
        blocks.append(text)
    return "".join(blocks)


# ---------------------------------------------------------------- system


def show_version_json(state: DeviceState) -> dict[str, Any]:
    """``show version | json``."""
    now = time.time()
    return {
        "mfgName": "Arista",
        "modelName": state.model.name,
        "hardwareRevision": "11.00",
        "serialNumber": state.serial,
        "systemMacAddress": state.mac,
        "hwMacAddress": state.mac,
        "configMacAddress": "00:00:00:00:00:00",
        "version": state.version,
        "architecture": "x86_64",
        "internalVersion": f"{state.version}-34396014.{state.version.replace('.', '')}",
        "internalBuildId": "5d6bd8b6-2b4c-4bcb-93d2-1b9f5f9a2a31",
        "imageFormatVersion": "3.0",
        "imageOptimization": "Default",
        "kernelVersion": "5.10.165-1.el7.x86_64",
        "bootupTimestamp": state.boot_time,
        "uptime": round(now - state.boot_time, 2),
        "memTotal": 32698316,
        "memFree": 27654204,
        "isIntlVersion": False,
    }


def _uptime(seconds: float) -> str:
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days} days, {hours} hours and {minutes} minutes"


def show_version(state: DeviceState) -> str:
    """``show version``."""
    data = show_version_json(state)
    mac = _mac_dotted(state.mac)
    return (
        f"Arista {state.model.name}\n"
        f"Hardware version: {data['hardwareRevision']}\n"
        f"Serial number: {state.serial}\n"
        f"Hardware MAC address: {mac}\n"
        f"System MAC address: {mac}\n"
        "\n"
        f"Software image version: {state.version}\n"
        "Architecture: x86_64\n"
        f"Internal build version: {data['internalVersion']}\n"
        f"Internal build ID: {data['internalBuildId']}\n"
        "Image format version: 3.0\n"
        "Image optimization: Default\n"
        "\n"
        f"Uptime: {_uptime(data['uptime'])}\n"
        f"Total memory: {data['memTotal']} kB\n"
        f"Free memory: {data['memFree']} kB\n"
    )


def show_hostname(state: DeviceState) -> str:
    """``show hostname``."""
    return f"Hostname: {state.hostname}\nFQDN:     {state.hostname}\n"


SYSTEM = {
    "DCS-7060X6-64PE": ("64x800GbE OSFP & 2xSFP Ethernet Switch", "FAN-7021H-RED", 1),
}
"""What a real switch of the model prints in ``show inventory``: its description, fan model and
fans per module (the DCS-7060X6-64PE from R32, an ntc-templates capture); other models print
the catalogue's description with the lab's generic fans."""


def _system(state: DeviceState) -> tuple[str, str, int]:
    return SYSTEM.get(state.model.name, (state.model.description, "FAN-7002H-RED", 2))


def show_inventory(state: DeviceState) -> str:
    """``show inventory``."""
    cages = list(state.modules.items())
    description, fan, fans = _system(state)
    out = [
        "System information\n",
        "  Model                    Description\n",
        "  ------------------------ ----------------------------------------------------\n",
        f"  {state.model.name:<24} {description}\n",
        "\n",
        "  HW Version  Serial Number  Mfg Date    Epoch\n",
        "  ----------- -------------- ----------- -----\n",
        f"  {'11.00':<11} {state.serial:<14} 2023-03-14  01.00\n",
        "\n",
        "System has 2 power supply slots\n",
        "  Slot Model            Serial Number\n",
        "  ---- ---------------- ----------------\n",
        f"  1    PWR-2421-HV-RED  HV{state.serial[3:]}\n",
        f"  2    PWR-2421-HV-RED  HW{state.serial[3:]}\n",
        "\n",
        "System has 4 fan modules\n",
        "  Module  Number of Fans  Model            Serial Number\n",
        "  ------- --------------- ---------------- ----------------\n",
        *(f"  {n:<7} {fans:<15} {fan:<16} N/A\n" for n in range(1, 5)),
        "\n",
        f"System has {len(cages) + 1} ports\n",
        "  Type             Count\n",
        "  ---------------- ----\n",
        f"  {'Management':<16} 1\n",
        f"  {'Switched':<16} {len(cages)}\n",
        "\n",
        f"System has {len(cages)} transceiver slots\n",
        "  Port Manufacturer     Model            Serial Number    Rev\n",
        "  ---- ---------------- ---------------- ---------------- ----\n",
    ]
    for parent, module in cages:
        number = parent.removeprefix("Ethernet").split("/", 1)[0]
        if module is None:
            out.append(f"  {number:<4} Not Present\n")
        else:
            out.append(
                f"  {number:<4} {module.vendor:<16} {module.part_number:<16} "
                f"{module.serial:<16} {module.revision}\n"
            )
    return "".join(out)


def show_inventory_json(state: DeviceState) -> dict[str, Any]:
    """``show inventory | json`` (system and transceiver slots)."""
    slots: dict[str, Any] = {}
    for parent, module in state.modules.items():
        number = parent.removeprefix("Ethernet").split("/", 1)[0]
        slots[number] = (
            {"mfgName": "Not Present", "modelName": "", "serialNum": "", "hardwareRev": ""}
            if module is None
            else {
                "mfgName": module.vendor,
                "modelName": module.part_number,
                "serialNum": module.serial,
                "hardwareRev": module.revision,
            }
        )
    return {
        "systemInformation": {
            "name": state.model.name,
            "description": _system(state)[0],
            "serialNum": state.serial,
            "hardwareRev": "11.00",
            "mfgDate": "2023-03-14",
        },
        "xcvrSlots": slots,
    }


def show_lldp_neighbors(state: DeviceState) -> str:
    """``show lldp neighbors``."""
    out = [
        "Last table change time   : 0:05:12 ago\n",
        f"Number of table inserts  : {len(state.lldp)}\n",
        "Number of table deletes  : 0\n",
        "Number of table drops    : 0\n",
        "Number of table age-outs : 0\n",
        "\n",
        "Port          Neighbor Device ID       Neighbor Port ID    TTL\n",
        "------------- ------------------------ ------------------- ---\n",
    ]
    for name in active_names(state):
        neighbor = state.lldp.get(name)
        if neighbor is not None:
            out.append(f"{short_name(name):<13} {neighbor.system:<24} {neighbor.port:<19} 120\n")
    return "".join(out)


def show_lldp_neighbors_json(state: DeviceState) -> dict[str, Any]:
    """``show lldp neighbors | json``."""
    return {
        "tablesLastChangeTime": state.boot_time,
        "tablesAgeOuts": 0,
        "tablesInserts": len(state.lldp),
        "tablesDeletes": 0,
        "tablesDrops": 0,
        "lldpNeighbors": [
            {
                "port": name,
                "neighborDevice": state.lldp[name].system,
                "neighborPort": state.lldp[name].port,
                "ttl": 120,
            }
            for name in active_names(state)
            if name in state.lldp
        ],
    }


# ---------------------------------------------------------------- configuration


def _speed_line(state: DeviceState, name: str, config: InterfaceConfig) -> str | None:
    catalog = load_catalog()
    located = state.parent_of(name)
    mode = state.breakouts[located[0]] if located else Breakout.NONE
    speed = config.speed or breakout_leg_speed(mode)
    if speed is None:
        return None
    cage = state.cage(located[0]) if located else None
    lanes = catalog.interface_lanes(cage.range.cage, mode) if cage else None
    keyword = catalog.keyword("arista_eos", "speed", speed, lanes=lanes)
    return keyword.keyword if keyword is not None else None


def _fec_line(config: InterfaceConfig) -> str | None:
    if config.fec is None:
        return None
    return load_catalog().platforms["arista_eos"].fec[config.fec].keyword


def interface_block(state: DeviceState, name: str) -> list[str]:
    """The running-config lines of one active interface."""
    config = state.interfaces[name]
    lines = [f"interface {name}"]
    if config.description:
        lines.append(f"   description {config.description}")
    if not config.admin_up:
        lines.append("   shutdown")
    speed = _speed_line(state, name, config)
    if speed:
        lines.append(f"   {speed}")
    fec = _fec_line(config)
    if fec:
        lines.append(f"   {fec}")
    return [*lines, "!"]


def running_config(state: DeviceState, command: str = "show running-config") -> str:
    """The running config, rendered from state (so equal config renders byte-identically)."""
    lines = [
        f"! Command: {command}",
        f"! device: {state.hostname} ({state.model.name}, EOS-{state.version})",
        "!",
        f"! boot system flash:/EOS-{state.version}.swi",
        "!",
        STATIC_CONFIG[0],
        "!",
        STATIC_CONFIG[1],
        "!",
        STATIC_CONFIG[2],
        "!",
        f"hostname {state.hostname}",
        "!",
        STATIC_CONFIG[3],
        "!",
        *MANAGEMENT_CONFIG,
        "!",
    ]
    for name, _, config in lane_rows(state):
        if config is not None:
            lines.extend(interface_block(state, name))
    lines.extend(["interface Management1", "!", STATIC_CONFIG[4], "!", "end"])
    return "\n".join(lines) + "\n"


def session_diff(running: str, candidate: str, session: str) -> str:
    """``show session-config named <s> diffs``: a unified diff, EOS file names."""
    diff = difflib.unified_diff(
        running.splitlines(),
        candidate.splitlines(),
        fromfile="system:/running-config",
        tofile=f"session:/{session}-session-config",
        lineterm="",
    )
    text = "\n".join(diff)
    return text + "\n" if text else ""


def snapshot_view(state: DeviceState, snapshot: ConfigSnapshot) -> DeviceState:
    """A throw-away copy of ``state`` holding another config (for sessions and startup)."""
    view = copy.copy(state)
    view.restore(snapshot)
    return view
