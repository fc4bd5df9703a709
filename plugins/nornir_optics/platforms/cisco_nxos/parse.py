"""Cisco NX-OS: transceiver inventory, per-lane DOM, port status and breakout from CLI text.

Commands covered (keys of :data:`PARSERS`): ``show interface transceiver``, ``show interface
transceiver details``, ``show interface status``, ``show interface breakout`` and ``show
inventory``. NX-OS prints a DOM table per module (SFP) or per lane (``Lane Number:N Network
Lane`` blocks on QSFP-DD and CFP); a value of ``N/A`` flagged ``--`` (low alarm) on a power row
means the power is below what the module can measure, that is, no light.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from nornir_optics.catalog import load_catalog
from nornir_optics.names import natural_key
from nornir_optics.platforms.common import (
    canonical,
    first_media_type,
    inventory_rows,
    lane_reading,
    load_json_object,
    normalize_command,
    to_count,
    to_float,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.catalog import OpticType
    from nornir_optics.facts import (
        DeviceFacts,
        LaneReading,
        Levels,
        Port,
        Thresholds,
        Transceiver,
    )

PLATFORM = "cisco_nxos"
"""The platform key (netutils) this module parses."""

_PORT_LINE = re.compile(r"^(?:Ethernet|Eth)\d\S*$")
_FC_PORT_LINE = re.compile(r"^(?P<port>fc\d+(?:/\d+)+)\s+sfp is (?P<state>\S.*?)\s*$")
"""A Fibre Channel port's block (``fc1/48 sfp is present``): the same facts, other words."""
_FIELD = re.compile(r"^\s+(?P<key>[A-Za-z][\w /.'-]*?) is(?: (?P<value>.*))?$")
_RX_LOSS = re.compile(r"(?<!no )\brx loss\b", re.IGNORECASE)
"""The FC status line's ``No tx fault, rx loss, no sync exists``: loss of signal."""
_COUNT = re.compile(r"^\s+(?P<key>number of lanes)\s+(?P<value>\d+)$")
_LANE_HEADER = re.compile(r"^Lane Number:\s*(?P<lane>\d+)\s+(?P<kind>.*)$")
_DOM_ROW = re.compile(
    r"^\s+(?:Optical )?(?P<label>Temperature|Voltage|Current|Tx Power|Rx Power)\s+(?::\s+)?"
    r"(?P<rest>(?:N/A|[-+]?\d).*)$"
)
_DOM_TOKEN = re.compile(
    r"N/A|-\s?[Ii]nf|(?<![\d.])[-+]?\d+(?:\.\d+)?\s*(?:dBm|mA|C|V)?(?![\w.])|\+\+|--|\+|-"
)
"""A DOM row's tokens; a number starts only where no digit precedes it, so a search over a run
of digits is linear, not quadratic."""
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
        self.los = False

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
        fibre = _FC_PORT_LINE.match(line)
        if _PORT_LINE.match(line):
            blocks.append((canonical(line), []))
        elif fibre is not None:
            blocks.append((canonical(fibre["port"]), [f"    transceiver is {fibre['state']}"]))
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
        if not in_table and _RX_LOSS.search(line):
            dom.los = True
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
    "manufacturer's part number": "part_number",
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
    media_type = first_media_type(
        raw_type, fields.get("cisco product id"), fields.get("media interface advertising code")
    )
    if media_type:
        transceiver["media_type"] = media_type
    wavelength = to_float(fields.get("nominal transmitter wavelength"), "wavelength_nm")
    if wavelength:
        transceiver["wavelength_nm"] = wavelength
    host_lanes = to_count(fields.get("host lane count"))
    media_lanes = to_count(fields.get("media lane count"))
    if host_lanes:
        transceiver["host_lanes"] = host_lanes
    if media_lanes:
        transceiver["media_lanes"] = media_lanes
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
        transceiver["lanes"] = _lanes(dom.lanes, carrying, los=dom.los)
    return transceiver


