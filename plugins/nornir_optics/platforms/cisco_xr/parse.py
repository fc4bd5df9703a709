"""Cisco IOS-XR: optics inventory, per-lane DOM, breakout and application selection from CLI text.

Commands covered (keys of :data:`PARSERS`): ``show controllers optics`` (one port or ``*``),
``show controllers optics breakout-details``, ``show controllers optics appsel active``,
``show controllers optics appsel advertised``, ``show controllers optics appsel detailed``,
``show inventory``, ``show controllers`` (followed by an Ethernet interface such as
``HundredGigE0/0/0/0``: DOM and port state) and ``show controllers all phy``. The port argument
goes in the middle on IOS-XR (``show controllers optics 0/0/0/2 appsel active``): the keys leave
it out. XR counts lanes from 0; the model counts from 1.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from nornir_optics.catalog import load_catalog
from nornir_optics.platforms.common import (
    canonical,
    drop_module_placeholders,
    first_media_type,
    interface_inventory_name,
    inventory_rows,
    lane_reading,
    mw_to_dbm,
    set_number,
    to_count,
    to_float,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.facts import (
        DeviceFacts,
        LaneReading,
        Levels,
        Port,
        Thresholds,
        Transceiver,
    )

PLATFORM = "cisco_xr"
"""The platform key (netutils) this module parses."""

_PORT = re.compile(r"^\s*Port:\s*(?P<port>\S+)\s*$")
_KEY_VALUE = re.compile(r"^\s*(?P<key>[A-Za-z][^:=]*)[:=](?P<value>.*)$")
"""``Key : value`` or ``Key = value`` (the caller strips both): no two neighbouring quantifiers
can take the same characters, so the match is linear in the line."""
_LEVEL_NAMES = {
    "high alarm": "high_alarm",
    "low alarm": "low_alarm",
    "high warning": "high_warning",
    "low warning": "low_warning",
}
_OPTICS_THRESHOLDS = {
    "rx power threshold(dbm)": "rx_power_dbm",
    "tx power threshold(dbm)": "tx_power_dbm",
    "lbc threshold(ma)": "tx_bias_ma",
    "temp. threshold(celsius)": "temperature_c",
    "voltage threshold(volt)": "voltage_v",
}
_NUMBER = r"[-+]?\d+(?:\.\d+)?"


def _media_lanes(media_type: str | None) -> int | None:
    """Lanes that carry light according to the catalogue, if it knows the type."""
    optic = load_catalog().optic(media_type) if media_type else None
    return optic.lanes if optic is not None and optic.lanes else None


def _optics_port(text: str) -> str:
    """``Optics0/0/0/16`` from ``Optics0_0_0_16``, ``0/0/0/16`` or ``Optics0/0/0/16``."""
    name = text.strip().replace("_", "/")
    if name[:1].isdigit():
        name = f"Optics{name}"
    return canonical(name)


def _blocks(text: str, start: re.Pattern[str]) -> list[tuple[str, list[str]]]:
    """The output cut into (name, lines) blocks, each starting at a line ``start`` matches."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        match = start.match(line)
        if match:
            blocks.append((match.group(1), []))
        elif blocks:
            blocks[-1][1].append(line)
    return blocks


def _fields(lines: list[str]) -> dict[str, str]:
    """``key: value`` and ``key = value`` lines, keys lower-cased, first occurrence kept."""
    fields: dict[str, str] = {}
    for line in lines:
        match = _KEY_VALUE.match(line)
        if match:
            key, value = " ".join(match.group("key").lower().split()), match.group("value")
            fields.setdefault(key, value.strip())
    return fields


def _set_text(transceiver: Transceiver, key: str, value: str | None) -> None:
    if value and value.strip().upper() not in {"N/A", "UNAVAILABLE", "--"}:
        transceiver[key] = value.strip()  # type: ignore[literal-required]


