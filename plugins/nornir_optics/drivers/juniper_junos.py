"""Juniper Junos: per-lane DOM and thresholds from optics diagnostics, modules from the chassis.

The channels of a broken-out cage (``et-0/0/0:0`` .. ``:3``) share one module: the diagnostics
parsers fold them into one transceiver keyed by the cage's unchannelised name (``et-0/0/0``),
lanes numbered from 1, and list each channel in ``ports`` with the media lanes it reports.

``show chassis hardware`` names a module by its slot (FPC/PIC/Xcvr), not by interface, since
the interface prefix (``ge-``, ``xe-``, ``et-``) depends on the port speed; those transceivers
are keyed ``<fpc>/<pic>/<port>``, the common suffix of every interface on that port.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Literal

from nornir_optics.catalog import load_catalog
from nornir_optics.drivers.common import canonical, lane_reading, mw_to_dbm, to_float

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from nornir_optics.facts import (
        DeviceFacts,
        LaneReading,
        Levels,
        Port,
        Thresholds,
        Transceiver,
    )

Level = Literal["high_alarm", "high_warning", "low_warning", "low_alarm"]
Quantity = Literal["temperature_c", "voltage_v", "tx_power_dbm", "rx_power_dbm", "tx_bias_ma"]

_FORM_FACTOR = re.compile(
    r"^(Q?SFP(?:\+|28|56|112)?(?:-DD)?|OSFP|CFP\d?|XFP)-", flags=re.IGNORECASE
)
_LEVEL = re.compile(r"\b(high|low) (alarm|warn(?:ing)?)\b")
_THRESHOLD_OF: dict[str, Quantity] = {
    "module temperature": "temperature_c",
    "module voltage": "voltage_v",
    "laser bias current": "tx_bias_ma",
    "laser output power": "tx_power_dbm",
    "laser tx power": "tx_power_dbm",
    "laser rx power": "rx_power_dbm",
}
_RX = ("laser receiver power", "receiver signal average optical power", "laser rx power")
_READING_OF = {
    "laser bias current": "bias",
    "laser output power": "tx",
    **dict.fromkeys(_RX, "rx"),
}


def media_type_of(raw: str) -> str | None:
    """The catalogue name a Junos module description maps to, trying the whole and its parts.

    >>> media_type_of("CFP2-100G-LR4"), media_type_of("SFP+-10G-LR")
    ('100GBASE-LR4', None)
    """
    catalog = load_catalog()
    text = raw.strip()
    for variant in (text, _FORM_FACTOR.sub("", text)):
        optic = catalog.optic_for_alias(variant)
        if optic is not None:
            return optic.name
    return None


def _power(value: str) -> float | None:
    """Power in dBm from a Junos field: ``'1.348 mW / 1.30 dBm'``, ``'0.0000 mW / - Inf dBm'``."""
    milliwatts, _, dbm = value.partition("/")
    if dbm.strip():
        return to_float(dbm.replace("dBm", ""))
    return mw_to_dbm(to_float(milliwatts))


def _level(words: str) -> Level | None:
    """``high_alarm`` and the like from ``... high warning threshold`` text."""
    match = _LEVEL.search(words)
    if match is None:
        return None
    kind = "alarm" if match[2] == "alarm" else "warning"
    return f"{match[1]}_{kind}"  # type: ignore[return-value]


def _set_threshold(thresholds: Thresholds, quantity: Quantity, level: Level, value: float) -> None:
    """Record one threshold; infinite values (a module's empty field) are left out."""
    if not math.isinf(value):
        empty: Levels = {}
        thresholds.setdefault(quantity, empty)[level] = value


class _Module:
    """What the diagnostics say about one interface's module while it is being read."""

    def __init__(self, name: str) -> None:
        self.xcvr: Transceiver = {"port": name, "present": True}
        self.thresholds: Thresholds = {}
        self.lanes: dict[int, dict[str, float | None]] = {}

    def reading(self, lane: int, kind: str, value: float | None) -> None:
        self.lanes.setdefault(lane, {})[kind] = value

    def done(self) -> Transceiver:
        if self.thresholds:
            self.xcvr["thresholds"] = self.thresholds
        lanes: list[LaneReading] = [
            lane_reading(number, rx=got.get("rx"), tx=got.get("tx"), bias=got.get("bias"))
            for number, got in sorted(self.lanes.items())
        ]
        if lanes:
            self.xcvr["lanes"] = lanes
        return self.xcvr


def parse_diagnostics_optics(text: str) -> DeviceFacts:
    """Module temperature, voltage, thresholds and per-lane bias, Tx and Rx power.

    Single-lane modules print their readings at the top of the block; multi-lane modules print
    ``Lane 0`` .. ``Lane n`` blocks, numbered here from 1.

    Args:
        text: output of ``show interfaces diagnostics optics`` (for one or many interfaces).

    Returns:
        One transceiver per physical interface.
    """
    transceivers: dict[str, Transceiver] = {}
    module: _Module | None = None
    lane = 1
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("Physical interface:"):
            if module is not None:
                transceivers[module.xcvr["port"]] = module.done()
            name = stripped.split(":", 1)[1].split(",")[0].strip()
            module, lane = _Module(canonical(name)), 1
            continue
        if module is None:
            continue
        if match := re.fullmatch(r"Lane (\d+)", stripped):
            lane = int(match[1]) + 1
            continue
        key, sep, value = stripped.partition(":")
        if sep:
            _diagnostics_line(module, lane, key.strip().lower(), value.strip())
    if module is not None:
        transceivers[module.xcvr["port"]] = module.done()
    return _fold_channels(transceivers)


def _fold_channels(transceivers: dict[str, Transceiver]) -> DeviceFacts:
    """One transceiver per cage from per-channel ones; ``ports`` maps channels to lanes.

    A channel's lanes keep the numbers the module gives them (``Lane 1`` is lane 2); channels
    that each report one unnumbered lane (``xe-0/0/0:2`` of a 4x10G) get lane channel + 1.
    """
    by_cage: dict[str, list[tuple[int, Transceiver]]] = {}
    for name, xcvr in transceivers.items():
        cage, sep, suffix = name.partition(":")
        split = bool(sep) and suffix.isdigit()
        by_cage.setdefault(cage if split else name, []).append((int(suffix) if split else -1, xcvr))
    folded: dict[str, Transceiver] = {}
    ports: dict[str, Port] = {}
    for cage, members in by_cage.items():
        if len(members) == 1 and members[0][0] < 0:
            folded[cage] = members[0][1]
            continue
        members.sort(key=lambda member: member[0])
        numbered = [lane["lane"] for _, x in members for lane in x.get("lanes", [])]
        by_channel = len(numbered) != len(set(numbered)) and all(
            len(x.get("lanes", [])) <= 1 for _, x in members
        )
        merged: Transceiver = {**members[0][1], "port": cage}
        lanes: dict[int, LaneReading] = {}
        for channel, xcvr in members:
            mine = []
            for lane in xcvr.get("lanes", []):
                number = channel + 1 if by_channel else lane["lane"]
                lanes.setdefault(number, {**lane, "lane": number})
                mine.append(number)
            name = f"{cage}:{channel}" if channel >= 0 else cage
            ports[name] = {"name": name, "media_lanes": mine} if mine else {"name": name}
        if lanes:
            merged["lanes"] = [lanes[number] for number in sorted(lanes)]
        folded[cage] = merged
    facts: DeviceFacts = {"transceivers": folded}
    if ports:
        facts["ports"] = ports
    return facts


def _diagnostics_line(module: _Module, lane: int, key: str, value: str) -> None:
    """Apply one ``key : value`` line of a diagnostics block."""
    if key.endswith(" threshold"):
        quantity = next((q for k, q in _THRESHOLD_OF.items() if key.startswith(k)), None)
        level = _level(key)
        number = _power(value) if "dbm" in value.lower() else to_float(value)
        if quantity is not None and level is not None and number is not None:
            _set_threshold(module.thresholds, quantity, level, number)
    elif key == "module temperature" and (number := to_float(value)) is not None:
        module.xcvr["temperature_c"] = number
    elif key == "module voltage" and (number := to_float(value)) is not None:
        module.xcvr["voltage_v"] = number
    elif key in _READING_OF:
        kind = _READING_OF[key]
        module.reading(lane, kind, to_float(value) if kind == "bias" else _power(value))


def _local(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element) -> dict[str, str]:
    """Leaf children of an element by local tag, text stripped."""
    return {_local(child.tag): (child.text or "").strip() for child in element if len(child) == 0}


_XML_READINGS = {
    "laser-bias-current": "bias",
    "laser-output-power-dbm": "tx",
    "rx-signal-avg-optical-power-dbm": "rx",
    "laser-rx-optical-power-dbm": "rx",
    "laser-rx-power-dbm": "rx",
}
_XML_READINGS_MW = {
    "laser-output-power": "tx",
    "rx-signal-avg-optical-power": "rx",
    "laser-rx-optical-power": "rx",
}
_XML_THRESHOLD = re.compile(
    r"^(?P<what>module-temperature|module-voltage|laser-bias-current|laser-tx-power|"
    r"laser-rx-power)-(?P<side>high|low)-(?P<kind>alarm|warn)-threshold(?P<dbm>-dbm)?$"
)
_XML_QUANTITY: dict[str, Quantity] = {
    "module-temperature": "temperature_c",
    "module-voltage": "voltage_v",
    "laser-bias-current": "tx_bias_ma",
    "laser-tx-power": "tx_power_dbm",
    "laser-rx-power": "rx_power_dbm",
}


def _xml_lane(fields: dict[str, str]) -> dict[str, float | None]:
    """Bias, Tx and Rx (dBm) of one lane from its XML fields, dBm preferred over mW."""
    got: dict[str, float | None] = {}
    for tag, kind in _XML_READINGS_MW.items():
        if tag in fields:
            got[kind] = mw_to_dbm(to_float(fields[tag]))
    for tag, kind in _XML_READINGS.items():
        if tag in fields:
            got[kind] = to_float(fields[tag])
    return got


def _xml_thresholds(fields: dict[str, str]) -> Thresholds:
    """Thresholds from the ``*-threshold`` fields; power in dBm, from mW when dBm is absent."""
    thresholds: Thresholds = {}
    for tag, value in sorted(fields.items(), key=lambda item: item[0].endswith("-dbm")):
        match = _XML_THRESHOLD.match(tag)
        if match is None:
            continue
        quantity = _XML_QUANTITY[match["what"]]
        power = quantity.endswith("_dbm")
        number = mw_to_dbm(to_float(value)) if power and not match["dbm"] else to_float(value)
        level: Level = f"{match['side']}_{'alarm' if match['kind'] == 'alarm' else 'warning'}"  # type: ignore[assignment]
        if number is not None:
            _set_threshold(thresholds, quantity, level, number)
    return thresholds


def parse_diagnostics_optics_xml(text: str) -> DeviceFacts:
    """Module temperature, voltage, thresholds and per-lane DOM from the XML output.

    Args:
        text: output of ``show interfaces diagnostics optics | display xml`` (or the RPC
            ``get-interface-optics-diagnostics-information`` reply).

    Returns:
        One transceiver per physical interface that has optics diagnostics.
    """
    # Output the user saved from their own device; the stdlib parser resolves no external
    # entities.
    root = ET.fromstring(text.strip())  # noqa: S314
    transceivers: dict[str, Transceiver] = {}
    for interface in root.iter():
        if _local(interface.tag) != "physical-interface":
            continue
        name = _children(interface).get("name")
        diagnostics = next((e for e in interface if _local(e.tag) == "optics-diagnostics"), None)
        if not name or diagnostics is None:
            continue
        fields = _children(diagnostics)
        xcvr: Transceiver = {"port": canonical(name), "present": True}
        if (temperature := to_float(fields.get("module-temperature"))) is not None:
            xcvr["temperature_c"] = temperature
        if (voltage := to_float(fields.get("module-voltage"))) is not None:
            xcvr["voltage_v"] = voltage
        if thresholds := _xml_thresholds(fields):
            xcvr["thresholds"] = thresholds
        lanes = _xml_lanes(diagnostics, fields)
        if lanes:
            xcvr["lanes"] = lanes
        transceivers[xcvr["port"]] = xcvr
    return _fold_channels(transceivers)


def _xml_lanes(diagnostics: ET.Element, fields: dict[str, str]) -> list[LaneReading]:
    """Per-lane readings: the lane elements (numbered from 1), else the module's own."""
    lanes: list[LaneReading] = []
    for element in diagnostics:
        if _local(element.tag) != "optics-diagnostics-lane-values":
            continue
        lane_fields = _children(element)
        index = to_float(lane_fields.get("lane-index"))
        number = int(index) + 1 if index is not None else len(lanes) + 1
        got = _xml_lane(lane_fields)
        lanes.append(lane_reading(number, rx=got.get("rx"), tx=got.get("tx"), bias=got.get("bias")))
    if not lanes:
        got = _xml_lane(fields)
        if got:
            lanes.append(lane_reading(1, rx=got.get("rx"), tx=got.get("tx"), bias=got.get("bias")))
    return lanes


_ITEM = re.compile(r"^(?P<indent>\s*)(?P<item>FPC|PIC|Xcvr)\s+(?P<number>\d+)(?P<rest>.*)$")


def parse_chassis_hardware(text: str) -> DeviceFacts:
    """Part number, serial, revision and type of each transceiver (``Xcvr`` lines).

    Args:
        text: output of ``show chassis hardware``.

    Returns:
        One transceiver per ``Xcvr`` line, keyed ``<fpc>/<pic>/<port>``.
    """
    transceivers: dict[str, Transceiver] = {}
    fpc = pic = "0"
    columns: list[int] = []
    for line in text.splitlines():
        if line.startswith("Item") and "Serial number" in line:
            columns = [line.find(word) for word in ("Version", "Part number", "Serial number")]
            columns.append(line.find("Description"))
            continue
        match = _ITEM.match(line)
        if match is None:
            continue
        if match["item"] == "FPC":
            fpc = match["number"]
        elif match["item"] == "PIC":
            pic = match["number"]
        else:
            name = f"{fpc}/{pic}/{match['number']}"
            transceivers[name] = _xcvr_line(name, line, columns)
    return {"transceivers": transceivers}


def _xcvr_line(name: str, line: str, columns: list[int]) -> Transceiver:
    """One ``Xcvr`` line: version, part number, serial and description in header columns."""
    version, part, serial, description = _cells(line, columns)
    xcvr: Transceiver = {"port": name, "present": True}
    revision = version.removeprefix("REV").strip()
    if revision:
        xcvr["revision"] = revision
    if part:
        xcvr["part_number"] = part
    if serial:
        xcvr["serial"] = serial
    if description:
        if form := _FORM_FACTOR.match(description):
            xcvr["form_factor"] = form[1].upper()
        if (media_type := media_type_of(description)) is not None:
            xcvr["media_type"] = media_type
        xcvr["media_type_raw"] = description
    return xcvr


def _cells(line: str, columns: list[int]) -> tuple[str, str, str, str]:
    """Version, part number, serial and description, by column where the row lines up.

    Cells are read from each column start to the next; a value that overflows its column
    (a serial one character too long) is kept whole by cutting at the first space from the
    column's start instead.
    """
    if len(columns) != 4 or min(columns) < 0:  # noqa: PLR2004
        fields = line.split()[2:]
        version = ""
        if fields and fields[0] == "REV":
            version, fields = " ".join(fields[:2]), fields[2:]
        fields += [""] * (3 - len(fields))
        return version, fields[0], fields[1], " ".join(fields[2:])
    cells: list[str] = []
    starts = _starts(line, columns)
    for begin, end in zip(starts, [*starts[1:], len(line)], strict=True):
        cells.append(line[begin:end].strip())
    return cells[0], cells[1], cells[2], cells[3]


def _starts(line: str, columns: Iterable[int]) -> list[int]:
    """Where each cell begins: its column, moved right past any text spilling into it."""
    starts: list[int] = []
    for column in columns:
        start = max(column, starts[-1] if starts else 0)
        while 0 < start < len(line) and line[start - 1] != " ":
            start += 1
        starts.append(start)
    return starts


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interfaces diagnostics optics": parse_diagnostics_optics,
    "show interfaces diagnostics optics | display xml": parse_diagnostics_optics_xml,
    "show chassis hardware": parse_chassis_hardware,
}
"""Parse functions by command, as a user types it (structured variants keyed with their pipe)."""
