"""What a Cumulus Linux 5.x switch prints, from the lab's device state.

Layouts follow NVIDIA's Cumulus Linux 5.x documentation (``nv show platform transceiver``,
``nv show interface``: a header, a rule of dashes per column, columns two spaces apart) and
ethtool's CMIS / SFF-8636 decoders (``ethtool -m``: a tab, the label padded to 41 characters,
`` : `` and the value), and the applied config of ``nv config show -o commands`` (interfaces
of one setting written as ranges such as ``swp1-32``).
"""

from __future__ import annotations

import math
import shlex
from typing import TYPE_CHECKING

from nornir_optics.models import Breakout
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from nornir_optics.catalog import Catalog
    from nornir_optics.lab.state import DeviceState, Levels, Module

IDENTIFIERS = {
    "QSFP-DD": "0x18 (QSFP-DD Double Density 8X Pluggable Transceiver (INF-8628))",
    "QSFP-DD800": "0x18 (QSFP-DD Double Density 8X Pluggable Transceiver (INF-8628))",
    "OSFP": "0x19 (OSFP 8X Pluggable Transceiver)",
    "QSFP28": "0x11 (QSFP28)",
    "QSFP+": "0x0d (QSFP+)",
}
"""ethtool's Identifier line per form factor (SFF-8024 names)."""


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """An NVUE table: columns as wide as their widest cell, two spaces apart, a dashed rule."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(cells, widths, strict=True))

    return "\n".join([line(headers), line(["-" * w for w in widths]), *map(line, rows)]) + "\n"


def cages(device: DeviceState) -> list[str]:
    """The front-panel cages in natural order."""
    return sorted(device.breakouts, key=natural_key)


def platform_transceiver(device: DeviceState) -> str:
    """``nv show platform transceiver``: one row per plugged module."""
    rows = [
        [
            cage,
            module.form_factor,
            module.vendor,
            module.part_number,
            module.serial,
            module.revision,
        ]
        for cage in cages(device)
        if (module := device.modules.get(cage)) is not None
    ]
    headers = ["Transceiver", "Identifier", "Vendor name", "Vendor PN", "Vendor SN"]
    return table([*headers, "Vendor revision"], rows)


def _mw_dbm(dbm: float | None) -> str:
    if dbm is None or math.isinf(dbm):
        return "0.0000 mW / -inf dBm"
    return f"{10 ** (dbm / 10):.4f} mW / {dbm:.2f} dBm"


def _celsius(value: float) -> str:
    return f"{value:.2f} degrees C / {value * 9 / 5 + 32:.2f} degrees F"


def _row(label: str, value: str) -> str:
    return f"\t{label:<41} : {value}"


def _threshold_rows(label: str, levels: Levels, show: object) -> list[str]:
    values = {
        "high alarm": levels.high_alarm,
        "low alarm": levels.low_alarm,
        "high warning": levels.high_warning,
        "low warning": levels.low_warning,
    }
    return [
        _row(f"{label} {level} threshold", show(value))  # type: ignore[operator]
        for level, value in values.items()
    ]


def ethtool_module(module: Module) -> str:
    """``ethtool -m`` of a module, as ethtool's CMIS (or SFF-8636) decoder prints it."""
    lines = [
        _row("Identifier", IDENTIFIERS.get(module.form_factor, "0x18 (QSFP-DD)")),
        _row("Connector", "0x0c (MPO 1x12)"),
    ]
    if module.wavelength_nm:
        lines.append(_row("Laser wavelength", f"{module.wavelength_nm:.3f}nm"))
    lines += [
        _row("Vendor name", module.vendor),
        _row("Vendor OUI", "00:02:c9"),
        _row("Vendor PN", module.part_number),
        _row("Vendor rev", module.revision),
        _row("Vendor SN", module.serial),
        _row("Revision compliance", "Rev. 4.0"),
        _row("Module temperature", _celsius(module.temperature_c)),
        _row("Module voltage", f"{module.voltage_v:.4f} V"),
    ]
    for lane in module.lanes:
        bias = lane.tx_bias_ma if lane.tx_bias_ma is not None else 0.0
        lines.append(_row(f"Laser tx bias current (Channel {lane.number})", f"{bias:.3f} mA"))
    for lane in module.lanes:
        label = f"Transmit avg optical power (Channel {lane.number})"
        lines.append(_row(label, _mw_dbm(lane.tx_power_dbm)))
    for lane in module.lanes:
        label = f"Rcvr signal avg optical power (Channel {lane.number})"
        lines.append(_row(label, _mw_dbm(lane.rx_power_dbm)))
    limits = module.thresholds
    lines += _threshold_rows("Module temperature", limits.temperature_c, _celsius)
    lines += _threshold_rows("Module voltage", limits.voltage_v, lambda v: f"{v:.4f} V")
    lines += _threshold_rows("Laser bias current", limits.tx_bias_ma, lambda v: f"{v:.3f} mA")
    lines += _threshold_rows("Laser output power", limits.tx_power_dbm, _mw_dbm)
    lines += _threshold_rows("Laser rx power", limits.rx_power_dbm, _mw_dbm)
    return "\n".join(lines) + "\n"


