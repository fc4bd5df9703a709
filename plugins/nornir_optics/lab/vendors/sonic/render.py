"""SONiC output renderers: sonic-utilities text (sfpshow, intfutil, lldpshow) and CONFIG_DB JSON.

Every function renders from a :class:`DeviceState`; nothing is kept as text. Layouts follow
sonic-utilities (``scripts/sfpshow``, ``utilities_common/sfp_helper.py``, ``scripts/intfutil``,
``scripts/lldpshow``, ``show/interfaces/__init__.py``, ``show/main.py``) and the real outputs in
``shared/fixtures/real/sonic``. Values of a 400G DR4 follow a SONiC transceiver DOM HLD capture of
an AVAGO AFCT-93DRPHZ-AZ2 (search index id 26177846417): four decimals, the unit glued to the
number, ``-infdBm`` for a dark lane and for the unused lanes 5-8, ``0.0000mA`` for their bias.
"""

from __future__ import annotations

import json
import re
import time
from typing import TYPE_CHECKING

from nornir_optics.catalog import load_catalog
from nornir_optics.models import Breakout
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nornir_optics.catalog import Catalog, OpticType
    from nornir_optics.lab.state import DeviceState, Lane, Levels, Module

INDENT = " " * 8
HOST_LANES = 8
MTU = "9100"
PLATFORM_STRING = "x86_64-mlnx_msn4700-r0"
HWSKU = "ACS-MSN4700"  # inferred: NVIDIA's ACS-<model> SKU naming; this lab's breakouts are mixed
# Per model: the platform directory and default HWSKU of sonic-buildimage (SN5600: S800-19).
PLATFORM_STRINGS = {"MSN5600": ("x86_64-nvidia_sn5600-r0", "ACS-SN5600")}
# SFF-8024 host and media interface names as xcvrd prints them (cmis-init.md, sonic-platform-common
# sff8024.py); a name missing here prints as the catalogue writes it.
HOST_INTERFACE = {
    "800GAUI-8": "800GAUI-8 L C2M (Annex 120G)",
    "400GAUI-4": "400GAUI-4-L C2M (Annex 120G)",
    "200GAUI-2": "200GAUI-2-L C2M (Annex 120G)",
    "100GAUI-1": "100GAUI-1-L C2M (Annex 120G)",
    "400GAUI-8": "400GAUI-8 C2M (Annex 120E)",
    "100GAUI-2": "100GAUI-2 C2M (Annex 135G)",
    "200GAUI-4": "200GAUI-4 C2M (Annex 120E)",
    "CAUI-4": "CAUI-4 C2M (Annex 83E)",
}
MEDIA_INTERFACE = {
    "800GBASE-DR8": "800GBASE-DR8 (Cl 124)",
    "800GBASE-DR8-2": "800GBASE-DR8-2 (Cl 124)",
    "400GBASE-DR4": "400GBASE-DR4 (Cl 124)",
    "400GBASE-FR4": "400GBASE-FR4 (Cl 151)",
    "400GBASE-LR4-6": "400GBASE-LR4-6 (Cl 151)",
    "100GBASE-DR": "100GBASE-DR (Cl 140)",
    "100GBASE-FR1": "100G-FR/100GBASE-FR1 (Cl 140)",
}
CONNECTOR = {
    "mpo16-apc": "MPO 1x16",
    "lc-duplex": "LC",
    "mpo12-apc": "MPO 1x12",
    "mpo12-upc": "MPO 1x12",
    "lc": "LC",
    "sn": "SN optical connector",
}
VENDOR_OUI = {"NVIDIA": "00-02-c9", "Mellanox": "00-02-c9", "AVAGO": "00-17-6a"}


def simple_table(headers: Sequence[str], rows: Sequence[Sequence[str]], *, right: bool) -> str:
    """A tabulate "simple" table: header, dashed rule, rows; trailing blanks stripped.

    >>> print(simple_table(["Port", "Presence"], [["Ethernet0", "Present"]], right=False), end="")
    Port       Presence
    ---------  ----------
    Ethernet0  Present
    """
    widths = [
        max([len(header) + 2, *(len(row[column]) for row in rows)])
        for column, header in enumerate(headers)
    ]

    def line(cells: Sequence[str]) -> str:
        padded = [
            cell.rjust(width) if right else cell.ljust(width)
            for cell, width in zip(cells, widths, strict=True)
        ]
        return "  ".join(padded).rstrip()

    out = [line(headers), "  ".join("-" * width for width in widths)]
    out.extend(line(row) for row in rows)
    return "\n".join(out) + "\n"


