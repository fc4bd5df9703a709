"""Saved command output to device facts: which platform parser reads a command as typed.

Each platform's ``parse.py`` exposes ``PARSERS``: the commands it can read, as a user types
them (lower case, without ``| no-more``; variants in another format keep their pipe, e.g.
``show interfaces transceiver | json``, ``show configuration interfaces | display set``), each
with a function from the saved output to :class:`~nornir_optics.facts.DeviceFacts`.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from nornir_optics.exceptions import OpticsError
from nornir_optics.platforms import get_parse_platform
from nornir_optics.platforms.bounded import parse_output
from nornir_optics.platforms.common import normalize_command

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.facts import DeviceFacts

STRUCTURED_PIPES = ("json", "display json", "display xml", "display set")
"""Pipes that change the output's format: a command typed with one is keyed with its pipe."""


class UnknownCommandError(OpticsError):
    """No parser reads that command on that platform."""


def parsers(platform: str) -> dict[str, Callable[[str], DeviceFacts]]:
    """The commands a platform can parse, each with its parser."""
    return get_parse_platform(platform).PARSERS


def command_key(command: str, text: str = "") -> str:
    """The PARSERS key a typed command (and, failing its pipe, the output's look) selects.

    >>> command_key("sh int transceiver | json | no-more")
    'sh int transceiver | json'
    >>> command_key("show interfaces diagnostics optics | display xml")
    'show interfaces diagnostics optics | display xml'
    >>> command_key("show configuration interfaces | display set | no-more")
    'show configuration interfaces | display set'
    """
    base = normalize_command(command).lower()
    pipes = [part.strip().lower() for part in command.split("|")[1:]]
    structured = next((pipe for pipe in pipes if pipe in STRUCTURED_PIPES), None)
    if structured is None:
        stripped = text.lstrip()
        if stripped.startswith("{") and _is_json(stripped):
            structured = "json"
        elif stripped.startswith("<"):
            structured = "display xml"
    return f"{base} | {structured}" if structured else base


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def find_parser(
    platform: str, command: str, text: str = ""
) -> tuple[str, Callable[[str], DeviceFacts]]:
    """The parser for a command as typed (longest known command that it starts with)."""
    table = parsers(platform)
    key = command_key(command, text)
    candidates = [known for known in table if _matches(key, known)]
    if not candidates:
        known = "; ".join(sorted(table)) or "none yet"
        msg = f"no {platform} parser for {command!r} (known: {known})"
        raise UnknownCommandError(msg)
    best = max(candidates, key=len)
    return best, table[best]


def _matches(key: str, known: str) -> bool:
    """Whether a typed command (words may be abbreviated, arguments may follow) is ``known``.

    >>> _matches("sh int trans det", "show interfaces transceiver detail")
    True
    >>> _matches("show int transceiver eeprom --dom et0", "show interfaces transceiver eeprom")
    True
    >>> _matches("show interfaces status", "show interfaces transceiver")
    False
    """
    base, _, pipe = key.partition(" | ")
    known_base, _, known_pipe = known.partition(" | ")
    if pipe != known_pipe:
        return False
    typed, words = base.split(), known_base.split()
    return len(typed) >= len(words) and all(
        word.startswith(token) for token, word in zip(typed, words, strict=False)
    )


def parse(platform: str, command: str, text: str) -> DeviceFacts:
    """Parse saved output of ``command`` on ``platform`` into device facts.

    Under :data:`~nornir_optics.platforms.bounded.PARSE_SECONDS`; a parser that fails or runs
    past it is one :class:`~nornir_optics.platforms.bounded.OutputParseError` naming the line.
    """
    key, parser = find_parser(platform, command, text)
    facts = parse_output(command, parser, text)
    return {"platform": platform, "command": key, **facts}
