"""Junos OS Evolved (QFX5220-32CD): the CLI, the candidate/commit model and NETCONF.

Prompts are ``admin@leaf4>`` in operational mode and ``[edit]`` plus ``admin@leaf4#`` in
configuration mode. ``configure`` edits the shared candidate, ``configure private`` a private
copy and ``configure exclusive`` the shared one under a lock. ``commit`` swaps the candidate in
and keeps the previous config for ``rollback N`` (``DeviceState.history``, newest last);
``commit confirmed N`` reverts after N minutes unless another commit confirms it. The NETCONF
subsystem on the same SSH port is in :mod:`.netconf`.
"""

from __future__ import annotations

import copy
import json
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from lxml import etree

from nornir_optics.lab.personality import CommandError, Personality, Session, split_pipes
from nornir_optics.lab.vendors.juniper_junos import show
from nornir_optics.lab.vendors.juniper_junos.config import (
    Candidate,
    CheckoutError,
    ConfigSyntaxError,
    Statement,
    diff,
    parse_statements,
    render_set,
    render_text,
    snapshot_from,
    sort_statements,
    statements_from_state,
    tokenize,
)
from nornir_optics.lab.vendors.juniper_junos.netconf import serve_netconf, statements_xml

if TYPE_CHECKING:
    import asyncio

    from asyncssh import SSHServerProcess

    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import ConfigSnapshot, DeviceState

SECONDS_PER_MINUTE = 60.0
HISTORY_DEPTH = 49
CHECKOUT_FAILED = "error: configuration check-out failed"
EDIT_PATHS = re.compile(r"^(system|interfaces( et-0/0/\d+(:\d+)?( ether-options)?)?)$")


class CommitError(Exception):
    """A commit refused; the text is what Junos prints."""


@dataclass(frozen=True)
class CommitInfo:
    """The latest commit, as ``show system commit revision detail`` reports it."""

    seconds: int
    revision: str
    user: str
    client: str
    comment: str | None = None