def _lanes(
    readings: list[tuple[int, dict[str, float | None]]], carrying: int | None, *, los: bool = False
) -> list[LaneReading]:
    """Lanes as NX-OS numbers them (a breakout leg shows only its own lane).

    ``los``: the module flags loss of signal.
    """
    lanes: list[LaneReading] = []
    for number, reading in readings:
        lanes.append(
            lane_reading(
                number,
                rx=reading.get("rx_power_dbm"),
                tx=reading.get("tx_power_dbm"),
                bias=reading.get("tx_bias_ma"),
                unused=carrying is not None and number > carrying,
                los=los,
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
        cells = _cells(line, spans)
        name = canonical(cells.get("port", ""))
        if not name:
            continue
        ports[name] = _port(name, cells)
    return {"ports": ports}


def _cells(line: str, spans: list[tuple[str, int, int]]) -> dict[str, str]:
    """The row's cells, each word in the column its first character falls in.

    So a row shifted a column or two from its header (``Lo0`` rows) still reads right.

    >>> spans = _column_spans("Port   Name     Status")
    >>> _cells("Lo0    --         connected", spans)["status"]
    'connected'
    """
    cells: dict[str, tuple[int, int]] = {}
    for word in re.finditer(r"\S+", line):
        column = next(
            (name for name, start, end in spans if start <= word.start() < end), spans[0][0]
        )
        first, _ = cells.get(column, (word.start(), word.end()))
        cells[column] = (first, word.end())
    return {name: line[start:end] for name, (start, end) in cells.items()}


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


_INTERFACE_HEAD = re.compile(r"^(?P<name>[A-Za-z][\w./:-]*\d) is (?P<state>\S+)")
_FLAPPED = re.compile(r"^\s+Last link flapped\s+(?P<ago>.+?)\s*$")
_RESETS = re.compile(r"^\s+(?P<count>\d+) interface resets\s*$")
_AGO_FORMS = (
    (re.compile(r"^(?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d)$"), ("h", "m", "s")),
    (re.compile(r"^(?P<d>\d+)d(?P<h>\d+)h$"), ("d", "h")),
    (re.compile(r"^(?P<w>\d+)week\(s\)\s+(?P<d>\d+)day\(s\)$"), ("w", "d")),
    (re.compile(r"^(?P<w>\d+)w(?P<d>\d+)d$"), ("w", "d")),
)
_SECONDS = {"w": 604_800, "d": 86_400, "h": 3_600, "m": 60, "s": 1}


def flapped_seconds(ago: str) -> float | None:
    """NX-OS's ``Last link flapped`` value in seconds; None for ``never`` or an unknown form.

    >>> flapped_seconds("00:01:05"), flapped_seconds("1d02h"), flapped_seconds("7week(s) 1day(s)")
    (65.0, 93600.0, 4320000.0)
    >>> flapped_seconds("never") is None
    True
    """
    for pattern, units in _AGO_FORMS:
        if match := pattern.match(ago.strip()):
            return float(sum(int(match[unit]) * _SECONDS[unit] for unit in units))
    return None


def parse_show_interface(text: str) -> DeviceFacts:
    """Link flaps of each Ethernet interface from ``show interface``.

    Args:
        text: output of ``show interface`` (all, or one interface).

    Returns:
        One port per Ethernet interface: ``link_flaps`` from ``N interface resets`` (each
        block's line, wherever in the block NX-OS prints it), ``last_flap_s`` from ``Last
        link flapped`` (absent for ``never``).
    """
    ports: dict[str, Port] = {}
    port: Port | None = None
    for line in text.splitlines():
        if head := _INTERFACE_HEAD.match(line):
            name = canonical(head["name"])
            port = {"name": name} if _PORT_LINE.match(name) else None
            if port is not None:
                ports[name] = port
        elif port is None:
            continue
        elif match := _FLAPPED.match(line):
            if (seconds := flapped_seconds(match["ago"])) is not None:
                port["last_flap_s"] = seconds
        elif match := _RESETS.match(line):
            port["link_flaps"] = int(match["count"])
    return {"ports": ports}


_BREAKOUT_ROW = re.compile(
    r"^(?P<parent>Eth\S+)\s+(?P<map>\d+g-\d+x)\s+(?P<children>\S+)\s*$", re.IGNORECASE
)


def _breakout_mode(vendor: str) -> str:
    """``4x100G`` from NX-OS's ``100g-4x``."""
    speed, count = vendor.lower().split("-", 1)
    return f"{count.rstrip('x')}x{speed.upper()}"


_CHILD_RANGE = re.compile(r"(?P<base>.*/)(?P<first>\d+)-(?P<last>\d+)")


def _children(text: str) -> list[str]:
    """``Eth1/2/1-4`` expanded to canonical names; comma lists too."""
    names: list[str] = []
    for part in text.split(","):
        match = _CHILD_RANGE.fullmatch(part.strip())
        if match:
            base = match.group("base")
            first, last = int(match.group("first")), int(match.group("last"))
            if last - first < _MAX_PORTS:  # a longer range is garbage, not children
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


_VERSION_ID = re.compile(r"^V\d+$")
"""A Cisco version ID (``V01``): some releases print it in VID instead of the vendor's PN."""


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
    for port, descr, pid, vid, serial in inventory_rows(text):
        transceiver: Transceiver = {"port": port, "present": True}
        if descr:
            transceiver["vendor"] = descr
        part_number = pid if _VERSION_ID.match(vid) else vid
        if part_number and part_number.upper() != "N/A":
            transceiver["part_number"] = part_number
        if serial and serial.upper() != "N/A":
            transceiver["serial"] = serial
        if pid:
            transceiver["media_type_raw"] = pid
            media_type = first_media_type(pid)
            if media_type:
                transceiver["media_type"] = media_type
        transceivers[port] = transceiver
    return {"transceivers": transceivers}


# ---------------------------------------------------------------------------------- gather

MODULE_COMMANDS: tuple[str, ...] = ("show interface transceiver details",)
"""Type, vendor, part number, serial, revision, firmware (and DOM: the same output carries it).

``show interface transceiver details | json`` would be structured, but the text is what every
release prints alike (lanes as ``Lane Number:N`` blocks); the lab answers ``| json`` with the
identity rows only.
"""
DOM_COMMANDS: tuple[str, ...] = ("show interface transceiver details",)
"""Per-lane Rx/Tx/bias, temperature, voltage, thresholds (one command with the inventory, so
``optics_gather`` sends it once)."""
PORT_COMMANDS: tuple[str, ...] = (
    "show interface status | json",
    "show running-config",
    "show lldp neighbors detail",
    "show interface",
)
"""Admin, oper and speed (status), breakout, FEC and description (running config), LLDP, and
each link's flaps (interface resets, last flapped: only the full ``show interface`` has them)."""
PRIVILEGED_PORT_COMMANDS: tuple[str, ...] = ()
"""Port commands that need privileged mode: none on this platform."""

_FEX_SLOT = 100
"""``Ethernet101/1/3`` is a FEX host port, not a breakout leg: FEX ids start at 100."""
_CHILD = re.compile(r"^(?P<parent>Ethernet(?P<slot>\d+)/\d+)/\d+$")
_CAGE = re.compile(r"^Ethernet\d+/\d+$")
BREAKOUT_LINE = re.compile(
    r"^interface breakout module (?P<module>\d+) port (?P<ports>[\d,-]+) map (?P<map>\S+)"
)
_INTERFACE_LINE = re.compile(r"^interface (?P<name>\S+)\s*$")
_LLDP_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]*?):\s*(?P<value>.*?)\s*$")
_NOT_ADVERTISED = {"", "not advertised", "null"}


