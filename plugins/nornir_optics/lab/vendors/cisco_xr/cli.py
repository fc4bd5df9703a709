"""Cisco IOS-XR (Cisco 8000) as Netmiko ``cisco_xr`` sees it over SSH.

Prompts ``RP/0/RP0/CPU0:host#`` and ``RP/0/RP0/CPU0:host(config)#`` (``(config-if)``,
``(config-Optics)``), the XR two-stage config: a session edits a target config of its own,
``show configuration`` lists its uncommitted lines, ``commit`` applies them, ``commit confirmed
<seconds>`` applies them on trial and reverts unless a ``commit`` confirms in time, ``abort``
drops them, ``end`` with uncommitted lines asks whether to commit them. ``rollback configuration
last 1`` undoes the last commit (a pending trial too), ``show configuration commit list`` lists
commits. Config lines: ``controller Optics<R/S/I/P>`` / ``breakout 4x100``, and under
``interface`` ``description``, ``fec standard|none|base-r`` and ``shutdown`` (each negated with
``no``). The words come from the catalogue; show output from :mod:`.render`.
"""

from __future__ import annotations

import copy
import re
import time
from typing import TYPE_CHECKING, ClassVar

from nornir_optics.lab.personality import CommandError, Personality, Session
from nornir_optics.lab.state import InterfaceConfig
from nornir_optics.lab.vendors.cisco_xr import render
from nornir_optics.models import Breakout, Fec
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from nornir_optics.catalog import Catalog
    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import ConfigSnapshot, DeviceState

INVALID = "% Invalid input detected at '^' marker."
INCOMPLETE = "% Incomplete command."
UNCOMMITTED = "Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:"
NO_CHANGES = "% No configuration changes to commit."
CONFIRM_RANGE = (30, 65535)
LONG = {short.lower(): long for long, short in render.SHORT.items()}
_NAME = re.compile(r"^(?P<type>[A-Za-z]+)(?P<where>\d+/\d+/\d+/\d+(?:/\d+)?)$")
_CONTROLLER = re.compile(r"^optics(?P<where>\d+/\d+/\d+/\d+)$", re.IGNORECASE)


