"""What every simulated CLI shares: sessions, modes, command matching, pipes, errors.

A vendor module (``lab/vendors/<platform>.py``) subclasses :class:`Personality` with that
platform's prompts, commands, renderers and config syntax, and sets ``PERSONALITY`` to the class.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import DeviceState


class CommandError(Exception):
    """A command the device rejects; the text is what the device prints."""


@dataclass
class Session:
    """One CLI session: its mode stack and whatever the personality keeps per session."""

    device: DeviceState
    user: str
    modes: list[str] = field(default_factory=lambda: ["exec"])
    context: dict[str, object] = field(default_factory=dict)
    paging: bool = True
    closed: bool = False
    commands: int = 0

    @property
    def mode(self) -> str:
        """The innermost mode (``exec``, ``enable``, ``config``, ``config-if`` ...)."""
        return self.modes[-1]


@dataclass(frozen=True)
class Command:
    """A command as keywords (each may be abbreviated to a unique prefix) and its handler."""

    words: tuple[str, ...]
    handler: Callable[[Session, list[str]], str]
    modes: tuple[str, ...] = ()
    rest: bool = False

    def match(self, tokens: Sequence[str], siblings: Sequence[Command]) -> list[str] | None:
        """The arguments after the keywords when ``tokens`` spell this command, else None."""
        if len(tokens) < len(self.words) or (not self.rest and len(tokens) != len(self.words)):
            return None
        for position, (token, word) in enumerate(zip(tokens, self.words, strict=False)):
            if word.startswith("<"):
                continue
            if not word.startswith(token.lower()):
                return None
            if token.lower() != word:
                rivals = {
                    other.words[position]
                    for other in siblings
                    if len(other.words) > position
                    and other.words[:position] == self.words[:position]
                    and other.words[position].startswith(token.lower())
                }
                if len(rivals) > 1:
                    return None
        arguments = [
            token for token, word in zip(tokens, self.words, strict=False) if word.startswith("<")
        ]
        return arguments + list(tokens[len(self.words) :])


class Personality:
    """Base of a platform's simulated CLI."""

    platform: ClassVar[str] = ""
    os_version: ClassVar[str] = ""
    """The software version the device reports."""
    module_vendor: ClassVar[str] = "Generic"
    """The vendor name of the modules the lab plugs when lab.yaml names none."""
    error_invalid: ClassVar[str] = "% Invalid input detected at '^' marker."
    help_key: ClassVar[bool] = True
    """Whether ``?`` lists completions (a shell such as SONiC's bash takes it as a character)."""
    help_header: ClassVar[str] = ""
    """The line ``?`` prints before the completions (Junos: ``Possible completions:``)."""
    help_enter: ClassVar[tuple[str, str]] = ("<cr>", "")
    """The entry ``?`` lists where the line is a complete command."""
    help_trailer: ClassVar[str] = "\n"
    """What ``?`` prints after the completions, before the prompt comes back."""
    help_width: ClassVar[int] = 20
    help_unknown: ClassVar[str] = "% Unrecognized command"
    """What ``?`` prints where nothing completes."""

    def __init__(self, runtime: LabRuntime, device: DeviceState) -> None:
        """Bind the personality to one device of a running lab."""
        self.runtime = runtime
        self.device = device
        self.commands: list[Command] = []
        self.register()

    def register(self) -> None:
        """Add the platform's commands with :meth:`add`."""

    def schedule(self, seconds: float, action: Callable[[], None]) -> asyncio.TimerHandle | None:
        """Run ``action`` after a device timer of ``seconds``, scaled by the ``timer_scale`` knob.

        The timer runs on the lab's event loop; None where no loop runs (a personality used
        in-process, whose timers never fire).
        """
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return None
        return loop.call_later(seconds * self.device.knobs.timer_scale, action)

    def add(
        self,
        words: str,
        handler: Callable[[Session, list[str]], str],
        *,
        modes: tuple[str, ...] = (),
        rest: bool = False,
    ) -> None:
        """Register a command: ``"show interfaces transceiver"`` plus its handler."""
        self.commands.append(Command(tuple(words.split()), handler, modes, rest))

    def banner(self, session: Session) -> str:
        """Text printed after login, before the first prompt."""
        del session
        return ""

    def prompt(self, session: Session) -> str:
        """The prompt for the session's current mode."""
        return f"{self.device.hostname}#" if session.mode != "exec" else f"{self.device.hostname}>"

    def handle(self, session: Session, line: str) -> str:
        """Run one line typed at the prompt; returns what the device prints."""
        session.commands += 1
        text = line.strip()
        if not text or text.startswith(("!", "#")):
            return ""
        command, pipes = split_pipes(text)
        try:
            output = self.dispatch(session, command, pipes)
        except CommandError as exc:
            return str(exc)
        return apply_pipes(output, pipes)

    def dispatch(self, session: Session, command: str, pipes: list[str]) -> str:
        """Find the command for a line and run it; config lines go to :meth:`configure`."""
        del pipes
        tokens = command.split()
        candidates = [c for c in self.commands if not c.modes or session.mode in c.modes]
        # The most specific command wins: `show interfaces transceiver detail` before
        # `show interfaces transceiver` taking arguments.
        for candidate in sorted(candidates, key=lambda c: len(c.words), reverse=True):
            arguments = candidate.match(tokens, candidates)
            if arguments is not None:
                return candidate.handler(session, arguments)
        if session.mode.startswith("config"):
            return self.configure(session, command)
        raise CommandError(self.invalid(command))

    def configure(self, session: Session, line: str) -> str:
        """Apply one config-mode line; platforms override."""
        del session
        raise CommandError(self.invalid(line))

    def invalid(self, line: str) -> str:
        """The platform's error for a line it does not know."""
        del line
        return self.error_invalid

    # ------------------------------------------------------------ help and completion

    def config_words(self, session: Session) -> tuple[str, ...]:
        """First words :meth:`configure` takes in the session's mode (they complete too)."""
        del session
        return ()

    def _active(self, session: Session) -> list[Command]:
        return [c for c in self.commands if not c.modes or session.mode in c.modes]

    def next_words(self, session: Session, tokens: Sequence[str]) -> tuple[list[str], bool]:
        """Words the command tree accepts after ``tokens``; and whether ``tokens`` is complete."""
        found: list[str] = []
        complete = False
        for command in self._active(session):
            if len(tokens) > len(command.words) and not command.rest:
                continue
            if not all(
                word.startswith("<") or _abbreviates(token, word)
                for token, word in zip(tokens, command.words, strict=False)
            ):
                continue
            if len(command.words) > len(tokens):
                found.append(command.words[len(tokens)])
            elif len(command.words) == len(tokens) or command.rest:
                complete = True
        if not tokens:
            found += self.config_words(session)
        elif session.mode.startswith("config") and (
            _abbreviates(tokens[0], "no") or tokens[0].lower() in self.config_words(session)
        ):
            complete = True
        return sorted(set(found), key=lambda word: (word.startswith("<"), word)), complete

    def completions(self, session: Session, line: str) -> list[tuple[str, str]]:
        """What ``?`` lists after ``line``: (word, description), ``<cr>`` where complete."""
        tokens = line.split()
        partial = "" if not line or line[-1].isspace() else tokens.pop()
        words, complete = self.next_words(session, tokens)
        entries = [(word, WORD_HELP.get(word, "")) for word in words if word.startswith(partial)]
        if complete and not partial:
            entries.append(self.help_enter)
        return entries

    def complete(self, session: Session, line: str) -> str | None:
        """The line with its last word completed by Tab, or None (the bell) when ambiguous."""
        tokens = line.split()
        if not line or line[-1].isspace() or not tokens:
            return None
        partial = tokens[-1]
        words, _ = self.next_words(session, tokens[:-1])
        matches = [w for w in words if not w.startswith("<") and w.startswith(partial.lower())]
        if partial.lower() in matches:
            matches = [partial.lower()]
        if len(matches) != 1:
            return None
        return line[: len(line) - len(partial)] + matches[0] + " "

    def help_text(self, session: Session, line: str) -> str:
        """What ``?`` prints: the completions of the current mode, in the platform's layout."""
        entries = self.completions(session, line)
        if not entries:
            return self.help_unknown + "\n" + self.help_trailer
        width = max(self.help_width, *(len(word) + 2 for word, _ in entries))
        body = "".join(f"  {word:<{width}}{text}".rstrip() + "\n" for word, text in entries)
        return self.help_header + body + self.help_trailer

    def error_position(self, session: Session, tokens: Sequence[str]) -> int:
        """Index of the first token no command of the session's mode accepts."""
        position = 0
        while position < len(tokens):
            words, _ = self.next_words(session, tokens[:position])
            token = tokens[position]
            if not any(w.startswith("<") or _abbreviates(token, w) for w in words):
                return position
            position += 1
        return position

    def rejected(self, line: str) -> bool:
        """Whether a test knob makes this device reject ``line``."""
        return any(re.search(pattern, line) for pattern in self.device.knobs.reject_config)