def cage_of(name: str) -> str:
    """The cage (unbroken port) an interface belongs to: ``Ethernet1/2/3`` -> ``Ethernet1/2``.

    >>> cage_of("Ethernet1/2/3"), cage_of("Ethernet1/64"), cage_of("Ethernet101/1/3")
    ('Ethernet1/2', 'Ethernet1/64', 'Ethernet101/1/3')
    """
    match = _CHILD.match(name)
    if match and int(match.group("slot")) < _FEX_SLOT:
        return match.group("parent")
    return name


def _rows(data: object, table: str, row: str) -> list[dict[str, object]]:
    """NX-API rows: ``{TABLE_x: {ROW_x: [...]}}``, where a single row may come as a dict."""
    if not isinstance(data, dict):
        return []
    body = data.get(table, {})
    if isinstance(body, list):  # some releases wrap the table in a list
        body = body[0] if body else {}
    rows = body.get(row, []) if isinstance(body, dict) else []
    if isinstance(rows, dict):
        rows = [rows]
    return [r for r in rows if isinstance(r, dict)]


def _status_rows(text: str) -> list[dict[str, str]]:
    """Rows of ``show interface status | json`` as the text table's cells (port, name, ...)."""
    data = load_json_object(text)
    return [
        {
            "port": str(row.get("interface", "")),
            "name": str(row.get("name") or ""),
            "status": str(row.get("state", "")),
            "speed": str(row.get("speed", "")),
            "type": str(row.get("type", "")),
        }
        for row in _rows(data, "TABLE_interface", "ROW_interface")
    ]