def grid_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A tabulate "grid" table, as ``show interfaces breakout current-mode`` prints it."""
    widths = [
        max([len(header) + 2, *(len(row[column]) for row in rows)])
        for column, header in enumerate(headers)
    ]

    def rule(char: str) -> str:
        return "+" + "+".join(char * (width + 2) for width in widths) + "+"

    def line(cells: Sequence[str]) -> str:
        return (
            "| "
            + " | ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))
            + " |"
        )

    out = [rule("-"), line(headers), rule("=")]
    for row in rows:
        out.extend([line(row), rule("-")])
    return "\n".join(out) + "\n"


# --- port naming -------------------------------------------------------------------------------


def interfaces(device: DeviceState) -> list[str]:
    """The device's current interfaces in natural order."""
    return sorted(device.interfaces, key=natural_key)


def lanes_of(device: DeviceState, interface: str) -> list[int]:
    """Physical lanes of an interface (cage n takes lanes 8(n-1) .. 8(n-1)+7)."""
    located = device.parent_of(interface)
    if located is None:
        return []
    parent, leg = located
    cage = device.cage(parent)
    if cage is None:
        return []
    legs = len(device.children(parent))
    width = HOST_LANES // max(legs, 1)
    first = (cage.n - 1) * HOST_LANES + (leg - 1) * width
    return list(range(first, first + width))


def alias_of(device: DeviceState, interface: str) -> str:
    """platform.json alias: ``etp<n>`` unbroken, ``etp<n>a`` ... for breakout legs."""
    located = device.parent_of(interface)
    if located is None:
        return "N/A"
    parent, leg = located
    cage = device.cage(parent)
    n = cage.n if cage else 0
    if device.breakouts[parent] is Breakout.NONE:
        return f"etp{n}"
    return f"etp{n}{'abcdefgh'[leg - 1]}"


def module_of(device: DeviceState, interface: str) -> Module | None:
    """The module plugged in the cage an interface belongs to."""
    located = device.parent_of(interface)
    return device.modules.get(located[0]) if located else None


def speed_of(device: DeviceState, interface: str) -> str:
    """Configured speed (``400G``), or the breakout mode's leg speed when unset."""
    config = device.interfaces[interface]
    if config.speed:
        return config.speed
    located = device.parent_of(interface)
    mode = device.breakouts[located[0]] if located else Breakout.NONE
    if mode is Breakout.NONE:
        cage = device.cage(located[0]) if located else None
        return cage.range.speeds[0] if cage and cage.range.speeds else "400G"
    return str(load_catalog().breakout_modes[mode].leg_speed)


def speed_mbps(speed: str) -> str:
    """``100G`` -> ``100000`` (CONFIG_DB speed).

    >>> speed_mbps("400G"), speed_mbps("1G")
    ('400000', '1000')
    """
    return str(int(speed.rstrip("G")) * 1000)


def mode_speeds(keyword: str) -> list[str]:
    """Speeds a breakout mode lets its ports run, main speed first.

    >>> mode_speeds("4x100G[50G,25G,10G,1G]")
    ['100G', '50G', '25G', '10G', '1G']
    """
    match = re.match(r"\d+x(\d+G)(?:\(\d+\))?(?:\[(.*)\])?$", keyword)
    if match is None:
        return []
    return [match.group(1), *(s for s in (match.group(2) or "").split(",") if s)]


def mode_keyword(catalog: Catalog, mode: Breakout, model: str = "") -> str:
    """The platform.json mode string of a breakout mode (the model's own where it has one)."""
    found = catalog.models.get(model)
    own = found.keywords.breakout.get(mode) if found and found.keywords else None
    entry = own or catalog.platforms["sonic"].breakout.get(mode)
    return (entry.keyword if entry else None) or mode.value


def platform_strings(device: DeviceState) -> tuple[str, str]:
    """The platform string and HWSKU a device's DEVICE_METADATA and ``show version`` print."""
    return PLATFORM_STRINGS.get(device.model.name, (PLATFORM_STRING, HWSKU))


def fec_keyword(catalog: Catalog, device: DeviceState, interface: str) -> str | None:
    """The CONFIG_DB fec value of an interface (None: not set, the platform default)."""
    fec = device.interfaces[interface].fec
    if fec is None:
        return None
    return catalog.platforms["sonic"].fec[fec].keyword


