"""Cisco NX-OS: transceiver inventory, per-lane DOM, port status and breakout from CLI text.

Commands covered (keys of :data:`PARSERS`): ``show interface transceiver``, ``show interface
transceiver details``, ``show interface status``, ``show interface breakout`` and ``show
inventory``. NX-OS prints a DOM table per module (SFP) or per lane (``Lane Number:N Network
Lane`` blocks on QSFP-DD and CFP); a value of ``N/A`` flagged ``--`` (low alarm) on a power row
means the power is below what the module can measure, that is, no light.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import TYPE_CHECKING

from nornir_optics.catalog import load_catalog
from nornir_optics.drivers.common import canonical, lane_reading, to_float

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

_PORT_LINE = re.compile(r"^(?:Ethernet|Eth)\d\S*$")
_FIELD = re.compile(r"^\s+(?P<key>[A-Za-z][\w /.-]*?) is(?: (?P<value>.*))?$")
_COUNT = re.compile(r"^\s+(?P<key>number of lanes)\s+(?P<value>\d+)$")
_LANE_HEADER = re.compile(r"^Lane Number:\s*(?P<lane>\d+)\s+(?P<kind>.*)$")
_DOM_ROW = re.compile(
    r"^\s+(?P<label>Temperature|Voltage|Current|Tx Power|Rx Power)\s+(?P<rest>(?:N/A|[-+]?\d).*)$"
)
_DOM_TOKEN = re.compile(
    r"N/A|-\s?[Ii]nf|[-+]?\d+(?:\.\d+)?\s*(?:dBm|mA|C|V)?(?![\w.])|\+\+|--|\+|-"
)
_FLAGS = {"++", "+", "--", "-"}
_QUANTITY = {
    "Temperature": "temperature_c",
    "Voltage": "voltage_v",
    "Current": "tx_bias_ma",
    "Tx Power": "tx_power_dbm",
    "Rx Power": "rx_power_dbm",
}
_EMPTY = {"", "--", "n/a"}
_MBPS_PER_GBPS = 1000
_STATUS_UP = {"connected", "up"}
_STATUS_ADMIN_DOWN = {"disabled"}
_STATUS_AMBIGUOUS = {"down"}
"""Status words that do not say whether the port is shut (SVIs print ``down`` either way)."""


def _media_type(*texts: str | None) -> str | None:
    """The catalogue name the first of these vendor strings (or an obvious part of it) names."""
    catalog = load_catalog()
    for text in texts:
        if not text:
            continue
        words = re.split(r"[\s,/]+", re.sub(r"\([^)]*\)", " ", text).strip())
        pairs = [f"{a}{sep}{b}" for a, b in itertools.pairwise(words) for sep in "- "]
        for candidate in (text, *words, *pairs):
            optic = catalog.optic_for_alias(candidate) if candidate else None
            if optic is not None:
                return optic.name
    return None


def _media_lanes(media_type: str | None, reported: int | None) -> int | None:
    """Lanes that carry light: the catalogue's count, else what the module reports."""
    if media_type:
        optic = load_catalog().optic(media_type)
        if optic is not None and optic.lanes:
            return optic.lanes
    return reported


def _speed(text: str) -> str | None:
    """``10G`` from ``a-10G``/``10G``, ``1G`` from ``1000``; None for ``auto``."""
    value = text.strip().removeprefix("a-")
    if not value or value.lower() == "auto" or value == "--":
        return None
    if value.isdigit():
        mbps = int(value)
        return f"{mbps // _MBPS_PER_GBPS}G" if mbps % _MBPS_PER_GBPS == 0 else f"{mbps}M"
    return value


def _dom_row(rest: str) -> tuple[float | None, list[float | None]]:
    """The current value and the four thresholds (alarm high/low, warning high/low) of a row."""
    tokens = _DOM_TOKEN.findall(rest)
    values = [token for token in tokens if token not in _FLAGS]
    flags = [token for token in tokens if token in _FLAGS]
    current = to_float(values[0]) if values else None
    if current is None and values and flags and flags[0] == "--" and "dBm" in rest:
        current = -math.inf
    return current, [to_float(value) for value in values[1:5]]


