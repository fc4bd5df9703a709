"""Arista EOS: transceiver inventory, per-lane DOM, thresholds and port state from show commands.

EOS lists DOM per channel interface (``Et3/17/1``, ``Et3/17/2``, ...). The parsers fold the
channel interfaces of one cage into one transceiver, keyed by the cage's first interface, with
lanes numbered 1..n in channel order; ``ports`` keeps which channel interface each lane came
from (``media_lanes``).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from nornir_optics.catalog import load_catalog
from nornir_optics.models import Fec
from nornir_optics.names import natural_key
from nornir_optics.platforms.common import (
    add_catalogue_lanes,
    canonical,
    json_items,
    json_members,
    lane_reading,
    load_json_object,
    media_type_of,
    normalize_command,
    to_float,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable

    from nornir_optics.facts import DeviceFacts, Levels, Port, Thresholds, Transceiver

PLATFORM = "arista_eos"
"""The platform key (netutils) this module parses."""

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
NO_LIGHT_FLOOR_DBM = -30.0
"""EOS clamps a power reading at -30.00 dBm: that value is its "no light", not a reading (ANTA's
``NO_LIGHT_DBM``, aristanetworks/anta; the lab prints it for a dark lane too)."""


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
                lane_reading(
                    number,
                    rx=channel.rx,
                    tx=channel.tx,
                    bias=channel.bias,
                    unused=unused,
                    floor=NO_LIGHT_FLOOR_DBM,
                )
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
        if len(fields) < 6 or not _INTERFACE.match(fields[0]):
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
    data = load_json_object(text)
    channels: list[_Channel] = []
    for name, entry in json_members(data.get("interfaces")).items():
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
        One transceiver per cage: the ``Name:`` blocks of a cage's lane interfaces
        (``Ethernet49/1`` .. ``/4``) fold into the first, and each lane interface is a port
        with the media lane it is (as the DOM table folds them).
    """
    blocks = _hardware_blocks(text)
    ports: dict[str, Port] = {}
    prefixes = Counter(found["cage"] for name in blocks if (found := _SLOTTED.match(name)))
    lone = {  # an unsplit cage whose one interface is ``/1`` (Ethernet50/1, 100GBASE-LR)
        name
        for name, xcvr in blocks.items()
        if (found := _SLOTTED.match(name))
        and found["lane"] == "1"
        and prefixes[found["cage"]] == 1
        and xcvr["present"]
    }
    groups = _lane_groups(blocks, lone)
    folded = {name for lanes in groups.values() for name in lanes.values()}
    transceivers = {name: xcvr for name, xcvr in blocks.items() if name not in folded}
    for cage, lanes in groups.items():
        transceivers[cage] = blocks[cage]
        for position, name in enumerate(lanes.values(), start=1):
            ports[name] = {"name": name, "media_lanes": [position]}
    facts: DeviceFacts = {"transceivers": transceivers}
    if ports:
        facts["ports"] = ports
    return facts


def _hardware_blocks(text: str) -> dict[str, Transceiver]:
    """One transceiver per ``Name:`` block of ``show interfaces transceiver hardware``."""
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
        elif key == "wavelength (nm)" and (wavelength := to_float(value, "wavelength_nm")):
            xcvr["wavelength_nm"] = wavelength
    return transceivers