# --- show interfaces transceiver ---------------------------------------------------------------


def _dbm(value: float | None) -> str:
    return "-inf" if value is None else f"{value:.4f}"


def _lane_values(lane: Lane | None) -> tuple[str, str, str]:
    """Rx power, Tx bias, Tx power of a lane as xcvrd stores them (dark: -inf, 0.0000)."""
    if lane is None or not lane.used:
        return "-inf", "0.0000", "-inf"
    bias = "0.0000" if lane.tx_bias_ma is None else f"{lane.tx_bias_ma:.4f}"
    return _dbm(lane.rx_power_dbm), bias, _dbm(lane.tx_power_dbm)


def _app_lines(catalog: Catalog, optic: OpticType | None, module: Module) -> list[str]:
    if optic is None:
        return [f"{module.optic} - Host Assign (0x1) - {module.optic} - Media Assign (0x1)"]
    host = HOST_INTERFACE.get(optic.host_interface, optic.host_interface)
    media = MEDIA_INTERFACE.get(optic.name, optic.name)
    lines = [f"{host} - Host Assign (0x1) - {media} - Media Assign (0x1)"]
    for mode, application in optic.breakouts.items():
        legs = int(mode.value.split("x", 1)[0])
        leg_host = HOST_INTERFACE.get(
            application.leg_host_interface, application.leg_host_interface
        )
        legs_known = catalog.supported_legs(optic.name, mode)
        leg_name = legs_known[0] if legs_known else application.leg_optic_class
        leg_media = MEDIA_INTERFACE.get(leg_name, leg_name)
        host_assign = {4: "0x55", 2: "0x11", 8: "0xff"}.get(legs, "0x1")
        media_assign = {4: "0xf", 2: "0x5", 8: "0xff"}.get(legs, "0x1")
        assigns = f"Host Assign ({host_assign}) - {leg_media} - Media Assign ({media_assign})"
        lines.append(f"{leg_host} - {assigns}")
    return lines


def _info_lines(catalog: Catalog, device: DeviceState, interface: str, module: Module) -> list[str]:
    """The CMIS info section, keys in sonic-utilities CMIS_DATA_MAP display-name order."""
    optic = catalog.optic(module.optic)
    located = device.parent_of(interface)
    mode = device.breakouts[located[0]] if located else Breakout.NONE
    # the application the host lanes run: 1 unbroken, else the breakout's advertised entry
    modes = list(optic.breakouts) if optic else []
    app = str(modes.index(mode) + 2) if mode in modes else ("1" if mode is Breakout.NONE else "2")
    field = f"{INDENT}Application Advertisement: "
    apps = _app_lines(catalog, optic, module)
    lines = [f"{INDENT}Active Firmware: {module.firmware}"]
    lines += [
        f"{INDENT}Active application selected code assigned to host lane {n}: {app}"
        for n in range(1, HOST_LANES + 1)
    ]
    lines.append(field + ("\n" + " " * len(field)).join(apps))
    connector = CONNECTOR.get(optic.connector, "MPO 1x12") if optic else "N/A"
    lines += [
        f"{INDENT}CMIS Rev: 4.0",
        f"{INDENT}Connector: {connector}",
        f"{INDENT}Encoding: N/A",
        f"{INDENT}Extended Identifier: Power Class 6 (12.0W Max)",
        f"{INDENT}Extended RateSelect Compliance: N/A",
        f"{INDENT}Host Lane Count: {HOST_LANES}",
        f"{INDENT}Identifier: {identifier_name(module.form_factor)}",
        f"{INDENT}Inactive Firmware: N/A",
        f"{INDENT}Length Cable Assembly(m): 0.0",
        f"{INDENT}Media Interface Technology: 1310 nm EML",
        f"{INDENT}Media Lane Count: {module.media_lanes}",
        f"{INDENT}Module Hardware Rev: 1.0",
        f"{INDENT}Nominal Bit Rate(100Mbs): 0",
        f"{INDENT}Specification compliance: sm_media_interface",
        f"{INDENT}Vendor Date Code(YYYY-MM-DD Lot): 2023-03-14",
        f"{INDENT}Vendor Name: {module.vendor}",
        f"{INDENT}Vendor OUI: {VENDOR_OUI.get(module.vendor, '00-00-00')}",
        f"{INDENT}Vendor PN: {module.part_number}",
        f"{INDENT}Vendor Rev: {module.revision}",
        f"{INDENT}Vendor SN: {module.serial}",
    ]
    return lines