WORD_HELP = {
    "show": "Display details about the system",
    "configure": "Enter configuration mode",
    "interfaces": "Details related to interfaces",
    "interface": "Interface configuration and status",
    "transceiver": "Details about transceivers",
    "version": "Software and hardware versions",
    "hostname": "System hostname",
    "inventory": "Hardware components of the system",
    "lldp": "LLDP information",
    "neighbors": "LLDP neighbor information",
    "running-config": "Running system configuration",
    "startup-config": "Startup configuration",
    "status": "Details on the state of interfaces",
    "detail": "Detailed information",
    "terminal": "Configure the terminal",
    "exit": "Leave the current mode",
    "end": "Return to the privileged mode",
    "enable": "Turn on privileged commands",
    "copy": "Copy files",
    "set": "Set a parameter",
    "delete": "Delete a data element",
    "commit": "Commit the configuration",
    "rollback": "Roll back to a previous configuration",
    "quit": "Leave the session",
    "logout": "Leave the session",
    "description": "Interface description",
    "shutdown": "Disable the interface",
    "no": "Negate a command or set its defaults",
    "speed": "Interface speed",
}
"""One-line descriptions ``?`` prints beside a word (a word without one gets none)."""


def _abbreviates(token: str, word: str) -> bool:
    return bool(token) and word.startswith(token.lower())


