"""What an IOS-XR router (Cisco 8000) prints, rendered from the lab's device state.

Layouts follow real captures: ``show controllers optics *`` (genieparser's
ShowControllersOptics golden_output4, an all-ports 400G output: ``Port:`` blocks split by dashes,
the lane table counted from 0, ``-40.00 dBm`` where there is no light, the THRESHOLD VALUES
table, Transceiver Vendor Details), ``show inventory`` (ntc-templates' Cisco 8202-32FH-M
capture), ``show lldp neighbors detail`` (ntc-templates' capture of the same router) and
``show ipv4 interface brief`` (ntc-templates' ``show ip interface brief`` and the xrdocs
NC57-48Q2D post). Every show command starts with the time stamp line IOS-XR prints. IOS-XR
writes interface types short (``FourHundredGigE``, ``HundredGigE``); the state keeps the
canonical names.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from nornir_optics.models import Breakout, Fec
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from nornir_optics.catalog import Catalog
    from nornir_optics.lab.state import ConfigSnapshot, DeviceState, Levels, Module

SHORT = {
    "FourHundredGigabitEthernet": "FourHundredGigE",
    "HundredGigabitEthernet": "HundredGigE",
}
"""The state's (canonical) interface types -> the words IOS-XR prints and takes."""
_LOCATION = re.compile(r"(\d+/\d+/\d+/\d+)(?:/\d+)?$")
RULE = "-----------------------------------------------"
MGMT = "MgmtEth0/RP0/CPU0/0"


def xr(name: str) -> str:
    """An interface name as IOS-XR prints it (``FourHundredGigE0/0/0/1``)."""
    for long, short in SHORT.items():
        if name.startswith(long):
            return short + name.removeprefix(long)
    return name


def location(name: str) -> str:
    """The ``R/S/I/P`` of a cage or interface name (empty when it has none)."""
    found = _LOCATION.search(name)
    return found.group(1) if found else ""


def stamp(now: float | None = None) -> str:
    """The time stamp line IOS-XR prints above every show command's output."""
    moment = time.gmtime(time.time() if now is None else now)
    millis = int(((time.time() if now is None else now) % 1) * 1000)
    return time.strftime("%a %b %d %H:%M:%S", moment) + f".{millis:03d} UTC"


def version(device: DeviceState) -> str:
    """``show version`` (first lines, as IOS-XR 7 prints them)."""
    return (
        f"Cisco IOS XR Software, Version {device.version}\n"
        "Copyright (c) 2013-2023 by Cisco Systems, Inc.\n\n"
        "Build Information:\n Built By     : ingunawa\n\n"
        f"cisco {device.model.name} (Cisco 8000 Series) processor\n"
        f"System uptime is {max(int(time.time() - device.boot_time), 0) // 60} minutes\n"
    )


def _descr(module: Module) -> str:
    form = "QSFPDD" if module.form_factor.startswith("QSFP-DD") else module.form_factor
    speed, _, kind = module.optic.partition("BASE-")
    speed = speed.rstrip("G") + "G" if speed else ""
    vendor = "Cisco" if module.vendor.upper().startswith("CISCO") else "Non-Cisco"
    return f"{vendor} {form} {speed} {kind or module.optic} Pluggable Optics Module"


def inventory(device: DeviceState) -> str:
    """``show inventory``: the chassis, then one entry per plugged module."""
    chassis = (
        f'NAME: "Rack 0", DESCR: "{device.model.description}"\n'
        f"PID: {device.model.name:<18}, VID: V01, SN: {device.serial}\n"
    )
    blocks = [chassis]
    for cage in sorted(device.modules, key=natural_key):
        module = device.modules[cage]
        if module is None:
            continue
        name = _inventory_name(device, cage)
        blocks.append(
            f'NAME: "{name}", DESCR: "{_descr(module)}"\n'
            f"PID: {module.part_number:<18}, VID: V01 , SN: {module.serial}\n"
        )
    return "\n".join(blocks)


def _inventory_name(device: DeviceState, cage: str) -> str:
    """The module's entry name: its cage's 400G interface, broken out or not (UNVERIFIED)."""
    del device
    return xr(cage)


def _lanes(module: Module) -> list[str]:
    rows = ["\t Lane  Laser Bias    TX Power    RX Power  Output Frequency"]
    rows.append("\t ----  ----------  ----------  ----------  ----------------")
    for lane in module.lanes:
        bias = lane.tx_bias_ma if lane.tx_bias_ma is not None else 0.0
        tx = lane.tx_power_dbm if lane.tx_power_dbm is not None else -40.0
        rx = lane.rx_power_dbm if lane.rx_power_dbm is not None else -40.0
        rows.append(
            f"\t   {lane.number - 1}  {bias:>8.1f} mA  {tx:>6.2f} dBm  {rx:>6.2f} dBm       N/A"
        )
    return rows


def _mw(dbm: float) -> float:
    return 10 ** (dbm / 10)