def parse_show_interface_status_json(text: str) -> DeviceFacts:
    """Ports from ``show interface status | json`` (full descriptions, unlike the text table).

    >>> out = '{"TABLE_interface": {"ROW_interface": {"interface": "Ethernet1/1", '
    >>> out += '"name": "to spine1", "state": "connected", "speed": "400G", "type": "--"}}}'
    >>> parse_show_interface_status_json(out)["ports"]["Ethernet1/1"]["description"]
    'to spine1'
    """
    ports: dict[str, Port] = {}
    for cells in _status_rows(text):
        name = canonical(cells["port"]) if cells["port"] else ""
        if name.startswith("Ethernet"):
            ports[name] = _port(name, cells)
    return {"ports": ports}


def _fec_words() -> dict[str, str]:
    """NX-OS FEC config line -> the intent's word, from the platform catalogue."""
    platform = load_catalog().platforms["cisco_nxos"]
    return {
        keyword.keyword.lower(): fec.value
        for fec, keyword in platform.fec.items()
        if keyword.keyword
    }


def _map_words() -> dict[str, str]:
    """NX-OS breakout map keyword -> the intent's mode, from the platform catalogue."""
    platform = load_catalog().platforms["cisco_nxos"]
    return {
        keyword.keyword.lower(): mode.value
        for mode, keyword in platform.breakout.items()
        if keyword.keyword
    }


def port_numbers(text: str) -> list[int]:
    """``1-4,7`` -> ``[1, 2, 3, 4, 7]``; a range that is no port range is left out.

    >>> port_numbers("1-4,7"), port_numbers("1-x,9-99999999,3")
    ([1, 2, 3, 4, 7], [3])
    """
    numbers: list[int] = []
    for item in text.split(","):
        first, _, last = item.strip().partition("-")
        last = last or first
        if first.isdigit() and last.isdigit() and int(last) - int(first) < _MAX_PORTS:
            numbers.extend(range(int(first), int(last) + 1))
    return numbers


_MAX_PORTS = 1024
"""More ports than any switch or line card has: a longer range is garbage, not ports."""