def _lanes(
    readings: list[tuple[float | None, float | None, float | None]],
    carrying: int | None,
    *,
    supported: bool = True,
    los: set[int] | bool = False,
) -> list[LaneReading]:
    """Lanes 1..n from (rx dBm, tx dBm, bias mA) rows in lane order.

    ``los``: every lane (True) or the lanes (from 1) the output flags with loss of signal.
    """
    lanes: list[LaneReading] = []
    for number, (rx, tx, bias) in enumerate(readings, start=1):
        if carrying is not None and number > carrying:
            lanes.append(lane_reading(number, unused=True))
        elif not supported:
            lanes.append(lane_reading(number))
        else:
            dark = los is True or (isinstance(los, set) and number in los)
            lanes.append(lane_reading(number, rx=rx, tx=tx, bias=bias, los=dark))
    return lanes


def _optics_thresholds(lines: list[str]) -> Thresholds:
    """The THRESHOLD VALUES table, columns in the order its header gives."""
    thresholds: Thresholds = {}
    order: list[str] = []
    for line in lines:
        stripped = " ".join(line.split()).lower()
        if stripped.startswith("parameter ") and "alarm" in stripped:
            found = sorted((stripped.find(name), key) for name, key in _LEVEL_NAMES.items())
            order = [key for position, key in found if position >= 0]
            continue
        for label, quantity in _OPTICS_THRESHOLDS.items():
            if order and stripped.startswith(label):
                values = [to_float(v, quantity) for v in stripped[len(label) :].split()]
                levels = _set_levels(dict(zip(order, values, strict=False)))
                if levels:
                    thresholds[quantity] = levels  # type: ignore[literal-required]
    return thresholds


def _set_levels(levels: dict[str, float | None]) -> dict[str, float]:
    """The levels a module sets.

    Warnings printed 0 and 0 (both) are unset, as is every level of an all-zero row (a module
    without thresholds: copper, 1000BASE-T).
    """
    if levels.get("high_warning") == 0 and levels.get("low_warning") == 0:
        levels["high_warning"] = levels["low_warning"] = None
    if all(value in {0, None} for value in levels.values()):
        return {}
    return {key: value for key, value in levels.items() if value is not None}


_OPTICS_LANE = re.compile(
    rf"^\s*(?P<lane>\d+)\s+(?P<bias>{_NUMBER}|N/A)\s*mA\s+(?P<tx>-\s?inf|\S+)\s*dBm\s+(?P<rx>-\s?inf|\S+)\s*dBm",
    re.IGNORECASE,
)


def _optics_block(port: str, lines: list[str]) -> Transceiver:
    transceiver: Transceiver = {"port": port, "present": True}
    if any(line.strip() == "Optics not present" for line in lines):
        transceiver["present"] = False
        return transceiver
    fields = _fields(lines)
    _set_text(transceiver, "form_factor", fields.get("form factor"))
    _set_text(transceiver, "vendor", fields.get("name"))
    _set_text(transceiver, "part_number", fields.get("part number"))
    _set_text(transceiver, "serial", fields.get("serial number"))
    _set_text(transceiver, "revision", fields.get("rev number"))
    _set_text(transceiver, "firmware", fields.get("active"))
    raw_type = fields.get("optics type", "")
    _set_text(transceiver, "media_type_raw", raw_type)
    media_type = first_media_type(fields.get("pid"), raw_type)
    if media_type:
        transceiver["media_type"] = media_type
    set_number(transceiver, "wavelength_nm", to_float(fields.get("wavelength")) or None)
    dom = fields.get("dom data status", "").lower() not in {"not applicable", "not supported"}
    if dom:
        temperature = to_float(fields.get("temperature"), "temperature_c")
        set_number(transceiver, "temperature_c", temperature)
        set_number(transceiver, "voltage_v", to_float(fields.get("voltage"), "voltage_v"))
        drop_module_placeholders(transceiver)
        thresholds = _optics_thresholds(lines)
        if thresholds:
            transceiver["thresholds"] = thresholds
    readings = [
        (
            to_float(row.group("rx"), "rx_power_dbm"),
            to_float(row.group("tx"), "tx_power_dbm"),
            to_float(row.group("bias"), "tx_bias_ma"),
        )
        for row in map(_OPTICS_LANE.match, lines)
        if row
    ] or _single_lane(fields)
    if readings:
        transceiver["lanes"] = _lanes(
            readings, _media_lanes(media_type), supported=dom, los=_los_lanes(lines)
        )
    return transceiver