def _threshold_rows(module: Module) -> list[str]:
    t = module.thresholds

    def row(label: str, levels: Levels, digits: int, convert: bool = False) -> str:
        values = [levels.high_alarm, levels.low_alarm, levels.high_warning, levels.low_warning]
        if convert:
            values = [_mw(v) for v in values]
        cells = "".join(f"{v:>12.{digits}f}" for v in values)
        return f"\t {label:<25}{cells}".rstrip()

    return [
        "\t THRESHOLD VALUES",
        "\t ----------------",
        "",
        "\t Parameter                 High Alarm  Low Alarm  High Warning  Low Warning",
        "\t ------------------------  ----------  ---------  ------------  -----------",
        row("Rx Power Threshold(dBm)", t.rx_power_dbm, 1),
        row("Rx Power Threshold(mW)", t.rx_power_dbm, 1, convert=True),
        row("Tx Power Threshold(dBm)", t.tx_power_dbm, 1),
        row("Tx Power Threshold(mW)", t.tx_power_dbm, 1, convert=True),
        row("LBC Threshold(mA)", t.tx_bias_ma, 2),
        row("Temp. Threshold(celsius)", t.temperature_c, 2),
        row("Voltage Threshold(volt)", t.voltage_v, 2),
    ]


def _absent(where: str) -> list[str]:
    return [
        f" Port:    Optics{where}",
        "",
        " Controller State: Down",
        "",
        " Transport Admin State: In Service",
        "",
        " Laser State: Off",
        "",
        " Host Squelch Status: Enable",
        "",
        " Media linkdown preFEC degrade : Disabled",
        "",
        "\t Optics not present",
        "\t Optics Type: Unavailable",
        (
            "\t DWDM Carrier Info: Unavailable, MSA ITU Channel= Unavailable, Frequency= "
            "Unavailable , Wavelength= Unavailable"
        ),
        "\t TX Power = Unavailable",
        "\t RX Power = Unavailable",
    ]


def _optics_type(module: Module) -> str:
    form = "QSFPDD" if module.form_factor.startswith("QSFP-DD") else module.form_factor
    speed, _, kind = module.optic.partition("BASE-")
    return f"{form} {speed} {kind or module.optic}".strip()


def _present(device: DeviceState, cage: str, module: Module, catalog: Catalog) -> list[str]:
    where = location(cage)
    names = device.children(cage)
    up = any(device.oper.get(name) is not None and device.oper[name].up for name in names)
    laser = module.tx_enabled and any(lane.tx_power_dbm is not None for lane in module.lanes)
    fec = _fec_state(device, names, module, catalog)
    dark = [lane for lane in module.lanes if lane.used and lane.rx_power_dbm is None]
    used = [lane for lane in module.lanes if lane.used]
    los = "RX-LOS" if used and len(dark) == len(used) else ""
    wavelength = module.wavelength_nm or 0.0
    return [
        f" Port:    Optics{where}",
        "",
        f" Controller State: {'Up' if up else 'Down'}",
        "",
        " Transport Admin State: In Service",
        "",
        f" Laser State: {'On' if laser else 'Off'}",
        "",
        " Host Squelch Status: Enable",
        "",
        " Media linkdown preFEC degrade : Disabled",
        "",
        " LED State: " + ("Green" if up else "Off"),
        "",
        f" FEC State: FEC {'ENABLED' if fec else 'DISABLED'}",
        "",
        " Power Mode: High",
        "",
        " Dom Data Status: Ready",
        "",
        " Optics Status",
        "",
        f"\t Optics Type:  {_optics_type(module)}",
        f"\t Wavelength = {wavelength:.2f} nm",
        "\t Loopback Host : None",
        "\t Loopback Media : None",
        "",
        "\t Alarm Status:",
        "\t -------------",
        "\t Detected Alarms: None",
        "",
        "\t LOS/LOL/Fault Status:",
        f"\t Detected LOS/LOL/FAULT: {los}".rstrip(),
        "",
        "\t Performance Monitoring: Disable",
        "",
        *_threshold_rows(module),
        "",
        "\t Polarization parameters not supported by optics",
        "",
        *_lanes(module),
        "",
        f"\t Temperature = {module.temperature_c:.2f} Celsius",
        f"\t Voltage = {module.voltage_v:.2f} V",
        "",
        " Transceiver Vendor Details",
        "",
        f"\t Form Factor \t\t: {module.form_factor}",
        f"\t Optics type \t\t: {_optics_type(module)}",
        f"\t Name \t\t\t: {module.vendor}",
        "\t OUI Number \t\t: 44.7c.7f",
        f"\t Part Number \t\t: {module.part_number}",
        f"\t Rev Number \t\t: {module.revision}",
        f"\t Serial Number \t\t: {module.serial}",
        f"\t PID \t\t\t: {module.part_number}",
        "\t VID \t\t\t: V01",
        f"\t Hardware Version \t: {module.firmware}",
        "\t Date Code(yy/mm/dd) \t: 23/04/12",
        "",
    ]


def _fec_state(device: DeviceState, names: list[str], module: Module, catalog: Catalog) -> bool:
    optic = catalog.optic(module.optic)
    for name in names:
        config = device.interfaces.get(name)
        fec = config.fec if config and config.fec else catalog.default_fec(device.platform, optic)
        if fec not in {None, Fec.NONE}:
            return True
    return False