def _levels(values: list[float | None]) -> Levels:
    """NX-OS prints alarm high, alarm low, warning high, warning low."""
    levels: Levels = {}
    for key, value in zip(
        ("high_alarm", "low_alarm", "high_warning", "low_warning"), values, strict=False
    ):
        if value is not None and not math.isinf(value):
            levels[key] = value  # type: ignore[literal-required]
    return levels


class _Dom:
    """DOM rows of one module, gathered block by block."""

    def __init__(self) -> None:
        self.module: dict[str, float | None] = {}
        self.thresholds: Thresholds = {}
        self.lanes: list[tuple[int, dict[str, float | None]]] = []
        self.common_blocks = 0
        self.supported = True

    def start_lane(self, number: int, kind: str) -> dict[str, float | None] | None:
        """A new lane block; a common block (CFP's lane 1) holds module values and no lane."""
        if "network" not in kind.lower():
            self.common_blocks += 1
            return None
        lane: dict[str, float | None] = {}
        self.lanes.append((number - self.common_blocks, lane))
        return lane

    def add_row(self, label: str, rest: str, lane: dict[str, float | None] | None) -> None:
        current, limits = _dom_row(rest)
        quantity = _QUANTITY[label]
        levels = _levels(limits)
        if levels and quantity not in self.thresholds:
            self.thresholds[quantity] = levels  # type: ignore[literal-required]
        if label in {"Temperature", "Voltage"}:
            self.module.setdefault(quantity, current)
        elif lane is not None:
            lane[quantity] = current


