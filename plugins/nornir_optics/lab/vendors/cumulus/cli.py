"""Cumulus Linux 5.x as its bash shell: ``nv`` (NVUE) commands, ``ethtool -m``, sudo.

Prompts are ``cumulus@<host>:mgmt:~$`` (the login shell runs in the management VRF). ``nv set``
and ``nv unset`` write a pending revision (checked word by word, a bad value refused with an
``Error:`` line); ``nv config diff -o commands`` prints it, ``nv config detach`` drops it, and
``nv config apply [-y]`` applies it. ``nv config apply --confirm <n>[s|m|h] -y`` applies it
under NVUE's confirm timer: unless ``nv config apply --confirm-yes`` comes first, the switch
goes back to the revision before (``--confirm-no`` does it at once). ``nv config show -o
commands`` prints the applied config. sudo never asks for a password in the lab.
"""

from __future__ import annotations

import re
import shlex
from typing import TYPE_CHECKING, ClassVar

from nornir_optics.lab.personality import CommandError, Personality
from nornir_optics.lab.vendors.cumulus import render
from nornir_optics.models import Breakout, Fec

if TYPE_CHECKING:
    import asyncio

    from nornir_optics.catalog import Catalog
    from nornir_optics.lab.personality import Session
    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import ConfigSnapshot, DeviceState

ETHTOOL_LOOP = re.compile(
    r"^for (?P<var>\w+) in \$\(ls /sys/class/net \| grep '\^swp'\); "
    r'do echo "# ethtool -m \$(?P=var)"; sudo ethtool -m \$(?P=var) 2>&1; done$'
)
"""The one bash loop the lab runs: ``ethtool -m`` of every swp netdev, each after its name."""
CONFIRM = re.compile(r"^(?P<n>\d+)(?P<unit>[smh]?)$")
UNITS = {"s": 1, "m": 60, "h": 3600, "": 60}
"""Seconds per unit of ``--confirm <time>`` (a bare number counts minutes)."""
DEFAULT_CONFIRM_S = 600


