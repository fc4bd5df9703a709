"""Simulated Arista EOS: the CLI Netmiko ``arista_eos`` drives, and eAPI for NAPALM ``eos``.

Modes and prompts: ``host>`` (exec), ``host#`` (enable), ``host(config)#``,
``host(config-if-Et1/1)#``, ``host(config-s-NAME)#`` and ``host(config-s-NAME-if-Et1/1)#``.
On EOS a breakout is the speed of the lane interfaces of a cage: ``speed 400g-8`` on
``Ethernet<p>/1`` runs the cage unbroken, ``speed 200g-4`` on /1 and /5 makes 2x200G,
``speed 100g-2`` on /1, /3, /5, /7 makes 4x100G and ``speed 50g-1`` on /1../8 makes 8x50G. The
lab takes the first speed line that names another mode as the cage's new breakout (the other
legs come up at the mode's speed), so the order of the lines does not matter.

Configuration sessions (``configure session NAME``) hold a candidate copy of the running config
in ``config_sessions``, shared by every CLI and eAPI session of the device: ``commit`` puts the
candidate in place, ``commit timer hh:mm:ss`` does so until the timer runs out or a plain
``commit`` confirms it, ``abort`` drops it, ``rollback clean-config`` empties it.
``copy startup-config flash:rollback-0`` stores a snapshot, ``configure replace`` restores one.
"""

from __future__ import annotations

import asyncio
import copy
import json
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from nornir_optics.catalog import breakout_leg_speed, load_catalog
from nornir_optics.lab.http import Request, Response
from nornir_optics.lab.personality import CommandError, Personality, Session, apply_pipes
from nornir_optics.lab.state import ConfigSnapshot, DeviceState, InterfaceConfig
from nornir_optics.lab.vendors.arista_eos import api, render
from nornir_optics.models import Breakout, Fec

if TYPE_CHECKING:
    from collections.abc import Callable

    from nornir_optics.catalog import PortRange
    from nornir_optics.lab.runtime import LabRuntime

CLEAN_HOSTNAME = "localhost"
PRIVILEGED = "% Invalid input (privileged mode required)"
INCOMPLETE = "% Incomplete command"
INTERFACE_WORDS = (
    "description",
    "shutdown",
    "speed",
    "error-correction",
    "mtu",
    "switchport",
    "interface",
    "exit",
    "end",
)
TIMER = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2})$")
UNCONVERTED = (
    "Command cannot be used over the API at this time. To see ASCII output, "
    "set format='text' in your request"
)


@dataclass
class ConfigSession:
    """A named configuration session and its candidate config."""

    name: str
    candidate: ConfigSnapshot
    state: str = "pending"
    commit_by: float | None = None
    revert_to: ConfigSnapshot | None = None
    completed: float = 0.0


def _mode_of_speed(ports: PortRange, speed: str, lanes: int | None = None) -> Breakout | None:
    """The breakout mode a lane speed makes of a cage (None: the cage has no such mode).

    On EOS a breakout is the speed of the lane interfaces, with the host lanes each runs on
    (``400g-8`` unbroken, ``400g-4`` the legs of 2 x 400G); without a lane count the cage's top
    speed runs it unbroken, another speed makes the mode whose legs run it.
    """
    catalog = load_catalog()
    modes = catalog.breakout_modes
    for mode in ports.breakouts:
        if lanes is None or catalog.interface_lanes(ports.cage, mode) != lanes:
            continue
        if (mode is Breakout.NONE and speed in ports.speeds) or modes[mode].leg_speed == speed:
            return mode
    for mode in ports.breakouts:
        if mode is Breakout.NONE:
            if ports.speeds and speed == ports.speeds[0]:
                return mode
        elif modes[mode].leg_speed == speed:
            return mode
    return None


def _encodings() -> dict[str, list[Fec]]:
    """``error-correction encoding <word>`` words (catalogue), each with the codes it names."""
    found: dict[str, list[Fec]] = {}
    for fec, keyword in load_catalog().platforms["arista_eos"].fec.items():
        words = (keyword.keyword or "").split()
        if fec is not Fec.NONE and words[:2] == ["error-correction", "encoding"]:
            found.setdefault(words[-1], []).append(fec)
    return found


def _word(token: str, word: str) -> bool:
    return bool(token) and word.startswith(token.lower())


def invalid(token: str, position: int) -> CommandError:
    """The EOS error for an unknown word at ``position`` (0-based) of a line."""
    return CommandError(f"% Invalid input (at token {position}: '{token}')")


