"""Seeded mutations of real outputs, and what a parser may do with them.

A corpus entry is a real output (``tests/captures``, and the shared real fixtures read in place
from ``../shared`` where present) with the parser ``optics parse`` picks for its command. A
mutation truncates it, deletes, duplicates or swaps lines, puts garbage or impossible numbers in
place of numbers, adds ANSI escapes, ``\\r`` or a huge line. The parser's outcome is then one of:

* facts that validate and hold no impossible value (ranges from ``data/limits.yaml``), or
* a deliberate error (an :class:`~nornir_optics.exceptions.OpticsError`, e.g. XML that is not
  well-formed), which the gather reports as the device's ``parse-error``.

Anything else is a *crash* (an exception the parser did not mean), a *hang* (the bound of
:mod:`nornir_optics.platforms.bounded` expired) or an *impossible* value accepted as data.
"""

from __future__ import annotations

import math
import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nornir_optics.catalog import load_catalog
from nornir_optics.exceptions import OpticsError
from nornir_optics.facts import FACTS
from nornir_optics.platforms.bounded import ParseTimeoutError, run_parser
from nornir_optics.platforms.commands import UnknownCommandError, find_parser

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

TESTS = Path(__file__).resolve().parents[1]
CAPTURES = TESTS / "captures"
SHARED_REAL = TESTS.parents[1] / "shared" / "fixtures" / "real"
RAW_SUFFIXES = (".raw", ".xml", ".json", ".txt")
FOLDER_COMMANDS = {
    "show_interfaces_diagnostics_optics_xml": "show interfaces diagnostics optics | display xml",
    "show_chassis_hardware_xml": "show chassis hardware | display xml",
    "ethtool_m": "ethtool -m",
    "show_controllers_optics_breakout": "show controllers optics breakout-details",
    "show_controllers_HundredGigE": "show controllers",
    "breakout_config_hwsku_json": "",
}
"""Folders whose name is not the command with spaces ("" for a folder no command reads)."""
APPSEL = ("active", "advertised", "detailed")

GARBAGE_NUMBERS = (
    "1e400",
    "65535",
    "6553",
    "0x1F",
    "+inf",
    "-inf",
    "inf",
    "nan",
    "NaN",
    "\u22123.25",
    "-0.0",
    "N/A",
    "99999999999999999999999",
    "",
    "--",
    "80",
    "-80",
    "1.2.3",
    "١٢",
    "1_000",
)
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
ANSI = ("\x1b[1m", "\x1b[0m", "\x1b[7m", "\x1b[K", "\x1b[2J")
HUGE_LINES = (" " * 20000 + "x", "1" * 20000, "-" * 20000, "a " * 10000 + ":", "<" * 5000)


def command_for(path: Path) -> str | None:
    """The command a real output stands for, from its folder (and, for appsel, its name)."""
    folder = path.parent.name
    if folder == "show_controllers_optics_appsel":
        return f"show controllers optics appsel {next(w for w in APPSEL if w in path.name)}"
    if folder in FOLDER_COMMANDS:
        return FOLDER_COMMANDS[folder] or None
    if folder.endswith("_json"):
        return f"{folder.removesuffix('_json').replace('_', ' ')} | json"
    return folder.replace("_", " ")


@dataclass
class Kind:
    """One parser with the real outputs it reads."""

    platform: str
    command: str
    parser: Callable[[str], Any]
    texts: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.platform}: {self.command}"


def _raw_files() -> Iterator[tuple[str, Path]]:
    roots = [CAPTURES, *([SHARED_REAL] if SHARED_REAL.is_dir() else [])]
    for root in roots:
        for path in sorted(root.glob("*/*/*")):
            if path.suffix in RAW_SUFFIXES and ".expected" not in path.name:
                yield path.parent.parent.name, path


def corpus() -> dict[str, Kind]:
    """Every parser that has a real output, by ``platform: command key``."""
    kinds: dict[str, Kind] = {}
    for platform, path in _raw_files():
        command = command_for(path)
        if command is None:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        try:
            key, parser = find_parser(platform, command, text)
        except (UnknownCommandError, OpticsError):
            continue
        kind = kinds.setdefault(f"{platform}: {key}", Kind(platform, key, parser))
        kind.texts.append(text)
    return kinds


def mutate(text: str, rng: random.Random) -> str:
    """One to three random mutations of an output."""
    for _ in range(rng.randint(1, 3)):
        text = rng.choice(MUTATIONS)(text, rng)
    return text


def _truncate(text: str, rng: random.Random) -> str:
    return text[: rng.randrange(len(text) + 1)]


