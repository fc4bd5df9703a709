"""Juniper Junos: per-lane DOM and thresholds from optics diagnostics, modules from the chassis.

The channels of a broken-out cage (``et-0/0/0:0`` .. ``:3``) share one module: the diagnostics
parsers fold them into one transceiver keyed by the cage's unchannelised name (``et-0/0/0``),
lanes numbered from 1, and list each channel in ``ports`` with the media lanes it reports.

``show chassis hardware`` names a module by its slot (FPC/PIC/Xcvr), not by interface, since
the interface prefix (``ge-``, ``xe-``, ``et-``) depends on the port speed; those transceivers
are keyed ``<fpc>/<pic>/<port>``, the common suffix of every interface on that port.

The gather (:func:`facts_from_outputs`) maps those slots to cage names, adds the ports of
``show interfaces``, LLDP and the ``set interfaces`` statements (breakout, FEC), and gives a
broken-out cage, which is no interface itself, a port with its ``breakout`` and ``children``.
"""

from __future__ import annotations

import itertools
import re
import shlex
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from nornir_optics.catalog import load_catalog
from nornir_optics.names import natural_key
from nornir_optics.platforms.common import (
    FORM_FACTOR_PREFIX,
    THRESHOLD_OF,
    Level,
    Quantity,
    add_catalogue_lanes,
    canonical,
    lane_reading,
    media_type_of,
    mw_to_dbm,
    normalize_command,
    power_dbm,
    set_threshold,
    to_count,
    to_float,
)
from nornir_optics.safexml import parse_xml

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from lxml.etree import _Element as Element

    from nornir_optics.facts import (
        DeviceFacts,
        LaneReading,
        Port,
        Thresholds,
        Transceiver,
    )

PLATFORM = "juniper_junos"
"""The platform key (netutils) this module parses."""


_LEVEL = re.compile(r"\b(high|low) (alarm|warn(?:ing)?)\b")
_RX = ("laser receiver power", "receiver signal average optical power", "laser rx power")
_READING_OF = {
    "laser bias current": "bias",
    "laser output power": "tx",
    **dict.fromkeys(_RX, "rx"),
}


def _level(words: str) -> Level | None:
    """``high_alarm`` and the like from ``... high warning threshold`` text."""
    match = _LEVEL.search(words)
    if match is None:
        return None
    kind = "alarm" if match[2] == "alarm" else "warning"
    return f"{match[1]}_{kind}"  # type: ignore[return-value]


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
        quantity = next((q for k, q in THRESHOLD_OF.items() if key.startswith(k)), None)
        level = _level(key)
        number = power_dbm(value) if "dbm" in value.lower() else to_float(value)
        if quantity is not None and level is not None and number is not None:
            set_threshold(module.thresholds, quantity, level, number)
    elif key == "module temperature" and (number := to_float(value)) is not None:
        module.xcvr["temperature_c"] = number
    elif key == "module voltage" and (number := to_float(value)) is not None:
        module.xcvr["voltage_v"] = number
    elif key in _READING_OF:
        kind = _READING_OF[key]
        module.reading(lane, kind, to_float(value) if kind == "bias" else power_dbm(value))