class XrPersonality(Personality):
    """A Cisco 8000 router's CLI."""

    platform: ClassVar[str] = "cisco_xr"
    os_version: ClassVar[str] = "7.9.2"
    module_vendor: ClassVar[str] = "CISCO-INNOLIGHT"
    error_invalid: ClassVar[str] = INVALID

    def __init__(self, runtime: LabRuntime, device: DeviceState) -> None:
        """Bind to a device; learn the FEC and breakout words from the catalogue."""
        super().__init__(runtime, device)
        platform = self.catalog.platforms[self.platform]
        self.fec_words: dict[str, Fec] = {}
        for fec, keyword in platform.fec.items():
            if keyword.keyword:
                self.fec_words.setdefault(keyword.keyword.split()[-1], fec)
        self.breakout_words = {
            k.keyword: mode for mode, k in platform.breakout.items() if k.keyword
        }
        self.commits: list[tuple[int, str]] = []
        self.changed_at = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime(device.boot_time))
        self.trial: ConfigSnapshot | None = None
        self.trial_timer: asyncio.TimerHandle | None = None

    @property
    def catalog(self) -> Catalog:
        """The lab's catalogues."""
        return self.runtime.lab.catalog

    def register(self) -> None:
        """Exec commands; config lines go to :meth:`configure`."""
        exec_only = ("exec",)
        self.add("terminal length <n>", self._terminal_length, modes=exec_only)
        self.add("terminal width <n>", self._quiet, modes=exec_only)
        self.add("terminal exec prompt no-timestamp", self._quiet, modes=exec_only)
        self.add("show version", self._show(lambda _: render.version(self.device)))
        self.add("show inventory", self._show(lambda _: render.inventory(self.device)), rest=True)
        self.add("show controllers optics", self._show_optics, rest=True)
        self.add("show ipv4 interface brief", self._show(lambda _: self._brief()))
        self.add("show ip interface brief", self._show(lambda _: self._brief()))
        self.add("show running-config", self._show_running, rest=True)
        self.add("show lldp neighbors detail", self._show(lambda _: self._lldp()))
        self.add("show configuration commit list", self._show(lambda _: self._commit_list()))
        self.add(
            "show configuration",
            self._show_candidate,
            modes=("config", "config-if", "config-Optics"),
        )
        self.add("configure terminal", self._configure, modes=exec_only)
        self.add("configure", self._configure, modes=exec_only)
        self.add("rollback configuration last <n>", self._rollback, modes=exec_only)
        self.add("commit", self._commit, modes=("config", "config-if", "config-Optics"), rest=True)
        self.add("abort", self._abort, modes=("config", "config-if", "config-Optics"))
        self.add("end", self._end, modes=("config", "config-if", "config-Optics"))
        self.add("root", self._root, modes=("config", "config-if", "config-Optics"))
        self.add("exit", self._exit)

    # ------------------------------------------------------------------ session basics

    def prompt(self, session: Session) -> str:
        """``RP/0/RP0/CPU0:xr1#``, ``RP/0/RP0/CPU0:xr1(config-if)#``."""
        if session.context.get("question"):
            return ""
        suffix = "" if session.mode == "exec" else f"({session.mode})"
        return f"RP/0/RP0/CPU0:{self.device.hostname}{suffix}#"

    def handle(self, session: Session, line: str) -> str:
        """Answer a pending question first, then run the line."""
        if session.context.pop("question", None):
            answer = line.strip().lower()
            if answer in {"yes", "y"}:
                out = self._apply(session, None)
                self._leave(session)
                return out
            if answer in {"no", "n"}:
                self._leave(session)
            return ""
        return super().handle(session, line)

    def _quiet(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        return ""

    def _terminal_length(self, session: Session, arguments: list[str]) -> str:
        session.paging = arguments[0] != "0"
        return ""

    def _show(self, render_it: Callable[[list[str]], str]) -> Callable[[Session, list[str]], str]:
        def handler(session: Session, arguments: list[str]) -> str:
            del session
            return render.stamp() + "\n" + render_it(arguments)

        return handler

    def _brief(self) -> str:
        return render.ipv4_brief(self.device)

    def _lldp(self) -> str:
        return render.lldp_detail(self.device, self.runtime.lab.devices)

    def _commit_list(self) -> str:
        return render.commit_list(self.commits)

    def _show_optics(self, session: Session, arguments: list[str]) -> str:
        del session
        cages = sorted(self.device.modules, key=natural_key)
        if not arguments or arguments == ["*"]:
            return render.stamp() + "\n" + render.optics(self.device, self.catalog, cages)
        wanted = [c for c in cages if render.location(c) == arguments[0].removeprefix("Optics")]
        if not wanted or len(arguments) > 1:
            raise CommandError(INVALID)
        return render.stamp() + "\n" + render.optics(self.device, self.catalog, wanted)

    def _config_text(self, config: ConfigSnapshot, only: str | None = None) -> str:
        return render.running_config(
            self.device, self.catalog, config, changed=self.changed_at, only=only
        )

    def _show_running(self, session: Session, arguments: list[str]) -> str:
        del session
        config = self.device.snapshot()
        if not arguments:
            return render.stamp() + "\n" + self._config_text(config)
        if arguments[0].lower() == "interface" and len(arguments) == 2:
            name = self._interface(arguments[1], config)
            if name is None:
                raise CommandError(INVALID)
            return render.stamp() + "\n" + self._config_text(config, only=name)
        raise CommandError(INVALID)

    # ------------------------------------------------------------------ config sessions

    def _candidate(self, session: Session) -> ConfigSnapshot:
        found = session.context.get("candidate")
        if found is None:
            found = self.device.snapshot()
            session.context["candidate"] = found
        return found  # type: ignore[return-value]

    def _configure(self, session: Session, arguments: list[str]) -> str:
        del arguments
        session.modes = ["exec", "config"]
        session.context["candidate"] = self.device.snapshot()
        return ""

    def _dirty(self, session: Session) -> bool:
        candidate = session.context.get("candidate")
        return candidate is not None and self._config_text(candidate) != self._config_text(  # type: ignore[arg-type]
            self.device.snapshot()
        )

    def _show_candidate(self, session: Session, arguments: list[str]) -> str:
        del arguments
        before = self._config_text(self.device.snapshot()).splitlines()[4:-1]
        after = self._config_text(self._candidate(session)).splitlines()[4:-1]
        changed = _changed_sections(before, after)
        return (
            render.stamp()
            + "\nBuilding configuration...\n!! IOS XR Configuration\n"
            + ("".join(section + "\n" for section in changed) + "end\n")
        )

    def _commit(self, session: Session, arguments: list[str]) -> str:
        seconds = None
        if arguments:
            if arguments[0].lower() != "confirmed"[: len(arguments[0])] or len(arguments) > 2:
                raise CommandError(INVALID)
            seconds = int(arguments[1]) if len(arguments) == 2 and arguments[1].isdigit() else 60
            if not CONFIRM_RANGE[0] <= seconds <= CONFIRM_RANGE[1]:
                raise CommandError(INVALID)
        if not self._dirty(session):
            if self.trial is not None and seconds is None:
                self._stop_trial()
                return ""
            return NO_CHANGES
        return self._apply(session, seconds)

    def _apply(self, session: Session, seconds: int | None) -> str:
        """Commit the session's target config (on trial for ``seconds``)."""
        candidate = self._candidate(session)
        before = self.device.snapshot()
        self.device.history.append(before)
        self.device.restore(copy.deepcopy(candidate))
        self.changed_at = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime())
        self.commits.append((1000000001 + len(self.commits), render.stamp()))
        session.context["candidate"] = self.device.snapshot()
        self.runtime.changed()
        if seconds is not None:
            self._stop_trial()
            self.trial = before
            self.trial_timer = self.schedule(seconds, self._trial_expired)
        return ""

    def _trial_expired(self) -> None:
        before = self.trial
        self._stop_trial()
        if before is not None:
            self.device.history.append(self.device.snapshot())
            self.device.restore(before)
            self.runtime.changed()

    def _stop_trial(self) -> None:
        if self.trial_timer is not None:
            self.trial_timer.cancel()
        self.trial_timer = None
        self.trial = None

    def _abort(self, session: Session, arguments: list[str]) -> str:
        del arguments
        self._leave(session)
        return ""

    def _leave(self, session: Session) -> None:
        session.modes = ["exec"]
        session.context.pop("candidate", None)
        session.context.pop("target", None)

    def _end(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if self._dirty(session):
            session.context["question"] = True
            return UNCOMMITTED
        self._leave(session)
        return ""

    def _root(self, session: Session, arguments: list[str]) -> str:
        del arguments
        session.modes = ["exec", "config"]
        return ""

    def _exit(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if session.mode == "exec":
            session.closed = True
            return ""
        if session.mode == "config":
            return self._end(session, [])
        session.modes = ["exec", "config"]
        return ""

    def _rollback(self, session: Session, arguments: list[str]) -> str:
        del session
        if arguments[0] != "1" or not self.device.history:
            raise CommandError(INVALID)
        self._stop_trial()
        previous = self.device.history.pop()
        self.device.restore(previous)
        self.changed_at = time.strftime("%a %b %d %H:%M:%S %Y", time.gmtime())
        self.commits.append((1000000001 + len(self.commits), render.stamp()))
        self.runtime.changed()
        return (
            "\nLoading Rollback Changes.\nLoaded Rollback Changes in 1 sec\nCommitting.\n"
            "1 items committed in 1 sec (0)items/sec\nUpdating.\nUpdated Commit database in 1 sec\n"
            "Configuration successfully rolled back 1 commits.\n"
        )

    # ------------------------------------------------------------------ config lines

    def _interface(self, text: str, config: ConfigSnapshot) -> str | None:
        """The state's name of an interface typed as IOS-XR names it, if it exists."""
        found = _NAME.match(text)
        if found is None:
            return None
        long = LONG.get(found["type"].lower())
        name = f"{long}{found['where']}" if long else text
        return name if name in config.interfaces else None

    def configure(self, session: Session, line: str) -> str:
        """One config line: a section header, or a line of the current section."""
        tokens = line.split()
        if self.rejected(line):
            raise CommandError(INVALID)
        candidate = self._candidate(session)
        head = tokens[0].lower()
        if head == "interface" and len(tokens) == 2:
            name = self._interface(tokens[1], candidate)
            if name is None:  # the lines that follow have no section to go to
                session.modes = ["exec", "config"]
                session.context.pop("target", None)
                raise CommandError(INVALID)
            session.context["target"] = name
            session.modes = ["exec", "config", "config-if"]
            return ""
        if head == "controller" and len(tokens) in {2, 3}:
            where = "".join(tokens[1:])
            found = _CONTROLLER.match(where)
            cage = next(
                (
                    c
                    for c in self.device.breakouts
                    if found and render.location(c) == found["where"]
                ),
                None,
            )
            if cage is None:
                raise CommandError(INVALID)
            session.context["target"] = cage
            session.modes = ["exec", "config", "config-Optics"]
            return ""
        if head == "hostname" and len(tokens) == 2 and session.mode == "config":
            candidate.hostname = tokens[1]
            return ""
        negate = head == "no"
        words = tokens[1:] if negate else tokens
        target = str(session.context.get("target", ""))
        if session.mode == "config-Optics" and words and words[0].lower() == "breakout":
            return self._breakout(candidate, target, words, negate=negate)
        if session.mode == "config-if" and words:
            return self._interface_line(candidate.interfaces[target], line, words, negate=negate)
        raise CommandError(INVALID)

    def _breakout(
        self, candidate: ConfigSnapshot, cage: str, words: list[str], *, negate: bool
    ) -> str:
        if negate:
            mode = Breakout.NONE
        elif len(words) == 2 and f"breakout {words[1]}" in self.breakout_words:
            mode = self.breakout_words[f"breakout {words[1]}"]
            if mode not in self.device.model.layout.cages[cage].range.breakouts:
                raise CommandError(INVALID)
        else:
            raise CommandError(INVALID)
        if candidate.breakouts.get(cage) is mode:
            return ""
        for name in self.device.children(cage, candidate.breakouts[cage]):
            candidate.interfaces.pop(name, None)
        candidate.breakouts[cage] = mode
        for name in self.device.children(cage, mode):
            candidate.interfaces[name] = InterfaceConfig(name=name)
        return ""

    def _interface_line(
        self, config: InterfaceConfig, line: str, words: list[str], *, negate: bool
    ) -> str:
        head = words[0].lower()
        if head == "description":
            if not negate and len(words) < 2:
                raise CommandError(INCOMPLETE)
            config.description = "" if negate else line.strip().split(None, 1)[1]
        elif head == "shutdown" and len(words) == 1:
            config.admin_up = negate
        elif head == "fec":
            if negate:
                config.fec = None
            elif len(words) == 2 and words[1].lower() in self.fec_words:
                fec = self.fec_words[words[1].lower()]
                config.fec = fec if fec is not Fec.RS528 or self._nrz(config.name) else Fec.RS544
            else:
                raise CommandError(INVALID)
        else:
            raise CommandError(INVALID)
        return ""

    def _nrz(self, name: str) -> bool:
        """Whether ``fec standard`` means RS(528,514) here: a 100G port behind an NRZ optic."""
        parent = self.device.parent_of(name)
        module = self.device.modules.get(parent[0]) if parent else None
        optic = self.catalog.optic(module.optic) if module else None
        return optic is not None and optic.modulation == "NRZ"


def _changed_sections(before: list[str], after: list[str]) -> list[str]:
    """The sections (header and body) of ``after`` that differ from ``before``, with removals."""

    def sections(lines: list[str]) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        current = ""
        for line in lines:
            if line and not line.startswith((" ", "!")):
                current = line
                found[current] = []
            elif line.startswith(" ") and current:
                found[current].append(line)
        return found

    old, new = sections(before), sections(after)
    out = []
    for header in [*new, *(h for h in old if h not in new)]:
        if old.get(header) == new.get(header):
            continue
        body = new.get(header, [])
        removed = [f" no {line.strip()}" for line in old.get(header, []) if line not in body]
        added = [line for line in body if line not in old.get(header, [])]
        out.append("\n".join([header, *removed, *added, "!"]))
    return out