def _single_lane(fields: dict[str, str]) -> list[tuple[float | None, float | None, float | None]]:
    """The one lane of a module without a lane table.

    ``TX Power = 0.99 dBm``, ``RX Power = ...``; ``Laser Bias Current`` only in mA, not in %.
    """
    tx_text = fields.get("actual tx power", fields.get("tx power"))
    rx_text = fields.get("rx power")
    if tx_text is None and rx_text is None:
        return []
    bias_text = fields.get("laser bias current", "")
    bias = to_float(bias_text, "tx_bias_ma") if bias_text.lower().endswith("ma") else None
    return [(to_float(rx_text, "rx_power_dbm"), to_float(tx_text, "tx_power_dbm"), bias)]


_LOS = re.compile(r"\bRX(?P<lane>\d*)[-_]LOS\b", re.IGNORECASE)


def _los_lanes(lines: list[str]) -> set[int] | bool:
    """Lanes the ``Detected LOS/LOL/FAULT`` line flags (``RX-LOS``: every lane, True)."""
    flagged: set[int] = set()
    for line in lines:
        if "detected los" not in line.lower():
            continue
        for match in _LOS.finditer(line.partition(":")[2]):
            if not match.group("lane"):
                return True
            flagged.add(int(match.group("lane")))
    return flagged


_OPTICS_ECHO = re.compile(r"\bcontrollers?\s+optics\s+(?P<port>(?:Optics)?\d\S*)", re.IGNORECASE)
_SINGLE_PORT_MARKS = (
    "Optics Status",
    "Transceiver Vendor Details",
    "Optics not present",
    "App-ID",
    "Application code information",
    "Host Lane Count",
)
UNKNOWN_PORT = "unknown"
"""The port of a single-port output that names none (no ``Port:`` header, no command echo)."""


def port_blocks(text: str) -> list[tuple[str, list[str]]]:
    r"""``show controllers optics`` cut into (port, lines): by ``Port:`` headers, else one block.

    A single-port output (``show controllers optics 0/2/0/4``) prints no ``Port:`` header on
    many releases: its port comes from the command echo when the capture has one, else it is
    :data:`UNKNOWN_PORT`.

    >>> port_blocks("#show controllers optics 0/2/0/4\n Optics Status\n")[0][0]
    'Optics0/2/0/4'
    >>> port_blocks(" Optics Status\n")[0][0]
    'unknown'
    """
    blocks = [(_optics_port(name), lines) for name, lines in _blocks(text, _PORT)]
    if blocks or not any(mark in text for mark in _SINGLE_PORT_MARKS):
        return blocks
    echo = _OPTICS_ECHO.search(text)
    name = echo.group("port") if echo and echo.group("port") != "*" else ""
    return [(_optics_port(name) if name else UNKNOWN_PORT, text.splitlines())]


def parse_show_controllers_optics(text: str) -> DeviceFacts:
    r"""Optics of one port or all (``*``): vendor details, thresholds and per-lane DOM.

    >>> facts = parse_show_controllers_optics(" Port:    Optics0/2/0/0\n\t Optics not present\n")
    >>> facts["transceivers"]["Optics0/2/0/0"]["present"]
    False
    """
    return {"transceivers": {port: _optics_block(port, lines) for port, lines in port_blocks(text)}}


def parse_show_controllers_optics_breakout(text: str) -> DeviceFacts:
    r"""The breakout of a cage from ``show controllers optics <port> breakout-details``.

    >>> parse_show_controllers_optics_breakout(
    ...     "Optics Port : Optics0_0_0_16\nNo:of Breakouts : 4\nInterface Speed : 10G"
    ... )["ports"]["Optics0/0/0/16"]["breakout"]
    '4x10G'
    """
    ports: dict[str, Port] = {}
    port = ""
    count = 0
    for line in text.splitlines():
        key, _, value = (" ".join(part.split()) for part in line.partition(":"))
        key = key.lower()
        if key == "optics port":
            port = _optics_port(value)
        elif key == "no" and "breakouts" in value.lower():
            count = to_count(value.rpartition(":")[2]) or 0
        elif key == "interface speed" and port:
            mode = f"{count}x{value}" if count > 1 else "none"
            ports[port] = {"name": port, "breakout": mode}
    return {"ports": ports}