def optics(device: DeviceState, catalog: Catalog, cages: list[str]) -> str:
    """``show controllers optics *`` (every cage) or one cage (no ``Port:`` header then)."""
    blocks = []
    for cage in cages:
        module = device.modules.get(cage)
        lines = (
            _present(device, cage, module, catalog)
            if module is not None
            else _absent(location(cage))
        )
        blocks.append("\n".join(lines))
    if len(cages) == 1:
        return blocks[0].split("\n", 1)[1] + "\n"
    return ("\n" + RULE + "\n").join(blocks) + "\n"


def ipv4_brief(device: DeviceState) -> str:
    """``show ipv4 interface brief``: every interface, its state and its protocol."""
    lines = ["", "Interface                      IP-Address      Status          Protocol Vrf-Name"]
    for name in sorted(device.interfaces, key=natural_key):
        config = device.interfaces[name]
        oper = device.oper.get(name)
        up = bool(oper and oper.up)
        status = "Shutdown" if not config.admin_up else ("Up" if up else "Down")
        protocol = "Up" if up else "Down"
        lines.append(f"{xr(name):<31}{'unassigned':<16}{status:<16}{protocol:<9}default")
    lines.append(f"{MGMT:<31}{'192.0.2.10':<16}{'Up':<16}{'Up':<9}default")
    return "\n".join(lines) + "\n"


def running_config(
    device: DeviceState,
    catalog: Catalog,
    config: ConfigSnapshot,
    *,
    changed: str,
    only: str | None = None,
) -> str:
    """``show running-config``: hostname, interfaces with config, controllers with a breakout."""
    platform = catalog.platforms[device.platform]
    fec_words = {fec: entry.keyword for fec, entry in platform.fec.items() if entry.keyword}
    breakout_words = {m: k.keyword for m, k in platform.breakout.items() if k.keyword}
    sections: list[str] = []
    for name in sorted(config.interfaces, key=natural_key):
        settings = config.interfaces[name]
        body = []
        if settings.description:
            body.append(f" description {settings.description}")
        if settings.fec is not None and settings.fec in fec_words:
            body.append(f" {fec_words[settings.fec]}")
        if not settings.admin_up:
            body.append(" shutdown")
        if body and only in {None, name}:
            sections.append("\n".join([f"interface {xr(name)}", *body, "!"]))
    for cage in sorted(config.breakouts, key=natural_key):
        mode = config.breakouts[cage]
        if mode is not Breakout.NONE and only is None and mode in breakout_words:
            sections.append(f"controller Optics{location(cage)}\n {breakout_words[mode]}\n!")
    if only is not None:
        return "\n".join(sections) + "\n" if sections else "% No such configuration item(s)\n"
    head = [
        "Building configuration...",
        f"!! IOS XR Configuration {device.version}",
        f"!! Last configuration change at {changed} by admin",
        "!",
        f"hostname {config.hostname}",
    ]
    return "\n".join([*head, *sections, "end"]) + "\n"


def lldp_detail(device: DeviceState, devices: dict[str, DeviceState]) -> str:
    """``show lldp neighbors detail`` (the 8202-32FH-M capture's layout)."""
    out = [
        "Capability codes:",
        "        (R) Router, (B) Bridge, (T) Telephone, (C) DOCSIS Cable Device",
        "        (W) WLAN Access Point, (P) Repeater, (S) Station, (O) Other",
        "",
    ]
    for name in sorted(device.lldp, key=natural_key):
        neighbor = device.lldp[name]
        far = next((d for d in devices.values() if d.hostname == neighbor.system), None)
        out += [
            "------------------------------------------------",
            f"Local Interface: {xr(name)}",
            f"Chassis id: {far.mac if far else '0000.0000.0000'}",
            f"Port id: {neighbor.port}",
            f"Port Description: {neighbor.port}",
            f"System Name: {neighbor.system}",
            "",
            "System Description:",
            f"{far.platform if far else 'unknown'} {far.version if far else ''}".rstrip(),
            "",
            "Time remaining: 98 seconds",
            "Hold Time: 120 seconds",
            "Age: 3600 seconds",
            "System Capabilities: B,R",
            "Enabled Capabilities: R",
            "Management Addresses:",
            "  IPv4 address: 192.0.2.20",
            "",
            "Peer MAC Address: 00:00:5e:00:53:01",
            "",
            "",
        ]
    out.append(f"Total entries displayed: {len(device.lldp)}")
    return "\n".join(out) + "\n"


def commit_list(commits: list[tuple[int, str]]) -> str:
    """``show configuration commit list``: newest first."""
    lines = [
        "SNo. Label/ID              User      Line                Client      Time Stamp",
        "~~~~ ~~~~~~~~              ~~~~      ~~~~                ~~~~~~      ~~~~~~~~~~",
    ]
    for number, (commit_id, when) in enumerate(reversed(commits), start=1):
        lines.append(
            f"{number:<4} {commit_id:<21} admin     vty0:node0_RP0_CPU0 CLI         {when}"
        )
    return "\n".join(lines) + "\n"