def split_pipes(line: str) -> tuple[str, list[str]]:
    """``show x | json | no-more`` -> (``show x``, [``json``, ``no-more``]).

    >>> split_pipes("show int status | include up | no-more")
    ('show int status', ['include up', 'no-more'])
    """
    parts = [part.strip() for part in line.split("|")]
    return parts[0], [part for part in parts[1:] if part]


def apply_pipes(output: str, pipes: list[str]) -> str:
    r"""Apply the text filters of EOS and NX-OS: include, exclude, begin, section, count.

    ``section`` keeps each block (a line and the indented lines under it) with a line that
    matches. Other pipes (``no-more``, ``json`` handled before) pass the text through.

    >>> apply_pipes("ntp server a\nsnmp x\ninterface E1\n   shutdown\n", ["section shut"])
    'interface E1\n   shutdown\n'
    """
    lines = output.splitlines(keepends=True)
    for pipe in pipes:
        verb, _, pattern = pipe.partition(" ")
        verb = verb.lower()
        pattern = pattern.strip().strip("'\"")
        if (verb and "include".startswith(verb)) or verb in {"grep", "match"}:
            lines = [line for line in lines if re.search(pattern, line)]
        elif verb.startswith("exc") or verb == "except":
            lines = [line for line in lines if not re.search(pattern, line)]
        elif verb.startswith("sec"):
            lines = _sections(lines, pattern)
        elif verb.startswith("cou"):
            lines = [f"{len(lines)}\n"]
        elif verb.startswith("beg"):
            start = next(
                (i for i, line in enumerate(lines) if re.search(pattern, line)), len(lines)
            )
            lines = lines[start:]
    return "".join(lines)


def _sections(lines: list[str], pattern: str) -> list[str]:
    blocks: list[list[str]] = []
    for line in lines:
        if line[:1].isspace() and blocks:
            blocks[-1].append(line)
        else:
            blocks.append([line])
    return [
        line
        for block in blocks
        if any(re.search(pattern, item) for item in block)
        for line in block
    ]