def _lane_counts(transceiver: Transceiver, host: str | None, media: str | None) -> None:
    host_lanes, media_lanes = to_count(host), to_count(media)
    if host_lanes:
        transceiver["host_lanes"] = host_lanes
    if media_lanes:
        transceiver["media_lanes"] = media_lanes


def parse_show_controllers_optics_appsel_active(text: str) -> DeviceFacts:
    r"""Host and media lane counts of the active application.

    The output names no port: it comes from the command echo when the capture has one.

    >>> parse_show_controllers_optics_appsel_active(
    ...     "# sh controllers optics 0/0/0/2 appsel active\n Host Lane Count :4\n"
    ... )["transceivers"]["Optics0/0/0/2"]["host_lanes"]
    4
    """
    blocks = port_blocks(text)
    if not blocks or blocks[0][0] == UNKNOWN_PORT:
        return {"transceivers": {}}
    port = blocks[0][0]
    fields = _fields(text.splitlines())
    transceiver: Transceiver = {"port": port, "present": True}
    _lane_counts(transceiver, fields.get("host lane count"), fields.get("media lane count"))
    return {"transceivers": {port: transceiver}}


def _table_rows(lines: list[str]) -> list[list[str]]:
    """Cells of the ``|``-separated data rows (those starting with an App-ID number)."""
    rows = []
    for line in lines:
        cells = [cell.strip() for cell in line.split("|")]
        if len(cells) > 1 and cells[0].isdigit():
            rows.append(cells)
    return rows


def parse_show_controllers_optics_appsel_detailed(text: str) -> DeviceFacts:
    r"""Host and media lane counts of each port's first application (App-ID 1).

    >>> parse_show_controllers_optics_appsel_detailed(
    ...     " Port:    Optics0/0/0/3\n  1  |  29  |  1  |  8  |  4  |  0x0  |  0x0  |  Yes  |"
    ... )["transceivers"]["Optics0/0/0/3"]["media_lanes"]
    4
    """
    transceivers: dict[str, Transceiver] = {}
    for port, lines in port_blocks(text):
        transceiver: Transceiver = {"port": port, "present": True}
        rows = _table_rows(lines)
        if rows and len(rows[0]) > 4:
            _lane_counts(transceiver, rows[0][3], rows[0][4])
        transceivers[port] = transceiver
    return {"transceivers": transceivers}


def parse_show_controllers_optics_appsel_advertised(text: str) -> DeviceFacts:
    r"""The ports that hold a module advertising applications.

    >>> parse_show_controllers_optics_appsel_advertised(" Port:    Optics0/0/0/1\n")
    {'transceivers': {'Optics0/0/0/1': {'port': 'Optics0/0/0/1', 'present': True}}}
    """
    ports = (port for port, _ in port_blocks(text))
    return {"transceivers": {port: {"port": port, "present": True} for port in ports}}


_MAU = re.compile(r"^module mau\s+(?P<where>\S+)$", re.IGNORECASE)
_IDPROM = re.compile(r"^(?P<port>[A-Za-z][A-Za-z-]*\d+(?:/\d+)+)-IDPROM$", re.IGNORECASE)
_PORT_INDEX = re.compile(r"^\d+/\d+-PORT-\d+$", re.IGNORECASE)
_LOCATION = re.compile(r"^\d+(?:/\w+)+$")


