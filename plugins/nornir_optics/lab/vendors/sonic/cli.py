"""SONiC as its Linux shell: bash prompts, sonic-utilities ``show`` and ``sudo config`` commands.

Netmiko's ``linux`` driver reads the first ``$``/``#`` prompt, sends nothing to prepare the
session, and enters "config mode" with ``sudo -s`` (a root shell, ``#`` prompt) which ``exit``
leaves. sudo never asks for a password in the lab. Config commands apply at once (SONiC has no
candidate); ``config save [FILE]`` copies running to startup (or to FILE) and ``config reload
[FILE]`` restores startup (or FILE). ``systemd-run --on-active=SECONDS --unit=NAME COMMAND...``
(systemd-run(1)) starts a transient timer that runs the command as root when it elapses, so a
scheduled ``config reload -y FILE`` reverts the device by itself; ``systemctl stop NAME.timer``
cancels it and ``systemctl is-active NAME.timer`` reports it; ``rm -f FILE`` deletes a saved file.
Errors read as bash (``-bash: foo: command not found``) and click (``Usage: ...`` +
``Error: ...``) print them.
"""

from __future__ import annotations

import json
import re
import shlex
from typing import TYPE_CHECKING, ClassVar

from nornir_optics.lab.personality import CommandError, Personality, Session
from nornir_optics.lab.vendors.sonic import render
from nornir_optics.models import Breakout, Fec
from nornir_optics.names import natural_key

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from nornir_optics.catalog import Catalog
    from nornir_optics.lab.runtime import LabRuntime
    from nornir_optics.lab.state import DeviceState

ROOT = "root"
ROOT_SHELLS = (("-s",), ("-i",), ("su",), ("su", "-"), ("bash",), ("-i", "bash"))
# click groups (sonic-utilities AliasedGroup): after one of them, a word that names no command
# gets click's "No such command" error.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("show",),
    ("show", "interfaces"),
    ("show", "interfaces", "transceiver"),
    ("show", "interfaces", "fec"),
    ("show", "lldp"),
    ("show", "runningconfiguration"),
    ("show", "platform"),
    ("config",),
    ("config", "interface"),
)
USAGE = {
    ("config", "interface", "fec"): "[OPTIONS] <interface_name> <interface_fec>",
    ("config", "interface", "speed"): "[OPTIONS] <interface_name> <interface_speed>",
    ("config", "interface", "startup"): "[OPTIONS] <interface_name>",
    ("config", "interface", "shutdown"): "[OPTIONS] <interface_name>",
    ("config", "interface", "description"): "[OPTIONS] <interface_name> <interface_description>",
    ("config", "interface", "breakout"): "[OPTIONS] <interface_name> MODE",
    ("config", "save"): "[OPTIONS] [FILENAME]",
    ("config", "reload"): "[OPTIONS] [FILENAME]",
}
STARTUP_FILE = "/etc/sonic/config_db.json"
INVALID_NAME = "Interface name is invalid. Please enter a valid interface name!!"
RELOAD_OUTPUT = """Acquired lock on /etc/sonic/reload.lock
Disabling container monitoring ...
Stopping SONiC target ...
Running command: /usr/local/bin/sonic-cfggen -j /etc/sonic/init_cfg.json -j \
/etc/sonic/config_db.json --write-to-db
Running command: /usr/local/bin/db_migrator.py -o migrate
Restarting SONiC target ...
Enabling container monitoring ...
Reloading Monit configuration ...
Reinitializing monit daemon
Released lock on /etc/sonic/reload.lock"""
BREAKOUT_FLAGS = {
    "-f": "force",
    "--force-remove-dependencies": "force",
    "-l": "load",
    "--load-predefined-config": "load",
    "-y": "yes",
    "--yes": "yes",
    "-v": "verbose",
    "--verbose": "verbose",
}


def click_error(path: tuple[str, ...], message: str, usage: str | None = None) -> CommandError:
    """A click usage error for a command path (click 7, as sonic-utilities pins it)."""
    command = " ".join(path)
    usage = usage or USAGE.get(path, "[OPTIONS] COMMAND [ARGS]...")
    return CommandError(
        f'Usage: {command} {usage}\nTry "{command} -h" for help.\n\nError: {message}'
    )