class _RunningConfig:
    """What ``show running-config`` says about Ethernet interfaces and breakout."""

    def __init__(self, text: str) -> None:
        self.breakouts: dict[str, str] = {}
        self.interfaces: dict[str, dict[str, str]] = {}
        current: dict[str, str] | None = None
        maps = _map_words()
        for raw in text.splitlines():
            line = raw.rstrip()
            breakout = BREAKOUT_LINE.match(line)
            if breakout:
                word = breakout.group("map").lower()
                mode = maps.get(word) or _breakout_mode(word)
                for number in port_numbers(breakout.group("ports")):
                    self.breakouts[f"Ethernet{breakout.group('module')}/{number}"] = mode
                current = None
                continue
            interface = _INTERFACE_LINE.match(line)
            if interface:
                name = canonical(interface.group("name"))
                ethernet = name.startswith("Ethernet")
                current = self.interfaces.setdefault(name, {}) if ethernet else None
                continue
            if not line.startswith((" ", "\t")):
                current = None
                continue
            if current is not None:
                self._setting(current, line.strip())

    @staticmethod
    def _setting(config: dict[str, str], line: str) -> None:
        word, _, rest = line.partition(" ")
        if word == "description":
            config["description"] = rest.strip()
        elif word == "fec":
            config["fec"] = line.lower()
        elif word == "speed":
            config["speed"] = rest.strip()
        elif line == "shutdown":
            config["admin"] = "down"
        elif line == "no shutdown":
            config["admin"] = "up"

    def ports(self) -> dict[str, Port]:
        fec_words = _fec_words()
        ports: dict[str, Port] = {}
        for name, config in self.interfaces.items():
            port: Port = {"name": name}
            if config.get("description"):
                port["description"] = config["description"]
            admin = config.get("admin")
            if admin in {"up", "down"}:
                port["admin"] = "up" if admin == "up" else "down"
            speed = _speed(config.get("speed", ""))
            if speed:
                port["speed"] = speed
            fec = fec_words.get(config.get("fec", ""))
            if fec:
                port["fec"] = fec
            ports[name] = port
        cages = {cage_of(name) for name in self.interfaces} | set(self.breakouts)
        for cage in sorted(cages, key=natural_key):
            if not _CAGE.match(cage):
                continue
            mode = self.breakouts.get(cage, "none")
            children = sorted(
                (name for name in self.interfaces if cage_of(name) == cage and name != cage),
                key=natural_key,
            )
            parent = ports.setdefault(cage, {"name": cage})
            parent["breakout"] = mode
            parent["children"] = children if mode != "none" else [cage]
        return ports

    def default_fec(self, name: str) -> bool:
        """Whether an interface runs the platform's default FEC (no ``fec`` line, or auto)."""
        return self.interfaces.get(name, {}).get("fec", "fec auto") == "fec auto"


def parse_show_running_config(text: str) -> DeviceFacts:
    r"""Breakout, FEC, speed, description and shutdown per interface from ``show running-config``.

    FEC lines map to the intent's words through the platform catalogue; an interface without one
    runs the default (``fec auto``) and gets no ``fec`` here (see :func:`facts_from_outputs`).

    >>> config = (
    ...     "interface breakout module 1 port 2 map 100g-4x\n"
    ...     "interface Ethernet1/1\n  fec off\n"
    ...     "interface Ethernet1/2/1\n  description srv1\n"
    ... )
    >>> ports = parse_show_running_config(config)["ports"]
    >>> ports["Ethernet1/1"]["fec"], ports["Ethernet1/2"]["children"]
    ('none', ['Ethernet1/2/1'])
    """
    return {"ports": _RunningConfig(text).ports()}


def parse_show_lldp_neighbors_detail(text: str) -> DeviceFacts:
    r"""LLDP neighbours per local interface from ``show lldp neighbors detail``.

    >>> out = "Port id: Ethernet248\nLocal Port id: Eth1/3\nSystem Name: leaf3\n"
    >>> parse_show_lldp_neighbors_detail(out)["ports"]["Ethernet1/3"]["neighbor"]
    {'system': 'leaf3', 'port': 'Ethernet248'}
    """
    ports: dict[str, Port] = {}
    entry: dict[str, str] = {}

    def flush() -> None:
        local = entry.get("local port id", "")
        system = entry.get("system name", "")
        if system.lower() in _NOT_ADVERTISED:
            system = entry.get("chassis id", "")
        port = entry.get("port id", "")
        if local and system and port:
            name = canonical(local)
            ports[name] = {"name": name, "neighbor": {"system": system, "port": _peer(port)}}
        entry.clear()

    for raw in text.splitlines():
        field = _LLDP_FIELD.match(raw.strip())
        if not field:
            continue
        key = field.group("key").strip().lower()
        if key == "chassis id" and entry:
            flush()
        entry.setdefault(key, field.group("value"))
    flush()
    return {"ports": ports}