def inventory_port(name: str) -> str | None:
    """The port an IOS-XR inventory NAME stands for, None for an entry that is no optic.

    Optics are named after their interface (``HundredGigE0/0/0/30``), with ``-IDPROM`` in
    ``show inventory raw`` (``FourHundredGigE0/0/0/28-IDPROM``), as ``module mau <location>``
    (ASR 9000: ``module mau 0/0/1/1``, ``module mau TenGigE0/4/CPU0/14``) or by the line card's
    port index (NCS 5500: ``0/0-PORT-4``). Names the output gives no interface for are kept as
    printed.

    >>> inventory_port("FourHundredGigE0/0/0/28-IDPROM"), inventory_port("module mau 0/0/1/1")
    ('FourHundredGigabitEthernet0/0/0/28', '0/0/1/1')
    >>> inventory_port("module 0/0/CPU0"), inventory_port("0/0-PORT-4")
    (None, '0/0-PORT-4')
    """
    text = name.strip()
    if (idprom := _IDPROM.match(text)) is not None:
        return canonical(idprom.group("port"))
    if (mau := _MAU.match(text)) is not None:
        where = mau.group("where")
        return canonical(where) if where[:1].isalpha() else where
    if _PORT_INDEX.match(text):
        return text
    return interface_inventory_name(text)


def parse_show_inventory(text: str) -> DeviceFacts:
    r"""Transceivers from ``show inventory`` rows named after an interface.

    >>> rows = 'NAME: "Hu0/0/0/30", DESCR: "QSFP28 100G CWDM4"\nPID: Q.1 , VID: 01, SN: F7\n'
    >>> parse_show_inventory(rows)["transceivers"]["HundredGigabitEthernet0/0/0/30"]["media_type"]
    '100G-CWDM4'
    """
    transceivers: dict[str, Transceiver] = {}
    for port, descr, pid, _, serial in inventory_rows(text, inventory_port):
        transceiver: Transceiver = {"port": port, "present": True}
        _set_text(transceiver, "part_number", pid)
        _set_text(transceiver, "serial", serial)
        _set_text(transceiver, "media_type_raw", descr)
        media_type = first_media_type(pid, descr)
        if media_type:
            transceiver["media_type"] = media_type
        transceivers[port] = transceiver
    return {"transceivers": transceivers}


_CONTROLLER = re.compile(r"^Operational data for interface (\S+?):?\s*$")
_CONTROLLER_LANE = re.compile(
    rf"^\s*\d+\s+(?:n/a|{_NUMBER})\s+(?P<tx>{_NUMBER}|-\s?inf)\s+(?P<tx_mw>{_NUMBER})\s+"
    rf"(?P<rx>{_NUMBER}|-\s?inf)\s+(?P<rx_mw>{_NUMBER})\s+(?P<bias>{_NUMBER}|n/a)\s*$",
    re.IGNORECASE,
)
_CONTROLLER_THRESHOLDS = {
    "transceiver temp (c)": "temperature_c",
    "transceiver voltage (v)": "voltage_v",
    "laser bias (ma)": "tx_bias_ma",
    "transmit power (dbm)": "tx_power_dbm",
    "receive power (dbm)": "rx_power_dbm",
}


def _controller_thresholds(lines: list[str]) -> Thresholds:
    """Alarm high, warning high, warning low, alarm low; unset levels (0 and 0, -inf) left out."""
    thresholds: Thresholds = {}
    for line in lines:
        label, _, rest = line.strip().partition(":")
        quantity = _CONTROLLER_THRESHOLDS.get(label.lower())
        if not quantity:
            continue
        values = [to_float(value) for value in rest.split()]
        if len(values) != 4:
            continue
        high_alarm, high_warning, low_warning, low_alarm = values
        if high_warning == 0 and low_warning == 0:
            high_warning = low_warning = None
        levels: Levels = {}
        for key, value in (
            ("high_alarm", high_alarm),
            ("high_warning", high_warning),
            ("low_warning", low_warning),
            ("low_alarm", low_alarm),
        ):
            if value is not None and not math.isinf(value):
                levels[key] = value  # type: ignore[literal-required]
        if levels:
            thresholds[quantity] = levels  # type: ignore[literal-required]
    return thresholds