def parse_inventory(text: str) -> DeviceFacts:
    """Vendor, part number, serial and revision of each module from the transceiver section.

    Args:
        text: output of ``show inventory``.

    Returns:
        One transceiver per transceiver slot listed, keyed ``Ethernet<slot>``.
    """
    transceivers: dict[str, Transceiver] = {}
    columns: list[tuple[int, int]] = []
    in_slots = False
    for line in text.splitlines():
        if line.startswith("System has"):
            in_slots, columns = "transceiver slots" in line, []  # also "auxiliary transceiver"
            continue
        if not in_slots:
            continue
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
    aligned = len(columns) == 5 and all(
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
    if len(fields) >= 5:
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


# ---------------------------------------------------------------- gather: commands and merge

MODULE_COMMANDS: tuple[str, ...] = (
    "show inventory | json",
    "show interfaces transceiver hardware",
)
"""Vendor, part number, serial and revision per transceiver slot; presence, media type and
wavelength per cage (the hardware view has no JSON model on the lab, and EOS shows no module
firmware in either)."""

DOM_COMMANDS: tuple[str, ...] = (
    "show interfaces transceiver | json",
    "show interfaces transceiver detail",
)
"""Per-channel readings (JSON), and the thresholds, which only the detail tables carry."""

PORT_COMMANDS: tuple[str, ...] = (
    "show interfaces status | json",
    "show lldp neighbors | json",
    "show interfaces | json",
)
"""Link state, speed, description and inactive lanes (the breakout); LLDP neighbours; link
status changes and the time of the last (the status view has neither)."""

PRIVILEGED_PORT_COMMANDS: tuple[str, ...] = ("show running-config",)
"""FEC (and speed keywords) come from the running config, which EOS shows in privileged mode
only. A Netmiko login lands in exec mode unless the account gets privilege 15 at login, and the
gather's ``send_command`` cannot run ``enable`` (the prompt changes from ``>`` to ``#``, so it
waits for the old prompt until its read timeout). These are therefore not in
:data:`PORT_COMMANDS`: :func:`facts_from_outputs` reads them when given (offline, or by a gather
that enters enable mode first), and without them ports carry no ``fec``."""

_SLOTTED = re.compile(r"^(?P<cage>Ethernet\d+(?:/\d+)*)/(?P<lane>\d+)$")
_MAX_CAGE_LANES = 8
_FEC_NONE_PREFIX = "no error-correction encoding"


@dataclass
class _InterfaceConfig:
    """The running-config lines of one interface that the facts need."""

    name: str
    description: str | None = None
    shutdown: bool = False
    speed: str | None = None
    speed_lanes: int | None = None
    fec: list[str] = field(default_factory=list)


def _json_object(text: str) -> dict[str, Any]:
    """The eAPI model a ``| json`` output holds (a JSONOutputError when it is not one)."""
    return load_json_object(text)


def _gbps(speed: str | None) -> int | None:
    """``"400G"`` -> 400."""
    if speed and speed.upper().endswith("G") and speed[:-1].isdigit():
        return int(speed[:-1])
    return None


def _speed_of_bps(bandwidth: object) -> str | None:
    """``400000000000`` -> ``"400G"``; None for 0 or an odd number."""
    if not isinstance(bandwidth, int | float) or bandwidth <= 0:
        return None
    gbps = bandwidth / 1e9
    return f"{gbps:g}G" if gbps >= 1 else None


def _speed_keyword(words: str) -> tuple[str | None, int | None]:
    """Speed (intent words) and host lanes of a ``speed`` line's argument (``100g-2``)."""
    catalog = load_catalog().platforms["arista_eos"]
    words = " ".join(word for word in words.lower().split() if word not in {"forced", "auto"})
    known = {
        str(entry.keyword).removeprefix("speed "): speed
        for speed, entries in catalog.speed.items()
        for entry in entries
        if entry.keyword
    }
    found = re.fullmatch(r"(\d+)g(?:full)?(?:-(\d+))?", words)
    lanes = int(found.group(2)) if found and found.group(2) else None
    if words in known:
        return known[words], lanes
    if found is not None:
        return f"{found.group(1)}G", lanes
    return None, None


def _config_line(config: _InterfaceConfig, line: str) -> None:
    """One line of an interface block."""
    stripped = " ".join(line.split())
    keyword, _, rest = stripped.partition(" ")
    if keyword == "description":
        config.description = line.strip().split(None, 1)[1] if rest else ""
    elif stripped in {"shutdown", "no shutdown"}:
        config.shutdown = stripped == "shutdown"
    elif keyword == "speed" and rest:
        config.speed, config.speed_lanes = _speed_keyword(rest)
    elif "error-correction encoding" in stripped:
        config.fec.append(stripped)


def parse_running_config(text: str) -> dict[str, _InterfaceConfig]:
    """Description, shutdown, speed and FEC lines of every ``interface`` block.

    Args:
        text: output of ``show running-config`` (or ``show running-config interfaces``).

    Returns:
        The config of each interface, by canonical name.
    """
    configs: dict[str, _InterfaceConfig] = {}
    current: _InterfaceConfig | None = None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("!"):
            if line.startswith("!"):
                current = None
            continue
        if not line[0].isspace():
            words = line.split(None, 1)
            if words[0] == "interface" and len(words) == 2:
                name = canonical(words[1])
                current = configs.setdefault(name, _InterfaceConfig(name))
            else:
                current = None
            continue
        if current is not None:
            _config_line(current, line)
    return configs


def _fec_in_intent_words(lines: list[str], speed: str | None, lanes: int | None) -> str | None:
    """The FEC the config lines name, in the intent's words (None: no FEC line).

    ``reed-solomon`` is one keyword for two codes; the lane modulation of the port's speed
    tells which (:meth:`~nornir_optics.catalog.Catalog.fec_for_keyword`).
    """
    catalog = load_catalog()
    keywords = catalog.platforms[PLATFORM].fec
    chosen: set[Fec] = set()
    for line in lines:
        matches = {fec for fec, entry in keywords.items() if entry.keyword == line}
        if not matches and line.startswith(_FEC_NONE_PREFIX):
            matches = {Fec.NONE}
        if matches - {Fec.NONE}:
            chosen = matches - {Fec.NONE}  # an encoding enabled wins over a "no" line
        elif matches and not chosen:
            chosen = matches
    if len(chosen) > 1:
        keyword = str(keywords[next(iter(chosen))].keyword)
        modulation = catalog.lane_modulation(None, gbps=_gbps(speed), lanes=lanes) or "PAM4"
        found = catalog.fec_for_keyword(PLATFORM, keyword, modulation=modulation)
        return found.value if found else None
    return next(iter(chosen)).value if chosen else None


def parse_interfaces_status_json(text: str) -> DeviceFacts:
    """Admin and oper state, speed and description of each interface, from the eAPI model.

    Args:
        text: output of ``show interfaces status | json``.

    Returns:
        One port per interface; inactive lanes (not an interface in the current breakout)
        come with ``reason: inactive`` and no state.
    """
    data = _json_object(text)
    ports: dict[str, Port] = {}
    for raw_name, entry in json_members(data.get("interfaceStatuses")).items():
        name = canonical(raw_name)
        port: Port = {"name": name}
        status = str(entry.get("linkStatus", ""))
        admin, oper = _STATUS.get(status, (None, "down"))
        if status != "inactive":
            if admin is not None:
                port["admin"] = admin
            port["oper"] = oper
            if (speed := _speed_of_bps(entry.get("bandwidth"))) is not None:
                port["speed"] = speed
            if description := _text(entry.get("description")):
                port["description"] = description
        if status in {"errdisabled", "inactive"}:
            port["reason"] = status
        ports[name] = port
    return {"ports": ports}


def parse_interfaces_json(text: str) -> DeviceFacts:
    """Link flaps of each interface: its link status changes and when the last one was.

    Args:
        text: output of ``show interfaces | json``.

    Returns:
        One port per interface with counters: ``link_flaps`` is half its
        ``linkStatusChanges`` rounded down (EOS counts each up and each down since the
        counters were last cleared: 1 for a link that came up once, 3 after one flap),
        ``last_flap_s`` the counters' refresh time less ``lastStatusChangeTimestamp``.
    """
    data = _json_object(text)
    ports: dict[str, Port] = {}
    for raw_name, entry in json_members(data.get("interfaces")).items():
        counters = entry.get("interfaceCounters")
        if not isinstance(counters, dict):
            continue
        name = canonical(raw_name)
        port: Port = {"name": name}
        changes = counters.get("linkStatusChanges")
        if isinstance(changes, int) and not isinstance(changes, bool) and changes >= 0:
            port["link_flaps"] = changes // 2
        refreshed, changed = (
            counters.get("counterRefreshTime"),
            entry.get("lastStatusChangeTimestamp"),
        )
        if (
            isinstance(refreshed, int | float)
            and isinstance(changed, int | float)
            and changed > 0
            and refreshed >= changed
        ):
            port["last_flap_s"] = round(float(refreshed - changed), 1)
        ports[name] = port
    return {"ports": ports}


def parse_lldp_neighbors_json(text: str) -> DeviceFacts:
    """The LLDP neighbour heard on each interface.

    Args:
        text: output of ``show lldp neighbors | json``.

    Returns:
        One port per local interface with a neighbour (the neighbour's port as it names it).
    """
    data = _json_object(text)
    ports: dict[str, Port] = {}
    for entry in json_items(data.get("lldpNeighbors")):
        local, system = _text(entry.get("port")), _text(entry.get("neighborDevice"))
        if local is None or system is None:
            continue
        name = canonical(local)
        ports[name] = {
            "name": name,
            "neighbor": {"system": system, "port": _text(entry.get("neighborPort")) or ""},
        }
    return {"ports": ports}


def _inventory_slots_json(text: str) -> dict[str, Transceiver]:
    """Vendor, part number, serial and revision by transceiver slot (``"1"``, ``"3/1"``)."""
    data = _json_object(text)
    slots: dict[str, Transceiver] = {}
    for slot, entry in json_members(data.get("xcvrSlots")).items():
        vendor = _text(entry.get("mfgName"))
        model, serial = _text(entry.get("modelName")), _text(entry.get("serialNum"))
        present = bool(model or serial) and (vendor or "").lower() != "not present"
        xcvr: Transceiver = {"port": canonical(f"Ethernet{slot}"), "present": present}
        if present:
            for key, value in (
                ("vendor", vendor),
                ("part_number", model),
                ("serial", serial),
                ("revision", _text(entry.get("hardwareRev"))),
            ):
                if value:
                    xcvr[key] = value  # type: ignore[literal-required]
            if model and (media_type := media_type_of(model)) is not None:
                xcvr["media_type"] = media_type
        slots[str(slot)] = xcvr
    return slots


def parse_inventory_json(text: str) -> DeviceFacts:
    """Vendor, part number, serial and revision of each module, from the eAPI model.

    Args:
        text: output of ``show inventory | json``.

    Returns:
        One transceiver per slot, keyed ``Ethernet<slot>`` as EOS numbers slots (the cage's
        interfaces are ``Ethernet<slot>/1``...: :func:`facts_from_outputs` maps them).
    """
    slots = _inventory_slots_json(text)
    return {"transceivers": {xcvr["port"]: xcvr for xcvr in slots.values()}}


@dataclass
class _Outputs:
    """What each command of a gather said, parsed."""

    slots: dict[str, Transceiver] = field(default_factory=dict)
    hardware: dict[str, Transceiver] = field(default_factory=dict)
    dom: dict[str, Transceiver] = field(default_factory=dict)
    detail: dict[str, Transceiver] = field(default_factory=dict)
    status: dict[str, Port] | None = None
    lldp: dict[str, Port] = field(default_factory=dict)
    config: dict[str, _InterfaceConfig] | None = None
    flaps: dict[str, Port] = field(default_factory=dict)


def _read(outputs: dict[str, str]) -> _Outputs:
    """Parse each output by the command it answers (text or ``| json``)."""
    parsed = _Outputs()
    for command, text in outputs.items():
        words = " ".join(command.lower().split())
        base = normalize_command(words)
        structured = "| json" in words or "|json" in words
        if base == "show inventory":
            if structured:
                parsed.slots = _inventory_slots_json(text)
            else:
                parsed.slots = {
                    xcvr["port"].removeprefix("Ethernet"): xcvr
                    for xcvr in parse_inventory(text).get("transceivers", {}).values()
                }
        elif base == "show interfaces transceiver hardware":
            parsed.hardware = parse_transceiver_hardware(text).get("transceivers", {})
        elif base == "show interfaces transceiver":
            facts = parse_transceiver_json(text) if structured else parse_transceiver(text)
            parsed.dom = facts.get("transceivers", {})
        elif base == "show interfaces transceiver detail":
            parsed.detail = parse_transceiver_detail(text).get("transceivers", {})
        elif base == "show interfaces status":
            facts = (
                parse_interfaces_status_json(text) if structured else parse_interfaces_status(text)
            )
            parsed.status = facts.get("ports", {})
        elif structured and base in {"show interfaces", "show lldp neighbors"}:
            _read_ports_json(parsed, base, text)
        elif base in {"show running-config", "show running-config interfaces"}:
            parsed.config = parse_running_config(text)
    return parsed


def _read_ports_json(parsed: _Outputs, base: str, text: str) -> None:
    """``show interfaces | json`` (link flaps) or ``show lldp neighbors | json``."""
    if base == "show interfaces":
        parsed.flaps = parse_interfaces_json(text).get("ports", {})
    else:
        parsed.lldp = parse_lldp_neighbors_json(text).get("ports", {})


def _cage_of(name: str, known: set[str]) -> str:
    """The cage name an interface or slot name denotes, among the cages the outputs name."""
    if name in known:
        return name
    found = _SLOTTED.match(name)
    if found is not None and f"{found['cage']}/1" in known:
        return f"{found['cage']}/1"
    if f"{name}/1" in known:
        return f"{name}/1"
    return name


def _lane_groups(names: Iterable[str], cages: Collection[str] = ()) -> dict[str, dict[int, str]]:
    """Lane interfaces by cage: ``{"Ethernet1/1": {1: "Ethernet1/1", 5: "Ethernet1/5"}}``.

    Groups of 2 to 8 lanes are cages, and a single interface that ``cages`` names; more
    interfaces under one prefix are the single-lane ports of a linecard.
    """
    groups: dict[str, dict[int, str]] = {}
    for name in names:
        found = _SLOTTED.match(name)
        if found is not None:
            groups.setdefault(f"{found['cage']}/1", {})[int(found["lane"])] = name
    return {
        parent: dict(sorted(lanes.items()))
        for parent, lanes in groups.items()
        if 1 in lanes and (1 < len(lanes) <= _MAX_CAGE_LANES or parent in cages)
    }


def _transceivers(parsed: _Outputs, known: set[str]) -> dict[str, Transceiver]:
    """One transceiver per cage, merged from inventory, hardware and DOM outputs."""
    merged: dict[str, Transceiver] = {}
    presence: dict[str, bool] = {}
    for slot, xcvr in parsed.slots.items():
        cage = _cage_of(canonical(f"Ethernet{slot}"), known)
        merged[cage] = {**xcvr, "port": cage}
        presence[cage] = xcvr["present"]
    for name, xcvr in parsed.hardware.items():
        cage = _cage_of(name, known)
        entry = merged.setdefault(cage, {"port": cage, "present": xcvr["present"]})
        presence[cage] = xcvr["present"]
        for key in ("media_type", "media_type_raw", "wavelength_nm"):
            if key in xcvr:
                entry[key] = xcvr[key]
    for source, lanes_too in ((parsed.dom, True), (parsed.detail, False)):
        for name, xcvr in source.items():
            cage = _cage_of(name, known)
            presence.setdefault(cage, True)
            _add_dom(merged.setdefault(cage, {"port": cage, "present": True}), xcvr, lanes_too)
    for cage, entry in merged.items():
        if not presence.get(cage, True):
            merged[cage] = {"port": cage, "present": False}
            continue
        entry["present"] = True
        add_catalogue_lanes(entry)
    return dict(sorted(merged.items(), key=lambda item: natural_key(item[0], numbers_first=True)))


def _add_dom(entry: Transceiver, xcvr: Transceiver, lanes_too: bool) -> None:
    """Readings and thresholds of one DOM output into a cage's merged facts."""
    for key in ("media_type", "media_type_raw", "serial", "temperature_c", "voltage_v"):
        if key in xcvr and key not in entry:
            entry[key] = xcvr[key]
    if "thresholds" in xcvr:
        entry["thresholds"] = {**xcvr["thresholds"], **entry.get("thresholds", {})}
    if "lanes" in xcvr and (lanes_too or "lanes" not in entry):
        entry["lanes"] = xcvr["lanes"]


def _port_from_sources(name: str, parsed: _Outputs, lanes: int | None) -> Port:
    """One interface: state from the status, FEC and fallbacks from its config, LLDP."""
    port: Port = dict((parsed.status or {}).get(name) or {"name": name})  # type: ignore[assignment]
    config = (parsed.config or {}).get(name)
    if config is not None:
        if "admin" not in port:
            port["admin"] = "down" if config.shutdown else "up"
        if "speed" not in port and config.speed:
            port["speed"] = config.speed
        if "description" not in port and config.description:
            port["description"] = config.description
        fec = _fec_in_intent_words(
            config.fec, port.get("speed") or config.speed, config.speed_lanes or lanes
        )
        if fec is not None:
            port["fec"] = fec
    if name in parsed.lldp:
        port["neighbor"] = parsed.lldp[name]["neighbor"]
    flaps = parsed.flaps.get(name)
    if flaps is not None and "link_flaps" in flaps:
        port["link_flaps"] = flaps["link_flaps"]
    if flaps is not None and "last_flap_s" in flaps:
        port["last_flap_s"] = flaps["last_flap_s"]
    return port


def _child_media_lanes(lane: int, width: int, host_lanes: int, media_lanes: int) -> list[int]:
    """Media lanes of a module that carry host lanes ``lane .. lane + width - 1``."""
    first, last = lane, lane + width - 1
    found = []
    for number in range(1, media_lanes + 1):
        low = (number - 1) * host_lanes // media_lanes + 1
        high = max(number * host_lanes // media_lanes, low)
        if low <= last and high >= first:
            found.append(number)
    return found


def _ports(
    parsed: _Outputs, transceivers: dict[str, Transceiver], cages: set[str]
) -> dict[str, Port]:
    """One port per active interface; cages carry breakout and children, legs their lanes."""
    listed = list(parsed.status or {}) or list(parsed.config or {})
    inactive = {
        name for name, port in (parsed.status or {}).items() if port.get("reason") == "inactive"
    }
    groups = _lane_groups(listed, cages)
    width_of: dict[str, tuple[str, int, int]] = {}  # name -> (cage, lane, host lanes per leg)
    for parent, lanes in groups.items():
        active = [lane for lane, name in lanes.items() if name not in inactive]
        host_lanes = max(lanes) if parsed.status is not None else None
        for index, lane in enumerate(active):
            end = active[index + 1] if index + 1 < len(active) else (host_lanes or lane) + 1
            width_of[lanes[lane]] = (parent, lane, end - lane)
    ports: dict[str, Port] = {}
    for name in sorted(
        set(listed) - inactive, key=lambda name: natural_key(name, numbers_first=True)
    ):
        located = width_of.get(name)
        ports[name] = _port_from_sources(name, parsed, located[2] if located else None)
    for name, port in parsed.lldp.items():
        ports.setdefault(name, {"name": name, "neighbor": port["neighbor"]})
    for parent, lanes in groups.items():
        if parent not in ports:
            continue
        children = [name for name in lanes.values() if name in ports]
        _breakout(ports, parent, children, max(lanes) if parsed.status is not None else None)
        module = transceivers.get(parent)
        media = module.get("media_lanes") if module and module.get("present") else None
        host_lanes = max(lanes) if parsed.status is not None else None
        for child in children:
            if child != parent:
                ports[child]["parent"] = parent
            if media and host_lanes:
                _, lane, width = width_of[child]
                ports[child]["media_lanes"] = _child_media_lanes(lane, width, host_lanes, media)
    return ports


def _breakout(ports: dict[str, Port], parent: str, children: list[str], lanes: int | None) -> None:
    """The breakout mode of a cage in the intent's words, from its active lane interfaces."""
    port = ports[parent]
    port["children"] = children
    if len(children) == 1:
        port["breakout"] = "none"
        return
    speeds = {ports[child].get("speed") for child in children}
    speed = speeds.pop() if len(speeds) == 1 else None
    if speed is None and lanes == _MAX_CAGE_LANES and len(children) in {2, 4, 8}:
        speed = f"{400 // len(children)}G"
    if speed is not None:
        port["breakout"] = f"{len(children)}x{speed}"


def facts_from_outputs(outputs: dict[str, str]) -> DeviceFacts:
    """Device facts from the outputs of any of the gather commands, merged.

    Transceivers are keyed by the cage's unbroken port (``Ethernet1/1``): ``show inventory``
    numbers slots (``1``), which are mapped to the cage the other outputs name; DOM channel
    interfaces (``Ethernet1/1``, ``/3``, ``/5``, ``/7`` of a DR4) fold into the lanes of their
    cage. Ports are the active interfaces of ``show interfaces status`` (inactive lanes are
    not interfaces of the current breakout), with LLDP, and FEC where the running config is
    given (``reed-solomon`` is rs544 or rs528 by the lane rate; no FEC line: no ``fec``).

    Args:
        outputs: command (as sent) -> output; any subset of :data:`MODULE_COMMANDS`,
            :data:`DOM_COMMANDS`, :data:`PORT_COMMANDS` and :data:`PRIVILEGED_PORT_COMMANDS`.

    Returns:
        ``transceivers`` when an inventory or DOM output is given, ``ports`` when a port
        output is.
    """
    parsed = _read(outputs)
    known = set(parsed.hardware) | set(_lane_groups(parsed.status or {}))
    known |= {_cage_of(name, set(parsed.hardware)) for name in parsed.dom}
    facts: DeviceFacts = {"platform": PLATFORM}
    transceivers: dict[str, Transceiver] = {}
    if parsed.slots or parsed.hardware or parsed.dom or parsed.detail:
        transceivers = _transceivers(parsed, known)
        facts["transceivers"] = transceivers
    if parsed.status is not None or parsed.config is not None or parsed.lldp:
        facts["ports"] = _ports(parsed, transceivers, known | set(transceivers))
    return facts


def parse_running_config_ports(text: str) -> DeviceFacts:
    """Admin state, speed, description and FEC of each interface, from its config alone.

    Args:
        text: output of ``show running-config`` (or ``show running-config interfaces``).

    Returns:
        One port per configured interface, as the gather reports it from this output alone.
    """
    return {"ports": facts_from_outputs({"show running-config": text}).get("ports", {})}


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interfaces transceiver": parse_transceiver,
    "show interfaces transceiver | json": parse_transceiver_json,
    "show interfaces transceiver detail": parse_transceiver_detail,
    "show interfaces transceiver hardware": parse_transceiver_hardware,
    "show inventory": parse_inventory,
    "show interfaces status": parse_interfaces_status,
    "show interfaces status | json": parse_interfaces_status_json,
    "show lldp neighbors | json": parse_lldp_neighbors_json,
    "show interfaces | json": parse_interfaces_json,
    "show inventory | json": parse_inventory_json,
    "show running-config": parse_running_config_ports,
}
"""Parse functions by command, as a user types it (structured variants keyed with their pipe)."""