def _peer(port: str) -> str:
    """A neighbour's port as it names it, canonical where it is an interface name."""
    try:
        return canonical(port)
    except (ValueError, KeyError, TypeError):  # pragma: no cover - netutils keeps unknown names
        return port.strip()


def _fold(transceivers: dict[str, Transceiver]) -> dict[str, Transceiver]:
    """One transceiver per cage: breakout legs (each printed with the module) folded together."""
    groups: dict[str, list[Transceiver]] = {}
    for name in sorted(transceivers, key=natural_key):
        groups.setdefault(cage_of(name), []).append(transceivers[name])
    folded: dict[str, Transceiver] = {}
    for cage, legs in groups.items():
        present = [leg for leg in legs if leg.get("present")]
        if not present:
            folded[cage] = {"port": cage, "present": False}
            continue
        merged: Transceiver = {**present[0], "port": cage}
        merged.pop("lanes", None)
        lanes = _merge_lanes([leg.get("lanes", []) for leg in present])
        if lanes:
            merged["lanes"] = lanes
        folded[cage] = merged
    return folded


def _merge_lanes(per_leg: list[list[LaneReading]]) -> list[LaneReading]:
    """Lanes of every leg by media lane; legs that each count from 1 are laid end to end."""
    numbers = [[lane["lane"] for lane in lanes] for lanes in per_leg if lanes]
    overlap = len(numbers) > 1 and len({n for leg in numbers for n in leg}) < sum(map(len, numbers))
    merged: dict[int, LaneReading] = {}
    offset = 0
    for lanes in per_leg:
        for lane in lanes:
            number = lane["lane"] + (offset if overlap else 0)
            merged.setdefault(number, {**lane, "lane": number})
        offset += len(lanes)
    return [merged[n] for n in sorted(merged)]


def _dark_lanes(transceiver: Transceiver) -> None:
    """A lane whose laser is on but whose Rx reads ``N/A`` receives no light.

    NX-OS prints ``N/A`` where the received power is below what the module can measure; with the
    same lane's Tx power or bias measured, the module does monitor that lane, so ``N/A`` is no
    light, not a missing DOM.
    """
    for lane in transceiver.get("lanes", []):
        if (
            lane["state"] == "ok"
            and "rx_power_dbm" not in lane
            and ("tx_power_dbm" in lane or lane.get("tx_bias_ma"))
        ):
            lane["state"] = "no_light"


def _optic_of(type_text: str) -> OpticType | None:
    name = first_media_type(type_text) if type_text and type_text != "--" else None
    return load_catalog().optic(name) if name else None


def _installed(transceivers: dict[str, Transceiver], cage: str) -> OpticType | None:
    """The catalogue optic in a cage, where the inventory names one."""
    module = transceivers.get(cage)
    media = module.get("media_type") if module else None
    return load_catalog().optic(media) if media else None


def _leg_lanes(optic: OpticType | None, legs: int, leg: int) -> list[int] | None:
    """The media lanes (1-based) a breakout leg carries on that optic."""
    if optic is None or not optic.lanes:
        return None
    share = max(optic.lanes // legs, 1)
    first = (leg - 1) * share + 1
    return [n for n in range(first, first + share) if n <= optic.lanes]


def _merge_port(ports: dict[str, Port], port: Port) -> None:
    ports[port["name"]] = {**ports.get(port["name"], {"name": port["name"]}), **port}


_PORT_PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interface": parse_show_interface,
    "show interface status": parse_show_interface_status,
    "show interface status | json": parse_show_interface_status_json,
    "show interface breakout": parse_show_interface_breakout,
    "show lldp neighbors detail": parse_show_lldp_neighbors_detail,
}


def _key(command: str, text: str) -> str:
    """A command's table key: typed form, with ``| json`` where the output is JSON."""
    key = normalize_command(command).lower()
    structured = "json" in command.lower() or text.lstrip().startswith("{")
    return f"{key} | json" if structured else key