class CumulusPersonality(Personality):
    """Every Cumulus Linux box: bash, NVUE and ethtool."""

    platform: ClassVar[str] = "cumulus"
    os_version: ClassVar[str] = "Cumulus Linux 5.9.2"
    module_vendor: ClassVar[str] = "NVIDIA"
    help_key: ClassVar[bool] = False

    def __init__(self, runtime: LabRuntime, device: DeviceState) -> None:
        """Bind to a device: no pending revision, no confirm timer."""
        super().__init__(runtime, device)
        self.pending: list[list[str]] = []
        self.before: ConfigSnapshot | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.revision = 1

    @property
    def catalog(self) -> Catalog:
        """The lab's catalogues (NVUE words for FEC, speed and breakout)."""
        return self.runtime.lab.catalog

    def prompt(self, session: Session) -> str:
        """``cumulus@leaf5:mgmt:~$ ``."""
        return f"{session.user or 'cumulus'}@{self.device.hostname}:mgmt:~$ "

    def handle(self, session: Session, line: str) -> str:
        """Run one shell line."""
        session.commands += 1
        text = line.strip()
        if not text or text.startswith("#"):
            return ""
        loop = ETHTOOL_LOOP.match(text)
        if loop:
            return self._ethtool_all()
        try:
            words = shlex.split(text)
        except ValueError:
            return "-bash: unexpected EOF while looking for matching quote"
        if words[0] == "sudo":
            words = words[1:]
        try:
            return self._run(session, words)
        except CommandError as exc:
            return str(exc)

    def _run(self, session: Session, words: list[str]) -> str:
        if not words:
            return ""
        if words[0] in {"exit", "logout"}:
            session.closed = True
            return "logout"
        if words[0] == "hostname":
            return self.device.hostname
        if words[:2] == ["ethtool", "-m"] and len(words) == 3:
            if words[2] not in self.device.interfaces:
                return f"netlink error: no device matches name ({words[2]})"
            return render.ethtool(self.device, words[2])
        if words[0] == "nv":
            return self._nv(words[1:])
        msg = f"-bash: {words[0]}: command not found"
        raise CommandError(msg)

    def _ethtool_all(self) -> str:
        return "".join(
            f"# ethtool -m {name}\n" + render.ethtool(self.device, name)
            for name in render.netdevs(self.device)
        )

    # --- nv ------------------------------------------------------------------------------

    def _nv(self, words: list[str]) -> str:
        shown = " ".join(words).replace("--output ", "-o ")
        shows = {
            "show platform transceiver": lambda: render.platform_transceiver(self.device),
            "show interface": lambda: render.show_interface(self.device),
            "config show -o commands": lambda: render.config_commands(self.catalog, self.device),
            "config diff -o commands": lambda: "".join(
                f"nv {' '.join(shlex.quote(w) for w in p)}\n" for p in self.pending
            ),
            "config detach": self._detach,
        }
        if shown in shows:
            return shows[shown]()
        if words[:2] == ["config", "apply"]:
            return self._apply(words[2:])
        if words[:2] in (["set", "interface"], ["unset", "interface"]) and len(words) > 3:
            self._check(words)
            self.pending.append(words)
            return ""
        msg = f"Error: unknown command: nv {shown}"
        raise CommandError(msg)

    def _detach(self) -> str:
        self.pending = []
        return ""

    def _check(self, words: list[str]) -> None:
        """Refuse what NVUE would refuse at ``nv set``: an unknown interface, a bad value."""
        line = "nv " + " ".join(words)
        if self.rejected(line):
            msg = f"Error: Invalid config: {' '.join(words[3:])} is not valid for {words[2]}"
            raise CommandError(msg)
        name, path = words[2], words[3:]
        cage = re.sub(r"s\d+$", "", name)
        if name not in self.device.interfaces and cage not in self.device.breakouts:
            msg = f"Error: Invalid interface '{name}'"
            raise CommandError(msg)
        if words[0] == "unset":
            return
        value = " ".join(path[2:]) if path[0] == "link" else ""
        allowed = self._values(path[1] if len(path) > 1 else "")
        if path[0] == "link" and allowed is not None and value not in allowed:
            msg = f"Error: '{value}' is not one of {sorted(allowed)}"
            raise CommandError(msg)

    def _values(self, attribute: str) -> set[str] | None:
        words = self.catalog.platforms["cumulus"]
        if attribute == "fec":
            return {k.keyword for k in words.fec.values() if k.keyword} | {"auto"}
        if attribute == "state":
            return {"up", "down"}
        if attribute == "breakout":
            return {render.breakout_keyword(self.catalog, self.device, m) for m in self._modes()}
        if attribute == "speed":
            return {k.keyword for ks in words.speed.values() for k in ks if k.keyword} | {"auto"}
        return None

    def _apply(self, options: list[str]) -> str:
        if options == ["--confirm-yes"]:
            return self._confirm(keep=True)
        if options == ["--confirm-no"]:
            return self._confirm(keep=False)
        seconds: float | None = None
        if "--confirm" in options:
            at = options.index("--confirm")
            given = options[at + 1] if at + 1 < len(options) else ""
            match = CONFIRM.match(given)
            seconds = int(match["n"]) * UNITS[match["unit"]] if match else DEFAULT_CONFIRM_S
        if not self.pending:
            return "Warning: there are no pending changes to apply"
        self.before = self.device.snapshot()
        for words in self.pending:
            self._enact(words)
        self.pending = []
        self.revision += 1
        self.runtime.changed()
        if seconds is not None:
            self.timer = self.schedule(seconds, self._expire)
        return f"applied [rev_id: {self.revision}]"

    def _confirm(self, *, keep: bool) -> str:
        if self.before is None:
            return "Error: there is no apply awaiting confirmation"
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None
        if not keep:
            self.device.restore(self.before)
            self.runtime.changed()
        self.before = None
        return "" if keep else f"rolled back [rev_id: {self.revision - 1}]"

    def _expire(self) -> None:
        self.timer = None
        if self.before is not None:
            self.device.restore(self.before)
            self.before = None
            self.runtime.changed()

    def _enact(self, words: list[str]) -> None:
        """Carry one ``nv set`` / ``nv unset interface`` line out on the device."""
        setting, name, path = words[0] == "set", words[2], words[3:]
        if path[:2] == ["link", "breakout"]:
            mode = Breakout.NONE
            if setting:
                keyword = " ".join(path[2:])
                modes = {
                    render.breakout_keyword(self.catalog, self.device, m): m for m in self._modes()
                }
                mode = modes.get(keyword, Breakout.NONE)
            self.device.set_breakout(name, mode)
            return
        config = self.device.interfaces.get(name)
        if config is None:
            return
        value = " ".join(path[2:]) if path[0] == "link" else " ".join(path[1:])
        attribute = path[1] if path[0] == "link" and len(path) > 1 else path[0]
        if attribute == "description":
            config.description = value if setting else ""
        elif attribute == "state":
            config.admin_up = not setting or value == "up"
        elif attribute == "speed":
            config.speed = value if setting and value != "auto" else None
        elif attribute == "fec":
            config.fec = self._fec(name, value) if setting and value != "auto" else None

    def _modes(self) -> list[Breakout]:
        return [Breakout(mode) for mode in self.catalog.breakout_modes]

    def _fec(self, name: str, word: str) -> Fec | None:
        located = self.device.parent_of(name)
        module = self.device.modules.get(located[0]) if located else None
        optic = self.catalog.optic(module.optic) if module else None
        return self.catalog.fec_for_keyword("cumulus", word, optic=optic, modulation="PAM4")
