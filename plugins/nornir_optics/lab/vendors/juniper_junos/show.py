"""Junos show commands rendered from device state: CLI text and the XML of the same RPCs.

Real layouts matched (shared/fixtures/real/juniper_junos):
- ``show interfaces diagnostics optics``: genieparser golden_output_2 (``genie_et_multilane.raw``,
  per-lane ``Lane N`` blocks of an et- port) for text; napalm ``test_get_optics/normal``
  (``napalm_normal.xml``) for the element names and number formats of the XML.
- ``show chassis hardware``: ntc-templates ``juniper_junos_show_chassis_hardware3.raw`` and
  genieparser golden_output_1 (column layout, ``Xcvr N`` rows under ``PIC``).
Inferred (no real capture of the platform at hand): the QFX5220 chassis rows, ``show version`` of
Junos OS Evolved (a public lab output shows ``Model: qfx5220-32cd`` / ``Junos: 19.4R1.9-EVO``),
``show interfaces terse`` and ``show lldp neighbors`` columns (ntc-templates' templates), the
``Ethernet FEC Mode`` line of ``show interfaces`` (ACX7100 EVO capture: FEC119 / FEC91 / NONE),
and that a breakout leg lists only the lanes it carries.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from lxml import etree

from nornir_optics.catalog import load_catalog
from nornir_optics.models import Breakout, Fec
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from nornir_optics.lab.scenario import Lab
    from nornir_optics.lab.state import DeviceState, Levels, Module

JUNOS_NS = "http://xml.juniper.net/junos/23.2R1.14-EVO/junos"
NSMAP = {"junos": JUNOS_NS}
DARK_XML_DBM = "-40.00"
LABEL_WIDTH = 42
LASER_TEMP_OFFSET_C = -2.0
LASER_TEMP_LEVELS = (75.0, 0.0, 70.0, 5.0)


def fec_mode(fec: Fec | None) -> str:
    """The ``Ethernet FEC Mode`` word for the FEC a port runs (catalogue: the first listed)."""
    shown = load_catalog().platforms["juniper_junos"].fec_shown
    words = shown.words if shown else {}
    return next((word for word, code in words.items() if code is fec), "NONE")


def sub(parent: etree._Element, tag: str, text: str | None = None, **attrib: str) -> etree._Element:
    """Append a child element with optional text and ``junos:`` attributes."""
    element = etree.SubElement(parent, tag)
    for key, value in attrib.items():
        element.set(f"{{{JUNOS_NS}}}{key}", value)
    if text is not None:
        element.text = text
    return element


def element(tag: str, **attrib: str) -> etree._Element:
    """A new root element carrying the ``junos`` namespace."""
    root = etree.Element(tag, nsmap=NSMAP)
    for key, value in attrib.items():
        root.set(f"{{{JUNOS_NS}}}{key}", value)
    return root


def _mw(dbm: float | None, digits: int) -> str:
    return f"{0.0:.{digits}f}" if dbm is None else f"{10 ** (dbm / 10):.{digits}f}"


def _power(dbm: float | None, digits: int) -> str:
    """``1.348 mW / 1.30 dBm``; no light reads ``0.000 mW / - Inf dBm``."""
    if dbm is None:
        return f"{_mw(None, digits)} mW / - Inf dBm"
    return f"{_mw(dbm, digits)} mW / {dbm:.2f} dBm"


def _temperature(celsius: float) -> str:
    fahrenheit = celsius * 9 / 5 + 32
    return f"{round(celsius)} degrees C / {round(fahrenheit)} degrees F"


def _flag(on: bool) -> str:
    return "On" if on else "Off"


def _checks(value: float | None, levels: Levels) -> tuple[bool, bool, bool, bool]:
    """High alarm, low alarm, high warning, low warning (Junos' order) for one reading."""
    if value is None:
        return (False, True, False, True)
    return (
        value >= levels.high_alarm,
        value <= levels.low_alarm,
        value >= levels.high_warning,
        value <= levels.low_warning,
    )


def optics_interfaces(state: DeviceState, name: str | None) -> list[tuple[str, Module, list[int]]]:
    """Interfaces with a module, each with the media lanes (1-based) it reports."""
    rows: list[tuple[str, Module, list[int]]] = []
    for cage, module in state.modules.items():
        if module is None:
            continue
        mode = state.breakouts.get(cage, Breakout.NONE)
        names = state.children(cage, mode)
        used = [lane.number for lane in module.lanes if lane.used]
        for index, interface in enumerate(names):
            if name is not None and interface != name:
                continue
            if mode is Breakout.NONE:
                lanes = used
            else:
                share = max(len(used) // len(names), 1)
                lanes = [n for n in used if min((n - 1) // share, len(names) - 1) == index]
            rows.append((interface, module, lanes))
    return sorted(rows, key=lambda row: natural_key(row[0]))


def _line(label: str, value: str, indent: str = "    ") -> str:
    return f"{indent}{label:<{LABEL_WIDTH}}:  {value}\n"


def optics_text(state: DeviceState, name: str | None = None) -> str:
    """``show interfaces diagnostics optics [<if>]`` (multi-lane layout of et- ports)."""
    blocks = [
        _optics_block(interface, module, lanes)
        for interface, module, lanes in optics_interfaces(state, name)
    ]
    return "\n".join(blocks)


def _optics_block(interface: str, module: Module, lanes: list[int]) -> str:
    th = module.thresholds
    temp = _checks(module.temperature_c, th.temperature_c)
    volt = _checks(module.voltage_v, th.voltage_v)
    out = [f"Physical interface: {interface}\n"]
    out.append(_line("Module temperature", _temperature(module.temperature_c), ""))
    out.append(_line("Module voltage", f"{module.voltage_v:.4f} V", ""))
    for label, flag in zip(_ALARM_LABELS, temp, strict=True):
        out.append(_line(f"Module temperature {label}", _flag(flag), ""))
    for label, flag in zip(_ALARM_LABELS, volt, strict=True):
        out.append(_line(f"Module voltage {label}", _flag(flag), ""))
    for label in _MODULE_FLAGS:
        on = label == "Tx laser disabled alarm" and not module.tx_enabled
        out.append(_line(label, _flag(on)))
    out.extend(_threshold_lines(module))
    for number in lanes:
        out.append(f"  Lane {number - 1}\n")
        out.extend(_lane_lines(module, number))
    return "".join(out)


_ALARM_LABELS = ("high alarm", "low alarm", "high warning", "low warning")
_MODULE_FLAGS = (
    "Module not ready alarm",
    "Module low power alarm",
    "Module initialization incomplete alarm",
    "Module fault alarm",
    "PLD Flash initialization fault alarm",
    "Power supply fault alarm",
    "Checksum fault alarm",
    "Tx laser disabled alarm",
    "Tx loss of signal functionality alarm",
    "Tx CDR loss of lock alarm",
    "Rx loss of signal alarm",
    "Rx CDR loss of lock alarm",
)
_THRESHOLD_ORDER = ("high alarm", "low alarm", "high warning", "low warning")


def _ordered(levels: Levels) -> tuple[float, float, float, float]:
    return (levels.high_alarm, levels.low_alarm, levels.high_warning, levels.low_warning)


def _threshold_lines(module: Module) -> list[str]:
    th = module.thresholds
    lines: list[str] = []
    for label, value in zip(_THRESHOLD_ORDER, _ordered(th.temperature_c), strict=True):
        lines.append(_line(f"Module temperature {label} threshold", _temperature(value)))
    for label, value in zip(_THRESHOLD_ORDER, _ordered(th.voltage_v), strict=True):
        lines.append(_line(f"Module voltage {label} threshold", f"{value:.4f} V"))
    for label, value in zip(_THRESHOLD_ORDER, _ordered(th.tx_bias_ma), strict=True):
        lines.append(_line(f"Laser bias current {label} threshold", f"{value:.3f} mA"))
    for label, value in zip(_THRESHOLD_ORDER, _ordered(th.tx_power_dbm), strict=True):
        lines.append(_line(f"Laser output power {label} threshold", _power(value, 4)))
    for label, value in zip(_THRESHOLD_ORDER, _ordered(th.rx_power_dbm), strict=True):
        lines.append(_line(f"Laser rx power {label} threshold", _power(value, 4)))
    lines.extend(
        _line(f"Laser temperature {label} threshold", _temperature(value))
        for label, value in zip(_THRESHOLD_ORDER, LASER_TEMP_LEVELS, strict=True)
    )
    return lines


def _lane_lines(module: Module, number: int) -> list[str]:
    lane = module.lane(number)
    th = module.thresholds
    laser_temp = module.temperature_c + LASER_TEMP_OFFSET_C
    lines = [
        _line("Laser bias current", f"{lane.tx_bias_ma or 0.0:.3f} mA"),
        _line("Laser output power", _power(lane.tx_power_dbm, 3)),
        _line("Laser temperature", _temperature(laser_temp)),
        _line("Laser receiver power", _power(lane.rx_power_dbm, 3)),
    ]
    bias = _checks(lane.tx_bias_ma, th.tx_bias_ma)
    tx = _checks(lane.tx_power_dbm, th.tx_power_dbm)
    rx = _checks(lane.rx_power_dbm, th.rx_power_dbm)
    for label, flag in zip(_ALARM_LABELS, bias, strict=True):
        lines.append(_line(f"Laser bias current {label}", _flag(flag)))
    for label, flag in zip(_ALARM_LABELS, tx, strict=True):
        lines.append(_line(f"Laser output power {label}", _flag(flag)))
    lines.extend(_line(f"Laser temperature {label}", "Off") for label in _ALARM_LABELS)
    for label, flag in zip(_ALARM_LABELS, rx, strict=True):
        lines.append(_line(f"Laser receiver power {label}", _flag(flag)))
    lines.append(_line("Tx loss of signal functionality alarm", _flag(lane.tx_power_dbm is None)))
    lines.append(_line("Tx CDR loss of lock alarm", "Off"))
    lines.append(_line("Rx loss of signal alarm", _flag(lane.rx_power_dbm is None)))
    lines.append(_line("Rx CDR loss of lock alarm", _flag(lane.rx_power_dbm is None)))
    lines.extend(
        _line(label, "Off")
        for label in ("APD supply fault alarm", "TEC fault alarm", "Wavelength unlocked alarm")
    )
    return lines


def _xml_power(parent: etree._Element, tag: str, dbm: float | None, digits: int) -> None:
    sub(parent, tag, _mw(dbm, digits))
    sub(parent, f"{tag}-dbm", DARK_XML_DBM if dbm is None else f"{dbm:.2f}")


def _xml_temperature(parent: etree._Element, tag: str, celsius: float) -> None:
    sub(parent, tag, _temperature(celsius), celsius=f"{celsius:.1f}")


def optics_xml(state: DeviceState, name: str | None = None) -> etree._Element:
    """``<get-interface-optics-diagnostics-information>``: per-lane values of each port."""
    root = element("interface-information", style="normal")
    for interface, module, lanes in optics_interfaces(state, name):
        physical = sub(root, "physical-interface")
        sub(physical, "name", interface)
        diagnostics = sub(physical, "optics-diagnostics")
        th = module.thresholds
        _xml_temperature(diagnostics, "module-temperature", module.temperature_c)
        sub(diagnostics, "module-voltage", f"{module.voltage_v:.4f}")
        for quantity, value, levels in (
            ("module-temperature", module.temperature_c, th.temperature_c),
            ("module-voltage", module.voltage_v, th.voltage_v),
        ):
            for suffix, flag in zip(_XML_FLAGS, _checks(value, levels), strict=True):
                sub(diagnostics, f"{quantity}-{suffix}", "on" if flag else "off")
        _xml_thresholds(diagnostics, module)
        for number in lanes:
            _xml_lane(diagnostics, module, number)
    return root


_XML_FLAGS = ("high-alarm", "low-alarm", "high-warn", "low-warn")


def _xml_thresholds(parent: etree._Element, module: Module) -> None:
    th = module.thresholds
    for suffix, value in zip(_XML_FLAGS, _ordered(th.tx_bias_ma), strict=True):
        sub(parent, f"laser-bias-current-{suffix}-threshold", f"{value:.3f}")
    for suffix, value in zip(_XML_FLAGS, _ordered(th.tx_power_dbm), strict=True):
        _xml_power(parent, f"laser-tx-power-{suffix}-threshold", value, 4)
    for suffix, value in zip(_XML_FLAGS, _ordered(th.temperature_c), strict=True):
        _xml_temperature(parent, f"module-temperature-{suffix}-threshold", value)
    for suffix, value in zip(_XML_FLAGS, _ordered(th.voltage_v), strict=True):
        sub(parent, f"module-voltage-{suffix}-threshold", f"{value:.3f}")
    for suffix, value in zip(_XML_FLAGS, _ordered(th.rx_power_dbm), strict=True):
        _xml_power(parent, f"laser-rx-power-{suffix}-threshold", value, 4)


def _xml_lane(parent: etree._Element, module: Module, number: int) -> None:
    lane = module.lane(number)
    th = module.thresholds
    values = sub(parent, "optics-diagnostics-lane-values")
    sub(values, "lane-index", str(number - 1))
    sub(values, "laser-bias-current", f"{lane.tx_bias_ma or 0.0:.3f}")
    _xml_power(values, "laser-output-power", lane.tx_power_dbm, 4)
    _xml_temperature(values, "laser-temperature", module.temperature_c + LASER_TEMP_OFFSET_C)
    _xml_power(values, "laser-rx-optical-power", lane.rx_power_dbm, 4)
    for quantity, flags in (
        ("laser-bias-current", _checks(lane.tx_bias_ma, th.tx_bias_ma)),
        ("laser-tx-power", _checks(lane.tx_power_dbm, th.tx_power_dbm)),
        ("laser-rx-power", _checks(lane.rx_power_dbm, th.rx_power_dbm)),
    ):
        for suffix, flag in zip(_XML_FLAGS, flags, strict=True):
            sub(values, f"{quantity}-{suffix}", "on" if flag else "off")
    sub(
        values,
        "tx-loss-of-signal-functionality-alarm",
        "on" if lane.tx_power_dbm is None else "off",
    )
    sub(values, "rx-loss-of-signal-alarm", "on" if lane.rx_power_dbm is None else "off")


def _description(module: Module) -> str:
    """Junos' optic description, e.g. ``QSFP56-DD-400GBASE-DR4`` (QSFP28: ``QSFP-100G-DR``)."""
    if module.form_factor == "QSFP-DD":
        return f"QSFP56-DD-{module.optic}"
    return "QSFP-" + module.optic.replace("GBASE-", "G-")


def _version(revision: str) -> str:
    return f"REV {int(revision):02d}" if revision.isdigit() else ""


def hardware_rows(state: DeviceState) -> list[tuple[str, str, str, str, str]]:
    """Item, version, part number, serial and description of every inventory row."""
    model = state.model.name
    rows = [
        ("Chassis", "", "", state.serial, f"JNP5220-32CD [{model}]"),
        ("Routing Engine 0", "", "BUILTIN", "BUILTIN", f"RE-{model}"),
        ("CB 0", "REV 08", "650-089288", state.serial, model),
        ("FPC 0", "REV 08", "650-089288", state.serial, model),
        ("  PIC 0", "", "BUILTIN", "BUILTIN", "32X400G-QSFP56-DD"),
    ]
    for cage, module in state.modules.items():
        if module is None:
            continue
        number = cage.rsplit("/", 1)[1]
        rows.append(
            (
                f"    Xcvr {number}",
                _version(module.revision),
                module.part_number,
                module.serial,
                _description(module),
            )
        )
    rows.extend(
        [
            (
                "Power Supply 0",
                "REV 04",
                "740-073765",
                f"1GB{state.serial[3:]}A",
                "JPSU-1600W-AC-AFO",
            ),
            (
                "Power Supply 1",
                "REV 04",
                "740-073765",
                f"1GB{state.serial[3:]}B",
                "JPSU-1600W-AC-AFO",
            ),
        ]
    )
    rows.extend(
        (f"Fan Tray {n}", "", "", "", "QFX5220 Fan Tray, Front to Back Airflow - AFO")
        for n in range(6)
    )
    return rows


def hardware_text(state: DeviceState) -> str:
    """``show chassis hardware``."""
    lines = [
        "Hardware inventory:",
        "Item             Version  Part number  Serial number     Description",
    ]
    for item, version, part, serial, description in hardware_rows(state):
        line = f"{item:<16} {version:<8} {part:<12} {serial:<17} {description}"
        lines.append(line.rstrip())
    return "".join(f"{line}\n" for line in lines)


def hardware_xml(state: DeviceState) -> etree._Element:
    """``<get-chassis-inventory>``."""
    root = element("chassis-inventory")
    chassis = sub(root, "chassis", style="inventory")
    sub(chassis, "name", "Chassis")
    sub(chassis, "serial-number", state.serial)
    sub(chassis, "description", state.model.name)
    fpc: etree._Element | None = None
    pic: etree._Element | None = None
    for item, version, part, serial, description in hardware_rows(state)[1:]:
        name = item.strip()
        parent = chassis
        if name.startswith("Xcvr") and pic is not None:
            parent = pic
        elif name.startswith("PIC") and fpc is not None:
            parent = fpc
        module = sub(parent, "chassis-sub-module" if parent is not chassis else "chassis-module")
        if name.startswith("FPC"):
            fpc = module
        if name.startswith("PIC"):
            pic = module
        if parent is pic:
            module.tag = "chassis-sub-sub-module"
        sub(module, "name", name)
        if version:
            sub(module, "version", version)
        if part:
            sub(module, "part-number", part)
        if serial:
            sub(module, "serial-number", serial)
        sub(module, "description", description)
    return root


def version_text(state: DeviceState) -> str:
    """``show version`` of Junos OS Evolved."""
    return (
        f"Hostname: {state.hostname}\n"
        f"Model: {state.model.name.lower()}\n"
        f"Junos: {state.version}\n"
        "Yocto: 3.0.2\n"
        "Linux Kernel: 5.2.60-yocto-standard-g1a2b3c4\n"
        f"JUNOS-EVO OS 64-bit [junos-evo-install-qfx-ms-x86-64-{state.version}]\n"
    )


def version_xml(state: DeviceState) -> etree._Element:
    """``<get-software-information>``."""
    root = element("software-information")
    sub(root, "host-name", state.hostname)
    sub(root, "product-model", state.model.name.lower())
    sub(root, "product-name", state.model.name.lower())
    sub(root, "junos-version", state.version)
    sub(root, "yocto-version", "3.0.2")
    sub(root, "kernel-version", "5.2.60-yocto-standard-g1a2b3c4")
    package = sub(root, "package-information")
    sub(package, "name", "junos-version")
    sub(
        package, "comment", f"JUNOS-EVO OS 64-bit [junos-evo-install-qfx-ms-x86-64-{state.version}]"
    )
    return root


def interface_names(state: DeviceState) -> list[str]:
    """Every physical interface that exists now (parents of a breakout are gone)."""
    return sorted(state.interfaces, key=natural_key)


def _speed(state: DeviceState, name: str) -> str:
    config = state.interfaces[name]
    speed = config.speed
    if speed is None:
        parent = state.parent_of(name)
        found = state.cage(parent[0]) if parent else None
        speed = found.range.speeds[0] if found else "400G"
    return speed.replace("G", "Gbps")


def _mac(state: DeviceState, name: str) -> str:
    index = interface_names(state).index(name) + 1
    return f"{state.mac[:-5]}{index // 256:02x}:{index % 256:02x}"


def _link(state: DeviceState, name: str) -> str:
    oper = state.oper.get(name)
    return "up" if oper is not None and oper.up else "down"


def terse_text(state: DeviceState, name: str | None = None) -> str:
    """``show interfaces terse [<if>]``."""
    lines = ["Interface               Admin Link Proto    Local                 Remote"]
    for interface in interface_names(state):
        if name is not None and interface != name:
            continue
        admin = "up" if state.interfaces[interface].admin_up else "down"
        lines.append(f"{interface:<24}{admin:<6}{_link(state, interface)}")
    return "".join(f"{line}\n" for line in lines)


def _flapped(state: DeviceState, name: str) -> tuple[str, str]:
    """``interface-flapped``: its ``junos:seconds`` and its text.

    Junos gives seconds ago in the attribute, the moment and how long ago in the text.
    """
    when = state.last_change(name)
    ago = max(time.time() - when, 0.0)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(when))
    return str(int(ago)), f"{stamp} ({_ago(ago)} ago)"


def _ago(seconds: float) -> str:
    total = max(int(seconds), 0)
    weeks, rest = divmod(total, 7 * 86400)
    days, rest = divmod(rest, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    if weeks or days:  # a day and more: minutes, no seconds ("43w0d 15:54", "2d 01:05")
        prefix = (f"{weeks}w" if weeks else "") + f"{days}d"
        return f"{prefix} {hours:02d}:{minutes:02d}"
    return f"{hours:02d}:{minutes:02d}:{secs:02d}"


def interfaces_xml(
    state: DeviceState, name: str | None = None, *, terse: bool = False
) -> etree._Element:
    """``<get-interface-information>`` (all, or one interface; terse or not)."""
    root = element("interface-information", style="terse" if terse else "normal")
    for interface in interface_names(state):
        if name is not None and interface != name:
            continue
        config = state.interfaces[interface]
        physical = sub(root, "physical-interface")
        sub(physical, "name", interface)
        sub(physical, "admin-status", "up" if config.admin_up else "down", format="Enabled")
        sub(physical, "oper-status", _link(state, interface))
        if config.description:
            sub(physical, "description", config.description)
        if terse:
            continue
        sub(physical, "if-type", "Ethernet")
        sub(physical, "link-level-type", "Ethernet")
        sub(physical, "mtu", "1514")
        sub(physical, "speed", _speed(state, interface))
        oper = state.oper.get(interface)
        fec = oper.fec if oper is not None else None
        sub(physical, "ethernet-fec-mode", fec_mode(fec))
        sub(physical, "current-physical-address", _mac(state, interface))
        sub(physical, "hardware-physical-address", _mac(state, interface))
        seconds, flapped = _flapped(state, interface)
        sub(physical, "interface-flapped", flapped, seconds=seconds)
    return root


def interfaces_text(state: DeviceState, name: str | None = None) -> str:
    """``show interfaces [<if>]``: the lines of each physical interface that tools read."""
    blocks: list[str] = []
    for interface in interface_names(state):
        if name is not None and interface != name:
            continue
        config = state.interfaces[interface]
        oper = state.oper.get(interface)
        up = oper is not None and oper.up
        enabled = "Enabled" if config.admin_up else "Administratively down"
        fec = fec_mode(oper.fec if oper is not None else None)
        _, flapped = _flapped(state, interface)
        index = interface_names(state).index(interface)
        link = "Up" if up else "Down"
        lines = [
            f"Physical interface: {interface}, {enabled}, Physical link is {link}",
            f"  Interface index: {1000 + index}, SNMP ifIndex: {500 + index}",
        ]
        if config.description:
            lines.append(f"  Description: {config.description}")
        speed = _speed(state, interface)
        mac = _mac(state, interface)
        lines += [
            (
                f"  Link-level type: Ethernet, MTU: 1514, LAN-PHY mode, Speed: {speed}, "
                "BPDU Error: None, Loop Detect PDU Error: None, Loopback: Disabled, "
                "Source filtering: Disabled, Flow control: Disabled"
            ),
            "  Device flags   : Present Running" + ("" if up else " Down"),
            "  Interface flags: " + ("SNMP-Traps" if up else "Hardware-Down SNMP-Traps"),
            "  Link type      : Full-Duplex",
            f"  Current address: {mac}, Hardware address: {mac}",
            f"  Last flapped   : {flapped}",
            "  Input rate     : 0 bps (0 pps)",
            "  Output rate    : 0 bps (0 pps)",
            f"  Active alarms  : {'None' if up else 'LINK'}",
            f"  Active defects : {'None' if up else 'LINK, LOCAL-FAULT'}",
            f"  Ethernet FEC Mode  :                  {fec}",
            "  Ethernet FEC statistics              Errors",
            "    FEC Corrected Errors                    0",
            "    FEC Uncorrected Errors                  0",
            "    FEC Corrected Errors Rate               0",
            "    FEC Uncorrected Errors Rate             0",
            "  Interface transmit statistics: Disabled",
        ]
        blocks.append("".join(f"{line}\n" for line in lines))
    return "\n".join(blocks)


def _neighbor_mac(lab: Lab, system: str) -> str:
    for device in lab.devices.values():
        if device.hostname == system:
            return device.mac
    return "00:00:00:00:00:00"


def lldp_rows(lab: Lab, state: DeviceState) -> list[tuple[str, str, str, str]]:
    """Local interface, chassis id, port and system name of each LLDP neighbour."""
    return [
        (local, _neighbor_mac(lab, neighbor.system), neighbor.port, neighbor.system)
        for local, neighbor in sorted(state.lldp.items(), key=lambda item: natural_key(item[0]))
    ]


def lldp_text(lab: Lab, state: DeviceState) -> str:
    """``show lldp neighbors``."""
    lines = [
        "Local Interface    Parent Interface    Chassis Id          Port info          System Name"
    ]
    for local, chassis, port, system in lldp_rows(lab, state):
        lines.append(f"{local:<19}{'-':<20}{chassis:<20}{port:<19}{system}")
    return "".join(f"{line}\n" for line in lines)


def lldp_xml(lab: Lab, state: DeviceState) -> etree._Element:
    """``<get-lldp-neighbors-information>``."""
    root = element("lldp-neighbors-information", style="brief")
    for local, chassis, port, system in lldp_rows(lab, state):
        neighbor = sub(root, "lldp-neighbor-information")
        sub(neighbor, "lldp-local-port-id", local)
        sub(neighbor, "lldp-local-parent-interface-name", "-")
        sub(neighbor, "lldp-remote-chassis-id-subtype", "Mac address")
        sub(neighbor, "lldp-remote-chassis-id", chassis)
        sub(neighbor, "lldp-remote-port-id-subtype", "Interface name")
        sub(neighbor, "lldp-remote-port-id", port)
        sub(neighbor, "lldp-remote-system-name", system)
    return root


def uptime_xml(state: DeviceState) -> etree._Element:
    """``<get-system-uptime-information>``: current time, boot time and uptime."""
    now = time.time()
    root = element("system-uptime-information")
    for tag, moment in (("current-time", now), ("system-booted-time", state.boot_time)):
        block = sub(root, tag)
        stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(moment))
        sub(block, "date-time", stamp, seconds=str(int(moment)))
        if tag == "system-booted-time":
            up = now - state.boot_time
            sub(block, "time-length", _ago(up), seconds=str(int(up)))
    information = sub(root, "uptime-information")
    sub(
        information, "up-time", _ago(now - state.boot_time), seconds=str(int(now - state.boot_time))
    )
    return root


def uptime_text(state: DeviceState) -> str:
    """``show system uptime``."""
    now = time.time()
    current = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(now))
    booted = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(state.boot_time))
    return f"Current time: {current}\nSystem booted: {booted} ({_ago(now - state.boot_time)} ago)\n"


def route_engine_xml(state: DeviceState) -> etree._Element:
    """``<get-route-engine-information>``: one master RE."""
    root = element("route-engine-information")
    engine = sub(root, "route-engine")
    sub(engine, "slot", "0")
    sub(engine, "mastership-state", "master")
    sub(engine, "status", "OK")
    sub(engine, "model", f"RE-{state.model.name}")
    sub(
        engine,
        "up-time",
        _ago(time.time() - state.boot_time),
        seconds=str(int(time.time() - state.boot_time)),
    )
    sub(engine, "last-reboot-reason", "Router rebooted after a normal shutdown.")
    return root
