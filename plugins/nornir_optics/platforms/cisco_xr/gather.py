"""Cisco IOS-XR gather: the commands, the port parsers, and the facts of one gather's outputs.

Commands the gather sends (all text; IOS-XR needs no enable): ``show inventory`` and ``show
controllers optics *`` (identity, per-lane DOM and thresholds of every cage), ``show ipv4
interface brief`` (admin and oper state), ``show running-config`` (breakout under ``controller
Optics<R/S/I/P>``, FEC, description and shutdown under ``interface``) and ``show lldp neighbors
detail``. Transceivers are keyed by cage: the interface the cage's location names where it is
one unbroken port (``FourHundredGigabitEthernet0/0/0/3``, ``HundredGigabitEthernet0/0/0/30``
behind a 100G optic); a broken-out cage, whose port is gone (``HundredGigE0/0/0/5/0`` to
``/3`` instead), keeps its 400G name, as the catalogue names the Cisco 8000 cages.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from nornir_optics.catalog import load_catalog
from nornir_optics.names import natural_key
from nornir_optics.platforms.cisco_xr.parse import (
    PLATFORM,
    parse_show_controllers_optics,
    parse_show_inventory,
)
from nornir_optics.platforms.common import canonical, normalize_command

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.catalog import Modulation, OpticType
    from nornir_optics.facts import DeviceFacts, Port, Transceiver

MODULE_COMMANDS: tuple[str, ...] = ("show inventory", "show controllers optics *")
"""Cisco PID and serial (inventory); vendor, part number, revision, type and DOM (optics)."""
DOM_COMMANDS: tuple[str, ...] = ("show controllers optics *",)
"""Per-lane Rx/Tx/bias, temperature, voltage, thresholds (sent once with the module commands)."""
PORT_COMMANDS: tuple[str, ...] = (
    "show ipv4 interface brief",
    "show running-config",
    "show lldp neighbors detail",
)
"""Admin and oper state, breakout/FEC/description/shutdown (running config), LLDP."""
PRIVILEGED_PORT_COMMANDS: tuple[str, ...] = ()
"""IOS-XR has no enable mode."""

CAGE_TYPE = "FourHundredGigabitEthernet"
"""The name a broken-out cage keeps (the Cisco 8000's QSFP-DD cages are 400G ports)."""
_LOCATION = re.compile(r"(?P<location>\d+/\d+/\d+/\d+)(?P<leg>/\d+)?$")
_BRIEF_ROW = re.compile(
    r"^(?P<name>[A-Za-z][\w-]*\d+(?:/\d+)+(?:\.\d+)?)\s+\S+\s+(?P<status>Up|Down|Shutdown)\s+"
    r"(?P<protocol>Up|Down)\b",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^(?P<kind>interface|controller)\s+(?P<name>\S+)\s*$")
_LLDP_FIELD = re.compile(r"^(?P<key>[A-Za-z][A-Za-z ]*?):\s*(?P<value>.*?)\s*$")
_NOT_ADVERTISED = {"", "not advertised", "n/a"}


def location(name: str) -> str | None:
    """The cage location ``R/S/I/P`` of an interface, a breakout leg or an Optics controller.

    >>> location("HundredGigE0/0/0/5/2"), location("Optics0/0/0/7"), location("Mg0/RP0/CPU0/0")
    ('0/0/0/5', '0/0/0/7', None)
    """
    found = _LOCATION.search(name)
    return found["location"] if found else None


def is_leg(name: str) -> bool:
    """Whether an interface is a breakout leg (five numbers: ``R/S/I/P/L``)."""
    found = _LOCATION.search(name)
    return bool(found and found["leg"])


def parse_show_ipv4_interface_brief(text: str) -> DeviceFacts:
    r"""Admin and oper state of each interface from ``show ipv4 interface brief``.

    ``Shutdown`` is admin down; the ``Protocol`` column is the link. Sub-interfaces (``.100``)
    and non-Ethernet interfaces are kept as printed, canonical.

    >>> row = "FourHundredGigE0/5/0/48        unassigned      Shutdown        Down     default"
    >>> parse_show_ipv4_interface_brief(row)["ports"]["FourHundredGigabitEthernet0/5/0/48"]
    {'name': 'FourHundredGigabitEthernet0/5/0/48', 'admin': 'down', 'oper': 'down'}
    """
    ports: dict[str, Port] = {}
    for raw in text.splitlines():
        row = _BRIEF_ROW.match(raw.strip())
        if row is None:
            continue
        name = canonical(row["name"])
        status = row["status"].lower()
        port: Port = {
            "name": name,
            "admin": "down" if status == "shutdown" else "up",
            "oper": "up" if row["protocol"].lower() == "up" else "down",
        }
        if port["admin"] == "up" and port["oper"] == "down" and status == "down":
            port["reason"] = "down"
        ports[name] = port
    return {"ports": ports}


def _breakout_words() -> dict[str, str]:
    """IOS-XR breakout line -> the intent's mode, from the platform catalogue."""
    platform = load_catalog().platforms[PLATFORM]
    return {
        keyword.keyword.lower(): mode.value
        for mode, keyword in platform.breakout.items()
        if keyword.keyword
    }


def _fec_word(line: str) -> str | None:
    """The intent's FEC of an interface's ``fec`` line (None: the default, or not known)."""
    catalog = load_catalog()
    words = {k.keyword.lower() for k in catalog.platforms[PLATFORM].fec.values() if k.keyword}
    return line if line in words else None


class RunningConfig:
    """What ``show running-config`` says about Ethernet interfaces and optics controllers."""

    def __init__(self, text: str) -> None:
        """Read the ``interface`` and ``controller Optics`` sections."""
        self.interfaces: dict[str, dict[str, str]] = {}
        self.breakouts: dict[str, str] = {}
        section: dict[str, str] | None = None
        controller: str | None = None
        words = _breakout_words()
        for raw in text.splitlines():
            line = raw.rstrip()
            header = _SECTION.match(line)
            if header:
                name = header["name"]
                section, controller = None, None
                if header["kind"] == "interface" and location(name):
                    section = self.interfaces.setdefault(canonical(name), {})
                elif name.lower().startswith("optics") and location(name):
                    controller = location(name)
                continue
            if not line.startswith(" "):
                section, controller = None, None
                continue
            setting = " ".join(line.split())
            if controller is not None and setting.lower() in words:
                self.breakouts[controller] = words[setting.lower()]
            elif section is not None:
                self._setting(section, setting)

    @staticmethod
    def _setting(config: dict[str, str], line: str) -> None:
        word, _, rest = line.partition(" ")
        if word == "description":
            config["description"] = rest.strip()
        elif word == "fec":
            config["fec"] = line.lower()
        elif line == "shutdown":
            config["admin"] = "down"

    def explicit_fec(self, name: str) -> str | None:
        """The ``fec`` line of an interface, if it has one."""
        return self.interfaces.get(name, {}).get("fec")


def parse_show_running_config(text: str) -> DeviceFacts:
    r"""Breakout of each cage, FEC, description and shutdown per interface from the config.

    An interface with no ``fec`` line runs the default and gets no ``fec`` here (see
    :func:`facts_from_outputs`); one with no ``shutdown`` line is admin up.

    >>> config = (
    ...     "controller Optics0/0/0/5\n breakout 4x100\n!\n"
    ...     "interface FourHundredGigE0/0/0/1\n description to leaf1\n fec none\n!\n"
    ... )
    >>> ports = parse_show_running_config(config)["ports"]
    >>> ports["FourHundredGigabitEthernet0/0/0/1"]["fec"]
    'none'
    >>> ports["FourHundredGigabitEthernet0/0/0/5"]["breakout"]
    '4x100G'
    """
    config = RunningConfig(text)
    return {"ports": _config_ports(config, set())}


def _config_ports(config: RunningConfig, known: set[str]) -> dict[str, Port]:
    """Ports from the config; ``known`` adds interfaces other outputs list (for breakout)."""
    catalog = load_catalog()
    ports: dict[str, Port] = {}
    for name, settings in config.interfaces.items():
        port: Port = {"name": name, "admin": "down" if settings.get("admin") else "up"}
        if settings.get("description"):
            port["description"] = settings["description"]
        fec_line = settings.get("fec")
        fec = (
            catalog.fec_for_keyword(PLATFORM, fec_line, modulation=_modulation(name))
            if fec_line and _fec_word(fec_line)
            else None
        )
        if fec is not None:
            port["fec"] = fec.value
        ports[name] = port
    names = set(config.interfaces) | known
    for where, mode in config.breakouts.items():
        cage = f"{CAGE_TYPE}{where}"
        legs = sorted((n for n in names if is_leg(n) and location(n) == where), key=natural_key)
        ports[cage] = {"name": cage, "breakout": mode, "children": legs}
    for name in sorted(names, key=natural_key):
        found = location(name)
        if found is not None and not is_leg(name) and found not in config.breakouts:
            entry = ports.setdefault(name, {"name": name})
            entry["breakout"] = "none"
            entry["children"] = [name]
    return ports


def _modulation(name: str) -> Modulation | None:
    """PAM4 on 400G ports and 100G breakout legs of a 400G cage; NRZ on other 100G ports."""
    if name.startswith("FourHundred") or is_leg(name):
        return "PAM4"
    return "NRZ" if name.startswith("HundredGig") else None


def parse_show_lldp_neighbors_detail(text: str) -> DeviceFacts:
    r"""LLDP neighbours per local interface from ``show lldp neighbors detail``.

    >>> out = "Local Interface: FourHundredGigE0/0/0/0\nPort id: Et1/1\nSystem Name: leaf1\n"
    >>> ports = parse_show_lldp_neighbors_detail(out)["ports"]
    >>> ports["FourHundredGigabitEthernet0/0/0/0"]["neighbor"]
    {'system': 'leaf1', 'port': 'Ethernet1/1'}
    """
    ports: dict[str, Port] = {}
    entry: dict[str, str] = {}

    def flush() -> None:
        local = entry.get("local interface", "")
        system = entry.get("system name", "")
        if system.lower() in _NOT_ADVERTISED:
            system = entry.get("chassis id", "")
        port = entry.get("port id", "")
        if local and system and port:
            name = canonical(local)
            ports[name] = {"name": name, "neighbor": {"system": system, "port": canonical(port)}}
        entry.clear()

    for raw in text.splitlines():
        field = _LLDP_FIELD.match(raw.strip())
        if field is None:
            continue
        key = field["key"].strip().lower()
        if key == "local interface" and entry:
            flush()
        entry.setdefault(key, field["value"])
    flush()
    return {"ports": ports}


def _cage_names(names: set[str]) -> dict[str, str]:
    """The cage name of each location: its unbroken interface, else the 400G name."""
    cages: dict[str, str] = {}
    for name in sorted(names, key=natural_key):
        where = location(name)
        if where is not None and not is_leg(name) and not name.startswith("Optics"):
            cages.setdefault(where, name)
    return cages


def _cage_of(where: str, cages: dict[str, str]) -> str:
    return cages.get(where, f"{CAGE_TYPE}{where}")


def _merge_port(ports: dict[str, Port], port: Port) -> None:
    ports[port["name"]] = {**ports.get(port["name"], {"name": port["name"]}), **port}


def _installed(transceivers: dict[str, Transceiver], cage: str) -> OpticType | None:
    module = transceivers.get(cage)
    media = module.get("media_type") if module and module.get("present") else None
    return load_catalog().optic(media) if media else None


def _legs(ports: dict[str, Port], transceivers: dict[str, Transceiver]) -> None:
    """Parent and media lanes on each breakout leg."""
    for parent in list(ports.values()):
        mode, children = parent.get("breakout"), parent.get("children", [])
        if not mode or mode == "none" or not children:
            continue
        optic = _installed(transceivers, parent["name"])
        for leg, child in enumerate(children, start=1):
            port = ports.setdefault(child, {"name": child})
            port["parent"] = parent["name"]
            if optic is not None and optic.lanes:
                share = max(optic.lanes // len(children), 1)
                first = (leg - 1) * share + 1
                lanes = [n for n in range(first, first + share) if n <= optic.lanes]
                if lanes:
                    port["media_lanes"] = lanes


def _default_fec(
    ports: dict[str, Port], transceivers: dict[str, Transceiver], cages: dict[str, str]
) -> None:
    """FEC of Ethernet ports without a ``fec`` line: the catalogue's default for the optic."""
    catalog = load_catalog()
    for name, port in ports.items():
        where = location(name)
        if "fec" in port or where is None or port.get("breakout", "none") != "none":
            continue
        optic = _installed(transceivers, _cage_of(where, cages))
        fec = catalog.default_fec(PLATFORM, optic) if optic is not None else None
        if fec is not None:
            port["fec"] = fec.value


_MODULE_PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show inventory": parse_show_inventory,
    "show controllers optics": parse_show_controllers_optics,
    "show controllers optics *": parse_show_controllers_optics,
}
_STATE_PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show ipv4 interface brief": parse_show_ipv4_interface_brief,
    "show ip interface brief": parse_show_ipv4_interface_brief,
    "show lldp neighbors detail": parse_show_lldp_neighbors_detail,
}


def facts_from_outputs(outputs: dict[str, str]) -> DeviceFacts:
    """Device facts from the outputs of the gather commands, merged.

    Transceivers are keyed by cage (inventory first, then the optics controller's fields);
    ports carry admin and oper state (``show ipv4 interface brief``), breakout, children,
    FEC, description and shutdown (``show running-config``) and the LLDP neighbour. A port
    without a ``fec`` line runs the default FEC of its optic.
    """
    commands = {normalize_command(command).lower(): text for command, text in outputs.items()}
    state: dict[str, Port] = {}
    for command, parser in _STATE_PARSERS.items():
        for port in parser(commands.get(command, "")).get("ports", {}).values():
            _merge_port(state, port)
    has_config = "show running-config" in commands
    config = RunningConfig(commands.get("show running-config", ""))
    names = set(state) | set(config.interfaces)
    cages = _cage_names(names)
    transceivers = _transceivers(commands, cages)
    ports = _config_ports(config, names) if has_config else {}
    for port in state.values():
        if location(port["name"]) is not None:
            _merge_port(ports, port)
    _legs(ports, transceivers)
    if has_config:
        _default_fec(ports, transceivers, cages)
    facts: DeviceFacts = {"platform": PLATFORM}
    if transceivers:
        facts["transceivers"] = transceivers
    if ports:
        facts["ports"] = ports
    return facts


def _transceivers(commands: dict[str, str], cages: dict[str, str]) -> dict[str, Transceiver]:
    """The modules of the inventory and optics outputs, merged per cage."""
    transceivers: dict[str, Transceiver] = {}
    for command, parser in _MODULE_PARSERS.items():
        if command not in commands:
            continue
        for name, found in parser(commands[command]).get("transceivers", {}).items():
            where = location(name)
            cage = _cage_of(where, cages) if where else name
            merged: Transceiver = {**transceivers.get(cage, {}), **found, "port": cage}  # type: ignore[typeddict-item]
            transceivers[cage] = merged
    return transceivers


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "show controllers optics *": parse_show_controllers_optics,
    "show ipv4 interface brief": parse_show_ipv4_interface_brief,
    "show ip interface brief": parse_show_ipv4_interface_brief,
    "show running-config": parse_show_running_config,
    "show lldp neighbors detail": parse_show_lldp_neighbors_detail,
}
"""Parse functions of the gather's port commands (the package adds them to the parsers')."""