def _threshold_lines(entries: list[tuple[str, float, str]], align: int) -> list[str]:
    return [f"{INDENT * 2}{name.ljust(align)}: {value:.4f}{unit}" for name, value, unit in entries]


def _levels(prefix: str, levels: Levels, unit: str) -> list[tuple[str, float, str]]:
    return [
        (f"{prefix}HighAlarm", levels.high_alarm, unit),
        (f"{prefix}HighWarning", levels.high_warning, unit),
        (f"{prefix}LowAlarm", levels.low_alarm, unit),
        (f"{prefix}LowWarning", levels.low_warning, unit),
    ]


def identifier_name(form_factor: str) -> str:
    """What xcvrd prints as a module's Identifier (SFF-8024 byte 0), from the catalogue."""
    shell = load_catalog().form_factors.get(form_factor)
    return shell.name if shell and shell.name else form_factor


def _dom_lines(module: Module) -> list[str]:
    """ChannelMonitorValues ... ModuleThresholdValues, natsorted as sfpshow does."""
    shell = load_catalog().form_factors.get(module.form_factor)
    count = shell.host_lanes if shell else HOST_LANES
    eight = shell is None or shell.management == "cmis"  # CMIS layout, else SFF-8636
    by_number = {lane.number: lane for lane in module.lanes}
    values = {n: _lane_values(by_number.get(n)) for n in range(1, count + 1)}
    lines = [f"{INDENT}ChannelMonitorValues:"]
    lines += [f"{INDENT * 2}RX{n}Power: {values[n][0]}dBm" for n in range(1, count + 1)]
    for n in range(1, count + 1):
        lines.append(f"{INDENT * 2}TX{n}Bias: {values[n][1]}mA")
        if eight:
            lines.append(f"{INDENT * 2}TX{n}Power: {values[n][2]}dBm")
    if not eight:  # SFF-8636 Tx power follows the biases (QSFP_DOM_CHANNEL_MONITOR_MAP natsorted)
        lines += [f"{INDENT * 2}TX{n}Power: {values[n][2]}dBm" for n in range(1, count + 1)]
    limits = module.thresholds
    channel = _levels("RxPower", limits.rx_power_dbm, "dBm") + _levels(
        "TxBias", limits.tx_bias_ma, "mA"
    )
    if eight:
        channel += _levels("TxPower", limits.tx_power_dbm, "dBm")
    lines.append(f"{INDENT}ChannelThresholdValues:")
    lines += _threshold_lines(channel, 18)
    lines += [
        f"{INDENT}ModuleMonitorValues:",
        f"{INDENT * 2}Temperature: {module.temperature_c:.4f}C",
        f"{INDENT * 2}Vcc: {module.voltage_v:.4f}Volts",
        f"{INDENT}ModuleThresholdValues:",
    ]
    module_levels = _levels("Temp", limits.temperature_c, "C") + _levels(
        "Vcc", limits.voltage_v, "Volts"
    )
    lines += _threshold_lines(module_levels, 15)
    return lines


def eeprom(catalog: Catalog, device: DeviceState, names: list[str], *, dom: bool) -> str:
    """``show interfaces transceiver eeprom [--dom] [<port>]``."""
    out: list[str] = []
    for name in names:
        module = module_of(device, name)
        if module is None:
            out.append(f"{name}: SFP EEPROM Not detected")
            continue
        out.append(f"{name}: SFP EEPROM detected")
        out += _info_lines(catalog, device, name, module)
        if dom:
            out += _dom_lines(module)
    return "\n".join(out) + "\n"


def presence(device: DeviceState, names: list[str]) -> str:
    """``show interfaces transceiver presence [<port>]``."""
    rows = [[name, "Present" if module_of(device, name) else "Not present"] for name in names]
    return simple_table(["Port", "Presence"], rows, right=False)


def _flag(value: bool) -> str:
    return "True" if value else "False"