class AristaEos(Personality):
    """Arista EOS on a DCS-7060DX5-64S: CLI, config sessions and eAPI."""

    platform: ClassVar[str] = "arista_eos"
    os_version: ClassVar[str] = "4.31.2F"
    module_vendor: ClassVar[str] = "Arista Networks"
    error_invalid: ClassVar[str] = "% Invalid input"

    def __init__(self, runtime: LabRuntime, device: DeviceState) -> None:
        """Bind to a device; config sessions live here, shared by all its sessions."""
        self.config_sessions: dict[str, ConfigSession] = {}
        self.json_views: dict[object, Callable[[Session, list[str]], dict[str, Any]]] = {}
        catalog = load_catalog().platforms["arista_eos"]
        self.speed_of_keyword = {
            str(entry.keyword).removeprefix("speed "): speed
            for speed, entries in catalog.speed.items()
            for entry in entries
            if entry.keyword
        }
        super().__init__(runtime, device)

    # ------------------------------------------------------------ commands

    def register(self) -> None:
        """The EOS commands the lab answers."""
        anywhere: tuple[str, ...] = ()
        enabled = ("enable", "config", "config-if", "config-s", "config-s-if")
        self.add("enable", self._enable, modes=("exec", "enable"), rest=True)
        self.add("disable", self._disable, modes=("enable",))
        self.add("terminal length", self._terminal_length, rest=True)
        self.add("terminal width", self._terminal_width, rest=True)
        self.add("exit", self._exit)
        self.add("logout", self._logout, modes=("exec", "enable"))
        self.add("quit", self._logout, modes=("exec", "enable"))
        self.add("end", self._end, modes=("config", "config-if", "config-s", "config-s-if"))
        self.add("configure", self._configure, modes=("enable", "config", "config-s"), rest=True)
        self.add("copy", self._copy, modes=enabled, rest=True)
        self.add("write", self._write, modes=enabled, rest=True)
        self.add("rollback clean-config", self._clean, modes=("config-s", "config-s-if"))
        self.add("commit", self._commit_here, modes=("config-s", "config-s-if"), rest=True)
        self.add("abort", self._abort_here, modes=("config-s", "config-s-if"))
        views: list[tuple[str, Callable[..., str], Callable[..., dict[str, Any]] | None]] = [
            ("show version", self._show(render.show_version), self._json(render.show_version_json)),
            ("show hostname", self._show(render.show_hostname), self._hostname_json),
            (
                "show interfaces transceiver dom thresholds",
                self._no_text,
                self._json(render.show_dom_thresholds_json),
            ),
            (
                "show interfaces transceiver detail",
                self._show(render.show_transceiver_detail),
                None,
            ),
            (
                "show interfaces transceiver hardware",
                self._show(render.show_transceiver_hardware),
                None,
            ),
            (
                "show interfaces transceiver",
                self._show(render.show_transceiver),
                self._json(render.show_transceiver_json),
            ),
            (
                "show interfaces status",
                self._show(render.show_interfaces_status),
                self._json(render.show_interfaces_status_json),
            ),
            (
                "show inventory",
                self._show(render.show_inventory),
                self._json(render.show_inventory_json),
            ),
            (
                "show lldp neighbors",
                self._show(render.show_lldp_neighbors),
                self._json(render.show_lldp_neighbors_json),
            ),
        ]
        views += self._api_views()
        for words, text, view in views:
            self.add(words, text, modes=anywhere)
            if view is not None:
                self.json_views[text] = view
        self.add("show interfaces", self._show_interfaces, rest=True)
        self.json_views[self._show_interfaces] = self._show_interfaces_json
        self.add("show lldp neighbors", self._show_lldp_of, rest=True)
        self.json_views[self._show_lldp_of] = self._lldp_of_json
        self.add("show ipv6 interface", self._no_ipv6, rest=True)
        self.json_views[self._no_ipv6] = self._no_ipv6
        self.add("show ip route", self._show_routes, rest=True)
        self.json_views[self._show_routes] = self._routes_json
        self.add("show running-config", self._show_running, rest=True)
        self.add("show startup-config", self._show_startup, rest=True)
        self.add("show session-config", self._show_session_config, rest=True)
        self.add("show configuration sessions", self._show_sessions, rest=True)
        self.json_views[self._show_sessions] = self._sessions_json

    def _api_views(
        self,
    ) -> list[tuple[str, Callable[..., str], Callable[..., dict[str, Any]] | None]]:
        """The JSON models ANTA and NAPALM read (:mod:`.api`), each with its text form."""
        lab = self.runtime.lab
        plain: list[tuple[str, Callable[[DeviceState], dict[str, Any]]]] = [
            ("show interfaces counters rates", api.counters_rates),
            ("show interfaces counters errors", api.counters_errors),
            ("show interfaces counters discards", api.counters_discards),
            ("show interfaces status errdisabled", api.status_errdisabled),
            ("show system environment temperature transceiver", api.transceiver_temperature),
            ("show system environment temperature", api.temperature),
            ("show system environment cooling", api.cooling),
            ("show system environment power", api.power),
            ("show version detail", api.version_detail),
            ("show system coredump", api.coredump),
            ("show arp vrf all", api.arp),
            ("show mac address-table", api.mac_table),
            ("show vrf", api.vrfs),
            ("show vlan", api.vlans),
            ("show users accounts", api.users),
            ("show ipv6 neighbors vrf all", api.ipv6_neighbors),
            ("show ip bgp summary vrf all", api.bgp_empty),
            ("show ipv6 bgp summary vrf all", api.bgp_empty),
            ("show ip bgp neighbors vrf all", api.bgp_empty),
            ("show ipv6 bgp peers vrf all", api.bgp_empty),
        ]
        texts: dict[str, Callable[[DeviceState], str]] = {
            "show interfaces description": api.descriptions_text,
            "show reload cause": api.reload_cause_text,
            "show uptime": api.uptime_text,
            "show vlan": api.vlans_text,
            "show arp vrf all": api.arp_text,
            "show processes top once": api.processes_top_text,
            "show ntp associations": api.ntp_associations_text,
        }
        views: list[tuple[str, Callable[..., str], Callable[..., dict[str, Any]] | None]] = []
        for words, model in [
            *plain,
            ("show interfaces description", api.descriptions),
            ("show reload cause", api.reload_cause),
            ("show uptime", api.uptime),
            ("show processes top once", api.processes_top),
            ("show ntp associations", api.ntp_associations),
        ]:
            views.append((words, self._text_of(words, model, texts), self._json(model)))
        views.extend(
            (f"show snmp v2-mib {item}", self._text(item), self._snmp_json(item))
            for item in ("chassis", "location", "contact")
        )
        views += [
            ("show ntp status", self._show(api.ntp_status_text), None),
            (
                "show ip interface brief",
                self._show(lambda state: api.ip_interface_brief_text(lab, state)),
                self._json(lambda state: api.ip_interface_brief(lab, state)),
            ),
            (
                "show ip interface",
                self._text_of("show ip interface", lambda s: api.ip_interface(lab, s), {}),
                self._json(lambda state: api.ip_interface(lab, state)),
            ),
        ]
        return views

    def _text_of(
        self,
        words: str,
        model: Callable[[DeviceState], dict[str, Any]],
        texts: dict[str, Callable[[DeviceState], str]],
    ) -> Callable[[Session, list[str]], str]:
        text = texts.get(words)
        if text is not None:
            return self._show(text)
        return self._show(lambda state: api.as_text(model(state)))

    def _text(self, item: str) -> Callable[[Session, list[str]], str]:
        def handler(session: Session, arguments: list[str]) -> str:
            del session, arguments
            value = next(iter(api.snmp(self.device, item).values()))
            return f"{'Chassis' if item == 'chassis' else item.capitalize()}: {value}\n"

        return handler

    def _snmp_json(self, item: str) -> Callable[[Session, list[str]], dict[str, Any]]:
        def handler(session: Session, arguments: list[str]) -> dict[str, Any]:
            del session, arguments
            return api.snmp(self.device, item)

        return handler

    def _show(self, renderer: Callable[[DeviceState], str]) -> Callable[[Session, list[str]], str]:
        def handler(session: Session, arguments: list[str]) -> str:
            del session, arguments
            return renderer(self.device)

        return handler

    def _json(
        self, renderer: Callable[[DeviceState], dict[str, Any]]
    ) -> Callable[[Session, list[str]], dict[str, Any]]:
        def handler(session: Session, arguments: list[str]) -> dict[str, Any]:
            del session, arguments
            return renderer(self.device)

        return handler

    def _no_text(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        return render.show_transceiver_detail(self.device)

    def _hostname_json(self, session: Session, arguments: list[str]) -> dict[str, Any]:
        del session, arguments
        return {"hostname": self.device.hostname, "fqdn": self.device.hostname}

    # ------------------------------------------------------------ modes and prompts

    def prompt(self, session: Session) -> str:
        """``host>``, ``host#``, ``host(config)#``, ``host(config-s-NAME-if-Et1/1)#`` ..."""
        host = self.device.hostname
        mode = session.mode
        if mode == "exec":
            return "" if session.context.get("enable_password") else f"{host}>"
        if mode == "enable":
            return f"{host}#"
        interfaces = ",".join(
            render.short_name(name) for name in self._interfaces_of(session)
        ).replace(",Et", ",")
        if mode == "config-if":
            return f"{host}(config-if-{interfaces})#"
        if mode == "config-s":
            return f"{host}(config-s-{session.context.get('cfg_session', '')})#"
        if mode == "config-s-if":
            return f"{host}(config-s-{session.context.get('cfg_session', '')}-if-{interfaces})#"
        return f"{host}(config)#"

    @staticmethod
    def _interfaces_of(session: Session) -> list[str]:
        found = session.context.get("interfaces")
        return [str(name) for name in found] if isinstance(found, list) else []

    def _enable(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if session.mode == "exec" and session.context.get("tty"):
            # the lab's EOS has an enable secret: a terminal asks for it (eAPI sends it as
            # the command's input, in-process callers are trusted)
            session.context["enable_password"] = True
            return "Password: "
        if session.mode == "exec":
            session.modes.append("enable")
        return ""

    def _enable_password(self, session: Session, line: str) -> str:
        """The answer to ``Password:``: the lab's password (or none, as no secret is set)."""
        if line.strip() and line.strip() != self.runtime.password:
            return "% Access denied"
        session.modes.append("enable")
        return ""

    def _disable(self, session: Session, arguments: list[str]) -> str:
        del arguments
        session.modes = ["exec"]
        return ""

    def _terminal_length(self, session: Session, arguments: list[str]) -> str:
        session.paging = arguments != ["0"]
        return "Pagination disabled." if arguments == ["0"] else ""

    def _terminal_width(self, session: Session, arguments: list[str]) -> str:
        del session
        if len(arguments) != 1 or not arguments[0].isdigit():
            raise CommandError(INCOMPLETE)
        return f"Width set to {arguments[0]} columns."

    def _exit(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if session.mode in {"exec", "enable"}:
            session.closed = True
        elif session.mode in {"config-if", "config-s-if"}:
            session.modes.pop()
        else:
            session.modes = ["exec", "enable"]
        return ""

    def _logout(self, session: Session, arguments: list[str]) -> str:
        del arguments
        session.closed = True
        return ""

    def _end(self, session: Session, arguments: list[str]) -> str:
        del arguments
        session.modes = ["exec", "enable"]
        return ""

    # ------------------------------------------------------------ dispatch

    def handle(self, session: Session, line: str) -> str:
        """Run one line; ``| json`` prints the command's eAPI model."""
        if session.context.pop("enable_password", None):
            return self._enable_password(session, line)
        try:
            return self.execute(session, line)
        except CommandError as exc:
            return str(exc)

    def execute(self, session: Session, line: str) -> str:
        """Run one line and return its output; errors raise :class:`CommandError`."""
        session.commands += 1
        self._expire_timers()
        text = line.strip()
        if not text or text.startswith("!"):
            return ""
        command, _, piped = text.partition("|")
        pipes = [part.strip() for part in piped.split("|") if part.strip()] if piped else []
        if any(pipe.lower() == "json" for pipe in pipes):
            return json.dumps(self.run_json(session, command.strip()), indent=2)
        return apply_pipes(self.dispatch(session, command.strip(), pipes), pipes)

    def run_json(self, session: Session, command: str) -> dict[str, Any]:
        """Run one command for its JSON model (eAPI ``format: json``, or ``| json``)."""
        found = self._match(session, command.split())
        if found is not None:
            handler, arguments = found
            view = self.json_views.get(handler)
            if view is not None:
                self._require_enable(session, command)
                return view(session, arguments)
        if found is not None and command.split() and _word(command.split(maxsplit=1)[0], "show"):
            raise CommandError(UNCONVERTED)
        output = self.dispatch(session, command, [])
        return {"messages": [output]} if output else {}

    def _match(
        self, session: Session, tokens: list[str]
    ) -> tuple[Callable[[Session, list[str]], str], list[str]] | None:
        candidates = [c for c in self.commands if not c.modes or session.mode in c.modes]
        for candidate in candidates:
            arguments = candidate.match(tokens, candidates)
            if arguments is not None:
                return candidate.handler, arguments
        return None

    def _require_enable(self, session: Session, command: str) -> None:
        tokens = command.split()
        if session.mode == "exec" and len(tokens) > 1 and _word(tokens[0], "show"):
            for word in ("running-config", "startup-config", "session-config"):
                if _word(tokens[1], word) and len(tokens[1]) > 1:
                    raise CommandError(PRIVILEGED)

    def dispatch(self, session: Session, command: str, pipes: list[str]) -> str:
        """Known commands first; config modes take everything else as config lines."""
        del pipes
        self._require_enable(session, command)
        found = self._match(session, command.split())
        if found is not None:
            handler, arguments = found
            return handler(session, arguments)
        if session.mode.startswith("config"):
            return self.configure(session, command)
        tokens = command.split()
        position = self.error_position(session, tokens)
        if position >= len(tokens):
            raise CommandError(INCOMPLETE)
        raise invalid(tokens[position], position)

    def config_words(self, session: Session) -> tuple[str, ...]:
        """What config mode takes besides the command tree (``configure`` parses these)."""
        if session.mode in {"config-if", "config-s-if"}:
            return (*INTERFACE_WORDS[:-2], "no", "default")
        if session.mode in {"config", "config-s"}:
            return ("interface", "hostname", "no", "default")
        return ()

    # ------------------------------------------------------------ config lines

    def configure(self, session: Session, line: str) -> str:
        """Apply one config line to the running config, or to the session's candidate."""
        if self.rejected(line):
            raise invalid(line.rsplit(maxsplit=1)[-1], len(line.split()) - 1)
        cfg = self._session_of(session)
        target = self.device if cfg is None else render.snapshot_view(self.device, cfg.candidate)
        if session.mode in {"config-if", "config-s-if"}:
            if not self._interface_line(session, target, line):
                saved = list(session.modes)
                session.modes.pop()
                try:
                    self._global_line(session, target, line)
                except CommandError:
                    session.modes = saved
                    raise
        else:
            self._global_line(session, target, line)
        if cfg is None:
            self.runtime.changed()
        else:
            cfg.candidate = target.snapshot()
        return ""

    def _session_of(self, session: Session) -> ConfigSession | None:
        if session.mode not in {"config-s", "config-s-if"}:
            return None
        name = str(session.context.get("cfg_session", ""))
        cfg = self.config_sessions.get(name)
        if cfg is None or cfg.state != "pending":
            msg = f"% Configuration session {name} is no longer pending"
            raise CommandError(msg)
        return cfg

    def _global_line(self, session: Session, target: DeviceState, line: str) -> None:
        tokens = line.split()
        normal = " ".join(tokens)
        if normal in (*render.STATIC_CONFIG, *render.MANAGEMENT_CONFIG) or normal in {
            "ip routing",
            "no spanning-tree",
        }:
            return
        if _word(tokens[0], "interface") and len(tokens[0]) >= 2:
            names = self._interface_names(target, " ".join(tokens[1:]), position=1)
            session.context["interfaces"] = names
            session.modes.append("config-s-if" if session.mode == "config-s" else "config-if")
            return
        if _word(tokens[0], "hostname") and len(tokens) == 2:
            target.hostname = tokens[1]
            return
        if tokens[0].lower() == "no" and len(tokens) == 2 and _word(tokens[1], "hostname"):
            target.hostname = CLEAN_HOSTNAME
            return
        raise invalid(tokens[0], 0)

    def _interface_names(self, target: DeviceState, text: str, position: int) -> list[str]:
        names = []
        for part in re.split(r"\s*,\s*", text.strip()):
            name = self._interface_name(target, part)
            if name is None:
                raise invalid(part, position)
            names.append(name)
        if not names:
            raise CommandError(INCOMPLETE)
        return names

    def _interface_name(self, target: DeviceState, text: str) -> str | None:
        """``Et1/1``, ``e1/1``, ``ethernet 1/1``, ``2/1`` (after a first name) -> full name."""
        if re.fullmatch(r"(?i)ma(n(a(g(e(m(e(n(t)?)?)?)?)?)?)?)?\s*1", text):
            return "Management1"
        found = re.fullmatch(r"(?i)([a-z]*)\s*(\d+)/(\d+)", text)
        if found is None or (found.group(1) and not "ethernet".startswith(found.group(1).lower())):
            return None
        parent = f"Ethernet{found.group(2)}/1"
        lane = int(found.group(3))
        if parent not in target.breakouts or not 1 <= lane <= render.cage_lanes(target, parent):
            return None
        return render.lane_name(parent, lane)

    def _interface_line(self, session: Session, target: DeviceState, line: str) -> bool:
        """Apply an interface-mode line; False when it is not one (EOS then tries global)."""
        tokens = line.split()
        negate = tokens[0].lower() in {"no", "default"}
        words = tokens[1:] if negate else tokens
        if not words:
            raise CommandError(INCOMPLETE)
        matches = [word for word in INTERFACE_WORDS if _word(words[0], word)]
        if len(matches) != 1:
            return False
        keyword = matches[0]
        if keyword in {"interface", "exit", "end"}:
            return False
        start = 1 if negate else 0
        for name in self._interfaces_of(session):
            if name == "Management1":
                continue
            if name not in target.interfaces and keyword != "speed":
                continue  # config on an inactive lane is accepted and not kept (see report)
            self._apply(target, name, keyword, words[1:], negate=negate, line=line, start=start)
        return True

    def _apply(  # noqa: PLR0913 - one line, spelled out
        self,
        target: DeviceState,
        name: str,
        keyword: str,
        rest: list[str],
        *,
        negate: bool,
        line: str,
        start: int,
    ) -> None:
        config = target.interfaces.get(name)
        if keyword == "description":
            if config is not None:
                text = line.strip().split(None, start + 1)
                config.description = (
                    "" if negate else (text[start + 1] if len(text) > start + 1 else "")
                )
            return
        if keyword == "shutdown":
            if rest:
                raise invalid(rest[0], start + 1)
            if config is not None:
                config.admin_up = negate
            return
        if keyword == "speed":
            self._speed(target, name, None if negate else rest, start)
            return
        if keyword == "error-correction":
            if config is not None:
                self._fec(config, rest, negate=negate, line=line, start=start)
            return
        if keyword in {"mtu", "switchport"}:
            return
        raise invalid(keyword, start)

    def _speed(self, target: DeviceState, name: str, rest: list[str] | None, start: int) -> None:
        parent, lane = name.rsplit("/", 1)[0] + "/1", int(name.rsplit("/", 1)[1])
        if rest is None or rest in (["auto"], ["forced"]):
            if lane == 1:
                self._rebreak(target, parent, Breakout.NONE)
                target.interfaces[name].speed = None
            return
        words = [word for word in rest if word.lower() not in {"auto", "forced"}]
        if len(words) != 1:
            raise invalid(rest[-1] if rest else "speed", start + len(rest))
        speed = self.speed_of_keyword.get(words[0].lower())
        if speed is None:
            raise invalid(words[0], start + rest.index(words[0]) + 1)
        known = load_catalog().speed_of_keyword(self.platform, f"speed {words[0]}")
        cage = target.cage(parent)
        lanes = known[1] if known else None
        mode = _mode_of_speed(cage.range, speed, lanes) if cage is not None else None
        if cage is None or mode is None or name not in target.children(parent, mode):
            msg = f"% Speed {words[0]} is not supported on {name}"
            raise CommandError(msg)
        if target.breakouts[parent] is not mode:
            self._rebreak(target, parent, mode)
        target.interfaces[name].speed = speed

    @staticmethod
    def _rebreak(target: DeviceState, parent: str, mode: Breakout) -> None:
        """Change a cage's breakout; interfaces that stay keep their config."""
        if target.breakouts[parent] is mode:
            return
        kept = {name: target.interfaces[name] for name in target.children(parent)}
        target.set_breakout(parent, mode)
        leg = breakout_leg_speed(mode)
        for name in target.children(parent, mode):
            config = copy.deepcopy(kept[name]) if name in kept else InterfaceConfig(name=name)
            config.speed = leg
            target.interfaces[name] = config

    @staticmethod
    def _fec(
        config: InterfaceConfig, rest: list[str], *, negate: bool, line: str, start: int
    ) -> None:
        if not rest or not _word(rest[0], "encoding"):
            raise invalid(rest[0] if rest else line.rsplit(maxsplit=1)[-1], start + 1)
        choice = rest[1].lower() if len(rest) > 1 else ""
        kinds = _encodings()
        matched = [word for word in kinds if choice and word.startswith(choice)]
        if len(rest) > 2 or (choice and len(matched) != 1):
            raise invalid(rest[-1], start + len(rest))
        if not negate:
            if not matched:
                raise CommandError(INCOMPLETE)
            config.fec = kinds[matched[0]][0]
        elif line.split(maxsplit=1)[0].lower() == "default":
            config.fec = None
        elif not matched or config.fec in kinds[matched[0]]:
            config.fec = Fec.NONE

    # ------------------------------------------------------------ sessions, commit, rollback

    def _configure(self, session: Session, arguments: list[str]) -> str:
        if not arguments or _word(arguments[0], "terminal"):
            if len(arguments) > 1:
                raise invalid(arguments[1], 2)
            if session.mode == "enable":
                session.modes.append("config")
            return ""
        if _word(arguments[0], "session") and len(arguments[0]) > 1:
            return self._configure_session(session, arguments[1:])
        if _word(arguments[0], "replace") and len(arguments) >= 2:
            self._replace(arguments[1])
            return ""
        raise invalid(arguments[0], 1)

    def _configure_session(self, session: Session, arguments: list[str]) -> str:
        if not arguments:
            arguments = [f"session{int(time.time() * 1000) % 10**9}"]
        name = arguments[0]
        if len(arguments) == 1:
            cfg = self.config_sessions.get(name)
            if cfg is not None and cfg.state != "pending":
                msg = f"% Cannot enter session {name} (session has already been completed)"
                raise CommandError(msg)
            if cfg is None:
                self.config_sessions[name] = ConfigSession(name, self.device.snapshot())
            session.context["cfg_session"] = name
            session.modes = ["exec", "enable", "config-s"]
            return ""
        verb = arguments[1].lower()
        if _word(verb, "commit"):
            return self._commit(name, arguments[2:])
        if _word(verb, "abort"):
            self._abort(name)
            return ""
        raise invalid(arguments[1], 3)

    def _pending(self, name: str) -> ConfigSession:
        cfg = self.config_sessions.get(name)
        if cfg is None or cfg.state not in {"pending", "pendingCommitTimer"}:
            msg = f"% Configuration session {name} does not exist"
            raise CommandError(msg)
        return cfg

    def _commit(self, name: str, rest: list[str]) -> str:
        cfg = self._pending(name)
        now = time.time()
        if cfg.state == "pendingCommitTimer":
            if rest:
                raise invalid(rest[0], 4)
            cfg.state, cfg.commit_by, cfg.revert_to, cfg.completed = "completed", None, None, now
            self._trim_completed()
            return ""
        seconds = None
        if rest:
            found = TIMER.match(rest[1]) if len(rest) == 2 and _word(rest[0], "timer") else None
            if found is None:
                raise invalid(rest[-1], 3 + len(rest))
            hours, minutes, secs = (int(part) for part in found.groups())
            seconds = hours * 3600 + minutes * 60 + secs
        before = self.device.snapshot()
        self.device.history.append(before)
        self.device.restore(cfg.candidate)
        self.runtime.changed()
        if seconds is None:
            cfg.state, cfg.completed = "completed", now
            self._trim_completed()
        else:
            deadline = now + seconds * self.device.knobs.timer_scale
            cfg.state, cfg.commit_by, cfg.revert_to = "pendingCommitTimer", deadline, before
        return ""

    def _trim_completed(self) -> None:
        done = sorted(
            (cfg for cfg in self.config_sessions.values() if cfg.state == "completed"),
            key=lambda cfg: cfg.completed,
        )
        for cfg in done[:-1]:
            self.config_sessions.pop(cfg.name, None)

    def _abort(self, name: str) -> None:
        cfg = self._pending(name)
        if cfg.state == "pendingCommitTimer" and cfg.revert_to is not None:
            self.device.restore(cfg.revert_to)
            self.runtime.changed()
        self.config_sessions.pop(name, None)

    def _expire_timers(self) -> None:
        now = time.time()
        for cfg in list(self.config_sessions.values()):
            if cfg.state == "pendingCommitTimer" and cfg.commit_by and cfg.commit_by <= now:
                self._abort(cfg.name)

    def _commit_here(self, session: Session, arguments: list[str]) -> str:
        name = str(session.context.get("cfg_session", ""))
        session.modes = ["exec", "enable"]
        return self._commit(name, arguments)

    def _abort_here(self, session: Session, arguments: list[str]) -> str:
        del arguments
        name = str(session.context.get("cfg_session", ""))
        session.modes = ["exec", "enable"]
        self._abort(name)
        return ""

    def _clean(self, session: Session, arguments: list[str]) -> str:
        del arguments
        cfg = self._session_of(session)
        if cfg is not None:
            cfg.candidate = clean_config(self.device)
        return ""

    def _stored(self, source: str) -> ConfigSnapshot | None:
        key = source.lower()
        if key in {"startup-config", "flash:startup-config"}:
            return self.device.startup
        if key in {"running-config", "system:running-config"}:
            return self.device.snapshot()
        if key in {"clean-config", "session:clean-config"}:
            return clean_config(self.device)
        return self.device.checkpoints.get(key if ":" in key else f"flash:{key}")

    def _replace(self, source: str) -> None:
        snapshot = self._stored(source)
        if snapshot is None:
            msg = f"% Error reading {source} (No such file or directory)"
            raise CommandError(msg)
        self.device.history.append(self.device.snapshot())
        self.device.restore(snapshot)
        self.runtime.changed()

    def _copy(self, session: Session, arguments: list[str]) -> str:
        del session
        if len(arguments) != 2:
            raise CommandError(INCOMPLETE)
        source, target = (argument.lower() for argument in arguments)
        snapshot = self._stored(source)
        if snapshot is None:
            msg = f"% Error copying {arguments[0]} to {arguments[1]} (No such file or directory)"
            raise CommandError(msg)
        if target in {"startup-config", "flash:startup-config"}:
            self.device.startup = copy.deepcopy(snapshot)
        elif target.startswith("flash:"):
            self.device.checkpoints[target] = copy.deepcopy(snapshot)
        else:
            raise invalid(arguments[1], 2)
        return "Copy completed successfully."

    def _write(self, session: Session, arguments: list[str]) -> str:
        del session
        if arguments and not _word(arguments[0], "memory"):
            raise invalid(arguments[0], 1)
        self.device.startup = self.device.snapshot()
        return "Copy completed successfully."

    # ------------------------------------------------------------ config views

    def _show_running(self, session: Session, arguments: list[str]) -> str:
        del session
        text = render.running_config(self.device)
        if arguments and _word(arguments[0], "interfaces") and len(arguments) > 1:
            names = set(self._interface_names(self.device, " ".join(arguments[1:]), 3))
            return "".join(
                "\n".join(render.interface_block(self.device, name)[:-1]) + "\n"
                for name in self.device.interfaces
                if name in names
            )
        return text

    def _show_startup(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        startup = self.device.startup or self.device.snapshot()
        view = render.snapshot_view(self.device, startup)
        return render.running_config(view, "show startup-config")

    def _show_session_config(self, session: Session, arguments: list[str]) -> str:
        if arguments and _word(arguments[0], "named") and len(arguments) > 1:
            name, rest = arguments[1], arguments[2:]
        else:
            name, rest = str(session.context.get("cfg_session", "")), arguments
        cfg = self.config_sessions.get(name)
        if cfg is None:
            msg = f"% Configuration session {name} does not exist"
            raise CommandError(msg)
        candidate = render.running_config(render.snapshot_view(self.device, cfg.candidate))
        if rest and _word(rest[0], "diffs"):
            return render.session_diff(render.running_config(self.device), candidate, name)
        return candidate

    def _sessions_json(self, session: Session, arguments: list[str]) -> dict[str, Any]:
        del session, arguments
        sessions: dict[str, Any] = {}
        for cfg in self.config_sessions.values():
            entry: dict[str, Any] = {
                "state": cfg.state,
                "completedTime": cfg.completed,
                "commitUser": "",
                "description": "",
                "instances": {},
            }
            if cfg.commit_by is not None:
                entry["commitBy"] = cfg.commit_by - self.device.boot_time
            sessions[cfg.name] = entry
        return {"sessions": sessions, "maxSavedSessions": 1, "maxOpenSessions": 5}

    def _show_sessions(self, session: Session, arguments: list[str]) -> str:
        data = self._sessions_json(session, arguments)
        lines = [
            "Maximum number of completed sessions: 1",
            "Maximum number of pending sessions: 5",
            "",
            "  Name                  State                 User    Terminal",
            "  --------------------- --------------------- ------- --------",
        ]
        lines += [f"  {name:<21} {entry['state']:<21}" for name, entry in data["sessions"].items()]
        return "\n".join(lines) + "\n"

    def _interface_split(self, arguments: list[str]) -> tuple[str | None, list[str]]:
        """``Ethernet1/1 transceiver`` / ``ethernet 1/1 status`` -> (interface, words after)."""
        for width in (2, 1):
            if len(arguments) >= width:
                name = self._interface_name(self.device, " ".join(arguments[:width]))
                if name is not None and (name in self.device.interfaces or name == "Management1"):
                    return name, arguments[width:]
        return None, arguments

    def _per_interface(
        self, session: Session, arguments: list[str]
    ) -> tuple[str, Callable[[Session, list[str]], str]] | None:
        """``show interfaces <if> <words>``: the interface and the handler of the words."""
        name, rest = self._interface_split(arguments)
        if name is None or not rest:
            return None
        found = self._match(session, ["show", "interfaces", *rest])
        if found is None or found[0] == self._show_interfaces:
            tokens = ["show", "interfaces", *arguments]
            position = self.error_position(session, tokens)
            if position >= len(tokens):
                raise CommandError(INCOMPLETE)
            raise invalid(tokens[position], position)
        return name, found[0]

    def _show_interfaces_json(self, session: Session, arguments: list[str]) -> dict[str, Any]:
        found = self._per_interface(session, arguments)
        if found is not None:
            name, handler = found
            view = self.json_views.get(handler)
            if view is None:
                raise CommandError(UNCONVERTED)
            return only_interface(view(session, []), name)
        data = api.interfaces(self.device)
        if arguments:
            only, _ = self._interface_split(arguments)
            if only is None:
                self._show_interfaces(session, arguments)  # raises the CLI's error
            return only_interface(data, str(only))
        return data

    def _show_lldp_of(self, session: Session, arguments: list[str]) -> str:
        """``show lldp neighbors [<if>] detail`` (the plain table is its own command)."""
        del session
        name, rest = self._interface_split(arguments)
        if rest and _word(rest[0], "detail"):
            return api.as_text(api.lldp_detail(self.runtime.lab, self.device, name))
        if name is not None and not rest:
            return only_lines(render.show_lldp_neighbors(self.device), name)
        tokens = ["show", "lldp", "neighbors", *arguments]
        raise invalid(tokens[3], 3)

    def _lldp_of_json(self, session: Session, arguments: list[str]) -> dict[str, Any]:
        name, rest = self._interface_split(arguments)
        if rest and _word(rest[0], "detail"):
            return api.lldp_detail(self.runtime.lab, self.device, name)
        if name is not None and not rest:
            return only_interface(render.show_lldp_neighbors_json(self.device), name)
        self._show_lldp_of(session, arguments)
        return {}

    def _no_ipv6(self, session: Session, arguments: list[str]) -> Any:  # noqa: ANN401
        del session, arguments
        msg = "% No IPv6 configured interfaces"
        raise CommandError(msg)

    def _show_routes(self, session: Session, arguments: list[str]) -> str:
        return api.as_text(self._routes_json(session, arguments))

    def _routes_json(self, session: Session, arguments: list[str]) -> dict[str, Any]:
        del session
        words = [a for a in arguments if a.lower() not in {"detail", "longer-prefixes"}]
        if words[:1] == ["vrf"]:
            vrf, words = (words[1] if len(words) > 1 else "default"), words[2:]
            if vrf not in {"default", "all"}:
                msg = f"% VRF {vrf} does not exist"
                raise CommandError(msg)
        destination = next((w for w in words if w[:1].isdigit()), "")
        return api.routes(self.runtime.lab, self.device, destination)

    def _show_interfaces(self, session: Session, arguments: list[str]) -> str:
        found = self._per_interface(session, arguments) if arguments else None
        if found is not None:
            name, handler = found
            return only_lines(handler(session, []), name)
        if arguments:
            single = self._interface_name(self.device, " ".join(arguments))
            if single is None or single not in self.device.interfaces:
                tokens = ["show", "interfaces", *arguments]
                position = self.error_position(session, tokens)
                if position >= len(tokens):
                    raise CommandError(INCOMPLETE)
                raise invalid(tokens[position], position)
            return render.show_interfaces(self.device, single)
        return render.show_interfaces(self.device)

    # ------------------------------------------------------------ eAPI

    async def serve_http(self, request: Request) -> Response:  # noqa: PLR0911
        """eAPI: JSON-RPC ``runCmds`` on ``POST /command-api`` with Basic authentication."""
        if request.path.split("?", 1)[0].rstrip("/") != "/command-api":
            return Response(404, b"not found", "text/plain")
        if request.method in {"GET", "HEAD"}:
            return Response(200, EXPLORER, "text/html; charset=UTF-8")
        if request.method != "POST":
            return Response(405, b"method not allowed", "text/plain", {"Allow": "GET, HEAD, POST"})
        credentials = request.basic_auth()
        if credentials is None or not self.runtime.check_login(*credentials, self.device):
            return Response(401, b"Unauthorized", "text/plain")
        self.runtime.count_session(self.device.name, "eapi")
        if self.device.knobs.latency_ms:
            await asyncio.sleep(self.device.knobs.latency_ms / 1000)
        try:
            body = request.json()
        except ValueError:
            return Response.of_json(
                {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}
            )
        if not isinstance(body, dict):
            body = {}
        params = body.get("params") or {}
        reply: dict[str, Any] = {"jsonrpc": "2.0", "id": body.get("id")}
        if body.get("method") != "runCmds" or not isinstance(params, dict):
            reply["error"] = {"code": -32601, "message": "Method not found"}
            return Response.of_json(reply)
        commands = params.get("cmds") or []
        text = str(params.get("format", "json")).lower() == "text"
        reply.update(self.run_commands(credentials[0], commands, text=text))
        return Response.of_json(reply)

    def run_commands(self, user: str, commands: list[Any], *, text: bool) -> dict[str, Any]:
        """Run an eAPI batch in one session; the first failing command stops it (code 1002)."""
        session = Session(device=self.device, user=user)
        results: list[dict[str, Any]] = []
        for index, item in enumerate(commands, start=1):
            line = str(item.get("cmd", "")) if isinstance(item, dict) else str(item)
            try:
                if text:
                    output = self.execute(session, line)
                    ended = output if not output or output.endswith("\n") else output + "\n"
                    results.append({"output": ended})
                else:
                    results.append(self._json_result(session, line))
            except CommandError as exc:
                error = str(exc).removeprefix("% ")
                code, why = _error_code(error)
                message = f"CLI command {index} of {len(commands)} '{line}' failed: {why}"
                return {
                    "error": {
                        "code": code,
                        "message": message,
                        "data": [*results, {"errors": [error]}],
                    }
                }
        return {"result": results}

    def _json_result(self, session: Session, line: str) -> dict[str, Any]:
        session.commands += 1
        self._expire_timers()
        command = line.split("|", 1)[0].strip()
        if not command:
            return {}
        return self.run_json(session, command)


EXPLORER = (
    b"<!DOCTYPE html><html><head><title>Command API Explorer</title></head>"
    b"<body><h1>Arista eAPI</h1><p>POST JSON-RPC runCmds requests to /command-api.</p>"
    b"</body></html>\n"
)


def _error_code(error: str) -> tuple[int, str]:
    """EOS's JSON-RPC code of a failed command, and the words its message ends with.

    1002: a line the parser rejects; 1003: a show command without a JSON model; 1000: a
    command that parsed but failed.
    """
    if error == UNCONVERTED:
        return 1003, "unconverted command"
    if error.startswith(("Invalid input", "Incomplete command", "Ambiguous command")):
        return 1002, "invalid command"
    return 1000, "could not run command"


def clean_config(device: DeviceState) -> ConfigSnapshot:
    """The factory-default config of a device: every cage unbroken, nothing configured."""
    view = render.snapshot_view(device, device.snapshot())
    for parent in list(view.breakouts):
        view.set_breakout(parent, Breakout.NONE)
    view.interfaces = {name: InterfaceConfig(name=name) for name in view.interfaces}
    view.hostname = CLEAN_HOSTNAME
    return view.snapshot()


def only_interface(model: dict[str, Any], name: str) -> dict[str, Any]:
    """A per-interface form of a JSON model: its interface tables cut to ``name``."""
    result: dict[str, Any] = {}
    for key, value in model.items():
        if isinstance(value, dict) and key.startswith(("interface", "lldpNeighbors")):
            result[key] = {k: v for k, v in value.items() if k == name}
        elif key == "lldpNeighbors" and isinstance(value, list):
            result[key] = [entry for entry in value if entry.get("port") == name]
        else:
            result[key] = value
    return result


def only_lines(text: str, name: str) -> str:
    """A per-interface form of a table: lines of other interfaces dropped, headers kept."""
    short = render.short_name(name)
    kept = []
    for line in text.splitlines(keepends=True):
        first = line.split(maxsplit=1)[0] if line.strip() else ""
        names_one = re.fullmatch(r"(Et|Ethernet|Ma|Management)\d[\d/]*", first) is not None
        if not names_one or first in {name, short}:
            kept.append(line)
    return "".join(kept)
