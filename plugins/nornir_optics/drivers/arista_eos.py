"""Arista EOS: transceiver inventory, per-lane DOM, thresholds and port state from show commands.

EOS lists DOM per channel interface (``Et3/17/1``, ``Et3/17/2``, ...). The parsers fold the
channel interfaces of one cage into one transceiver, keyed by the cage's first interface, with
lanes numbered 1..n in channel order; ``ports`` keeps which channel interface each lane came
from (``media_lanes``).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from nornir_optics.catalog import load_catalog
from nornir_optics.drivers.common import canonical, lane_reading, to_float

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from nornir_optics.facts import DeviceFacts, Levels, Port, Thresholds, Transceiver

_FORM_FACTOR_PREFIX = re.compile(
    r"^(?:Q?SFP(?:\+|28|56|112)?(?:-DD)?|QDD|OSFP|CFP\d?|XFP)-", flags=re.IGNORECASE
)
_LEVELS: dict[str, Literal["high_alarm", "high_warning", "low_warning", "low_alarm"]] = {
    "high alarm": "high_alarm",
    "high warn": "high_warning",
    "low warn": "low_warning",
    "low alarm": "low_alarm",
}
_QUANTITIES = {
    "temperature": "temperature_c",
    "voltage": "voltage_v",
    "current": "tx_bias_ma",
    "tx power": "tx_power_dbm",
    "rx power": "rx_power_dbm",
}
_READINGS = re.compile(r"\([^)]*\)")
_INTERFACE = re.compile(r"^(?:Et|Ethernet|Ma|Management)\S*\d", flags=re.IGNORECASE)


@dataclass
class _Channel:
    """What the output says about one channel interface."""

    name: str
    temperature: float | None = None
    voltage: float | None = None
    bias: float | None = None
    tx: float | None = None
    rx: float | None = None
    serial: str | None = None
    media: str | None = None
    thresholds: dict[str, Levels] = field(default_factory=dict)


def media_type_of(raw: str) -> str | None:
    """The catalogue name a vendor's type string maps to, trying the whole and obvious parts.

    >>> media_type_of("QSFP-DD-400G-DR4"), media_type_of("CFP2-100G-LR4"), media_type_of("1G")
    ('400GBASE-DR4', '100GBASE-LR4', None)
    """
    catalog = load_catalog()
    candidates = [raw, *re.split(r"\s+or\s+|[:,;]", raw)]
    for candidate in candidates:
        text = candidate.strip()
        for variant in (text, text.replace(" ", ""), _FORM_FACTOR_PREFIX.sub("", text)):
            optic = catalog.optic_for_alias(variant) if variant else None
            if optic is not None:
                return optic.name
    return None


def _cage_and_channel(name: str) -> tuple[str, int]:
    """The cage part of a channel interface name and its channel number (0 when unsplit)."""
    cage, _, channel = name.rpartition("/")
    if cage and channel.isdigit():
        return cage, int(channel)
    return name, 0


def _signature(channel: _Channel) -> tuple[object, ...] | None:
    """What identifies the module behind a channel, when the output says."""
    if channel.serial:
        return (channel.serial,)
    if channel.temperature is not None and channel.voltage is not None:
        return (channel.temperature, channel.voltage)
    return None


def _fold(channels: Iterable[_Channel]) -> list[list[_Channel]]:
    """Channel interfaces grouped by cage, each group in channel order.

    Channels of one cage share the name up to the last ``/``; a channel whose module readings
    (serial, or temperature and voltage) differ from its cage's starts a cage of its own, so
    the single-lane ports of a modular linecard (``Et3/1``, ``Et3/2``) stay apart.
    """
    by_prefix: dict[str, list[_Channel]] = {}
    for channel in channels:
        by_prefix.setdefault(_cage_and_channel(channel.name)[0], []).append(channel)
    cages: list[list[_Channel]] = []
    for members in by_prefix.values():
        members.sort(key=lambda c: _cage_and_channel(c.name)[1])
        current: list[_Channel] = []
        known: tuple[object, ...] | None = None
        for channel in members:
            mine = _signature(channel)
            if current and known is not None and mine is not None and mine != known:
                cages.append(current)
                current, known = [], None
            current.append(channel)
            known = known or mine
        cages.append(current)
    return cages


def _first(values: Iterable[float | None]) -> float | None:
    return next((value for value in values if value is not None), None)


def _module(cage: list[_Channel]) -> Transceiver:
    """The module-level facts of one cage: type, serial, temperature, voltage, thresholds."""
    xcvr: Transceiver = {"port": cage[0].name, "present": True}
    if media := next((c.media for c in cage if c.media), None):
        if (name := media_type_of(media)) is not None:
            xcvr["media_type"] = name
        xcvr["media_type_raw"] = media
    if serial := next((c.serial for c in cage if c.serial), None):
        xcvr["serial"] = serial
    if (temperature := _first(c.temperature for c in cage)) is not None:
        xcvr["temperature_c"] = temperature
    if (voltage := _first(c.voltage for c in cage)) is not None:
        xcvr["voltage_v"] = voltage
    thresholds: Thresholds = {}
    for channel in cage:
        for quantity, levels in channel.thresholds.items():
            thresholds.setdefault(quantity, levels)  # type: ignore[misc]
    if thresholds:
        xcvr["thresholds"] = thresholds
    return xcvr


def _facts_from_channels(channels: list[_Channel], *, lanes_always: bool = True) -> DeviceFacts:
    """Transceivers (one per cage) and ports (one per channel interface) from channel rows.

    Lanes are listed when the command carries them (``lanes_always``) or when some channel
    has a lane reading.
    """
    transceivers: dict[str, Transceiver] = {}
    ports: dict[str, Port] = {}
    for cage in _fold(channels):
        xcvr = _module(cage)
        optic = load_catalog().optics.get(xcvr.get("media_type", ""))
        media_lanes = optic.lanes if optic is not None else 0
        lanes = []
        for number, channel in enumerate(cage, start=1):
            unused = bool(media_lanes) and number > media_lanes
            lanes.append(
                lane_reading(number, rx=channel.rx, tx=channel.tx, bias=channel.bias, unused=unused)
            )
            ports[channel.name] = {"name": channel.name, "media_lanes": [number]}
        if lanes_always or any(
            c.rx is not None or c.tx is not None or c.bias is not None for c in cage
        ):
            xcvr["lanes"] = lanes
        transceivers[xcvr["port"]] = xcvr
    return {"transceivers": transceivers, "ports": ports}


def parse_transceiver(text: str) -> DeviceFacts:
    """Module temperature and voltage, and per-lane bias, Tx and Rx power, from the DOM table.

    Args:
        text: output of ``show interfaces transceiver`` (optionally for some interfaces).

    Returns:
        One transceiver per cage with its lanes, and one port per channel interface.
    """
    channels: list[_Channel] = []
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 6 or not _INTERFACE.match(fields[0]):  # noqa: PLR2004
            continue
        temperature, voltage, bias, tx, rx = (to_float(value) for value in fields[1:6])
        channels.append(
            _Channel(canonical(fields[0]), temperature, voltage, bias=bias, tx=tx, rx=rx)
        )
    return _facts_from_channels(channels)


def parse_transceiver_detail(text: str) -> DeviceFacts:
    """Readings and alarm/warning thresholds from the per-quantity threshold tables.

    Args:
        text: output of ``show interfaces transceiver detail``.

    Returns:
        One transceiver per cage with temperature, voltage, thresholds and lanes.
    """
    channels: dict[str, _Channel] = {}
    levels: list[str] = []
    quantity: str | None = None
    for line in text.splitlines():
        if "High Alarm" in line or "Low Alarm" in line:
            levels = [
                _LEVELS[match.lower()]
                for match in re.findall(r"(?:High|Low)\s+(?:Alarm|Warn)", line)
            ]
            quantity = None
            continue
        if quantity is None and levels and "Threshold" in line:
            head = line.split("Threshold", 1)[0].strip().lower()
            quantity = _QUANTITIES.get(head)
            continue
        fields = _READINGS.sub(" ", line).split()
        if quantity is None or not fields or not _INTERFACE.match(fields[0]):
            continue
        name = canonical(fields[0])
        channel = channels.setdefault(name, _Channel(name))
        value = to_float(fields[1]) if len(fields) > 1 else None
        _set_reading(channel, quantity, value)
        limits: Levels = {}
        for level, raw in zip(levels, fields[2:], strict=False):
            number = to_float(raw)
            if number is not None and not math.isinf(number):
                limits[level] = number  # type: ignore[literal-required]
        if limits:
            channel.thresholds[quantity] = limits
    return _facts_from_channels(list(channels.values()), lanes_always=False)


def _set_reading(channel: _Channel, quantity: str, value: float | None) -> None:
    """Store a reading of one quantity on its channel."""
    attribute = {
        "temperature_c": "temperature",
        "voltage_v": "voltage",
        "tx_bias_ma": "bias",
        "tx_power_dbm": "tx",
        "rx_power_dbm": "rx",
    }[quantity]
    setattr(channel, attribute, value)


def parse_transceiver_json(text: str) -> DeviceFacts:
    """Module serial, type, temperature, voltage and per-lane DOM from the structured output.

    Args:
        text: output of ``show interfaces transceiver | json`` (eAPI JSON).

    Returns:
        One transceiver per cage with its lanes, and one port per channel interface.
    """
    data: dict[str, Any] = json.loads(text)
    channels: list[_Channel] = []
    for name, entry in (data.get("interfaces") or {}).items():
        channels.append(
            _Channel(
                canonical(name),
                temperature=to_float(entry.get("temperature")),
                voltage=to_float(entry.get("voltage")),
                bias=to_float(entry.get("txBias")),
                tx=to_float(entry.get("txPower")),
                rx=to_float(entry.get("rxPower")),
                serial=_text(entry.get("vendorSn")),
                media=_text(entry.get("mediaType")),
            )
        )
    return _facts_from_channels(channels)


def _text(value: object) -> str | None:
    """A string field, None when absent, empty or N/A."""
    if not isinstance(value, str):
        return None
    stripped = value.strip()
    return stripped if stripped and stripped.upper() != "N/A" else None


def parse_transceiver_hardware(text: str) -> DeviceFacts:
    """Presence, media type and wavelength of each cage.

    Args:
        text: output of ``show interfaces transceiver hardware``.

    Returns:
        One transceiver per ``Name:`` block.
    """
    transceivers: dict[str, Transceiver] = {}
    xcvr: Transceiver | None = None
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip()
        if key == "name":
            name = canonical(value)
            xcvr = transceivers[name] = {"port": name, "present": True}
        elif xcvr is None:
            continue
        elif key == "module presence":
            xcvr["present"] = value.lower() not in {"not detected", "not present", "absent"}
        elif key == "media type" and _text(value):
            if (media_type := media_type_of(value)) is not None:
                xcvr["media_type"] = media_type
            xcvr["media_type_raw"] = value
        elif key == "wavelength (nm)" and (wavelength := to_float(value)) is not None:
            xcvr["wavelength_nm"] = wavelength
    return {"transceivers": transceivers}


def parse_inventory(text: str) -> DeviceFacts:
    """Vendor, part number, serial and revision of each module from the transceiver section.

    Args:
        text: output of ``show inventory``.

    Returns:
        One transceiver per transceiver slot listed, keyed ``Ethernet<slot>``.
    """
    transceivers: dict[str, Transceiver] = {}
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if "transceiver slots" in line), None)
    if start is None:
        return {"transceivers": transceivers}
    columns: list[tuple[int, int]] = []
    for line in lines[start + 1 :]:
        if line.startswith("System has"):
            break
        if set(line.strip()) <= {"-", " "} and line.strip():
            columns = [m.span() for m in re.finditer(r"-+", line)]
            continue
        if not columns or not line.strip() or not line.split()[0][0].isdigit():
            continue
        slot, vendor, model, serial, revision = _inventory_row(line, columns)
        name = canonical(f"Ethernet{slot}")
        xcvr: Transceiver = {"port": name, "present": bool(model or serial)}
        if vendor.lower() == "not present":
            xcvr["present"] = False
        for key, value in (
            ("vendor", vendor),
            ("part_number", model),
            ("serial", serial),
            ("revision", revision),
        ):
            if xcvr["present"] and _text(value):
                xcvr[key] = value  # type: ignore[literal-required]
        if model and (media_type := media_type_of(model)) is not None:
            xcvr["media_type"] = media_type
        transceivers[name] = xcvr
    return {"transceivers": transceivers}


def _inventory_row(line: str, columns: list[tuple[int, int]]) -> tuple[str, str, str, str, str]:
    """Slot, manufacturer, model, serial and revision of one row.

    Columns come from the dashes under the header; where the row does not line up with them
    (whitespace collapsed), fields are taken from the right, the manufacturer keeping spaces.
    """
    aligned = len(columns) == 5 and all(  # noqa: PLR2004
        start == 0 or start > len(line) or line[start - 1] == " " for start, _ in columns
    )
    if aligned:
        bounds = [start for start, _ in columns[1:]]
        cells = [
            line[begin:end].strip()
            for begin, end in zip([0, *bounds], [*bounds, len(line)], strict=True)
        ]
        return cells[0], cells[1], cells[2], cells[3], cells[4]
    fields = line.split()
    if len(fields) >= 5:  # noqa: PLR2004
        return fields[0], " ".join(fields[1:-3]), fields[-3], fields[-2], fields[-1]
    return fields[0], " ".join(fields[1:]), "", "", ""


_STATUS: dict[str, tuple[Literal["up", "down"] | None, Literal["up", "down"]]] = {
    "connected": ("up", "up"),
    "notconnect": ("up", "down"),
    "disabled": ("down", "down"),
    "errdisabled": ("up", "down"),
    "inactive": (None, "down"),
}
_STATUS_REST = re.compile(
    r"^(?P<status>\S+)\s+(?P<vlan>in Po\d+|\S+)\s+(?P<duplex>\S+)\s+(?P<speed>\S+)\s*(?P<type>.*)$"
)


def parse_interfaces_status(text: str) -> DeviceFacts:
    """Admin and oper state, speed and description of each interface.

    Args:
        text: output of ``show interfaces status``.

    Returns:
        One port per row.
    """
    ports: dict[str, Port] = {}
    name_at = status_at = None
    for line in text.splitlines():
        if line.startswith("Port") and "Status" in line:
            name_at, status_at = line.find("Name"), line.find("Status")
            continue
        fields = line.split()
        if name_at is None or status_at is None or not fields or not _INTERFACE.match(fields[0]):
            continue
        if line[status_at - 1 : status_at] == " ":
            description, rest = line[name_at:status_at].strip(), line[status_at:].strip()
        else:  # a row that does not line up with the header: no description to tell apart
            description, rest = "", " ".join(fields[1:])
        match = _STATUS_REST.match(rest)
        name = canonical(fields[0])
        port: Port = {"name": name}
        if match is not None:
            status = match["status"]
            admin, oper = _STATUS.get(status, (None, "down"))
            if admin is not None:
                port["admin"] = admin
            port["oper"] = oper
            if status in {"errdisabled", "inactive"}:
                port["reason"] = status
            speed = match["speed"].removeprefix("a-")
            if speed.lower() not in {"unconf", "auto", "n/a"}:
                port["speed"] = speed
        if description:
            port["description"] = description
        ports[name] = port
    return {"ports": ports}


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interfaces transceiver": parse_transceiver,
    "show interfaces transceiver | json": parse_transceiver_json,
    "show interfaces transceiver detail": parse_transceiver_detail,
    "show interfaces transceiver hardware": parse_transceiver_hardware,
    "show inventory": parse_inventory,
    "show interfaces status": parse_interfaces_status,
}
"""Parse functions by command, as a user types it (structured variants keyed with their pipe)."""