def transceiver_status(device: DeviceState, names: list[str]) -> str:
    """``show interfaces transceiver status [<port>]``: QSFP_STATUS_MAP and CMIS_STATUS_MAP.

    The C-CMIS (coherent) flags and the laser-temperature / BER flags a DR4 does not report are
    left out (inferred: sfpshow prints only the keys xcvrd wrote).
    """
    out: list[str] = []
    for name in names:
        module = module_of(device, name)
        if module is None:
            out.append(f"{name}: Transceiver status info not applicable")
            continue
        out.append(f"{name}:")
        out += _status_lines(device, name, module)
    return "\n".join(out) + "\n"


def _status_lines(device: DeviceState, name: str, module: Module) -> list[str]:
    lanes = {lane.number: lane for lane in module.lanes}
    numbers = range(1, HOST_LANES + 1)

    def used(n: int) -> Lane | None:
        lane = lanes.get(n)
        return lane if lane is not None and lane.used else None

    los = {n: (lane := used(n)) is not None and lane.rx_power_dbm is None for n in numbers}
    tx_off = {n: (lane := used(n)) is not None and lane.tx_power_dbm is None for n in numbers}
    active = device.interfaces[name].admin_up
    limits = module.thresholds
    out = [f"{INDENT}CMIS State (SW): READY"]
    out += [f"{INDENT}Tx fault flag on media lane {n}: False" for n in numbers]
    out += [f"{INDENT}Rx loss of signal flag on media lane {n}: {_flag(los[n])}" for n in numbers]
    out += [f"{INDENT}TX disable status on lane {n}: {_flag(tx_off[n])}" for n in numbers]
    disabled = sum(1 << (n - 1) for n in numbers if tx_off[n])
    out += [
        f"{INDENT}Disabled TX channels: {disabled}",
        f"{INDENT}Current module state: ModuleReady",
        f"{INDENT}Reason of entering the module fault state: No Fault detected",
        f"{INDENT}Datapath firmware fault: False",
        f"{INDENT}Module firmware fault: False",
        f"{INDENT}Module state changed: False",
    ]
    state = "DataPathActivated" if active else "DataPathDeactivated"
    out += [f"{INDENT}Data path state indicator on host lane {n}: {state}" for n in numbers]
    tx_on = {n: used(n) is not None and not tx_off[n] for n in numbers}
    out += [f"{INDENT}Tx output status on media lane {n}: {_flag(tx_on[n])}" for n in numbers]
    out += [
        f"{INDENT}Rx output status on host lane {n}: {_flag(active and not any(los.values()))}"
        for n in numbers
    ]
    out += [f"{INDENT}Tx loss of signal flag on host lane {n}: False" for n in numbers]
    out += [
        f"{INDENT}Tx clock and data recovery loss of lock on host lane {n}: False" for n in numbers
    ]
    out += [
        f"{INDENT}Rx clock and data recovery loss of lock on media lane {n}: {_flag(los[n])}"
        for n in numbers
    ]
    out += [
        f"{INDENT}Configuration status for the data path of host line {n}: ConfigSuccess"
        for n in numbers
    ]
    out += [f"{INDENT}Data path configuration updated on host lane {n}: False" for n in numbers]
    temp, vcc = module.temperature_c, module.voltage_v
    for label, value, levels in (
        ("Temperature", temp, limits.temperature_c),
        ("Vcc", vcc, limits.voltage_v),
    ):
        out += [
            f"{INDENT}{label} high alarm flag: {_flag(value >= levels.high_alarm)}",
            f"{INDENT}{label} high warning flag: {_flag(value >= levels.high_warning)}",
            f"{INDENT}{label} low warning flag: {_flag(value <= levels.low_warning)}",
            f"{INDENT}{label} low alarm flag: {_flag(value <= levels.low_alarm)}",
        ]

    def reading(n: int, attribute: str, dark: float | None = None) -> float | None:
        lane = used(n)
        value = None if lane is None else getattr(lane, attribute)
        return dark if lane is not None and value is None else value

    rx = {n: reading(n, "rx_power_dbm", float("-inf")) for n in numbers}
    out += _lane_flags(
        "Tx power", {n: reading(n, "tx_power_dbm") for n in numbers}, limits.tx_power_dbm
    )
    out += _lane_flags("Rx power", rx, limits.rx_power_dbm)
    out += _lane_flags("Tx bias", {n: reading(n, "tx_bias_ma") for n in numbers}, limits.tx_bias_ma)
    return out