def _lines_op(text: str, rng: random.Random, what: str) -> str:
    lines = text.splitlines(keepends=True)
    if not lines:
        return text
    at = rng.randrange(len(lines))
    if what == "delete":
        del lines[at]
    elif what == "duplicate":
        lines.insert(at, lines[at])
    elif what == "swap":
        other = rng.randrange(len(lines))
        lines[at], lines[other] = lines[other], lines[at]
    elif what == "huge":
        lines.insert(at, rng.choice(HUGE_LINES) + "\n")
    return "".join(lines)


def _numbers(text: str, rng: random.Random) -> str:
    found = list(NUMBER.finditer(text))
    if not found:
        return text
    for match in rng.sample(found, k=min(len(found), rng.randint(1, 8))):
        start, end = match.span()
        text = text[:start] + rng.choice(GARBAGE_NUMBERS).ljust(end - start) + text[end:]
    return text


def _ansi(text: str, rng: random.Random) -> str:
    lines = text.splitlines(keepends=True)
    for _ in range(rng.randint(1, 5)):
        if lines:
            at = rng.randrange(len(lines))
            lines[at] = rng.choice(ANSI) + lines[at]
    return "".join(lines)


def _carriage_returns(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        return text.replace("\n", "\r\n")
    cut = rng.randrange(len(text) + 1)
    return text[:cut] + "\r" + text[cut:]


def _delete_span(text: str, rng: random.Random) -> str:
    start = rng.randrange(len(text) + 1)
    return text[:start] + text[start + rng.randint(1, 200) :]


MUTATIONS: tuple[Callable[[str, random.Random], str], ...] = (
    _truncate,
    lambda text, rng: _lines_op(text, rng, "delete"),
    lambda text, rng: _lines_op(text, rng, "duplicate"),
    lambda text, rng: _lines_op(text, rng, "swap"),
    lambda text, rng: _lines_op(text, rng, "huge"),
    _numbers,
    _numbers,
    _ansi,
    _carriage_returns,
    _delete_span,
)

_LANE_QUANTITIES = ("rx_power_dbm", "tx_power_dbm", "tx_bias_ma")
_MODULE_QUANTITIES = ("temperature_c", "voltage_v", "wavelength_nm")


def impossible_values(facts: Any) -> list[str]:
    """Every number in the facts outside its quantity's physical range, as ``path = value``."""
    found: list[str] = []
    for name, xcvr in (facts.get("transceivers") or {}).items():
        values = [(f"{name}.{q}", q, xcvr[q]) for q in _MODULE_QUANTITIES if q in xcvr]
        values += [
            (f"{name}.lane{lane['lane']}.{q}", q, lane[q])
            for lane in xcvr.get("lanes", [])
            for q in _LANE_QUANTITIES
            if q in lane
        ]
        values += [
            (f"{name}.thresholds.{q}.{level}", q, value)
            for q, levels in (xcvr.get("thresholds") or {}).items()
            for level, value in levels.items()
        ]
        found.extend(bad for path, q, value in values if (bad := _impossible(path, q, value)))
    return found


def _impossible(path: str, quantity: str, value: object) -> str | None:
    limit = load_catalog().limit(quantity)
    if not isinstance(value, float | int) or isinstance(value, bool):
        return f"{path} = {value!r} (not a number)"
    if not math.isfinite(value) or not limit.min <= value <= limit.max:
        return f"{path} = {value!r} (outside {limit.describe()})"
    return None


@dataclass
class Outcome:
    """What a parser did with the mutations of one kind."""

    parsed: int = 0
    refused: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    impossible: list[str] = field(default_factory=list)


def fuzz(kind: Kind, mutations: int, seed: int, *, seconds: float = 5.0) -> Outcome:
    """Run ``mutations`` seeded mutations of the kind's outputs through its parser."""
    rng = random.Random(f"{seed}:{kind.name}")  # noqa: S311 - a seeded fuzz, not a secret
    outcome = Outcome()
    for number in range(mutations):
        text = mutate(rng.choice(kind.texts), rng)
        tag = f"{kind.name} #{number} (seed {seed})"
        try:
            facts = run_parser(kind.command, kind.parser, text, seconds=seconds)
            FACTS.validate_python(facts)
        except ParseTimeoutError:
            outcome.hangs.append(tag)
            continue
        except OpticsError:
            outcome.refused += 1
            continue
        except Exception as exc:  # noqa: BLE001 - what the test counts
            outcome.crashes.append(f"{tag}: {type(exc).__name__}: {str(exc)[:120]}")
            continue
        outcome.parsed += 1
        outcome.impossible.extend(f"{tag}: {bad}" for bad in impossible_values(facts))
    return outcome
