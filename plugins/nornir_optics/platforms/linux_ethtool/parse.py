"""Linux ethtool: module identity, DOM and thresholds from ``ethtool -m`` (SFF-8472/8636, CMIS).

``ethtool -m`` prints one module per run and does not repeat the interface name; the parser
takes it from a pasted prompt line (``# ethtool -m swp13``, ``admin@sonic:~$ sudo ethtool -m
Ethernet0``), from the command as typed (:func:`with_command_line`, which ``optics parse``
applies) or from its ``interface`` argument, and otherwise keys the module ``unknown``. The
type is the catalogue's for ethtool's compliance words, else for the part number (CMIS modules
print no type line). Linux names are kept as they are: netutils would
turn ``eth0`` into ``Ethernet0``, which is not the kernel's name.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from nornir_optics.catalog import load_catalog
from nornir_optics.platforms.common import (
    THRESHOLD_OF,
    Level,
    first_media_type,
    lane_reading,
    media_type_of,
    power_dbm,
    set_threshold,
    to_float,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.facts import DeviceFacts, LaneReading, Thresholds, Transceiver

PLATFORM = "linux_ethtool"
"""The platform key (netutils) this module parses."""


UNKNOWN = "unknown"
"""Key of a module whose interface the output does not name."""

_PROMPT = re.compile(
    r"^\s*(?:\S*[#$>]\s*)?(?:sudo\s+)?ethtool\s+(?:-m|--module-info|--dump-module-eeprom)"
    r"(?:\s+(?P<name>[^\s|>]+))?"
)
_CHANNEL = re.compile(r"\s*\((?:channel|chan|lane)\s*(\d+)\)\s*", flags=re.IGNORECASE)
_LEVEL = re.compile(r"\b(high|low) (alarm|warning)\b")
_READING_OF = {
    "laser bias current": "bias",
    "laser tx bias current": "bias",
    "laser output power": "tx",
    "transmit avg optical power": "tx",
    "receiver signal average optical power": "rx",
    "receiver signal oma": "rx",
    "rcvr signal avg optical power": "rx",
    "receiver signal avg optical power": "rx",
}


class _Module:
    """What ``ethtool -m`` says about one module while it is being read."""

    def __init__(self, name: str) -> None:
        self.xcvr: Transceiver = {"port": name, "present": True}
        self.types: list[str] = []
        self.thresholds: Thresholds = {}
        self.lanes: dict[int, dict[str, float | None]] = {}

    def line(self, key: str, value: str) -> None:
        """Apply one ``key : value`` line."""
        channel = _CHANNEL.search(key)
        lane = int(channel[1]) if channel else 1
        key = _CHANNEL.sub(" ", key).strip().lower()
        if key.endswith(" threshold"):
            self._threshold(key, value)
        elif key in _READING_OF:
            kind = _READING_OF[key]
            number = to_float(value) if kind == "bias" else power_dbm(value)
            self.lanes.setdefault(lane, {})[kind] = number
        elif key == "identifier" and (form := re.search(r"\((\S+?)[\s)]", value)):
            self.xcvr["form_factor"] = form[1]
        elif key == "transceiver type" and value:
            self.types.append(value)
        else:
            self._identity(key, value)

    def _identity(self, key: str, value: str) -> None:
        """Vendor, part number, serial, revision, wavelength, temperature and voltage."""
        text = {"vendor name": "vendor", "vendor pn": "part_number", "vendor sn": "serial"}
        if key in text and value:
            self.xcvr[text[key]] = value  # type: ignore[literal-required]
        elif key == "vendor rev" and value:
            self.xcvr["revision"] = value
        elif key == "laser wavelength" and (number := to_float(value)) is not None:
            self.xcvr["wavelength_nm"] = number
        elif key == "module temperature" and (number := to_float(value)) is not None:
            self.xcvr["temperature_c"] = number
        elif key == "module voltage" and (number := to_float(value)) is not None:
            self.xcvr["voltage_v"] = number

    def _media_type(self) -> None:
        """The catalogue type of the first ``Transceiver type`` line that names one.

        ethtool prints SFF-8636/SFF-8472 compliance strings (``100G Ethernet: 100G CWDM4 MSA
        with FEC``, ``Extended: 100GBASE-DR (clause 140), CAUI-4 (no FEC)``); a CMIS module
        (QSFP-DD, OSFP) gets no such line, and its type is then the one its part number names.
        """
        media = next(
            ((t, m) for t in self.types if (m := media_type_of(t) or first_media_type(t))), None
        )
        if media is not None:
            self.xcvr["media_type"], self.xcvr["media_type_raw"] = media[1], media[0]
            return
        if self.types:
            self.xcvr["media_type_raw"] = self.types[0]
        by_part = first_media_type(self.xcvr.get("part_number"))
        if by_part is not None:
            self.xcvr["media_type"] = by_part

    def _threshold(self, key: str, value: str) -> None:
        """One ``... high alarm threshold`` line; infinite values are left out."""
        quantity = next((q for k, q in THRESHOLD_OF.items() if key.startswith(k)), None)
        level = _LEVEL.search(key)
        number = power_dbm(value) if "mw" in value.lower() else to_float(value)
        if quantity is None or level is None or number is None or math.isinf(number):
            return
        name: Level = f"{level[1]}_{level[2]}"  # type: ignore[assignment]
        set_threshold(self.thresholds, quantity, name, number)

    def done(self) -> Transceiver:
        """The transceiver, with its type, thresholds and lanes."""
        self._media_type()
        if self.thresholds:
            self.xcvr["thresholds"] = self.thresholds
        optic = load_catalog().optics.get(self.xcvr.get("media_type", ""))
        lanes: list[LaneReading] = [
            lane_reading(
                number,
                rx=got.get("rx"),
                tx=got.get("tx"),
                bias=got.get("bias"),
                unused=optic is not None and number > optic.lanes,
            )
            for number, got in sorted(self.lanes.items())
        ]
        if lanes:
            self.xcvr["lanes"] = lanes
        return self.xcvr


def parse_module_info(text: str, interface: str | None = None) -> DeviceFacts:
    """Identity, temperature, voltage, thresholds and per-lane DOM of the module(s) shown.

    Several outputs pasted one after another, each after its prompt line, give one transceiver
    each; partial outputs (lines elided with ``...``) give what they show.

    Args:
        text: output of ``ethtool -m <interface>``.
        interface: the interface the output is for, when the output does not say.

    Returns:
        One transceiver per module, keyed by interface name.
    """
    transceivers: dict[str, Transceiver] = {}
    module: _Module | None = None
    for line in text.splitlines():
        if prompt := _PROMPT.match(line):
            if module is not None:
                transceivers[module.xcvr["port"]] = module.done()
            module = _Module(prompt["name"] or interface or UNKNOWN)
            continue
        key, sep, value = line.partition(":")
        if not sep:
            continue
        if module is None:
            module = _Module(interface or UNKNOWN)
        module.line(key.strip(), value.strip())
    if module is not None:
        transceivers[module.xcvr["port"]] = module.done()
    return {"transceivers": transceivers}


def with_command_line(command: str, text: str) -> str:
    r"""The output under the command as typed, when that names the interface and the output.

    Applies where the output has no command line of its own (``optics parse -c "ethtool -m
    swp3" saved.txt``).

    >>> with_command_line("sudo ethtool -m swp3", "\tVendor SN : X1\n").splitlines()[0]
    'sudo ethtool -m swp3'
    >>> with_command_line("ethtool -m", "x")
    'x'
    """
    typed = _PROMPT.match(command.strip())
    if typed is None or not typed["name"]:
        return text
    if any(_PROMPT.match(line) for line in text.splitlines()):
        return text
    return f"{command.strip()}\n{text}"


PARSERS: dict[str, Callable[[str], DeviceFacts]] = {
    "ethtool -m": parse_module_info,
}
"""Parse functions by command, as a user types it (without the interface)."""