def _lane_flags(label: str, readings: dict[int, float | None], levels: Levels) -> list[str]:
    """High alarm, high warning, low warning, low alarm flags of one quantity on every lane."""
    out: list[str] = []
    checks = (
        ("high alarm", levels.high_alarm, 1.0),
        ("high warning", levels.high_warning, 1.0),
        ("low warning", levels.low_warning, -1.0),
        ("low alarm", levels.low_alarm, -1.0),
    )
    for name, limit, sign in checks:
        for n, value in readings.items():
            flagged = value is not None and (value - limit) * sign >= 0
            out.append(f"{INDENT}{label} {name} flag on lane {n}: {_flag(flagged)}")
    return out


# --- show interfaces status / fec / breakout ---------------------------------------------------


def interface_status(catalog: Catalog, device: DeviceState, names: list[str]) -> str:
    """``show interfaces status [<port>]`` (intfutil: right-aligned, FEC column)."""
    headers = [
        "Interface",
        "Lanes",
        "Speed",
        "MTU",
        "FEC",
        "Alias",
        "Vlan",
        "Oper",
        "Admin",
        "Type",
        "Asym PFC",
    ]
    rows = []
    for name in names:
        config = device.interfaces[name]
        oper = device.oper.get(name)
        module = module_of(device, name)
        rows.append(
            [
                name,
                ",".join(str(lane) for lane in lanes_of(device, name)),
                speed_of(device, name),
                MTU,
                fec_keyword(catalog, device, name) or "N/A",
                alias_of(device, name),
                "routed",
                "up" if oper is not None and oper.up else "down",
                "up" if config.admin_up else "down",
                identifier_name(module.form_factor) if module else "N/A",
                "N/A",
            ]
        )
    return simple_table(headers, rows, right=True)


def fec_status(catalog: Catalog, device: DeviceState, names: list[str]) -> str:
    """``show interfaces fec status [<port>]`` (intfutil: Interface, FEC Oper, FEC Admin)."""
    rows = []
    for name in names:
        oper = device.oper.get(name)
        admin = fec_keyword(catalog, device, name)
        effective = (
            catalog.platforms["sonic"].fec[oper.fec].keyword
            if oper is not None and oper.up and oper.fec
            else None
        )
        rows.append([name, effective or "N/A", admin or "N/A"])
    return simple_table(["Interface", "FEC Oper", "FEC Admin"], rows, right=True)


def breakout_current(catalog: Catalog, device: DeviceState, parents: list[str]) -> str:
    """``show interfaces breakout current-mode [<port>]`` (bordered grid)."""
    rows = [
        [
            parent,
            mode_keyword(catalog, device.breakouts[parent], device.model.name)
            if parent in device.breakouts
            else "Not Available",
        ]
        for parent in parents
    ]
    return grid_table(["Interface", "Current Breakout Mode"], rows)


def breakout_details(catalog: Catalog, device: DeviceState, parents: list[str]) -> str:
    """``show interfaces breakout [-i <port>]``: platform.json entries plus current mode, JSON."""
    data: dict[str, object] = {}
    for parent in parents:
        cage = device.cage(parent)
        if cage is None:
            continue
        first = (cage.n - 1) * HOST_LANES
        modes: dict[str, list[str]] = {}
        for mode in cage.range.breakouts:
            legs = 1 if mode is Breakout.NONE else int(mode.value.split("x", 1)[0])
            names = (
                [f"etp{cage.n}"] if legs == 1 else [f"etp{cage.n}{c}" for c in "abcdefgh"[:legs]]
            )
            modes[mode_keyword(catalog, mode, device.model.name)] = names
        children = device.children(parent)
        data[parent] = {
            "index": ",".join([str(cage.n)] * HOST_LANES),
            "lanes": ",".join(str(first + i) for i in range(HOST_LANES)),
            "breakout_modes": modes,
            "default_brkout_mode": mode_keyword(catalog, Breakout.NONE, device.model.name),
            "Current Breakout Mode": mode_keyword(
                catalog, device.breakouts[parent], device.model.name
            ),
            "child ports": ",".join(children),
            "child port speeds": ",".join(speed_of(device, child) for child in children),
        }
    return json.dumps(data, indent=4) + "\n"


# --- running config, version, lldp -------------------------------------------------------------