def _local(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def _children(element: Element) -> dict[str, str]:
    """Leaf children of an element by local tag, text stripped."""
    return {_local(child.tag): (child.text or "").strip() for child in element if len(child) == 0}


def _celsius_fields(element: Element) -> dict[str, str]:
    """Leaf children's ``junos:celsius`` attributes (the unrounded temperature) by local tag."""
    found: dict[str, str] = {}
    for child in element:
        for key, value in child.attrib.items():
            if _local(key) == "celsius" and value.strip():
                found[_local(child.tag)] = value.strip()
    return found


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
            set_threshold(thresholds, quantity, level, number)
    return thresholds


def parse_diagnostics_optics_xml(text: str) -> DeviceFacts:
    """Module temperature, voltage, thresholds and per-lane DOM from the XML output.

    Args:
        text: output of ``show interfaces diagnostics optics | display xml`` (or the RPC
            ``get-interface-optics-diagnostics-information`` reply).

    Returns:
        One transceiver per physical interface that has optics diagnostics.
    """
    root = parse_xml(text, "show interfaces diagnostics optics | display xml")
    transceivers: dict[str, Transceiver] = {}
    for interface in root.iter():
        if _local(interface.tag) != "physical-interface":
            continue
        name = _children(interface).get("name")
        diagnostics = next((e for e in interface if _local(e.tag) == "optics-diagnostics"), None)
        if not name or diagnostics is None:
            continue
        # Temperatures as ``junos:celsius`` gives them (the text rounds to whole degrees).
        fields = {**_children(diagnostics), **_celsius_fields(diagnostics)}
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


def _xml_lanes(diagnostics: Element, fields: dict[str, str]) -> list[LaneReading]:
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
    return {"transceivers": _hardware_text(text)[0]}


def _hardware_text(text: str) -> tuple[dict[str, Transceiver], dict[str, str]]:
    """Transceivers by slot, and each PIC's description by ``<fpc>/<pic>``."""
    transceivers: dict[str, Transceiver] = {}
    pics: dict[str, str] = {}
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
            pics[f"{fpc}/{pic}"] = _cells(line, columns)[3]
        else:
            name = f"{fpc}/{pic}/{match['number']}"
            transceivers[name] = _xcvr_line(name, line, columns)
    return transceivers, pics


def _xcvr_line(name: str, line: str, columns: list[int]) -> Transceiver:
    """One ``Xcvr`` line: version, part number, serial and description in header columns."""
    return _xcvr(name, *_cells(line, columns))


def _xcvr(name: str, version: str, part: str, serial: str, description: str) -> Transceiver:
    """A present transceiver from its inventory row."""
    xcvr: Transceiver = {"port": name, "present": True}
    revision = version.removeprefix("REV").strip()
    if revision:
        xcvr["revision"] = revision
    if part:
        xcvr["part_number"] = part
    if serial:
        xcvr["serial"] = serial
    if description:
        if (form := FORM_FACTOR_PREFIX.match(description)) and form["form"]:
            xcvr["form_factor"] = form["form"].upper()
        if (media_type := media_type_of(description, parts=False)) is not None:
            xcvr["media_type"] = media_type
        xcvr["media_type_raw"] = description
    return xcvr


def parse_chassis_hardware_xml(text: str) -> DeviceFacts:
    """Part number, serial, revision and type of each transceiver, from the XML inventory.

    Args:
        text: output of ``show chassis hardware | display xml`` (the ``get-chassis-inventory``
            reply): ``Xcvr`` sub-sub-modules of a ``PIC`` of an ``FPC``.

    Returns:
        One transceiver per ``Xcvr`` module, keyed ``<fpc>/<pic>/<port>``.
    """
    return {"transceivers": _hardware_xml(text)[0]}


def _numbered(element: Element, item: str) -> str | None:
    """The number of an inventory module named ``<item> <n>`` (``FPC 0``), else None."""
    name = _children(element).get("name", "")
    match = re.fullmatch(rf"{item}\s+(\d+)", name)
    return match[1] if match else None


def _hardware_xml(text: str) -> tuple[dict[str, Transceiver], dict[str, str]]:
    """Transceivers by slot, and each PIC's description by ``<fpc>/<pic>``."""
    root = parse_xml(text, "show chassis hardware | display xml")
    transceivers: dict[str, Transceiver] = {}
    pics: dict[str, str] = {}
    for fpc_element in root.iter():
        fpc = _numbered(fpc_element, "FPC")
        if fpc is None:
            continue
        for pic_element in fpc_element:
            pic = _numbered(pic_element, "PIC")
            if pic is None:
                continue
            pics[f"{fpc}/{pic}"] = _children(pic_element).get("description", "")
            for xcvr_element in pic_element:
                port = _numbered(xcvr_element, "Xcvr")
                if port is None:
                    continue
                fields = _children(xcvr_element)
                name = f"{fpc}/{pic}/{port}"
                transceivers[name] = _xcvr(
                    name,
                    fields.get("version", ""),
                    fields.get("part-number", ""),
                    fields.get("serial-number", ""),
                    fields.get("description", ""),
                )
    return transceivers, pics


def _cells(line: str, columns: list[int]) -> tuple[str, str, str, str]:
    """Version, part number, serial and description, by column where the row lines up.

    Cells are read from each column start to the next; a value that overflows its column
    (a serial one character too long) is kept whole by cutting at the first space from the
    column's start instead.
    """
    if len(columns) != 4 or min(columns) < 0:
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


_PIC_HEADER = re.compile(r"^FPC slot (?P<fpc>\d+), PIC slot (?P<pic>\d+) information:")
_PIC_PORT_ROW = re.compile(r"^\s+(?P<port>\d+)\s+\S")
_PIC_COLUMNS = ("Port", "Cable type", "type", "Xcvr vendor", "part number", "length", "Firmware")
"""The words of the ``PIC port information`` header's second line that start each column
(cable type, fibre type, vendor, vendor part number, wavelength, firmware)."""
_NO_FIRMWARE = {"", "0.0", "n/a", "-"}


def parse_chassis_pic(text: str) -> DeviceFacts:
    r"""Vendor, part number, cable type, wavelength and firmware of each port of one PIC.

    Junos prints a module's vendor and firmware only here, not in ``show chassis hardware``.

    Args:
        text: output of ``show chassis pic fpc-slot N pic-slot M``.

    Returns:
        One transceiver per listed port (an empty cage has no row), keyed ``<fpc>/<pic>/<port>``
        as :func:`parse_chassis_hardware` keys them.

    >>> out = (
    ...     "FPC slot 0, PIC slot 0 information:\n"
    ...     "PIC port information:\n"
    ...     "                      Fiber                 Xcvr vendor      Wave-    Xcvr\n"
    ...     " Port Cable type      type  Xcvr vendor     part number      length   Firmware\n"
    ...     " 0    100GBASE LR4    SM    FINISAR CORP.   FTLC1121RDNL-J3  1310 nm  1.5\n"
    ... )
    >>> parse_chassis_pic(out)["transceivers"]["0/0/0"]["firmware"]
    '1.5'
    """
    transceivers: dict[str, Transceiver] = {}
    slot = ""
    starts: list[int] = []
    for line in text.splitlines():
        if header := _PIC_HEADER.match(line):
            slot, starts = f"{header['fpc']}/{header['pic']}", []
            continue
        if line.lstrip().startswith("Port") and "Cable type" in line:
            starts = _pic_starts(line)
            continue
        row = _PIC_PORT_ROW.match(line)
        if row is None or not starts or not slot:
            continue
        cells = [line[a:b].strip() for a, b in itertools.pairwise([*starts, len(line) + 1])]
        name = f"{slot}/{row['port']}"
        transceivers[name] = _pic_transceiver(name, cells)
    return {"transceivers": transceivers}


def _pic_transceiver(name: str, cells: list[str]) -> Transceiver:
    """One port row of ``show chassis pic``: its cells in :data:`_PIC_COLUMNS` order."""
    _, cable, _, vendor, part, wavelength, firmware = cells
    xcvr: Transceiver = {"port": name, "present": True}
    if vendor:
        xcvr["vendor"] = vendor
    if part:
        xcvr["part_number"] = part
    if cable:
        if (media_type := media_type_of(cable)) is not None:
            xcvr["media_type"] = media_type
        xcvr["media_type_raw"] = cable
    if (nm := to_float(wavelength, "wavelength_nm")) is not None and nm > 0:
        xcvr["wavelength_nm"] = nm
    if firmware.lower() not in _NO_FIRMWARE:
        xcvr["firmware"] = firmware
    return xcvr


def _pic_starts(header: str) -> list[int]:
    """Column starts of the port table, from its header's second line; [] if a word is missing.

    Each word is searched after the previous one: ``type`` is the fibre's, after ``Cable type``.
    """
    starts: list[int] = []
    at = 0
    for word in _PIC_COLUMNS:
        found = header.find(word, at)
        if found < 0:
            return []
        starts.append(found)
        at = found + len(word)
    return starts


def pic_commands(hardware: dict[str, str]) -> tuple[str, ...]:
    """The ``show chassis pic`` command of every PIC that holds a module, from the inventory.

    Args:
        hardware: ``<fpc>/<pic>`` -> description of each PIC ``show chassis hardware`` lists,
            and the transceivers' slots (``<fpc>/<pic>/<port>``) as keys too.

    >>> pic_commands({"0/0/1": "", "0/0/3": "", "1/2/0": ""})
    ('show chassis pic fpc-slot 0 pic-slot 0', 'show chassis pic fpc-slot 1 pic-slot 2')
    """
    pics = sorted(
        {tuple(slot.split("/")[:2]) for slot in hardware if slot.count("/") == 2},
        key=lambda pic: (int(pic[0]), int(pic[1])),
    )
    return tuple(f"show chassis pic fpc-slot {fpc} pic-slot {pic}" for fpc, pic in pics)


# ---------------------------------------------------------------- gather: commands and merge

MODULE_COMMANDS: tuple[str, ...] = ("show chassis hardware | display xml",)
"""Part number, serial, revision and type of each module, by FPC/PIC/Xcvr slot, and each PIC's
description (its port count). Junos shows the module vendor, firmware and wavelength only in
``show chassis pic fpc-slot N pic-slot M``, which the lab does not answer."""

DOM_COMMANDS: tuple[str, ...] = ("show interfaces diagnostics optics | display xml",)
"""Per-lane bias, Tx and Rx (dBm), module temperature (unrounded ``junos:celsius``), voltage
and thresholds, per interface (the channels of a broken-out cage fold into its module)."""

PORT_COMMANDS: tuple[str, ...] = (
    "show interfaces | display xml",
    "show lldp neighbors | display xml",
    "show configuration interfaces | display set",
)
"""Admin and link state, speed, description and the FEC mode the port runs; LLDP; then the
breakout (``number-of-sub-ports``/``speed``) and FEC statements of the configuration."""
PRIVILEGED_PORT_COMMANDS: tuple[str, ...] = ()
"""Port commands that need privileged mode: none on this platform."""

_PORT_NAME = re.compile(r"^(?P<cage>(?:et|xe|ge|mge)-\d+/\d+/\d+)(?::(?P<channel>\d+))?$")
_SPEED = re.compile(r"^(?P<number>\d+(?:\.\d+)?)\s*(?P<unit>[GM])(?:bps|b/s)?$", re.IGNORECASE)
_PIC_PORTS = re.compile(r"(?<!\d)(\d+)\s*[xX]\s*\d+G", re.IGNORECASE)
_MBPS_PER_GBPS = 1000
_MAX_PIC_PORTS = 256
"""More ports than any PIC has (the densest has 96): a larger count is garbage."""


@dataclass
class _InterfaceConfig:
    """The ``set interfaces`` statements of one interface that the facts need."""

    name: str
    description: str | None = None
    disable: bool = False
    sub_ports: int | None = None
    speed: str | None = None
    fec: str | None = None


def _speed_words(text: str | None) -> str | None:
    """``"100Gbps"``, ``"100g"``, ``"400G"`` -> ``"100G"``; None for ``Auto`` and the like."""
    match = _SPEED.match((text or "").strip())
    if match is None:
        return None
    number = float(match["number"])
    if match["unit"].upper() == "M":
        if number < _MBPS_PER_GBPS:
            return None
        number /= _MBPS_PER_GBPS
    return f"{number:g}G"


def _fec_mode(text: str | None) -> str | None:
    """The intent's word for an ``Ethernet FEC Mode`` value (``FEC119`` -> ``rs544``)."""
    shown = load_catalog().platforms[PLATFORM].fec_shown
    fec = shown.words.get((text or "").strip().upper()) if shown else None
    return fec.value if fec else None


def _fec_keyword(word: str) -> str | None:
    """The intent's word for an ``ether-options fec`` keyword, from the catalogue."""
    keywords = load_catalog().platforms[PLATFORM].fec
    for fec, entry in keywords.items():
        if entry.keyword == word:
            return fec.value
    return _fec_mode(word)


def _up_down(text: str | None) -> Literal["up", "down"] | None:
    word = (text or "").strip().lower()
    if word == "up":
        return "up"
    if word == "down":
        return "down"
    return None


def parse_interfaces_xml(text: str) -> DeviceFacts:
    """Admin and link state, speed, description and FEC mode of each physical interface.

    Args:
        text: output of ``show interfaces | display xml`` or ``show interfaces terse |
            display xml`` (no speed or FEC in the terse form).

    Returns:
        One port per Ethernet interface (``et-``, ``xe-``, ``ge-``, ``mge-``); ``fec`` is the
        mode the port runs (``<ethernet-fec-mode><enabled_fec_mode>``, or the element's own
        text), absent where the device leaves it empty.
    """
    root = parse_xml(text, "show interfaces | display xml")
    ports: dict[str, Port] = {}
    for interface in root.iter():
        if _local(interface.tag) != "physical-interface":
            continue
        fields = _children(interface)
        name = canonical(fields.get("name", ""))
        if not _PORT_NAME.match(name):
            continue
        port: Port = {"name": name}
        if (admin := _up_down(fields.get("admin-status"))) is not None:
            port["admin"] = admin
        if (oper := _up_down(fields.get("oper-status"))) is not None:
            port["oper"] = oper
        if (speed := _speed_words(fields.get("speed"))) is not None:
            port["speed"] = speed
        if (fec := _running_fec(interface)) is not None:
            port["fec"] = fec
        if description := fields.get("description"):
            port["description"] = description
        flapped = next((e for e in interface if _local(e.tag) == "interface-flapped"), None)
        if flapped is not None and (ago := _flapped_seconds(flapped)) is not None:
            port["last_flap_s"] = ago
        ports[name] = port
    return {"ports": ports}


def _running_fec(interface: Element) -> str | None:
    """The FEC mode a ``physical-interface`` runs, in the intent's words."""
    element = next((e for e in interface if _local(e.tag) == "ethernet-fec-mode"), None)
    if element is None:
        return None
    return _fec_mode(_children(element).get("enabled_fec_mode") or (element.text or ""))


def _flapped_seconds(element: Element) -> float | None:
    """Seconds since the last flap: ``junos:seconds`` (seconds ago), else the text's ``ago``.

    ``Never`` (and its ``junos:seconds="0"``) is no flap at all.
    """
    text = (element.text or "").strip()
    if text.lower().startswith("never"):
        return None
    for key, value in element.attrib.items():
        if _local(key) == "seconds" and value.strip().isdigit():
            return float(value.strip())
    return _ago_seconds(text)


_AGO = re.compile(
    r"\((?:(?P<weeks>\d+)w)?(?:(?P<days>\d+)d)?\s*(?P<h>\d+):(?P<m>\d\d)(?::(?P<s>\d\d))?\s+ago\)"
)


def _ago_seconds(text: str) -> float | None:
    """``(8w6d 17:24 ago)`` or ``(00:05:12 ago)`` -> seconds; None without one."""
    match = _AGO.search(text)
    if match is None:
        return None
    weeks, days = int(match["weeks"] or 0), int(match["days"] or 0)
    hours, minutes, seconds = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    return float((((weeks * 7 + days) * 24 + hours) * 60 + minutes) * 60 + seconds)


_PHYSICAL = re.compile(
    r"^Physical interface:\s*(?P<name>\S+?),\s*(?P<admin>Enabled|Administratively down|"
    r"Disabled)?,?\s*Physical link is (?P<link>Up|Down)",
    re.IGNORECASE,
)


def parse_interfaces(text: str) -> DeviceFacts:
    """Admin and link state, speed, description and FEC mode from ``show interfaces`` text.

    Args:
        text: output of ``show interfaces`` (all, or one interface).

    Returns:
        One port per Ethernet interface.
    """
    ports: dict[str, Port] = {}
    port: Port | None = None
    for line in text.splitlines():
        if match := _PHYSICAL.match(line.strip()):
            name = canonical(match["name"])
            port = None
            if _PORT_NAME.match(name):
                port = {"name": name}
                port["admin"] = "up" if (match["admin"] or "").lower() == "enabled" else "down"
                port["oper"] = "up" if match["link"].lower() == "up" else "down"
                ports[name] = port
        elif port is not None and line.strip().startswith("Logical interface"):
            port = None
        elif port is not None:
            _interface_line(port, line.strip())
    return {"ports": ports}


def _interface_line(port: Port, stripped: str) -> None:
    """One line of a ``show interfaces`` block: description, speed, FEC mode."""
    if stripped.startswith("Description:"):
        port["description"] = stripped.split(":", 1)[1].strip()
    elif found := re.search(r"\bSpeed:\s*([^,\s]+)", stripped):
        if (speed := _speed_words(found[1])) is not None:
            port["speed"] = speed
    elif stripped.startswith("Ethernet FEC Mode") and (fec := _fec_mode(stripped.split(":", 1)[1])):
        port["fec"] = fec
    elif stripped.startswith("Last flapped") and (ago := _ago_seconds(stripped)) is not None:
        port["last_flap_s"] = ago


def parse_interfaces_terse(text: str) -> DeviceFacts:
    """Admin and link state of each physical interface from ``show interfaces terse``.

    Args:
        text: output of ``show interfaces terse``.

    Returns:
        One port per Ethernet interface (logical units such as ``et-0/0/0.0`` left out).
    """
    ports: dict[str, Port] = {}
    for line in text.splitlines():
        words = line.split()
        if len(words) < 3 or not _PORT_NAME.match(words[0]):
            continue
        admin, oper = _up_down(words[1]), _up_down(words[2])
        port: Port = {"name": canonical(words[0])}
        if admin is not None:
            port["admin"] = admin
        if oper is not None:
            port["oper"] = oper
        ports[port["name"]] = port
    return {"ports": ports}


def parse_lldp_neighbors_xml(text: str) -> DeviceFacts:
    """The LLDP neighbour heard on each interface.

    Args:
        text: output of ``show lldp neighbors | display xml``.

    Returns:
        One port per local interface with a neighbour: the neighbour's system name and its
        port (the port id when it is an interface name, else the port description).
    """
    root = parse_xml(text, "show lldp neighbors | display xml")
    ports: dict[str, Port] = {}
    for entry in root.iter():
        if _local(entry.tag) != "lldp-neighbor-information":
            continue
        fields = _children(entry)
        local = fields.get("lldp-local-port-id") or fields.get("lldp-local-interface")
        system = fields.get("lldp-remote-system-name")
        if not local or not system:
            continue
        port_id = fields.get("lldp-remote-port-id", "")
        by_name = "interface" in fields.get("lldp-remote-port-id-subtype", "interface").lower()
        remote = port_id if by_name or not fields.get("lldp-remote-port-description") else ""
        remote = remote or fields.get("lldp-remote-port-description", "")
        name = canonical(local)
        ports[name] = {"name": name, "neighbor": {"system": system, "port": remote}}
    return {"ports": ports}


def parse_lldp_neighbors(text: str) -> DeviceFacts:
    """The LLDP neighbour heard on each interface, from ``show lldp neighbors`` text.

    Columns: Local Interface, Parent Interface, Chassis Id, Port info, System Name (the port
    info and the system name are read from the header's column starts).

    Args:
        text: output of ``show lldp neighbors``.

    Returns:
        One port per local interface with a neighbour.
    """
    ports: dict[str, Port] = {}
    columns: dict[str, int] = {}
    for line in text.splitlines():
        if line.startswith("Local Interface"):
            columns = {word: line.find(word) for word in ("Chassis Id", "Port info", "System Name")}
            continue
        if not columns or not line.strip() or min(columns.values()) < 0:
            continue
        local = line.split()[0]
        port = line[columns["Port info"] : columns["System Name"]].strip()
        system = line[columns["System Name"] :].strip()
        if local and system:
            name = canonical(local)
            ports[name] = {"name": name, "neighbor": {"system": system, "port": port}}
    return {"ports": ports}


def parse_configuration_set(text: str) -> dict[str, _InterfaceConfig]:
    """Description, disable, breakout and FEC statements of each interface.

    Args:
        text: output of ``show configuration interfaces | display set`` (or of the whole
            configuration in set form).

    Returns:
        The statements of each interface, by name.
    """
    configs: dict[str, _InterfaceConfig] = {}
    for line in text.splitlines():
        try:
            words = shlex.split(line)
        except ValueError:
            continue
        if len(words) < 4 or words[:2] != ["set", "interfaces"]:
            continue
        name, leaf, rest = canonical(words[2]), words[3], words[4:]
        config = configs.setdefault(name, _InterfaceConfig(name))
        if leaf == "description" and rest:
            config.description = rest[0]
        elif leaf == "disable":
            config.disable = True
        elif leaf == "number-of-sub-ports" and rest and rest[0].isdigit():
            config.sub_ports = int(rest[0])
        elif leaf == "speed" and rest:
            config.speed = _speed_words(rest[0])
        elif leaf in {"ether-options", "gigether-options"} and rest[:1] == ["fec"] and rest[1:]:
            config.fec = _fec_keyword(rest[1])
    return configs


@dataclass
class _Outputs:
    """What each command of a gather said, parsed."""

    slots: dict[str, Transceiver] | None = None
    pics: dict[str, str] = field(default_factory=dict)
    dom: DeviceFacts | None = None
    interfaces: dict[str, Port] | None = None
    lldp: dict[str, Port] = field(default_factory=dict)
    config: dict[str, _InterfaceConfig] | None = None


def _read(outputs: dict[str, str]) -> _Outputs:
    """Parse each output by the command it answers (text or ``| display xml``)."""
    parsed = _Outputs()
    for command, text in outputs.items():
        words = " ".join(command.lower().split())
        base = normalize_command(words)
        xml = bool(re.search(r"\|\s*display xml", words))
        if base == "show chassis hardware":
            parsed.slots, parsed.pics = _hardware_xml(text) if xml else _hardware_text(text)
        elif base == "show interfaces diagnostics optics":
            parsed.dom = (
                parse_diagnostics_optics_xml(text) if xml else parse_diagnostics_optics(text)
            )
        elif base in {"show interfaces", "show interfaces terse"}:
            if xml:
                found = parse_interfaces_xml(text)
            else:
                found = parse_interfaces_terse(text) if "terse" in base else parse_interfaces(text)
            parsed.interfaces = {**(parsed.interfaces or {}), **found.get("ports", {})}
        elif base == "show lldp neighbors":
            lldp = parse_lldp_neighbors_xml(text) if xml else parse_lldp_neighbors(text)
            parsed.lldp = lldp.get("ports", {})
        elif base in {"show configuration interfaces", "show configuration"}:
            parsed.config = parse_configuration_set(text)
    return parsed


def _pic_cages(pics: dict[str, str]) -> list[str]:
    """Slots of every cage of the PICs whose description gives one port count (``32X400G``)."""
    slots: list[str] = []
    for pic, description in pics.items():
        counts = [
            to_count(count, maximum=_MAX_PIC_PORTS) for count in _PIC_PORTS.findall(description)
        ]
        if len(counts) == 1 and counts[0] is not None:
            slots.extend(f"{pic}/{port}" for port in range(counts[0]))
    return slots


def _cage_names(parsed: _Outputs) -> dict[str, str]:
    """The cage name of each slot (``0/0/3`` -> ``et-0/0/3``) the outputs name.

    A slot takes the name of the interfaces on it (``xe-0/0/3``, ``et-0/0/3:1``); slots no
    interface names are ``et-`` cages.
    """
    names: dict[str, str] = {}
    interfaces = [*(parsed.interfaces or {}), *(parsed.config or {})]
    if parsed.dom is not None:
        interfaces += list(parsed.dom.get("transceivers", {}))
    for interface in interfaces:
        if match := _PORT_NAME.match(interface):
            cage = match["cage"]
            names.setdefault(cage.split("-", 1)[1], cage)
    return names


def _cage_slots(parsed: _Outputs) -> set[str]:
    """Every cage's slot: the PICs' ports, else the slots the interfaces are on.

    A PIC whose description gives no port count (``48x25G-8x100G``) has its cages from the
    interfaces ``show interfaces`` lists.
    """
    cages = set(_pic_cages(parsed.pics))
    counted = {slot.rsplit("/", 1)[0] for slot in cages}
    for interface in parsed.interfaces or {}:
        match = _PORT_NAME.match(interface)
        slot = match["cage"].split("-", 1)[1] if match else ""
        if match and slot.rsplit("/", 1)[0] not in counted:
            cages.add(slot)
    return cages


def _transceivers(parsed: _Outputs, names: dict[str, str]) -> dict[str, Transceiver]:
    """One transceiver per cage: inventory rows by slot, merged with the folded DOM."""
    merged: dict[str, Transceiver] = {}
    if parsed.slots is not None:
        for slot in _cage_slots(parsed) | set(parsed.slots):
            cage = names.get(slot, f"et-{slot}")
            xcvr = parsed.slots.get(slot)
            merged[cage] = {**xcvr, "port": cage} if xcvr else {"port": cage, "present": False}
    for cage, xcvr in (parsed.dom or {}).get("transceivers", {}).items():
        entry = merged.get(cage)
        if entry is None or not entry["present"]:
            merged[cage] = entry = {"port": cage, "present": True}
        for key in ("temperature_c", "voltage_v", "thresholds", "lanes"):
            if key in xcvr:
                entry[key] = xcvr[key]
    for entry in merged.values():
        if entry["present"]:
            add_catalogue_lanes(entry)
    return dict(sorted(merged.items(), key=lambda item: natural_key(item[0], numbers_first=True)))


def _port(name: str, parsed: _Outputs) -> Port:
    """One interface: its state, the configured FEC (else the mode it runs), its neighbour."""
    port: Port = dict((parsed.interfaces or {}).get(name) or {"name": name})  # type: ignore[assignment]
    config = (parsed.config or {}).get(name)
    if config is not None:
        if "admin" not in port:
            port["admin"] = "down" if config.disable else "up"
        if "description" not in port and config.description:
            port["description"] = config.description
        if "speed" not in port and config.speed:
            port["speed"] = config.speed
        if config.fec is not None:
            port["fec"] = config.fec
    if name in parsed.lldp:
        port["neighbor"] = parsed.lldp[name]["neighbor"]
    return port


def _ports(parsed: _Outputs, transceivers: dict[str, Transceiver]) -> dict[str, Port]:
    """One port per interface, plus the cage of each breakout with its mode and children."""
    if parsed.interfaces is not None:
        listed = list(parsed.interfaces)
    else:
        listed = [
            name
            for name, config in (parsed.config or {}).items()
            if config.sub_ports is None and _PORT_NAME.match(name)
        ]
    names = set(listed) | set(parsed.lldp)
    by_cage: dict[str, list[str]] = {}
    for name in names:
        if match := _PORT_NAME.match(name):
            by_cage.setdefault(match["cage"], []).append(name)
    ports: dict[str, Port] = {name: _port(name, parsed) for name in names}
    lanes_of = (parsed.dom or {}).get("ports", {})
    for cage, members in by_cage.items():
        children = sorted(members, key=lambda name: natural_key(name, numbers_first=True))
        if children == [cage]:
            ports[cage]["breakout"] = "none"
            ports[cage]["children"] = children
            module = transceivers.get(cage)
            if module is not None and module["present"] and module.get("lanes"):
                ports[cage]["media_lanes"] = [
                    lane["lane"] for lane in module["lanes"] if lane["state"] != "unused"
                ]
            continue
        parent: Port = ports.get(cage) or {"name": cage}
        parent["children"] = [child for child in children if child != cage]
        mode = _breakout(parsed, cage, [ports[child] for child in parent["children"]])
        if mode is not None:
            parent["breakout"] = mode
        ports[cage] = parent
        for child in parent["children"]:
            ports[child]["parent"] = cage
            if child in lanes_of and "media_lanes" in lanes_of[child]:
                ports[child]["media_lanes"] = lanes_of[child]["media_lanes"]
    return dict(sorted(ports.items(), key=lambda item: natural_key(item[0], numbers_first=True)))


def _breakout(parsed: _Outputs, cage: str, children: list[Port]) -> str | None:
    """A cage's breakout mode in the intent's words (``4x100G``).

    Its configured sub-ports and speed where they agree with the interfaces, else the
    children's count and common speed.
    """
    config = (parsed.config or {}).get(cage)
    if config is not None and config.sub_ports == len(children) and config.speed:
        return f"{config.sub_ports}x{config.speed}"
    speeds = {child.get("speed") for child in children}
    speed = speeds.pop() if len(speeds) == 1 else None
    return f"{len(children)}x{speed}" if speed else None


def facts_from_outputs(outputs: dict[str, str]) -> DeviceFacts:
    """Device facts from the outputs of any of the gather commands, merged.

    Transceivers are keyed by the cage's unchannelised name (``et-0/0/0``): ``show chassis
    hardware`` names modules by FPC/PIC/Xcvr slot, mapped to the cage of the interfaces on that
    slot (``et-`` where no other output names one); the diagnostics of a broken-out cage's
    channels (``et-0/0/0:0`` .. ``:3``) fold into its module's lanes. Empty cages
    (``present: false``) are the PIC's ports (``32X400G-...``) and the unchannelised
    interfaces without a module. Ports are the Ethernet interfaces of ``show interfaces``; a
    broken-out cage, which is no interface itself, is added with its ``breakout`` and
    ``children``. FEC is the ``ether-options fec`` statement, else the mode the port runs.

    Args:
        outputs: command (as sent) -> output; any subset of :data:`MODULE_COMMANDS`,
            :data:`DOM_COMMANDS` and :data:`PORT_COMMANDS` (or their text forms).

    Returns:
        ``transceivers`` when an inventory or DOM output is given, ``ports`` when a port
        output is.
    """
    parsed = _read(outputs)
    names = _cage_names(parsed)
    facts: DeviceFacts = {"platform": PLATFORM}
    transceivers: dict[str, Transceiver] = {}
    if parsed.slots is not None or parsed.dom is not None:
        transceivers = _transceivers(parsed, names)
        facts["transceivers"] = transceivers
    if parsed.interfaces is not None or parsed.config is not None or parsed.lldp:
        facts["ports"] = _ports(parsed, transceivers)
    return facts


def parse_configuration_set_ports(text: str) -> DeviceFacts:
    """Breakout, admin state, speed, description and FEC of each interface, from its config.

    Args:
        text: output of ``show configuration interfaces | display set``.

    Returns:
        One port per configured interface (and per broken-out cage), as the gather reports it
        from this output alone.
    """
    command = "show configuration interfaces | display set"
    return {"ports": facts_from_outputs({command: text}).get("ports", {})}


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interfaces diagnostics optics": parse_diagnostics_optics,
    "show interfaces diagnostics optics | display xml": parse_diagnostics_optics_xml,
    "show chassis hardware": parse_chassis_hardware,
    "show chassis hardware | display xml": parse_chassis_hardware_xml,
    "show chassis pic": parse_chassis_pic,
    "show interfaces": parse_interfaces,
    "show interfaces | display xml": parse_interfaces_xml,
    "show interfaces terse": parse_interfaces_terse,
    "show lldp neighbors": parse_lldp_neighbors,
    "show lldp neighbors | display xml": parse_lldp_neighbors_xml,
    "show configuration interfaces | display set": parse_configuration_set_ports,
}
"""Parse functions by command, as a user types it (structured variants keyed with their pipe)."""