def _controller_state(port: str, fields: dict[str, str]) -> Port:
    state: Port = {"name": port}
    admin = fields.get("administrative state", "").lower()
    if admin:
        state["admin"] = "up" if admin in {"enabled", "up"} else "down"
    oper = fields.get("operational state", "").lower()
    if oper:
        state["oper"] = "up" if oper == "up" else "down"
    speed = fields.get("speed", "")
    if speed:
        state["speed"] = speed.removesuffix("bps")
    fec = fields.get("forward error correction", "")
    if fec:
        state["fec"] = "none" if fec.lower() == "disabled" else fec
    return state


def _controller_block(port: str, lines: list[str]) -> tuple[Transceiver, Port]:
    fields = _fields(lines)
    transceiver: Transceiver = {"port": port, "present": "vendor" in fields}
    _set_text(transceiver, "vendor", fields.get("vendor"))
    _set_text(transceiver, "part_number", fields.get("part number"))
    _set_text(transceiver, "serial", fields.get("serial number"))
    _set_text(transceiver, "media_type_raw", fields.get("media type"))
    media_type = first_media_type(fields.get("part number"), fields.get("media type"))
    if media_type:
        transceiver["media_type"] = media_type
    set_number(transceiver, "wavelength_nm", to_float(fields.get("wavelength")) or None)
    set_number(transceiver, "temperature_c", to_float(fields.get("transceiver temp")))
    set_number(transceiver, "voltage_v", to_float(fields.get("transceiver voltage")))
    thresholds = _controller_thresholds(lines)
    if thresholds:
        transceiver["thresholds"] = thresholds
    readings = [
        (to_float(row.group("rx")), to_float(row.group("tx")), to_float(row.group("bias")))
        for row in map(_CONTROLLER_LANE.match, lines)
        if row
    ]
    if readings:
        transceiver["lanes"] = _lanes(readings, _media_lanes(media_type))
    return transceiver, _controller_state(port, fields)


def parse_show_controllers_interface(text: str) -> DeviceFacts:
    r"""Port state and module DOM from ``show controllers <Ethernet interface>``.

    >>> out = "Operational data for interface HundredGigE0/0/0/0:\n    Operational state: Up\n"
    >>> parse_show_controllers_interface(out)["ports"]["HundredGigabitEthernet0/0/0/0"]["oper"]
    'up'
    """
    transceivers: dict[str, Transceiver] = {}
    ports: dict[str, Port] = {}
    for name, lines in _blocks(text, _CONTROLLER):
        port = canonical(name)
        transceiver, state = _controller_block(port, lines)
        transceivers[port] = transceiver
        ports[port] = state
    return {"transceivers": transceivers, "ports": ports}


_PHY = re.compile(r"^PHY data for interface:\s*(\S+)\s*$")
_PHY_POWER = re.compile(
    rf"(?<![\d.])(?P<mw>{_NUMBER})\s*mW\s*\((?P<dbm>{_NUMBER}|-\s?inf)\s*dBm\)", re.IGNORECASE
)
"""``0.4 mW (-3.9 dBm)``; the number starts where no digit precedes it (a linear search)."""
_PHY_LANE = re.compile(
    rf"^\s*(?P<lane>\d+)\s+(?:N/A|{_NUMBER}\s*C)\s+(?P<bias>{_NUMBER}|N/A)\s*mAmps\s+(?P<rest>.*)$"
)


def _phy_power(text: str) -> list[float | None]:
    """Powers in dBm from ``mW (dBm)`` pairs; from mW where the dBm is missing."""
    powers: list[float | None] = []
    for match in _PHY_POWER.finditer(text):
        dbm = to_float(match.group("dbm"))
        powers.append(dbm if dbm is not None else mw_to_dbm(to_float(match.group("mw"))))
    return powers


