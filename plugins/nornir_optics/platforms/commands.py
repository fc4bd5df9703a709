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
PIPE_SYNONYMS = {"json-pretty": "json"}
"""Pipes that give the same model as another (NX-OS ``| json-pretty`` is ``| json`` indented)."""


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
    >>> command_key("sudo ethtool -m Ethernet0"), command_key("show int status | json-pretty")
    ('ethtool -m ethernet0', 'show int status | json')
    """
    structured = typed_pipe(command)
    if structured is None:
        structured = sniffed_pipe(text)
    base = typed_base(command)
    return f"{base} | {structured}" if structured else base


def typed_base(command: str) -> str:
    """The command without pipes, lower case, single spaces, a leading ``sudo`` dropped."""
    return normalize_command(command).lower().removeprefix("sudo ")


def typed_pipe(command: str) -> str | None:
    """The format-changing pipe a command was typed with (``json``, ``display xml`` ...)."""
    pipes = [
        PIPE_SYNONYMS.get(p, p) for p in (part.strip().lower() for part in command.split("|")[1:])
    ]
    return next((pipe for pipe in pipes if pipe in STRUCTURED_PIPES), None)


def sniffed_pipe(text: str) -> str | None:
    """The format an output is in when it is JSON or XML (a command typed without its pipe)."""
    stripped = text.lstrip()
    if stripped.startswith("{") and _is_json(stripped):
        return "json"
    if stripped.startswith("<"):
        return "display xml"
    return None


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def find_parser(
    platform: str, command: str, text: str = ""
) -> tuple[str, Callable[[str], DeviceFacts]]:
    """The parser for a command as typed (longest known command that it starts with).

    An output in JSON or XML typed without its pipe is read by the command's JSON or XML
    parser, and by the command's own parser where there is no other (SONiC's JSON views).
    A command that names a longer known command in another form (``show interfaces
    transceiver detail | json`` where only the text of ``... detail`` is known) is not read by
    a shorter one's parser: that would parse another view's model.
    """
    table = parsers(platform)
    if command in table:  # a gather's own command line, e.g. a shell loop with its own pipes
        return command, table[command]
    keys = [command_key(command, text)]
    if typed_pipe(command) is None and sniffed_pipe(text) is not None:
        keys.append(command_key(command))
    for key in keys:
        candidates = [known for known in table if _matches(key, known)]
        if candidates:
            best = max(candidates, key=len)
            _refuse_shorter(platform, command, key, best, table)
            return best, table[best]
    known = "; ".join(sorted(table)) or "none yet"
    msg = f"no {platform} parser for {command!r} (known: {known})"
    raise UnknownCommandError(msg)


def _refuse_shorter(
    platform: str, command: str, key: str, best: str, table: dict[str, Callable[[str], DeviceFacts]]
) -> None:
    """Raise when the typed command is a longer known command in a form not parsed."""
    base = key.partition(" | ")[0]
    best_words = len(best.partition(" | ")[0].split())
    longer = sorted(
        {
            known.partition(" | ")[0]
            for known in table
            if len(known.partition(" | ")[0].split()) > best_words
            and _matches(base, known.partition(" | ")[0])
        }
    )
    if longer:
        forms = "; ".join(sorted(k for k in table if k.partition(" | ")[0] == longer[-1]))
        msg = (
            f"no {platform} parser for {command!r}: `{longer[-1]}` is read in another form "
            f"(known: {forms})"
        )
        raise UnknownCommandError(msg)


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
    named = getattr(get_parse_platform(platform), "with_command_line", None)
    if named is not None:
        text = named(command, text)
    facts = parse_output(command, parser, text)
    return {"platform": platform, "command": key, **facts}
