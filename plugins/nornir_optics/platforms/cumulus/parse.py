"""Cumulus Linux (NVUE): modules, DOM, port state, LLDP and config from ``nv`` and ``ethtool -m``.

Commands covered (keys of :data:`PARSERS`): ``nv show platform transceiver`` (one row per
plugged module: identifier, vendor, part number, serial, revision), ``sudo ethtool -m <swp>``
(the module's EEPROM and DOM, read by :mod:`nornir_optics.platforms.linux_ethtool`; the gather
prints it for every ``swp`` netdev after a ``# ethtool -m <swp>`` line), ``nv show interface``
(oper state, speed and the LLDP neighbour per interface) and ``nv config show -o commands``
(the applied config as ``nv set`` lines: admin state, speed, FEC, description and breakout,
interfaces written as ranges such as ``swp1-2,32`` or ``swp1s0-3``). Linux names are kept as
they are (``swp1``, ``swp1s0``): a split port's module is the cage's (``swp1s2`` -> ``swp1``).
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING

from nornir_optics.catalog import breakout_legs, load_catalog
from nornir_optics.models import Breakout
from nornir_optics.names import natural_key
from nornir_optics.platforms.common import first_media_type, lane_reading
from nornir_optics.platforms.linux_ethtool.parse import UNKNOWN, parse_module_info

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from nornir_optics.catalog import OpticType
    from nornir_optics.facts import DeviceFacts, LaneReading, Port, Transceiver

PLATFORM = "cumulus"
"""The platform key this module parses (netutils names it ``cumulus_linux``)."""

ETHTOOL_ALL = (
    "for p in $(ls /sys/class/net | grep '^swp'); "
    'do echo "# ethtool -m $p"; sudo ethtool -m $p 2>&1; done'
)
"""``ethtool -m`` of every front-panel netdev, each after a line naming it (bash)."""

_PROMPT = re.compile(r"^\s*[^\s@]+@[^\s:]+:.*[$#]\s")
_SPLIT = re.compile(r"^(?P<cage>swp\d+)s(?P<leg>\d+)$")
_RANGE = re.compile(r"^(?P<prefix>[A-Za-z_]+(?:\d+s)?)?(?P<first>\d+)(?:-(?P<last>\d+))?$")
_UNKNOWN = {"", "n/a", "none", "unknown", "-"}
_ETHTOOL_PORT = re.compile(r"^\s*(?:\S*[#$>]\s*)?(?:sudo\s+)?ethtool\s+-m\s+(?P<name>\S+)")
_ACTIVE_FW = re.compile(r"^\s*Active firmware version\s*:\s*(?P<version>\d+\.\d+)\s*$")


def _lines(text: str) -> list[str]:
    """Lines without CR, trailing spaces or shell prompts."""
    return [line.rstrip() for line in text.splitlines() if not _PROMPT.match(line)]


def cage_of(name: str) -> str:
    """The cage a front-panel interface belongs to: ``swp1s2`` -> ``swp1``.

    >>> cage_of("swp1s2"), cage_of("swp7")
    ('swp1', 'swp7')
    """
    split = _SPLIT.match(name)
    return split["cage"] if split else name


def expand(names: str) -> list[str]:
    """Interface names of an NVUE range: ``swp1-2,32`` -> swp1, swp2, swp32.

    A bare number or range continues the prefix before it (``swp1,6-9``); split ports keep
    their cage (``swp1s0-3``).

    >>> expand("swp1-2,32"), expand("eth0,swp19-20"), expand("swp1s0-1,swp3")
    (['swp1', 'swp2', 'swp32'], ['eth0', 'swp19', 'swp20'], ['swp1s0', 'swp1s1', 'swp3'])
    """
    found: list[str] = []
    prefix = ""
    for part in names.split(","):
        match = _RANGE.match(part.strip())
        if match is None:
            found.append(part.strip())
            continue
        prefix = match["prefix"] if match["prefix"] is not None else prefix
        first = int(match["first"])
        last = int(match["last"]) if match["last"] else first
        found.extend(f"{prefix}{n}" for n in range(first, max(first, last) + 1))
    return found


def _spans(rule: str) -> list[tuple[int, int]]:
    """Column spans of a ``-----  ----…`` rule (NVUE ends a cut column with an ellipsis)."""
    return [(m.start(), m.end()) for m in re.finditer(r"[-\u2026]+", rule)]


def _table(text: str) -> Iterator[dict[str, str]]:
    """Rows of an NVUE table (a header, a dashed rule, rows) by the rule's column spans.

    A row whose first cell is empty continues the row above (a wrapped Summary): skipped.
    """
    lines = _lines(text)
    for index, line in enumerate(lines):
        if index and re.fullmatch(r"\s*[-\u2026]+(?:\s+[-\u2026]+)+\s*", line):
            spans = _spans(line)
            header = lines[index - 1]
            names = [header[start:end].strip().lower() for start, end in _cuts(spans, header)]
            for row in lines[index + 1 :]:
                if not row.strip() or row.startswith(" "):
                    continue
                cells = [row[start:end].strip() for start, end in _cuts(spans, row)]
                yield dict(zip(names, cells, strict=True))
            return


def _cuts(spans: list[tuple[int, int]], line: str) -> list[tuple[int, int]]:
    """Cells from each column's start to the next one's, the last to the end of the line."""
    starts = [start for start, _ in spans]
    ends = [*starts[1:], max(len(line), spans[-1][1])]
    return list(zip(starts, ends, strict=True))


def parse_platform_transceiver(text: str) -> DeviceFacts:
    r"""Modules from ``nv show platform transceiver``: identity, type from the part number.

    >>> out = (
    ...     "Transceiver  Identifier  Vendor name  Vendor PN     Vendor SN  Vendor revision\n"
    ...     "-----------  ----------  -----------  ------------  ---------  ---------------\n"
    ...     "swp1         QSFP-DD     NVIDIA       MMS1V00-WM    MT1       A1\n"
    ... )
    >>> x = parse_platform_transceiver(out)["transceivers"]["swp1"]
    >>> x["vendor"], x["media_type"], x["form_factor"]
    ('NVIDIA', '400GBASE-DR4', 'QSFP-DD')
    """
    transceivers: dict[str, Transceiver] = {}
    for row in _table(text):
        name = row.get("transceiver", "")
        if not name.startswith("swp"):
            continue
        xcvr: Transceiver = {"port": cage_of(name), "present": True}
        for key, target in (
            ("identifier", "form_factor"),
            ("vendor name", "vendor"),
            ("vendor pn", "part_number"),
            ("vendor sn", "serial"),
            ("vendor revision", "revision"),
        ):
            value = row.get(key, "")
            if value.lower() not in _UNKNOWN:
                xcvr[target] = value  # type: ignore[literal-required]
        media = first_media_type(xcvr.get("part_number"))
        if media:
            xcvr["media_type"] = media
        transceivers.setdefault(xcvr["port"], xcvr)
    return {"transceivers": transceivers}


def parse_ethtool_all(text: str) -> DeviceFacts:
    r"""Modules and DOM from ``ethtool -m`` of each port, folded onto their cages.

    A port whose output names no module (``netlink error: ...`` from an empty cage) is a cage
    without one; every split port prints its cage's module, the first is kept.

    >>> out = "# ethtool -m swp1s0\nVendor SN : MT1\n"
    >>> out += "# ethtool -m swp2\nnetlink error: Input/output error\n"
    >>> facts = parse_ethtool_all(out)["transceivers"]
    >>> facts["swp1"]["serial"], facts["swp2"]["present"]
    ('MT1', False)
    """
    parsed = parse_module_info(text).get("transceivers", {})
    for name, version in _firmware(text).items():
        if name in parsed:
            parsed[name]["firmware"] = version
    transceivers: dict[str, Transceiver] = {}
    for name in sorted(parsed, key=natural_key):
        module = parsed[name]
        cage = cage_of(name)
        if not any(module.get(key) for key in ("serial", "part_number", "vendor", "form_factor")):
            transceivers.setdefault(cage, {"port": cage, "present": False})
            continue
        have = transceivers.get(cage)
        if have is not None and have["present"]:
            continue
        transceivers[cage] = _typed({**module, "port": cage})
    return {"transceivers": transceivers}


def _firmware(text: str) -> dict[str, str]:
    """The active firmware version ``ethtool -m`` prints for each port (CMIS modules)."""
    found: dict[str, str] = {}
    port = UNKNOWN
    for line in text.splitlines():
        if named := _ETHTOOL_PORT.match(line):
            port = named["name"]
        elif (version := _ACTIVE_FW.match(line)) and port not in found:
            found[port] = version["version"]
    return found


def _typed(module: Transceiver) -> Transceiver:
    """The module with its type from the part number where the EEPROM decode names none.

    ``ethtool -m`` prints no type for CMIS modules; once the type is known, lanes past the
    optic's own that carry no light are ``unused``, not dark.
    """
    if "media_type" not in module and (media := first_media_type(module.get("part_number"))):
        module["media_type"] = media
    optic = load_catalog().optic(module.get("media_type", ""))
    if optic is not None and optic.lanes and "lanes" in module:
        module["lanes"] = [_lane(lane, optic) for lane in module["lanes"]]
    return module


def _lane(lane: LaneReading, optic: OpticType) -> LaneReading:
    if lane["lane"] <= optic.lanes or lane["state"] not in {"no_light", "ok"}:
        return lane
    return lane_reading(
        lane["lane"],
        rx=lane.get("rx_power_dbm"),
        tx=lane.get("tx_power_dbm"),
        bias=lane.get("tx_bias_ma"),
        unused=True,
    )


def parse_show_interface(text: str) -> DeviceFacts:
    r"""Oper state, speed and LLDP neighbour of each ``swp`` from ``nv show interface``.

    >>> out = (
    ...     "Interface  State  Speed  MTU   Type  Remote Host  Remote Port  Summary\n"
    ...     "---------  -----  -----  ----  ----  -----------  -----------  -------\n"
    ...     "swp1       up     400G   9216  swp   spine1       swp3\n"
    ... )
    >>> port = parse_show_interface(out)["ports"]["swp1"]
    >>> port["oper"], port["speed"], port["neighbor"]
    ('up', '400G', {'system': 'spine1', 'port': 'swp3'})
    """
    ports: dict[str, Port] = {}
    for row in _table(text):
        name, kind = row.get("interface", ""), row.get("type", "")
        if kind != "swp" or not name:
            continue
        port: Port = {"name": name}
        state = row.get("state", "").lower()
        if state in {"up", "down"}:
            port["oper"] = "up" if state == "up" else "down"
        speed = row.get("speed", "")
        if re.fullmatch(r"\d+G", speed):
            port["speed"] = speed
        system, remote = row.get("remote host", ""), row.get("remote port", "")
        if system and remote and not system.endswith("\u2026"):
            port["neighbor"] = {"system": system, "port": remote}
        ports[name] = port
    return {"ports": ports}


class _Config:
    """What ``nv set interface ...`` lines say per interface (NVUE keywords kept)."""

    def __init__(self, text: str) -> None:
        self.ports: dict[str, dict[str, str]] = {}
        for line in _lines(text):
            try:
                words = shlex.split(line)
            except ValueError:
                continue
            if words[:3] != ["nv", "set", "interface"] or len(words) < 5:
                continue
            for name in expand(words[3]):
                self._set(name, words[4:])

    def _set(self, name: str, path: list[str]) -> None:
        entry = self.ports.setdefault(name, {})
        if path[0] == "type":
            entry["type"] = path[1] if len(path) > 1 else ""
        elif path[0] == "description":
            entry["description"] = " ".join(path[1:])
        elif path[0] == "link" and len(path) > 2:
            entry[path[1]] = " ".join(path[2:])


def breakout_word(keyword: str, leg_speed: str | None = None, model: str | None = None) -> str:
    """The intent's breakout mode for an NVUE ``link breakout`` value.

    The catalogue's keyword (the model's, else the platform's) names it; where the speed of a
    split port is known it decides between modes of the same split (4 x 100G, 4 x 200G).

    >>> breakout_word("4x lanes-per-port 2"), breakout_word("1x"), breakout_word("4x", "200G")
    ('4x100G', 'none', '4x200G')
    """
    catalog = load_catalog()
    text = " ".join(keyword.split())
    legs = text.split()[0] if text else "1x"
    if legs == "1x":
        return "none"
    if leg_speed and f"{legs}{leg_speed}" in catalog.breakout_modes:
        return f"{legs}{leg_speed}"
    keywords = dict(catalog.platforms[PLATFORM].breakout)
    spec = catalog.models.get(model or "")
    if spec is not None and spec.keywords is not None:
        keywords = {**keywords, **spec.keywords.breakout}
    for word, entry in keywords.items():
        if entry.keyword and entry.keyword.split()[0] == legs and entry.keyword == text:
            return word.value
    for word, entry in keywords.items():
        if entry.keyword and entry.keyword.split()[0] == legs:
            return word.value
    return text


def fec_word(keyword: str, optic: OpticType | None) -> str | None:
    """The intent's FEC word for an NVUE ``link fec`` value (``rs``: by the optic's modulation).

    >>> fec_word("baser", None), fec_word("off", None), fec_word("auto", None) is None
    ('fc', 'none', True)
    """
    catalog = load_catalog()
    found = catalog.fec_for_keyword(PLATFORM, keyword, modulation=catalog.lane_modulation(optic))
    return found.value if found else None


def parse_config_commands(text: str) -> DeviceFacts:
    r"""Configured admin state, speed, FEC keyword, description and breakout per ``swp``.

    FEC stays the NVUE keyword here (``rs``); :func:`facts_from_outputs` decides RS(544,514)
    or RS(528,514) by the optic.

    >>> out = "nv set interface swp1-2 type swp\nnv set interface swp2 link state down\n"
    >>> ports = parse_config_commands(out)["ports"]
    >>> ports["swp1"]["admin"], ports["swp2"]["admin"]
    ('up', 'down')
    """
    config = _Config(text)
    ports: dict[str, Port] = {}
    for name, entry in config.ports.items():
        if not name.startswith("swp"):
            continue
        port: Port = {"name": name}
        state = entry.get("state", "up" if entry.get("type") == "swp" else "")
        if state in {"up", "down"}:
            port["admin"] = "up" if state == "up" else "down"
        if entry.get("speed", "").lower() not in _UNKNOWN | {"auto"}:
            port["speed"] = entry["speed"]
        if entry.get("fec"):
            port["fec"] = entry["fec"]
        if entry.get("description"):
            port["description"] = entry["description"]
        if entry.get("breakout"):
            port["breakout"] = entry["breakout"]
        ports[name] = port
    return {"ports": ports}


# ---------------------------------------------------------------------------------- gather

INVENTORY = "nv show platform transceiver"
INTERFACES = "nv show interface"
CONFIG = "nv config show -o commands"

MODULE_COMMANDS: tuple[str, ...] = (INVENTORY,)
"""Identifier, vendor, part number, serial and revision of every plugged module."""
DOM_COMMANDS: tuple[str, ...] = (INVENTORY, ETHTOOL_ALL)
"""Per-lane Rx/Tx/bias, temperature, voltage and thresholds (``ethtool -m`` of each port)."""
PORT_COMMANDS: tuple[str, ...] = (INTERFACES, CONFIG)
"""Oper state, speed and LLDP neighbour (``nv show interface``); admin state, FEC, speed,
description and breakout as applied (``nv config show -o commands``)."""
PRIVILEGED_PORT_COMMANDS: tuple[str, ...] = ()
"""Port commands that need privileged mode: none (``ethtool -m`` runs under sudo itself)."""


def _kind(command: str) -> str:
    words = " ".join(command.split()).lower()
    if "ethtool" in words:
        return "ethtool"
    if words.startswith("nv show platform transceiver"):
        return "inventory"
    if words.startswith("nv config show"):
        return "config"
    if words.startswith("nv show interface"):
        return "interfaces"
    return ""


def facts_from_outputs(outputs: dict[str, str]) -> DeviceFacts:
    """Device facts from the outputs of any of the gather commands, merged.

    Transceivers are keyed by cage (``swp1``): identity from ``nv show platform transceiver``,
    DOM from ``ethtool -m``. Ports carry oper state, speed and neighbour from ``nv show
    interface``, admin state, FEC (``rs`` read by the optic's modulation), description and
    breakout (the split ports as children, the cage as their parent) from the config.
    """
    inventory: dict[str, Transceiver] = {}
    dom: dict[str, Transceiver] = {}
    oper: dict[str, Port] = {}
    config: dict[str, Port] = {}
    for command, text in outputs.items():
        kind = _kind(command)
        if kind == "inventory":
            inventory.update(parse_platform_transceiver(text).get("transceivers", {}))
        elif kind == "ethtool":
            dom.update(parse_ethtool_all(text).get("transceivers", {}))
        elif kind == "interfaces":
            oper.update(parse_show_interface(text).get("ports", {}))
        elif kind == "config":
            config.update(parse_config_commands(text).get("ports", {}))
    facts: DeviceFacts = {"platform": PLATFORM}
    transceivers = _merge_modules(inventory, dom)
    if transceivers:
        facts["transceivers"] = transceivers
    if oper or config:
        facts["ports"] = _ports(oper, config, transceivers)
    return facts


def _merge_modules(
    inventory: dict[str, Transceiver], dom: dict[str, Transceiver]
) -> dict[str, Transceiver]:
    merged: dict[str, Transceiver] = {}
    for cage in sorted(inventory.keys() | dom.keys(), key=natural_key):
        have, read = inventory.get(cage), dom.get(cage)
        if have is None:
            merged[cage] = read or {"port": cage, "present": False}
        elif read is None or not read.get("present"):
            merged[cage] = have
        else:
            merged[cage] = {**read, **have}
            if "media_type" not in have and "media_type" in read:
                merged[cage]["media_type"] = read["media_type"]
    return merged


def _ports(
    oper: dict[str, Port], config: dict[str, Port], transceivers: dict[str, Transceiver]
) -> dict[str, Port]:
    ports: dict[str, Port] = {}
    for name in sorted(config.keys() | oper.keys(), key=natural_key):
        ports[name] = {**config.get(name, {"name": name}), **oper.get(name, {"name": name})}
        if "speed" in config.get(name, {}) and ports[name].get("oper") != "up":
            ports[name]["speed"] = config[name]["speed"]
    catalog = load_catalog()
    for name, port in ports.items():
        module = transceivers.get(cage_of(name))
        optic = catalog.optic(module.get("media_type", "")) if module else None
        keyword = port.pop("fec", None)
        word = fec_word(keyword, optic) if keyword else None
        if word:
            port["fec"] = word
    for name in [n for n in ports if not _SPLIT.match(n)]:
        _breakout(ports, name)
    return ports


def _breakout(ports: dict[str, Port], cage: str) -> None:
    """The cage's mode and split ports; each split port's parent."""
    port = ports[cage]
    keyword = port.pop("breakout", "1x")
    legs = sorted((n for n in ports if cage_of(n) == cage and n != cage), key=natural_key)
    speeds = [s for n in legs if (s := ports[n].get("speed"))]
    mode = breakout_word(keyword, speeds[0] if speeds else None)
    port["breakout"] = mode
    if mode == "none":
        port["children"] = [cage]
        return
    count = breakout_legs(Breakout(mode)) if mode in load_catalog().breakout_modes else len(legs)
    children = [f"{cage}s{leg}" for leg in range(count)]
    port["children"] = children
    for child in children:
        ports.setdefault(child, {"name": child})["parent"] = cage


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    INVENTORY: parse_platform_transceiver,
    "ethtool -m": parse_ethtool_all,
    ETHTOOL_ALL: parse_ethtool_all,
    INTERFACES: parse_show_interface,
    CONFIG: parse_config_commands,
}
"""Parse function per command, as a user types it (without the port argument)."""