def config_db(catalog: Catalog, device: DeviceState) -> dict[str, dict[str, dict[str, str]]]:
    """The CONFIG_DB tables this lab models (BREAKOUT_CFG, DEVICE_METADATA, PORT)."""
    breakout = {
        parent: {"brkout_mode": mode_keyword(catalog, device.breakouts[parent], device.model.name)}
        for parent in sorted(device.breakouts, key=natural_key)
    }
    ports: dict[str, dict[str, str]] = {}
    for name in interfaces(device):
        config = device.interfaces[name]
        located = device.parent_of(name)
        cage = device.cage(located[0]) if located else None
        entry = {
            "admin_status": "up" if config.admin_up else "down",
            "alias": alias_of(device, name),
            "description": config.description,
            "fec": fec_keyword(catalog, device, name),
            "index": str(cage.n if cage else 0),
            "lanes": ",".join(str(lane) for lane in lanes_of(device, name)),
            "mtu": MTU,
            "speed": speed_mbps(speed_of(device, name)),
        }
        ports[name] = {key: value for key, value in sorted(entry.items()) if value is not None}
    metadata = {
        "localhost": {
            "hostname": device.hostname,
            "hwsku": platform_strings(device)[1],
            "mac": device.mac,
            "platform": platform_strings(device)[0],
            "type": "LeafRouter",
        }
    }
    return {"BREAKOUT_CFG": breakout, "DEVICE_METADATA": metadata, "PORT": ports}


def running_config(catalog: Catalog, device: DeviceState) -> str:
    """``show runningconfiguration all``: CONFIG_DB as ``sonic-cfggen -d --print-data`` does."""
    return json.dumps(config_db(catalog, device), indent=4) + "\n"


def _uptime(device: DeviceState, now: float) -> str:
    seconds = max(int(now - device.boot_time), 0)
    days, rest = divmod(seconds, 86400)
    hours, minutes = rest // 3600, rest % 3600 // 60
    clock = time.strftime("%H:%M:%S", time.gmtime(now))
    return (
        f"{clock} up {days} days, {hours:2d}:{minutes:02d},  1 user,  "
        "load average: 0.94, 1.07, 1.12"
    )


def version(device: DeviceState) -> str:
    """``show version`` (sonic-utilities show/main.py layout, Command-Reference example)."""
    now = time.time()
    build = device.version.removeprefix("SONiC.")
    return (
        "\n".join(
            [
                "",
                f"SONiC Software Version: {device.version}",
                "SONiC OS Version: 12",
                "Distribution: Debian 12.5",
                "Kernel: 6.1.0-11-2-amd64",
                "Build commit: 5f6c5e1c9",
                "Build date: Fri Mar 15 04:37:06 UTC 2024",
                "Built by: sonicbld@jenkins-agent-6",
                "",
                f"Platform: {platform_strings(device)[0]}",
                f"HwSKU: {platform_strings(device)[1]}",
                "ASIC: mellanox",
                "ASIC Count: 1",
                f"Serial Number: {device.serial}",
                "Model Number: MSN4700-WS2FO",
                "Hardware Revision: A1",
                f"Uptime: {_uptime(device, now)}",
                f"Date: {time.strftime('%a %d %b %Y %H:%M:%S', time.gmtime(now))}",
                "",
                "Docker images:",
                "REPOSITORY                    TAG                 IMAGE ID            SIZE",
                f"docker-syncd-mlnx             {build:<20}c2a6ef1d7e55        803MB",
                f"docker-orchagent              {build:<20}a1b34bd5a7c8        354MB",
                f"docker-lldp                   {build:<20}7f3ad0b4c1e2        345MB",
                f"docker-platform-monitor       {build:<20}3b0f5e6a9d41        467MB",
            ]
        )
        + "\n"
    )


def lldp_table(device: DeviceState, descriptions: dict[tuple[str, str], str]) -> str:
    """``show lldp table`` (lldpshow); descriptions: (system, port) -> remote port description."""
    rows = [
        [
            local,
            neighbor.system,
            neighbor.port,
            "BR",
            descriptions.get((neighbor.system, neighbor.port), ""),
        ]
        for local, neighbor in sorted(device.lldp.items(), key=lambda item: natural_key(item[0]))
    ]
    table = simple_table(
        ["LocalPort", "RemoteDevice", "RemotePortID", "Capability", "RemotePortDescr"],
        rows,
        right=False,
    )
    return (
        "Capability codes: (R) Router, (B) Bridge, (O) Other\n"
        + table
        + "-" * 50
        + "\n"
        + f"Total entries displayed:  {len(rows)}\n"
    )