def _ports(outputs: dict[str, str], transceivers: dict[str, Transceiver]) -> dict[str, Port]:
    ports: dict[str, Port] = {}
    config: _RunningConfig | None = None
    types: dict[str, str] = {}
    for command, text in outputs.items():
        if normalize_command(command).lower() == "show running-config":
            config = _RunningConfig(text)
            for port in config.ports().values():
                _merge_port(ports, port)
    for command, text in outputs.items():
        key = _key(command, text)
        parser = _PORT_PARSERS.get(key)
        if parser is None:
            continue
        if key == "show interface status | json":
            types = {canonical(row["port"]): row["type"] for row in _status_rows(text)}
        for name, port in parser(text).get("ports", {}).items():
            if name.startswith("Ethernet"):
                _merge_port(ports, port)
    _legs(ports, transceivers, types)
    if config is not None:
        _default_fec(ports, config, transceivers, types)
    return ports


def _legs(
    ports: dict[str, Port], transceivers: dict[str, Transceiver], types: dict[str, str]
) -> None:
    """Parent and media lanes on each breakout leg."""
    for parent in list(ports.values()):
        mode, children = parent.get("breakout"), parent.get("children", [])
        if not mode or mode == "none":
            continue
        cage = parent["name"]
        optic = _installed(transceivers, cage)
        for leg, child in enumerate(children, start=1):
            port = ports.setdefault(child, {"name": child})
            port["parent"] = cage
            lanes = _leg_lanes(optic or _optic_of(types.get(child, "")), len(children), leg)
            if lanes:
                port["media_lanes"] = lanes


def _default_fec(
    ports: dict[str, Port],
    config: _RunningConfig,
    transceivers: dict[str, Transceiver],
    types: dict[str, str],
) -> None:
    """FEC of ports that run the default (no ``fec`` line, or ``fec auto``): the catalogue's.

    Behind an optic the tool cannot identify the default's choice is not known, so ``fec``
    stays out.
    """
    catalog = load_catalog()
    for name, port in ports.items():
        if "fec" in port or name not in config.interfaces or not config.default_fec(name):
            continue
        optic = _installed(transceivers, cage_of(name)) or _optic_of(types.get(name, ""))
        fec = catalog.default_fec(PLATFORM, optic) if optic is not None else None
        if fec is not None:
            port["fec"] = fec.value


_INVENTORY_PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interface transceiver": parse_show_interface_transceiver,
    "show interface transceiver details": parse_show_interface_transceiver,
    "show inventory": parse_show_inventory,
}


def facts_from_outputs(outputs: dict[str, str]) -> DeviceFacts:
    """Device facts from the outputs of any of the gather commands, merged.

    Transceivers are keyed by cage (breakout legs folded onto it, lanes merged by media lane);
    ports carry admin, oper and speed from ``show interface status``, breakout, children, FEC
    and description from ``show running-config`` and the neighbour from LLDP. A port without a
    ``fec`` line runs the default, reported as ``rs544`` behind a PAM4 optic.
    """
    transceivers: dict[str, Transceiver] = {}
    for command, text in outputs.items():
        parser = _INVENTORY_PARSERS.get(normalize_command(command).lower())
        if parser is None:
            continue
        for port, found in _fold(parser(text).get("transceivers", {})).items():
            transceivers[port] = {**transceivers.get(port, {}), **found}  # type: ignore[typeddict-item]
    for transceiver in transceivers.values():
        _dark_lanes(transceiver)
    facts: DeviceFacts = {"platform": PLATFORM}
    if transceivers:
        facts["transceivers"] = transceivers
    ports = _ports(outputs, transceivers)
    if ports:
        facts["ports"] = ports
    return facts


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interface transceiver": parse_show_interface_transceiver,
    "show interface transceiver details": parse_show_interface_transceiver,
    "show interface": parse_show_interface,
    "show interface status": parse_show_interface_status,
    "show interface breakout": parse_show_interface_breakout,
    "show inventory": parse_show_inventory,
    "show interface status | json": parse_show_interface_status_json,
    "show running-config": parse_show_running_config,
    "show lldp neighbors detail": parse_show_lldp_neighbors_detail,
}
"""Parse function per command, as a user types it."""