class JunosPersonality(Personality):
    """The CLI of a Junos OS Evolved switch."""

    platform: ClassVar[str] = "juniper_junos"
    os_version: ClassVar[str] = "23.2R1.14-EVO"
    module_vendor: ClassVar[str] = "Juniper Networks"
    help_header: ClassVar[str] = "Possible completions:\n"
    help_enter: ClassVar[tuple[str, str]] = ("<[Enter]>", "Execute this command")
    help_trailer: ClassVar[str] = ""
    help_unknown: ClassVar[str] = "No valid completions"

    def __init__(self, runtime: LabRuntime, device: DeviceState) -> None:
        """Bind to a device; the shared candidate starts equal to the running config."""
        self.words = runtime.lab.catalog.platforms["juniper_junos"]
        self.shared: Candidate | None = None
        self.lock_owner: Session | None = None
        self.confirm_timer: asyncio.TimerHandle | None = None
        self.inert: list[Statement] = []
        self.inert_history: dict[int, list[Statement]] = {}
        self.last_commit = CommitInfo(
            seconds=int(device.boot_time), revision="re0-0-0", user="root", client="other"
        )
        super().__init__(runtime, device)

    # -- registration ---------------------------------------------------------------------

    def register(self) -> None:
        """Operational and configuration-mode commands."""
        op = ("exec",)
        cfg = ("config",)
        self.add("set cli screen-length <n>", self._screen_length, modes=op)
        self.add("set cli screen-width <n>", self._screen_width, modes=op)
        self.add("set cli complete-on-space <v>", self._complete_on_space, modes=op)
        self.add("set cli timestamp", self._timestamp, modes=op, rest=True)
        self.add("show version", self._show_version, modes=op, rest=True)
        self.add("show chassis hardware", self._show_hardware, modes=op, rest=True)
        self.add("show interfaces diagnostics optics", self._show_optics, modes=op, rest=True)
        self.add("show interfaces terse", self._show_terse, modes=op, rest=True)
        self.add("show interfaces", self._show_interfaces, modes=op, rest=True)
        self.add("show lldp neighbors", self._show_lldp, modes=op, rest=True)
        self.add("show configuration", self._show_configuration, modes=op, rest=True)
        self.add("show system uptime", self._show_uptime, modes=op)
        self.add("configure", self._configure, modes=op, rest=True)
        self.add("exit", self._quit, modes=op)
        self.add("quit", self._quit, modes=op)
        self.add("set", self._set, modes=cfg, rest=True)
        self.add("delete", self._delete, modes=cfg, rest=True)
        self.add("show", self._show_candidate, modes=cfg, rest=True)
        self.add("commit", self._commit, modes=cfg, rest=True)
        self.add("rollback", self._rollback, modes=cfg, rest=True)
        self.add("edit", self._edit, modes=cfg, rest=True)
        self.add("top", self._top, modes=cfg)
        self.add("up", self._up, modes=cfg)
        self.add("exit", self._exit_config, modes=cfg, rest=True)
        self.add("quit", self._exit_config, modes=cfg, rest=True)
        self.add("run", self._run, modes=cfg, rest=True)

    # -- prompts, pipes, errors -----------------------------------------------------------

    def prompt(self, session: Session) -> str:
        """``admin@leaf4> `` or ``[edit ...]`` over ``admin@leaf4# ``."""
        if session.context.get("confirm_exit"):
            return ""
        if session.mode == "config":
            path = " ".join(self._edit_path(session))
            return f"\n[edit{' ' + path if path else ''}]\n{self._prompt_line(session)}"
        return self._prompt_line(session)

    def _prompt_line(self, session: Session) -> str:
        mark = "#" if session.mode == "config" else ">"
        return f"{session.user or 'admin'}@{self.device.hostname}{mark} "

    def handle(self, session: Session, line: str) -> str:
        """Run one line: Junos pipes (display xml/json/set, compare, match, except, count)."""
        session.commands += 1
        if session.context.pop("confirm_exit", None):
            return self._answer_exit(session, line.strip())
        text = line.strip()
        if not text:
            return ""
        command, pipes = split_pipes(text)
        session.context["display"] = None
        session.context["compare"] = False
        filters: list[str] = []
        for pipe in pipes:
            verb, _, argument = pipe.partition(" ")
            if "display".startswith(verb) and verb:
                session.context["display"] = argument.strip() or None
            elif "compare".startswith(verb) and verb:
                session.context["compare"] = True
            elif not "no-more".startswith(verb):
                filters.append(pipe)
        session.context["line"] = command
        try:
            output = self.dispatch(session, command, pipes)
        except CommandError as exc:
            return str(exc)
        return _filter(output, filters)

    def dispatch(self, session: Session, command: str, pipes: list[str]) -> str:
        """Find the command; an unknown one gets Junos' caret and message."""
        del pipes
        tokens = command.split()
        candidates = [c for c in self.commands if not c.modes or session.mode in c.modes]
        for candidate in candidates:
            arguments = candidate.match(tokens, candidates)
            if arguments is not None:
                return candidate.handler(session, arguments)
        depth = 0
        for candidate in candidates:
            matched = 0
            for token, word in zip(tokens, candidate.words, strict=False):
                if not word.startswith(("<", token.lower())):
                    break
                matched += 1
            depth = max(depth, matched)
        message = "unknown command." if depth == 0 else "syntax error, expecting <command>."
        raise CommandError(self._caret(session, command, depth) + message)

    def _caret(self, session: Session, command: str, position: int) -> str:
        starts = [match.start() for match in re.finditer(r"\S+", command)]
        column = starts[position] if position < len(starts) else len(command) + 1
        return " " * (len(self._prompt_line(session)) + column) + "^\n"

    # -- operational mode ----------------------------------------------------------------

    def _screen_length(self, session: Session, args: list[str]) -> str:
        session.paging = args[0] != "0"
        return f"Screen length set to {args[0]}\n"

    def _screen_width(self, session: Session, args: list[str]) -> str:
        del session
        return f"Screen width set to {args[0]}\n"

    def _timestamp(self, session: Session, args: list[str]) -> str:
        """``set cli timestamp [disable | format ...]``: the lab never stamps its output."""
        session.context["timestamp"] = args != ["disable"]
        return "CLI timestamp disabled\n" if args == ["disable"] else ""

    def _complete_on_space(self, session: Session, args: list[str]) -> str:
        del session
        return (
            "Disabling complete-on-space\n" if args[0] == "off" else "Enabling complete-on-space\n"
        )

    def _shown(self, session: Session, text: str, xml: etree._Element) -> str:
        display = session.context.get("display")
        if display == "xml":
            return cli_xml(xml)
        if display == "json":
            return json.dumps(to_json(xml), indent=4) + "\n"
        return text

    def _show_version(self, session: Session, args: list[str]) -> str:
        del args
        return self._shown(session, show.version_text(self.device), show.version_xml(self.device))

    def _show_hardware(self, session: Session, args: list[str]) -> str:
        del args
        return self._shown(session, show.hardware_text(self.device), show.hardware_xml(self.device))

    def _interface_argument(self, session: Session, args: list[str]) -> str | None:
        names = [arg for arg in args if arg.startswith(("et-", "xe-", "ge-"))]
        if not names:
            return None
        if names[0] not in self.device.interfaces:
            command = str(session.context.get("line", ""))
            position = command.split().index(names[0]) if names[0] in command.split() else 0
            raise CommandError(
                self._caret(session, command, position) + f"error: device {names[0]} not found"
            )
        return names[0]

    def _show_optics(self, session: Session, args: list[str]) -> str:
        name = self._interface_argument(session, args)
        return self._shown(
            session, show.optics_text(self.device, name), show.optics_xml(self.device, name)
        )

    def _show_terse(self, session: Session, args: list[str]) -> str:
        name = self._interface_argument(session, args)
        return self._shown(
            session,
            show.terse_text(self.device, name),
            show.interfaces_xml(self.device, name, terse=True),
        )

    def _show_interfaces(self, session: Session, args: list[str]) -> str:
        name = self._interface_argument(session, args)
        if any("terse".startswith(arg) and len(arg) > 1 for arg in args):
            return self._show_terse(session, args)
        if args and name is None:
            raise CommandError(
                self._caret(session, str(session.context.get("line", "")), 2)
                + "syntax error, expecting <command>."
            )
        return self._shown(
            session, show.interfaces_text(self.device, name), show.interfaces_xml(self.device, name)
        )

    def _show_lldp(self, session: Session, args: list[str]) -> str:
        del args
        lab = self.runtime.lab
        return self._shown(
            session, show.lldp_text(lab, self.device), show.lldp_xml(lab, self.device)
        )

    def _show_uptime(self, session: Session, args: list[str]) -> str:
        del args
        return self._shown(session, show.uptime_text(self.device), show.uptime_xml(self.device))

    def _show_configuration(self, session: Session, args: list[str]) -> str:
        return self._render_config(session, self.running(), tuple(args))

    def _render_config(
        self, session: Session, statements: list[Statement], path: tuple[str, ...]
    ) -> str:
        display = session.context.get("display")
        if display == "set":
            return render_set(statements, path)
        if display in {"xml", "json"}:
            return self._shown(session, "", statements_xml(statements))
        return render_text(statements, path)

    def _configure(self, session: Session, args: list[str]) -> str:
        option = args[0] if args else ""
        lines = ""
        if option and "private".startswith(option):
            session.context["db"] = "private"
            session.context["candidate"] = None
            lines = "warning: uncommitted changes will be discarded on exit\n"
        elif option and "exclusive".startswith(option):
            if self.lock_owner is not None and self.lock_owner is not session:
                return self._lock_message()
            self.lock_owner = session
            session.context["db"] = "shared"
            if self.modified(session):
                lines = "warning: uncommitted changes will be discarded on exit\n"
        elif option:
            raise CommandError(self._caret(session, "configure " + option, 1) + "syntax error.")
        else:
            session.context["db"] = "shared"
            if self.modified(session):
                lines = "The configuration has been changed but not committed\n"
        session.modes.append("config")
        session.context["edit"] = []
        return lines + "Entering configuration mode\n"

    def _quit(self, session: Session, args: list[str]) -> str:
        del args
        session.closed = True
        return ""

    # -- candidates ------------------------------------------------------------------------

    def running(self) -> list[Statement]:
        """The running config as statements (state plus inert statements)."""
        return sort_statements(statements_from_state(self.device, self.words) + self.inert)

    def statements_of(self, snapshot: ConfigSnapshot) -> list[Statement]:
        """A past config (a history entry) as statements."""
        other = copy.copy(self.device)
        other.restore(snapshot)
        inert = self.inert_history.get(id(snapshot), [])
        return sort_statements(statements_from_state(other, self.words) + inert)

    def candidate(self, session: Session) -> Candidate:
        """The candidate a session edits: its private copy, or the shared one."""
        if session.context.get("db") == "private":
            found = session.context.get("candidate")
            if not isinstance(found, Candidate):
                found = Candidate(self.running())
                session.context["candidate"] = found
            return found
        if self.shared is None:
            self.shared = Candidate(self.running())
        return self.shared

    def discard(self, session: Session) -> None:
        """Drop a session's candidate changes (``rollback 0``)."""
        if session.context.get("db") == "private":
            session.context["candidate"] = None
        else:
            self.shared = None

    def modified(self, session: Session) -> bool:
        """Whether a session's candidate differs from the running config."""
        if session.context.get("db") == "private":
            found = session.context.get("candidate")
            candidate = found if isinstance(found, Candidate) else None
        else:
            candidate = self.shared
        if candidate is None:
            return False
        return bool(candidate.rejected) or bool(diff(self.running(), candidate.statements))

    def locked_for(self, session: Session) -> bool:
        """Whether another session holds the exclusive lock on the shared candidate."""
        if session.context.get("db") == "private":
            return False
        return self.lock_owner is not None and self.lock_owner is not session

    def _lock_message(self) -> str:
        owner = self.lock_owner.user if self.lock_owner is not None else "admin"
        return (
            "error: configuration database locked by:\n"
            f"  {owner} terminal pts/1 (pid 4242) on since 2026-01-01 00:00:00 UTC\n"
            "      exclusive [edit]\n"
        )

    def load_set(self, session: Session, line: str) -> None:
        """Apply one ``set``/``delete`` line to the candidate; raises ConfigSyntaxError."""
        words = tokenize(line)
        if not words:
            return
        verb, rest = words[0], words[1:]
        if verb == "set":
            statements = parse_statements(rest, offset=1)
            candidate = self.candidate(session)
            if self.rejected(line):
                candidate.rejected.append(" ".join(rest))
            candidate.set(statements)
        elif verb == "delete":
            if not self.candidate(session).delete(rest):
                msg = "warning: statement not found"
                raise ConfigSyntaxError(msg, -1)
        else:
            msg = "syntax error."
            raise ConfigSyntaxError(msg, 0)

    def commit(
        self, session: Session, minutes: float | None = None, *, check: bool = False
    ) -> None:
        """Check the candidate and make it the running config; raises CommitError."""
        candidate = self.candidate(session)
        if candidate.rejected:
            lines = [
                f"[edit]\n  '{line}'\n    Configuration statement rejected by the device"
                for line in candidate.rejected
            ]
            msg = "\n".join(lines) + f"\n{CHECKOUT_FAILED}"
            raise CommitError(msg)
        try:
            snapshot, inert = snapshot_from(candidate.statements, self.device, self.words)
        except CheckoutError as exc:
            msg = f"{exc}\n{CHECKOUT_FAILED}"
            raise CommitError(msg) from None
        if check:
            return
        before = (self.device.snapshot(), self.inert)
        self._apply(snapshot, inert)
        self.discard(session)
        comment = f"commit confirmed, rollback in {minutes:g}mins" if minutes is not None else None
        self.last_commit = CommitInfo(
            seconds=int(time.time()),
            revision=f"re0-{int(time.time())}-{len(self.device.history)}",
            user=session.user or "admin",
            client="netconf" if session.context.get("netconf") else "cli",
            comment=comment,
        )
        if self.confirm_timer is not None:
            self.confirm_timer.cancel()
            self.confirm_timer = None
        if minutes is not None:
            self._arm_confirm(before, minutes)

    def _apply(self, snapshot: ConfigSnapshot, inert: list[Statement]) -> None:
        previous = self.device.snapshot()
        self.device.history.append(previous)
        self.inert_history[id(previous)] = self.inert
        for dropped in self.device.history[:-HISTORY_DEPTH]:
            self.inert_history.pop(id(dropped), None)
        del self.device.history[:-HISTORY_DEPTH]
        self.device.restore(snapshot)
        self.inert = inert
        self.runtime.changed()

    def _arm_confirm(self, before: tuple[ConfigSnapshot, list[Statement]], minutes: float) -> None:
        def revert() -> None:
            self.confirm_timer = None
            self._apply(*before)
            self.last_commit = CommitInfo(
                seconds=int(time.time()),
                revision=f"re0-{int(time.time())}-{len(self.device.history)}",
                user="root",
                client="other",
                comment=None,
            )

        self.confirm_timer = self.schedule(minutes * SECONDS_PER_MINUTE, revert)

    def load_rollback(self, session: Session, number: int) -> None:
        """Put a past committed config (0 = the running one) into the candidate."""
        if number == 0:
            self.discard(session)
            return
        if number > len(self.device.history):
            msg = f"error: rollback {number} does not exist"
            raise CommitError(msg)
        statements = self.statements_of(self.device.history[-number])
        candidate = self.candidate(session)
        candidate.statements = statements
        candidate.rejected = []

    # -- configuration mode ----------------------------------------------------------------

    def _edit_path(self, session: Session) -> list[str]:
        path = session.context.get("edit")
        return [str(part) for part in path] if isinstance(path, list) else []

    def _set(self, session: Session, args: list[str]) -> str:
        return self._change(session, "set", args)

    def _delete(self, session: Session, args: list[str]) -> str:
        return self._change(session, "delete", args)

    def _change(self, session: Session, verb: str, args: list[str]) -> str:
        if self.locked_for(session):
            return self._lock_message()
        del args
        command = str(session.context.get("line", ""))
        typed = tokenize(command)[1:]
        path = self._edit_path(session)
        full = " ".join([verb, *path]) + " " + _join(typed)
        try:
            self.load_set(session, full)
        except ConfigSyntaxError as exc:
            if exc.position < 0:
                return exc.message + "\n"
            position = exc.position - len(path)
            return self._caret(session, command, max(position, 1)) + exc.message + "\n"
        return ""

    def _show_candidate(self, session: Session, args: list[str]) -> str:
        candidate = self.candidate(session)
        if session.context.get("compare"):
            return diff(self.running(), candidate.statements)
        path = (*self._edit_path(session), *args)
        return self._render_config(session, candidate.statements, path)

    def _commit(self, session: Session, args: list[str]) -> str:
        words = tokenize(" ".join(args))
        check = bool(words) and words[0] == "check"
        minutes: int | None = None
        if words and "confirmed".startswith(words[0]) and len(words[0]) > 3:
            minutes = int(words[1]) if len(words) > 1 and words[1].isdigit() else 10
        and_quit = "and-quit" in words
        try:
            self.commit(session, minutes, check=check)
        except CommitError as exc:
            return f"{exc}\n"
        if check:
            return "configuration check succeeds\n"
        out = ""
        if minutes is not None:
            out += (
                f"commit confirmed will be automatically rolled back in {minutes} minutes "
                "unless confirmed\n"
            )
        out += "commit complete\n"
        if and_quit:
            self._leave(session)
            out += "Exiting configuration mode\n"
        elif minutes is not None:
            out += f"\n# commit confirmed will be rolled back in {minutes} minutes\n"
        return out

    def _rollback(self, session: Session, args: list[str]) -> str:
        number = int(args[0]) if args and args[0].isdigit() else 0
        try:
            self.load_rollback(session, number)
        except CommitError as exc:
            return f"{exc}\n"
        return "load complete\n"

    def _edit(self, session: Session, args: list[str]) -> str:
        target = [*self._edit_path(session), *args]
        if not EDIT_PATHS.match(" ".join(target)):
            command = str(session.context.get("line", ""))
            return self._caret(session, command, len(args)) + "syntax error.\n"
        session.context["edit"] = target
        return ""

    def _top(self, session: Session, args: list[str]) -> str:
        del args
        session.context["edit"] = []
        return ""

    def _up(self, session: Session, args: list[str]) -> str:
        del args
        path = self._edit_path(session)
        session.context["edit"] = path[:-2] if len(path) > 1 and path[0] == "interfaces" else []
        return ""

    def _exit_config(self, session: Session, args: list[str]) -> str:
        if self._edit_path(session) and not args:
            return self._up(session, args)
        if self.modified(session) and session.context.get("db") != "private":
            session.context["confirm_exit"] = True
            return (
                "The configuration has been changed but not committed\n"
                "Exit with uncommitted changes? [yes,no] (yes) "
            )
        self._leave(session)
        return "Exiting configuration mode\n"

    def _answer_exit(self, session: Session, answer: str) -> str:
        if answer and not "yes".startswith(answer.lower()):
            return ""
        self._leave(session)
        return "Exiting configuration mode\n"

    def _leave(self, session: Session) -> None:
        if session.context.get("db") == "private":
            session.context["candidate"] = None
        if self.lock_owner is session:
            self.lock_owner = None
            self.shared = None
        session.context["db"] = None
        session.context["edit"] = []
        if session.mode == "config":
            session.modes.pop()

    def _run(self, session: Session, args: list[str]) -> str:
        session.modes.append("exec")
        try:
            return self.dispatch(session, " ".join(args), [])
        finally:
            session.modes.pop()

    # -- NETCONF -----------------------------------------------------------------------

    async def serve_netconf(self, process: SSHServerProcess[str]) -> None:
        """The ``netconf`` SSH subsystem (NETCONF 1.0, ``]]>]]>`` framing)."""
        await serve_netconf(self, process)