NO_MODULE = "netlink error: Input/output error\n"
"""What ``ethtool -m`` prints for a port whose cage is empty (to stderr)."""


def ethtool(device: DeviceState, interface: str) -> str:
    """``sudo ethtool -m <swp>``: the module of the interface's cage, or the error."""
    located = device.parent_of(interface)
    module = device.modules.get(located[0]) if located else None
    return ethtool_module(module) if module is not None else NO_MODULE


def netdevs(device: DeviceState) -> list[str]:
    """The front-panel netdevs, as ``ls /sys/class/net`` sorts them (by name, not number)."""
    return sorted(device.interfaces)


def show_interface(device: DeviceState) -> str:
    """``nv show interface``: state, speed, MTU, type and the LLDP neighbour per interface."""
    rows = [
        ["eth0", "up", "1G", "1500", "eth", "", "", "IP Address: 192.0.2.10/24"],
        ["lo", "up", "", "65536", "loopback", "", "", "IP Address: 127.0.0.1/8"],
    ]
    for name in sorted(device.interfaces, key=natural_key):
        oper = device.oper.get(name)
        up = oper is not None and oper.up
        neighbor = device.lldp.get(name)
        rows.append(
            [
                name,
                "up" if up else "down",
                (oper.speed or "") if oper is not None and up else "",
                "9216",
                "swp",
                neighbor.system if neighbor and up else "",
                neighbor.port if neighbor and up else "",
                "",
            ]
        )
    rows.sort(key=lambda row: natural_key(row[0]))
    headers = ["Interface", "State", "Speed", "MTU", "Type", "Remote Host", "Remote Port"]
    return table([*headers, "Summary"], rows)


def ranges(names: Sequence[str]) -> str:
    """``swp1-3,swp5`` for swp1, swp2, swp3, swp5 (NVUE's interface ranges).

    >>> ranges(["swp1", "swp2", "swp3", "swp5", "swp7s0", "swp7s1"])
    'swp1-3,5,swp7s0-1'
    """
    groups: list[tuple[str, list[int]]] = []
    for name in sorted(names, key=natural_key):
        stem = name.rstrip("0123456789")
        number = int(name[len(stem) :])
        if groups and groups[-1][0] == stem and groups[-1][1][-1] == number - 1:
            groups[-1][1].append(number)
        else:
            groups.append((stem, [number]))
    parts: list[str] = []
    previous = ""
    for stem, numbers in groups:
        span = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
        parts.append(span if stem == previous else f"{stem}{span}")
        previous = stem
    return ",".join(parts)


def breakout_keyword(catalog: Catalog, device: DeviceState, mode: Breakout) -> str:
    """The ``link breakout`` value of a mode (the model's own where it has one)."""
    model = catalog.models.get(device.model.name)
    own = model.keywords.breakout.get(mode) if model and model.keywords else None
    entry = own or catalog.platforms["cumulus"].breakout.get(mode)
    return (entry.keyword if entry else None) or mode.value


def config_commands(catalog: Catalog, device: DeviceState) -> str:
    """``nv config show -o commands``: the applied config as ``nv set`` lines."""
    words = catalog.platforms["cumulus"]
    lines = [
        "nv set interface eth0 ip vrf mgmt",
        "nv set interface eth0 type eth",
        "nv set interface lo type loopback",
    ]
    for cage in cages(device):
        mode = device.breakouts[cage]
        if mode is not Breakout.NONE:
            lines.append(
                f"nv set interface {cage} link breakout {breakout_keyword(catalog, device, mode)}"
            )
    for name in sorted(device.interfaces, key=natural_key):
        config = device.interfaces[name]
        if config.description:
            lines.append(f"nv set interface {name} description {shlex.quote(config.description)}")
        if config.fec is not None and (keyword := words.fec[config.fec].keyword):
            lines.append(f"nv set interface {name} link fec {keyword}")
        if config.speed:
            lines.append(f"nv set interface {name} link speed {config.speed}")
        if not config.admin_up:
            lines.append(f"nv set interface {name} link state down")
    lines.append(f"nv set interface {ranges(list(device.interfaces))} type swp")
    lines.append(f"nv set system hostname {device.hostname}")
    return "\n".join(lines) + "\n"