class SonicPersonality(Personality):
    """leaf3 and every other SONiC box: bash + sonic-utilities."""

    def __init__(self, runtime: LabRuntime, device: DeviceState) -> None:
        """Bind to a device; no transient timers yet."""
        super().__init__(runtime, device)
        self.timers: dict[str, asyncio.TimerHandle | None] = {}
        """Transient timer units (``NAME.timer``) started by ``systemd-run`` and not elapsed."""

    platform: ClassVar[str] = "sonic"
    os_version: ClassVar[str] = "SONiC.202311.1"
    module_vendor: ClassVar[str] = "NVIDIA"
    help_key: ClassVar[bool] = False

    @property
    def catalog(self) -> Catalog:
        """The lab's catalogues (vendor words for FEC and breakout)."""
        return self.runtime.lab.catalog

    def register(self) -> None:
        """Commands by click path; each handler gets the arguments after the path."""
        shows: list[tuple[str, Callable[[Session, list[str]], str]]] = [
            ("show interfaces transceiver eeprom", self._show_eeprom),
            ("show interfaces transceiver info", self._show_info),
            ("show interfaces transceiver presence", self._show_presence),
            ("show interfaces transceiver status", self._show_xcvr_status),
            ("show interfaces status", self._show_status),
            ("show interfaces fec status", self._show_fec),
            ("show interfaces breakout current-mode", self._show_breakout_current),
            ("show interfaces breakout", self._show_breakout),
            ("show version", self._show_version),
            ("show lldp table", self._show_lldp),
            ("show runningconfiguration all", self._show_running),
            ("show platform summary", self._show_platform),
            ("config interface fec", self._config_fec),
            ("config interface speed", self._config_speed),
            ("config interface startup", self._config_startup),
            ("config interface shutdown", self._config_shutdown),
            ("config interface description", self._config_description),
            ("config interface breakout", self._config_breakout),
            ("config save", self._config_save),
            ("config reload", self._config_reload),
            ("systemd-run", self._systemd_run),
            ("systemctl", self._systemctl),
            ("rm", self._rm),
            ("hostname", self._hostname),
            ("whoami", self._whoami),
            ("exit", self._exit),
            ("logout", self._exit),
        ]
        for words, handler in shows:
            self.add(words, handler, rest=True)

    # --- shell ---------------------------------------------------------------------------------

    def prompt(self, session: Session) -> str:
        """``admin@leaf3:~$ `` for the login user, ``root@leaf3:/home/admin# `` after sudo -s."""
        if session.mode == ROOT:
            return f"root@{self.device.hostname}:/home/{session.user or 'admin'}# "
        return f"{session.user or 'admin'}@{self.device.hostname}:~$ "

    def handle(self, session: Session, line: str) -> str:
        """Run one shell line: ``sudo`` prefix, sonic-utilities command, ``| grep`` filters."""
        session.commands += 1
        text = line.strip()
        if not text or text.startswith("#"):
            return ""
        command, _, pipe = text.partition("|")
        try:
            output = self.dispatch(session, command.strip(), [])
        except CommandError as exc:
            return str(exc)
        return _grep(output, pipe.strip()) if pipe.strip() else output

    def dispatch(self, session: Session, command: str, pipes: list[str]) -> str:
        """Split like bash, strip ``sudo``, and run the longest matching command path."""
        del pipes
        try:
            tokens = shlex.split(command)
        except ValueError:
            return "-bash: unexpected EOF while looking for matching quote"
        root = session.mode == ROOT
        if tokens and tokens[0] == "sudo":
            tokens = tokens[1:]
            if not tokens:
                return "usage: sudo -h | -K | -k | -V"
            if tuple(tokens) in ROOT_SHELLS:
                session.modes.append(ROOT)
                return ""
            root = True
        session.context["root"] = root
        if not tokens:
            return ""
        commands = sorted(self.commands, key=lambda c: -len(c.words))
        for candidate in commands:
            arguments = candidate.match(tokens, commands)
            if arguments is not None:
                return candidate.handler(session, arguments)
        if tokens[0] in {"show", "config"}:
            raise self._no_such_command(tokens)
        prefix = "sudo" if command.lstrip().startswith("sudo") else "-bash"
        message = f"{prefix}: {tokens[0]}: command not found"
        raise CommandError(message)

    def _no_such_command(self, tokens: list[str]) -> CommandError:
        group: tuple[str, ...] = (tokens[0],)
        position = 1
        while position < len(tokens):
            word = tokens[position].lower()
            nested = [g for g in GROUPS if len(g) == position + 1 and g[:position] == group]
            found = [g for g in nested if g[position].startswith(word)]
            if len(found) != 1:
                break
            group = found[0]
            position += 1
        if position >= len(tokens):
            return click_error(group, "Missing command.")
        return click_error(group, f'No such command "{tokens[position]}".')

    def _exit(self, session: Session, arguments: list[str]) -> str:
        del arguments
        if len(session.modes) > 1:
            session.modes.pop()
            return "exit"
        session.closed = True
        return "logout"

    def _hostname(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        return self.device.hostname

    def _whoami(self, session: Session, arguments: list[str]) -> str:
        del arguments
        return "root" if session.mode == ROOT else session.user or "admin"

    # --- show ----------------------------------------------------------------------------------

    def _names(self, path: tuple[str, ...], arguments: list[str]) -> list[str]:
        """The interface argument of a show command, or every interface."""
        names = [a for a in arguments if not a.startswith("-")]
        if len(names) > 1:
            raise click_error(
                path, f"Got unexpected extra argument ({names[1]})", "[OPTIONS] [INTERFACENAME]"
            )
        if names:
            return names
        return render.interfaces(self.device)

    def _show_eeprom(self, session: Session, arguments: list[str]) -> str:
        del session
        path = ("show", "interfaces", "transceiver", "eeprom")
        dom = any(a in {"-d", "--dom"} for a in arguments)
        return render.eeprom(self.catalog, self.device, self._names(path, arguments), dom=dom)

    def _show_info(self, session: Session, arguments: list[str]) -> str:
        del session
        path = ("show", "interfaces", "transceiver", "info")
        return render.eeprom(self.catalog, self.device, self._names(path, arguments), dom=False)

    def _show_presence(self, session: Session, arguments: list[str]) -> str:
        del session
        path = ("show", "interfaces", "transceiver", "presence")
        return render.presence(self.device, self._names(path, arguments))

    def _show_xcvr_status(self, session: Session, arguments: list[str]) -> str:
        del session
        path = ("show", "interfaces", "transceiver", "status")
        return render.transceiver_status(self.device, self._names(path, arguments))

    def _show_status(self, session: Session, arguments: list[str]) -> str:
        del session
        names = self._names(("show", "interfaces", "status"), arguments)
        unknown = [name for name in names if name not in self.device.interfaces]
        if unknown:
            return f"Invalid interface name {unknown[0]}"
        return render.interface_status(self.catalog, self.device, names)

    def _show_fec(self, session: Session, arguments: list[str]) -> str:
        del session
        names = self._names(("show", "interfaces", "fec", "status"), arguments)
        names = [name for name in names if name in self.device.interfaces]
        return render.fec_status(self.catalog, self.device, names)

    def _show_breakout_current(self, session: Session, arguments: list[str]) -> str:
        del session
        parents = arguments[:1] or sorted(self.device.breakouts, key=natural_key)
        return render.breakout_current(self.catalog, self.device, parents)

    def _show_breakout(self, session: Session, arguments: list[str]) -> str:
        del session
        path = ("show", "interfaces", "breakout")
        parents = sorted(self.device.breakouts, key=natural_key)
        if arguments:
            if arguments[0] not in {"-i", "--interface"} or len(arguments) < 2:
                raise click_error(path, f'No such command "{arguments[0]}".')
            name = arguments[1]
            if name not in self.device.interfaces and name not in self.device.breakouts:
                raise click_error(path, f"Invalid interface name {name}")
            if name not in self.device.breakouts:
                raise click_error(
                    path, f"Breakout information is not available for interface {name}"
                )
            parents = [name]
        return render.breakout_details(self.catalog, self.device, parents)

    def _show_version(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        return render.version(self.device)

    def _show_platform(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        return (
            f"Platform: {render.platform_strings(self.device)[0]}\n"
            f"HwSKU: {render.platform_strings(self.device)[1]}\nASIC: mellanox\n"
            f"ASIC Count: 1\nSerial Number: {self.device.serial}\nModel Number: MSN4700-WS2FO\n"
            "Hardware Revision: A1\n"
        )

    def _show_lldp(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        descriptions: dict[tuple[str, str], str] = {}
        for other in self.runtime.lab.devices.values():
            for name, config in other.interfaces.items():
                descriptions[(other.hostname, name)] = config.description
        return render.lldp_table(self.device, descriptions)

    def _show_running(self, session: Session, arguments: list[str]) -> str:
        del session, arguments
        return render.running_config(self.catalog, self.device)

    # --- config --------------------------------------------------------------------------------

    def _begin(
        self,
        session: Session,
        path: tuple[str, ...],
        arguments: list[str],
        count: int,
        most: int | None = None,
    ) -> list[str]:
        """Root check, reject knob, and the positional arguments a config command needs."""
        if not session.context.get("root"):
            message = "Root privileges are required for this operation"
            raise CommandError(message)
        line = " ".join((*path, *arguments))
        if self.rejected(line):
            raise click_error(path, "Invalid ConfigDB. Error: the change failed YANG validation")
        positional = [a for a in arguments if not a.startswith("-") or a.lstrip("-").isdigit()]
        options = [a for a in arguments if a not in positional]
        for option in options:
            if option not in {"-v", "--verbose"}:
                raise click_error(path, f"no such option: {option}")
        metavars = USAGE[path].split()[1:]
        if len(positional) < count:
            raise click_error(path, f'Missing argument "{metavars[len(positional)]}".')
        most = count if most is None else most
        if len(positional) > most:
            raise click_error(path, f"Got unexpected extra argument ({positional[most]})")
        return positional

    def _targets(self, path: tuple[str, ...], name: str) -> list[str]:
        names = [part for part in name.split(",") if part]
        for part in names:
            if part not in self.device.interfaces:
                raise click_error(path, INVALID_NAME)
        return names

    def _config_fec(self, session: Session, arguments: list[str]) -> str:
        path = ("config", "interface", "fec")
        name, word = self._begin(session, path, arguments, 2)
        words = self.fec_keywords()
        if word not in words:
            raise click_error(path, f"'fec not in {words}!")
        (target,) = self._targets(path, name)
        self.device.interfaces[target].fec = None if word == "auto" else self._fec(target, word)
        self.runtime.changed()
        return ""

    def fec_keywords(self) -> list[str]:
        """The words ``config interface fec`` takes (catalogue), in their order."""
        platform = self.catalog.platforms[self.platform]
        other = platform.other_keywords.fec if platform.other_keywords else ()
        words = [kw.keyword for kw in platform.fec.values() if kw.keyword]
        return list(dict.fromkeys([*words, *other]))

    def _fec(self, interface: str, word: str) -> Fec | None:
        """The intent FEC a keyword sets; ``rs`` means RS-544 or RS-528, as the optic needs."""
        module = render.module_of(self.device, interface)
        optic = self.catalog.optic(module.optic) if module else None
        return self.catalog.fec_for_keyword(self.platform, word, optic=optic, modulation="PAM4")

    def _config_speed(self, session: Session, arguments: list[str]) -> str:
        path = ("config", "interface", "speed")
        name, speed = self._begin(session, path, arguments, 2)
        (target,) = self._targets(path, name)
        located = self.device.parent_of(target)
        mode = self.device.breakouts[located[0]] if located else Breakout.NONE
        allowed = render.mode_speeds(
            render.mode_keyword(self.catalog, mode, self.device.model.name)
        )
        valid = [render.speed_mbps(s) for s in allowed]
        if speed not in valid:
            return f"Invalid speed specified: {speed}\nValid speeds:{','.join(valid)}"
        self.device.interfaces[target].speed = f"{int(speed) // 1000}G"
        self.runtime.changed()
        return ""

    def _admin(
        self, session: Session, arguments: list[str], path: tuple[str, ...], *, up: bool
    ) -> str:
        (name,) = self._begin(session, path, arguments, 1)
        for target in self._targets(path, name):
            self.device.interfaces[target].admin_up = up
        self.runtime.changed()
        return ""

    def _config_startup(self, session: Session, arguments: list[str]) -> str:
        return self._admin(session, arguments, ("config", "interface", "startup"), up=True)

    def _config_shutdown(self, session: Session, arguments: list[str]) -> str:
        return self._admin(session, arguments, ("config", "interface", "shutdown"), up=False)

    def _config_description(self, session: Session, arguments: list[str]) -> str:
        path = ("config", "interface", "description")
        name, text = self._begin(session, path, arguments, 2)
        (target,) = self._targets(path, name)
        self.device.interfaces[target].description = text
        self.runtime.changed()
        return ""

    def _config_breakout(self, session: Session, arguments: list[str]) -> str:
        """DPB as sonic-utilities prints it; the children replace the parent at once."""
        path = ("config", "interface", "breakout")
        flags, positional = _breakout_options(path, arguments)
        name, target_word = self._begin(session, path, positional, 2)
        if name not in self.device.interfaces and name not in self.device.breakouts:
            raise click_error(path, INVALID_NAME)
        if "yes" not in flags:
            return "Do you want to Breakout the port, continue? [y/N]: \nAborted!"
        return self._breakout_to(name, target_word)

    def _breakout_to(self, name: str, target_word: str) -> str:
        if name not in self.device.breakouts:
            return (
                f"[ERROR] {name} is not a Parent port. So, Breakout Mode is not available on "
                "this port\nAborted!"
            )
        cage = self.device.cage(name)
        modes = {
            render.mode_keyword(self.catalog, mode, self.device.model.name): mode
            for mode in (cage.range.breakouts if cage else ())
        }
        target = modes.get(target_word)
        if target is None:
            return (
                f"[ERROR] Target mode {target_word} is not available for the port {name}\nAborted!"
            )
        current = self.device.breakouts[name]
        if target is current:
            return (
                "[WARNING] No action will be taken as current and desired Breakout Mode are same."
            )
        return self._apply_breakout(name, current, target)

    def _apply_breakout(self, parent: str, current: Breakout, target: Breakout) -> str:
        deleted = {
            n: render.speed_mbps(render.speed_of(self.device, n))
            for n in self.device.children(parent)
        }
        self.device.set_breakout(parent, target)
        leg_speed = "400G" if target is Breakout.NONE else target.value.split("x", 1)[1]
        for child in self.device.children(parent):
            self.device.interfaces[child].speed = leg_speed
        added = {n: render.speed_mbps(leg_speed) for n in self.device.children(parent)}
        self.runtime.changed()
        old = render.mode_keyword(self.catalog, current, self.device.model.name)
        new = render.mode_keyword(self.catalog, target, self.device.model.name)
        deleted_json, added_json = json.dumps(deleted, indent=4), json.dumps(added, indent=4)
        return (
            f"\nRunning Breakout Mode : {old} \nTarget Breakout Mode : {new}\n"
            f"\nPorts to be deleted : \n {deleted_json}\nPorts to be added : \n {added_json}\n"
            "\nAfter running Logic to limit the impact\n"
            f"\nFinal list of ports to be deleted : \n {deleted_json} \n"
            f"Final list of ports to be added :  \n {added_json}\n"
            "Breakout process got successfully completed.\n"
            "Please note loaded setting will be lost after system reboot. To preserve setting, "
            "run `config save`."
        )

    def _config_save(self, session: Session, arguments: list[str]) -> str:
        path = ("config", "save")
        yes = any(a in {"-y", "--yes"} for a in arguments)
        files = self._begin(session, path, [a for a in arguments if a not in {"-y", "--yes"}], 0, 1)
        if not yes:
            return "Existing files will be overwritten, continue? [y/N]: \nAborted!"
        target = files[0] if files else STARTUP_FILE
        if files:
            self.device.checkpoints[_file_key(target)] = self.device.snapshot()
        else:
            self.device.startup = self.device.snapshot()
        return f"Running command: /usr/local/bin/sonic-cfggen -d --print-data > {target}"

    def _config_reload(self, session: Session, arguments: list[str]) -> str:
        path = ("config", "reload")
        yes = any(a in {"-y", "--yes"} for a in arguments)
        files = self._begin(session, path, [a for a in arguments if a not in {"-y", "--yes"}], 0, 1)
        if not yes:
            return (
                "Clear current config and reload config in config_db format from the default "
                "config file(s) ? [y/N]: \nAborted!"
            )
        if files:
            snapshot = self.device.checkpoints.get(_file_key(files[0]))
            if snapshot is None:
                raise click_error(path, f"The config file {files[0]} doesn't exist")
            self.device.restore(snapshot)
        elif self.device.startup is not None:
            self.device.restore(self.device.startup)
        self.runtime.changed()
        return RELOAD_OUTPUT.replace(STARTUP_FILE, files[0]) if files else RELOAD_OUTPUT

    def _systemd_run(self, session: Session, arguments: list[str]) -> str:
        """``systemd-run --on-active=SEC --unit=NAME COMMAND...``: a transient timer (root only)."""
        if not session.context.get("root"):
            msg = "Failed to start transient timer unit: Interactive authentication required."
            raise CommandError(msg)
        options: dict[str, str] = {}
        position = 0
        while position < len(arguments) and arguments[position].startswith("--"):
            name, equals, value = arguments[position].partition("=")
            if not equals and name in {"--unit", "--on-active"} and position + 1 < len(arguments):
                position += 1
                value = arguments[position]
            options[name] = value
            position += 1
        command = arguments[position:]
        seconds = _seconds(options.get("--on-active", ""))
        unit = options.get("--unit", "").removesuffix(".service").removesuffix(".timer")
        if seconds is None or not unit or not command:
            msg = "systemd-run: the lab takes --on-active=SECONDS --unit=NAME COMMAND [ARGS...]"
            raise CommandError(msg)
        if unit in self.timers:
            msg = (
                f"Failed to start transient timer unit: Unit {unit}.timer was already loaded "
                "or has a fragment file."
            )
            raise CommandError(msg)
        line = shlex.join([command[0].rsplit("/", 1)[-1], *command[1:]])

        def elapse() -> None:
            self.timers.pop(unit, None)
            root = Session(device=self.device, user="root", modes=["exec", ROOT])
            self.handle(root, line)

        self.timers[unit] = self.schedule(seconds, elapse)
        return f"Running timer as unit: {unit}.timer\nWill run service as unit: {unit}.service"

    def _systemctl(self, session: Session, arguments: list[str]) -> str:
        """``systemctl stop NAME.timer`` (root) and ``systemctl is-active NAME.timer``."""
        if len(arguments) != 2 or arguments[0] not in {"stop", "is-active"}:
            msg = "systemctl: the lab takes stop or is-active and one timer unit"
            raise CommandError(msg)
        verb, unit = arguments[0], arguments[1].removesuffix(".timer")
        if verb == "is-active":
            return "active" if unit in self.timers else "inactive"
        if not session.context.get("root"):
            msg = f"Failed to stop {unit}.timer: Interactive authentication required."
            raise CommandError(msg)
        if unit not in self.timers:
            msg = f"Failed to stop {unit}.timer: Unit {unit}.timer not loaded."
            raise CommandError(msg)
        handle = self.timers.pop(unit)
        if handle is not None:
            handle.cancel()
        return ""

    def _rm(self, session: Session, arguments: list[str]) -> str:
        """``rm [-f] FILE...`` of files ``config save FILE`` wrote (root only, as in /etc/sonic)."""
        force = "-f" in arguments
        for name in (a for a in arguments if not a.startswith("-")):
            if not session.context.get("root"):
                msg = f"rm: cannot remove '{name}': Permission denied"
                raise CommandError(msg)
            if self.device.checkpoints.pop(_file_key(name), None) is None and not force:
                msg = f"rm: cannot remove '{name}': No such file or directory"
                raise CommandError(msg)
        return ""


def _file_key(path: str) -> str:
    """The key of a saved file among the device's checkpoints."""
    return "file:" + path


def _seconds(value: str) -> float | None:
    """A systemd time span of seconds (``30``, ``30s``, ``30sec``); None when it is not one."""
    number = value.removesuffix("sec").removesuffix("s")
    return float(number) if number.isdigit() else None


def _breakout_options(path: tuple[str, ...], arguments: list[str]) -> tuple[set[str], list[str]]:
    """Flags (force, load, yes, verbose; combinable as ``-yfl``) and positional arguments."""
    flags: set[str] = set()
    positional: list[str] = []
    for argument in arguments:
        if argument.startswith("--"):
            if argument not in BREAKOUT_FLAGS:
                raise click_error(path, f"no such option: {argument}")
            flags.add(BREAKOUT_FLAGS[argument])
        elif argument.startswith("-"):
            for letter in argument[1:]:
                if f"-{letter}" not in BREAKOUT_FLAGS:
                    raise click_error(path, f"no such option: -{letter}")
                flags.add(BREAKOUT_FLAGS[f"-{letter}"])
        else:
            positional.append(argument)
    return flags, positional


def _grep(output: str, pipe: str) -> str:
    """``| grep [-i] [-v] [-w] [-E] PATTERN`` over an output; other filters pass it through."""
    try:
        words = shlex.split(pipe)
    except ValueError:
        return output
    if not words or words[0] not in {"grep", "egrep"}:
        return output
    flags = {w for w in words[1:] if w.startswith("-")}
    pattern = next((w for w in words[1:] if not w.startswith("-")), "")
    letters = {letter for flag in flags for letter in flag[1:]}
    regex = re.compile(
        rf"\b{pattern}\b" if "w" in letters else pattern,
        re.IGNORECASE if "i" in letters else 0,
    )
    keep = "v" not in letters
    return "".join(
        line for line in output.splitlines(keepends=True) if bool(regex.search(line)) is keep
    )