def _join(words: list[str]) -> str:
    return " ".join(f'"{word}"' if (" " in word or not word) else word for word in words)


def _filter(output: str, pipes: list[str]) -> str:
    """Junos text pipes: match, except, find, count, last."""
    lines = output.splitlines(keepends=True)
    for pipe in pipes:
        verb, _, argument = pipe.partition(" ")
        pattern = argument.strip().strip("\"'")
        if verb and "match".startswith(verb):
            lines = [line for line in lines if re.search(pattern, line)]
        elif verb and "except".startswith(verb):
            lines = [line for line in lines if not re.search(pattern, line)]
        elif verb and "find".startswith(verb):
            start = next((i for i, line in enumerate(lines) if re.search(pattern, line)), None)
            lines = lines[start:] if start is not None else []
        elif verb and "count".startswith(verb):
            lines = [f"Count: {len(lines)} lines\n"]
        elif verb and "last".startswith(verb) and pattern.isdigit():
            lines = lines[-int(pattern) :]
    return "".join(lines)


def cli_xml(body: etree._Element) -> str:
    """``| display xml``: the RPC reply as the CLI prints it."""
    reply = etree.Element("rpc-reply", nsmap={"junos": show.JUNOS_NS})
    reply.append(copy.deepcopy(body))
    cli = etree.SubElement(reply, "cli")
    etree.SubElement(cli, "banner")
    etree.indent(reply, space="    ")
    text: bytes = etree.tostring(reply, encoding="utf-8")
    return text.decode() + "\n"


def to_json(body: etree._Element) -> dict[str, object]:
    """``| display json``: Junos' JSON rendering of an RPC reply (``[{"data": ...}]``)."""
    return {str(etree.QName(body).localname): [_json_node(body)]}


def _json_node(node: etree._Element) -> dict[str, object]:
    result: dict[str, object] = {}
    attributes = {
        f"junos:{etree.QName(key).localname}": value for key, value in node.attrib.items()
    }
    if attributes:
        result["attributes"] = attributes
    for child in node:
        name = str(etree.QName(child).localname)
        entries = result.setdefault(name, [])
        if not isinstance(entries, list):
            continue
        if len(child):
            entries.append(_json_node(child))
        else:
            leaf: dict[str, object] = {}
            if child.text is not None:
                leaf["data"] = child.text
            else:
                leaf["data"] = [None]
            child_attributes = {
                f"junos:{etree.QName(key).localname}": value for key, value in child.attrib.items()
            }
            if child_attributes:
                leaf["attributes"] = child_attributes
            entries.append(leaf)
    return result