def _phy_thresholds(lines: list[str]) -> Thresholds:
    """Module and lane threshold rows: alarm high, warning high, warning low, alarm low."""
    thresholds: Thresholds = {}
    order = ("high_alarm", "high_warning", "low_warning", "low_alarm")
    for line in lines:
        label, _, rest = line.strip().partition(":")
        label = label.strip().lower()
        if label in {"temperature", "voltage", "bias"}:
            values = [to_float(v) for v in re.findall(rf"{_NUMBER}", rest)]
        elif label in {"transmit power", "receive power"}:
            values = _phy_power(rest)
        else:
            continue
        if len(values) != len(order):
            continue
        quantity = {
            "temperature": "temperature_c",
            "voltage": "voltage_v",
            "bias": "tx_bias_ma",
            "transmit power": "tx_power_dbm",
            "receive power": "rx_power_dbm",
        }[label]
        thresholds[quantity] = {  # type: ignore[literal-required]
            key: value for key, value in zip(order, values, strict=True) if value is not None
        }
    return thresholds


def _phy_block(port: str, lines: list[str]) -> Transceiver:
    fields = _fields(lines)
    transceiver: Transceiver = {"port": port, "present": bool(fields.get("vendor name"))}
    _set_text(transceiver, "form_factor", fields.get("xcvr type"))
    _set_text(transceiver, "vendor", fields.get("vendor name"))
    part = re.match(
        r"(?P<pn>\S+)(?:\s*\(rev\.:\s*(?P<rev>[^)]*?)\s*\))?", fields.get("vendor part number", "")
    )
    if part:
        _set_text(transceiver, "part_number", part.group("pn"))
        _set_text(transceiver, "revision", part.group("rev"))
    _set_text(transceiver, "serial", fields.get("vendor serial number"))
    compliance = fields.get("ethernet compliance codes", "").strip().strip(",").strip()
    _set_text(transceiver, "media_type_raw", compliance)
    media_type = first_media_type(fields.get("product id"), compliance)
    if media_type:
        transceiver["media_type"] = media_type
    wavelength = to_float(fields.get("wavelength"))
    if wavelength:
        transceiver["wavelength_nm"] = wavelength
    module = [
        line
        for line in lines
        if re.match(rf"^\s*(Temperature|Voltage):\s*{_NUMBER}\s*\S*\s*$", line)
    ]
    for line in module:
        label, _, value = line.strip().partition(":")
        quantity = "temperature_c" if label == "Temperature" else "voltage_v"
        number = to_float(value)
        if number is not None:
            transceiver[quantity] = number  # type: ignore[literal-required]
    thresholds = _phy_thresholds(lines)
    if thresholds:
        transceiver["thresholds"] = thresholds
    readings: list[tuple[float | None, float | None, float | None]] = []
    for line in lines:
        row = _PHY_LANE.match(line)
        if row:
            powers = _phy_power(row.group("rest"))
            tx, rx = [*powers, None, None][:2]
            readings.append((rx, tx, to_float(row.group("bias"))))
    if readings:
        transceiver["lanes"] = _lanes(readings, _media_lanes(media_type))
    return transceiver


def parse_show_controllers_all_phy(text: str) -> DeviceFacts:
    r"""Module EEPROM, thresholds and per-lane DOM from ``show controllers all phy``.

    >>> parse_show_controllers_all_phy(
    ...     "PHY data for interface: FortyGigE0/1/1/0\n        Vendor Name: CISCO\n"
    ... )["transceivers"]["FortyGigabitEthernet0/1/1/0"]["vendor"]
    'CISCO'
    """
    blocks = _blocks(text, _PHY)
    if not blocks and _blocks(text, _CONTROLLER):
        return parse_show_controllers_interface(text)  # the same command on other releases
    return {
        "transceivers": {
            canonical(name): _phy_block(canonical(name), lines) for name, lines in blocks
        }
    }


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show controllers optics": parse_show_controllers_optics,
    "show controllers optics breakout-details": parse_show_controllers_optics_breakout,
    "show controllers optics appsel active": parse_show_controllers_optics_appsel_active,
    "show controllers optics appsel advertised": parse_show_controllers_optics_appsel_advertised,
    "show controllers optics appsel detailed": parse_show_controllers_optics_appsel_detailed,
    "show inventory": parse_show_inventory,
    "show controllers": parse_show_controllers_interface,
    "show controllers all phy": parse_show_controllers_all_phy,
}
"""Parse function per command, as a user types it (without the port argument)."""