def _transceiver_blocks(text: str) -> list[tuple[str, list[str]]]:
    """The output cut into (port, lines) blocks."""
    blocks: list[tuple[str, list[str]]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if _PORT_LINE.match(line):
            blocks.append((canonical(line), []))
        elif blocks:
            blocks[-1][1].append(line)
    return blocks


def _parse_block(port: str, lines: list[str]) -> Transceiver:
    fields: dict[str, str] = {}
    dom = _Dom()
    lane: dict[str, float | None] | None = None
    in_table = per_lane = False
    for line in lines:
        header = _LANE_HEADER.match(line)
        if header:
            in_table = per_lane = True
            lane = dom.start_lane(int(header.group("lane")), header.group("kind"))
            continue
        if "Diagnostics Information" in line:
            in_table = True
            if not per_lane and not dom.lanes:
                lane = dom.start_lane(1, "network")
            continue
        if line.strip() == "DOM is not supported":
            dom.supported = False
            continue
        row = _DOM_ROW.match(line)
        if in_table and row:
            dom.add_row(row.group("label"), row.group("rest"), lane)
            continue
        field = _FIELD.match(line) or _COUNT.match(line)
        if field and not in_table:
            fields.setdefault(
                field.group("key").strip().lower(), (field.group("value") or "").strip()
            )
    return _transceiver(port, fields, dom)


_TEXT_FIELDS = {
    "name": "vendor",
    "part number": "part_number",
    "serial number": "serial",
    "revision": "revision",
    "firmware version": "firmware",
}


def _identity(transceiver: Transceiver, fields: dict[str, str]) -> str | None:
    """Fill vendor, part number, serial, type and lane counts; return the catalogue type."""
    for key, target in _TEXT_FIELDS.items():
        text = fields.get(key, "")
        if text.lower() not in _EMPTY:
            transceiver[target] = text  # type: ignore[literal-required]
    raw_type = fields.get("type", "")
    if raw_type:
        transceiver["media_type_raw"] = raw_type
    media_type = _media_type(
        raw_type, fields.get("cisco product id"), fields.get("media interface advertising code")
    )
    if media_type:
        transceiver["media_type"] = media_type
    wavelength = to_float(fields.get("nominal transmitter wavelength"))
    if wavelength:
        transceiver["wavelength_nm"] = wavelength
    host_lanes = to_float(fields.get("host lane count"))
    media_lanes = to_float(fields.get("media lane count"))
    if host_lanes:
        transceiver["host_lanes"] = int(host_lanes)
    if media_lanes:
        transceiver["media_lanes"] = int(media_lanes)
    return media_type


def _transceiver(port: str, fields: dict[str, str], dom: _Dom) -> Transceiver:
    status = fields.get("transceiver", "")
    transceiver: Transceiver = {"port": port, "present": status == "present"}
    if not transceiver["present"]:
        return transceiver
    media_type = _identity(transceiver, fields)
    if not dom.supported:
        return transceiver
    for quantity in ("temperature_c", "voltage_v"):
        value = dom.module.get(quantity)
        if value is not None:
            transceiver[quantity] = value
    if dom.thresholds:
        transceiver["thresholds"] = dom.thresholds
    if dom.lanes:
        carrying = _media_lanes(media_type, transceiver.get("media_lanes"))
        transceiver["lanes"] = _lanes(dom.lanes, carrying)
    return transceiver


def _lanes(
    readings: list[tuple[int, dict[str, float | None]]], carrying: int | None
) -> list[LaneReading]:
    """Lanes as NX-OS numbers them (a breakout leg shows only its own lane)."""
    lanes: list[LaneReading] = []
    for number, reading in readings:
        lanes.append(
            lane_reading(
                number,
                rx=reading.get("rx_power_dbm"),
                tx=reading.get("tx_power_dbm"),
                bias=reading.get("tx_bias_ma"),
                unused=carrying is not None and number > carrying,
            )
        )
    return lanes


def parse_show_interface_transceiver(text: str) -> DeviceFacts:
    r"""Transceivers from ``show interface transceiver [details]``, with DOM when printed.

    >>> facts = parse_show_interface_transceiver("Ethernet1/9\n    transceiver is not present\n")
    >>> facts["transceivers"]["Ethernet1/9"]
    {'port': 'Ethernet1/9', 'present': False}
    """
    return {
        "transceivers": {
            port: _parse_block(port, lines) for port, lines in _transceiver_blocks(text)
        }
    }


def _column_spans(header: str) -> list[tuple[str, int, int]]:
    """(name, start, end) of each column, from a header whose names start their columns."""
    starts = [(match.group(), match.start()) for match in re.finditer(r"\S+", header)]
    spans = []
    for index, (name, start) in enumerate(starts):
        end = starts[index + 1][1] if index + 1 < len(starts) else 10_000
        spans.append((name.lower(), start, end))
    return spans


def parse_show_interface_status(text: str) -> DeviceFacts:
    r"""Ports from ``show interface status``: admin and oper state, speed, description.

    >>> table = (
    ...     "Port          Name               Status    Vlan      Duplex  Speed   Type\n"
    ...     "Eth1/1        uplink             connected routed    full    100G    QSFP-100G-SR4\n"
    ... )
    >>> parse_show_interface_status(table)["ports"]["Ethernet1/1"]["oper"]
    'up'
    """
    ports: dict[str, Port] = {}
    spans: list[tuple[str, int, int]] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if line.startswith("Port ") and "Status" in line:
            spans = _column_spans(line)
            continue
        if not spans or not line or line.startswith("-") or line.lower().startswith("show "):
            continue
        cells = {name: line[start:end].strip() for name, start, end in spans}
        name = canonical(cells.get("port", ""))
        if not name:
            continue
        ports[name] = _port(name, cells)
    return {"ports": ports}


def _port(name: str, cells: dict[str, str]) -> Port:
    port: Port = {"name": name}
    status = cells.get("status", "")
    if status:
        up = status.lower() in _STATUS_UP
        port["oper"] = "up" if up else "down"
        if status.lower() not in _STATUS_AMBIGUOUS:
            port["admin"] = "down" if status.lower() in _STATUS_ADMIN_DOWN else "up"
        if not up and port.get("admin") == "up":
            port["reason"] = status
    description = cells.get("name", "")
    if description and description != "--":
        port["description"] = description
    speed = _speed(cells.get("speed", ""))
    if speed:
        port["speed"] = speed
    return port


_BREAKOUT_ROW = re.compile(
    r"^(?P<parent>Eth\S+)\s+(?P<map>\d+g-\d+x)\s+(?P<children>\S+)\s*$", re.IGNORECASE
)


def _breakout_mode(vendor: str) -> str:
    """``4x100G`` from NX-OS's ``100g-4x``."""
    speed, count = vendor.lower().split("-", 1)
    return f"{count.rstrip('x')}x{speed.upper()}"


def _children(text: str) -> list[str]:
    """``Eth1/2/1-4`` expanded to canonical names; comma lists too."""
    names: list[str] = []
    for part in text.split(","):
        match = re.fullmatch(r"(?P<base>.*/)(?P<first>\d+)-(?P<last>\d+)", part.strip())
        if match:
            base = match.group("base")
            first, last = int(match.group("first")), int(match.group("last"))
            names.extend(canonical(f"{base}{n}") for n in range(first, last + 1))
        elif part.strip():
            names.append(canonical(part))
    return names


def parse_show_interface_breakout(text: str) -> DeviceFacts:
    r"""Broken-out parents and their children from ``show interface breakout``.

    >>> facts = parse_show_interface_breakout("Eth1/2   100g-4x   Eth1/2/1-4\n")
    >>> facts["ports"]["Ethernet1/2"]["breakout"], facts["ports"]["Ethernet1/2/4"]["parent"]
    ('4x100G', 'Ethernet1/2')
    """
    ports: dict[str, Port] = {}
    for raw in text.splitlines():
        row = _BREAKOUT_ROW.match(raw.strip())
        if not row:
            continue
        parent = canonical(row.group("parent"))
        children = _children(row.group("children"))
        ports[parent] = {
            "name": parent,
            "breakout": _breakout_mode(row.group("map")),
            "children": children,
        }
        for lane, child in enumerate(children, start=1):
            ports[child] = {"name": child, "parent": parent, "media_lanes": [lane]}
    return {"ports": ports}


_INVENTORY_NAME = re.compile(
    r'^NAME:\s*"?(?P<name>[^",]*)"?\s*,\s*DESCR:\s*"?(?P<descr>[^"]*)"?\s*$'
)
_INVENTORY_IDS = re.compile(
    r"^PID:\s*(?P<pid>[^,]*?)\s*,\s*VID:\s*(?P<vid>[^,]*?)\s*,\s*SN:\s*(?P<sn>.*?)\s*$"
)
_VERSION_ID = re.compile(r"^V\d+$")
"""A Cisco version ID (``V01``): some releases print it in VID instead of the vendor's PN."""
_INTERFACE_NAME = re.compile(r"^[A-Za-z][A-Za-z-]*\d+(?:/\d+)+$")


def parse_show_inventory(text: str) -> DeviceFacts:
    r"""Transceivers from ``show inventory`` rows named after an interface.

    NX-OS puts the module's vendor in DESCR, the vendor part number in VID and the Cisco product
    ID (blank for third-party modules) in PID; where VID holds a version ID (``V01``) instead, the
    part number is the PID.

    >>> rows = 'NAME: Ethernet1/1,  DESCR: FS\nPID:     ,  VID: SFP-10GSR-85,  SN: F18\n'
    >>> parse_show_inventory(rows)["transceivers"]["Ethernet1/1"]["part_number"]
    'SFP-10GSR-85'
    """
    transceivers: dict[str, Transceiver] = {}
    name = descr = ""
    for raw in text.splitlines():
        line = raw.strip()
        named = _INVENTORY_NAME.match(line)
        if named:
            name, descr = named.group("name").strip(), named.group("descr").strip()
            continue
        ids = _INVENTORY_IDS.match(line)
        if not ids or not _INTERFACE_NAME.match(name):
            continue
        port = canonical(name)
        transceiver: Transceiver = {"port": port, "present": True}
        pid, vid, serial = ids.group("pid"), ids.group("vid"), ids.group("sn")
        if descr:
            transceiver["vendor"] = descr
        part_number = pid if _VERSION_ID.match(vid) else vid
        if part_number and part_number.upper() != "N/A":
            transceiver["part_number"] = part_number
        if serial and serial.upper() != "N/A":
            transceiver["serial"] = serial
        if pid:
            transceiver["media_type_raw"] = pid
            media_type = _media_type(pid)
            if media_type:
                transceiver["media_type"] = media_type
        transceivers[port] = transceiver
        name = ""
    return {"transceivers": transceivers}


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interface transceiver": parse_show_interface_transceiver,
    "show interface transceiver details": parse_show_interface_transceiver,
    "show interface status": parse_show_interface_status,
    "show interface breakout": parse_show_interface_breakout,
    "show inventory": parse_show_inventory,
}
"""Parse function per command, as a user types it."""
