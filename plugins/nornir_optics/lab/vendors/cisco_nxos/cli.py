"""Cisco NX-OS as Netmiko ``cisco_nxos`` and NAPALM ``nxos_ssh`` see it over SSH.

Prompts ``host# `` / ``host(config)# `` / ``host(config-if)# ``, paging and width commands,
``| json`` on the show commands clients parse, NX-OS caret errors, config lines for breakout,
FEC, speed, admin state and description, and the NX-OS change mechanism: checkpoints (named or
as bootflash files), ``rollback running-config``, ``dir``/``delete``, ``copy running-config
startup-config`` and ``copy running-config bootflash:FILE``, and configuration replace with a
commit timer (NX-OS 9.3(1) and later, Cisco Nexus 9000 NX-OS System Management Configuration
Guide, "Performing Configuration Replace"): ``configure replace bootflash:FILE [verbose]
[commit-timeout <30-3600>]`` replaces the running config with the file (a ``copy
running-config`` of the device) and, with a commit timeout, rolls back to the configuration
before the replace when the timer expires unless ``configure replace commit`` stops it first.
While the timer runs the device takes further config lines; the rollback at expiry restores
the configuration from before the replace, so it undoes those too. Show output comes from
:mod:`nornir_optics.lab.vendors.cisco_nxos.render`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from nornir_optics.lab.personality import CommandError, Personality, Session
from nornir_optics.lab.vendors.cisco_nxos import render
from nornir_optics.models import Breakout, Fec

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from nornir_optics.catalog import Catalog
    from nornir_optics.lab.personality import Command
    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import ConfigSnapshot, DeviceState, InterfaceConfig

INVALID_COMMAND = "% Invalid command at '^' marker."
INVALID_PARAMETER = "% Invalid parameter detected at '^' marker."
INCOMPLETE = "% Incomplete command at '^' marker."
INVALID_RANGE = "% Invalid range at '^' marker."
CAPABILITY = "ERROR: Configuration does not match the port capability."
NO_FILE = "No such file or directory"
ENTER_CONFIG = "Enter configuration commands, one per line. End with CNTL/Z."
COPY_DONE = (
    "[########################################] 100%\n"
    "Copy complete, now saving to disk (please wait)...\n"
    "Copy complete.\n"
)
ROLLBACK_STEPS = (
    "Note: Applying config parallelly may fail Rollback verification\n"
    "Collecting Running-Config\n"
    "#Generating Rollback Patch\n"
)
PATCH_VERIFIED = (
    "Executing Rollback Patch\n"
    "Generating Running-config for verification\n"
    "Generating Patch for verification\n"
    "Verification is Successful.\n"
    "\n"
)
ROLLBACK_DONE = PATCH_VERIFIED + "Rollback completed successfully.\n"
# On some releases a breakout change reloads the module and removes the interfaces' config
# (domain-reference S54); the lab always resets the legs' config (DeviceState.set_breakout).
BREAKOUT_NOTE = (
    "Warning: breakout of {ports}: the configuration of the old interfaces is removed "
    "(on some releases module {module} is reloaded)."
)
USAGE = (
    "\nUsage for bootflash://sup-local\n"
    " 6211682304 bytes used\n"
    "110314684416 bytes free\n"
    "116526366720 bytes total\n"
)
INTERFACE_RE = re.compile(
    r"^(?:e|et|eth|ethe|ether|ethern|etherne|ethernet)(\d+)/(\d+)(?:/(\d+))?(?:-(\d+))?$",
    re.IGNORECASE,
)
BREAKOUT_GRAMMAR = (
    "interface",
    "breakout",
    "module",
    "<module>",
    "port",
    "<ports>",
    "map",
    "<map>",
)
MIN_ABBREVIATION = 2
FEC_WORDS = 2
SPEED_WORDS = 2
SUBCOMMANDS = ("status", "transceiver", "details", "breakout", "capabilities")
COMMIT_TIMEOUT = (30, 3600)
"""The range of ``configure replace ... commit-timeout`` in seconds (Cisco's guide)."""
REPLACE_STEPS = (
    "Version match between user file and running configuration.\n"
    "Pre-check for User config PASSED\n"
    "Collecting Running-Config\n"
    "Converting to checkpoint file\n"
    "#Generating Rollback Patch\n"
)
REPLACE_DONE = "Configure replace completed successfully."
REPLACE_PENDING = (
    "ERROR: Configure replace commit is pending: run 'configure replace commit' "
    "or wait for the commit timer"
)
NO_REPLACE_PENDING = "ERROR: No configure replace commit is pending."


def _word(token: str, word: str) -> bool:
    """Whether ``token`` abbreviates ``word``."""
    return bool(token) and word.startswith(token.lower())


def _file_key(path: str) -> str:
    """``bootflash:///x``, ``bootflash:x`` and ``x`` all name the file ``x`` on bootflash."""
    name = path.split(":", 1)[1] if ":" in path else path
    return "file:" + name.lstrip("/")


@dataclass
class _Edit:
    """One interface config line being applied to the session's interfaces."""

    session: Session
    line: str
    words: list[str]
    configs: list[InterfaceConfig]
    negate: bool

    @property
    def base(self) -> int:
        """Index of the first word after an optional ``no``."""
        return 1 if self.negate else 0


class NxosPersonality(Personality):
    """A Nexus 9000 switch's CLI."""

    platform: ClassVar[str] = "cisco_nxos"
    os_version: ClassVar[str] = "10.3(4a)"
    module_vendor: ClassVar[str] = "CISCO-INNOLIGHT"
    error_invalid: ClassVar[str] = INVALID_COMMAND
    help_enter: ClassVar[tuple[str, str]] = ("<CR>", "")
    help_unknown: ClassVar[str] = INVALID_COMMAND

    def __init__(self, runtime: LabRuntime, device: DeviceState) -> None:
        """Bind to a device and learn the platform's FEC and breakout words from the catalogue."""
        super().__init__(runtime, device)
        self.replace_pending: ConfigSnapshot | None = None
        """The configuration from before a ``configure replace`` whose commit timer runs."""
        self.replace_timer: asyncio.TimerHandle | None = None
        catalog = self.catalog
        platform = catalog.platforms[self.platform]
        self.fec_words: dict[str, Fec | None] = {"auto": None}
        for fec, keyword in platform.fec.items():
            if keyword.keyword:
                self.fec_words[keyword.keyword.split()[-1]] = fec
        self.map_words: dict[str, Breakout] = {
            keyword.keyword: mode for mode, keyword in platform.breakout.items() if keyword.keyword
        }
        other = platform.other_keywords
        self.other_fec: tuple[str, ...] = other.fec if other else ()
        self.other_maps: tuple[str, ...] = other.breakout if other else ()

    @property
    def catalog(self) -> Catalog:
        """The lab's catalogues."""
        return self.runtime.lab.catalog

    # ------------------------------------------------------------------ registration

    def register(self) -> None:
        """NX-OS exec commands; config lines go to :meth:`configure`."""
        exec_only = ("exec",)
        self.add("terminal length <n>", self._terminal_length, modes=exec_only)
        self.add("terminal width <n>", self._quiet, modes=exec_only)
        self.add("terminal dont-ask", self._quiet, modes=exec_only)
        self.add("terminal session-timeout <n>", self._quiet, modes=exec_only)
        self.add("no terminal dont-ask", self._quiet, modes=exec_only)
        self.add("show version", self._show_version)
        self.add("show hostname", self._show_hostname)
        self.add("show hosts", self._show_hosts)
        self.add("show inventory", self._show_inventory, rest=True)
        self.add("show interface", self._show_interface, rest=True)
        self.add("show running-config", self._show_running, rest=True)
        self.add("show startup-config", self._show_startup, rest=True)
        self.add("show lldp neighbors", self._show_lldp, rest=True)
        self.add("show checkpoint summary", self._show_checkpoints)
        self.add("show file <path>", self._show_file)
        self.add("configure replace", self._configure_replace, modes=exec_only, rest=True)
        self.add("configure terminal", self._configure, modes=exec_only)
        self.add("configure", self._configure, modes=exec_only)
        self.add("checkpoint", self._checkpoint, modes=exec_only, rest=True)
        self.add("no checkpoint <name>", self._no_checkpoint, modes=exec_only)
        self.add("rollback running-config", self._rollback, modes=exec_only, rest=True)
        self.add("copy running-config startup-config", self._copy_run_start, modes=exec_only)
        self.add("copy running-config <path>", self._copy_run_file, modes=exec_only)
        self.add("dir", self._dir, modes=exec_only, rest=True)
        self.add("delete <path>", self._delete, modes=exec_only, rest=True)
        self.add("end", self._end)
        self.add("exit", self._exit)
        self.add("quit", self._exit, modes=exec_only)

    # ------------------------------------------------------------------ session basics

    def banner(self, session: Session) -> str:
        """The login banner of NX-OS."""
        del session
        return (
            "Cisco Nexus Operating System (NX-OS) Software\n"
            "TAC support: http://www.cisco.com/tac\n"
            "Copyright (C) 2002-2023, Cisco and/or its affiliates.\n"
            "All rights reserved.\n"
        )

    def prompt(self, session: Session) -> str:
        """``spine2# ``, ``spine2(config)# ``, ``spine2(config-if)# ``."""
        suffix = "" if session.mode == "exec" else f"({session.mode})"
        return f"{self.device.hostname}{suffix}# "

    def dispatch(self, session: Session, command: str, pipes: list[str]) -> str:
        """Run a line: exec commands, ``do`` in config mode, config lines, or a caret error."""
        session.context["pipes"] = [pipe.lower() for pipe in pipes]
        tokens = command.split()
        if session.mode.startswith("config") and tokens and _word(tokens[0], "do"):
            modes = session.modes
            session.modes = ["exec"]
            try:
                return self.dispatch(session, command.split(None, 1)[1], pipes)
            finally:
                session.modes = modes
        candidates = [c for c in self.commands if not c.modes or session.mode in c.modes]
        for candidate in candidates:
            arguments = candidate.match(tokens, candidates)
            if arguments is not None:
                return candidate.handler(session, arguments)
        if session.mode.startswith("config"):
            return self.configure(session, command)
        raise CommandError(self._caret_error(session, command, candidates))

    def config_words(self, session: Session) -> tuple[str, ...]:
        """What config mode takes besides the command tree (``configure`` parses these)."""
        if session.mode == "config-if":
            return ("description", "shutdown", "fec", "speed", "no", "interface")
        if session.mode == "config":
            return ("interface", "hostname", "no")
        return ()

    def _caret_error(self, session: Session, command: str, candidates: list[Command]) -> str:
        """Point the caret at the first word no command accepts (or report it incomplete)."""
        tokens = command.split()
        known = [c.words for c in self.commands if c in candidates]
        position = 0
        while position < len(tokens):
            alive = [
                words
                for words in known
                if len(words) > position
                and all(
                    w.startswith("<") or _word(t, w)
                    for t, w in zip(tokens[: position + 1], words, strict=False)
                )
            ]
            if not alive:
                break
            known = alive
            position += 1
        if position >= len(tokens):
            return self._caret(session, command, len(tokens), INCOMPLETE)
        # A complete command followed by a word it does not take: "Invalid parameter detected"
        # (oxidized's nxos model on "show inventory all"); an unknown keyword: "Invalid command".
        complete = any(len(words) == position for words in known)
        message = INVALID_PARAMETER if complete else INVALID_COMMAND
        return self._caret(session, command, position, message)

    def _caret(self, session: Session, command: str, position: int, message: str) -> str:
        """The caret line under token ``position`` of ``command``, then ``message``."""
        offsets = [match.start() for match in re.finditer(r"\S+", command)]
        column = offsets[position] if position < len(offsets) else len(command.rstrip()) + 1
        return " " * (len(self.prompt(session)) + column) + "^\n" + message

    def _json(self, session: Session) -> bool:
        pipes = session.context.get("pipes", [])
        return isinstance(pipes, list) and any(p.startswith("json") for p in pipes)

    def _text_only(self, session: Session) -> None:
        if self._json(session):
            msg = "% Structured output unsupported"
            raise CommandError(msg)

    def _quiet(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        return ""

    def _terminal_length(self, session: Session, arguments: list[str]) -> str:
        session.paging = arguments[0] != "0"
        return ""

    def _configure(self, session: Session, arguments: list[str]) -> str:
        del arguments
        session.modes = ["exec", "config"]
        return ENTER_CONFIG

    def _end(self, session: Session, arguments: list[str]) -> str:
        del arguments
        session.modes = ["exec"]
        session.context.pop("interfaces", None)
        return ""

    def _exit(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if session.mode == "exec":
            session.closed = True
            return ""
        session.modes.pop()
        if session.mode == "config":
            session.context.pop("interfaces", None)
        return ""

    # ------------------------------------------------------------------ show commands

    def _show_version(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if self._json(session):
            return render.version_json(self.device)
        return render.version(self.device)

    def _show_hostname(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if self._json(session):
            return json.dumps({"hostname": self.device.hostname}) + "\n"
        return f"{self.device.hostname} \n"

    def _show_hosts(self, session: Session, arguments: list[str]) -> str:
        del arguments
        self._text_only(session)
        return (
            "DNS lookup disabled\n"
            "Name/address lookup uses domain service\n"
            "Name servers are 255.255.255.255\n"
            "\n"
            "Vrf          Use-vrf      Token      Config\n"
            "\n"
            "Host                      Address\n"
        )

    def _show_inventory(self, session: Session, arguments: list[str]) -> str:
        if arguments and not _word(arguments[0], "all"):
            raise CommandError(
                self._caret(session, "show inventory " + " ".join(arguments), 2, INVALID_PARAMETER)
            )
        if self._json(session):
            return render.inventory_json(self.device)
        return render.inventory(self.device)

    def _show_interface(self, session: Session, arguments: list[str]) -> str:
        command = "show interface " + " ".join(arguments)
        names, rest = self._interface_argument(arguments)
        if names is None:
            raise CommandError(self._caret(session, command, 2, INVALID_RANGE))
        words: list[str] = []
        for position, token in enumerate(rest):
            word = next((w for w in SUBCOMMANDS if _word(token, w)), None)
            if word is None:
                at = len(arguments) - len(rest) + position + 2
                raise CommandError(self._caret(session, command, at, INVALID_PARAMETER))
            words.append(word)
        selected = names or render.interfaces_in_order(self.device)
        show = self._interface_views(session, selected, mgmt=not names).get(" ".join(words))
        if show is None or (names and words == ["breakout"]):
            raise CommandError(self._caret(session, command, len(arguments) + 2, INCOMPLETE))
        return show()

    def _interface_views(
        self, session: Session, names: list[str], *, mgmt: bool
    ) -> dict[str, Callable[[], str]]:
        """The renderers of ``show interface [X] <words>``, by their words."""
        device, catalog, as_json = self.device, self.catalog, self._json(session)

        def text(function: Callable[[], str]) -> Callable[[], str]:
            def run() -> str:
                self._text_only(session)
                return function()

            return run

        def status() -> str:
            if as_json:
                return render.status_json(device, names)
            return render.status(device, names, with_mgmt=mgmt)

        def transceiver(*, details: bool) -> Callable[[], str]:
            def run() -> str:
                if as_json:
                    return render.transceiver_json(device, names)
                return render.transceiver(device, catalog, names, details=details)

            return run

        return {
            "status": status,
            "transceiver": transceiver(details=False),
            "transceiver details": transceiver(details=True),
            "breakout": text(lambda: render.breakout(device, catalog)),
            "capabilities": text(lambda: render.capabilities(device, names)),
            "": text(lambda: render.interface_detail(device, names, with_mgmt=mgmt)),
        }

    def _interface_argument(self, tokens: list[str]) -> tuple[list[str] | None, list[str]]:
        """Split ``[interface] [words]``; None when an interface is named but does not exist."""
        if not tokens:
            return [], []
        if tokens[0].lower() == "mgmt0":
            return None, tokens[1:]
        if _word(tokens[0], "ethernet") and len(tokens) > 1 and tokens[1][:1].isdigit():
            names = self._expand("ethernet" + tokens[1])
            return names, tokens[2:]
        if INTERFACE_RE.match(tokens[0]):
            return self._expand(tokens[0]), tokens[1:]
        return [], tokens

    def _expand(self, text: str) -> list[str] | None:
        """Interfaces named by ``e1/1``, ``Ethernet1/1/2``, ``eth1/1-4`` or ``e1/1,e1/3``."""
        names: list[str] = []
        for item in text.split(","):
            match = INTERFACE_RE.match(item.strip())
            if match is None:
                return None
            slot, port, leg, last = match.groups()
            if leg is None:
                numbers = range(int(port), int(last or port) + 1)
                candidates = [f"Ethernet{slot}/{n}" for n in numbers]
            else:
                numbers = range(int(leg), int(last or leg) + 1)
                candidates = [f"Ethernet{slot}/{port}/{n}" for n in numbers]
            if any(name not in self.device.interfaces for name in candidates):
                return None
            names.extend(candidates)
        return names

    def _config_text(self, snapshot: ConfigSnapshot | None = None, only: str | None = None) -> str:
        config = snapshot or self.device.snapshot()
        return render.running_config(self.device, self.catalog, config, only=only)

    def _show_running(self, session: Session, arguments: list[str]) -> str:
        self._text_only(session)
        if not arguments or (len(arguments) == 1 and _word(arguments[0], "all")):
            return self._config_text()
        command = "show running-config " + " ".join(arguments)
        if not _word(arguments[0], "interface"):
            raise CommandError(self._caret(session, command, 2, INVALID_PARAMETER))
        names, rest = self._interface_argument(arguments[1:])
        if not names or rest:
            raise CommandError(self._caret(session, command, 3, INVALID_RANGE))
        return "".join(self._config_text(only=name) for name in names)

    def _show_startup(self, session: Session, arguments: list[str]) -> str:
        del arguments
        self._text_only(session)
        text = self._config_text(self.device.startup)
        return text.replace("!Command: show running-config", "!Command: show startup-config", 1)

    def _show_lldp(self, session: Session, arguments: list[str]) -> str:
        self._text_only(session)
        if arguments and _word(arguments[0], "detail"):
            return render.lldp_detail(self.device, self.runtime.lab.devices)
        if arguments:
            command = "show lldp neighbors " + " ".join(arguments)
            raise CommandError(self._caret(session, command, 3, INVALID_PARAMETER))
        return render.lldp_neighbors(self.device)

    def _show_checkpoints(self, session: Session, arguments: list[str]) -> str:
        del arguments
        self._text_only(session)
        lines = ["User Checkpoint Summary", "-" * 62]
        for number, key in enumerate(self.device.checkpoints, start=1):
            kind, _, name = key.partition(":")
            if kind == "checkpoint":
                lines += [f"{number}) {name}:", "Created by admin", "Size is 0 lines", ""]
        return "\n".join(lines) + "\n"

    def _show_file(self, session: Session, arguments: list[str]) -> str:
        snapshot = self.device.checkpoints.get(_file_key(arguments[0]))
        if snapshot is None:
            raise CommandError(NO_FILE)
        del session
        return self._config_text(snapshot)

    # ------------------------------------------------------------------ change mechanism

    def _checkpoint(self, session: Session, arguments: list[str]) -> str:
        command = "checkpoint " + " ".join(arguments)
        if arguments and _word(arguments[0], "file"):
            if len(arguments) < 2:
                raise CommandError(self._caret(session, command, 2, INCOMPLETE))
            self.device.checkpoints[_file_key(arguments[1])] = self.device.snapshot()
            return "Done"
        if arguments:
            name = arguments[0]
        else:
            count = sum(key.startswith("checkpoint:") for key in self.device.checkpoints)
            name = f"user-checkpoint-{count + 1}"
        key = f"checkpoint:{name}"
        if key in self.device.checkpoints:
            msg = f'ERROR: Checkpoint name is in use. Use the command "no checkpoint {name}"'
            raise CommandError(msg)
        self.device.checkpoints[key] = self.device.snapshot()
        return "...........Done"

    def _no_checkpoint(self, session: Session, arguments: list[str]) -> str:
        del session
        if self.device.checkpoints.pop(f"checkpoint:{arguments[0]}", None) is None:
            msg = f"ERROR: No checkpoint with name {arguments[0]}"
            raise CommandError(msg)
        return ""

    def _rollback(self, session: Session, arguments: list[str]) -> str:
        command = "rollback running-config " + " ".join(arguments)
        if len(arguments) < 2:
            raise CommandError(self._caret(session, command, len(arguments) + 2, INCOMPLETE))
        if _word(arguments[0], "checkpoint"):
            key = f"checkpoint:{arguments[1]}"
            missing = f"ERROR: Checkpoint name {arguments[1]} does not exist\nRollback failed."
        elif _word(arguments[0], "file"):
            key = _file_key(arguments[1])
            missing = f"ERROR: {NO_FILE}\nRollback failed."
        else:
            raise CommandError(self._caret(session, command, 2, INVALID_PARAMETER))
        snapshot = self.device.checkpoints.get(key)
        if snapshot is None:
            raise CommandError(missing)
        empty = self._config_text(snapshot) == self._config_text()
        self.device.history.append(self.device.snapshot())
        self.device.restore(snapshot)
        self.runtime.changed()
        return ROLLBACK_STEPS + ("Rollback Patch is Empty\n" if empty else "") + ROLLBACK_DONE

    def _copy_run_start(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        self.device.startup = self.device.snapshot()
        return COPY_DONE

    def _copy_run_file(self, session: Session, arguments: list[str]) -> str:
        del session
        self.device.checkpoints[_file_key(arguments[0])] = self.device.snapshot()
        return COPY_DONE

    def _configure_replace(self, session: Session, arguments: list[str]) -> str:
        """``configure replace FILE [verbose] [commit-timeout N]``, ``configure replace commit``."""
        command = "configure replace " + " ".join(arguments)
        if not arguments:
            raise CommandError(self._caret(session, command, 2, INCOMPLETE))
        if arguments == ["commit"]:
            if self.replace_pending is None:
                raise CommandError(NO_REPLACE_PENDING)
            self._stop_replace_timer()
            return ""
        timeout = self._commit_timeout(session, command, arguments[1:])
        if self.replace_pending is not None:
            raise CommandError(REPLACE_PENDING)
        snapshot = self.device.checkpoints.get(_file_key(arguments[0]))
        if snapshot is None:
            msg = f"ERROR: {NO_FILE}"
            raise CommandError(msg)
        before = self.device.snapshot()
        empty = self._config_text(snapshot) == self._config_text()
        self.device.history.append(before)
        self.device.restore(snapshot)
        self.runtime.changed()
        done = REPLACE_DONE
        if timeout is not None:
            self.replace_pending = before
            self.replace_timer = self.schedule(timeout, self.replace_expired)
            done += (
                " Please run 'configure replace commit' to complete the operation "
                f"before the commit timer expires ({timeout} seconds)."
            )
        patch = "Rollback Patch is Empty\n" if empty else ""
        return REPLACE_STEPS + patch + PATCH_VERIFIED + done + "\n"

    def replace_expired(self) -> None:
        """The commit timer ran out: restore the configuration from before the replace."""
        before = self.replace_pending
        self._stop_replace_timer()
        if before is None:
            return
        self.device.history.append(self.device.snapshot())
        self.device.restore(before)
        self.runtime.changed()

    def _stop_replace_timer(self) -> None:
        if self.replace_timer is not None:
            self.replace_timer.cancel()
        self.replace_timer = None
        self.replace_pending = None

    def _commit_timeout(self, session: Session, command: str, words: list[str]) -> int | None:
        """The seconds of ``commit-timeout N`` among a replace's options (caret errors)."""
        timeout = None
        position = 0
        while position < len(words):
            word = words[position].lower()
            at = position + 3
            if _word(word, "commit-timeout") and len(word) > 1:
                if position + 1 >= len(words):
                    raise CommandError(self._caret(session, command, at + 1, INCOMPLETE))
                value = words[position + 1]
                low, high = COMMIT_TIMEOUT
                if not value.isdigit() or not low <= int(value) <= high:
                    raise CommandError(self._caret(session, command, at + 1, INVALID_RANGE))
                timeout = int(value)
                position += 2
            elif _word(word, "verbose") and len(word) > 1:
                position += 1
            else:
                raise CommandError(self._caret(session, command, at, INVALID_PARAMETER))
        return timeout

    def _dir(self, session: Session, arguments: list[str]) -> str:
        del session
        stamp = "Jan 02 10:00:00 2024"
        files = {
            key.removeprefix("file:"): snapshot
            for key, snapshot in self.device.checkpoints.items()
            if key.startswith("file:")
        }
        wanted = _file_key(arguments[0]).removeprefix("file:") if arguments else ""
        if wanted:
            if wanted not in files:
                raise CommandError(NO_FILE)
            files = {wanted: files[wanted]}
        lines = [
            f"{len(self._config_text(snapshot).encode()):>12}    {stamp}  {name}"
            for name, snapshot in sorted(files.items())
        ]
        return "\n".join(lines) + "\n" + USAGE

    def _delete(self, session: Session, arguments: list[str]) -> str:
        del session
        if self.device.checkpoints.pop(_file_key(arguments[0]), None) is None:
            raise CommandError(NO_FILE)
        return ""

    # ------------------------------------------------------------------ configuration

    def configure(self, session: Session, line: str) -> str:
        """Apply one config-mode line: global (hostname, breakout, interface) or interface."""
        tokens = line.split()
        if self.rejected(line):
            raise CommandError(self._caret(session, line, 0, INVALID_COMMAND))
        if session.mode == "config-if" and not _word(tokens[0], "interface"):
            return self._configure_interface(session, line, tokens)
        negate = _word(tokens[0], "no") and len(tokens[0]) >= 2
        words = tokens[1:] if negate else tokens
        if words and _word(words[0], "hostname") and len(words[0]) >= 3:
            return self._hostname(session, line, words, negate=negate)
        if words and _word(words[0], "interface") and len(words[0]) >= 3:
            if len(words) > 1 and _word(words[1], "breakout"):
                return self._breakout(session, line, words, negate=negate)
            if not negate:
                return self._enter_interface(session, line, words[1:])
        raise CommandError(self._caret(session, line, 0, INVALID_COMMAND))

    def _hostname(self, session: Session, line: str, words: list[str], *, negate: bool) -> str:
        if negate:
            self.device.hostname = self.device.name
        elif len(words) == 2:
            self.device.hostname = words[1]
        else:
            raise CommandError(self._caret(session, line, len(words), INCOMPLETE))
        self.runtime.changed()
        return ""

    def _enter_interface(self, session: Session, line: str, rest: list[str]) -> str:
        if not rest:
            raise CommandError(self._caret(session, line, 1, INCOMPLETE))
        text = "".join(rest)
        if _word(rest[0], "ethernet") and len(rest) > 1:
            text = "ethernet" + "".join(rest[1:])
        names = self._expand(text)
        if not names:
            raise CommandError(self._caret(session, line, 1, INVALID_RANGE))
        session.context["interfaces"] = names
        session.modes = ["exec", "config", "config-if"]
        return ""

    def _breakout(self, session: Session, line: str, words: list[str], *, negate: bool) -> str:
        """``[no] interface breakout module <m> port <list> map <keyword>``."""
        offset = len(line.split()) - len(words)
        self._check_breakout_words(session, line, words, offset, negate=negate)
        if not words[3].isdigit():
            raise CommandError(self._caret(session, line, offset + 3, INVALID_COMMAND))
        cages = self._cages(words[3], words[5])
        if cages is None:
            raise CommandError(self._caret(session, line, offset + 5, INVALID_RANGE))
        mode = Breakout.NONE
        if not negate:
            keyword = words[7].lower()
            if keyword not in self.map_words:
                if keyword in self.other_maps:
                    raise CommandError(CAPABILITY)
                raise CommandError(self._caret(session, line, offset + 7, INVALID_COMMAND))
            mode = self.map_words[keyword]
            if any(mode not in self.device.model.layout.cages[c].range.breakouts for c in cages):
                raise CommandError(CAPABILITY)
        changed = [cage for cage in cages if self.device.breakouts[cage] is not mode]
        for cage in changed:
            self.device.set_breakout(cage, mode)
        if not changed:
            return ""
        self.runtime.changed()
        return BREAKOUT_NOTE.format(ports=", ".join(changed), module=int(words[3]))

    def _check_breakout_words(
        self, session: Session, line: str, words: list[str], offset: int, *, negate: bool
    ) -> None:
        """Raise the caret error for a breakout line that does not follow the grammar."""
        for position, word in enumerate(BREAKOUT_GRAMMAR):
            if position >= len(words):
                if negate and position >= BREAKOUT_GRAMMAR.index("map"):
                    return  # "no interface breakout module M port N" needs no map
                raise CommandError(self._caret(session, line, offset + position, INCOMPLETE))
            token = words[position]
            exact = word.isdigit()
            ok = word.startswith("<") or (token == word if exact else _word(token, word))
            if not ok:
                raise CommandError(self._caret(session, line, offset + position, INVALID_COMMAND))
        if len(words) > len(BREAKOUT_GRAMMAR):
            at = offset + len(BREAKOUT_GRAMMAR)
            raise CommandError(self._caret(session, line, at, INVALID_PARAMETER))

    def _cages(self, module: str, text: str) -> list[str] | None:
        """Cages ``Ethernet<module>/<port>`` named by a port list such as ``1-4,7``."""
        cages: list[str] = []
        for item in text.split(","):
            first, _, last = item.partition("-")
            if not first.isdigit() or (last and not last.isdigit()):
                return None
            for n in range(int(first), int(last or first) + 1):
                cage = self.device.model.layout.cage(f"Ethernet{int(module)}/{n}")
                if cage is None:
                    return None
                cages.append(cage.name)
        return cages

    def _configure_interface(self, session: Session, line: str, tokens: list[str]) -> str:
        """Interface lines: description, shutdown, fec, speed (each may be negated)."""
        names = session.context.get("interfaces")
        if not isinstance(names, list) or not names:
            raise CommandError(self._caret(session, line, 0, INVALID_COMMAND))
        negate = _word(tokens[0], "no") and len(tokens[0]) >= MIN_ABBREVIATION
        edit = _Edit(
            session=session,
            line=line,
            words=tokens[1:] if negate else tokens,
            configs=[self.device.interfaces[name] for name in names],
            negate=negate,
        )
        if not edit.words:
            raise CommandError(self._caret(session, line, edit.base, INCOMPLETE))
        head = edit.words[0]
        if _word(head, "description") and len(head) >= MIN_ABBREVIATION:
            self._description(edit)
        elif _word(head, "shutdown") and len(head) >= MIN_ABBREVIATION and len(edit.words) == 1:
            for config in edit.configs:
                config.admin_up = negate
        elif head.lower() == "fec":
            self._fec(edit)
        elif _word(head, "speed") and len(head) >= MIN_ABBREVIATION:
            self._speed(edit)
        else:
            raise CommandError(self._caret(session, line, edit.base, INVALID_COMMAND))
        self.runtime.changed()
        return ""

    def _description(self, edit: _Edit) -> None:
        if edit.negate:
            text = ""
        elif len(edit.words) > 1:
            text = edit.line.strip().split(None, 1)[1]
        else:
            raise CommandError(self._caret(edit.session, edit.line, edit.base + 1, INCOMPLETE))
        for config in edit.configs:
            config.description = text

    def _fec(self, edit: _Edit) -> None:
        """``fec <mode>`` with the catalogue's words (``auto`` = default); ``no fec``."""
        words = edit.words
        if edit.negate:
            if len(words) > FEC_WORDS:
                at = edit.base + FEC_WORDS
                raise CommandError(self._caret(edit.session, edit.line, at, INVALID_PARAMETER))
            for config in edit.configs:
                config.fec = None
            return
        if len(words) != FEC_WORDS:
            at = edit.base + min(len(words), FEC_WORDS)
            message = INCOMPLETE if len(words) < FEC_WORDS else INVALID_PARAMETER
            raise CommandError(self._caret(edit.session, edit.line, at, message))
        matches = [w for w in (*self.fec_words, *self.other_fec) if _word(words[1], w)]
        exact = [w for w in matches if w == words[1].lower()]
        matches = exact or matches
        if len(matches) != 1:
            at = edit.base + 1
            raise CommandError(self._caret(edit.session, edit.line, at, INVALID_COMMAND))
        if matches[0] in self.other_fec:
            name = edit.configs[0].name
            msg = f"ERROR: {name}: FEC {matches[0]} is not supported at this speed"
            raise CommandError(msg)
        for config in edit.configs:
            config.fec = self.fec_words[matches[0]]

    def _speed(self, edit: _Edit) -> None:
        """``speed <Mb/s>|auto``; ``no speed``."""
        if edit.negate:
            for config in edit.configs:
                config.speed = None
            return
        if len(edit.words) != SPEED_WORDS:
            at = edit.base + len(edit.words)
            raise CommandError(self._caret(edit.session, edit.line, at, INCOMPLETE))
        value = edit.words[1].lower()
        speed = None if value == "auto" else render.speed_of_mbps(value)
        if speed is None and value != "auto":
            at = edit.base + 1
            raise CommandError(self._caret(edit.session, edit.line, at, INVALID_PARAMETER))
        if speed is not None and any(
            speed not in self._allowed_speeds(config.name) for config in edit.configs
        ):
            raise CommandError(CAPABILITY)
        for config in edit.configs:
            config.speed = speed

    def _allowed_speeds(self, name: str) -> set[str]:
        parent = self.device.parent_of(name)
        if parent is None:
            return set()
        cage, _ = parent
        mode = self.device.breakouts[cage]
        if mode is not Breakout.NONE:
            return {mode.value.split("x", 1)[1]}
        return set(self.device.model.layout.cages[cage].range.speeds)
