"""SONiC: transceiver EEPROM and DOM, presence, port status and breakout from CLI text.

Commands covered (keys of :data:`PARSERS`): ``show interfaces transceiver eeprom [--dom]``
(``show interfaces transceiver info`` in later releases), ``sfputil show eeprom [--dom]``,
``show interfaces transceiver presence``, ``show interfaces transceiver status``, ``show
interfaces transceiver pm``, ``show interfaces status`` and ``show interfaces breakout
[current-mode]``. The EEPROM parser reads the CMIS layout (with the
application advertisement as a Python dict, as ``1: host | media`` lines or as ``host - Host
Assign (..) - media - Media Assign (..)`` lines), the SFF-8636 one and the legacy
``Key : value`` one with ``RX1Power``-style DOM keys; shell prompts and CRLF line ends are
ignored. The active application is the one the host lanes are assigned to (``Active App
Selection Host Lane N``), not the first advertised; its instances set the lanes that carry light.
"""

from __future__ import annotations

import itertools
import math
import re
from typing import TYPE_CHECKING

from nornir_optics.catalog import load_catalog
from nornir_optics.names import natural_key
from nornir_optics.platforms.common import (
    canonical,
    drop_module_placeholders,
    first_media_type,
    json_members,
    lane_reading,
    load_json_object,
    set_number,
    to_count,
    to_float,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.catalog import Modulation, OpticType
    from nornir_optics.facts import DeviceFacts, LaneReading, Levels, Port, Thresholds, Transceiver

PLATFORM = "sonic"
"""The platform key (netutils) this module parses."""

_PROMPT = re.compile(r"^\s*[^\s@]+@[^\s:]+:.*[$#]\s")
_EEPROM_PORT = re.compile(
    r"^\s*(?P<port>\S+):\s*SFP\s+(?:EEPROM\s+)?(?P<state>detected|not detected|not present)\s*$",
    re.IGNORECASE,
)
_KEY_VALUE = re.compile(r"^(?P<key>[^:]+):(?P<value>.*)$")
"""``Key: value`` split at the first colon (the caller strips both): linear in the line."""
_LANE_KEY = re.compile(r"^(?P<kind>rx|tx)(?P<lane>\d+)(?P<what>power|bias)$", re.IGNORECASE)
_APP_DASH = re.compile(r"^(?P<host>.*?) - Host Assign \([^)]*\) - (?P<media>.*?) - Media Assign")
_MODULE_THRESHOLD = re.compile(
    r"^(?P<what>temp|vcc|rxpower|txpower|txbias)(?P<level>high|low)(?P<kind>alarm|warning)$",
    re.IGNORECASE,
)
_THRESHOLD_QUANTITY = {
    "temp": "temperature_c",
    "vcc": "voltage_v",
    "rxpower": "rx_power_dbm",
    "txpower": "tx_power_dbm",
    "txbias": "tx_bias_ma",
}
_ACTIVE_APP = re.compile(r"^activeapp\w*?hostlane(?P<lane>\d+)$")
"""``Active App Selection Host Lane 5`` and ``Active application selected code assigned to host
lane 5`` (squashed): the application code (from 1, 0 none) that host lane runs."""
_HOST_INTERFACE_LANES = re.compile(r"-(?P<lanes>[1-8])\b")
"""The host lanes an electrical interface takes: ``400GAUI-4``, ``CAUI-4``, ``100GAUI-2``."""
_BREAKOUT_COLUMNS = 2
_UNKNOWN = {"", "n/a", "unknown", "unspecified", "none"}


def _number(text: str | None, quantity: str | None = None) -> float | None:
    """A number from a value such as ``-2.1dBm``; ``-infdBm`` (unit glued to -inf) is -inf.

    ``quantity`` (a key of ``data/limits.yaml``) refuses a value no module can report.
    """
    return to_float(text, quantity)


def _lines(text: str) -> list[str]:
    """Lines without CR, trailing spaces or shell prompts."""
    return [line.rstrip() for line in text.splitlines() if not _PROMPT.match(line)]


def _squash(key: str) -> str:
    """A key lower-cased without spaces: ``Vendor PN`` and ``VendorPN`` both give ``vendorpn``."""
    return re.sub(r"\s+", "", key).lower()


class _Eeprom:
    """Fields of one port's EEPROM output."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}
        self.applications: list[tuple[str, str]] = []
        self.app_lanes: tuple[int, int] | None = None
        self.in_applications = False

    def add(self, line: str) -> None:
        match = _KEY_VALUE.match(line)
        if match is None:
            if self.in_applications:
                self._add_application(line.strip())
            return
        key, value = match.group("key").strip(), match.group("value").strip()
        squashed = _squash(key)
        if squashed == "applicationadvertisement":
            self.in_applications = True
            self._add_application(value)
            return
        if self.in_applications and key.strip().isdigit():
            self._add_application(value)
            return
        self.in_applications = False
        self.fields.setdefault(squashed, value)

    def _add_application(self, value: str) -> None:
        if not value or value.lower() in _UNKNOWN:
            return
        if value.startswith("{"):
            hosts = re.findall(r"'host_electrical_interface_id':\s*'([^']*)'", value)
            medias = re.findall(r"'module_media_interface_id':\s*'([^']*)'", value)
            self.applications.extend(zip(hosts, medias, strict=False))
            host_lanes = re.search(r"'host_lane_count':\s*(\d+)", value)
            media_lanes = re.search(r"'media_lane_count':\s*(\d+)", value)
            if host_lanes and media_lanes and self.app_lanes is None:
                self.app_lanes = (int(host_lanes.group(1)), int(media_lanes.group(1)))
            return
        dash = _APP_DASH.match(value)
        if dash:
            self.applications.append((dash.group("host").strip(), dash.group("media").strip()))
        elif "|" in value:
            host, _, media = value.partition("|")
            self.applications.append((host.strip(), media.strip()))

    def get(self, *keys: str) -> str | None:
        for key in keys:
            value = self.fields.get(key)
            if value is not None and value.strip().lower() not in _UNKNOWN:
                return value.strip()
        return None


def _thresholds(eeprom: _Eeprom) -> Thresholds:
    thresholds: Thresholds = {}
    for key, value in eeprom.fields.items():
        match = _MODULE_THRESHOLD.match(key)
        if not match:
            continue
        quantity = _THRESHOLD_QUANTITY[match.group("what").lower()]
        number = _number(value, quantity)
        if number is None or math.isinf(number):
            continue
        level = f"{match.group('level').lower()}_{match.group('kind').lower()}"
        levels: Levels = thresholds.setdefault(quantity, {})  # type: ignore[misc]
        levels[level] = number  # type: ignore[literal-required]
    return thresholds


def _lanes(eeprom: _Eeprom, carrying: int | None) -> list[LaneReading]:
    readings: dict[int, dict[str, float | None]] = {}
    for key, value in eeprom.fields.items():
        match = _LANE_KEY.match(key)
        number = to_count(match.group("lane")) if match else None
        if match is None or number is None:  # no lane key, or a lane no module has (RX65535)
            continue
        lane = readings.setdefault(number, {})
        what = "bias" if match.group("what").lower() == "bias" else match.group("kind").lower()
        lane[what] = _number(value, _LANE_QUANTITY[what])
    lanes: list[LaneReading] = []
    for number in range(1, max(readings, default=0) + 1):
        reading = readings.get(number, {})
        lanes.append(
            lane_reading(
                number,
                rx=reading.get("rx"),
                tx=reading.get("tx"),
                bias=reading.get("bias"),
                unused=carrying is not None and number > carrying,
            )
        )
    return lanes


_LANE_QUANTITY = {"rx": "rx_power_dbm", "tx": "tx_power_dbm", "bias": "tx_bias_ma"}


def _active_lanes(eeprom: _Eeprom) -> dict[int, int]:
    """Host lane -> the application code it runs (non-zero codes only)."""
    lanes: dict[int, int] = {}
    for key, value in eeprom.fields.items():
        match = _ACTIVE_APP.match(key)
        code = value.strip()
        if match is not None and code.isdigit() and int(code) > 0:
            lanes[int(match["lane"])] = int(code)
    return lanes


def _active_application(eeprom: _Eeprom) -> tuple[str, str] | None:
    """The application the module runs: the one its first assigned host lane names.

    It is not the first advertised: a module advertising 800G first can run 2x400G.
    """
    active = _active_lanes(eeprom)
    if not active:
        return None
    code = active[min(active)]
    return eeprom.applications[code - 1] if code <= len(eeprom.applications) else None


def _instances(eeprom: _Eeprom) -> int:
    """How many instances of the active application run (2 for 2x400G on an 800G module)."""
    active = _active_lanes(eeprom)
    application = _active_application(eeprom)
    if not active or application is None:
        return 1
    width = _HOST_INTERFACE_LANES.search(application[0])
    per_instance = int(width["lanes"]) if width else len(active)
    code = active[min(active)]
    running = sum(1 for lane_code in active.values() if lane_code == code)
    return max(1, running // per_instance)


_TEXT_FIELDS = {
    "vendor": "vendorname",
    "part_number": "vendorpn",
    "serial": "vendorsn",
    "revision": "vendorrev",
    "firmware": "activefirmware",
}


def _media(transceiver: Transceiver, eeprom: _Eeprom) -> str | None:
    """Fill the vendor's type words and the catalogue type; return the latter.

    The module's type is its first advertised application (a 400G DR4 broken out 4 x 100G is
    still a DR4); the active application only says which lanes carry light.
    """
    host, media = eeprom.applications[0] if eeprom.applications else (None, None)
    compliance = eeprom.get(
        "10/40gethernetcompliancecode", "10gethernetcompliancecode", "ethernetcompliancecodes"
    )
    if compliance is None or compliance.lower() == "extended":
        compliance = eeprom.get("extendedspecificationcompliance") or compliance
    raw_type = media if media and media.lower() not in _UNKNOWN else compliance
    if raw_type:
        transceiver["media_type_raw"] = raw_type
    media_type = first_media_type(media, host, compliance, transceiver.get("part_number"))
    if media_type:
        transceiver["media_type"] = media_type
    return media_type


def _lane_counts(transceiver: Transceiver, eeprom: _Eeprom) -> None:
    host_lanes = to_count(eeprom.get("hostlanecount"))
    media_lanes = to_count(eeprom.get("medialanecount"))
    if eeprom.app_lanes:
        host_lanes = host_lanes or eeprom.app_lanes[0]
        media_lanes = media_lanes or eeprom.app_lanes[1]
    if host_lanes:
        transceiver["host_lanes"] = int(host_lanes)
    if media_lanes:
        transceiver["media_lanes"] = int(media_lanes)


def _transceiver(port: str, eeprom: _Eeprom) -> Transceiver:
    transceiver: Transceiver = {"port": port, "present": True}
    identifier = eeprom.get("identifier", "typeoftransceiver")
    if identifier:
        transceiver["form_factor"] = identifier.split()[0]
    for target, key in _TEXT_FIELDS.items():
        text = eeprom.get(key)
        if text:
            transceiver[target] = text  # type: ignore[literal-required]
    media_type = _media(transceiver, eeprom)
    set_number(
        transceiver, "wavelength_nm", _number(eeprom.get("wavelength"), "wavelength_nm") or None
    )
    _lane_counts(transceiver, eeprom)
    set_number(transceiver, "temperature_c", _number(eeprom.get("temperature"), "temperature_c"))
    set_number(transceiver, "voltage_v", _number(eeprom.get("vcc"), "voltage_v"))
    thresholds = _thresholds(eeprom)
    if thresholds:
        transceiver["thresholds"] = thresholds
    optic = load_catalog().optic(media_type) if media_type else None
    carrying = optic.lanes if optic is not None and optic.lanes else transceiver.get("media_lanes")
    active = _active_application(eeprom)
    active_type = first_media_type(active[1], active[0], None, None) if active else None
    active_optic = load_catalog().optic(active_type) if active_type else None
    if active_optic is not None and active_optic.lanes:
        carrying = active_optic.lanes * _instances(eeprom)
    lanes = _lanes(eeprom, carrying)
    if lanes:
        transceiver["lanes"] = lanes
    drop_module_placeholders(transceiver)
    return transceiver


def parse_transceiver_eeprom(text: str) -> DeviceFacts:
    r"""Transceivers from ``show interfaces transceiver eeprom [--dom]`` or ``sfputil show eeprom``.

    >>> out = "Ethernet0: SFP EEPROM detected\n        Vendor SN: FD2038FG0FY\n"
    >>> parse_transceiver_eeprom(out)["transceivers"]["Ethernet0"]["serial"]
    'FD2038FG0FY'
    """
    transceivers: dict[str, Transceiver] = {}
    current: tuple[str, _Eeprom] | None = None
    for line in _lines(text):
        header = _EEPROM_PORT.match(line)
        if header:
            if current:
                transceivers[current[0]] = _transceiver(*current)
            port = canonical(header.group("port"))
            if header.group("state").lower() == "detected":
                current = (port, _Eeprom())
            else:
                current = None
                transceivers[port] = {"port": port, "present": False}
        elif current and line.strip():
            current[1].add(line)
    if current:
        transceivers[current[0]] = _transceiver(*current)
    return {"transceivers": transceivers}


def _dash_spans(rule: str) -> list[tuple[int, int]]:
    """Column spans from a ``-----  ----`` rule line."""
    return [(match.start(), match.end()) for match in re.finditer(r"-+", rule)]


def _table(text: str) -> list[dict[str, str]]:
    """Rows of a table with a header and a dashed rule under it, by column spans."""
    lines = _lines(text)
    rows: list[dict[str, str]] = []
    for index, line in enumerate(lines):
        if index and re.fullmatch(r"\s*-+(?:\s+-+)*\s*", line):
            spans = _dash_spans(line)
            header = lines[index - 1]
            names = [_squash(header[start : end + 1]) for start, end in spans]
            for row in lines[index + 1 :]:
                if not row.strip():
                    continue
                cells = [row[start:end].strip() for start, end in _widen(spans, len(row))]
                rows.append(dict(zip(names, cells, strict=True)))
            break
    return rows


def _widen(spans: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Cells cut midway between rule segments, so values wider than their rule still fit."""
    cuts = [0, *((left[1] + right[0]) // 2 for left, right in itertools.pairwise(spans))]
    ends = [*cuts[1:], max(width, spans[-1][1])]
    return list(zip(cuts, ends, strict=True))


def _speed(text: str) -> str | None:
    value = text.strip()
    if not value or value.lower() in _UNKNOWN:
        return None
    return value


def parse_show_interfaces_status(text: str) -> DeviceFacts:
    r"""Ports from ``show interfaces status``: admin and oper state, speed, FEC.

    >>> table = (
    ...     "  Interface  Lanes  Speed  MTU  FEC  Alias  Vlan  Oper  Admin  Type  Asym PFC\n"
    ...     "-----------  -----  -----  ---  ---  -----  ----  ----  -----  ----  --------\n"
    ...     "  Ethernet0  1,2,3  400G  9100  rs  etp1  routed  up   up  QSFP-DD  N/A\n"
    ... )
    >>> parse_show_interfaces_status(table)["ports"]["Ethernet0"]["fec"]
    'rs'
    """
    ports: dict[str, Port] = {}
    for row in _table(text):
        name = row.get("interface", "")
        if not name:
            continue
        port: Port = {"name": canonical(name)}
        admin, oper = row.get("admin", "").lower(), row.get("oper", "").lower()
        if admin in {"up", "down"}:
            port["admin"] = "up" if admin == "up" else "down"
        if oper in {"up", "down"}:
            port["oper"] = "up" if oper == "up" else "down"
        speed = _speed(row.get("speed", ""))
        if speed:
            port["speed"] = speed
        fec = row.get("fec", "")
        if fec and fec.lower() not in _UNKNOWN - {"none"}:
            port["fec"] = fec.lower()
        ports[port["name"]] = port
    return {"ports": ports}


def parse_show_interfaces_transceiver_presence(text: str) -> DeviceFacts:
    r"""Which cages hold a module, from ``show interfaces transceiver presence``.

    >>> out = "Port        Presence\n----------  -----------\nEthernet1   Not present\n"
    >>> parse_show_interfaces_transceiver_presence(out)["transceivers"]["Ethernet1"]["present"]
    False
    """
    transceivers: dict[str, Transceiver] = {}
    for row in _table(text):
        name = row.get("port", "")
        if name:
            port = canonical(name)
            transceivers[port] = {"port": port, "present": row.get("presence", "") == "Present"}
    return {"transceivers": transceivers}


def _mode(text: str) -> str:
    """A SONiC breakout mode without its alternate speeds: ``4x25G`` from ``4x25G[10G]``."""
    return text.split("[", 1)[0].strip()


def parse_show_interfaces_breakout(text: str) -> DeviceFacts:
    r"""Current breakout mode per parent, from ``show interfaces breakout [current-mode]``.

    The plain command prints a JSON object per port (with child ports); ``current-mode`` prints
    a table.

    >>> out = "| Ethernet0   | 4x25G[10G]              |\n"
    >>> parse_show_interfaces_breakout(out)["ports"]["Ethernet0"]["breakout"]
    '4x25G'
    """
    ports: dict[str, Port] = {}
    stripped = "\n".join(_lines(text)).strip()
    if stripped.startswith("{"):
        data = load_json_object(stripped)
        for name, attributes in json_members(data).items():
            values = {_squash(key): value for key, value in attributes.items()}
            port: Port = {"name": canonical(name)}
            mode = values.get("currentbreakoutmode")
            if mode:
                port["breakout"] = _mode(str(mode))
            children = [
                c.strip() for c in str(values.get("childports", "")).split(",") if c.strip()
            ]
            if children:
                port["children"] = [canonical(child) for child in children]
            ports[port["name"]] = port
        return {"ports": ports}
    for line in _lines(text):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == _BREAKOUT_COLUMNS and cells[0] and cells[0] != "Interface":
            name = canonical(cells[0])
            ports[name] = {"name": name, "breakout": _mode(cells[1])}
    return {"ports": ports}


def parse_port_sections(text: str) -> DeviceFacts:
    r"""The ports a per-port report names (``Ethernet44:`` headers), each with a module present.

    Used for ``show interfaces transceiver status`` and ``pm``, whose values the model does not
    carry.

    >>> parse_port_sections("Ethernet44:\n        CMIS State (SW): READY\n")["transceivers"]
    {'Ethernet44': {'port': 'Ethernet44', 'present': True}}
    """
    transceivers: dict[str, Transceiver] = {}
    for line in _lines(text):
        match = re.fullmatch(r"(?P<port>\S+):", line.strip())
        if match and not line.startswith((" ", "\t")):
            port = canonical(match.group("port"))
            transceivers[port] = {"port": port, "present": True}
    return {"transceivers": transceivers}


def parse_show_lldp_table(text: str) -> DeviceFacts:
    r"""LLDP neighbours per local port from ``show lldp table``.

    >>> out = (
    ...     "LocalPort    RemoteDevice    RemotePortID    Capability    RemotePortDescr\n"
    ...     "-----------  --------------  --------------  ------------  -----------------\n"
    ...     "Ethernet248  spine2          Ethernet1/3     BR            leaf3:Ethernet248\n"
    ...     "--------------------------------------------------\n"
    ...     "Total entries displayed:  1\n"
    ... )
    >>> parse_show_lldp_table(out)["ports"]["Ethernet248"]["neighbor"]
    {'system': 'spine2', 'port': 'Ethernet1/3'}
    """
    ports: dict[str, Port] = {}
    for row in _table(text):
        local, system = row.get("localport", ""), row.get("remotedevice", "")
        remote = row.get("remoteportid", "")
        if not local or not system or not remote or local.startswith("-") or ":" in local:
            continue
        name = canonical(local)
        ports[name] = {"name": name, "neighbor": {"system": system, "port": canonical(remote)}}
    return {"ports": ports}


def _config_db(text: str) -> dict[str, dict[str, dict[str, object]]]:
    """CONFIG_DB as ``show runningconfiguration all`` prints it (JSON), without prompts."""
    stripped = "\n".join(_lines(text)).strip()
    start = stripped.find("{")
    return load_json_object(stripped[start:]) if start >= 0 else {}


def _gbps(text: object) -> str | None:
    """``100G`` from CONFIG_DB's ``100000`` (Mb/s)."""
    value = str(text or "").strip()
    if value.isdigit() and int(value) % 1000 == 0:
        return f"{int(value) // 1000}G"
    return _speed(value)


def parse_show_runningconfiguration_all(text: str) -> DeviceFacts:
    r"""Configured admin state, speed, FEC keyword, description and breakout from CONFIG_DB.

    FEC stays the vendor keyword here (``rs`` is RS(544,514) or RS(528,514) by the lane rate;
    :func:`facts_from_outputs` decides).

    >>> out = '{"PORT": {"Ethernet0": {"admin_status": "up", "description": "to spine", '
    >>> out += '"speed": "400000"}}, "BREAKOUT_CFG": {"Ethernet0": {"brkout_mode": "1x400G"}}}'
    >>> port = parse_show_runningconfiguration_all(out)["ports"]["Ethernet0"]
    >>> port["description"], port["speed"], port["breakout"]
    ('to spine', '400G', 'none')
    """
    data = _config_db(text)
    ports: dict[str, Port] = {}
    for name, entry in (data.get("PORT") or {}).items():
        values = entry if isinstance(entry, dict) else {}
        port: Port = {"name": canonical(name)}
        admin = str(values.get("admin_status", "")).lower()
        if admin in {"up", "down"}:
            port["admin"] = "up" if admin == "up" else "down"
        speed = _gbps(values.get("speed"))
        if speed:
            port["speed"] = speed
        fec = str(values.get("fec", "")).strip().lower()
        if fec and fec not in _UNKNOWN - {"none"}:
            port["fec"] = fec
        if values.get("description"):
            port["description"] = str(values["description"])
        ports[port["name"]] = port
    for name, entry in (data.get("BREAKOUT_CFG") or {}).items():
        mode = entry.get("brkout_mode") if isinstance(entry, dict) else None
        if mode:
            port = ports.setdefault(canonical(name), {"name": canonical(name)})
            port["breakout"] = breakout_word(str(mode))
    return {"ports": ports}


def breakout_word(mode: str) -> str:
    """The intent's breakout word for a SONiC mode (``4x100G[50G,25G]`` -> ``4x100G``).

    >>> breakout_word("1x400G[200G,100G,50G,40G,25G,10G,1G]"), breakout_word("2x200G")
    ('none', '2x200G')
    """
    platform = load_catalog().platforms["sonic"]
    for word, keyword in platform.breakout.items():
        if keyword.keyword and keyword.keyword == mode.strip():
            return word.value
    bare = _mode(mode)
    return "none" if bare.lower().startswith("1x") else bare


# ---------------------------------------------------------------------------------- gather

MODULE_COMMANDS: tuple[str, ...] = (
    "show interfaces transceiver eeprom --dom",
    "show interfaces breakout",
)
"""Type, vendor, part number, serial, revision, firmware from the EEPROM (SONiC has no lighter
view that names them all; ``--dom`` adds the DOM to the same output, so the gather sends it
once), and the breakout table to fold breakout legs, which each print the module, onto their
cage."""
DOM_COMMANDS: tuple[str, ...] = (
    "show interfaces transceiver eeprom --dom",
    "show interfaces breakout",
)
"""Per-lane Rx/Tx/bias, temperature, voltage and thresholds (the EEPROM with ``--dom``)."""
PORT_COMMANDS: tuple[str, ...] = (
    "show interfaces status",
    "show interfaces breakout",
    "show runningconfiguration all",
    "show lldp table",
)
"""Admin, oper, speed, FEC and host lanes (status), breakout mode and children (platform.json
and CONFIG_DB as ``show interfaces breakout`` prints them), descriptions (CONFIG_DB, which the
status table lacks), LLDP."""
PRIVILEGED_PORT_COMMANDS: tuple[str, ...] = ()
"""Port commands that need privileged mode: none on this platform."""

"""At 50G per host lane and above the SerDes run PAM4, and SONiC's ``rs`` is RS(544,514)."""


class _Outputs:
    """The gather outputs, parsed once."""

    def __init__(self, outputs: dict[str, str]) -> None:
        self.eeprom: dict[str, Transceiver] = {}
        self.breakout: dict[str, Port] = {}
        self.status: dict[str, Port] = {}
        self.host_lanes: dict[str, int] = {}
        self.config: dict[str, Port] = {}
        self.lldp: dict[str, Port] = {}
        for command, text in outputs.items():
            key = " ".join(command.split("|", 1)[0].split()).lower()
            words = key.split()
            if words[:4] == ["show", "interfaces", "transceiver", "eeprom"] or words[:3] == [
                "sfputil",
                "show",
                "eeprom",
            ]:
                self.eeprom.update(parse_transceiver_eeprom(text).get("transceivers", {}))
            elif words[:3] == ["show", "interfaces", "breakout"]:
                self.breakout.update(parse_show_interfaces_breakout(text).get("ports", {}))
            elif key == "show interfaces status":
                self.status.update(parse_show_interfaces_status(text).get("ports", {}))
                self.host_lanes.update(_status_lanes(text))
            elif key.startswith("show runningconfiguration"):
                self.config.update(parse_show_runningconfiguration_all(text).get("ports", {}))
            elif key.startswith("show lldp table"):
                self.lldp.update(parse_show_lldp_table(text).get("ports", {}))

    def cages(self) -> dict[str, str]:
        """Interface -> the cage (parent port) it belongs to, from the breakout table."""
        cages: dict[str, str] = {}
        for parent, port in self.breakout.items():
            for child in port.get("children", [parent]):
                cages[child] = parent
        return cages


def _status_lanes(text: str) -> dict[str, int]:
    """Host lanes per interface, from the ``Lanes`` column of ``show interfaces status``."""
    counts: dict[str, int] = {}
    for row in _table(text):
        name, lanes = row.get("interface", ""), row.get("lanes", "")
        numbers = [part for part in lanes.split(",") if part.strip().isdigit()]
        if name and numbers:
            counts[canonical(name)] = len(numbers)
    return counts


def _fold(eeprom: dict[str, Transceiver], cages: dict[str, str]) -> dict[str, Transceiver]:
    """One transceiver per cage: each breakout leg prints the cage's module; keep the first.

    Without a breakout table, a port printing the same module (serial and part number) as the
    port just before it is taken for a leg of that port's cage.
    """
    folded: dict[str, Transceiver] = {}
    previous: tuple[str, tuple[str, str]] | None = None
    for name in sorted(eeprom, key=natural_key):
        module = eeprom[name]
        identity = (module.get("serial", ""), module.get("part_number", ""))
        cage = cages.get(name)
        if cage is None and previous and module.get("present") and identity == previous[1]:
            cage = previous[0]
        cage = cage or name
        if module.get("present") and identity[0]:
            previous = (cage, identity)
        have = folded.get(cage)
        if have is None or (not have.get("present") and module.get("present")):
            folded[cage] = {**module, "port": cage}
    return folded


def _modulation(
    optic: OpticType | None, speed: str | None, host_lanes: int | None
) -> Modulation | None:
    """How a port's lanes signal: the optic's modulation, else its rate per host lane."""
    if optic is None and not host_lanes:
        return None
    gbps = to_float(speed) if speed and speed.upper().endswith("G") else None
    return load_catalog().lane_modulation(optic, gbps=gbps, lanes=host_lanes or None)


def fec_word(keyword: str, *, modulation: Modulation | None) -> str | None:
    """The intent's FEC word for a SONiC keyword (catalogue), ``rs`` split by modulation.

    >>> fec_word("rs", modulation="PAM4"), fec_word("rs", modulation="NRZ")
    ('rs544', 'rs528')
    >>> fec_word("fc", modulation=None), fec_word("rs", modulation=None) is None
    ('fc', True)
    """
    found = load_catalog().fec_for_keyword(PLATFORM, keyword, modulation=modulation)
    return found.value if found else None


def _installed(transceivers: dict[str, Transceiver], cage: str | None) -> OpticType | None:
    module = transceivers.get(cage) if cage else None
    media = module.get("media_type") if module else None
    return load_catalog().optic(media) if media else None


def _ports(parsed: _Outputs, transceivers: dict[str, Transceiver]) -> dict[str, Port]:
    ports: dict[str, Port] = {}
    for source in (parsed.config, parsed.status, parsed.lldp):
        for name, port in source.items():
            ports[name] = {**ports.get(name, {"name": name}), **port}
    cages = parsed.cages()
    for name, port in ports.items():
        keyword = port.pop("fec", None)
        if keyword is None:
            continue
        optic = _installed(transceivers, cages.get(name))
        word = fec_word(
            keyword, modulation=_modulation(optic, port.get("speed"), parsed.host_lanes.get(name))
        )
        if word is not None:
            port["fec"] = word
    for parent, entry in parsed.breakout.items():
        _breakout(ports, parent, entry, _installed(transceivers, parent))
    return ports


def _breakout(ports: dict[str, Port], parent: str, entry: Port, optic: OpticType | None) -> None:
    """Mode and children on the parent; parent and media lanes on each leg."""
    port = ports.setdefault(parent, {"name": parent})
    mode = breakout_word(entry["breakout"]) if entry.get("breakout") else None
    if mode:
        port["breakout"] = mode
    children = entry.get("children", [parent])
    port["children"] = children
    if mode in {None, "none"}:
        return
    for leg, child in enumerate(children, start=1):
        leg_port = ports.setdefault(child, {"name": child})
        if child != parent:
            leg_port["parent"] = parent
        if optic is not None and optic.lanes:
            share = max(optic.lanes // len(children), 1)
            first = (leg - 1) * share + 1
            leg_port["media_lanes"] = list(range(first, min(first + share, optic.lanes + 1)))


def facts_from_outputs(outputs: dict[str, str]) -> DeviceFacts:
    """Device facts from the outputs of any of the gather commands, merged.

    Transceivers are keyed by cage (``Ethernet0``, the unbroken port): breakout legs, which
    SONiC prints with the cage's module, fold onto it by the breakout table. Ports carry admin,
    oper, speed and FEC from ``show interfaces status`` (``rs`` read as rs544 on PAM4, rs528
    on NRZ), description from CONFIG_DB, breakout mode and children from ``show interfaces
    breakout``, the neighbour from ``show lldp table``.
    """
    parsed = _Outputs(outputs)
    facts: DeviceFacts = {"platform": PLATFORM}
    transceivers = _fold(parsed.eeprom, parsed.cages())
    if transceivers:
        facts["transceivers"] = transceivers
    # The breakout table also comes with the inventory (to fold legs): ports only when asked.
    asked = parsed.status or parsed.config or parsed.lldp or not parsed.eeprom
    ports = _ports(parsed, transceivers)
    if ports and asked:
        facts["ports"] = ports
    return facts


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show interfaces transceiver eeprom": parse_transceiver_eeprom,
    "show interfaces transceiver eeprom --dom": parse_transceiver_eeprom,
    "show interfaces transceiver info": parse_transceiver_eeprom,
    "sfputil show eeprom": parse_transceiver_eeprom,
    "sfputil show eeprom --dom": parse_transceiver_eeprom,
    "show interfaces transceiver presence": parse_show_interfaces_transceiver_presence,
    "show interfaces transceiver status": parse_port_sections,
    "show interfaces transceiver pm": parse_port_sections,
    "show interfaces status": parse_show_interfaces_status,
    "show interfaces breakout": parse_show_interfaces_breakout,
    "show interfaces breakout current-mode": parse_show_interfaces_breakout,
    "show lldp table": parse_show_lldp_table,
    "show runningconfiguration all": parse_show_runningconfiguration_all,
}
"""Parse function per command, as a user types it (without the port argument)."""
